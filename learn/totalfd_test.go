package learn

import (
	"math"
	"testing"

	"github.com/stackel/stackel/internal/testgames"
	"github.com/stackel/stackel/loop"
)

// TestTotalDerivativeAlongReactionCurve checks the leader's total
// derivative of Section 2.1 of Fiez et al.,
//
//	Df1 = D1 f1 + (Dr)ᵀ D2 f1,  Dr = −(D2² f2)⁻¹ D21 f2,
//
// on costs, where it is the gradient of x ↦ c1(x, r(x)): at points
// (x, r(x)) of the non-quadratic game testgames.Curved the exact and CG solvers
// must match a central difference (h = 1e-5) of c1(x, r(x)), r found by
// Newton's method on D2 c2 to 1e-14, to 1e-7. With the implicit term
// added instead of subtracted it fails by 0.46 (Df1[0] at the first point).
func TestTotalDerivativeAlongReactionCurve(t *testing.T) {
	g := testgames.Curved()
	st := mustStackelberg(t, g, StackelbergConfig{LeaderLR: loop.Constant(1), FollowerLR: loop.Constant(1)})
	cg := mustStackelberg(t, g, StackelbergConfig{LeaderLR: loop.Constant(1), FollowerLR: loop.Constant(1), Solver: Solver{Kind: SolverCG, Tol: 1e-14}})
	prog := gradsHessian(g) // ∇x c1, ∇y c2, ∇y c1, rows of ∇yy c2
	vals := values(g)
	response := func(x []float64) []float64 {
		y := []float64{0, 0}
		for i := 0; i < 50; i++ {
			prog.run(x, y)
			gy, h0, h1 := prog.out(1), prog.out(3), prog.out(4)
			det := h0[0]*h1[1] - h0[1]*h1[0]
			y[0] -= (h1[1]*gy[0] - h0[1]*gy[1]) / det
			y[1] -= (-h1[0]*gy[0] + h0[0]*gy[1]) / det
			if math.Abs(gy[0])+math.Abs(gy[1]) < 1e-14 {
				break
			}
		}
		return y
	}
	leaderCost := func(x []float64) float64 {
		vals.run(x, response(x))
		return -vals.out(0)[0] // c1 = −f1 (payoffs)
	}
	for _, x := range [][]float64{{0.6, -0.4}, {-1.1, 0.9}, {0.2, 2.5}} {
		y := response(x)
		for _, s := range []struct {
			name string
			d    *Stackelberg
		}{{"exact", st}, {"cg", cg}} {
			got := make([]float64, 2)
			if _, err := s.d.TotalDerivative(got, x, y); err != nil {
				t.Fatal(err)
			}
			const h = 1e-5
			for i := range x {
				xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
				xp[i] += h
				xm[i] -= h
				fd := (leaderCost(xp) - leaderCost(xm)) / (2 * h)
				if math.Abs(got[i]-fd) > 1e-7 {
					t.Errorf("%s at x = %v, r(x) = %v: Df1[%d] = %.10g, d/dx c1(x, r(x)) = %.10g", s.name, x, y, i, got[i], fd)
				}
			}
		}
	}
}
