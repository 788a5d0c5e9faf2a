package repro

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn/uncoupled"
	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/plot"
)

func init() {
	Register(Reproduction{
		Name:        "negotiation",
		Description: "Loftin et al. §4, Algorithm 2: online role negotiation in the Cournot duopoly, a fully cooperative game and a game where both prefer player 1 to lead (the paper runs no such experiment: games and schedules are stackel's)",
		Jobs:        negotiationJobs,
		Report:      reportNegotiation,
		QuickSettings: func(opt Options) string {
			fullSeeds, full := negotiationPlan(Options{})
			quickSeedCount, quick := negotiationPlan(Options{Quick: true})
			return quickSettings(shortened(quick, full, "meta-intervals"), quickSeeds(opt, fullSeeds, quickSeedCount))
		},
	})
	experiment.RegisterTypedTask(negotiationTaskKind, negotiationTaskFunc)
}

// negotiationGame is one game of the role-negotiation reproduction.
type negotiationGame struct {
	name, doc string
	short     string // the game in a figure title
	build     func() (game.Game, error)
	beta      float64 // meta step, scaled to the game's payoff differences
	// expected describes what the payoff matrix predicts.
	expected string
}

// negotiationGames returns the three games: (a) the Cournot duopoly of
// §3.3; (b) a fully cooperative game f1 = f2 = −(x−1)² − (y−1)² − (x−y)²,
// whose DNE and DSE coincide at (1, 1) (Proposition 2.4); (c) a game in
// which both players prefer player 1 to lead:
//
//	f1 = −x²/2 + 4x + 4y,   f2 = −y²/2 + xy/2 + y + x.
//
// In (c) player 1's best response is x = 4 whatever y, so player 2 gains
// nothing by leading (its leader solution is its Nash play y = 3), while
// player 1, valuing y (which rises with x along r2(x) = x/2 + 1), leads to
// x = 6, y = 4. Payoffs: 1 leads (22, 14); Nash, 2 leads or both follow
// (20, 8.5). Both prefer player 1 to lead.
func negotiationGames() []negotiationGame {
	box := game.Domain{Kind: game.Box, Lo: []float64{-10}, Hi: []float64{10}}
	return []negotiationGame{
		{
			name: "cournot", doc: "Cournot duopoly A = 50, c = 1 (§3.3)", short: "Cournot duopoly (§3.3)",
			build: func() (game.Game, error) { return game.Builtin("cournot", nil) },
			beta:  1e-4,
			expected: "leading pays against either role (≈300 > 266.8 against a follower; ≈266.8 > 150 against a leader): " +
				"both should lead, ending at the Nash payoffs",
		},
		{
			name: "cooperative", doc: "f1 = f2 = −(x−1)² − (y−1)² − (x−y)²", short: "cooperative game (f1 = f2)",
			build: func() (game.Game, error) {
				f := "-(x[0]-1)*(x[0]-1) - (y[0]-1)*(y[0]-1) - (x[0]-y[0])*(x[0]-y[0])"
				return game.NewFormula(game.FormulaSpec{Name: "cooperative", Sense: game.Payoff, Dims: [2]int{1, 1}, F1: f, F2: f, DomainX: box, DomainY: box})
			},
			beta:     0.01,
			expected: "the optimum (1, 1) is the same under every role; a Hi-C leader only adds perturbations: both should follow",
		},
		{
			name: "same-leader", doc: "f1 = −x²/2 + 4x + 4y, f2 = −y²/2 + xy/2 + y + x", short: "both prefer player 1 to lead",
			build: func() (game.Game, error) {
				return game.NewFormula(game.FormulaSpec{Name: "same-leader", Sense: game.Payoff, Dims: [2]int{1, 1},
					F1: "-x[0]*x[0]/2 + 4*x[0] + 4*y[0]", F2: "-y[0]*y[0]/2 + x[0]*y[0]/2 + y[0] + x[0]", DomainX: box, DomainY: box})
			},
			beta:     0.01,
			expected: "player 1 leading gives (22, 14) against (20, 8.5) otherwise: player 1 should lead and player 2 follow",
		},
	}
}

// NegotiationConfig returns the configuration of the negotiation
// reproduction with meta step beta: κ_n = 0.3, τ_n = 20000 stages, w_0 =
// π/4 (lead probability ½; w_0 = 0 of Algorithm 2 is a stationary point of
// Eq. 25, since p(w) = sin²w has ∇p(w) = sin 2w, 0 at w = 0), a `previous` meta baseline, Hi-C with
// constant α = 0.003, δ = 0.5, k = 50, `previous` baseline and 2 re-warm
// intervals after each restart, and a gradient follower with step 0.1.
func NegotiationConfig(beta float64, dom game.Domain) uncoupled.NegotiatorConfig {
	return uncoupled.NegotiatorConfig{
		Meta: uncoupled.MetaConfig{Beta: loop.Constant(beta), Kappa: loop.Constant(0.3), Tau: loop.Constant(20000),
			W0: math.Pi / 4, Baseline: uncoupled.Baseline{Kind: uncoupled.PreviousBaseline}},
		Leader: uncoupled.HiCConfig{Alpha: loop.Constant(0.003), Delta: loop.Constant(0.5), Commitment: loop.Constant(50),
			Baseline: uncoupled.Baseline{Kind: uncoupled.PreviousBaseline}, BurnIn: 2},
		Follower: uncoupled.GradientConfig{LR: loop.Constant(0.1)},
		Domain:   dom,
	}
}

// negotiationPlan is the number of seeds and meta-intervals.
//
// Quick: 4 seeds × 30 meta-intervals instead of 16 × 200.
func negotiationPlan(opt Options) (seeds, meta int) {
	meta = 200
	if opt.Quick {
		meta = 30
	}
	return planSeeds(opt, 16, 4), meta
}

// negotiationTaskKind is the task that negotiates roles in one game with
// one seed (role negotiation has no configuration form).
const negotiationTaskKind = "repro/negotiation"

// negotiationTask are the parameters of a negotiation task.
type negotiationTask struct {
	// Game names one of negotiationGames; Meta is the number of
	// meta-intervals.
	Game string `json:"game"`
	Meta int    `json:"meta_intervals"`
	// BetaScale multiplies the game's meta step β (0 or 1: the default;
	// omitted then, so that the default tasks keep their job IDs).
	BetaScale float64 `json:"beta_scale,omitempty"`
}

// negotiationTaskFunc is the registered task: runNegotiationTask with its
// outcome written as summary.json.
var negotiationTaskFunc = summaryTask(runNegotiationTask)

// negotiationJobs lists one task per seed and game, in <game>/seed<k>/.
func negotiationJobs(opt Options) ([]experiment.Job, error) {
	seeds, meta := negotiationPlan(opt)
	names := negotiationNames()
	return seedTaskJobs(negotiationTaskKind, seeds, names, func(i int) any {
		return negotiationTask{Game: names[i], Meta: meta}
	}, func(i int) map[string]string { return map[string]string{"game": names[i]} })
}

// negotiationNames are the games' names, which name their directories.
func negotiationNames() []string {
	var names []string
	for _, ng := range negotiationGames() {
		names = append(names, ng.name)
	}
	return names
}

// runNegotiationTask runs Algorithm 2 on one game with one seed and writes
// its uncoupled.NegotiationResult is the summary.json.
func runNegotiationTask(ctx context.Context, p negotiationTask, seed uint64) (any, error) {
	if p.Meta <= 0 || p.BetaScale < 0 || math.IsNaN(p.BetaScale) || math.IsInf(p.BetaScale, 0) {
		return nil, fmt.Errorf("negotiation task: need meta_intervals > 0 and a finite beta_scale ≥ 0, have %d and %v", p.Meta, p.BetaScale)
	}
	for i, ng := range negotiationGames() {
		if ng.name != p.Game {
			continue
		}
		g, err := ng.build()
		if err != nil {
			return nil, err
		}
		ev := game.NewEvaluator(g) // one per goroutine: compiled evaluators are not shared
		v1, v2 := uncoupled.Split(ev, g.Sense())
		dx, dy := g.Domains()
		r1, r2 := experiment.NewRand(seed, 10+2*uint64(i)), experiment.NewRand(seed, 11+2*uint64(i))
		x0 := []float64{dx.Lo[0] + (dx.Hi[0]-dx.Lo[0])*r1.Float64()}
		y0 := []float64{dy.Lo[0] + (dy.Hi[0]-dy.Lo[0])*r2.Float64()}
		beta := ng.beta
		if p.BetaScale != 0 {
			beta *= p.BetaScale
		}
		p1, err := uncoupled.NewNegotiator(v1, x0, NegotiationConfig(beta, dx), r1)
		if err != nil {
			return nil, err
		}
		p2, err := uncoupled.NewNegotiator(v2, y0, NegotiationConfig(beta, dy), r2)
		if err != nil {
			return nil, err
		}
		res, err := uncoupled.Negotiate(ctx, p1, p2, uncoupled.NewReferee(ev, g.Sense()), p.Meta)
		if err != nil {
			return nil, fmt.Errorf("seed %d, %s: %w", seed, ng.name, err)
		}
		return res, nil
	}
	return nil, fmt.Errorf("negotiation task: unknown game %q", p.Game)
}

// reportNegotiation reports the lead probabilities sin²w and the payoffs
// over meta-intervals across seeds, and how many seeds settled on which
// roles, in each of the three games.
func reportNegotiation(_ context.Context, opt Options, jobs []experiment.Job) error {
	seeds, meta := negotiationPlan(opt)
	resetReport(opt.Out, negotiationFigureNames()...)
	games := negotiationGames()
	for _, ng := range games {
		resetData(opt.Out, "metrics_"+ng.name+".csv")
	}
	runs, err := readSeedSummaries[uncoupled.NegotiationResult](opt.Out, jobs, negotiationNames())
	if err != nil {
		return err
	}
	for i := range games {
		for s, r := range runs[i] {
			if err := checkNegotiationRun(r, meta); err != nil {
				return fmt.Errorf("%s: %w", filepath.Join(opt.Out, jobs[s*len(games)+i].Out, experiment.SummaryFile), err)
			}
		}
	}
	result := map[string]any{"seeds": seeds, "meta_intervals": meta, "tau": 20000}
	for i, ng := range games {
		t := Table{
			Title: fmt.Sprintf("Role negotiation, %s (%s): %s, %d meta-intervals of 20000 stages", ng.name, ng.doc, seedCount(seeds), meta),
			Header: []string{"meta-interval", "P(1 leads) mean ± sd", "P(2 leads) mean ± sd", "1 led (share of seeds)", "2 led (share)",
				"a¹ mean ± sd", "a² mean ± sd"}, // sd over seeds; the figures' bands are standard errors
			Notes: []string{"Expected: " + ng.expected + ".", negotiationFigureNote(ng.name), spreadRule},
		}
		if i == 0 {
			t.Notes = append(t.Notes, negotiationNotThePapers)
		}
		for _, n := range checkpoints(meta) {
			var p1, p2, l1, l2, a1, a2 []float64
			for _, r := range runs[i] {
				st := r.Steps[n-1]
				p1, p2 = append(p1, st.P[0]), append(p2, st.P[1])
				l1, l2 = append(l1, b2f(st.Lead[0])), append(l2, b2f(st.Lead[1]))
				a1, a2 = append(a1, st.Avg[0]), append(a2, st.Avg[1])
			}
			t.Add(n, pm(p1), pm(p2), mean(l1), mean(l2), pm(a1), pm(a2))
		}
		outcomes := map[string]int{}
		for _, r := range runs[i] {
			last := r.Steps[len(r.Steps)-1]
			outcomes[roleOf(last.P[0])+"/"+roleOf(last.P[1])]++
		}
		t.Notes = append(t.Notes, fmt.Sprintf("Roles at the end (lead if sin²w > 0.95, follow if < 0.05, else mixed; player 1/player 2), seeds: %s.", countList(outcomes)))
		if err := t.Write(opt.Log, opt.Out); err != nil {
			return err
		}
		result[ng.name] = map[string]any{"expected": ng.expected, "final_roles": outcomes, "beta": ng.beta}
		if err := writeNegotiation(filepath.Join(opt.Out, "metrics_"+ng.name+".csv"), runs[i]); err != nil {
			return err
		}
		if err := negotiationFigure(filepath.Join(opt.Out, "negotiation_"+ng.name), "Role negotiation: "+ng.short, runs[i]); err != nil {
			return err
		}
	}
	return experiment.WriteJSON(opt.Out, "results.json", result)
}

// checkNegotiationRun returns an error when r does not hold one record per
// meta-interval of a run of meta meta-intervals (the tables and figures
// read them all).
func checkNegotiationRun(r uncoupled.NegotiationResult, meta int) error {
	if len(r.Steps) != meta {
		return fmt.Errorf("%d meta-intervals recorded, want %d", len(r.Steps), meta)
	}
	return nil
}

// negotiationNotThePapers says, under the first game's table, what of the
// reproduction is the paper's: Loftin et al. §4 runs no experiment with
// Algorithm 2.
const negotiationNotThePapers = "Loftin et al. §4 reports no experiment with Algorithm 2: the cooperative and same-leader games, " +
	"the schedules (β, κ = 0.3, τ = 20000; Hi-C's constant α = 0.003, δ = 0.5, k = 50), w_0 = π/4 and the baselines are stackel's, " +
	"and the expected roles follow from the games' payoffs and §4's aims (in a fully cooperative task both should follow)."

// negotiationFigureNote says in a game's table what its figure and CSV
// hold: the figure's band is one standard error of the mean over seeds
// (negotiationFigure), the CSV's columns the mean, min and max.
func negotiationFigureNote(name string) string {
	return fmt.Sprintf("Figure negotiation_%s.png/svg: both lead probabilities sin²w against the meta-interval, the mean over seeds "+
		"± one standard error (clipped to [0, 1]); metrics_%s.csv holds per meta-interval their mean, min and max over seeds.", name, name)
}

// negotiationFigureNames are the figures reportNegotiation can draw,
// negotiation_<game> (resetReport).
func negotiationFigureNames() []string {
	var names []string
	for _, ng := range negotiationGames() {
		names = append(names, "negotiation_"+ng.name)
	}
	return names
}

// negotiationFigure draws both lead probabilities sin²w against the
// meta-interval: the mean over seeds with a band of ± one standard error
// of that mean, clipped to [0, 1].
func negotiationFigure(base, title string, runs []uncoupled.NegotiationResult) error {
	n := len(runs[0].Steps)
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i + 1)
	}
	var ss []plot.Series
	for k, name := range []string{"P(player 1 leads)", "P(player 2 leads)"} {
		vals := make([][]float64, len(runs))
		for s, r := range runs {
			vals[s] = make([]float64, n)
			for i, st := range r.Steps {
				vals[s][i] = st.P[k]
			}
		}
		// Mean over seeds ± one standard error (clipped to [0, 1]): the
		// min–max band of single seeds spans all of [0, 1] and hides the
		// trend.
		sr, err := plot.MeanBand(name, x, vals, plot.StdErr)
		if err != nil {
			return err
		}
		for i := range sr.Lo {
			sr.Lo[i], sr.Hi[i] = math.Max(sr.Lo[i], 0), math.Min(sr.Hi[i], 1)
		}
		ss = append(ss, sr)
	}
	p, err := plot.Lines(plot.LinesFigure{
		Distinct: true, // each series a dash of its own: apart in greyscale
		Frame: plot.Frame{Title: title, XLabel: "meta-interval", XIntegers: true,
			YLabel: "P(lead) = sin²w, mean ± s.e."},
		Series: ss,
	})
	return savePlot(filepath.Dir(base), filepath.Base(base), p, err) // savePlot marks a quick run's figure
}

// checkpoints returns about ten meta-intervals spread over 1…meta.
func checkpoints(meta int) []int {
	var out []int
	step := max(1, meta/10)
	for n := step; n <= meta; n += step {
		out = append(out, n)
	}
	if len(out) == 0 || out[len(out)-1] != meta {
		out = append(out, meta)
	}
	return out
}

func roleOf(p float64) string {
	switch {
	case p > 0.95:
		return "lead"
	case p < 0.05:
		return "follow"
	}
	return "mixed"
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func mean(v []float64) float64 { m, _ := MeanSD(v); return m }

// writeNegotiation writes, per meta-interval, the mean, min and max over
// seeds of both lead probabilities and both average payoffs, and the share
// of seeds in which each player led.
func writeNegotiation(path string, runs []uncoupled.NegotiationResult) error {
	header := []string{"meta_interval", "stage"}
	for _, q := range []string{"p1", "p2", "a1", "a2"} {
		header = append(header, q+"_mean", q+"_min", q+"_max")
	}
	header = append(header, "led1", "led2")
	w := experiment.NewWholeCSV(path, header) // written whole on Close: never a cut file
	stage := 0
	for n := range runs[0].Steps {
		stage += runs[0].Steps[n].Tau
		row := []float64{float64(n + 1), float64(stage)}
		var led [2]float64
		for q := 0; q < 4; q++ {
			vals := make([]float64, len(runs))
			for s, r := range runs {
				st := r.Steps[n]
				vals[s] = [4]float64{st.P[0], st.P[1], st.Avg[0], st.Avg[1]}[q]
				if q == 0 {
					led[0] += b2f(st.Lead[0]) / float64(len(runs))
					led[1] += b2f(st.Lead[1]) / float64(len(runs))
				}
			}
			m, _ := MeanSD(vals)
			lo, hi := minMax(vals)
			row = append(row, m, lo, hi)
		}
		row = append(row, led[0], led[1])
		if err := w.Row(row...); err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}

// countList writes counts as "lead/lead: 6, lead/mixed: 4" in key order,
// not as a Go map.
func countList(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
