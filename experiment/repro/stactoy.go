package repro

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
)

func init() {
	Register(Reproduction{
		Name:        "stac-toy",
		Description: "Zheng et al. §3 / App. A (Figs. 1, 2, 4–7): the actor-critic toy game — individual vs Stackelberg vs regularised Stackelberg gradient, a sweep of both step sizes and λ, and the soft (SAC) version",
		Jobs:        stacToyJobs,
		Report:      reportStacToy,
		QuickSettings: func(Options) string {
			fullActors, fullCritics := stacToySweepGrid(Options{})
			actors, critics := stacToySweepGrid(Options{Quick: true})
			return quickSettings(shortened(stacToyIterations(Options{Quick: true}), stacToyIterations(Options{}), "iterations"),
				fmt.Sprintf("a %d × %d step-size sweep instead of %d × %d", len(actors), len(critics), len(fullActors), len(fullCritics)))
		},
	})
}

// stacToyStarts are the initial (θ, w) of the trajectories.
var stacToyStarts = [][2]float64{{0.8, 0.6}, {-0.7, 0.5}, {0.5, -0.9}, {-0.6, -0.6}}

// stacToyVariant is one update rule of Fig. 4 and what its runs did.
type stacToyVariant struct {
	name    string
	slug    string
	make    func(g game.Game) (learn.Dynamics, error) // for the vector field
	paths   []*learn.Trace
	metrics []toyMetrics
	// failed holds, per start, the error of its run when it failed (its
	// path is then nil and its metrics zero), else "".
	failed []string
}

// The step sizes of the figures (the paper prints none): actor 0.05,
// critic 0.5, inside the region where the sweep finds the paper's ordering.
const stacToyActorLR, stacToyCriticLR = 0.05, 0.5

// stacToyRule is an update rule as a dynamics config block, on the toy game
// (Figs. 1, 4, 5) or its soft actor-critic version (Figs. 2, 6, 7).
type stacToyRule struct {
	name, slug, dynamics string
	soft                 bool
}

// stacToyRules are the update rules compared: the individual gradient and
// the Stackelberg gradient with λ = 0, 0.01, 0.1 on the toy game; SAC (the
// individual gradient) and STSAC-AL (Stackelberg, λ = 0) on the soft one.
var stacToyRules = []stacToyRule{
	{"individual gradient (SGA)", "sga", "kind: sga", false},
	{"Stackelberg λ=0", "stackelberg-0", "kind: stackelberg\n  solver: {kind: exact, lambda: 0}", false},
	{"Stackelberg λ=0.01", "stackelberg-0.01", "kind: stackelberg\n  solver: {kind: exact, lambda: 0.01}", false},
	{"Stackelberg λ=0.1", "stackelberg-0.1", "kind: stackelberg\n  solver: {kind: exact, lambda: 0.1}", false},
	{"SAC (individual gradient)", "soft-sac", "kind: sga", true},
	{"STSAC-AL (Stackelberg λ=0)", "soft-stsac-al", "kind: stackelberg\n  solver: {kind: exact, lambda: 0}", true},
}

// stacToyIterations is the length of each run.
func stacToyIterations(opt Options) int {
	if opt.Quick {
		return 4000
	}
	return 20000
}

// stacToyJobs lists the runs of the toy game of Zheng et al. (actor θ
// maximises J = wθ, critic w minimises L = (wθ + θ²/5)², θ, w ∈ [−1, 1]) and
// of its soft version: every rule from every start, recorded at every
// iteration, in <rule>/start<i>/, labelled by rule and start (`sweep
// status` tells the four starts of a rule apart). The runs are
// deterministic (no noise); the seed is 0.
func stacToyJobs(opt Options) ([]experiment.Job, error) {
	var jobs []experiment.Job
	for _, r := range stacToyRules {
		g := "ac-toy"
		if r.soft {
			g = "soft-ac-toy"
		}
		for i, s := range stacToyStarts {
			text := fmt.Sprintf("name: stac-toy-%s\ngame: {builtin: %s}\ndynamics:\n  %s\n"+
				"  leader_lr: {constant: %s}\n  follower_lr: {constant: %s}\niterations: %d\nrecord_every: 1\ninit: {x: [%s], y: [%s]}\n",
				r.slug, g, r.dynamics, num(stacToyActorLR), num(stacToyCriticLR), stacToyIterations(opt), num(s[0]), num(s[1]))
			start := fmt.Sprintf("start%d", i+1)
			j, err := configJob(text, 0, r.slug+"/"+start, map[string]string{"rule": r.slug, "start": start})
			if err != nil {
				return nil, err
			}
			jobs = append(jobs, j)
		}
	}
	sweep, err := stacToySweepJobs(opt)
	if err != nil {
		return nil, err
	}
	return append(jobs, sweep...), nil
}

// stacToyFigureNames are the figures reportStacToy can draw
// (resetReport): the fields and curves of stacToyFigures, plain and soft_,
// and the sweep's maps of stacToySweepFigures.
func stacToyFigureNames() []string {
	var names []string
	for _, prefix := range []string{"", "soft_"} {
		for i := range stacToyRules {
			names = append(names, fmt.Sprintf("%sfig4_%d_field", prefix, i))
		}
		names = append(names, prefix+"fig5a_error", prefix+"fig5b_return")
	}
	for _, m := range toyMethods {
		names = append(names, "sweep_"+m.slug)
	}
	return names
}

// reportStacToy measures every run (iterations until ‖(θ, w)‖² stays below
// 1e-4, sign changes of θ, the error at fixed iterations), draws the paths
// and the returns, and reads the sweep of both step sizes for every rule
// (the task jobs of stacToySweepJobs, after the rules' runs).
func reportStacToy(ctx context.Context, opt Options, jobs []experiment.Job) error {
	iters := stacToyIterations(opt)
	resetReport(opt.Out, stacToyFigureNames()...)
	// A failed run is marked in its cell of the tables and left out of the
	// figures.
	errs := failedRuns(opt.Out, jobs)
	var plain, soft []*stacToyVariant
	for ri, r := range stacToyRules {
		cfg, err := jobs[ri*len(stacToyStarts)].ParseConfig()
		if err != nil {
			return err
		}
		v := &stacToyVariant{name: r.name, slug: r.slug, make: func(g game.Game) (learn.Dynamics, error) {
			return experiment.BuildDynamics(cfg.Dynamics, g)
		}}
		for si, s := range stacToyStarts {
			if e, ok := errs[jobs[ri*len(stacToyStarts)+si].ID]; ok {
				v.paths, v.metrics, v.failed = append(v.paths, nil), append(v.metrics, toyMetrics{}), append(v.failed, e)
				continue
			}
			_, tr, err := readSmoothRun(opt.Out, jobs[ri*len(stacToyStarts)+si], true)
			if err != nil {
				return fmt.Errorf("%s from (%g, %g): %w", r.name, s[0], s[1], err)
			}
			v.paths = append(v.paths, tr)
			v.metrics = append(v.metrics, traceMetrics(tr))
			v.failed = append(v.failed, "")
		}
		if r.soft {
			soft = append(soft, v)
		} else {
			plain = append(plain, v)
		}
	}
	g, err := game.Builtin("ac-toy", nil)
	if err != nil {
		return err
	}
	result := map[string]any{"iterations": iters, "target": stacToyTarget, "actor_lr": stacToyActorLR, "critic_lr": stacToyCriticLR,
		"checkpoints": toyCheckpoints}
	if err := toyTable(opt, "Actor-critic toy game (Fig. 1, 4, 5)", plain, iters, result, toyFiguresNote("", "Fig. 4", "Fig. 5", "R(θ) = −θ²/5")); err != nil {
		return err
	}
	if err := stacToyFigures(opt.Out, "", g, plain); err != nil {
		return err
	}

	// The sweep of both step sizes, every rule.
	actors, critics := stacToySweepGrid(opt)
	cells, err := readStacToySweep(opt.Out, jobs[len(stacToyRules)*len(stacToyStarts):], actors, critics, errs)
	if err != nil {
		return err
	}
	sweep := map[string]any{"actor_lr": actors, "critic_lr": critics}
	for mi, m := range toyMethods {
		sweep[m.slug] = cells[mi]
	}
	result["sweep"] = sweep
	if err := sweepTable(opt, actors, critics, cells, iters, !opt.Quick); err != nil {
		return err
	}
	if err := stacToySweepFigures(opt.Out, actors, critics, cells, iters); err != nil {
		return err
	}

	// The soft actor-critic version (Figs. 2, 6, 7).
	sg := game.NewSoftACToy(game.SoftACToyParams{})
	sres := map[string]any{"sigma": sg.Sigma, "eta": sg.Eta}
	if err := toyTable(opt, fmt.Sprintf("Soft actor-critic version (Figs. 2, 6, 7; policy a = tanh(θ + σε), σ = %g, entropy weight η = %g)", sg.Sigma, sg.Eta), soft, iters, sres,
		toyFiguresNote("soft_", "Fig. 6", "Fig. 7", "E[R(a)] = −E[a²]/5, the expected reward of the stochastic policy")); err != nil {
		return err
	}
	result["soft"] = sres
	if err := stacToyFigures(opt.Out, "soft_", sg, soft); err != nil {
		return err
	}
	return experiment.WriteJSON(opt.Out, "results.json", result)
}

// toyFiguresNote says what stacToyFigures draws with prefix: the paths
// over the vector field (fields, the paper's Fig. 4 or 6), the error and
// the actor's return along the first start's paths (curves, Fig. 5 or 7),
// the return being ret.
func toyFiguresNote(prefix, fields, curves, ret string) string {
	start := stacToyStarts[0]
	return fmt.Sprintf("Figures: %[1]sfig4_<i>_field.png/svg (%[2]s), one per update in the order of the table: its normalised vector field (grey arrows) "+
		"with the paths from the four starts (rings) to the equilibrium (0, 0) (triangle). %[1]sfig5a_error (%[3]sa), the error ‖(θ, w) − (0, 0)‖² "+
		"along the path from (%[4]g, %[5]g), log scale, floored at 1e-16; %[1]sfig5b_return (%[3]sb): where the paper plots the actor's return "+
		"%[6]s itself, the gap R(0) − R to its maximum R(0), log scale, floored at 1e-16 (on a linear axis the first iterations flatten the rest to a line). "+
		"One deterministic path per update, no band.", prefix, fields, curves, start[0], start[1], ret)
}

// toyTable writes the table of a set of variants and fills result; figures
// is a note on the figures drawn from them.
func toyTable(opt Options, title string, variants []*stacToyVariant, iters int, result map[string]any, figures string) error {
	t := Table{
		Title: fmt.Sprintf("%s: iterations until ‖(θ, w)‖² stays below 1e-4 (actor step %g, critic step %g, %d iterations, 4 starts)",
			title, stacToyActorLR, stacToyCriticLR, iters),
		Header: []string{"update"},
		Notes: []string{
			"\"Stays below\" is the first iteration after which the error never again reaches 1e-4 within the run; \"never\" means it is above 1e-4 at the end. " +
				"\"First below\" is the first iteration under 1e-4, which credits a path that leaves the target again (as the individual gradient's does).",
			"θ sign changes (summed over the starts) count how often the actor crosses θ = 0: the cycling of Fig. 1a/4a.",
			figures,
		},
	}
	// Zheng et al. (Section 3.2, Appendix A) print none of the settings of
	// these figures.
	unstated := fmt.Sprintf("actor step %g and critic step %g (a pair where the sweep finds the paper's ordering), the four starts, %d iterations, the λ of the regularised rows",
		stacToyActorLR, stacToyCriticLR, iters)
	if _, soft := result["sigma"]; soft {
		unstated += ", the policy's σ and the entropy weight η"
	}
	t.Notes = append(t.Notes, "The paper prints no step sizes, starts, iteration count or other settings for these figures: "+unstated+" are stackel's.")
	for _, s := range stacToyStarts {
		t.Header = append(t.Header, fmt.Sprintf("stays below, from (%g, %g)", s[0], s[1]))
	}
	t.Header = append(t.Header, "first below (range)", "θ sign changes")
	for _, c := range toyCheckpoints {
		if c <= iters {
			t.Header = append(t.Header, fmt.Sprintf("error at %d (max)", c))
		}
	}
	for _, v := range variants {
		row := []any{v.name}
		lo, hi, signs := math.MaxInt, -1, 0
		// Per start, null for a failed run's (JSON as []int, [][]float64
		// and []float64 when none failed).
		var settle, first, sign, errAt, finals []any
		done := 0
		failed := map[string]string{}
		for si, m := range v.metrics {
			if e := v.failed[si]; e != "" {
				row = append(row, "failed: "+e)
				settle, first, sign, errAt, finals = append(settle, nil), append(first, nil), append(sign, nil), append(errAt, nil), append(finals, nil)
				failed[fmt.Sprintf("start%d", si+1)] = e
				continue
			}
			done++
			if m.Settle < 0 {
				row = append(row, "never")
			} else {
				row = append(row, m.Settle)
			}
			if m.First >= 0 {
				lo, hi = min(lo, m.First), max(hi, m.First)
			}
			signs += m.SignChanges
			settle, first, sign = append(settle, m.Settle), append(first, m.First), append(sign, m.SignChanges)
			var at []float64 // the checkpoints within the run (JSON has no NaN)
			for i, c := range toyCheckpoints {
				if c <= iters {
					at = append(at, m.ErrAt[i])
				}
			}
			errAt = append(errAt, at)
			finals = append(finals, m.Final)
		}
		// Over the starts whose runs finished, said when some failed.
		of := func(cell any) any {
			if done == len(v.metrics) {
				return cell
			}
			if done == 0 {
				return "—"
			}
			return fmt.Sprintf("%v (%d of %d starts)", cell, done, len(v.metrics))
		}
		if hi < 0 {
			row = append(row, of("never"))
		} else {
			row = append(row, of(fmt.Sprintf("%d–%d", lo, hi)))
		}
		row = append(row, of(signs))
		for i, c := range toyCheckpoints {
			if c > iters {
				continue
			}
			mx := 0.0
			for si, m := range v.metrics {
				if v.failed[si] == "" {
					mx = math.Max(mx, m.ErrAt[i])
				}
			}
			row = append(row, of(fmt.Sprintf("%.2g", mx)))
		}
		t.Add(row...)
		// iterations_to_target (= first_below) and final_error keep the
		// keys of the earlier results.json.
		res := map[string]any{"iterations_to_stay_below": settle, "first_below": first, "iterations_to_target": first,
			"theta_sign_changes": sign, "error_at": errAt, "final_error": finals}
		if len(failed) > 0 {
			res["failed"] = failed
		}
		result[v.name] = res
	}
	return t.Write(opt.Log, opt.Out)
}

// sweepTable summarises the sweep: for every rule, the cells where every
// start settles without cycling, and the fastest of them.
func sweepTable(opt Options, actors, critics []float64, cells [][][]toyCell, iters int, full bool) error {
	t := Table{
		Title:  fmt.Sprintf("Step-size sweep (%d × %d constant steps, 4 starts, %d iterations): where each rule converges without cycling", len(actors), len(critics), iters),
		Header: []string{"update", "cells settled (of all)", "settled without cycling", "fastest without cycling (α_θ, α_w): iterations", "fastest overall (α_θ, α_w): iterations, θ sign changes"},
		Notes: []string{
			fmt.Sprintf("A cell settles when the error stays below 1e-4 from all four starts within the run; it cycles when θ changes sign at least %d times on some path. "+
				"Figures sweep_<rule>.png map the cells: colour and text give the iterations until the error stays below 1e-4 (grey: never within the run), \"c N\" marks N sign changes of θ.", toyCycling),
			fmt.Sprintf("Actor steps %s; critic steps %s.", floatList(actors), floatList(critics)),
		},
	}
	for mi, m := range toyMethods {
		settled, clean := 0, 0
		best, bestAll := "—", "—"
		bestIt, bestAllIt := math.MaxInt, math.MaxInt
		for ci, c := range critics {
			for ai, a := range actors {
				cell := cells[mi][ci][ai]
				if cell.Settle < 0 {
					continue
				}
				settled++
				if cell.Settle < bestAllIt {
					bestAllIt, bestAll = cell.Settle, fmt.Sprintf("(%g, %g): %d, %d", a, c, cell.Settle, cell.SignChanges)
				}
				if cell.SignChanges >= toyCycling {
					continue
				}
				clean++
				if cell.Settle < bestIt {
					bestIt, best = cell.Settle, fmt.Sprintf("(%g, %g): %d", a, c, cell.Settle)
				}
			}
		}
		t.Add(m.name, fmt.Sprintf("%d/%d", settled, len(actors)*len(critics)), clean, best, bestAll)
		for ci, c := range critics {
			for ai, a := range actors {
				if e := cells[mi][ci][ai].Error; e != "" {
					t.Notes = append(t.Notes, fmt.Sprintf("Failed run: %s at (α_θ, α_w) = (%g, %g): %s; counted as not settled, marked \"failed\" in its figure.", m.name, a, c, e))
				}
			}
		}
	}
	if !full {
		return t.Write(opt.Log, opt.Out)
	}
	var b strings.Builder
	b.WriteString("The region of the paper's Figs. 1 and 5: the individual gradient converges while cycling, the Stackelberg gradient converges without cycling and faster, regularisation faster still. ")
	b.WriteString("In the sweep that is the band of critic steps 0.5–1 with small actor steps (e.g. α_θ = 0.05: individual gradient settles at 19–20k iterations after 17 sign changes, Stackelberg λ = 0 at 5–10k without any, λ = 0.01 at 1.4–2.7k but with 4–5 sign changes); " +
		"there the paper's ordering holds, but the regularised Stackelberg gradient, the fastest, does cycle. With larger critic steps (2–5) λ = 0 is fastest and never cycles while the individual gradient does not converge at all; with critic steps ≤ 0.2 λ = 0 does not settle within the run (the critic's curvature 2θ² vanishes at the equilibrium).")
	t.Notes = append(t.Notes, b.String())
	return t.Write(opt.Log, opt.Out)
}

// floatList writes 0.01, 0.02, 0.05 (not a Go slice).
func floatList(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%g", x)
	}
	return strings.Join(parts, ", ")
}
