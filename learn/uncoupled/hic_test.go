package uncoupled

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

var quantityBox = game.Domain{Kind: game.Box, Lo: []float64{0}, Hi: []float64{1000}}

// paperHiC returns the schedules of Section 3.3 with the step size scaled
// by alphaScale (1 for the paper's α_n = 0.001 n^−0.1).
func paperHiC(alphaScale float64, bl Baseline, burnIn int) HiCConfig {
	delta := loop.Power{A: 1, P: 0.6}
	return HiCConfig{
		Alpha:      loop.Power{A: 0.001 * alphaScale, P: 0.1},
		Delta:      delta,
		Commitment: Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: delta},
		Baseline:   bl,
		BurnIn:     burnIn,
	}
}

// runCournot plays Hi-C against a gradient follower (step 0.1) on the
// Cournot game of Section 3.3 from quantities drawn uniformly on [0, 50].
func runCournot(t *testing.T, seed uint64, cfg HiCConfig, stages int) Outcome {
	t.Helper()
	p1, p2 := Split(cournot{50, 1, 1}, game.Payoff)
	ref := NewReferee(cournot{50, 1, 1}, game.Payoff)
	rng := rand.New(rand.NewPCG(seed, 1))
	x0 := []float64{50 * rng.Float64()}
	y0 := []float64{50 * rng.Float64()}
	h, err := NewHiC(p1.Payoff, x0, quantityBox, cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewGradientAscent(p2.Gradient, y0, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Play(context.Background(), h, f, ref, PlayOptions{Settings: loop.Settings{Iterations: stages}})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHiCCournotShort runs a shortened Cournot experiment: 10⁵ stages with
// the paper's δ_n and Eq. 19 commitments but a 10× larger step
// α_n = 0.01 n^−0.1 so that 10⁵ stages suffice. The Stackelberg solution is
// x = 24.5, y = 12.25, f1 = 300.125 (Section 3.3).
func TestHiCCournotShort(t *testing.T) {
	for _, bl := range []Baseline{{Kind: PreviousBaseline}, {Kind: EMABaseline, Decay: 0.9}} {
		for seed := uint64(0); seed < 3; seed++ {
			out := runCournot(t, seed, paperHiC(10, bl, 0), 100000)
			// Tolerances: f1 within 0.05 of 300.125, quantities within 0.15.
			if math.Abs(out.F1-300.125) > 0.05 || math.Abs(out.X[0]-24.5) > 0.15 || math.Abs(out.Y[0]-12.25) > 0.15 {
				t.Errorf("%v seed %d: f1 = %.4f at (%.4f, %.4f), want 300.125 at (24.5, 12.25)", bl, seed, out.F1, out.X[0], out.Y[0])
			}
		}
	}
}

// TestHiCDeterministic checks that a seed fixes the run bit for bit.
func TestHiCDeterministic(t *testing.T) {
	a := runCournot(t, 5, paperHiC(1, Baseline{Kind: EMABaseline, Decay: 0.9}, 3), 20000)
	b := runCournot(t, 5, paperHiC(1, Baseline{Kind: EMABaseline, Decay: 0.9}, 3), 20000)
	c := runCournot(t, 6, paperHiC(1, Baseline{Kind: EMABaseline, Decay: 0.9}, 3), 20000)
	if a.X[0] != b.X[0] || a.Y[0] != b.Y[0] || a.F1 != b.F1 {
		t.Errorf("same seed, different runs: %v vs %v", a, b)
	}
	if a.X[0] == c.X[0] {
		t.Errorf("different seeds gave the same leader strategy %v", a.X[0])
	}
}

// TestGradientVersusGradientNash: two gradient learners (Eq. 1) on the
// Cournot game converge to the Nash equilibrium q = (A − c)/3 = 49/3 with
// payoffs (49/3)² = 266.78, the baseline of Section 3.3.
func TestGradientVersusGradientNash(t *testing.T) {
	p1, p2 := Split(cournot{50, 1, 1}, game.Payoff)
	ref := NewReferee(cournot{50, 1, 1}, game.Payoff)
	a, _ := NewGradientAscent(p1.Gradient, []float64{3}, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	b, _ := NewGradientAscent(p2.Gradient, []float64{40}, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	out, err := Play(context.Background(), a, b, ref, PlayOptions{Settings: loop.Settings{Iterations: 2000}})
	if err != nil {
		t.Fatal(err)
	}
	q := 49.0 / 3
	// Tolerance 1e-9: the iteration contracts by 0.9 per stage.
	if math.Abs(out.X[0]-q) > 1e-9 || math.Abs(out.Y[0]-q) > 1e-9 || math.Abs(out.F1-q*q) > 1e-7 {
		t.Errorf("SGA ended at (%v, %v) with f1 = %v, want (%v, %v), %v", out.X[0], out.Y[0], out.F1, q, q, q*q)
	}
	if math.Abs(q*q-266.78) > 0.005 {
		t.Errorf("Nash payoff %v, paper 266.78", q*q)
	}
}

// TestHiCBestResponseFollower: with an exact best-response follower
// (r(x) = (49 − x)/2) and k = 2, Hi-C is plain one-sample SPSA on
// g(x) = f1(x, r(x)) = x(49 − x)/2, maximised at x = 24.5 with g = 300.125.
func TestHiCBestResponseFollower(t *testing.T) {
	p1, _ := Split(cournot{50, 1, 1}, game.Payoff)
	ref := NewReferee(cournot{50, 1, 1}, game.Payoff)
	br := func(dst, x []float64) { dst[0] = math.Max(0, (49-x[0])/2) }
	cfg := HiCConfig{
		Alpha:      loop.Power{A: 0.1, P: 0.602},
		Delta:      loop.Power{A: 0.5, P: 0.101},
		Commitment: loop.Constant(2),
		Baseline:   Baseline{Kind: PreviousBaseline},
	}
	rng := rand.New(rand.NewPCG(11, 12))
	h, err := NewHiC(p1.Payoff, []float64{5}, quantityBox, cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := NewBestResponder(br, []float64{0})
	out, err := Play(context.Background(), h, f, ref, PlayOptions{Settings: loop.Settings{Iterations: 40000}})
	if err != nil {
		t.Fatal(err)
	}
	// Tolerance: mean strategy within 0.05 of 24.5.
	if x := h.Mean()[0]; math.Abs(x-24.5) > 0.05 {
		t.Errorf("Hi-C with best-response follower: x = %v, want 24.5", x)
	}
	// The played profile carries the perturbation δ ≈ 0.18 and the follower
	// answers the previous stage's x̃, which costs up to δ² ≈ 0.03: tolerance 0.05.
	if math.Abs(out.F1-300.125) > 0.05 {
		t.Errorf("leader payoff %v, want 300.125", out.F1)
	}
}

// TestHiCUpdateEquation checks Eq. 6 and the baselines number by number
// (1e-12) with a payoff oracle that returns the sum of the strategies plus
// 10, a constant δ, α and k = 3 in two dimensions. The EMA decay is 0.9,
// not 0.5, so that swapping λ and 1 − λ in b ← λb + (1 − λ)f is seen; the
// burn-in runs with no baseline too, where a skipped update would have
// moved x by α·f/δ ≈ 3 (with the previous-payoff baseline it may be 0).
func TestHiCUpdateEquation(t *testing.T) {
	payoff := func(own, other []float64) float64 { return own[0] + own[1] + other[0] + 10 }
	for _, tc := range []struct {
		name string
		bl   Baseline
		burn int
	}{
		{"none", Baseline{}, 0},
		{"previous", Baseline{Kind: PreviousBaseline}, 0},
		{"ema", Baseline{Kind: EMABaseline, Decay: 0.9}, 0},
		{"burn-in", Baseline{Kind: PreviousBaseline}, 2},
		{"burn-in-none", Baseline{}, 2},
		{"burn-in-ema", Baseline{Kind: EMABaseline, Decay: 0.9}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const alpha, delta = 0.1, 0.5
			cfg := HiCConfig{Alpha: loop.Constant(alpha), Delta: loop.Constant(delta), Commitment: loop.Constant(3), Baseline: tc.bl, BurnIn: tc.burn}
			h, err := NewHiC(payoff, []float64{1, 2}, game.Domain{}, cfg, rand.New(rand.NewPCG(1, 2)))
			if err != nil {
				t.Fatal(err)
			}
			x := []float64{1, 2}
			var base float64
			have := false
			other := []float64{4}
			for n := 1; n <= 6; n++ {
				sign := []float64{(h.Strategy()[0] - x[0]) / delta, (h.Strategy()[1] - x[1]) / delta}
				for i, s := range sign {
					if math.Abs(math.Abs(s)-1) > 1e-12 {
						t.Fatalf("interval %d: Δ[%d] = %v is not ±1", n, i, s)
					}
				}
				f := h.Strategy()[0] + h.Strategy()[1] + other[0] + 10
				for s := 0; s < 3; s++ {
					if err := h.Observe(other); err != nil {
						t.Fatal(err)
					}
				}
				if n > tc.burn {
					est := f
					if have {
						est -= base
					}
					for i := range x {
						x[i] += alpha * est / (delta * sign[i]) // Eq. 6
					}
				}
				switch tc.bl.Kind {
				case PreviousBaseline:
					base, have = f, true
				case EMABaseline:
					if have {
						base = tc.bl.Decay*base + (1-tc.bl.Decay)*f
					} else {
						base, have = f, true
					}
				}
				for i := range x {
					if math.Abs(h.Mean()[i]-x[i]) > 1e-12 {
						t.Fatalf("interval %d: x[%d] = %v, want %v", n, i, h.Mean()[i], x[i])
					}
				}
				if nn, _ := h.Interval(); nn != n+1 {
					t.Fatalf("after 3 stages of interval %d the leader is in interval %d", n, nn)
				}
			}
		})
	}
}

// TestHiCRestartObservesFirst checks Restart's guarantee number by number
// (1e-12): the mean becomes x0, the interval index stays, the first
// max(BurnIn, 1) intervals after it leave x0 unchanged (burn-in 0 and 2),
// the stale EMA baseline is dropped (the first interval after the restart
// sets it to its own payoff, then b ← 0.9b + 0.1f) and the interval after
// those updates by Eq. 6 with that fresh baseline. Same linear oracle as
// TestHiCUpdateEquation, where an update that should not happen moves x
// by α·f/δ ≈ 3.
func TestHiCRestartObservesFirst(t *testing.T) {
	payoff := func(own, other []float64) float64 { return own[0] + own[1] + other[0] + 10 }
	const alpha, delta, decay = 0.1, 0.5, 0.9
	other := []float64{4}
	for _, burn := range []int{0, 2} {
		cfg := HiCConfig{Alpha: loop.Constant(alpha), Delta: loop.Constant(delta), Commitment: loop.Constant(3),
			Baseline: Baseline{Kind: EMABaseline, Decay: decay}, BurnIn: burn}
		h, err := NewHiC(payoff, []float64{1, 2}, game.Domain{}, cfg, rand.New(rand.NewPCG(5, 6)))
		if err != nil {
			t.Fatal(err)
		}
		// play runs one interval of 3 stages and returns the payoff the
		// leader observed and its perturbation signs Δ.
		play := func() (float64, []float64) {
			xt, x := h.Strategy(), h.Mean()
			sign := []float64{(xt[0] - x[0]) / delta, (xt[1] - x[1]) / delta}
			f := payoff(xt, other)
			for s := 0; s < 3; s++ {
				if err := h.Observe(other); err != nil {
					t.Fatal(err)
				}
			}
			return f, sign
		}
		for i := 0; i < burn+3; i++ {
			play()
		}
		n0, _ := h.Interval()
		x0 := []float64{5, -1}
		if err := h.Restart(x0); err != nil {
			t.Fatal(err)
		}
		if n, _ := h.Interval(); n != n0 {
			t.Errorf("burn-in %d: restart moved interval %d to %d", burn, n0, n)
		}
		var base float64
		for i := 0; i < max(burn, 1); i++ {
			f, _ := play()
			if i == 0 {
				base = f
			} else {
				base = decay*base + (1-decay)*f
			}
			if m := h.Mean(); m[0] != x0[0] || m[1] != x0[1] {
				t.Fatalf("burn-in %d: interval %d after the restart moved the mean to %v; want x0 = %v", burn, i+1, m, x0)
			}
		}
		f, sign := play()
		for i := range x0 {
			want := x0[i] + alpha*(f-base)/(delta*sign[i])
			if got := h.Mean()[i]; math.Abs(got-want) > 1e-12 {
				t.Errorf("burn-in %d: first update after the restart x[%d] = %v, want %v (fresh baseline %v, payoff %v)", burn, i, got, want, base, f)
			}
		}
	}
}

// TestHiCSPSAQuadratic: against a follower that never moves, Hi-C is
// one-sample SPSA on its own payoff −‖x − (3, −1)‖², maximised at (3, −1).
func TestHiCSPSAQuadratic(t *testing.T) {
	payoff := func(own, other []float64) float64 {
		return -(own[0]-3)*(own[0]-3) - (own[1]+1)*(own[1]+1)
	}
	cfg := HiCConfig{Alpha: loop.Power{A: 0.05, B: 10, P: 0.602}, Delta: loop.Power{A: 0.3, P: 0.101}, Commitment: loop.Constant(1), Baseline: Baseline{Kind: PreviousBaseline}}
	h, err := NewHiC(payoff, []float64{0, 0}, game.Domain{}, cfg, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	for s := 0; s < 20000; s++ {
		if err := h.Observe([]float64{0}); err != nil {
			t.Fatal(err)
		}
	}
	// Tolerance 0.05 per coordinate.
	if m := h.Mean(); math.Abs(m[0]-3) > 0.05 || math.Abs(m[1]+1) > 0.05 {
		t.Errorf("SPSA ended at %v, want (3, −1)", m)
	}
}

// TestProjection: strategies stay in the box [0, 1000] even when the
// gradient pushes below 0.
func TestProjection(t *testing.T) {
	grad := func(dst, own, other []float64) { dst[0] = -5 }
	a, _ := NewGradientAscent(grad, []float64{1}, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	for s := 0; s < 10; s++ {
		_ = a.Observe([]float64{0})
	}
	if a.Strategy()[0] != 0 {
		t.Errorf("projected strategy %v, want 0", a.Strategy()[0])
	}
	payoff := func(own, other []float64) float64 { return -1e3 * own[0] }
	cfg := HiCConfig{Alpha: loop.Constant(1), Delta: loop.Constant(0.5), Commitment: loop.Constant(1)}
	h, _ := NewHiC(payoff, []float64{0.2}, quantityBox, cfg, rand.New(rand.NewPCG(1, 1)))
	for s := 0; s < 50; s++ {
		_ = h.Observe([]float64{0})
		if h.Mean()[0] < 0 || h.Strategy()[0] < 0 {
			t.Fatalf("stage %d: leader left the box: mean %v played %v", s, h.Mean()[0], h.Strategy()[0])
		}
	}
}

// TestNonFiniteStops: a NaN payoff stops the run with an error naming the
// stage and the quantity.
func TestNonFiniteStops(t *testing.T) {
	_, p2 := Split(cournot{50, 1, 1}, game.Payoff)
	ref := NewReferee(cournot{50, 1, 1}, game.Payoff)
	bad := func(own, other []float64) float64 {
		if other[0] > 20 {
			return math.NaN()
		}
		return 1
	}
	cfg := HiCConfig{Alpha: loop.Constant(0.001), Delta: loop.Constant(0.1), Commitment: loop.Constant(10)}
	h, _ := NewHiC(bad, []float64{1}, quantityBox, cfg, rand.New(rand.NewPCG(1, 1)))
	f, _ := NewGradientAscent(p2.Gradient, []float64{0}, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	_, err := Play(context.Background(), h, f, ref, PlayOptions{Settings: loop.Settings{Iterations: 1000}})
	if err == nil || !strings.Contains(err.Error(), "stage 9") || !strings.Contains(err.Error(), "f1") {
		t.Errorf("error %v, want one naming stage 9 and f1", err)
	}
}

// TestEq19 checks Eq. 19 against its closed logarithmic form for the
// Cournot experiment: k_n = ⌈9.859 ln n + 41.275⌉, so k_1 = 42.
func TestEq19(t *testing.T) {
	delta := loop.Power{A: 1, P: 0.6}
	e := Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: delta}
	a, b := e.LogCoefficients(1, 0.6)
	// a = 2·1.1/(−ln 0.8), b = 2 ln 100/(−ln 0.8).
	if math.Abs(a-9.859124258994012) > 1e-9 || math.Abs(b-41.27540463406469) > 1e-9 {
		t.Errorf("log coefficients (%v, %v), want (9.859124, 41.275405)", a, b)
	}
	for _, n := range []int{1, 2, 10, 100, 8000} {
		want := math.Ceil(a*math.Log(float64(n)) + b)
		if got := e.At(n); got != want {
			t.Errorf("k_%d = %v, want %v", n, got, want)
		}
	}
	if e.At(1) != 42 {
		t.Errorf("k_1 = %v, want 42", e.At(1))
	}
	if err := (Eq19{Beta: 0.5, Mu: 2, B: 1, P: 1, Delta: delta}).Validate(); err == nil || !strings.Contains(err.Error(), "beta") {
		t.Errorf("βμ = 1 accepted: %v", err)
	}
}

// TestConfigErrors: invalid configurations name the field.
func TestConfigErrors(t *testing.T) {
	good := paperHiC(1, Baseline{}, 0)
	for _, tc := range []struct {
		name  string
		mod   func(*HiCConfig)
		field string
	}{
		{"no alpha", func(c *HiCConfig) { c.Alpha = nil }, "hic.alpha"},
		{"zero delta", func(c *HiCConfig) { c.Delta = loop.Constant(0) }, "hic.delta"},
		{"eq19 with beta·mu ≥ 1", func(c *HiCConfig) { c.Commitment = Eq19{Beta: 0.5, Mu: 2, B: 1, P: 1, Delta: c.Delta} }, "hic.commitment: eq19: beta·mu = 0.5·2 must lie in (0, 1)"},
		{"eq19 without delta", func(c *HiCConfig) { c.Commitment = Eq19{Beta: 0.1, Mu: 2, B: 1, P: 1} }, "hic.commitment: eq19: no perturbation schedule delta"},
		{"commitment too long to count", func(c *HiCConfig) { c.Commitment = loop.Constant(1e15) }, "hic.commitment: commitment k_1 = 1e+15 is not a usable number of stages"},
		{"zero commitment", func(c *HiCConfig) { c.Commitment = loop.Constant(0) }, "hic.commitment: value 0 at interval n = 1 is not a finite positive number"},
		{"commitment log from 0", func(c *HiCConfig) { c.Commitment = loop.Log{A: 2, B: 0} }, "hic.commitment: value 0 at interval n = 1 is not a finite positive number"},
		{"zero delta in a list", func(c *HiCConfig) { c.Delta = loop.List{1, 1, 0, 1} }, "hic.delta: value 0 at interval n = 3"},
		{"power step with a zero denominator", func(c *HiCConfig) { c.Alpha = loop.Power{A: 1, B: -4, P: 1} }, "hic.alpha: b = -4"},
		{"ema decay", func(c *HiCConfig) { c.Baseline = Baseline{Kind: EMABaseline, Decay: 1} }, "hic.baseline"},
		{"burn-in", func(c *HiCConfig) { c.BurnIn = -1 }, "hic.burn_in"},
	} {
		c := good
		tc.mod(&c)
		if _, err := NewHiC(func(a, b []float64) float64 { return 0 }, []float64{1}, game.Domain{}, c, rand.New(rand.NewPCG(1, 1))); err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: error %v, want one naming %s", tc.name, err, tc.field)
		}
	}
}

// TestScheduleBreaksMidRun: a Go schedule that passes validation but gives
// δ_n = 0 at interval 5 stops the run there with an error naming δ_n and
// the interval, not a division by zero found later as a non-finite x.
func TestScheduleBreaksMidRun(t *testing.T) {
	g, _ := game.Builtin("cournot", nil)
	leader := paperHiC(1, Baseline{}, 0)
	leader.Delta = zeroAt{n: 5, v: 0.5}
	// Eq. 19's k_n from the leader's own δ_n (HiCConfig.Validate refuses another).
	e := leader.Commitment.(Eq19)
	e.Delta = leader.Delta
	leader.Commitment = e
	run := HiCRun{Leader: leader, Follower: GradientConfig{LR: loop.Constant(0.1)}, Settings: loop.Settings{Iterations: 1 << 20}}
	_, err := RunHiC(context.Background(), g, []float64{10}, []float64{30}, run, rand.New(rand.NewPCG(1, 1)), nil)
	if err == nil || !strings.Contains(err.Error(), "hic.delta δ_n: value 0 at interval n = 5 is not a finite positive number") {
		t.Errorf("got %v, want an error naming δ_n at interval 5", err)
	}
}

// zeroAt is the schedule v, but 0 at the one iteration n.
type zeroAt struct {
	n int
	v float64
}

func (s zeroAt) At(k int) float64 {
	if k == s.n {
		return 0
	}
	return s.v
}

// TestNoAllocationPerStage: a Hi-C run allocates the same for 4000 stages
// as for 20000 (setup only), so the stage loop allocates nothing. 4000
// stages hold the 50 burn-in intervals and the first update (3633 stages
// under Eq. 19): RunHiC refuses a burn-in that leaves the leader no
// update, as the 10 stages this test played before did.
func TestNoAllocationPerStage(t *testing.T) {
	g, _ := game.Builtin("cournot", nil)
	allocs := func(stages int) float64 {
		return testing.AllocsPerRun(5, func() {
			run := HiCRun{Leader: paperHiC(1, Baseline{Kind: EMABaseline, Decay: 0.9}, 50), Follower: GradientConfig{LR: loop.Constant(0.1)}, Settings: loop.Settings{Iterations: stages}}
			if _, err := RunHiC(context.Background(), g, []float64{10}, []float64{30}, run, rand.New(rand.NewPCG(1, 1)), nil); err != nil {
				t.Fatal(err)
			}
		})
	}
	if short, long := allocs(4000), allocs(20000); short != long {
		t.Errorf("%v allocations for 4000 stages, %v for 20000", short, long)
	}
}

// lagFollower plays, as its strategy, the number of stages in a row it
// has seen the other agent play the strategy it saw last: after k stages
// of a commitment it has taken k updates against it.
type lagFollower struct {
	y    []float64
	last float64
}

func (f *lagFollower) Strategy() []float64 { return f.y }

func (f *lagFollower) Observe(other []float64) error {
	if other[0] != f.last {
		f.last, f.y[0] = other[0], 0
	}
	f.y[0]++
	return nil
}

// TestObservedFollowerLag pins which follower iterate the leader observes
// (Algorithm 1, line 8: ỹ_n = y_t at the last stage t = t(n) + k_n − 1 of
// interval n): the strategy the follower played at that stage, which it
// computed after k_n − 1 updates against x̃_n, not k_n (Eq. 16 counts k_n;
// see the package documentation). δ_n = 1/n makes every x̃_n = ±1/n new,
// and the Eq. 19 schedule (β = 0.5, μ = 1, B = 2, p = 1: k_n = ⌈(2 ln 2 +
// 4 ln n)/ln 2⌉ = 2, 6, 9, 10, 12, 13) varies k_n. Exact integers.
func TestObservedFollowerLag(t *testing.T) {
	var seen []float64
	payoff := func(own, other []float64) float64 { seen = append(seen, other[0]); return 0 }
	delta := loop.Power{A: 1, P: 1}
	cfg := HiCConfig{Alpha: loop.Constant(0), Delta: delta, Commitment: Eq19{Beta: 0.5, Mu: 1, B: 2, P: 1, Delta: delta}}
	h, err := NewHiC(payoff, []float64{0}, game.Domain{}, cfg, rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		t.Fatal(err)
	}
	var ks []int // k_1 … k_6
	stages := 0
	for n := 1; n <= 6; n++ {
		k, err := commitmentLength(cfg.Commitment, n)
		if err != nil {
			t.Fatal(err)
		}
		ks = append(ks, k)
		stages += k
	}
	if _, err := Play(context.Background(), h, &lagFollower{y: []float64{0}, last: math.NaN()}, func(x, y []float64) (float64, float64) { return 0, 0 }, PlayOptions{Settings: loop.Settings{Iterations: stages}}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(ks) {
		t.Fatalf("the leader observed %d intervals in %d stages, want %d (k = %v)", len(seen), stages, len(ks), ks)
	}
	if want := []int{2, 6, 9, 10, 12, 13}; !slices.Equal(ks, want) {
		t.Fatalf("k_1 … k_6 = %v, want %v (Eq. 19)", ks, want)
	}
	for n, k := range ks {
		if seen[n] != float64(k-1) {
			t.Errorf("interval %d (k = %d): the observed follower had %v updates against x̃_n, want k − 1 = %d", n+1, k, seen[n], k-1)
		}
	}
}

// TestPaperSchedulesNeedBaseline backs the package documentation's note
// on Section 3.3's schedules: α_n/δ_n = 0.001 n^0.5 grows, so Assumption
// 3.4 (Σ α_n²/δ_n² < ∞) fails, and Eq. 6 without a baseline does not find
// the Stackelberg quantity x = 24.5 in 10⁶ stages: the unbaselined steps
// α_n f1/δ_n (f1 ≈ 300) drive the leader to the boundary x = 0, where it
// ends below 1 on each of three seeds, while the `previous` baseline ends
// within 1 of 24.5 (x ≈ 24.07–24.47).
func TestPaperSchedulesNeedBaseline(t *testing.T) {
	if testing.Short() {
		t.Skip("6 × 10⁶ stages")
	}
	for seed := uint64(0); seed < 3; seed++ {
		none := runCournot(t, seed, paperHiC(1, Baseline{}, 0), 1000000)
		prev := runCournot(t, seed, paperHiC(1, Baseline{Kind: PreviousBaseline}, 0), 1000000)
		if none.X[0] > 1 {
			t.Errorf("seed %d, no baseline: x = %.3f, want < 1 (the collapse the documentation describes)", seed, none.X[0])
		}
		if math.Abs(prev.X[0]-24.5) > 1 {
			t.Errorf("seed %d, previous baseline: x = %.3f, want within 1 of 24.5", seed, prev.X[0])
		}
	}
}
