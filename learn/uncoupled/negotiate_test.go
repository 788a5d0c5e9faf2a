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

// negotiationConfig is the configuration of the role-negotiation tests:
// κ = 0.3, τ = 20000 stages, w0 = π/4 (lead probability ½), a previous
// meta baseline, Hi-C with constant α = 0.003, δ = 0.5, k = 50 and a
// gradient follower with step 0.1.
func negotiationConfig(beta float64, dom game.Domain) NegotiatorConfig {
	return NegotiatorConfig{
		Meta:     MetaConfig{Beta: loop.Constant(beta), Kappa: loop.Constant(0.3), Tau: loop.Constant(20000), W0: math.Pi / 4, Baseline: Baseline{Kind: PreviousBaseline}},
		Leader:   HiCConfig{Alpha: loop.Constant(0.003), Delta: loop.Constant(0.5), Commitment: loop.Constant(50), Baseline: Baseline{Kind: PreviousBaseline}, BurnIn: 2},
		Follower: GradientConfig{LR: loop.Constant(0.1)},
		Domain:   dom,
	}
}

// meanLeadProbabilities runs role negotiation on ev for the given seeds and
// returns each player's lead probability sin²w after the last
// meta-interval, averaged over the seeds.
func meanLeadProbabilities(t *testing.T, ev game.Evaluator, cfg NegotiatorConfig, seeds, meta int) [2]float64 {
	t.Helper()
	v1, v2 := Split(ev, game.Payoff)
	lo, hi := cfg.Domain.Lo[0], cfg.Domain.Hi[0]
	var mean [2]float64
	for s := 0; s < seeds; s++ {
		r1 := rand.New(rand.NewPCG(uint64(s), 1))
		r2 := rand.New(rand.NewPCG(uint64(s), 2))
		p1, err := NewNegotiator(v1, []float64{lo + (hi-lo)*r1.Float64()}, cfg, r1)
		if err != nil {
			t.Fatal(err)
		}
		p2, _ := NewNegotiator(v2, []float64{lo + (hi-lo)*r2.Float64()}, cfg, r2)
		res, err := Negotiate(context.Background(), p1, p2, NewReferee(ev, game.Payoff), meta)
		if err != nil {
			t.Fatal(err)
		}
		last := res.Steps[len(res.Steps)-1]
		mean[0] += last.P[0] / float64(seeds)
		mean[1] += last.P[1] / float64(seeds)
	}
	return mean
}

// TestNegotiationCournot: in the Cournot duopoly leading pays against
// either role of the other (300 > 266.8 against a follower, ≈ 266.8 > 150
// against a leader), so both lead probabilities rise from ½. Over 4 seeds
// and 100 meta-intervals of 20000 stages the mean must exceed 0.6.
func TestNegotiationCournot(t *testing.T) {
	box := game.Domain{Kind: game.Box, Lo: []float64{0}, Hi: []float64{50}}
	p := meanLeadProbabilities(t, cournot{50, 1, 1}, negotiationConfig(1e-4, box), 4, 100)
	if p[0] < 0.6 || p[1] < 0.6 {
		t.Errorf("mean lead probabilities %v, want both > 0.6", p)
	}
}

// TestNegotiationCooperative: in a fully cooperative game following (the
// fast gradient update) is never worse and a Hi-C leader pays for its
// perturbations, so both lead probabilities fall from ½: the mean over 4
// seeds after 100 meta-intervals must be below 0.35.
func TestNegotiationCooperative(t *testing.T) {
	box := game.Domain{Kind: game.Box, Lo: []float64{-10}, Hi: []float64{10}}
	p := meanLeadProbabilities(t, coop{}, negotiationConfig(0.01, box), 4, 100)
	if p[0] > 0.35 || p[1] > 0.35 {
		t.Errorf("mean lead probabilities %v, want both < 0.35", p)
	}
}

// TestNegotiationSameLeader: in samelead{u: 1, g: 2, b: 1, v: 0, h: 1}
// both players are better off with player 1 leading: against a following
// player 2, player 1 leading plays x = u + gb = 3 and earns (u+gb)²/2 + gv
// = 4.5 against 2.5 at the Nash equilibrium (x, y) = (u, bu+v) = (1, 1);
// player 2 leading reaches that Nash point, since player 1's best
// response ignores y, so it gains nothing and pays for its perturbations.
// So player 1's lead probability rises from ½ and player 2's falls: over 8
// seeds and 100 meta-intervals the means must pass 0.7 and fall below
// 0.25 (measured: 0.87 and 0.11).
func TestNegotiationSameLeader(t *testing.T) {
	g := samelead{u: 1, g: 2, b: 1, v: 0, h: 1}
	// The premise, in closed form: the values at the three outcomes.
	nash1, nash2 := g.Value1([]float64{1}, []float64{1}), g.Value2([]float64{1}, []float64{1})
	lead1, follow2 := g.Value1([]float64{3}, []float64{3}), g.Value2([]float64{3}, []float64{3})
	if nash1 != 2.5 || lead1 != 4.5 || nash2 != 1.5 || follow2 != 7.5 {
		t.Fatalf("samelead values: Nash (%v, %v), player 1 leading (%v, %v); want (2.5, 1.5), (4.5, 7.5)", nash1, nash2, lead1, follow2)
	}
	box := game.Domain{Kind: game.Box, Lo: []float64{-10}, Hi: []float64{10}}
	p := meanLeadProbabilities(t, g, negotiationConfig(0.01, box), 8, 100)
	if p[0] < 0.7 || p[1] > 0.25 {
		t.Errorf("mean lead probabilities %v, want player 1's > 0.7 and player 2's < 0.25", p)
	}
}

// TestMetaUpdate checks line 14 of Algorithm 2 with a constant payoff c = 3
// and no baseline: each meta-interval moves w by exactly β c/κ in the
// direction of Δ.
func TestMetaUpdate(t *testing.T) {
	view, cfg := constantNegotiation(7, 2)
	p1, p2 := negotiatorPair(t, view, cfg, 0, 0)
	ref := func(x, y []float64) (float64, float64) { return 3, 3 }
	res, err := Negotiate(context.Background(), p1, p2, ref, 5)
	if err != nil {
		t.Fatal(err)
	}
	prev := [2]float64{0.3, 0.3}
	for _, st := range res.Steps {
		for i := range prev {
			if d := math.Abs(math.Abs(st.W[i]-prev[i]) - 0.02*3/0.5); d > 1e-12 {
				t.Errorf("meta-interval %d player %d: |Δw| = %v, want %v", st.N, i+1, math.Abs(st.W[i]-prev[i]), 0.12)
			}
			if st.Avg[i] != 3 || st.Tau != 7 {
				t.Errorf("meta-interval %d: a_n = %v over τ = %d, want 3 over 7", st.N, st.Avg[i], st.Tau)
			}
			prev[i] = st.W[i]
		}
	}
	if res.Stages != 35 {
		t.Errorf("played %d stages, want 35", res.Stages)
	}
}

// TestMetaBaselines checks line 14 of Algorithm 2 with each meta
// baseline, number by number (1e-12 relative): |w_n − w_{n−1}| =
// β·|a_n − b_{n−1}|/κ (|Δ_n| = 1), where b is the player's own previous
// a_{n−1} or its EMA b ← 0.9b + 0.1a_n (the first a_n taken as is), with no
// baseline before the first interval. The payoff own[0] + 10 and players
// starting at 0 and 2 make a_n differ across intervals and between the
// players, so a baseline taken from the other player or an EMA with its
// weights swapped is seen.
func TestMetaBaselines(t *testing.T) {
	view := View{Payoff: func(own, other []float64) float64 { return own[0] + 10 }, Gradient: func(dst, own, other []float64) { dst[0] = 1 }}
	const beta, kappa = 0.02, 0.5
	for _, bl := range []Baseline{{Kind: PreviousBaseline}, {Kind: EMABaseline, Decay: 0.9}} {
		cfg := NegotiatorConfig{
			Meta:     MetaConfig{Beta: loop.Constant(beta), Kappa: loop.Constant(kappa), Tau: loop.Constant(7), W0: 0.3, Baseline: bl},
			Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.1), Commitment: loop.Constant(2)},
			Follower: GradientConfig{LR: loop.Constant(0.1)},
		}
		p1, p2 := negotiatorPair(t, view, cfg, 0, 2)
		ref := func(x, y []float64) (float64, float64) { return 0, 0 }
		res, err := Negotiate(context.Background(), p1, p2, ref, 6)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			w, base, have := 0.3, 0.0, false
			for _, st := range res.Steps {
				est := st.Avg[i]
				if have {
					est -= base
				}
				want := beta * math.Abs(est) / kappa
				if got := math.Abs(st.W[i] - w); math.Abs(got-want) > 1e-12*(1+want) {
					t.Errorf("%v: meta-interval %d player %d: |Δw| = %.15g, want β|a_n − b|/κ = %.15g (a_n = %v, b = %v)", bl, st.N, i+1, got, want, st.Avg[i], base)
				}
				w = st.W[i]
				switch {
				case bl.Kind == EMABaseline && have:
					base = 0.9*base + 0.1*st.Avg[i]
				default:
					base, have = st.Avg[i], true
				}
			}
		}
	}
}

// TestMetaScheduleErrors: κ_n divides line 14's update, so a κ schedule
// with a zero anywhere in its list is refused when the negotiator is
// built, and one that passes validation but is zero at meta-interval 4 (a
// Go schedule) stops Negotiate there, naming κ_n, before any division. A
// meta-interval of τ = 0 stages and an unknown meta baseline kind are
// refused when the negotiator is built.
func TestMetaScheduleErrors(t *testing.T) {
	view := View{Payoff: func(own, other []float64) float64 { return 3 }, Gradient: func(dst, own, other []float64) { dst[0] = 0 }}
	cfg := NegotiatorConfig{
		Meta:     MetaConfig{Beta: loop.Constant(0.02), Kappa: loop.List{0.5, 0}, Tau: loop.Constant(7), W0: 0.3},
		Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.1), Commitment: loop.Constant(2)},
		Follower: GradientConfig{LR: loop.Constant(0.1)},
	}
	if _, err := NewNegotiator(view, []float64{0}, cfg, rand.New(rand.NewPCG(1, 1))); err == nil || !strings.Contains(err.Error(), "meta.kappa: value 0 at meta-interval n = 2") {
		t.Errorf("κ list with a zero: %v", err)
	}
	cfg.Meta.Kappa = loop.Constant(0.5)
	cfg.Meta.Tau = loop.Constant(0)
	if _, err := NewNegotiator(view, []float64{0}, cfg, rand.New(rand.NewPCG(1, 1))); err == nil || !strings.Contains(err.Error(), "meta.tau: value 0 at meta-interval n = 1 is not a finite positive number") {
		t.Errorf("τ = 0: %v", err)
	}
	cfg.Meta.Tau = loop.Constant(7)
	cfg.Meta.Baseline = Baseline{Kind: 3}
	if _, err := NewNegotiator(view, []float64{0}, cfg, rand.New(rand.NewPCG(1, 1))); err == nil || err.Error() != "meta.baseline: unknown kind 3" {
		t.Errorf("unknown meta baseline kind: %v", err)
	}
	cfg.Meta.Baseline = Baseline{}
	cfg.Meta.Kappa = zeroAt{n: 4, v: 0.5}
	p1, p2 := negotiatorPair(t, view, cfg, 0, 0)
	ref := func(x, y []float64) (float64, float64) { return 3, 3 }
	res, err := Negotiate(context.Background(), p1, p2, ref, 10)
	if err == nil || !strings.Contains(err.Error(), "negotiate meta-interval 4: player 1: meta.kappa κ_n: value 0 at meta-interval n = 4") || len(res.Steps) != 3 {
		t.Errorf("κ_4 = 0: %v after %d meta-intervals, want an error naming κ_n after 3", err, len(res.Steps))
	}
}

// negotiatorPair returns two negotiators on view with cfg, starting at x1
// and x2 (one dimension each), with the random streams PCG(1, 1) and
// PCG(2, 2).
func negotiatorPair(t *testing.T, view View, cfg NegotiatorConfig, x1, x2 float64) (p1, p2 *Negotiator) {
	t.Helper()
	p1, err := NewNegotiator(view, []float64{x1}, cfg, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	p2, err = NewNegotiator(view, []float64{x2}, cfg, rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		t.Fatal(err)
	}
	return p1, p2
}

// constantNegotiation returns a view of constant payoff 3 and zero
// gradient, and a negotiator configuration with meta steps β = 0.02,
// κ = 0.5, w0 = 0.3, meta-intervals of tau stages, a Hi-C leader of
// commitment k (α = 0.01, δ = 0.1) and a gradient follower (lr 0.1).
func constantNegotiation(tau, k float64) (View, NegotiatorConfig) {
	view := View{Payoff: func(own, other []float64) float64 { return 3 }, Gradient: func(dst, own, other []float64) { dst[0] = 0 }}
	return view, NegotiatorConfig{
		Meta:     MetaConfig{Beta: loop.Constant(0.02), Kappa: loop.Constant(0.5), Tau: loop.Constant(tau), W0: 0.3},
		Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.1), Commitment: loop.Constant(k)},
		Follower: GradientConfig{LR: loop.Constant(0.1)},
	}
}
