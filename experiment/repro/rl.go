package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/stackel/stackel/rl/env"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/plot"
	"github.com/stackel/stackel/rl/agent"
)

func init() {
	Register(Reproduction{
		Name: "stac-cartpole",
		Description: "Zheng et al. Fig. 3(a): STAC (critic unrolled m = 1 and m = 80) vs AC (m = 80) on CartPole-v1, " +
			"300k steps, learning curves over seeds and steps to average return 475",
		Jobs: func(opt Options) ([]experiment.Job, error) { return rlJobs(opt, stacCartPole) },
		Report: func(_ context.Context, opt Options, jobs []experiment.Job) error {
			return reportRL(opt, stacCartPole, jobs)
		},
		Variants:      stacCartPole.slugs(),
		Resumable:     true,
		QuickSettings: func(opt Options) string { return rlQuickSettings(opt, stacCartPole) },
	})
	Register(Reproduction{
		Name: "stddpg-pendulum",
		Description: "Zheng et al. Fig. 3(e–h)'s comparison on Pendulum-v1 (not a task of the paper): STDDPG with the actor leading (AL) and the critic leading (CL) vs DDPG, " +
			"50k steps, test-return curves over seeds and steps to test return −200",
		Jobs: func(opt Options) ([]experiment.Job, error) { return rlJobs(opt, stddpgPendulum) },
		Report: func(_ context.Context, opt Options, jobs []experiment.Job) error {
			return reportRL(opt, stddpgPendulum, jobs)
		},
		Variants:      stddpgPendulum.slugs(),
		Resumable:     true,
		QuickSettings: func(opt Options) string { return rlQuickSettings(opt, stddpgPendulum) },
	})
	Register(Reproduction{
		Name: "stsac-pendulum",
		Description: "Zheng et al. Fig. 3(i–l)'s comparison on Pendulum-v1 (not a task of the paper): STSAC-AL and STSAC-CL vs SAC, " +
			"50k steps, test-return curves over seeds and steps to test return −200",
		Jobs: func(opt Options) ([]experiment.Job, error) { return rlJobs(opt, stsacPendulum) },
		Report: func(_ context.Context, opt Options, jobs []experiment.Job) error {
			return reportRL(opt, stsacPendulum, jobs)
		},
		Variants:      stsacPendulum.slugs(),
		Resumable:     true,
		QuickSettings: func(opt Options) string { return rlQuickSettings(opt, stsacPendulum) },
	})
}

// rlVariant is one curve of a reproduction: a label and the rl section of
// its runs.
type rlVariant struct {
	Label string
	Slug  string
	RL    experiment.RLConfig
}

// rlRepro describes a reproduction comparing Stackelberg and plain
// versions of an algorithm on one task.
type rlRepro struct {
	Name, Title string
	Env         string
	Seeds       int
	Variants    []rlVariant
	// Quick shortens a variant's run for smoke tests.
	Quick func(experiment.RLConfig) experiment.RLConfig
	// FromAuthors names the settings the paper does not state that r
	// takes from the authors' public code instead of choosing them
	// (issue 16): authorsTask (Env), and the rl.options keys actor_lr and
	// critic_lr, for the variants that set them. The report's note
	// (paperSettingsNote) gives them apart from r's own settings.
	FromAuthors []string
}

var stacCartPole = rlRepro{
	Name: "stac-cartpole", Title: "CartPole-v1: STAC vs AC", Env: "CartPole-v1", Seeds: 5,
	Variants: []rlVariant{
		{"STAC (m = 1)", "stac-m1", experiment.RLConfig{Env: "CartPole-v1", Algo: "stac", Unroll: 1}},
		{"STAC (m = 80)", "stac-m80", experiment.RLConfig{Env: "CartPole-v1", Algo: "stac", Unroll: 80}},
		{"AC (m = 80)", "ac-m80", experiment.RLConfig{Env: "CartPole-v1", Algo: "ac", Unroll: 80}},
	},
	Quick: quickOnPolicy,
}

var stddpgPendulum = rlRepro{
	Name: "stddpg-pendulum", Title: "Pendulum-v1: STDDPG vs DDPG", Env: "Pendulum-v1", Seeds: 5,
	Variants: []rlVariant{
		{"STDDPG-AL", "stddpg-al", experiment.RLConfig{Env: "Pendulum-v1", Algo: "stddpg", Leader: "actor"}},
		{"STDDPG-CL", "stddpg-cl", experiment.RLConfig{Env: "Pendulum-v1", Algo: "stddpg", Leader: "critic"}},
		{"DDPG", "ddpg", experiment.RLConfig{Env: "Pendulum-v1", Algo: "ddpg"}},
	},
	Quick: quickOffPolicy,
}

var stsacPendulum = rlRepro{
	Name: "stsac-pendulum", Title: "Pendulum-v1: STSAC vs SAC", Env: "Pendulum-v1", Seeds: 5,
	Variants: []rlVariant{
		{"STSAC-AL", "stsac-al", experiment.RLConfig{Env: "Pendulum-v1", Algo: "stsac", Leader: "actor"}},
		{"STSAC-CL", "stsac-cl", experiment.RLConfig{Env: "Pendulum-v1", Algo: "stsac", Leader: "critic"}},
		{"SAC", "sac", experiment.RLConfig{Env: "Pendulum-v1", Algo: "sac"}},
	},
	Quick: quickOffPolicy,
}

// slugs names the variants, as --variants selects them.
func (r rlRepro) slugs() []string {
	var s []string
	for _, v := range r.Variants {
		s = append(s, v.Slug)
	}
	return s
}

// quickOnPolicy: 2 epochs of 500 steps, 16×16 networks, 5 critic
// iterations, 3 CG iterations.
func quickOnPolicy(c experiment.RLConfig) experiment.RLConfig {
	c.Steps, c.StepsPerEpoch, c.Hidden = 1000, 500, []int{16, 16}
	c.Unroll = min(c.Unroll, 5)
	if agent.Algo(c.Algo).Stackelberg() { // the plain algorithms refuse an rl.cg section
		// λ = 0 written out, whatever the task's default (500 on
		// continuous actions: the quick note says so, rlQuickDiffs), so
		// that the quick STAC jobs keep their IDs and their runs.
		c.CG = &experiment.RLCGConfig{Iters: 3, Lambda: new(0.0)}
	}
	c.Extra = map[string]any{"test_episodes": 2, "lanczos_iters": 3}
	return c
}

// quickOffPolicy: 2 epochs of 300 steps, 16×16 networks, updates from step
// 200 in bursts of 50 on mini-batches of 32, 3 CG iterations.
func quickOffPolicy(c experiment.RLConfig) experiment.RLConfig {
	c.Steps, c.StepsPerEpoch, c.Hidden = 600, 300, []int{16, 16}
	if agent.Algo(c.Algo).Stackelberg() {
		c.CG = &experiment.RLCGConfig{Iters: 3, Lambda: new(500.0)}
	}
	c.Extra = map[string]any{"start_steps": 200, "update_after": 200, "update_every": 50, "batch_size": 32,
		"test_episodes": 2, "lanczos_iters": 3}
	return c
}

// rlRun is the outcome of one (variant, seed) run.
type rlRun struct {
	curve   []float64 // the thresholded metric after each epoch
	steps   []float64
	summary experiment.RLSummary
	failed  error // the run stopped with this error (e.g. a non-finite loss)
	// missing and partial (report-only mode): the run has no epoch on disk,
	// or fewer steps than configured.
	missing, partial bool
	// started: a missing run that has begun (its metrics.csv, or a job.json
	// saying it runs, is on disk) but recorded no epoch yet, which the
	// report calls unfinished, not "not run".
	started bool
}

// complete reports that the run trained all its steps or failed (a failed
// run's curve keeps its last value, which the paper-style mean includes).
func (r rlRun) complete() bool { return !r.missing && !r.partial }

// rlReproduction returns the jobs and the report of the comparison r.
func rlReproduction(r rlRepro) Reproduction {
	return Reproduction{
		Name:      r.Name,
		Jobs:      func(opt Options) ([]experiment.Job, error) { return rlJobs(opt, r) },
		Report:    func(_ context.Context, opt Options, jobs []experiment.Job) error { return reportRL(opt, r, jobs) },
		Variants:  r.slugs(),
		Resumable: true,
	}
}

// rlPlan returns the variants (shortened with --quick, selected with
// --variants) and the number of seeds a reproduction of r runs.
func rlPlan(opt Options, r rlRepro) ([]rlVariant, int, error) {
	seeds := r.Seeds
	if opt.Seeds > 0 {
		seeds = opt.Seeds
	} else if opt.Quick {
		seeds = 2
	}
	variants := r.Variants
	if opt.Quick {
		variants = make([]rlVariant, len(r.Variants))
		for i, v := range r.Variants {
			variants[i] = v
			variants[i].RL = r.Quick(v.RL)
		}
	}
	if opt.Steps > 0 {
		v2 := make([]rlVariant, len(variants))
		for i, v := range variants {
			v2[i] = v
			v2[i].RL.Steps = opt.Steps
		}
		variants = v2
	}
	if len(opt.Variants) > 0 {
		var kept []rlVariant
		for _, v := range variants {
			if slices.Contains(opt.Variants, v.Slug) {
				kept = append(kept, v)
			}
		}
		if len(kept) == 0 {
			return nil, 0, fmt.Errorf("none of the variants %v is one of %v", opt.Variants, r.slugs())
		}
		variants = kept
	}
	// Every run records its element type in its config (and so in its job
	// ID): float32 unless --dtype asks otherwise.
	if opt.DType != "" {
		if _, err := ad.ParseDType(opt.DType); err != nil {
			return nil, 0, fmt.Errorf("--dtype: %w", err)
		}
	}
	variants = slices.Clone(variants) // r.Variants is the registration's
	for i := range variants {
		switch {
		case opt.DType != "":
			variants[i].RL.DType = opt.DType
		case variants[i].RL.DType == "":
			variants[i].RL.DType = "float32"
		}
	}
	return variants, seeds, nil
}

// rlJobs lists the runs of r: every variant on seeds 1…n, each in
// <variant>/seed<k>/ (resumable from its checkpoint), in seed-major order
// (every variant's seed 1 first, so that a reproduction stopped early has
// comparable runs of all variants). The job's config is named
// <reproduction>-<variant>; --quick changes the config, hence the job's ID,
// so a quick run and a full one never share outputs.
func rlJobs(opt Options, r rlRepro) ([]experiment.Job, error) {
	variants, seeds, err := rlPlan(opt, r)
	if err != nil {
		return nil, err
	}
	var jobs []experiment.Job
	for s := 1; s <= seeds; s++ {
		for _, v := range variants {
			rc := v.RL
			cfg := &experiment.Config{Name: r.Name + "-" + v.Slug, RL: &rc} // a plain file name (experiment/limits.go)
			j, err := experiment.NewJob(cfg, uint64(s), filepath.Join(v.Slug, fmt.Sprintf("seed%d", s)))
			if err != nil {
				return nil, fmt.Errorf("%s seed %d: %w", v.Label, s, err)
			}
			j.Labels = map[string]string{"variant": v.Slug, "seed": strconv.Itoa(s)}
			jobs = append(jobs, j)
		}
	}
	return jobs, nil
}

// reportRL reads every run of r from OUT/<variant>/seed<k>/ (finished,
// failed, unfinished or missing) and writes the learning curves (mean and
// band over seeds, curves.csv and learning_curves.png/svg), the table of
// steps to the threshold and results.json.
func reportRL(opt Options, r rlRepro, jobs []experiment.Job) error {
	resetReport(opt.Out)
	resetCurves(opt.Out)
	variants, seeds, err := rlPlan(opt, r)
	if err != nil {
		return err
	}
	if len(jobs) != len(variants)*seeds {
		return fmt.Errorf("%d jobs for %d variants × %d seeds", len(jobs), len(variants), seeds)
	}
	cfg0, err := experiment.RLAgentConfig(variants[0].RL, 1)
	if err != nil {
		return err
	}
	th, hasTh := experiment.ThresholdFor(r.Env, cfg0.Algo)
	if !hasTh {
		th.Value = math.NaN() // the task has none (Walker2d-v4): no steps-to-threshold
	}
	metric := "average return"
	if th.OnTest {
		metric = "test return (deterministic policy)"
	}
	runs := make([][]rlRun, len(variants))
	for i := range runs {
		runs[i] = make([]rlRun, seeds)
	}
	for k, j := range jobs {
		vi, s := k%len(variants), k/len(variants)
		v := variants[vi]
		dir := filepath.Join(opt.Out, j.Out)
		// The check of a run recorded done reads its summary.json and
		// metrics.csv whole: the run is read from those bytes, each file
		// once (twice before, 165 reads of metrics.csv for the 84 runs
		// of the STAC MuJoCo suite).
		rec, _, read, err := experiment.JobStateRead(dir, j)
		if err != nil {
			return err
		}
		run, err := readRLRun(v.RL, uint64(s+1), dir, th, read)
		if err != nil {
			return fmt.Errorf("%s seed %d: %w", v.Label, s+1, err)
		}
		if run.failed == nil && rec.Status == experiment.JobFailed {
			// Failed before its first epoch (its task is not in this
			// binary, say), or after its summary.json was written:
			// job.json has the reason, and the run is reported failed,
			// as Execute's error says, not averaged as a finished one.
			msg := rec.Error
			if msg == "" {
				msg = "job.json records the run failed, without an error"
			}
			run.failed = errors.New(msg)
			run.partial = false
		}
		if run.missing && run.failed == nil && rec.Status == experiment.JobRunning {
			run.started = true // in (or interrupted in) its first epoch
		}
		// A run that failed (say, a non-finite loss) is reported as such
		// with what it recorded; its curve holds its last value.
		if !opt.ReportOnly && run.missing {
			if run.failed != nil {
				return fmt.Errorf("%s seed %d: %w", v.Label, s+1, run.failed)
			}
			return fmt.Errorf("%s seed %d: no epochs recorded", v.Label, s+1)
		}
		runs[vi][s] = run
	}
	return rlReport(opt, r, variants, runs, th, metric)
}

// readRunFile reads a run's metrics.csv or summary.json for readRLRun
// (a variable: tests count its reads).
var readRunFile = safeyaml.ReadOwnFile

// readRLRun reads what the run of rc with this seed has recorded in dir,
// without training: its curve and the summary its metrics rows give
// (steps to the threshold, final returns, throughput), marked missing when
// there is no epoch and partial when it has fewer steps than configured. A
// summary.json with an error marks it failed, unless the error is an
// interruption (experiment.Interrupted), after which the run resumes.
// read is what the check of a run recorded done read of its summary.json
// and metrics.csv (experiment.JobStateRead): when it read them, the run
// is read from those bytes, and readRunFile reads neither file again.
func readRLRun(rc experiment.RLConfig, seed uint64, dir string, th experiment.RLThreshold, read experiment.DoneRead) (rlRun, error) {
	cfg, err := experiment.RLAgentConfig(rc, seed)
	if err != nil {
		return rlRun{}, err
	}
	if err := checkRunConfig(dir, cfg); err != nil {
		return rlRun{}, err
	}
	metrics := filepath.Join(dir, experiment.MetricsFile)
	data := read.Metrics
	if !read.OK {
		data, err = readRunFile(metrics)
		if os.IsNotExist(err) {
			return rlRun{missing: true}, nil
		}
		if err != nil {
			return rlRun{}, err
		}
	}
	// A run still training may be mid-way through writing a row: only
	// complete lines count.
	data = data[:bytes.LastIndexByte(data, '\n')+1]
	header := strings.Split(strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0]), ",")
	var sum experiment.RLSummary
	sum.StepsToThreshold = -1
	_, hasTh := experiment.ThresholdFor(cfg.Env, cfg.Algo)
	for _, ln := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		st, err := experiment.ParseEpochStats(ln, header)
		if err != nil {
			return rlRun{}, fmt.Errorf("%s: %w", metrics, err)
		}
		sum.Record(st, th, hasTh)
		sum.Steps = st.Steps
	}
	steps, curve, err := parseCurve(metrics, data, th.OnTest)
	if err != nil {
		return rlRun{}, err
	}
	// A metrics.csv without an epoch row: the run has begun, in its first
	// epoch or interrupted there (missing and started).
	run := rlRun{curve: curve, steps: steps, summary: sum, missing: len(curve) == 0, started: len(curve) == 0}
	var recorded struct {
		Error       string `json:"error"`
		Interrupted bool   `json:"interrupted"`
	}
	// A run stopped by Ctrl-C or SIGTERM has not failed: it resumes from its
	// checkpoint (and may be running again now), so it counts as unfinished.
	// Summaries written before the "interrupted" field say it by their
	// error's ending.
	b, err := read.Summary, error(nil)
	if !read.OK {
		b, err = readRunFile(filepath.Join(dir, experiment.SummaryFile))
	}
	if err == nil && json.Unmarshal(b, &recorded) == nil && recorded.Error != "" &&
		!recorded.Interrupted && !experiment.Interrupted(errors.New(recorded.Error)) {
		run.failed = errors.New(recorded.Error)
	}
	run.partial = !run.missing && run.failed == nil && sum.Steps < cfg.Steps
	return run, nil
}

// checkRunConfig returns an error when dir holds the config.yaml of a run
// other than cfg's: another environment, algorithm, seed or setting, or not
// an RL run. The run of cfg shortened (a run that cfg lengthens) is cfg's.
// A run's directory without a job.json (files copied by hand, a
// `stackel run --out` into it) is not checked by experiment.JobState, and
// its metrics would otherwise be averaged as the seed's; a directory
// without config.yaml holds no run (every run writes it first).
func checkRunConfig(dir string, cfg agent.Config) error {
	path := filepath.Join(dir, experiment.ConfigFile)
	b, err := safeyaml.ReadOwnFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := experiment.ParseConfig(b)
	if err != nil {
		return fmt.Errorf("%s does not read (%v): its outputs cannot be taken for the run of %s seed %d", path, err, cfg.Env, cfg.Seed)
	}
	if c.RL == nil {
		return fmt.Errorf("%s holds a run that is not an RL run (%q), not the run of %s %s seed %d: use another output directory or remove it", path, c.Name, cfg.Algo, cfg.Env, cfg.Seed)
	}
	got, err := experiment.RLAgentConfig(*c.RL, c.Seed)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if !agent.SameConfig(got, cfg) && !agent.Extends(cfg, got) {
		return fmt.Errorf("%s holds another run (%s %s seed %d, %d steps) than this seed's (%s %s seed %d, %d steps): its outputs are not averaged as this seed's; use another output directory or remove it",
			path, got.Algo, got.Env, got.Seed, got.Steps, cfg.Algo, cfg.Env, cfg.Seed, cfg.Steps)
	}
	return nil
}

// readCurve returns the steps column and the metric column (test_return or
// avg_return) of a metrics.csv; an epoch without a finished episode repeats
// the previous value, and leading ones take the first value recorded (0
// for a run without any). An infinite value is an error naming the row.
func readCurve(path string, onTest bool) (steps, curve []float64, err error) {
	data, err := safeyaml.ReadOwnFile(path)
	if err != nil {
		return nil, nil, err
	}
	return parseCurve(path, data, onTest)
}

// parseCurve is readCurve on the contents data of the file at path.
func parseCurve(path string, data []byte, onTest bool) (steps, curve []float64, err error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, nil
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	header := strings.Split(lines[0], ",")
	col, stepCol := -1, -1
	want := "avg_return"
	if onTest {
		want = "test_return"
	}
	for i, h := range header {
		switch h {
		case want:
			col = i
		case "steps":
			stepCol = i
		}
	}
	if col < 0 || stepCol < 0 {
		return nil, nil, fmt.Errorf("%s: no %s or steps column", path, want)
	}
	prev := math.NaN()
	for i, ln := range lines[1:] {
		f := strings.Split(ln, ",")
		if len(f) != len(header) {
			// readRun passes complete lines only, each checked by
			// ParseEpochStats; a direct caller's short row is an error,
			// not an index out of range.
			return nil, nil, fmt.Errorf("%s: row %d has %d fields, the header %d: %q", path, i+1, len(f), len(header), ln)
		}
		st, err1 := strconv.ParseFloat(f[stepCol], 64)
		v, err2 := strconv.ParseFloat(f[col], 64)
		if err1 != nil || err2 != nil {
			return nil, nil, fmt.Errorf("%s: bad row %q", path, ln)
		}
		if math.IsInf(v, 0) {
			// A diverged run's return: it cannot be averaged into the
			// curves (plot.MeanBand refuses it, naming neither seed nor file).
			return nil, nil, fmt.Errorf("%s: row %d: %s %v is not finite", path, i+1, want, v)
		}
		if math.IsNaN(v) {
			v = prev
		}
		prev = v
		steps = append(steps, st)
		curve = append(curve, v)
	}
	// Leading epochs without a finished episode take the first value
	// recorded (a run whose epochs are shorter than its first episode):
	// there is no earlier one, and 0 is no return of the task. A run
	// without any finished episode keeps 0s, which the curves and tests
	// can carry.
	first := slices.IndexFunc(curve, func(v float64) bool { return !math.IsNaN(v) })
	for i := range curve {
		if first < 0 {
			curve[i] = 0
		} else if i < first {
			curve[i] = curve[first]
		}
	}
	return steps, curve, nil
}

func rlReport(opt Options, r rlRepro, variants []rlVariant, runs [][]rlRun, th experiment.RLThreshold, metric string) error {
	seeds := len(runs[0])
	// A task without a reward threshold (Walker2d-v4) has no steps to
	// one: its table has no "reached" column (a count of runs reaching
	// a threshold that does not exist, 0/n, read as "none reached it"),
	// and each seed's cell says its run's state instead of "—" (never).
	noTh := math.IsNaN(th.Value)
	title := fmt.Sprintf("%s: environment steps until the %s first reaches %g (%s)", r.Title, metric, th.Value, seedCount(seeds))
	seedsNote := "Steps are counted at the end of the epoch whose statistic first crossed the threshold; \"—\" means never within the run."
	reachedCol := []string{"reached"}
	if noTh {
		title = fmt.Sprintf("%s: %s (%s; the task has no reward threshold, so no steps to one)", r.Title, metric, seedCount(seeds))
		states := "finished; failed at the steps it had made; unfinished, run at the steps it has made; not run"
		for _, rs := range runs {
			if slices.ContainsFunc(rs, func(r rlRun) bool { return r.missing && r.started && r.failed == nil }) {
				states = "finished; failed at the steps it had made; unfinished, run at the steps it has made; started, no epoch yet; not run"
				break
			}
		}
		seedsNote = "The task has no reward threshold: each seed's cell gives the state of its run (" + states + ")."
		reachedCol = nil
	}
	t := Table{
		Title:  title,
		Header: []string{"algorithm"},
		Notes: []string{
			"Each run is OUT/<variant>/seed<k>/ (metrics.csv, summary.json, checkpoint.gob); rerunning the reproduction resumes unfinished runs.",
			seedsNote,
		},
	}
	for s := 0; s < seeds; s++ {
		t.Header = append(t.Header, fmt.Sprintf("seed %d", s+1))
	}
	t.Header = append(t.Header, reachedCol...)
	statsNote := -1    // the index in t.Notes of the note on the statistics
	ciClipped := false // a printed interval was clipped to ReturnBounds
	if seeds == 1 {
		// One run has no sd, no interval and no test: the values alone.
		t.Header = append(t.Header, "final", "over the run", "steps/s")
		t.Notes = append(t.Notes, "Over the run: each run's statistic averaged over its epochs (the area under its learning curve with every epoch of equal width: a last, shorter epoch counts in full; a run that failed early counts its last value to the end); it rewards learning early as well as ending high.",
			"Statistics: 1 seed per algorithm, so each value is its one run's: no standard deviation, no confidence interval and no test of the differences between algorithms (a rank-sum test of one run against one gives p = 1 whatever the values).")
	} else {
		t.Header = append(t.Header, "final (mean ± sd) [95% CI]", "over the run (mean ± sd) [95% CI]", "steps/s (mean)")
		t.Notes = append(t.Notes, "Over the run: each run's statistic averaged over its epochs (the area under its learning curve with every epoch of equal width: a last, shorter epoch counts in full), then mean ± sd over seeds (a run that failed early counts its last value to the end); it rewards learning early as well as ending high.",
			fmt.Sprintf("Statistics are over %s per algorithm; sd is the sample standard deviation (n − 1 in the denominator); [95%% CI] is the t interval of the mean (mean ± t·sd/√n). %s", seedCount(seeds), spreadRuleCI))
		statsNote = len(t.Notes) - 1
	}
	t.Notes = append(t.Notes,
		fmt.Sprintf("Final: each run's statistic at its last epoch (a run that failed early: its last value before the failure). The networks ran in %s (rl.dtype, reproduce --dtype).", variants[0].RL.DType))
	type sample struct {
		hits            []Observation
		finals, overRun []float64
	}
	samples := make([]sample, len(variants))
	results := map[string]any{"env": r.Env, "threshold": th.Value, "metric": metric, "seeds": seeds}
	if math.IsNaN(th.Value) {
		results["threshold"] = nil
	}
	var series []plot.Series
	var oneRun []string // the variants whose curve is one finished run
	var bandRuns []int  // the finished runs of each variant in series
	mostFinished := 0   // the most finished runs of any variant: more than 1, the curves have a band
	var csvHeader []string
	var csvCols [][]float64
	// Every curve is padded with its last value to the longest run (a run
	// that failed early keeps its last value, and the Curves note names it).
	// Unfinished and missing runs (report-only mode) are listed but left
	// out of the curves and the final statistics.
	var x []float64
	// The runs that failed before x's last step, which the curves carry at
	// their last value (failedCurvesNote names them).
	var failedCurves []failedCurve
	incomplete, failedEarly := 0, 0 // failedEarly: of the incomplete, those that failed before their first epoch
	for _, vr := range runs {
		for _, run := range vr {
			if !run.complete() {
				incomplete++
				if run.missing && run.failed != nil {
					failedEarly++
				}
				continue
			}
			if len(run.steps) > len(x) {
				x = run.steps
			}
		}
	}
	if incomplete > 0 {
		which := "unfinished or not started"
		if failedEarly > 0 { // the table marks them failed, not unfinished
			which = fmt.Sprintf("unfinished, not started or failed before their first epoch (%d failed)", failedEarly)
		}
		also := " steps to the threshold also count unfinished runs, those below it as needing more than their steps so far."
		if noTh {
			also = " the task has no threshold, so no steps to one."
		}
		t.Notes = append(t.Notes, fmt.Sprintf("Report written from the runs on disk (--report-only): %d of %d runs %s; "+
			"curves, final returns and throughput are over the finished runs only;"+also,
			incomplete, seeds*len(variants), which))
	}
	n := len(x)
	for vi, v := range variants {
		row := []any{v.Label}
		reached, finished := 0, 0
		// Seeds without an outcome yet, which "reached" cannot count
		// either way: not run, or unfinished below the threshold.
		notRun, unfinishedBelow := 0, 0
		// Empty, not null, in results.json when no run finished.
		finals, overRun, sps := []float64{}, []float64{}, []float64{}
		var hits []int
		// steps_to_threshold in results.json: −1 for never, null for a
		// seed without an epoch on disk (not run, or failed before its
		// first epoch), which has no steps to report.
		var hitsJSON []any
		// steps_so_far: the steps an unfinished run has reached (null
		// for the others), given only when a run is unfinished, so that
		// its −1 (not reached yet) can be told from a finished run's
		// −1 (never).
		var soFar []any
		unfinished := false
		var curves [][]float64
		for si, run := range runs[vi] {
			h := run.summary.StepsToThreshold
			hits = append(hits, h)
			if run.missing {
				hitsJSON = append(hitsJSON, nil)
			} else {
				hitsJSON = append(hitsJSON, h)
			}
			if run.partial {
				soFar, unfinished = append(soFar, run.summary.Steps), true
			} else {
				soFar = append(soFar, nil)
			}
			switch {
			case run.missing && run.failed != nil:
				row = append(row, "failed before its first epoch")
				t.Notes = append(t.Notes, fmt.Sprintf("%s seed %d: %v", v.Label, si+1, run.failed))
			case run.missing && run.started:
				row = append(row, "started, no epoch yet")
				unfinishedBelow++
			case run.missing:
				row = append(row, "not run")
				notRun++
			case noTh && run.failed != nil:
				row = append(row, fmt.Sprintf("failed at %d", int(run.steps[len(run.steps)-1])))
				t.Notes = append(t.Notes, fmt.Sprintf("%s seed %d: %v", v.Label, si+1, run.failed))
			case noTh && run.partial:
				row = append(row, fmt.Sprintf("run at %d", run.summary.Steps))
			case noTh:
				row = append(row, "finished")
			case h >= 0:
				reached++
				if run.partial {
					row = append(row, fmt.Sprintf("%d (run at %d)", h, run.summary.Steps))
				} else {
					row = append(row, h)
				}
			case run.failed != nil:
				row = append(row, fmt.Sprintf("failed at %d", int(run.steps[len(run.steps)-1])))
				t.Notes = append(t.Notes, fmt.Sprintf("%s seed %d: %v", v.Label, si+1, run.failed))
			case run.partial:
				row = append(row, fmt.Sprintf("— (run at %d)", run.summary.Steps))
				unfinishedBelow++
			default:
				row = append(row, "—")
			}
			if !run.complete() {
				continue
			}
			finished++
			if run.failed != nil && len(run.curve) < n {
				failedCurves = append(failedCurves, failedCurve{v.Label, si + 1, int(run.steps[len(run.steps)-1])})
			}
			finals = append(finals, run.curve[len(run.curve)-1])
			sps = append(sps, run.summary.StepsPerSecond)
			c := append([]float64(nil), run.curve...)
			for len(c) < n {
				c = append(c, c[len(c)-1])
			}
			curves = append(curves, c[:n])
			mean, _ := MeanSD(c[:n])
			overRun = append(overRun, mean)
		}
		m, _ := MeanSD(sps)
		final, whole, speed := "—", "—", "—"
		// Steps to the threshold are known for finished runs and for
		// unfinished ones that already reached it; an unfinished run below
		// it is known to need more than its steps so far (censored there);
		// not-run seeds are left out of the test.
		for si, h := range hits {
			run := runs[vi][si]
			switch {
			case run.missing:
			case run.partial && h < 0:
				samples[vi].hits = append(samples[vi].hits, Observation{V: float64(run.summary.Steps), Censored: true})
			default:
				samples[vi].hits = append(samples[vi].hits, Observation{V: hitValue(h)})
			}
		}
		samples[vi].finals, samples[vi].overRun = finals, overRun
		if finished > 0 {
			least, most := ReturnBounds(r.Env)
			var c1, c2 bool
			final, c1 = pmCI(finals, least, most)
			whole, c2 = pmCI(overRun, least, most)
			speed = fmt.Sprintf("%.0f", m)
			ciClipped = ciClipped || c1 || c2
			if finished == 1 { // no spread from one run
				final, whole = fmt.Sprintf("%.4f", finals[0]), fmt.Sprintf("%.4f", overRun[0])
			}
			if finished < seeds {
				note := fmt.Sprintf(" (%d of %d finished)", finished, seeds)
				final, whole = final+note, whole+note
			}
		}
		if !noTh {
			cell := fmt.Sprintf("%d/%d", reached, seeds)
			var unknown []string
			if unfinishedBelow > 0 {
				unknown = append(unknown, fmt.Sprintf("%d unfinished", unfinishedBelow))
			}
			if notRun > 0 {
				unknown = append(unknown, fmt.Sprintf("%d not run", notRun))
			}
			if len(unknown) > 0 {
				cell += " (" + strings.Join(unknown, ", ") + ")"
			}
			row = append(row, cell)
		}
		row = append(row, final, whole, speed)
		t.Add(row...)
		vres := map[string]any{"label": v.Label, "steps_to_threshold": hitsJSON, "final": finals,
			"over_run": overRun, "steps_per_second": sps, "reached": reached, "finished": finished}
		if unfinished {
			vres["steps_so_far"] = soFar
		}
		results[v.Slug] = vres
		mostFinished = max(mostFinished, finished)
		if finished == 0 {
			continue
		}
		if finished == 1 {
			oneRun = append(oneRun, v.Label)
		}
		s, err := plot.MeanBand(v.Label, x, curves, plot.StdDev)
		if err != nil {
			return err
		}
		clipBand(&s, r.Env)
		series = append(series, styled(s))
		bandRuns = append(bandRuns, finished)
		if len(csvCols) == 0 {
			csvHeader = append(csvHeader, "steps")
			csvCols = append(csvCols, x)
		}
		csvHeader = append(csvHeader, v.Slug+"_mean", v.Slug+"_lo", v.Slug+"_hi")
		csvCols = append(csvCols, s.Y, s.Lo, s.Hi)
	}
	if ciClipped && statsNote >= 0 {
		lo, hi := ReturnBounds(r.Env)
		t.Notes[statsNote] += " " + clipNote(r.Env, lo, hi)
	}
	if statsNote >= 0 && len(variants) > 1 { // one variant has no reference and no second table
		// After the note on this table's intervals, which would read as
		// one on the second table's after this sentence.
		t.Notes[statsNote] += fmt.Sprintf(" The second table tests each algorithm against %s with the Mann–Whitney rank-sum test.", variants[len(variants)-1].Label)
	}
	if len(series) == 0 {
		t.Notes = append(t.Notes, "No run has finished yet: no curves.")
	} else {
		note := bandNote(r.Env, oneRun, len(series))
		if f := failedCurvesNote(failedCurves, int(x[n-1]), len(oneRun) < len(series)); f != "" {
			note += " " + f
		}
		t.Notes = append(t.Notes, note)
	}
	paper, err := paperSettingsNote(r, variants, seeds, mostFinished, th)
	if err != nil {
		return err
	}
	t.Notes = append(t.Notes, paper)
	if err := t.Write(opt.Log, opt.Out); err != nil {
		return err
	}
	if len(variants) > 1 && seeds > 1 {
		ref := len(variants) - 1
		stepsTestNote := "; for steps to the threshold fewer is better and a run that never reached it counts as the largest value"
		if noTh {
			stepsTestNote = "" // no steps to a threshold are tested
		}
		ct := Table{
			Title:  fmt.Sprintf("Differences against %s: Mann–Whitney rank-sum test, two-sided", variants[ref].Label),
			Header: []string{"algorithm", "statistic", "seeds (algorithm, reference)", "U", "p", "at the 5% level"},
			Notes: []string{"U counts the pairs of seeds in which the algorithm's value exceeds the reference's (ties ½)" + stepsTestNote + "." +
				rankTestPNote(seeds)},
		}
		tests := map[string]any{}
		notSignificant := false // some row says "not significant"
		var sigP []float64      // the p of each row that says "significant"
		var sigRow []int        // the index in ct.Rows of each of those rows
		nTests := 0
		var tooFew []string // the sizes of the rows that cannot reject, as cannotRejectSize says them
		gehan := false
		notTested := false // a steps row where no run of either side reached the threshold
		for vi, v := range variants[:ref] {
			for _, st := range []struct {
				name string
				a, b []Observation
			}{
				{"steps to the threshold", samples[vi].hits, samples[ref].hits},
				{"final " + metric, observed(samples[vi].finals), observed(samples[ref].finals)},
				{"over the run", observed(samples[vi].overRun), observed(samples[ref].overRun)},
			} {
				if len(st.a) == 0 || len(st.b) == 0 {
					continue
				}
				if st.name == "steps to the threshold" && math.IsNaN(th.Value) {
					continue // no threshold: every run "never" reached it
				}
				// Mann–Whitney, or, with unfinished runs below the
				// threshold among the steps, Gehan's form of it for
				// censored values (equal to it without them).
				test := map[string]any{}
				var u, p float64
				if slices.ContainsFunc(st.a, isCensored) || slices.ContainsFunc(st.b, isCensored) {
					u, p = Gehan(st.a, st.b)
					test["test"], gehan = "gehan", true
				} else {
					u, p = MannWhitney(values(st.a), values(st.b))
				}
				verdict, pText := "not significant", formatP(p)
				if p < 0.05 {
					verdict = "significant"
				}
				test["u"], test["p"] = u, p
				if st.name == "steps to the threshold" && noneReached(st.a) && noneReached(st.b) {
					// Every value tied at "never" (or censored below
					// it): nothing to rank, and the p of the ties would
					// read as a test (results.json keeps it as before).
					if least := smallestTwoSidedP(len(st.a), len(st.b)); least >= 0.05 {
						test["smallest_p"] = least
					}
					ct.Add(v.Label, st.name, fmt.Sprintf("%d, %d", len(st.a), len(st.b)), "—", "—", "not tested: no run reached the threshold")
					notTested = true
					tests[v.Slug+" vs "+variants[ref].Slug+": "+st.name] = test
					continue
				}
				if least := smallestTwoSidedP(len(st.a), len(st.b)); least >= 0.05 {
					// No values of these sizes could give p < 0.05: a p
					// and "not significant" would read as evidence.
					verdict, pText = "cannot reject at this size", "—"
					test["smallest_p"] = least
					if size := cannotRejectSize(len(st.a), len(st.b)); !slices.Contains(tooFew, size) {
						tooFew = append(tooFew, size)
					}
				}
				notSignificant = notSignificant || verdict == "not significant"
				nTests++
				if verdict == "significant" {
					sigP, sigRow = append(sigP, p), append(sigRow, len(ct.Rows))
				}
				ct.Add(v.Label, st.name, fmt.Sprintf("%d, %d", len(st.a), len(st.b)), formatU(u), pText, verdict)
				tests[v.Slug+" vs "+variants[ref].Slug+": "+st.name] = test
			}
		}
		if notSignificant {
			ct.Notes[0] += " \"not significant\" means the seeds do not show a difference: the data are compatible with equal distributions."
		}
		if nTests > 1 && len(sigP) > 0 { // the p cells on their side of 0.05/n, as the note prints it
			pTexts, _ := bonferroniTexts(nTests, sigP)
			for i, row := range sigRow {
				ct.Rows[row][4] = pTexts[i]
			}
		}
		multiplicity := multiplicityNote(nTests, sigP)
		ct.Notes[0] += multiplicity
		if len(tooFew) > 0 {
			ct.Notes[0] += " Rows marked \"cannot reject at this size\" compare too few runs for any values to give p below 0.05 (their p is left out of the table; results.json has it): " +
				strings.Join(tooFew, "; ") + ". Such a row says that the runs are too few to test, not that the algorithms are alike."
		}
		if notTested {
			ct.Notes[0] += " Rows marked \"not tested\" compare runs none of which reached the threshold: every value is the same \"never\", and a p of those ties would read as a test (results.json keeps its U and p)"
			if multiplicity != "" { // a count of tests is stated only there
				ct.Notes[0] += "; they are left out of the count of tests"
			}
			ct.Notes[0] += "."
		}
		if gehan {
			ct.Notes = append(ct.Notes, "Steps to the threshold with unfinished runs below it (--report-only): such a run needs more than its steps so far, a censored value, "+
				"and the test is Gehan's form of the rank-sum test for censored values: a pair whose order the censoring leaves open counts ½ in U, and p is over the splits of the pooled runs, as Mann–Whitney's (to which it is equal without censored values).")
		}
		if err := ct.Write(opt.Log, opt.Out); err != nil {
			return err
		}
		results["mann_whitney"] = tests
	}
	if err := experiment.WriteJSON(opt.Out, "results.json", results); err != nil {
		return err
	}
	if len(series) == 0 {
		return nil
	}
	if err := writeColumns(filepath.Join(opt.Out, "curves.csv"), csvHeader, csvCols); err != nil {
		return err
	}
	p, err := plot.Lines(plot.LinesFigure{
		Frame:  plot.Frame{Title: r.Title, XLabel: stepsAxisLabel(bandRuns), XIntegers: true, YLabel: metric, Legend: plot.TopLeft}, // learning curves rise: early steps at high returns are empty
		Series: series,
	})
	return savePlot(opt.Out, "learning_curves", p, err)
}

// writeColumns writes equal-length columns as CSV.
func writeColumns(path string, header []string, cols [][]float64) error {
	c := experiment.NewWholeCSV(path, header) // written whole on Close: never a cut file
	n := len(cols[0])
	row := make([]float64, len(cols))
	for i := 0; i < n; i++ {
		for j := range cols {
			row[j] = cols[j][i]
		}
		if err := c.Row(row...); err != nil {
			c.Close()
			return err
		}
	}
	return c.Close()
}

// observed returns v as uncensored observations.
func observed(v []float64) []Observation {
	o := make([]Observation, len(v))
	for i, x := range v {
		o[i] = Observation{V: x}
	}
	return o
}

// values returns the values of o.
func values(o []Observation) []float64 {
	v := make([]float64, len(o))
	for i, x := range o {
		v[i] = x.V
	}
	return v
}

// isCensored reports that o is censored.
func isCensored(o Observation) bool { return o.Censored }

// hitValue is a run's steps to the threshold as a number for rank tests:
// "never" (−1) is +Inf.
func hitValue(h int) float64 {
	if h < 0 {
		return math.Inf(1)
	}
	return float64(h)
}

// noneReached says that no run of obs reached the threshold: each never
// did (hitValue's +Inf) or is censored below it (unfinished).
func noneReached(obs []Observation) bool {
	for _, o := range obs {
		if !o.Censored && !math.IsInf(o.V, 1) {
			return false
		}
	}
	return true
}

// multiplicityNote says, for a rank-test table of n tests whose rows of
// p-values sig are called significant at the 5% level each, that the rows
// are not corrected for their number, and how many of them stay below
// Bonferroni's level 0.05/n (which bounds the chance of any false
// "significant" among the n at 5%): the three statistics of a pair of
// algorithms are of the same runs, and two to six rows read as as many
// findings. Empty without a significant row or with one test. It begins
// with a space.
func multiplicityNote(n int, sig []float64) string {
	if len(sig) == 0 || n < 2 {
		return ""
	}
	level := 0.05 / float64(n)
	kept := 0
	for _, p := range sig {
		if p < level {
			kept++
		}
	}
	var remain string
	switch {
	case len(sig) == 1 && kept == 1:
		remain = "the row called significant remains so"
	case len(sig) == 1:
		remain = "the row called significant does not"
	default:
		verb := "remain"
		if kept == 1 {
			verb = "remains"
		}
		remain = fmt.Sprintf("%d of the %d rows called significant %s so", kept, len(sig), verb)
	}
	_, levelText := bonferroniTexts(n, sig)
	return fmt.Sprintf(" Each row is a test on its own at the 5%% level, not corrected for the table's %d tests (of the same runs): at Bonferroni's level for %d tests, 0.05/%d = %s, %s.",
		n, n, n, levelText, remain)
}

// bonferroniTexts writes the p-values sig of a table's significant rows
// and Bonferroni's level 0.05/n so that each printed p lies on the same
// side of the printed level as p of 0.05/n, and none prints equal to it:
// formatP's 3 digits, and the level's 3, printed p = 0.016665 (below
// 0.05/3) as "0.0167" beside "0.05/3 = 0.0167 ... remains so", and
// p = 0.01667 (above) as "0.0167" beside "does not". Each text takes as
// many more digits as it needs (at most 17, which give the value
// itself); where 3 suffice the texts are formatP's and %.3g's.
func bonferroniTexts(n int, sig []float64) (pTexts []string, levelText string) {
	level := 0.05 / float64(n)
	parse := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	for _, p := range sig {
		s := formatP(p)
		for prec := 4; prec <= 17 && ((parse(s) < level) != (p < level) || (parse(s) == level && p != level)); prec++ {
			s = fmt.Sprintf("%.*g", prec, p)
		}
		pTexts = append(pTexts, s)
	}
	apart := func(s string) bool { // every printed p on its side of s, none equal to it
		l := parse(s)
		for i, p := range sig {
			q := parse(pTexts[i])
			if (q < l) != (p < level) || (q == l && p != level) {
				return false
			}
		}
		return true
	}
	levelText = fmt.Sprintf("%.3g", level)
	for prec := 4; prec <= 17 && !apart(levelText); prec++ {
		levelText = fmt.Sprintf("%.*g", prec, level)
	}
	return pTexts, levelText
}

// formatP writes a p-value with 3 significant digits, or with as many
// more as it takes for a p below 0.05 not to print as 0.05, which would
// read as not below the 5% level of the verdict beside it (0.0499566 →
// "0.04996").
func formatP(p float64) string {
	s := fmt.Sprintf("%.3g", p)
	for prec := 4; p < 0.05 && s == "0.05" && prec <= 17; prec++ {
		s = fmt.Sprintf("%.*g", prec, p)
	}
	return s
}

// pmCI formats mean ± sd [lo, hi] with the 95 % t interval of the mean,
// by the tables' rule (spreadRule), the interval clipped to [least, most]
// (the returns the environment can give, ReturnBounds; ±Inf: no bound):
// clipped says that it was.
func pmCI(v []float64, least, most float64) (text string, clipped bool) {
	m, sd := MeanSD(v)
	_, lo, hi := MeanCI(v, 0.95)
	if len(v) < 2 {
		return fmt.Sprintf("%.4g", m), false
	}
	ci := ciBounds{lo: lo, hi: hi}
	if lo < least {
		ci.lo, ci.loClipped = least, true
	}
	if hi > most {
		ci.hi, ci.hiClipped = most, true
	}
	return formatPM(m, sd, &ci), ci.loClipped || ci.hiClipped
}

// clipNote says that the tables' intervals were clipped to the returns
// envName can give, [lo, hi] (either end infinite: no bound there).
func clipNote(envName string, lo, hi float64) string {
	switch {
	case !math.IsInf(lo, 0) && !math.IsInf(hi, 0):
		return fmt.Sprintf("Intervals clipped to [%g, %g], the returns %s can give (the t interval of the mean passes them).", lo, hi, envName)
	case !math.IsInf(hi, 0):
		return fmt.Sprintf("Intervals clipped at %g, the largest return %s can give.", hi, envName)
	}
	return fmt.Sprintf("Intervals clipped at %g, the least return %s can give.", lo, envName)
}

// stepsAxisLabel is the x label of a figure of learning curves whose
// variants are over runs[i] finished runs each: it says what the band is
// and over how many seeds ("environment steps; band: mean ± 1 sd over 5
// seeds"), or that there is none (one run each).
func stepsAxisLabel(runs []int) string {
	lo, hi := math.MaxInt, 0
	for _, n := range runs {
		lo, hi = min(lo, n), max(hi, n)
	}
	switch {
	case hi <= 1:
		return "environment steps; one run each, no band"
	case lo == hi:
		return fmt.Sprintf("environment steps; band: mean ± 1 sd over %d seeds", hi)
	case lo <= 1:
		return fmt.Sprintf("environment steps; band: mean ± 1 sd over up to %d seeds (none for one run)", hi)
	}
	return fmt.Sprintf("environment steps; band: mean ± 1 sd over %d–%d seeds", lo, hi)
}

// clipBand limits a mean ± sd band to the returns the environment can
// give (ReturnBounds).
func clipBand(s *plot.Series, envName string) {
	lo, hi := ReturnBounds(envName)
	for i := range s.Lo {
		s.Lo[i] = math.Min(math.Max(s.Lo[i], lo), s.Y[i])
		s.Hi[i] = math.Max(math.Min(s.Hi[i], hi), s.Y[i])
	}
}

// ReturnBounds are the least and the most return the environment envName
// can give, to which the reproductions clip their bands and intervals
// (and `stackel plot` its bands of returns), by the environment's exact
// ID: CartPole-v0 and CartPole-v1 0 to their time limit (reward 1 per
// step), Acrobot-v1 minus its time limit to 0, Pendulum-v1 at most 0 (its
// reward −(θ² + 0.1θ̇² + 0.001u²) is never positive); ±Inf where there is
// no bound (other environments, those of other IDs built on the same
// dynamics among them, or one not registered).
func ReturnBounds(envName string) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	spec, ok := env.Lookup(envName)
	switch {
	case !ok:
	// By exact ID: an environment of another ID built on these dynamics
	// (a user's CartPoleSwingUp-v0, a Pendulum with a bonus) may give
	// returns these bounds do not hold.
	case (envName == "CartPole-v0" || envName == "CartPole-v1") && spec.MaxEpisodeSteps > 0:
		lo, hi = 0, float64(spec.MaxEpisodeSteps)
	case envName == "Acrobot-v1" && spec.MaxEpisodeSteps > 0:
		lo, hi = -float64(spec.MaxEpisodeSteps), 0
	case envName == "Pendulum-v1":
		hi = 0
	}
	return lo, hi
}

// bandNote says what the learning curves' bands are: mean ± one standard
// deviation over seeds, clipped where ReturnBounds bounds the returns; of
// the series curves, those of the variants oneRun are one run each and
// have no band (MeanBand's of one run has no width).
func bandNote(envName string, oneRun []string, series int) string {
	const files = " (curves.csv, learning_curves.png/svg)."
	if len(oneRun) == series {
		return "Curves: each variant's one run, no band (one run has no standard deviation)" + files
	}
	note := "Curves: mean ± one standard deviation over seeds"
	switch lo, hi := ReturnBounds(envName); {
	case !math.IsInf(lo, 0) && !math.IsInf(hi, 0):
		note += fmt.Sprintf(", the band clipped to the returns %s can give, [%g, %g]", envName, lo, hi)
	case !math.IsInf(hi, 0):
		note += fmt.Sprintf(", the band clipped at %g, the largest return %s can give", hi, envName)
	}
	if len(oneRun) > 0 {
		note += "; no band for " + strings.Join(oneRun, ", ") + " (one finished run)"
	}
	return note + files
}

// failedCurve is a run that failed before the curves' last step: its
// variant, its seed and the steps it had made (the table's "failed at").
type failedCurve struct {
	Label      string
	Seed, Step int
}

// failedCurveMark begins failedCurvesNote's note; the suite's figure line
// refers to it.
const failedCurveMark = "Failed runs in the curves: "

// failedCurvesNote names the runs that failed before the curves' last
// step, end, grouped by variant in the order given ("STAC (m = 1) seeds 3
// and 5 (failed at 508000 and 456000 steps)"), and says that each is
// carried at its last value to end in its variant's mean and band (band:
// some variant has more than one run), or in its curve; "" for none.
func failedCurvesNote(failed []failedCurve, end int, band bool) string {
	if len(failed) == 0 {
		return ""
	}
	var groups []string
	for i := 0; i < len(failed); {
		j := i
		var seeds, steps []string
		for ; j < len(failed) && failed[j].Label == failed[i].Label; j++ {
			seeds = append(seeds, strconv.Itoa(failed[j].Seed))
			steps = append(steps, strconv.Itoa(failed[j].Step))
		}
		word := "seed"
		if len(seeds) > 1 {
			word = "seeds"
		}
		groups = append(groups, fmt.Sprintf("%s %s %s (failed at %s steps)", failed[i].Label, word, andList(seeds), andList(steps)))
		i = j
	}
	where := ""
	if band {
		where = " in its variant's mean and band"
	}
	each := "carried"
	if len(failed) > 1 {
		each = "each carried"
	}
	return fmt.Sprintf("%s%s, %s at its last value from its failure to %d steps%s, as in the over-the-run statistic.", failedCurveMark, andList(groups), each, end, where)
}

// rankTestPNote says how the rank-test table's p is computed for rows of
// at most seeds runs a side (MannWhitney, Gehan): exact up to 50 a side
// (exactTiesWork; untied, n·m ≤ 2500), beyond that from the normal
// approximation. It begins with a space.
func rankTestPNote(seeds int) string {
	const exact = "the share of the equally likely splits of the pooled runs (C(n1+n2, n1) of them, n1 and n2 the row's runs) whose U lies at least as far from n1·n2/2 as the row's, with tied values at their mid-ranks"
	if seeds <= 50 {
		return " p is exact: " + exact + "."
	}
	return " p is exact up to 50 runs a side (" + exact + "), and beyond that from the normal approximation with the tie and continuity corrections."
}

// cannotRejectSize says why a rank-sum test of n1 runs against n2 cannot
// reject (smallestTwoSidedP): "5 runs against 1 split 6 ways, so the
// smallest two-sided p is 2/6 = 0.333".
func cannotRejectSize(n1, n2 int) string {
	ways := binomial(n1+n2, n1)
	return fmt.Sprintf("%s against %d split %.0f ways, so the smallest two-sided p is 2/%.0f = %.3g", experiment.CountOf(n1, "run"), n2, ways, ways, smallestTwoSidedP(n1, n2))
}

// formatU writes a rank-sum statistic U, a whole or half count, with all
// its digits (the table's %.4g would round it from nm ≥ 10⁴ pairs on).
func formatU(u float64) string { return strconv.FormatFloat(u, 'f', -1, 64) }

// rlQuickSettings says what --quick changes in a reproduction of r with
// options opt: the seeds (unless --seeds), then every setting in which
// the quick run of a selected variant (r.Quick) differs from its full run
// (rlQuickDiffs), the steps per run unless --steps sets them.
func rlQuickSettings(opt Options, r rlRepro) string {
	if len(r.Variants) == 0 || r.Quick == nil {
		return quickSeeds(opt, r.Seeds, 2)
	}
	return quickSettings(append([]string{quickSeeds(opt, r.Seeds, 2)}, rlQuickDiffs(opt, r)...)...)
}

// quickFieldOrder is the order in which a quick note names the settings
// --quick changes (agent.Config's fields, by their JSON paths); any other
// field follows, by name.
var quickFieldOrder = []string{"Steps", "Hidden", "Unroll", "StepsPerEpoch", "TestEpisodes", "CG.Lambda", "CG.Iters",
	"LanczosIters", "StartSteps", "UpdateAfter", "UpdateEvery", "BatchSize"}

// rlQuickDiffs compares, field by field, the effective settings
// (experiment.RLAgentConfig: the variant's, every default filled in) of
// the quick and the full run of each selected variant of r, and returns
// one clause per difference, "QUICK … instead of FULL", in
// quickFieldOrder: a clause that holds for some of the selected variants
// only names them ("(STAC (m = 1), STAC (m = 80))", set apart by
// semicolons when a label holds a comma); the critic's unrolled steps and
// λ name them always, since the rows' labels give the full run's. The
// steps per run are left out when --steps sets them for both.
func rlQuickDiffs(opt Options, r rlRepro) []string {
	type clause struct {
		path, text string
		labels     []string
	}
	var clauses []*clause
	byText := map[string]*clause{}
	selected := 0
	for _, v := range r.Variants {
		if len(opt.Variants) > 0 && !slices.Contains(opt.Variants, v.Slug) {
			continue
		}
		full, err1 := experiment.RLAgentConfig(v.RL, 0)
		quick, err2 := experiment.RLAgentConfig(r.Quick(v.RL), 0)
		if err1 != nil || err2 != nil {
			continue
		}
		selected++
		f, q := settingsFields(full), settingsFields(quick)
		for path, fv := range f {
			qv, ok := q[path]
			if ok && qv == fv || path == "Steps" && opt.Steps > 0 {
				continue
			}
			text := quickClause(path, qv, fv, full.Algo.OnPolicy())
			c := byText[text]
			if c == nil {
				c = &clause{path: path, text: text}
				byText[text] = c
				clauses = append(clauses, c)
			}
			c.labels = append(c.labels, v.Label)
		}
	}
	rank := func(path string) int {
		if i := slices.Index(quickFieldOrder, path); i >= 0 {
			return i
		}
		return len(quickFieldOrder)
	}
	slices.SortStableFunc(clauses, func(a, b *clause) int {
		if ra, rb := rank(a.path), rank(b.path); ra != rb {
			return ra - rb
		}
		return strings.Compare(a.path+a.text, b.path+b.text)
	})
	out := make([]string, len(clauses))
	for i, c := range clauses {
		out[i] = c.text
		if len(c.labels) < selected || c.path == "Unroll" || c.path == "CG.Lambda" {
			sep := ", "
			if slices.ContainsFunc(c.labels, func(l string) bool { return strings.Contains(l, ",") }) {
				sep = "; "
			}
			out[i] += " (" + strings.Join(c.labels, sep) + ")"
		}
	}
	return out
}

// settingsFields returns the fields of c as JSON encodes them, nested
// ones by their paths ("CG.Iters"), each with its value's JSON text (the
// element type and activation by name).
func settingsFields(c agent.Config) map[string]string {
	out := map[string]string{}
	b, err := json.Marshal(c)
	if err != nil {
		return out
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return out
	}
	m["DType"], m["Activation"] = c.DType.String(), c.Activation.String()
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		if o, ok := v.(map[string]any); ok {
			for k, e := range o {
				walk(strings.TrimPrefix(prefix+"."+k, "."), e)
			}
			return
		}
		b, _ := json.Marshal(v)
		out[prefix] = string(b)
	}
	walk("", m)
	return out
}

// quickClause writes the difference in the field at path (settingsFields)
// between a quick run's value q and its full run's f: "1000 steps per
// run instead of 300000", "16×16 networks instead of 64×32", "2 test
// episodes instead of none" (a full run with none), and for a field it
// has no words for, "PATH Q instead of F".
func quickClause(path, q, f string, onPolicy bool) string {
	none := func(v string) string {
		if v == "0" {
			return "none"
		}
		return v
	}
	switch path {
	case "Steps":
		return q + " steps per run instead of " + f
	case "Hidden":
		h := func(s string) string { return strings.ReplaceAll(strings.Trim(s, "[]"), ",", "×") }
		return h(q) + " networks instead of " + h(f)
	case "Unroll":
		return "the critic unrolled m = " + q + " times instead of " + f
	case "StepsPerEpoch":
		if onPolicy {
			return "batches (epochs) of " + q + " steps instead of " + f // an on-policy update's batch is its epoch
		}
		return "epochs of " + q + " steps instead of " + f
	case "TestEpisodes":
		return q + " test episodes instead of " + none(f)
	case "CG.Lambda":
		return "λ = " + q + " instead of " + f
	case "CG.Iters":
		return q + " conjugate-gradient iterations instead of " + f
	case "LanczosIters":
		return q + " Lanczos iterations instead of " + none(f)
	case "StartSteps":
		return "random actions for the first " + q + " steps instead of " + f
	case "UpdateAfter":
		return "updates from step " + q + " instead of " + f
	case "UpdateEvery":
		return "updates every " + q + " steps instead of " + f
	case "BatchSize":
		return "mini-batches of " + q + " instead of " + f
	}
	if q == "" {
		q = "unset"
	}
	return path + " " + q + " instead of " + f
}

// binomial returns C(n, k) as a float64 (exact for the small n of seed
// counts).
func binomial(n, k int) float64 {
	c := 1.0
	for i := 1; i <= k; i++ {
		c = c * float64(n-k+i) / float64(i)
	}
	return c
}
