package learn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
	"gonum.org/v1/gonum/mat"
)

// fd42Game is a non-quadratic cost game with d1 = 3 ≠ d2 = 2, each
// player's cost strongly convex in its own strategy near the points used,
// a mixed block ∇yx c2 (2×3) that is not square and a follower Hessian
// that varies with x and y.
func fd42Game(t *testing.T) game.Game {
	t.Helper()
	g, err := game.NewFormula(game.FormulaSpec{Name: "fd42", Sense: game.Cost, Dims: [2]int{3, 2},
		F1: "x[0]*x[0] + 1.5*x[1]*x[1] + x[2]*x[2] + 0.1*pow(x[0], 4) + x[0]*sin(y[1]) + 0.7*x[1]*y[0]*y[0] + 0.3*y[0]*y[1] + 0.6*x[2]*y[0] - 0.4*x[0]*x[2]*y[1]",
		F2: "y[0]*y[0] + 1.5*y[1]*y[1] + 0.1*pow(y[0], 4) + y[0]*cos(x[1]) + 0.4*x[0]*y[0]*y[1] + 0.8*x[2]*y[1] - 0.5*x[0]*x[1]*y[0]"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// regularisedResponse returns r_λ(x) = argmin_y c2(x, y) + (λ/2)‖y‖² of
// game h (whose player 2 follows) by Newton's method from y0, on the
// gradient and Hessian of h's own ad graphs, to ‖∇‖₁ < 1e-13.
func regularisedResponse(t *testing.T, h game.Game, x, y0 []float64, lambda float64) []float64 {
	t.Helper()
	_, d2 := h.Dims()
	prog := gradsHessian(h)
	y := append([]float64(nil), y0...)
	for it := 0; ; it++ {
		prog.run(x, y)
		gy := prog.out(1)
		rhs := mat.NewVecDense(d2, nil)
		H := mat.NewDense(d2, d2, nil)
		res := 0.0
		for i := 0; i < d2; i++ {
			rhs.SetVec(i, gy[i]+lambda*y[i])
			res += math.Abs(gy[i] + lambda*y[i])
			row := prog.out(3 + i)
			for j := 0; j < d2; j++ {
				H.Set(i, j, row[j])
			}
			H.Set(i, i, H.At(i, i)+lambda)
		}
		if res < 1e-13 {
			return y
		}
		if it == 60 {
			t.Fatalf("Newton for r(x) at x = %v did not converge (residual %g)", x, res)
		}
		var step mat.VecDense
		if err := step.SolveVec(H, rhs); err != nil {
			t.Fatal(err)
		}
		for i := range y {
			y[i] -= step.AtVec(i)
		}
	}
}

// TestTotalDerivativeRegularisedCurveFD42 checks the leader's total
// derivative Df1^λ = D1 c1 − (D21 c2)ᵀ(D2² c2 + λI)⁻¹ D2 c1 where it is
// the gradient of the leader's cost along the follower's (regularised)
// reaction curve, x ↦ c1(x, r_λ(x)), r_λ(x) = argmin c2(x, ·) + (λ/2)‖·‖²
// (Fiez et al. §2.1 for λ = 0; the λ-model of the Stackelberg actor-critic
// paper otherwise), against a central difference (h = 1e-5) of that map,
// to 1e-7 — on a non-quadratic game with d1 = 3 ≠ d2 = 2 (a transposed or
// mis-shaped mixed block cannot pass), for λ ∈ {0, 0.7}, for the exact, CG
// and unrolled (400 steps of η = 0.2, converged to far below the
// tolerance) solvers, and with either player leading (FollowerLeads: the
// y player leads along x = r_λ(y) of the x player's cost).
func TestTotalDerivativeRegularisedCurveFD42(t *testing.T) {
	g := fd42Game(t)
	solvers := []Solver{{}, {Kind: SolverCG, Tol: 1e-14}, {Kind: SolverUnrolled, Steps: 400, LR: 0.2}}
	for _, swap := range []bool{false, true} {
		h := g // leader = player 1 of h
		if swap {
			h = SwapRoles(g)
		}
		dl, df := h.Dims()
		vals := values(h)
		for _, lambda := range []float64{0, 0.7} {
			leaderCost := func(xl []float64) float64 {
				vals.run(xl, regularisedResponse(t, h, xl, make([]float64, df), lambda))
				return vals.out(0)[0]
			}
			pts := [][]float64{{0.6, -0.4, 0.3}, {-1.1, 0.9, -0.5}}
			if swap {
				pts = [][]float64{{0.5, -0.8}, {-0.9, 0.4}}
			}
			for _, xl := range pts {
				yf := regularisedResponse(t, h, xl, make([]float64, df), lambda)
				x, y := xl, yf // in g's order
				if swap {
					x, y = yf, xl
				}
				for _, sv := range solvers {
					sv.Lambda = lambda
					st := mustStackelberg(t, g, StackelbergConfig{LeaderLR: loop.Constant(1), FollowerLR: loop.Constant(1), Solver: sv, FollowerLeads: swap})
					got := make([]float64, dl)
					if _, err := st.TotalDerivative(got, x, y); err != nil {
						t.Fatalf("swap=%v λ=%g %s: %v", swap, lambda, sv.Kind, err)
					}
					const h = 1e-5
					for i := range xl {
						xp, xm := append([]float64(nil), xl...), append([]float64(nil), xl...)
						xp[i] += h
						xm[i] -= h
						fd := (leaderCost(xp) - leaderCost(xm)) / (2 * h)
						name := fmt.Sprintf("leader %s, λ = %g, solver %q", map[bool]string{false: "x", true: "y"}[swap], lambda, sv.Kind)
						if math.Abs(got[i]-fd) > 1e-7 {
							t.Errorf("%s at leader %v, r = %v: Df1[%d] = %.10g, finite difference %.10g", name, xl, yf, i, got[i], fd)
						}
					}
				}
			}
		}
	}
}
