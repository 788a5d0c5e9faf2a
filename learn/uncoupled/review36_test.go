package uncoupled

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestPlayRefusesNilAgentsAndReferee: nil agents or a nil referee are an
// error before any stage, with Status Failed. Before, a nil agent panicked
// at the first stage and a nil referee after the last stage had been
// played.
func TestPlayRefusesNilAgentsAndReferee(t *testing.T) {
	_, p2 := Split(cournot{50, 1, 1}, game.Payoff)
	f, err := NewGradientAscent(p2.Gradient, []float64{1}, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := NewReferee(cournot{50, 1, 1}, game.Payoff)
	opt := PlayOptions{Settings: loop.Settings{Iterations: 10}}
	for _, c := range []struct {
		a, b Agent
		ref  Referee
		want string
	}{
		{nil, f, ref, "play: the first or the second agent is nil"},
		{f, nil, ref, "play: the first or the second agent is nil"},
		{f, f, nil, "play: no referee"},
	} {
		out, err := Play(context.Background(), c.a, c.b, c.ref, opt)
		if err == nil || err.Error() != c.want || out.Status != loop.Failed || out.Stages != 0 {
			t.Errorf("%v (status %v, %d stages), want %q, failed, 0 stages", err, out.Status, out.Stages, c.want)
		}
	}
}

// negotiators returns two negotiators on the Cournot game with τ = 10
// stages and a constant meta step, seeded 1 and 2.
func negotiators(t *testing.T, v1, v2 View) (*Negotiator, *Negotiator) {
	t.Helper()
	cfg := negotiationConfig(1e-4, quantityBox)
	cfg.Meta.Tau = loop.Constant(10)
	a, err := NewNegotiator(v1, []float64{10}, cfg, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewNegotiator(v2, []float64{10}, cfg, rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

// TestNegotiateRefusesBadPlayers: nil players, one negotiator as both
// players, a nil referee and a negative count are errors before any stage,
// with Status Failed. Before, nil players panicked, one negotiator ran
// against itself (observing twice a stage, two meta updates an interval),
// a nil referee panicked after the first meta-interval had been played,
// and a negative count returned with Status Running.
func TestNegotiateRefusesBadPlayers(t *testing.T) {
	v1, v2 := Split(cournot{50, 1, 1}, game.Payoff)
	a, b := negotiators(t, v1, v2)
	ref := NewReferee(cournot{50, 1, 1}, game.Payoff)
	for _, c := range []struct {
		p1, p2 *Negotiator
		ref    Referee
		meta   int
		want   string
	}{
		{nil, b, ref, 2, "negotiate: player 1 or player 2 is nil"},
		{a, nil, ref, 2, "negotiate: player 1 or player 2 is nil"},
		{a, a, ref, 2, "negotiate: player 1 and player 2 are the same negotiator"},
		{a, b, nil, 2, "negotiate: no referee"},
		{a, b, ref, -1, "negotiate: meta_intervals = -1 must be ≥ 0"},
	} {
		res, err := Negotiate(context.Background(), c.p1, c.p2, c.ref, c.meta)
		if err == nil || err.Error() != c.want || res.Status != loop.Failed || res.Stages != 0 || len(res.Steps) != 0 {
			t.Errorf("%v (status %v, %d stages, %d steps), want %q, failed, nothing played", err, res.Status, res.Stages, len(res.Steps), c.want)
		}
	}
	if a.W() != math.Pi/4 {
		t.Errorf("w = %g after refused negotiations, want π/4 untouched", a.W())
	}
}

// TestNegotiatePayoffNaNNamesStage: a payoff that turns NaN at stage 3 of
// meta-interval 2 (the 13th stage overall, τ = 10) stops the negotiation
// there with a diverged error naming the meta-interval, the stage, the
// player and the payoff, keeping meta-interval 1's record and counting the
// 13 stages played before it. Before, the NaN was summed through the
// remaining stages and reported after the interval's last one without the
// stage ("negotiate meta-interval 2: player 2 average payoff a_n = NaN"),
// and the failing interval's stages were not counted (Stages 10).
func TestNegotiatePayoffNaNNamesStage(t *testing.T) {
	v1, v2 := Split(cournot{50, 1, 1}, game.Payoff)
	calls := 0
	bad := v2
	bad.Payoff = func(own, other []float64) float64 {
		calls++
		if calls == 14 { // the 14th stage, stage 13 counting from 0
			return math.NaN()
		}
		return v2.Payoff(own, other)
	}
	a, b := negotiators(t, v1, bad)
	res, err := Negotiate(context.Background(), a, b, NewReferee(cournot{50, 1, 1}, game.Payoff), 3)
	want := "negotiate meta-interval 2: stage 3: player 2 payoff = NaN"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if res.Status != loop.Diverged || loop.QuantityOf(err) != "player 2 payoff" || len(res.Steps) != 1 || res.Stages != 13 {
		t.Errorf("status %v, quantity %q, %d steps, %d stages; want diverged, player 2 payoff, 1 step, 13 stages", res.Status, loop.QuantityOf(err), len(res.Steps), res.Stages)
	}
}

// TestNumericalBestResponderRefusesNonFiniteTol: a NaN or infinite tol is
// refused. Before, NaN passed the `tol < 0` test and ended every inner
// loop after one step (moved ≥ NaN is false), so the "best responder" was
// silently a one-step gradient follower.
func TestNumericalBestResponderRefusesNonFiniteTol(t *testing.T) {
	_, p2 := Split(cournot{50, 1, 1}, game.Payoff)
	for _, tol := range []float64{math.NaN(), math.Inf(1), -1} {
		_, err := NewNumericalBestResponder(p2.Gradient, []float64{1}, quantityBox, BestResponseConfig{LR: 0.1, Tol: tol})
		if err == nil || !strings.Contains(err.Error(), "must be finite and ≥ 0") {
			t.Errorf("tol = %g: %v, want refused", tol, err)
		}
	}
}

// TestLearnCommitmentRefusesBestResponse: LearnCommitment's follower is a
// gradient learner on its logits; a run with a best-response follower is
// refused, and a nil game is an error in LearnCommitment and
// CompareCommitment. Before, run.BestResponse was silently ignored and a
// nil game panicked.
func TestLearnCommitmentRefusesBestResponse(t *testing.T) {
	g, err := game.NewBimatrix([][]float64{{1, 0}, {0, 1}}, [][]float64{{1, 0}, {0, 1}}, game.BimatrixOptions{Entropy: 0.03})
	if err != nil {
		t.Fatal(err)
	}
	run := BimatrixHiC(100)
	run.BestResponse = &BestResponseConfig{LR: 0.1}
	_, err = LearnCommitment(context.Background(), g, run, rand.New(rand.NewPCG(1, 1)))
	if err == nil || !strings.Contains(err.Error(), "best-response follower is not supported") {
		t.Errorf("%v, want refused", err)
	}
	if _, err := LearnCommitment(context.Background(), nil, BimatrixHiC(100), rand.New(rand.NewPCG(1, 1))); err == nil || err.Error() != "learn commitment: no game" {
		t.Errorf("nil game: %v", err)
	}
	if _, err := CompareCommitment(context.Background(), nil, BimatrixHiC(100), rand.New(rand.NewPCG(1, 1))); err == nil || err.Error() != "compare commitment: no game" {
		t.Errorf("compare, nil game: %v", err)
	}
}
