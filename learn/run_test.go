package learn

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// sqrtGame has leader cost √x, which is NaN for x < 0, and follower cost
// (y − x)². From x = 1 with step 1 the leader goes 1 → 0.5 → −0.207, where
// f1 is NaN (and the gradient of iteration 3 would be).
type sqrtGame struct{}

func (sqrtGame) Name() string                        { return "sqrt" }
func (sqrtGame) Dims() (int, int)                    { return 1, 1 }
func (sqrtGame) Sense() game.Sense                   { return game.Cost }
func (sqrtGame) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (sqrtGame) F1(x, y *ad.Node) *ad.Node           { return ad.Sqrt(x) }
func (sqrtGame) F2(x, y *ad.Node) *ad.Node           { return ad.Square(ad.Sub(y, x)) }

// TestRunStopsOnNaN: the step of iteration 2 reaches x = −0.207, where f1
// is NaN; recording every iteration, the run stops there with the point
// of iteration 1 (x = 0.5, f1 = √0.5) as the last good point, records 0
// and 1 kept. Recording every 5th, iteration 2's NaN is not looked at,
// and the gradient fails at iteration 3: iteration 2's point, whose f1 is
// NaN, is no good point, so the result is the last recorded one, x = 1.
func TestRunStopsOnNaN(t *testing.T) {
	g := sqrtGame{}
	sga, err := NewSGA(g, Rates{Leader: loop.Constant(1), Follower: loop.Constant(0.1)})
	if err != nil {
		t.Fatal(err)
	}
	st := mustStackelberg(t, g, StackelbergConfig{LeaderLR: loop.Constant(1), FollowerLR: loop.Constant(0.1)})
	for _, d := range []Dynamics{sga, st} {
		var tr Trace
		res, err := Run(context.Background(), g, d, []float64{1}, []float64{0}, Settings{Settings: loop.Settings{Iterations: 100, RecordEvery: 1}, Recorder: &tr}, nil)
		if err == nil || err.Error() != "iteration 2: leader objective f1 is NaN" {
			t.Fatalf("error %v, want \"iteration 2: leader objective f1 is NaN\"", err)
		}
		if res.Iterations != 1 || res.X[0] != 0.5 || math.Abs(res.F1-math.Sqrt(0.5)) > 1e-15 || len(tr.Records) != 2 {
			t.Errorf("result %+v, %d records; want 1 iteration ending at x = 0.5, f1 = √0.5, with records 0 and 1", res, len(tr.Records))
		}
		tr = Trace{}
		res, err = Run(context.Background(), g, d, []float64{1}, []float64{0}, Settings{Settings: loop.Settings{Iterations: 100, RecordEvery: 5}, Recorder: &tr}, nil)
		if err == nil || err.Error() != "iteration 3: leader gradient D1 f1 is NaN" {
			t.Fatalf("every 5th: error %v, want \"iteration 3: leader gradient D1 f1 is NaN\"", err)
		}
		if res.Iterations != 0 || res.X[0] != 1 || res.F1 != 1 || len(tr.Records) != 1 {
			t.Errorf("every 5th: result %+v, %d records", res, len(tr.Records))
		}
	}
}

func TestRunSettings(t *testing.T) {
	g := paperDuopoly
	sga, err := NewSGA(g, Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t.Run("record-every", func(t *testing.T) {
		var tr Trace
		res, err := Run(ctx, g, sga, []float64{1}, []float64{1}, Settings{Settings: loop.Settings{Iterations: 10, RecordEvery: 3}, Recorder: &tr}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var iters []int
		for _, r := range tr.Records {
			iters = append(iters, r.Iter)
		}
		if want := []int{0, 3, 6, 9, 10}; !equalInts(iters, want) {
			t.Errorf("recorded iterations %v, want %v", iters, want)
		}
		last := tr.Records[len(tr.Records)-1]
		if last.X[0] != res.X[0] || last.F1 != res.F1 || res.Iterations != 10 {
			t.Errorf("last record %+v disagrees with result %+v", last, res)
		}
		// F1 is the leader's profit in the game's sense.
		if want := (100 - res.X[0] - res.Y[0] - 5) * res.X[0]; math.Abs(res.F1-want) > 1e-12 {
			t.Errorf("F1 = %g, want profit %g", res.F1, want)
		}
	})
	t.Run("nil-arguments", func(t *testing.T) {
		// Errors, not panics, for a Go API caller's nil dynamics or context.
		if _, err := Run(ctx, g, nil, []float64{1}, []float64{1}, Settings{}, nil); err == nil || !strings.Contains(err.Error(), "nil dynamics") {
			t.Errorf("nil dynamics: %v", err)
		}
		if _, err := Run(nil, g, sga, []float64{1}, []float64{1}, Settings{}, nil); err == nil || !strings.Contains(err.Error(), "nil context") {
			t.Errorf("nil context: %v", err)
		}
	})
	t.Run("default-iterations", func(t *testing.T) {
		res, err := Run(ctx, g, sga, []float64{1}, []float64{1}, Settings{}, nil)
		if err != nil || res.Iterations != DefaultIterations {
			t.Errorf("%d iterations, error %v; want %d", res.Iterations, err, DefaultIterations)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		res, err := Run(c, g, sga, []float64{1}, []float64{1}, Settings{Settings: loop.Settings{Iterations: 10000}}, nil)
		// Polled before the first step (TestRunCancelPrompt).
		if !errors.Is(err, context.Canceled) || res.Iterations != 0 {
			t.Errorf("error %v after %d iterations; want context.Canceled after 0", err, res.Iterations)
		}
	})
	t.Run("recorder-error", func(t *testing.T) {
		boom := errors.New("disk full")
		rec := RecorderFunc(func(r Record) error {
			if r.Iter == 4 {
				return boom
			}
			return nil
		})
		res, err := Run(ctx, g, sga, []float64{1}, []float64{1}, Settings{Settings: loop.Settings{Iterations: 10, RecordEvery: 1}, Recorder: rec}, nil)
		if !errors.Is(err, boom) || res.Iterations != 4 || !strings.HasPrefix(err.Error(), "iteration 4: recorder") {
			t.Errorf("error %v after %d iterations", err, res.Iterations)
		}
	})
	bad := []struct {
		name   string
		x0, y0 []float64
		s      Settings
		want   string
	}{
		{"dims", []float64{1, 2}, []float64{1}, Settings{}, "start: x0 has 2 and y0 1 coordinates"},
		{"nan-start", []float64{math.NaN()}, []float64{1}, Settings{}, "start x0 is NaN"},
		{"negative-iterations", []float64{1}, []float64{1}, Settings{Settings: loop.Settings{Iterations: -1}}, "settings.iterations: -1 is negative"},
		{"negative-steptol", []float64{1}, []float64{1}, Settings{Settings: loop.Settings{StepTol: -1}}, "settings.step_tol"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := Run(ctx, g, sga, c.x0, c.y0, c.s, nil)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error %v, want prefix %q", err, c.want)
			}
		})
	}
	t.Run("noise-without-rng", func(t *testing.T) {
		noisy, err := NewSGA(g, Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01), NoiseLeader: 1})
		if err != nil {
			t.Fatal(err)
		}
		_, err = Run(ctx, g, noisy, []float64{1}, []float64{1}, Settings{Settings: loop.Settings{Iterations: 3}}, nil)
		if err == nil || !strings.Contains(err.Error(), "rng is nil") {
			t.Errorf("error %v, want a missing-rng error", err)
		}
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestConfigErrors(t *testing.T) {
	g := paperDuopoly
	ok := StackelbergConfig{LeaderLR: loop.Constant(0.1), FollowerLR: loop.Constant(0.1)}
	cases := []struct {
		name string
		edit func(c *StackelbergConfig)
		want string
	}{
		{"no-leader-lr", func(c *StackelbergConfig) { c.LeaderLR = nil }, "leader step size: no schedule"},
		{"negative-lr", func(c *StackelbergConfig) { c.FollowerLR = loop.Constant(-1) }, "follower step size: value -1"},
		{"solver", func(c *StackelbergConfig) { c.Solver.Kind = "qr" }, `solver.kind: unknown solver "qr"`},
		{"lambda", func(c *StackelbergConfig) { c.Solver.Lambda = -1 }, "solver.lambda: -1"},
		{"noise", func(c *StackelbergConfig) { c.NoiseLeader = math.Inf(1) }, "leader noise σ: +Inf"},
		{"unroll", func(c *StackelbergConfig) { c.Unroll = -2 }, "unroll: -2 is negative"},
	}
	for _, c := range cases {
		cfg := ok
		c.edit(&cfg)
		if _, err := NewStackelberg(g, cfg); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: error %v, want prefix %q", c.name, err, c.want)
		}
	}
}

// TestStepFormulas checks single steps against hand-computed closed forms
// on a random quadratic game (d1 = 3, d2 = 4, γ1 = 0.1, γ2 = 0.2, no noise):
// Stackelberg with m = 3 unrolled follower steps that all see x_k, the
// roles swapped, and LOLA with look-ahead β = 0.7 — given as a constant,
// as a list read at the step's index k = 2 (its entries at k = 1 and 3
// differ, so an off-by-one in the schedule's index is seen) and absent,
// where β is the follower's step γ2; and noisy Stackelberg (m = 2) and SGA
// steps (σ = (0.3, 0.7)) against the same draws from a copy of the rng.
func TestStepFormulas(t *testing.T) {
	q := newQuadratic(3, 4, 5)
	x0 := []float64{0.3, -0.2, 0.5}
	y0 := []float64{-0.4, 0.1, 0.6, 0.2}
	const g1, g2, tol = 0.1, 0.2, 1e-12
	// ∇y c2 = Dy + Ex + b.
	followerGrad := func(x, y []float64) []float64 {
		out := make([]float64, q.d2)
		for i := range out {
			out[i] = q.b.Data[i]
			for j := 0; j < q.d2; j++ {
				out[i] += at(q.D, i, j) * y[j]
			}
			for j := 0; j < q.d1; j++ {
				out[i] += at(q.E, i, j) * x[j]
			}
		}
		return out
	}
	check := func(name string, got, want []float64) {
		t.Helper()
		for i := range want {
			if math.Abs(got[i]-want[i]) > tol {
				t.Errorf("%s[%d] = %.15g, want %.15g", name, i, got[i], want[i])
			}
		}
	}

	t.Run("stackelberg-unroll3", func(t *testing.T) {
		st := mustStackelberg(t, q, StackelbergConfig{LeaderLR: loop.Constant(g1), FollowerLR: loop.Constant(g2), Unroll: 3})
		x, y := append([]float64(nil), x0...), append([]float64(nil), y0...)
		if _, err := st.Step(context.Background(), 1, x, y, nil); err != nil {
			t.Fatal(err)
		}
		df := quadTotalDerivative(q, x0, y0, 0)
		wantX := make([]float64, q.d1)
		for i := range wantX {
			wantX[i] = x0[i] - g1*df[i]
		}
		wantY := append([]float64(nil), y0...)
		for l := 0; l < 3; l++ {
			gy := followerGrad(x0, wantY)
			for i := range wantY {
				wantY[i] -= g2 * gy[i]
			}
		}
		check("x", x, wantX)
		check("y", y, wantY)
	})

	// With noise the steps are x_{k+1} = x_k − γ1(D + σ1ξ), each follower
	// step y ← y − γ2(∇y c2 + σ2ξ), the standard normals ξ drawn from the
	// step's rng in the documented order: the leader's d1, then d2 per
	// follower step. A copy of the rng gives the same draws.
	noisy := func(t *testing.T, d Dynamics, leaderDir []float64, m int) {
		const s1, s2 = 0.3, 0.7
		x, y := append([]float64(nil), x0...), append([]float64(nil), y0...)
		if _, err := d.Step(context.Background(), 1, x, y, newRNG(77)); err != nil {
			t.Fatal(err)
		}
		xi := newRNG(77)
		wantX := make([]float64, q.d1)
		for i := range wantX {
			wantX[i] = x0[i] - g1*(leaderDir[i]+s1*xi.NormFloat64())
		}
		wantY := append([]float64(nil), y0...)
		for l := 0; l < m; l++ {
			gy := followerGrad(x0, wantY)
			for i := range wantY {
				wantY[i] -= g2 * (gy[i] + s2*xi.NormFloat64())
			}
		}
		check("x", x, wantX)
		check("y", y, wantY)
	}
	t.Run("stackelberg-noise", func(t *testing.T) {
		st := mustStackelberg(t, q, StackelbergConfig{LeaderLR: loop.Constant(g1), FollowerLR: loop.Constant(g2), Unroll: 2, NoiseLeader: 0.3, NoiseFollower: 0.7})
		noisy(t, st, quadTotalDerivative(q, x0, y0, 0), 2)
	})
	t.Run("sga-noise", func(t *testing.T) {
		sga, err := NewSGA(q, Rates{Leader: loop.Constant(g1), Follower: loop.Constant(g2), NoiseLeader: 0.3, NoiseFollower: 0.7})
		if err != nil {
			t.Fatal(err)
		}
		// D1 c1 = Ax + By + a.
		d1 := make([]float64, q.d1)
		for i := range d1 {
			d1[i] = q.a.Data[i]
			for j := 0; j < q.d1; j++ {
				d1[i] += at(q.A, i, j) * x0[j]
			}
			for j := 0; j < q.d2; j++ {
				d1[i] += at(q.B, i, j) * y0[j]
			}
		}
		noisy(t, sga, d1, 1)
	})

	for _, lc := range []struct {
		name      string
		lookAhead loop.Schedule
		beta      float64
	}{
		{"constant", loop.Constant(0.7), 0.7},
		{"list", loop.List{0.3, 0.7, 1.9}, 0.7},
		{"default", nil, g2},
	} {
		t.Run("lola/"+lc.name, func(t *testing.T) {
			beta := lc.beta
			lola, err := NewLOLA(q, LOLAConfig{Rates: Rates{Leader: loop.List{0.5, g1, 2}, Follower: loop.List{0.9, g2, 3}}, LookAhead: lc.lookAhead})
			if err != nil {
				t.Fatal(err)
			}
			x, y := append([]float64(nil), x0...), append([]float64(nil), y0...)
			if _, err := lola.Step(context.Background(), 2, x, y, nil); err != nil {
				t.Fatal(err)
			}
			// D1 c1 − β Eᵀ ∇y c1 with ∇y c1 = Bᵀx + Cy.
			gy1 := make([]float64, q.d2)
			for j := range gy1 {
				for i := 0; i < q.d1; i++ {
					gy1[j] += at(q.B, i, j) * x0[i]
				}
				for i := 0; i < q.d2; i++ {
					gy1[j] += at(q.C, j, i) * y0[i]
				}
			}
			wantX := make([]float64, q.d1)
			for i := range wantX {
				d := q.a.Data[i]
				for j := 0; j < q.d1; j++ {
					d += at(q.A, i, j) * x0[j]
				}
				for j := 0; j < q.d2; j++ {
					d += at(q.B, i, j)*y0[j] - beta*at(q.E, j, i)*gy1[j]
				}
				wantX[i] = x0[i] - g1*d
			}
			gy := followerGrad(x0, y0)
			wantY := make([]float64, q.d2)
			for i := range wantY {
				wantY[i] = y0[i] - g2*gy[i]
			}
			check("x", x, wantX)
			check("y", y, wantY)
		})
	}
}

// TestFollowerLeads swaps the duopoly roles: firm 2 leads, so the
// Stackelberg point is q2 = (A + c1 − 2c2)/2 = 50.5,
// q1 = (A + 2c2 − 3c1)/4 = 22.25 (Section 4.1 with indices exchanged), and
// LeaderLR applies to firm 2.
func TestFollowerLeads(t *testing.T) {
	g := paperDuopoly
	st := mustStackelberg(t, g, StackelbergConfig{LeaderLR: loop.Constant(0.05), FollowerLR: loop.Constant(0.2), FollowerLeads: true})
	res, err := Run(context.Background(), g, st, []float64{10}, []float64{10}, Settings{Settings: loop.Settings{Iterations: 5000, StepTol: 1e-12}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.X[0]-22.25) > 1e-3 || math.Abs(res.Y[0]-50.5) > 1e-3 {
		t.Errorf("ended at (%.5f, %.5f), want (22.25, 50.5)", res.X[0], res.Y[0])
	}
	d := make([]float64, 1)
	if _, err := st.TotalDerivative(d, []float64{22.25}, []float64{50.5}); err != nil || math.Abs(d[0]) > 1e-12 {
		t.Errorf("firm 2's total derivative at its Stackelberg point = %g (error %v), want 0", d[0], err)
	}
}

// TestBoxProjection: on the actor-critic toy game (θ, w ∈ [−1, 1]) a huge
// step lands on the box's faces, for SGA and for the Stackelberg leader
// (whose total derivative is checked against its closed form, 1e-14).
func TestBoxProjection(t *testing.T) {
	g := acToy{}
	sga, err := NewSGA(g, Rates{Leader: loop.Constant(100), Follower: loop.Constant(100)})
	if err != nil {
		t.Fatal(err)
	}
	x, y := []float64{0.5}, []float64{0.5}
	if _, err := sga.Step(context.Background(), 1, x, y, nil); err != nil {
		t.Fatal(err)
	}
	// θ ← 0.5 + 100·w = 50.5 → 1; w ← 0.5 − 100·2(wθ + θ²/5)θ = −34.5 → −1.
	if x[0] != 1 || y[0] != -1 {
		t.Errorf("(θ, w) = (%g, %g), want (1, −1)", x[0], y[0])
	}
	// The Stackelberg leader is projected too. On costs c1 = −θw,
	// c2 = (wθ + θ²/5)²: D2² c2 = 2θ², D21 c2 = 4θw + 6θ²/5, D2 c1 = −θ, so
	// Df1 = −w + (4θw + 6θ²/5)/(2θ) = w + 3θ/5 = 0.8 at (0.5, 0.5):
	// θ ← 0.5 − 100·0.8 = −79.5 → −1; w ← 0.5 − 100·2(0.3)(0.5) = −29.5 → −1.
	st := mustStackelberg(t, g, StackelbergConfig{LeaderLR: loop.Constant(100), FollowerLR: loop.Constant(100)})
	x, y = []float64{0.5}, []float64{0.5}
	d := make([]float64, 1)
	if _, err := st.TotalDerivative(d, x, y); err != nil || math.Abs(d[0]-0.8) > 1e-14 {
		t.Errorf("Df1(0.5, 0.5) = %v (error %v), want 0.8", d[0], err)
	}
	if _, err := st.Step(context.Background(), 1, x, y, nil); err != nil {
		t.Fatal(err)
	}
	if x[0] != -1 || y[0] != -1 {
		t.Errorf("stackelberg: (θ, w) = (%g, %g), want (−1, −1)", x[0], y[0])
	}
}
