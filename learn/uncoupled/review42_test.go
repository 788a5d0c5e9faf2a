package uncoupled

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestLearnCommitmentRefusesWhatRunHiCRefuses: LearnCommitment played
// only run.Iterations, dropping the rest of run's settings, and did not
// check the burn-in, so a run RunHiC refuses came back as a "learned"
// commitment the leader never updated: with burn_in = 10 and k = 200
// (BimatrixHiC) in 1000 stages the leader stayed at its uniform start
// (½, ½) with no error, and step_tol = 1e-3 was ignored. Both are now
// errors naming the setting.
func TestLearnCommitmentRefusesWhatRunHiCRefuses(t *testing.T) {
	g, err := game.NewBimatrix([][]float64{{2, 4}, {1, 3}}, [][]float64{{1, 0}, {0, 1}}, game.BimatrixOptions{Entropy: 0.03})
	if err != nil {
		t.Fatal(err)
	}
	burn := BimatrixHiC(1000)
	burn.Leader.BurnIn = 10
	tol := BimatrixHiC(1000)
	tol.StepTol = 1e-3
	for _, c := range []struct {
		name string
		run  HiCRun
		want string
	}{
		{"burn-in", burn, "hic.burn_in = 10"},
		{"step_tol", tol, "step_tol"},
	} {
		lc, err := LearnCommitment(context.Background(), g, c.run, rand.New(rand.NewPCG(1, 1)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v (learned %v), want an error containing %q", c.name, err, lc.Leader, c.want)
		}
	}
	// The same stages without the burn-in still learn (the check refuses
	// only a leader that would never update).
	if _, err := LearnCommitment(context.Background(), g, BimatrixHiC(1000), rand.New(rand.NewPCG(1, 1))); err != nil {
		t.Errorf("no burn-in: %v", err)
	}
}

// TestNegotiateRefusesDifferentTau: Algorithm 2 shares one meta-interval
// schedule τ_n between the players, and Negotiate plays p1's. A p2 whose
// own τ_n differed was accepted and its τ silently ignored (p2 configured
// for 10 stages played 7); now the first meta-interval where they differ
// is an error naming both values, before any stage of it.
func TestNegotiateRefusesDifferentTau(t *testing.T) {
	view, cfg1 := constantNegotiation(7, 50)
	_, cfg2 := constantNegotiation(7, 50)
	cfg2.Meta.Tau = loop.List{7, 10}
	p1, err := NewNegotiator(view, []float64{0}, cfg1, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	p2, err := NewNegotiator(view, []float64{0}, cfg2, rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		t.Fatal(err)
	}
	ref := func(x, y []float64) (float64, float64) { return 3, 3 }
	res, err := Negotiate(context.Background(), p1, p2, ref, 3)
	if err == nil || !strings.Contains(err.Error(), "meta-interval 2") || !strings.Contains(err.Error(), "τ_2 = 10") || !strings.Contains(err.Error(), "τ_2 = 7") {
		t.Fatalf("err = %v, want an error naming meta-interval 2 and τ_2 = 7 and 10", err)
	}
	if len(res.Steps) != 1 || res.Stages != 7 {
		t.Errorf("kept %d steps over %d stages, want 1 over 7 (meta-interval 1, where both give 7)", len(res.Steps), res.Stages)
	}
}

// TestAlgorithm2Oracle replays Algorithm 2's meta layer from the same
// random source, line by line: Δ_n = ±1 (line 4), w̃_n = w_n + κ Δ_n
// (line 5), z_n uniform (line 6), lead iff z_n < sin²(w̃_n) (line 7), and
// w_{n+1} = w_n + β a_n/(κ Δ_n) (line 14) with a_n = 3 (constant payoff).
// TestMetaUpdate checks only |w_{n+1} − w_n|, so an update of the wrong
// sign or a lead decision on sin²(w_n) instead of sin²(w̃_n) passed it.
// Here every role and w_n must match exactly (1e-15 relative), over 40
// meta-intervals with κ = 0.5 (w̃ and w give different roles in some).
// The draws the oracle must mirror: NewHiC draws Δ_1 (one Uint64 for a
// one-dimensional strategy), and a player that leads restarts Hi-C, which
// draws a fresh Δ (one Uint64); with k = 50 > τ = 7 no Hi-C interval ends
// inside a meta-interval, so Hi-C draws nothing else.
func TestAlgorithm2Oracle(t *testing.T) {
	const beta, kappa, w0, a, meta = 0.02, 0.5, 0.3, 3.0, 40
	view, cfg := constantNegotiation(7, 50)
	p1, p2 := negotiatorPair(t, view, cfg, 0, 0)
	res, err := Negotiate(context.Background(), p1, p2, func(x, y []float64) (float64, float64) { return a, a }, meta)
	if err != nil {
		t.Fatal(err)
	}
	seeds := [2][2]uint64{{1, 1}, {2, 2}}
	differ := 0
	for i := range seeds {
		r := rand.New(rand.NewPCG(seeds[i][0], seeds[i][1]))
		r.Uint64() // NewHiC: Δ_1
		w := w0
		for n := 1; n <= meta; n++ {
			sign := float64(int(r.Uint64()&1)*2 - 1)
			z := r.Float64()
			st := math.Sin(w + kappa*sign)
			lead := z < st*st
			if s := math.Sin(w); lead != (z < s*s) {
				differ++
			}
			if lead {
				r.Uint64() // HiC.Restart: a fresh Δ_n
			}
			w += beta * a / (kappa * sign)
			got := res.Steps[n-1]
			if got.Lead[i] != lead || math.Abs(got.W[i]-w) > 1e-15*max(1, math.Abs(w)) {
				t.Fatalf("player %d meta-interval %d: lead %v, w = %.17g; oracle lead %v, w = %.17g", i+1, n, got.Lead[i], got.W[i], lead, w)
			}
		}
	}
	if differ == 0 {
		t.Fatalf("no meta-interval where sin²(w̃) and sin²(w) give different roles: the oracle does not tell them apart")
	}
}

// TestEq19PointerChecked: a *Eq19 is a loop.Schedule as well as an Eq19
// (its methods have value receivers), and HiCConfig.Validate checked only
// the value type: &Eq19{…} with the Section 3.3 parameters but δ_n = n^−0.3
// where the leader perturbs by n^−0.6 was accepted (k_1 = 42 from the
// wrong δ; the value type is refused, TestEq19RefusesAnotherDelta), and a
// βμ ≥ 1 was reported only as "value NaN at iteration 1". Both are now
// refused as for the value, and a nil *Eq19 is an error, not a panic.
func TestEq19PointerChecked(t *testing.T) {
	delta := loop.Power{A: 1, P: 0.6}
	base := HiCConfig{Alpha: loop.Power{A: 0.001, P: 0.1}, Delta: delta}
	for _, c := range []struct {
		name string
		com  loop.Schedule
		want string
	}{
		{"other delta", &Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: loop.Power{A: 1, P: 0.3}}, "Eq. 19 needs the leader's own δ_n"},
		{"beta·mu = 1", &Eq19{Beta: 0.5, Mu: 2, B: 100, P: 0.5, Delta: delta}, "eq19: beta·mu = 0.5·2 must lie in (0, 1)"},
		{"nil", (*Eq19)(nil), "hic.commitment: no schedule"},
	} {
		cfg := base
		cfg.Commitment = c.com
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			err = cfg.Validate()
		}()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Validate = %v, want an error containing %q", c.name, err, c.want)
		}
	}
	cfg := base
	cfg.Commitment = &Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: delta}
	if err := cfg.Validate(); err != nil {
		t.Errorf("the leader's own δ_n: %v", err)
	}
}
