package uncoupled

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// sqrtHiC plays Hi-C (x0 = 0, δ = 0.1, commitment 3) against a gradient
// follower (y0 = 1, step 0.5) on the payoff formula game (f1, f2), with
// no recorder, and returns the outcome, the error and the leader's
// perturbed strategy x̃_1 = 0.1Δ_1 (Δ_1 the first bit of the seeded
// stream, Algorithm 1 line 4).
func sqrtHiC(t *testing.T, f1, f2 string) (Outcome, error, float64) {
	t.Helper()
	return playSqrtHiC(sqrtFormula(t, f1, f2))
}

// sqrtFormula is the payoff formula game (f1, f2) of one-dimensional
// strategies.
func sqrtFormula(t *testing.T, f1, f2 string) *game.Formula {
	t.Helper()
	g, err := game.NewFormula(game.FormulaSpec{Name: "sqrt", Sense: game.Payoff, Dims: [2]int{1, 1}, F1: f1, F2: f2})
	if err != nil {
		t.Fatal(err)
	}
	return g.(*game.Formula)
}

// playSqrtHiC is sqrtHiC's play on any game g.
func playSqrtHiC(g game.Game) (Outcome, error, float64) {
	run := HiCRun{
		Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.1), Commitment: loop.Constant(3)},
		Follower: GradientConfig{LR: loop.Constant(0.5)},
		Settings: loop.Settings{Iterations: 100},
	}
	xt := -0.1
	if rand.New(rand.NewPCG(5, 6)).Uint64()&1 == 1 {
		xt = 0.1
	}
	out, err := RunHiC(context.Background(), g, []float64{0}, []float64{1}, run, rand.New(rand.NewPCG(5, 6)), nil)
	return out, err, xt
}

// TestHiCLeaderPayoffNamesSubexpression: the leader's payoff
// sqrt(y[0]) − x[0]² turns NaN once the follower, climbing −(y[0] + 1)²
// with step 0.5, has gone from y = 1 to −1; the leader finds it at the end
// of its first interval (stage 2), and the error names, after the payoff,
// the sub-expression of the formula and the profile played.
func TestHiCLeaderPayoffNamesSubexpression(t *testing.T) {
	out, err, xt := sqrtHiC(t, "sqrt(y[0]) - x[0]*x[0]", "-(y[0] + 1)*(y[0] + 1)")
	want := fmt.Sprintf("stage 2: first agent: hic interval 1: leader payoff f1(x̃, ỹ) = NaN: f1: sqrt(y[0]) is NaN at 1:1 (x = [%g], y = [-1])", xt)
	if err == nil || err.Error() != want {
		t.Fatalf("error %v\nwant  %s", err, want)
	}
	if out.Status != loop.Diverged || loop.QuantityOf(err) != "leader payoff f1(x̃, ỹ)" || out.Stages != 2 {
		t.Errorf("status %v, quantity %q, stages %d; want diverged, the leader payoff, 2", out.Status, loop.QuantityOf(err), out.Stages)
	}
}

// TestHiCFollowerGradientNamesSubexpression: the follower's payoff
// sqrt(x[0] − y[0]) is NaN at the start (x̃ = ±0.1, y = 1), so is its
// gradient, and its first step (stage 0) makes its strategy NaN; the error
// names f2's sub-expression at the profile played.
func TestHiCFollowerGradientNamesSubexpression(t *testing.T) {
	out, err, xt := sqrtHiC(t, "-x[0]*x[0]", "sqrt(x[0] - y[0])")
	want := fmt.Sprintf("stage 0: second agent: gradient learner stage 1: strategy[0] = NaN (gradient NaN): f2: sqrt(x[0] - y[0]) is NaN at 1:1 (x = [%g], y = [1])", xt)
	if err == nil || err.Error() != want {
		t.Fatalf("error %v\nwant  %s", err, want)
	}
	if out.Status != loop.Diverged || loop.QuantityOf(err) != "gradient learner strategy" {
		t.Errorf("status %v, quantity %q; want diverged, the gradient learner strategy", out.Status, loop.QuantityOf(err))
	}
}

// TestHiCScheduleErrorNotDiagnosed: an error that is not a divergence (a
// schedule value out of range) is returned as it is, even on a formula
// game: δ_3 = −1 is refused when interval 2 ends (commitment 3, stage 5).
func TestHiCScheduleErrorNotDiagnosed(t *testing.T) {
	g, err := game.NewFormula(game.FormulaSpec{Name: "q", Sense: game.Payoff, Dims: [2]int{1, 1}, F1: "-x[0]*x[0]", F2: "-(y[0] - x[0])*(y[0] - x[0])"})
	if err != nil {
		t.Fatal(err)
	}
	run := HiCRun{
		Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: brokenDelta{}, Commitment: loop.Constant(3)},
		Follower: GradientConfig{LR: loop.Constant(0.5)},
		Settings: loop.Settings{Iterations: 100},
	}
	out, err := RunHiC(context.Background(), g, []float64{0}, []float64{1}, run, rand.New(rand.NewPCG(5, 6)), nil)
	want := "stage 5: first agent: hic: hic.delta δ_n: value -1 at interval n = 3 is not a finite positive number"
	if err == nil || err.Error() != want || out.Status != loop.Failed {
		t.Errorf("error %v (status %v), want %q (failed)", err, out.Status, want)
	}
}

// brokenDelta is 0.1 at the iterations Validate samples (1, 2, 10, 1000)
// and −1 at 3.
type brokenDelta struct{}

func (brokenDelta) At(k int) float64 {
	if k == 3 {
		return -1
	}
	return 0.1
}

// TestRunHiCRefusedIsFailed: a run refused before its first stage (initial
// strategies of the wrong length, a commitment of 0 stages) reports the
// status failed, not running (its zero value, until session 32).
func TestRunHiCRefusedIsFailed(t *testing.T) {
	g, err := game.NewFormula(game.FormulaSpec{Name: "q", Sense: game.Payoff, Dims: [2]int{1, 1}, F1: "-x[0]*x[0]", F2: "-y[0]*y[0]"})
	if err != nil {
		t.Fatal(err)
	}
	good := HiCRun{
		Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.1), Commitment: loop.Constant(3)},
		Follower: GradientConfig{LR: loop.Constant(0.5)},
		Settings: loop.Settings{Iterations: 10},
	}
	zero := good
	zero.Leader.Commitment = loop.Constant(0)
	for name, c := range map[string]struct {
		x0  []float64
		run HiCRun
	}{
		"strategy length": {[]float64{0, 0}, good},
		"commitment 0":    {[]float64{0}, zero},
	} {
		out, err := RunHiC(context.Background(), g, c.x0, []float64{1}, c.run, rand.New(rand.NewPCG(1, 2)), nil)
		if err == nil || out.Status != loop.Failed {
			t.Errorf("%s: status %v, error %v; want failed with an error", name, out.Status, err)
		}
	}
}

// TestHiCFollowerErrorNotBlamedOnLeaderPayoff: the follower climbing
// −(y[0] + 1)² + sqrt(y[0] + 0.5) from y = 1 (step 0.5, gradient
// −4 + 0.5/√1.5) lands at y = 1 − 0.5(4 − 0.5/√1.5) = −0.79587585…,
// where its gradient is NaN (stage 1); the leader payoff sqrt(y[0]) −
// x[0]² is NaN there too, but the leader has not evaluated it (its
// interval ends at stage 2). Diagnose names f1 first, so the follower's
// error was followed by "f1: sqrt(y[0]) is NaN", the leader's objective
// (until session 32); then it carried no diagnosis at all (f1 not finite
// where the follower failed); now the formula game is asked about f2
// alone (game.ObjectiveDiagnoser) and the error names f2's sub-expression.
func TestHiCFollowerErrorNotBlamedOnLeaderPayoff(t *testing.T) {
	out, err, xt := sqrtHiC(t, "sqrt(y[0]) - x[0]*x[0]", "-(y[0] + 1)*(y[0] + 1) + sqrt(y[0] + 0.5)")
	y1 := 1 - 0.5*(4-0.5/math.Sqrt(1.5))
	want := fmt.Sprintf("stage 1: second agent: gradient learner stage 2: strategy[0] = NaN (gradient NaN): f2: sqrt(y[0] + 0.5) is NaN at 1:26 (x = [%g], y = [%g])", xt, y1)
	if err == nil || err.Error() != want {
		t.Fatalf("error %v\nwant  %s", err, want)
	}
	if out.Status != loop.Diverged || loop.QuantityOf(err) != "gradient learner strategy" {
		t.Errorf("status %v, quantity %q; want diverged, the gradient learner strategy", out.Status, loop.QuantityOf(err))
	}
}

// diagnoserOnly is a formula game that names non-finite sub-expressions
// only through game.Diagnoser (f1 first), not per objective: the path
// for games other than Formula.
type diagnoserOnly struct {
	game.Game
	f *game.Formula
}

func (d diagnoserOnly) Diagnose(x, y []float64) error { return d.f.Diagnose(x, y) }

// TestHiCDiagnoserOnlyGame: on a game that is only a game.Diagnoser, the
// follower's failure where f1 is NaN too carries no diagnosis (Diagnose
// would name f1, the leader's objective), and the leader's failure is
// diagnosed as on the formula game itself.
func TestHiCDiagnoserOnlyGame(t *testing.T) {
	play := func(f1, f2 string) (error, float64) {
		t.Helper()
		g := sqrtFormula(t, f1, f2)
		_, err, xt := playSqrtHiC(diagnoserOnly{g, g})
		return err, xt
	}
	err, _ := play("sqrt(y[0]) - x[0]*x[0]", "-(y[0] + 1)*(y[0] + 1) + sqrt(y[0] + 0.5)")
	want := "stage 1: second agent: gradient learner stage 2: strategy[0] = NaN (gradient NaN)"
	if err == nil || err.Error() != want {
		t.Errorf("follower: error %v\nwant  %s", err, want)
	}
	err, xt := play("sqrt(y[0]) - x[0]*x[0]", "-(y[0] + 1)*(y[0] + 1)")
	want = fmt.Sprintf("stage 2: first agent: hic interval 1: leader payoff f1(x̃, ỹ) = NaN: f1: sqrt(y[0]) is NaN at 1:1 (x = [%g], y = [-1])", xt)
	if err == nil || err.Error() != want {
		t.Errorf("leader: error %v\nwant  %s", err, want)
	}
}
