package repro

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/markov"
)

func init() {
	for _, name := range []string{"patrol", "epidemic"} {
		name := name
		Register(Reproduction{
			Name: "markov-" + name,
			Description: fmt.Sprintf("Das et al.: Stackelberg vs simultaneous policy gradient on the built-in %s Markov game "+
				"(exact gradients, entropy-regularised follower)", name),
			Jobs: func(opt Options) ([]experiment.Job, error) { return markovJobs(name, opt) },
			Report: func(_ context.Context, opt Options, jobs []experiment.Job) error {
				return reportMarkov(name, opt, jobs)
			},
			QuickSettings: func(Options) string { return markovQuickSettings(name) },
		})
	}
}

// markovCurve is one dynamics' recorded statistics.
type markovCurve struct {
	iters, v1, hier, gap []float64
}

// markovSettings are the built-in game's default policy-gradient settings
// (markov.DefaultConfig: exact gradients, constant steps), shortened to
// 5000 iterations with --quick, recording about 500 rows.
func markovSettings(name string, opt Options) (markov.Config, error) {
	cfg, err := markov.DefaultConfig(name)
	if err != nil {
		return cfg, err
	}
	if opt.Quick {
		cfg.Iterations = 5000
	}
	cfg.RecordEvery = max(1, cfg.Iterations/500)
	return cfg, nil
}

// markovQuickSettings says what --quick changes in the Markov
// reproduction of the built-in game name: every field of its settings
// (markovSettings) in which the quick runs differ from the full ones,
// compared field by field, "5000 iterations instead of 50000, a row every
// 10 iterations instead of every 100" ("" if the settings do not read).
func markovQuickSettings(name string) string {
	full, err1 := markovSettings(name, Options{})
	quick, err2 := markovSettings(name, Options{Quick: true})
	if err1 != nil || err2 != nil {
		return ""
	}
	var parts []string
	var walk func(prefix string, q, f reflect.Value)
	walk = func(prefix string, q, f reflect.Value) {
		for i := range f.NumField() {
			field := f.Type().Field(i)
			qv, fv := q.Field(i), f.Field(i)
			if !field.IsExported() || reflect.DeepEqual(qv.Interface(), fv.Interface()) {
				continue
			}
			if field.Anonymous && fv.Kind() == reflect.Struct {
				walk(prefix, qv, fv)
				continue
			}
			parts = append(parts, markovQuickClause(prefix+field.Name, qv.Interface(), fv.Interface()))
		}
	}
	walk("", reflect.ValueOf(quick), reflect.ValueOf(full))
	return quickSettings(parts...)
}

// markovQuickClause writes the difference in the markov.Config field
// called path between a quick run's value q and a full run's f: "5000
// iterations instead of 50000", "a row every 10 iterations instead of
// every 100", and for a field it has no words for, "PATH Q instead of F".
func markovQuickClause(path string, q, f any) string {
	switch path {
	case "Iterations":
		return fmt.Sprintf("%v iterations instead of %v", q, f)
	case "RecordEvery":
		return fmt.Sprintf("a row every %v iterations instead of every %v", q, f)
	}
	return fmt.Sprintf("%s %v instead of %v", path, q, f)
}

// markovDynamics are the two runs compared, as config dynamics kinds.
var markovDynamics = []string{"stackelberg-pg", "simultaneous-pg"}

// markovJobs lists the two runs, two-timescale Stackelberg policy gradient
// (Eq. 8, 9, 19) and simultaneous policy gradient, from uniform policies on
// the built-in game with its default settings, in <dynamics>/.
func markovJobs(name string, opt Options) ([]experiment.Job, error) {
	cfg, err := markovSettings(name, opt)
	if err != nil {
		return nil, err
	}
	var jobs []experiment.Job
	for _, d := range markovDynamics {
		text := fmt.Sprintf("name: markov-%s-%s\ngame: {markov_builtin: %s}\ndynamics: {kind: %s}\niterations: %d\nrecord_every: %d\n",
			name, d, name, d, cfg.Iterations, cfg.RecordEvery)
		j, err := configJob(text, 0, d, map[string]string{"dynamics": d})
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

// readMarkovRun reads a finished policy-gradient run: the final result
// from summary.json and the recorded curve from metrics.csv (iter,
// leader_value, follower_value, hier_grad_norm, br_gap).
func readMarkovRun(root string, job experiment.Job) (markov.Result, *markovCurve, error) {
	dir, err := finishedRun(root, job)
	if err != nil {
		return markov.Result{}, nil, err
	}
	var sum struct {
		Final markov.Result `json:"final"`
		Error string        `json:"error"`
	}
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, experiment.SummaryFile))
	if err != nil {
		return markov.Result{}, nil, err
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		return markov.Result{}, nil, fmt.Errorf("%s: %w", dir, err)
	}
	if sum.Error != "" {
		return markov.Result{}, nil, fmt.Errorf("%s: %s", job.Out, sum.Error)
	}
	path := filepath.Join(dir, experiment.MetricsFile)
	rows, err := readColumns(path, 5)
	if err != nil {
		return markov.Result{}, nil, err
	}
	if len(rows) == 0 {
		// A finished run records its first iteration at least.
		return markov.Result{}, nil, fmt.Errorf("%s: no rows", path)
	}
	c := &markovCurve{}
	for _, r := range rows {
		c.iters = append(c.iters, r[0])
		c.v1 = append(c.v1, r[1])
		c.hier = append(c.hier, r[3])
		c.gap = append(c.gap, r[4])
	}
	return sum.Final, c, nil
}

// reportMarkov reports the leader's value and the stationarity of the
// hierarchical objective V1(θ1, B(θ1)) of both runs; a failed run's row
// says "failed: <error>", results.json lists it under "failed", and its
// curve is left out of the figures (with both failed, none is drawn).
func reportMarkov(name string, opt Options, jobs []experiment.Job) error {
	resetReport(opt.Out, markovFigureNames...)
	g, err := markov.Builtin(name, nil)
	if err != nil {
		return err
	}
	cfg, err := markovSettings(name, opt)
	if err != nil {
		return err
	}
	cmp := markov.Comparison{Game: g.Name, Lambda: g.Lambda}
	// A failed run (failed: its error by dynamics) is reported as such,
	// the other as it finished; with both failed the report says so, and
	// draws no figure.
	failed := map[string]string{}
	errs := failedRuns(opt.Out, jobs)
	var res [2]markov.Result
	var curves [2]*markovCurve
	for i, d := range markovDynamics {
		if e, ok := errs[jobs[i].ID]; ok {
			failed[d] = e
			continue
		}
		r, c, err := readMarkovRun(opt.Out, jobs[i])
		if err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
		res[i], curves[i] = r, c
	}
	s, m := res[0], res[1]
	st, sim := curves[0], curves[1]
	cmp.Stackelberg, cmp.Simultaneous = s, m
	t := Table{
		Title: fmt.Sprintf("%s: leader value V1 after %d iterations (steps α = %g, β = %g; exact gradients)",
			name, cfg.Iterations, cfg.LeaderLR.At(1), cfg.FollowerLR.At(1)),
		Header: []string{"dynamics", "V1 (leader)", "V2λ (follower)", "‖∇V1(θ1, B(θ1))‖", "br_gap ‖π2 − π_B(θ1)‖∞"},
	}
	switch _, stFailed := failed[markovDynamics[0]]; {
	case len(failed) == len(markovDynamics):
		t.Notes = append(t.Notes, "Both runs failed: neither the Stackelberg PG result, its gain over simultaneous PG, nor the acceptance can be said.")
	case len(failed) == 0:
		// The acceptance is the runs' own verdict (Theorem 1's stationarity
		// of V1(θ1, B(θ1)) with the follower at B(θ1)).
		verdict, err := markov.Assess(g, markov.StackelbergPG, s, markov.DefaultCriterion)
		if err != nil {
			return err
		}
		t.Notes = append(t.Notes, fmt.Sprintf("Stackelberg PG gains %+.6f in the leader's value over simultaneous PG. "+
			"Acceptance: %s for Stackelberg PG: %v.",
			s.LeaderValue-m.LeaderValue, verdict.Criterion, verdict.Converged))
	case stFailed:
		t.Notes = append(t.Notes, "The Stackelberg PG run failed: neither its gain over simultaneous PG nor the acceptance can be said.")
	default:
		verdict, err := markov.Assess(g, markov.StackelbergPG, s, markov.DefaultCriterion)
		if err != nil {
			return err
		}
		t.Notes = append(t.Notes, fmt.Sprintf("The simultaneous PG run failed: Stackelberg PG's gain over it cannot be said. "+
			"Acceptance: %s for Stackelberg PG: %v.", verdict.Criterion, verdict.Converged))
	}
	t.Notes = append(t.Notes, "Das et al. report no numerical experiment: the game and its λ (markov.Builtin), the steps and the number of iterations "+
		"(markov.DefaultConfig) are stackel's, a demonstration of the paper's algorithm (Eqs. 8, 9 with Eq. 19's gradient), not a result of the paper.")
	for i, d := range markovDynamics {
		if e, ok := failed[d]; ok {
			t.Add(dynamicsLabel(d), "failed: "+e, "—", "—", "—")
			continue
		}
		r := res[i]
		// A measure that could not be computed (the -1 of markov.Stats)
		// is "n/a" with a note saying why, not -1.00e+00 read as a norm.
		hg, br := fmt.Sprintf("%.2e", r.HierGradNorm), fmt.Sprintf("%.2e", r.BRGap)
		if r.HierGradNorm < 0 {
			hg = "n/a"
			t.Notes = append(t.Notes, fmt.Sprintf("%s ‖∇V1(θ1, B(θ1))‖: %s.", dynamicsLabel(d), markov.HierGradNormTextAt(r.HierGradNorm, r.BRGap, g.Lambda, "%.2e")))
		}
		if r.BRGap < 0 {
			br = "n/a"
			t.Notes = append(t.Notes, fmt.Sprintf("%s br_gap: %s.", dynamicsLabel(d), markov.BRGapText(r.BRGap, "%.2e")))
		}
		t.Add(dynamicsLabel(d), fmt.Sprintf("%.6f", r.LeaderValue), fmt.Sprintf("%.6f", r.FollowerValue), hg, br)
	}
	if err := t.Write(opt.Log, opt.Out); err != nil {
		return err
	}
	result := map[string]any{"game": name, "iterations": cfg.Iterations, "final": cmp}
	if len(failed) > 0 {
		// A failed run's result is left out of "final" (not zeros).
		final := map[string]any{"game": cmp.Game}
		if _, ok := failed[markovDynamics[0]]; !ok {
			final["stackelberg_pg"] = s
		}
		if _, ok := failed[markovDynamics[1]]; !ok {
			final["simultaneous_pg"] = m
		}
		result["final"], result["failed"] = final, failed
	}
	if err := experiment.WriteJSON(opt.Out, "results.json", result); err != nil {
		return err
	}
	if len(failed) == len(markovDynamics) {
		return nil // no curve to draw
	}
	return markovFigures(opt.Out, name, st, sim)
}
