package repro

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/plot"
	"github.com/stackel/stackel/rl/agent"
)

// mujocoEnvs are the locomotion tasks of Zheng et al.'s Fig. 3 comparisons
// (the paper names Hopper and Walker2d; the authors' code defaults to
// HalfCheetah), in Gymnasium v4's versions, Hopper and HalfCheetah first (the
// two a short budget measures). They need a binary built with
// -tags mujoco.
var mujocoEnvs = []string{"Hopper-v4", "HalfCheetah-v4", "Walker2d-v4", "Ant-v4"}

// rlSuite is a comparison of variants run on several environments: the
// jobs of one rlRepro per environment in OUT/<env>/ (its own table, curves
// and figure), then one figure with a panel per environment (Fig. 3's
// layout) and report.md gathering the tables.
type rlSuite struct {
	Name, Title string
	Envs        []string
	Seeds       int
	// Variants have RL.Env empty; the suite sets it per environment.
	Variants []rlVariant
	Quick    func(experiment.RLConfig) experiment.RLConfig
}

var (
	stddpgMuJoCo = rlSuite{
		Name: "stddpg-mujoco", Title: "STDDPG vs DDPG", Envs: mujocoEnvs, Seeds: 5,
		Variants: []rlVariant{
			{"STDDPG-AL", "stddpg-al", experiment.RLConfig{Algo: "stddpg", Leader: "actor"}},
			{"STDDPG-CL", "stddpg-cl", experiment.RLConfig{Algo: "stddpg", Leader: "critic"}},
			{"DDPG", "ddpg", experiment.RLConfig{Algo: "ddpg"}},
		},
		Quick: quickOffPolicy,
	}
	stsacMuJoCo = rlSuite{
		Name: "stsac-mujoco", Title: "STSAC vs SAC", Envs: mujocoEnvs, Seeds: 5,
		Variants: []rlVariant{
			{"STSAC-AL", "stsac-al", experiment.RLConfig{Algo: "stsac", Leader: "actor"}},
			{"STSAC-CL", "stsac-cl", experiment.RLConfig{Algo: "stsac", Leader: "critic"}},
			{"SAC", "sac", experiment.RLConfig{Algo: "sac"}},
		},
		Quick: quickOffPolicy,
	}
	stacMuJoCo = rlSuite{
		Name: "stac-mujoco", Title: "STAC vs AC", Envs: mujocoEnvs, Seeds: 5,
		Variants: []rlVariant{
			{"STAC (m = 1)", "stac-m1", experiment.RLConfig{Algo: "stac", Unroll: 1}},
			{"STAC (m = 80)", "stac-m80", experiment.RLConfig{Algo: "stac", Unroll: 80}},
			{"AC (m = 80)", "ac-m80", experiment.RLConfig{Algo: "ac", Unroll: 80}},
		},
		Quick: quickOnPolicy,
	}
)

func init() {
	for _, s := range []rlSuite{stddpgMuJoCo, stsacMuJoCo, stacMuJoCo} {
		Register(Reproduction{
			Name:          s.Name,
			Description:   suiteDescription(s),
			Jobs:          func(opt Options) ([]experiment.Job, error) { return suiteJobs(opt, s) },
			Report:        func(_ context.Context, opt Options, jobs []experiment.Job) error { return reportSuite(opt, s, jobs) },
			Variants:      rlSuiteSlugs(s),
			Envs:          s.Envs,
			Resumable:     true,
			QuickSettings: s.quickSettings,
		})
	}
}

// suiteDescription is the one-line description `stackel reproduce --list`
// prints for s. It names the statistic the suite's curves, thresholds and
// tests use: the deterministic test return for the off-policy algorithms,
// the average training return of each 4000-step batch for AC and STAC
// (Appendix E's measure for them; experiment.ThresholdFor).
func suiteDescription(s rlSuite) string {
	curves := "test-return curves over seeds"
	if agent.Algo(s.Variants[0].RL.Algo).OnPolicy() {
		curves = "average-return curves over seeds (the training batches' mean episode return, Appendix E's measure for AC and STAC)"
	}
	return fmt.Sprintf("Zheng et al. Fig. 3 on MuJoCo (needs -tags mujoco): %s on %s, 1M steps per run (--steps N to shorten), "+
		"%s, one panel per task, final and over-the-run returns", s.Title, strings.Join(s.Envs, ", "), curves)
}

func rlSuiteSlugs(s rlSuite) []string {
	var out []string
	for _, v := range s.Variants {
		out = append(out, v.Slug)
	}
	return out
}

// forEnv returns the suite's comparison on one environment.
func (s rlSuite) forEnv(envName string) rlRepro {
	r := rlRepro{Name: s.Name, Title: envName + ": " + s.Title, Env: envName, Seeds: s.Seeds, Quick: s.Quick}
	for _, v := range s.Variants {
		v.RL.Env = envName
		r.Variants = append(r.Variants, v)
	}
	return r
}

// selected returns the suite restricted to the tasks in envs (all of them
// when envs is empty), in the suite's own order.
func (s rlSuite) selected(envs []string) rlSuite {
	if len(envs) == 0 {
		return s
	}
	var keep []string
	for _, e := range s.Envs {
		if slices.Contains(envs, e) {
			keep = append(keep, e)
		}
	}
	s.Envs = keep
	return s
}

// suiteJobs lists the jobs of the comparison on every task, each writing
// into <task>/<variant>/seed<k>/, in seed-major order across tasks (seed 1
// of every variant on every task first), so that a reproduction stopped
// early has comparable runs on every task.
func suiteJobs(opt Options, s rlSuite) ([]experiment.Job, error) {
	s = s.selected(opt.Envs)
	perTask := make([][]experiment.Job, len(s.Envs))
	for i, e := range s.Envs {
		jobs, err := rlJobs(opt, s.forEnv(e))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e, err)
		}
		for k := range jobs {
			jobs[k].Out = filepath.Join(e, jobs[k].Out)
			jobs[k].Labels["env"] = e
		}
		perTask[i] = jobs
	}
	// Each task's list is seed-major with the same number of jobs per
	// seed (the selected variants).
	n := len(perTask[0])
	per := 0
	for _, j := range perTask[0] {
		if j.Labels["seed"] == perTask[0][0].Labels["seed"] {
			per++
		}
	}
	var all []experiment.Job
	for start := 0; start < n; start += per {
		for _, jobs := range perTask {
			all = append(all, jobs[start:start+per]...)
		}
	}
	return all, nil
}

// reportSuite writes each task's report (table, results.json, curves and
// figure in OUT/<task>/, as every RL comparison), then, on two tasks or
// more, the comparison across them (acrossTasks: report.md's last section
// and OUT/results.json), one figure with a panel per task (Fig. 3's
// layout) and OUT/report.md gathering the tables.
func reportSuite(opt Options, s rlSuite, jobs []experiment.Job) error {
	s = s.selected(opt.Envs)
	resetReport(opt.Out)
	for _, ext := range []string{".png", ".svg"} { // the panels of an earlier report
		os.Remove(filepath.Join(opt.Out, "learning_curves"+ext))
	}
	var panels []*gplot.Plot
	var tasks []taskSamples
	failedCarried := false // some task's curves carry a failed run (failedCurvesNote)
	var variants []rlVariant
	seeds := 0
	var report strings.Builder
	fmt.Fprintf(&report, "# %s on MuJoCo (Zheng et al. Fig. 3)\n\n", s.Title)
	// A --quick suite's task reports and figures say so too, as its own.
	note, quick := quickNoteIn(opt.Out)
	for _, e := range s.Envs {
		var mine []experiment.Job
		for _, j := range jobs {
			if j.Labels["env"] == e {
				j.Out = strings.TrimPrefix(j.Out, e+string(filepath.Separator))
				mine = append(mine, j)
			}
		}
		sub := opt
		sub.Out = filepath.Join(opt.Out, e)
		if err := os.MkdirAll(sub.Out, 0o755); err != nil {
			return err
		}
		if quick {
			quickDirs.Store(filepath.Clean(sub.Out), note)
		}
		err := reportRL(sub, s.forEnv(e), mine)
		quickDirs.Delete(filepath.Clean(sub.Out))
		if err != nil {
			return fmt.Errorf("%s: %w", e, err)
		}
		// The task's results.json says what made its runs, as the
		// suite's does (Reproduction.report) for all of them.
		if err := addProvenance(sub.Out, experiment.JobProvenance(sub.Out, mine)); err != nil {
			return fmt.Errorf("%s: %w", e, err)
		}
		if err := finishReport(sub.Out); err != nil { // the task's report is whole
			return err
		}
		md, err := safeyaml.ReadOwnFile(filepath.Join(sub.Out, "report.md"))
		if err != nil {
			return err
		}
		if quick {
			markQuickReport(sub.Out, nil, note)
			// Said once, at the top of the suite's report.
			md = bytes.TrimPrefix(md, []byte(note))
		}
		if variants, seeds, err = rlPlan(sub, s.forEnv(e)); err != nil {
			return err
		}
		ts, err := readTaskSamples(filepath.Join(sub.Out, "results.json"), e, variants)
		if err != nil {
			return err
		}
		tasks = append(tasks, ts)
		// A task's failed runs carried in its curves (failedCurvesNote),
		// which the figure's line says.
		failedCarried = failedCarried || bytes.Contains(md, []byte(failedCurveMark))
		fmt.Fprintf(&report, "## %s\n\n%s\n", e, md)
		title := e
		if quick {
			title += " (quick run)"
		}
		var runs []int // each variant's finished runs on the task
		for _, f := range ts.Final {
			if len(f) > 0 {
				runs = append(runs, len(f))
			}
		}
		p, err := panelFromCurves(filepath.Join(sub.Out, "curves.csv"), title, stepsAxisLabel(runs), curveLabel(ts.Metric), s.Variants)
		if err != nil {
			return fmt.Errorf("%s: %w", e, err)
		}
		if p != nil {
			panels = append(panels, p)
		}
	}
	if len(tasks) > 1 && len(variants) > 1 {
		md, results, err := acrossTasks(variants, tasks)
		if err != nil {
			return err
		}
		fmt.Fprintf(&report, "## Across tasks\n\n%s\n", md)
		if opt.Log != nil { // printed as the tasks' tables are (Table.Write)
			fmt.Fprintln(opt.Log, md)
		}
		if err := experiment.WriteJSON(opt.Out, "results.json", results); err != nil {
			return err
		}
	}
	if len(panels) > 0 {
		// MeanBand's band of one run has no width: no band unless some
		// variant finished more than one run on some task (the finished
		// runs, as the tasks' curves' notes count them).
		mostFinished := 0
		for _, ts := range tasks {
			for _, f := range ts.Final {
				mostFinished = max(mostFinished, len(f))
			}
		}
		band := "mean ± one standard deviation over seeds of the %s"
		switch {
		case seeds == 1:
			band = "each variant's one run of the %s; one seed, no band"
		case mostFinished <= 1:
			band = "each variant's one finished run of the %s; no band"
		}
		if failedCarried {
			band += "; a run that failed is carried at its last value to the end of its task's curves: the task's \"" + strings.TrimSuffix(failedCurveMark, ": ") + "\" note names it"
		}
		fmt.Fprintf(&report, "Figure: learning_curves.png/svg, one panel per task ("+band+").\n", curveLabel(tasks[0].Metric))
		// Two panels a row (Fig. 3's 2 × 2 for the four tasks), each
		// 5.5 × 4 inches, so that --envs with one or two tasks gives no
		// empty cells.
		cols := min(2, len(panels))
		rows := (len(panels) + cols - 1) / cols
		if _, err := plot.SavePanels(panels, cols, filepath.Join(opt.Out, "learning_curves"), plot.Size{Width: 5.5 * float64(cols), Height: 4 * float64(rows)}); err != nil {
			return err
		}
	}
	text := report.String()
	if quick {
		text = note + text
	}
	// Atomic: never a cut report; still incomplete (resetReport) until
	// Execute has appended its last part (finishReport).
	return experiment.WriteFile(opt.Out, "report.md", []byte(reportIncomplete+text))
}

// curveLabel names the curves of a task whose report's metric is metric:
// "test return" for the test return of a deterministic or mean policy
// (DDPG, SAC and their Stackelberg variants), the metric itself otherwise
// (AC and STAC's "average return", of the training episodes, Appendix E's
// measure).
func curveLabel(metric string) string {
	if strings.HasPrefix(metric, "test return") {
		return "test return"
	}
	return metric
}

// panelFromCurves draws one task's panel, its axes named xlabel and ylabel, from
// the curves.csv its comparison wrote (steps, then <slug>_mean, _lo, _hi
// per variant); nil when no run has finished (no curves.csv).
func panelFromCurves(path, title, xlabel, ylabel string, variants []rlVariant) (*gplot.Plot, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) < 2 {
		return nil, nil
	}
	col := map[string][]float64{}
	for j, h := range rows[0] {
		for _, row := range rows[1:] {
			v, err := strconv.ParseFloat(row[j], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: column %s: %w", path, h, err)
			}
			col[h] = append(col[h], v)
		}
	}
	var series []plot.Series
	for _, v := range variants {
		if m, ok := col[v.Slug+"_mean"]; ok {
			series = append(series, styled(plot.Series{Name: v.Label, X: col["steps"], Y: m, Lo: col[v.Slug+"_lo"], Hi: col[v.Slug+"_hi"]}))
		}
	}
	if len(series) == 0 {
		return nil, nil
	}
	return plot.Lines(plot.LinesFigure{
		Frame:  plot.Frame{Title: title, XLabel: xlabel, XIntegers: true, YLabel: ylabel, Legend: plot.BottomRight},
		Series: series,
	})
}

// quickSettings says what --quick changes in a reproduction of s with
// options opt: the seeds (unless --seeds), then, for the tasks --envs
// selects (all of them without it), every setting in which a selected
// variant's quick run differs from its full run (rlQuickDiffs), compared
// on each task: "on every task (Hopper-v4, …): …" when the differences
// are the same on each, and otherwise one part per group of tasks with
// the same differences, in the suite's order ("on Hopper-v4 and
// Ant-v4: …; on Walker2d-v4: …"); "on Hopper-v4: …" for one task.
func (s rlSuite) quickSettings(opt Options) string {
	s = s.selected(opt.Envs)
	seeds := quickSeeds(opt, s.Seeds, 2)
	if len(s.Envs) == 0 || s.Quick == nil {
		return seeds
	}
	type group struct {
		envs  []string
		diffs string
	}
	var groups []*group
	for _, e := range s.Envs {
		diffs := strings.Join(rlQuickDiffs(opt, s.forEnv(e)), ", ")
		i := slices.IndexFunc(groups, func(g *group) bool { return g.diffs == diffs })
		if i < 0 {
			groups = append(groups, &group{diffs: diffs})
			i = len(groups) - 1
		}
		groups[i].envs = append(groups[i].envs, e)
	}
	parts := []string{}
	if seeds != "" {
		parts = append(parts, seeds)
	}
	if len(groups) == 1 {
		switch g := groups[0]; {
		case g.diffs == "": // nothing but the seeds
		case len(g.envs) > 1:
			parts = append(parts, "on every task ("+strings.Join(g.envs, ", ")+"): "+g.diffs)
		default:
			parts = append(parts, "on "+g.envs[0]+": "+g.diffs)
		}
		return strings.Join(parts, "; ")
	}
	for _, g := range groups {
		diffs := g.diffs
		if diffs == "" {
			diffs = "the full runs' settings"
		}
		parts = append(parts, "on "+andList(g.envs)+": "+diffs)
	}
	return strings.Join(parts, "; ")
}

// andList writes names as "A", "A and B", "A, B and C".
func andList(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
