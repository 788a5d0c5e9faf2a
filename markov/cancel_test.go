package markov

import (
	"context"
	"errors"
	"math"
	"sync/atomic"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestSampledRunCancelsInsideEstimate: a sampled run stops inside an
// estimate when its context is cancelled, with the context's error as a
// cancellation between iterations gives ("markov: iteration 1: context
// canceled", Status Cancelled), keeping the record of iteration 0 and the
// initial parameters. The trajectories started are counted by a hook (no
// clock): cancelled from the hook at the start of trajectory 2 of
// iteration 1, the estimate stops within that trajectory (horizon 5000 is
// longer than the steps between two looks at the context), so exactly 2
// of the batch of 1000 start; cancelled from another goroutine while the
// single trajectory of 10⁷ steps of each iteration is running, no
// iteration completes. Before the fix the estimate ran its whole batch
// (1000 trajectories; a completed iteration).
func TestSampledRunCancelsInsideEstimate(t *testing.T) {
	g, err := Builtin("patrol", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { trajectoryHook = nil }()
	for _, c := range []struct {
		name           string
		dynamics       string
		batch, horizon int
		fromHook       bool // cancel synchronously at the start of trajectory 2
		wantStarted    int64
	}{
		{"stackelberg, cancel at trajectory 2", StackelbergPG, 1000, 5000, true, 2},
		{"simultaneous, cancel at trajectory 2", SimultaneousPG, 1000, 5000, true, 2},
		{"stackelberg, cancel within one long trajectory", StackelbergPG, 1, 10_000_000, false, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var started atomic.Int64
			sampling := make(chan struct{})
			trajectoryHook = func(int) {
				switch n := started.Add(1); {
				case c.fromHook && n == 2:
					cancel()
				case !c.fromHook && n == 1:
					close(sampling)
				}
			}
			if !c.fromHook {
				go func() {
					<-sampling
					cancel()
				}()
			}
			cfg := Config{Dynamics: c.dynamics, Estimator: Sampled, Batch: c.batch, Horizon: c.horizon, Seed: 3,
				Settings: loop.Settings{Iterations: 2}}
			res, err := Run(ctx, g, cfg, nil)
			if !errors.Is(err, context.Canceled) || err.Error() != "markov: iteration 1: context canceled" {
				t.Fatalf("error %v, want markov: iteration 1: context canceled", err)
			}
			if n := started.Load(); n != c.wantStarted {
				t.Errorf("%d trajectories started, want %d (batch %d)", n, c.wantStarted, c.batch)
			}
			if res.Status != loop.Cancelled || res.Iterations != 0 || len(res.History) != 1 || res.History[0].Iteration != 0 {
				t.Errorf("status %v, %d iterations, history %+v; want Cancelled, 0 and the record of iteration 0", res.Status, res.Iterations, res.History)
			}
			for i, v := range append(append([]float64(nil), res.Theta1...), res.Theta2...) {
				if v != 0 {
					t.Fatalf("parameter %d = %v after a cancelled first iteration, want the initial 0", i, v)
				}
			}
		})
	}
}

// TestEstimateContextMatchesEstimate: looking at the context draws
// nothing, so EstimateContext with a live context gives Estimate's numbers
// bit for bit (same seed, both orders), and one whose context is already
// cancelled returns context.Canceled and no Point before its first step.
func TestEstimateContextMatchesEstimate(t *testing.T) {
	g, _ := Builtin("epidemic", nil)
	n, m1, m2 := g.Dims()
	th1, th2 := make([]float64, n*m1), make([]float64, n*m2)
	for i := range th1 {
		th1[i] = math.Sin(float64(i))
	}
	for i := range th2 {
		th2[i] = math.Cos(float64(i))
	}
	for _, order := range []Order{OrderGradients, OrderHessians} {
		a, _ := NewSampler(g, 11)
		b, _ := NewSampler(g, 11)
		for rep := range 3 { // the random source carries over between estimates
			want := flatPoint(a.Estimate(th1, th2, 40, 30, order))
			pt, err := b.EstimateContext(context.Background(), th1, th2, 40, 30, order)
			if err != nil {
				t.Fatal(err)
			}
			for q, v := range flatPoint(pt) {
				for i := range v {
					if math.Float64bits(v[i]) != math.Float64bits(want[q][i]) {
						t.Fatalf("order %d, estimate %d: %s[%d] = %v with a context, %v without", order, rep, q, i, v[i], want[q][i])
					}
				}
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sp, _ := NewSampler(g, 11)
	if pt, err := sp.EstimateContext(ctx, th1, th2, 40, 30, OrderHessians); pt != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v, %v; want nil, context.Canceled", pt, err)
	}
}

// TestBuiltinShapeMatchesBuilder: BuiltinShape gives, without building,
// exactly the dimensions of the game Builtin builds from the same
// parameters — the built-in's defaults for absent ones (random 2 states
// and 2×2 actions, patrol 4 targets, epidemic 3 levels) — and names the
// size parameters with the values used.
func TestBuiltinShapeMatchesBuilder(t *testing.T) {
	for _, c := range []struct {
		name       string
		params     map[string]float64
		wantParams string
		wantSize   float64 // |S|²·|A1|·|A2|
	}{
		{"random", nil, "states=2 (default), actions1=2 (default), actions2=2 (default)", 16},
		{"random", map[string]float64{"states": 30}, "states=30, actions1=2 (default), actions2=2 (default)", 3600},
		{"random", map[string]float64{"states": 3, "actions1": 4, "actions2": 1, "seed": 7}, "states=3, actions1=4, actions2=1", 36},
		{"patrol", nil, "targets=4 (default)", 4 * 4 * 3 * 5},
		{"patrol", map[string]float64{"targets": 9, "slip": 0.2}, "targets=9", 9 * 9 * 3 * 10},
		{"epidemic", nil, "levels=3 (default)", 3 * 3 * 3 * 2},
		{"epidemic", map[string]float64{"levels": 12}, "levels=12", 12 * 12 * 3 * 2},
	} {
		sh, err := BuiltinShape(c.name, c.params)
		if err != nil {
			t.Fatal(err)
		}
		g, err := Builtin(c.name, c.params)
		if err != nil {
			t.Fatal(err)
		}
		n, m1, m2 := g.Dims()
		if sh.States != float64(n) || sh.Actions1 != float64(m1) || sh.Actions2 != float64(m2) {
			t.Errorf("%s %v: shape %g×%g×%g, the builder allocates %d×%d×%d", c.name, c.params, sh.States, sh.Actions1, sh.Actions2, n, m1, m2)
		}
		if sh.Params != c.wantParams || sh.Entries() != c.wantSize {
			t.Errorf("%s %v: %q, %g entries; want %q, %g", c.name, c.params, sh.Params, sh.Entries(), c.wantParams, c.wantSize)
		}
	}
	const wantChess = `markov: unknown built-in game "chess" (valid: epidemic, patrol, random)`
	if _, err := BuiltinShape("chess", nil); err == nil || err.Error() != wantChess {
		t.Errorf("unknown built-in: error %v, want %q", err, wantChess)
	}
}
