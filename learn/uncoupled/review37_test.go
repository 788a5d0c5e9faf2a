package uncoupled

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestEq19RefusesAnotherDelta: Eq. 19 (Corollary 3.11) computes k_n from
// the leader's own perturbation schedule δ_n. An Eq19 carrying another
// schedule (δ_n = n^−0.3 against the leader's n^−0.6) was accepted and gave
// k_2 = ⌈2(−0.3 ln 2 − ln 100 − 0.5 ln 2)/ln 0.8⌉ = 47 where the leader's
// δ_2 gives 49; it is now refused, naming the first index where they differ.
func TestEq19RefusesAnotherDelta(t *testing.T) {
	leader := loop.Power{A: 1, P: 0.6}
	other := loop.Power{A: 1, P: 0.3}
	e := Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: other}
	if k := e.At(2); k != 47 {
		t.Fatalf("k_2 with δ_n = n^−0.3 is %g, want 47", k)
	}
	if k := (Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: leader}).At(2); k != 49 {
		t.Fatalf("k_2 with δ_n = n^−0.6 is %g, want 49", k)
	}
	cfg := HiCConfig{Alpha: loop.Constant(1e-3), Delta: leader, Commitment: e}
	err := cfg.Validate()
	want := "hic.commitment: eq19: its perturbation schedule gives δ_2 = 0.8122523963562355 where hic.delta gives 0.6597539553864472; Eq. 19 needs the leader's own δ_n"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	// The same schedule (as the configuration layer builds it) is accepted.
	cfg.Commitment = Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: leader}
	if err := cfg.Validate(); err != nil {
		t.Errorf("Eq19 with the leader's δ_n: %v", err)
	}
}

// TestEq19ValidateChecksDelta: Eq19.Validate accepted a perturbation
// schedule that is not positive (δ_n = −1), whose ln δ_n makes every k_n
// NaN; it now names the schedule.
func TestEq19ValidateChecksDelta(t *testing.T) {
	err := Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: loop.Constant(-1)}.Validate()
	want := "eq19: delta: value -1 at interval n = 1 is not a finite positive number"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestPlayRefusesStepTol: a play has no step-norm test. A StepTol was
// accepted and ignored (every stage played, Status IterationLimit); it is
// now an error before any stage, through Play and RunHiC alike.
func TestPlayRefusesStepTol(t *testing.T) {
	_, p2 := Split(cournot{50, 1, 1}, game.Payoff)
	f, err := NewGradientAscent(p2.Gradient, []float64{1}, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewGradientAscent(p2.Gradient, []float64{1}, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := NewReferee(cournot{50, 1, 1}, game.Payoff)
	want := "play: settings.step_tol = 1e-06: a play of uncoupled agents has no step-norm test (give 0)"
	out, err := Play(context.Background(), f, g, ref, PlayOptions{Settings: loop.Settings{Iterations: 10, StepTol: 1e-6}})
	if err == nil || err.Error() != want || out.Status != loop.Failed || out.Stages != 0 {
		t.Errorf("Play: %v (status %v, %d stages), want %q, failed, 0 stages", err, out.Status, out.Stages, want)
	}
	if f.Strategy()[0] != 1 {
		t.Errorf("the follower moved to %g; no stage should have been played", f.Strategy()[0])
	}
	gm, err := game.Builtin("cournot", nil)
	if err != nil {
		t.Fatal(err)
	}
	run := HiCRun{Leader: paperHiC(1, Baseline{}, 0), Follower: GradientConfig{LR: loop.Constant(0.1)}, Settings: loop.Settings{Iterations: 100, StepTol: 1e-6}}
	out, err = RunHiC(context.Background(), gm, []float64{10}, []float64{30}, run, rand.New(rand.NewPCG(1, 1)), nil)
	if err == nil || err.Error() != want || out.Status != loop.Failed {
		t.Errorf("RunHiC: %v (status %v), want %q, failed", err, out.Status, want)
	}
}
