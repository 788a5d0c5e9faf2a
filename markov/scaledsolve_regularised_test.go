package markov

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// oracleEq19Regularised is Eq. 19 with the regularised follower Hessian
// H − reg·I (reg > 0), solved without a gauge term by Gaussian elimination
// (oracleSolve): H − reg·I is invertible for reg > 0 at a best response
// (H is negative semidefinite there), its shift directions e_s are
// eigenvectors of eigenvalue −reg, and ∇θ2V1 ⊥ e_s, so its x is the
// solution on the complement that every gauge scale gives.
func oracleEq19Regularised(pt *Point, n, m1, m2 int, reg float64) []float64 {
	k1, k2 := n*m1, n*m2
	a := make([][]float64, k2)
	for i := range k2 {
		a[i] = make([]float64, k2)
		for j := range k2 {
			a[i][j] = pt.Hess22.At(i, j)
		}
		a[i][i] -= reg
	}
	return eq19From(pt, oracleSolve(a, pt.Grad12), k1, k2)
}

// TestScaledSolveRegularisedMatchesGaugeSolve: the policy-scale solve
// (hierWork.scaledSolve) with reg > 0 must give Eq. 19 with H − reg·I, the
// direction the two gauge-scale solves give (reg ≥ 0 "adds the
// regularisation −reg·I", HierGrad's doc), whatever gauge scale c it
// picks. On a well-conditioned game (8 states, 3 and 4 actions, γ = 0.9,
// λ = 1, seed 5) at B(θ1), both solves are compared with
// oracleEq19Regularised for reg = 0, 0.1 and 1, within 1e-9 relative.
func TestScaledSolveRegularisedMatchesGaugeSolve(t *testing.T) {
	g := oracleGame(t, 5, 8, 3, 4, 0.9, 1, 1)
	th1 := oracleTheta(rand.New(rand.NewPCG(5, 1)), 24)
	e, _ := evalAtBestResponse(t, g, th1)
	for _, reg := range []float64{0, 0.1, 1} {
		t.Run(fmt.Sprintf("reg%v", reg), func(t *testing.T) {
			want := oracleEq19OnBlocks(&e.Point, g.States, 3, 4)
			if reg > 0 {
				want = oracleEq19Regularised(&e.Point, g.States, 3, 4, reg)
			}
			w := newHierWork(g.States, 3, 4, g.flat.hscale)
			got, err := w.solve(&e.Point, reg, nil, e.Visitation)
			if err != nil {
				t.Fatal(err)
			}
			if r := oracleRelErr(got, want); r > 1e-9 {
				t.Errorf("gauge-scale solve: relative error %.3g", r)
			}
			scaled, ok := w.scaledSolve(&e.Point, reg, nil, e.Visitation)
			if !ok {
				t.Fatal("scaledSolve refused a well-conditioned point")
			}
			if r := oracleRelErr(scaled, want); r > 1e-9 {
				t.Errorf("policy-scale solve: relative error %.3g\n got %v\nwant %v", r, scaled, want)
			}
		})
	}
}

// evalAtBestResponse returns an Evaluator of g evaluated to Hessians at
// (θ1, B(θ1)), B(θ1) the soft best response, and B(θ1) itself.
func evalAtBestResponse(t *testing.T, g *Game, th1 []float64) (*Evaluator, []float64) {
	t.Helper()
	e, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	th2, err := e.BestResponseTheta(th1)
	if err != nil {
		t.Fatal(err)
	}
	th2 = append([]float64(nil), th2...)
	e.Eval(th1, th2, OrderHessians)
	return e, th2
}
