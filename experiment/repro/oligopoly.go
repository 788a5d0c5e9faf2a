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
		Run:         reproduceOligopoly,
	})
}

// oligopolyCase is one hierarchy of the reproduction.
type oligopolyCase struct {
	name      string
	firms     int
	structure hierarchy.Structure
	rates     []loop.Schedule
	closed    []float64
}

// reproduceOligopoly runs the hierarchical gradient dynamics of Appendix C
// on the oligopoly P = A − ΣQ with unit cost c (A = 50, c = 1) from
// quantities uniform on [0, A] and compares the final profile with the
// closed forms derived in the learn/hierarchy package doc: leader (A − c)/2,
// each of N Nash followers (A − c)/(2(N + 1)); in the chain, firm i
// produces (A − c)/2^i. The leaders are slower than their followers
// (rates 0.05 < 0.2, and 0.05 < 0.1 < 0.3 for the chain).
//
// Quick: 4 seeds instead of 16 (the runs are short either way).
func reproduceOligopoly(ctx context.Context, opt Options) error {
	const A, c, N = 50.0, 1.0, 3
	seeds, steps := 16, 3000
	if opt.Quick {
		seeds = 4
	}
	if opt.Seeds > 0 {
		seeds = opt.Seeds
	}
	resetReport(opt.Out)
	lead, fol := hierarchy.OligopolyLeaderFollowers(A, c, N)
	cases := []oligopolyCase{
		{"leader+3 Nash followers (C.2)", N + 1, hierarchy.LeaderFollowers(N),
			[]loop.Schedule{loop.Constant(0.05), loop.Constant(0.2)}, []float64{lead, fol, fol, fol}},
		{"staggered chain of 3 (C.1)", 3, hierarchy.Staggered(3),
			[]loop.Schedule{loop.Constant(0.05), loop.Constant(0.1), loop.Constant(0.3)}, hierarchy.OligopolyStaggered(A, c, 3)},
	}
	final := make([][]hierarchy.Result, len(cases))
	for i := range final {
		final[i] = make([]hierarchy.Result, seeds)
	}
	err := experiment.ForSeeds(ctx, seeds, opt.Workers, opt.Progress, func(ctx context.Context, seed int) error {
		for i, cs := range cases {
			g, err := hierarchy.Oligopoly(A, c, cs.firms)
			if err != nil {
				return err
			}
			e, err := hierarchy.NewEvaluator(g, cs.structure)
			if err != nil {
				return err
			}
			r := experiment.NewRand(uint64(seed), uint64(i))
			x0 := make([][]float64, cs.firms)
			for p := range x0 {
				x0[p] = []float64{A * r.Float64()}
			}
			res, err := hierarchy.Run(ctx, e, x0, hierarchy.Config{Rates: cs.rates, Settings: loop.Settings{Iterations: steps, RecordEvery: 10}})
			if err != nil {
				return fmt.Errorf("seed %d, %s: %w", seed, cs.name, err)
			}
			final[i][seed] = res
		}
		return nil
	})
	if err != nil {
		return err
	}
	t := Table{
		Title:  fmt.Sprintf("Stackelberg oligopoly A = 50, c = 1: final quantities over %d seeds, %d steps", seeds, steps),
		Header: []string{"hierarchy", "firm", "closed form", "learned mean ± sd", "max |error|", "within 1e-3"},
		Notes: []string{"Closed forms (learn/hierarchy doc): one leader against N Nash followers produces (A − c)/2 and each " +
			"follower (A − c)/(2(N + 1)); the chain of three produces (A − c)/2, (A − c)/4, (A − c)/8."},
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
			t.Add(cs.name, p+1, fmt.Sprintf("%.6g", cs.closed[p]), fmt.Sprintf("%.6f ± %.2g", m, sd), fmt.Sprintf("%.2g", maxErr), maxErr <= 1e-3)
			firms = append(firms, map[string]any{"closed_form": cs.closed[p], "mean": m, "sd": sd, "max_abs_error": maxErr})
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
	w, err := experiment.NewCSV(path, header)
	if err != nil {
		return err
	}
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
