package repro

import (
	"context"
	"fmt"
	"math"
	"path/filepath"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/learn/hierarchy"
	"github.com/stackel/stackel/loop"
)

func init() {
	Register(Reproduction{
		Name:        "stackelberg-oligopoly",
		Description: "Fiez et al. App. C: one leader against N = 3 Nash followers (C.2) and a staggered chain of 3 firms (C.1) in a linear Cournot oligopoly, against the closed forms",
		Jobs:        oligopolyJobs,
		Report:      reportOligopoly,
		QuickSettings: func(opt Options) string {
			return quickSeeds(opt, oligopolySeeds(Options{}), oligopolySeeds(Options{Quick: true}))
		},
	})
	experiment.RegisterTypedTask(oligopolyTaskKind, summaryTask(runOligopolyTask))
}

// oligopolyCase is one hierarchy of the reproduction.
type oligopolyCase struct {
	name      string
	firms     int
	structure hierarchy.Structure
	rates     []loop.Schedule
	closed    []float64
}

// The oligopoly P = A − ΣQ with unit cost c, the number of Nash followers
// of C.2, and the length of each run.
const (
	oligopolyA, oligopolyC = 50.0, 1.0
	oligopolyN             = 3
	oligopolySteps         = 3000
)

// oligopolyCases are the two hierarchies, with the closed forms derived in
// the learn/hierarchy package doc: leader (A − c)/2, each of N Nash
// followers (A − c)/(2(N + 1)); in the chain, firm i produces (A − c)/2^i.
// The leaders are slower than their followers (rates 0.05 < 0.2, and 0.05
// < 0.1 < 0.3 for the chain).
func oligopolyCases() []oligopolyCase {
	const A, c, N = oligopolyA, oligopolyC, oligopolyN
	lead, fol := hierarchy.OligopolyLeaderFollowers(A, c, N)
	return []oligopolyCase{
		{"leader+3 Nash followers (C.2)", N + 1, hierarchy.LeaderFollowers(N),
			[]loop.Schedule{loop.Constant(0.05), loop.Constant(0.2)}, []float64{lead, fol, fol, fol}},
		{"staggered chain of 3 (C.1)", 3, hierarchy.Staggered(3),
			[]loop.Schedule{loop.Constant(0.05), loop.Constant(0.1), loop.Constant(0.3)}, hierarchy.OligopolyStaggered(A, c, 3)},
	}
}

// oligopolySeeds is the number of seeds.
//
// Quick: 4 seeds instead of 16 (the runs are short either way).
func oligopolySeeds(opt Options) int { return planSeeds(opt, 16, 4) }

// oligopolyTaskKind is the task that runs one hierarchy with one seed (N
// followers have no configuration form).
const oligopolyTaskKind = "repro/stackelberg-oligopoly"

// oligopolyTask are the parameters of an oligopoly task: the index of the
// hierarchy in oligopolyCases and the number of steps.
type oligopolyTask struct {
	Case  int `json:"case"`
	Steps int `json:"steps"`
}

// oligopolyJobs lists one task per seed and hierarchy, in case<i>/seed<k>/.
func oligopolyJobs(opt Options) ([]experiment.Job, error) {
	dirs := make([]string, len(oligopolyCases()))
	for i := range dirs {
		dirs[i] = fmt.Sprintf("case%d", i)
	}
	return seedTaskJobs(oligopolyTaskKind, oligopolySeeds(opt), dirs, func(i int) any {
		return oligopolyTask{Case: i, Steps: oligopolySteps}
	}, nil)
}

// runOligopolyTask runs the hierarchical gradient dynamics of Appendix C on
// one hierarchy of the oligopoly from quantities uniform on [0, A] and
// its hierarchy.Result (final profile and trace) is the summary.json.
func runOligopolyTask(ctx context.Context, p oligopolyTask, seed uint64) (any, error) {
	cases := oligopolyCases()
	if p.Case < 0 || p.Case >= len(cases) {
		return nil, fmt.Errorf("oligopoly task: no case %d", p.Case)
	}
	cs := cases[p.Case]
	g, err := hierarchy.Oligopoly(oligopolyA, oligopolyC, cs.firms)
	if err != nil {
		return nil, err
	}
	e, err := hierarchy.NewEvaluator(g, cs.structure)
	if err != nil {
		return nil, err
	}
	r := experiment.NewRand(seed, uint64(p.Case))
	x0 := make([][]float64, cs.firms)
	for i := range x0 {
		x0[i] = []float64{oligopolyA * r.Float64()}
	}
	res, err := hierarchy.Run(ctx, e, x0, hierarchy.Config{Rates: cs.rates, Settings: loop.Settings{Iterations: p.Steps, RecordEvery: 10}})
	if err != nil {
		return nil, fmt.Errorf("seed %d, %s: %w", seed, cs.name, err)
	}
	return res, nil
}

// reportOligopoly compares the final profiles with the closed forms.
func reportOligopoly(_ context.Context, opt Options, jobs []experiment.Job) error {
	const A, c = oligopolyA, oligopolyC
	seeds, steps := oligopolySeeds(opt), oligopolySteps
	resetReport(opt.Out)
	cases := oligopolyCases()
	for i := range cases {
		resetData(opt.Out, fmt.Sprintf("metrics_%d.csv", i))
	}
	names := make([]string, len(cases))
	for i, cs := range cases {
		names[i] = cs.name
	}
	final, err := readSeedSummaries[hierarchy.Result](opt.Out, jobs, names)
	if err != nil {
		return err
	}
	for i, cs := range cases {
		for s, res := range final[i] {
			if err := checkOligopolyRun(res, cs.firms); err != nil {
				return fmt.Errorf("%s: %w", filepath.Join(opt.Out, jobs[s*len(cases)+i].Out, experiment.SummaryFile), err)
			}
		}
	}
	t := Table{
		Title:  fmt.Sprintf("Stackelberg oligopoly A = 50, c = 1: final quantities over %s, %d steps", seedCount(seeds), steps),
		Header: []string{"hierarchy", "firm", "closed form", "learned mean ± sd", "max |error|", "within 1e-3"},
		Notes: []string{"Closed forms (learn/hierarchy doc): one leader against N Nash followers produces (A − c)/2 and each " +
			"follower (A − c)/(2(N + 1)); the chain of three produces (A − c)/2, (A − c)/4, (A − c)/8.",
			"Fiez et al. App. C gives no example or numbers: the oligopoly, its closed forms, the constant rates (leader 0.05, " +
				"followers 0.2; chain 0.05, 0.1, 0.3, each level slower than the one below it) and the starts (quantities uniform " +
				"on [0, A]) are stackel's.", spreadRule},
	}
	result := map[string]any{"seeds": seeds, "steps": steps, "A": A, "c": c}
	for i, cs := range cases {
		firms := []map[string]any{}
		for p := 0; p < cs.firms; p++ {
			vals := make([]float64, seeds)
			maxErr := 0.0
			for s := range vals {
				vals[s] = final[i][s].X[p][0]
				maxErr = math.Max(maxErr, math.Abs(vals[s]-cs.closed[p]))
			}
			m, sd := MeanSD(vals)
			cell := formatPM(m, sd, nil)
			if len(vals) == 1 { // no sample sd from one seed: not "± 0"
				cell = fmt.Sprintf("%.6f (1 seed)", m)
			}
			t.Add(cs.name, p+1, fmt.Sprintf("%.6g", cs.closed[p]), cell, formatWithin(maxErr, 1e-3, 2), maxErr <= 1e-3)
			firms = append(firms, map[string]any{"closed_form": cs.closed[p], "mean": m, "sd": sdJSON(vals), "max_abs_error": maxErr})
		}
		result[cs.name] = firms
		if err := writeHierarchyTrace(filepath.Join(opt.Out, fmt.Sprintf("metrics_%d.csv", i)), final[i][0]); err != nil {
			return err
		}
	}
	if err := t.Write(opt.Log, opt.Out); err != nil {
		return err
	}
	return experiment.WriteJSON(opt.Out, "results.json", result)
}

// checkOligopolyRun returns an error when res is not the final profile
// of firms firms, each of one quantity at least (the table reads each
// firm's first).
func checkOligopolyRun(res hierarchy.Result, firms int) error {
	if len(res.X) != firms {
		return fmt.Errorf("final profile of %d firms, want %d", len(res.X), firms)
	}
	for p, x := range res.X {
		if len(x) == 0 {
			return fmt.Errorf("final profile: firm %d has no quantity", p+1)
		}
	}
	return nil
}

// writeHierarchyTrace writes one run's recorded quantities and profits.
func writeHierarchyTrace(path string, res hierarchy.Result) error {
	n := len(res.X)
	header := []string{"step"}
	for p := 0; p < n; p++ {
		header = append(header, fmt.Sprintf("q%d", p+1))
	}
	for p := 0; p < n; p++ {
		header = append(header, fmt.Sprintf("profit%d", p+1))
	}
	w := experiment.NewWholeCSV(path, header) // written whole on Close: never a cut file
	for _, st := range res.Trace {
		row := []float64{float64(st.K)}
		for _, x := range st.X {
			row = append(row, x[0])
		}
		row = append(row, st.F...)
		if err := w.Row(row...); err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}
