package markov

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randTheta(rng *rand.Rand, n int, scale float64) []float64 {
	th := make([]float64, n)
	for i := range th {
		th[i] = scale * rng.NormFloat64()
	}
	return th
}

// relErr returns ‖a−b‖∞ / max(‖b‖∞, 1e-12).
func relErr(a, b []float64) float64 {
	num, den := 0.0, 1e-12
	for i := range a {
		num = math.Max(num, math.Abs(a[i]-b[i]))
		den = math.Max(den, math.Abs(b[i]))
	}
	return num / den
}

// naiveValues evaluates V̄1, V̄2λ by iterating the Bellman equation on the
// joint chain (an implementation independent of Evaluator).
func naiveValues(g *Game, th1, th2 []float64) (v1, v2 []float64) {
	n, m1, m2 := g.States, g.Actions[0], g.Actions[1]
	pi1 := Softmax(nil, th1, m1)
	pi2 := Softmax(nil, th2, m2)
	v1 = make([]float64, n)
	v2 = make([]float64, n)
	for range 3000 {
		n1 := make([]float64, n)
		n2 := make([]float64, n)
		for s := range n {
			for b := range m2 {
				n2[s] -= g.Lambda * pi2[s*m2+b] * math.Log(pi2[s*m2+b])
			}
			for a := range m1 {
				for b := range m2 {
					w := pi1[s*m1+a] * pi2[s*m2+b]
					e1, e2 := 0.0, 0.0
					for t := range n {
						e1 += g.P[s][a][b][t] * v1[t]
						e2 += g.P[s][a][b][t] * v2[t]
					}
					n1[s] += w * (g.R1[s][a][b] + g.Gamma*e1)
					n2[s] += w * (g.R2[s][a][b] + g.Gamma*e2)
				}
			}
		}
		v1, v2 = n1, n2
	}
	return v1, v2
}

type namedGame struct {
	name string
	g    *Game
}

// testGames returns the games of the exactness tests, in a fixed order.
func testGames(t *testing.T) []namedGame {
	t.Helper()
	var out []namedGame
	for _, c := range []struct {
		name    string
		n, a, b int
		seed    uint64
		lambda  float64
	}{
		{"random-2x2x2", 2, 2, 2, 1, 0.2},
		{"random-3x2x3", 3, 2, 3, 7, 0.5},
		{"random-4x3x2", 4, 3, 2, 11, 0.1},
	} {
		g, err := RandomGame(c.n, c.a, c.b, c.seed, 0.8, c.lambda)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, namedGame{c.name, g})
	}
	for _, name := range []string{"patrol", "epidemic"} {
		g, err := Builtin(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, namedGame{name, g})
	}
	return out
}

func TestValuesMatchBellmanIteration(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, ng := range testGames(t) {
		name, g := ng.name, ng.g
		e, _ := NewEvaluator(g)
		n, m1, m2 := g.Dims()
		th1, th2 := randTheta(rng, n*m1, 1), randTheta(rng, n*m2, 1)
		pt := e.Eval(th1, th2, OrderValues)
		v1, v2 := naiveValues(g, th1, th2)
		if err := relErr(pt.Values1, v1); err > 1e-10 {
			t.Errorf("%s: V̄1 rel err %g", name, err)
		}
		if err := relErr(pt.Values2, v2); err > 1e-10 {
			t.Errorf("%s: V̄2λ rel err %g", name, err)
		}
	}
}

// TestGradientsAndHessiansFiniteDifferences checks ∇θi Vj against central
// differences of the values and Hess22, Mixed against central differences
// of the analytic gradient Grad22, to 1e-6 relative (‖·‖∞).
func TestGradientsAndHessiansFiniteDifferences(t *testing.T) {
	const h, tol = 1e-5, 1e-6
	rng := rand.New(rand.NewPCG(3, 4))
	for _, ng := range testGames(t) {
		name, g := ng.name, ng.g
		e, _ := NewEvaluator(g)
		fd, _ := NewEvaluator(g)
		n, m1, m2 := g.Dims()
		th1, th2 := randTheta(rng, n*m1, 1), randTheta(rng, n*m2, 1)
		pt := e.Eval(th1, th2, OrderHessians)
		// First order.
		fd11 := make([]float64, n*m1)
		fd21 := make([]float64, n*m1)
		fd12 := make([]float64, n*m2)
		fd22 := make([]float64, n*m2)
		for i := range th1 {
			x := th1[i]
			th1[i] = x + h
			p := fd.Eval(th1, th2, OrderValues)
			a1, a2 := p.V1, p.V2
			th1[i] = x - h
			p = fd.Eval(th1, th2, OrderValues)
			th1[i] = x
			fd11[i] = (a1 - p.V1) / (2 * h)
			fd21[i] = (a2 - p.V2) / (2 * h)
		}
		for i := range th2 {
			x := th2[i]
			th2[i] = x + h
			p := fd.Eval(th1, th2, OrderValues)
			a1, a2 := p.V1, p.V2
			th2[i] = x - h
			p = fd.Eval(th1, th2, OrderValues)
			th2[i] = x
			fd12[i] = (a1 - p.V1) / (2 * h)
			fd22[i] = (a2 - p.V2) / (2 * h)
		}
		for _, c := range []struct {
			q         string
			got, want []float64
		}{{"∇θ1V1", pt.Grad11, fd11}, {"∇θ2V1", pt.Grad12, fd12}, {"∇θ1V2λ", pt.Grad21, fd21}, {"∇θ2V2λ", pt.Grad22, fd22}} {
			if err := relErr(c.got, c.want); err > tol {
				t.Errorf("%s: %s rel err %g > %g", name, c.q, err, tol)
			}
		}
		// Second order: columns by central differences of Grad22.
		hfd := mat.NewDense(n*m2, n*m2, nil)
		xfd := mat.NewDense(n*m2, n*m1, nil)
		col := make([]float64, n*m2)
		for j := range th2 {
			x := th2[j]
			th2[j] = x + h
			copy(col, fd.Eval(th1, th2, OrderGradients).Grad22)
			th2[j] = x - h
			gm := fd.Eval(th1, th2, OrderGradients).Grad22
			th2[j] = x
			for i := range col {
				hfd.Set(i, j, (col[i]-gm[i])/(2*h))
			}
		}
		for j := range th1 {
			x := th1[j]
			th1[j] = x + h
			copy(col, fd.Eval(th1, th2, OrderGradients).Grad22)
			th1[j] = x - h
			gm := fd.Eval(th1, th2, OrderGradients).Grad22
			th1[j] = x
			for i := range col {
				xfd.Set(i, j, (col[i]-gm[i])/(2*h))
			}
		}
		t.Logf("%s: Hess22 err %.2g, Mixed err %.2g", name, relErr(pt.Hess22.RawMatrix().Data, hfd.RawMatrix().Data), relErr(pt.Mixed.RawMatrix().Data, xfd.RawMatrix().Data))
		if err := relErr(pt.Hess22.RawMatrix().Data, hfd.RawMatrix().Data); err > tol {
			t.Errorf("%s: ∇²θ2V2λ rel err %g > %g", name, err, tol)
		}
		if err := relErr(pt.Mixed.RawMatrix().Data, xfd.RawMatrix().Data); err > tol {
			t.Errorf("%s: ∇θ1∇θ2V2λ rel err %g > %g", name, err, tol)
		}
		if !mat.EqualApprox(pt.Hess22, pt.Hess22.T(), 1e-12) {
			t.Errorf("%s: Hess22 not symmetric", name)
		}
	}
}

// TestStructuredStepMatchesDense: the factored (Woodbury) Stackelberg
// gradient of StepGradients equals the dense HierGrad to 1e-9 relative,
// at random points far from the best response and with regularisation.
func TestStructuredStepMatchesDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, ng := range testGames(t) {
		name, g := ng.name, ng.g
		e, _ := NewEvaluator(g)
		d, _ := NewEvaluator(g)
		n, m1, m2 := g.Dims()
		for _, reg := range []float64{0, 0.3} {
			th1, th2 := randTheta(rng, n*m1, 1), randTheta(rng, n*m2, 1)
			d.Eval(th1, th2, OrderHessians)
			want, err := d.HierGrad(reg)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := e.structuredHierAt(th1, th2, reg); !ok {
				t.Errorf("%s: structured solve fell back to dense", name)
			}
			got, fol, err := e.StepGradients(th1, th2, reg)
			if err != nil {
				t.Fatal(err)
			}
			if r := relErr(got, want); r > 1e-9 {
				t.Errorf("%s reg %g: structured vs dense rel err %.3g", name, reg, r)
			}
			if r := relErr(fol, d.Grad22); r > 0 {
				t.Errorf("%s: follower gradient differs (%.3g)", name, r)
			}
		}
	}
}

// structuredHierAt evaluates at (θ1, θ2) and runs the structured solve only.
func (e *Evaluator) structuredHierAt(th1, th2 []float64, reg float64) ([]float64, bool) {
	e.Eval(th1, th2, OrderGradients)
	return e.structuredHier(reg)
}
