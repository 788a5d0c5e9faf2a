package total

import (
	"context"
	"math"
	"testing"
)

// TestCGCapped checks Info.Capped and Info.RelResidual on H = diag(1, 3),
// b = (1, 1), where CG from zero needs 2 iterations (two distinct
// eigenvalues). One iteration gives α = bᵀb/bᵀ(H + λI)b and
// r = b − α(H + λI)b: with λ = 0, α = 1/2 and r = (1/2, −1/2),
// ‖r‖/‖b‖ = 1/2; with λ = 1, α = 1/3 and r = (1/3, −1/3), ‖r‖/‖b‖ = 1/3.
func TestCGCapped(t *testing.T) {
	diag := Hessian{Apply: func(dst, v []float64) { dst[0], dst[1] = v[0], 3*v[1] }}
	for _, c := range []struct {
		name   string
		cg     CG
		b      []float64
		iters  int
		capped bool
		rel    float64 // want, to 1e-14 (round-off bound 1e-10 when not capped)
		bound  bool    // rel is only an upper bound (converged to round-off)
	}{
		{"cap 1 of 2", CG{Iters: 1}, []float64{1, 1}, 1, true, 0.5, false},
		{"cap 1 of 2, λ = 1", CG{Iters: 1, Lambda: 1}, []float64{1, 1}, 1, true, 1.0 / 3, false},
		{"cap 1 with FailOnBreakdown (no error)", CG{Iters: 1, FailOnBreakdown: true}, []float64{1, 1}, 1, true, 0.5, false},
		{"cap 1, tol 0.4 below the residual", CG{Iters: 1, Tol: 0.4}, []float64{1, 1}, 1, true, 0.5, false},
		{"cap 1, tol 0.6 above the residual", CG{Iters: 1, Tol: 0.6}, []float64{1, 1}, 1, false, 0.5, false},
		{"default cap (2) converges", CG{}, []float64{1, 1}, 2, false, 1e-10, true},
		{"cap above the dimension", CG{Iters: 5}, []float64{1, 1}, 2, false, 1e-10, true},
		{"b = 0", CG{Iters: 1}, []float64{0, 0}, 0, false, 0, false},
	} {
		w := make([]float64, 2)
		info, err := c.cg.Solve(context.Background(), diag, c.b, w)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if info.Iterations != c.iters || info.Capped != c.capped {
			t.Errorf("%s: %d iterations, capped %v; want %d, %v", c.name, info.Iterations, info.Capped, c.iters, c.capped)
		}
		if c.bound {
			if !(info.RelResidual <= c.rel) {
				t.Errorf("%s: relative residual %g, want ≤ %g", c.name, info.RelResidual, c.rel)
			}
		} else if math.Abs(info.RelResidual-c.rel) > 1e-14 {
			t.Errorf("%s: relative residual %.17g, want %.17g (±1e-14)", c.name, info.RelResidual, c.rel)
		}
	}
	// The other solvers are never capped.
	for _, s := range []Solver{&Exact{}, &Unrolled{Steps: 1, Eta: 0.1}} {
		h := diag
		h.Row = func(i int) []float64 { return [][]float64{{1, 0}, {0, 3}}[i] }
		info, err := s.Solve(context.Background(), h, []float64{1, 1}, make([]float64, 2))
		if err != nil || info.Capped || info.RelResidual != 0 {
			t.Errorf("%T: capped %v, relative residual %g, error %v; want false, 0, nil", s, info.Capped, info.RelResidual, err)
		}
	}
}
