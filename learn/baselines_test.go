package learn

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// bilinear is the zero-sum game with costs f1 = a·x·y, f2 = −a·x·y, whose
// only critical point (0, 0) is a Nash equilibrium around which
// simultaneous gradient play rotates: ω = (a·y, −a·x), J = [[0, a], [−a, 0]].
type bilinear struct{ a float64 }

func (bilinear) Name() string                        { return "bilinear" }
func (bilinear) Dims() (int, int)                    { return 1, 1 }
func (bilinear) Sense() game.Sense                   { return game.Cost }
func (bilinear) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (g bilinear) F1(x, y *ad.Node) *ad.Node         { return ad.Scale(ad.Mul(x, y), g.a) }
func (g bilinear) F2(x, y *ad.Node) *ad.Node         { return ad.Scale(ad.Mul(x, y), -g.a) }

// TestExtragradientStep: one step against Korpelevich's rule written out
// by hand on the bilinear game: x̄ = x − γ1·a·y, ȳ = y + γ2·a·x, then
// x' = x − γ1·a·ȳ, y' = y + γ2·a·x̄ (tolerance 1e-14).
func TestExtragradientStep(t *testing.T) {
	a, g1, g2 := 1.5, 0.1, 0.2
	e, err := NewExtragradient(bilinear{a}, Rates{Leader: loop.Constant(g1), Follower: loop.Constant(g2)})
	if err != nil {
		t.Fatal(err)
	}
	x0, y0 := 0.7, -0.4
	x, y := []float64{x0}, []float64{y0}
	if _, err := e.Step(context.Background(), 1, x, y, nil); err != nil {
		t.Fatal(err)
	}
	xb, yb := x0-g1*a*y0, y0+g2*a*x0
	wantX, wantY := x0-g1*a*yb, y0+g2*a*xb
	if math.Abs(x[0]-wantX) > 1e-14 || math.Abs(y[0]-wantY) > 1e-14 {
		t.Errorf("step to (%v, %v), want (%v, %v)", x[0], y[0], wantX, wantY)
	}
}

// TestConsensusStep: one step against the consensus rule written out by
// hand on the bilinear game: L = ½a²(x² + y²), ∇L = a²(x, y), so
// x' = x − γ1(a·y + γ·a²·x), y' = y − γ2(−a·x + γ·a²·y) (tolerance 1e-14);
// with γ = 0 it is exactly an SGA step.
func TestConsensusStep(t *testing.T) {
	a, g1, g2, gamma := 1.5, 0.1, 0.2, 0.7
	r := Rates{Leader: loop.Constant(g1), Follower: loop.Constant(g2)}
	c, err := NewConsensus(bilinear{a}, r, gamma)
	if err != nil {
		t.Fatal(err)
	}
	x0, y0 := 0.7, -0.4
	x, y := []float64{x0}, []float64{y0}
	if _, err := c.Step(context.Background(), 1, x, y, nil); err != nil {
		t.Fatal(err)
	}
	wantX, wantY := x0-g1*(a*y0+gamma*a*a*x0), y0-g2*(-a*x0+gamma*a*a*y0)
	if math.Abs(x[0]-wantX) > 1e-14 || math.Abs(y[0]-wantY) > 1e-14 {
		t.Errorf("step to (%v, %v), want (%v, %v)", x[0], y[0], wantX, wantY)
	}
	c0, _ := NewConsensus(bilinear{a}, r, 0)
	sga, _ := NewSGA(bilinear{a}, r)
	xc, yc, xs, ys := []float64{x0}, []float64{y0}, []float64{x0}, []float64{y0}
	c0.Step(context.Background(), 1, xc, yc, nil)
	sga.Step(context.Background(), 1, xs, ys, nil)
	if xc[0] != xs[0] || yc[0] != ys[0] {
		t.Errorf("γ = 0: (%v, %v), SGA (%v, %v)", xc[0], yc[0], xs[0], ys[0])
	}
	if _, err := NewConsensus(bilinear{a}, r, -1); err == nil || err.Error() != "gamma: -1 is not a finite non-negative number" {
		t.Errorf("γ = −1: error %v, want one naming gamma and its value", err)
	}
}

// TestBaselinesOnBilinear: on the bilinear game (a = 1) with step h = 0.1
// from ‖z_0‖ = 1, every method is linear, z_{k+1} = M z_k, with ‖Mz‖² =
// ρ²‖z‖² for all z, so ‖z_N‖ = ρ^N in closed form:
// SGA ρ² = 1 + h² (it spirals out), extragradient ρ² = 1 − h² + h⁴
// (Korpelevich: it converges), consensus with γ = 1 ρ² = (1 − hγ)² + h²
// (converges). Checked after N = 2000 steps to a relative 1e-9.
func TestBaselinesOnBilinear(t *testing.T) {
	g := bilinear{1}
	h := 0.1
	r := Rates{Leader: loop.Constant(h), Follower: loop.Constant(h)}
	sga, _ := NewSGA(g, r)
	eg, _ := NewExtragradient(g, r)
	co, _ := NewConsensus(g, r, 1)
	const n = 2000
	for _, c := range []struct {
		name string
		d    Dynamics
		rho2 float64
	}{
		{"SGA", sga, 1 + h*h},
		{"extragradient", eg, 1 - h*h + h*h*h*h},
		{"consensus", co, (1-h)*(1-h) + h*h},
	} {
		res, err := Run(context.Background(), g, c.d, []float64{0.6}, []float64{0.8}, Settings{Settings: loop.Settings{Iterations: n}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, want := math.Hypot(res.X[0], res.Y[0]), math.Pow(c.rho2, n/2)
		if math.Abs(got-want) > 1e-9*want {
			t.Errorf("%s: ‖z_%d‖ = %g, want ρ^N = %g", c.name, n, got, want)
		}
	}
}

// TestKindsRegistered: every dynamic is reachable by its config name,
// has a parameters type with its own keys, and builds from zero
// parameters (nil) and from a new value of its type.
func TestKindsRegistered(t *testing.T) {
	want := map[string]any{"sga": &NoParams{}, "lola": &LOLAParams{}, "stackelberg": &StackelbergParams{}, "extragradient": &NoParams{}, "consensus": &ConsensusParams{}}
	for name, params := range want {
		k, ok := LookupKind(name)
		if !ok {
			t.Errorf("kind %q not registered", name)
			continue
		}
		if got := k.Params(); reflect.TypeOf(got) != reflect.TypeOf(params) {
			t.Errorf("kind %q: parameters %T, want %T", name, got, params)
		}
		r := Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)}
		for _, p := range []any{nil, k.Params()} {
			d, err := k.New(duopoly{100, 5, 2}, r, p)
			if err != nil || d == nil {
				t.Errorf("kind %q: New(%T): %v", name, p, err)
			}
		}
		wantErr := fmt.Sprintf("dynamics %s: parameters of type *struct { X int }, want %T", name, params)
		if _, err := k.New(duopoly{100, 5, 2}, r, &struct{ X int }{}); err == nil || err.Error() != wantErr {
			t.Errorf("kind %q: parameters of another type: error %v, want %q", name, err, wantErr)
		}
	}
}

// TestRunStatus: Result.Status says why a run stopped: the iteration
// budget, the step tolerance, a diverging quantity (SGA with step 100 on
// the bilinear game overflows), or a cancelled context.
func TestRunStatus(t *testing.T) {
	g := bilinear{1}
	small := Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.1)}
	eg, _ := NewExtragradient(g, small)
	sga, _ := NewSGA(g, Rates{Leader: loop.Constant(1e100), Follower: loop.Constant(1e100)})
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		d    Dynamics
		s    loop.Settings
		want loop.Status
	}{
		{"budget", context.Background(), eg, loop.Settings{Iterations: 10}, loop.IterationLimit},
		{"tolerance", context.Background(), eg, loop.Settings{Iterations: 100000, StepTol: 1e-9}, loop.Converged},
		{"diverged", context.Background(), sga, loop.Settings{Iterations: 100}, loop.Diverged},
		{"cancelled", cancelled, eg, loop.Settings{Iterations: 1000}, loop.Cancelled},
	} {
		res, err := Run(c.ctx, g, c.d, []float64{0.6}, []float64{0.8}, Settings{Settings: c.s}, nil)
		if res.Status != c.want {
			t.Errorf("%s: status %v (error %v), want %v", c.name, res.Status, err, c.want)
		}
		if c.want == loop.Diverged && loop.QuantityOf(err) == "" {
			t.Errorf("diverged without a quantity: %v", err)
		}
	}
}

// TestBaselineStepsDoNotAllocate: a step of extragradient and consensus
// allocates nothing (extragradient built the names of its gradients for
// the finiteness check on every step, 4 allocations, until session 32).
func TestBaselineStepsDoNotAllocate(t *testing.T) {
	r := Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)}
	e, err := NewExtragradient(bilinear{1.5}, r)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewConsensus(bilinear{1.5}, r, 0.7)
	if err != nil {
		t.Fatal(err)
	}
	for name, d := range map[string]Dynamics{"extragradient": e, "consensus": c} {
		x, y := []float64{0.7}, []float64{-0.4}
		k := 0
		allocs := testing.AllocsPerRun(50, func() {
			k++
			if _, err := d.Step(context.Background(), k, x, y, nil); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per step, want 0", name, allocs)
		}
	}
}
