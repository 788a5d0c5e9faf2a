package hierarchy

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestRunStepOracle checks Run's update, Eq. 1 of Fiez et al. extended to
// levels, step by step against a hand loop: every direction is taken at
// the profile x_k before any player moves (simultaneous, not one level
// after the other), player p on level j steps by γ_{j,k+1} (the schedule
// indexed from 1: each level's List gives other values at k = 1, 2, 3),
// ascending payoffs and descending costs, then projects onto its box. The
// staggered oligopoly of three firms is run as given (payoffs) and with
// every objective negated and sense Cost, which must give the same
// profiles. Tolerance 1e-13 relative (the same operations in the same
// order, but two evaluators).
func TestRunStepOracle(t *testing.T) {
	pay, err := Oligopoly(50, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	cost := Game{Sense: game.Cost}
	for _, p := range pay.Players {
		f := p.Objective
		p.Objective = func(xs []*ad.Node) *ad.Node { return ad.Neg(f(xs)) }
		cost.Players = append(cost.Players, p)
	}
	rates := []loop.Schedule{loop.List{0.01, 0.04, 0.02}, loop.List{0.1, 0.3, 0.05}, loop.List{0.4, 0.2, 0.3}}
	x0 := [][]float64{{20}, {15}, {9}}
	const steps = 3

	// The oracle: directions of the payoff game at x_k, then the steps.
	oe, err := NewEvaluator(pay, Staggered(3))
	if err != nil {
		t.Fatal(err)
	}
	x := [][]float64{{20}, {15}, {9}}
	d := [][]float64{{0}, {0}, {0}}
	var want [][][]float64
	for k := 0; k < steps; k++ {
		if err := oe.Directions(d, x); err != nil {
			t.Fatal(err)
		}
		for p := range x {
			x[p][0] = math.Min(50, math.Max(0, x[p][0]+rates[p].At(k+1)*d[p][0]))
		}
		want = append(want, [][]float64{{x[0][0]}, {x[1][0]}, {x[2][0]}})
	}

	for _, g := range []Game{pay, cost} {
		e, err := NewEvaluator(g, Staggered(3))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), e, x0, Config{Rates: rates, Settings: loop.Settings{Iterations: steps, RecordEvery: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Trace) != steps+1 {
			t.Fatalf("sense %v: %d recorded steps, want %d", g.Sense, len(res.Trace), steps+1)
		}
		for k := 1; k <= steps; k++ {
			for p := range x0 {
				got, w := res.Trace[k].X[p][0], want[k-1][p][0]
				if math.Abs(got-w) > 1e-13*math.Max(1, math.Abs(w)) {
					t.Errorf("sense %v step %d player %d: %.17g, oracle %.17g", g.Sense, k, p, got, w)
				}
			}
		}
	}
}
