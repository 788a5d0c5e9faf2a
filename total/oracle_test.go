package total

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
)

// oracleGame is a seeded random two-player game with leader x ∈ R^d1 and
// follower y ∈ R^d2, written twice: as ad graphs (from which the inputs of
// Derivative and Graph are taken, as package learn takes them) and as
// plain float64 formulas (from which the oracles are computed):
//
//	f2(x, y) = ½ yᵀQy + yᵀBx + b2ᵀy + α Σ_i exp(s_i (y_i + (Cx)_i))
//	f1(x, y) = ½ xᵀPx + xᵀEy + ½ yᵀRy + a1ᵀx + b1ᵀy + β Σ_i sin(y_i + x_{i mod d1})
//
// with Q = GᵀG/d2 + I symmetric positive definite, so that f2 is strongly
// convex in y and the follower's best response r(x) is unique. α = β = 0
// is the quadratic game, whose total derivative has a closed form.
type oracleGame struct {
	d1, d2        int
	q, b, c, p, e *mat.Dense // Q d2×d2, B d2×d1, C d2×d1, P d1×d1, E d1×d2
	r             *mat.Dense // R d2×d2
	b2, s, a1, b1 []float64
	alpha, beta   float64
	quadratic     bool
}

func randDense(r *rand.Rand, rows, cols int, scale float64) *mat.Dense {
	d := make([]float64, rows*cols)
	for i := range d {
		d[i] = scale * r.NormFloat64()
	}
	return mat.NewDense(rows, cols, d)
}

func randVec(r *rand.Rand, n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = scale * r.NormFloat64()
	}
	return v
}

// symmetric is (M + Mᵀ)/2.
func symmetric(m *mat.Dense) *mat.Dense {
	var s mat.Dense
	s.Add(m, m.T())
	s.Scale(0.5, &s)
	return &s
}

func newOracleGame(r *rand.Rand, d1, d2 int, quadratic bool) *oracleGame {
	g := randDense(r, d2, d2, 1)
	var q mat.Dense
	q.Mul(g.T(), g)
	q.Scale(1/float64(d2), &q)
	for i := 0; i < d2; i++ {
		q.Set(i, i, q.At(i, i)+1)
	}
	og := &oracleGame{d1: d1, d2: d2, q: &q,
		b: randDense(r, d2, d1, 1), c: randDense(r, d2, d1, 0.5),
		p: symmetric(randDense(r, d1, d1, 1)), e: randDense(r, d1, d2, 1), r: symmetric(randDense(r, d2, d2, 1)),
		b2: randVec(r, d2, 1), s: randVec(r, d2, 0.5), a1: randVec(r, d1, 1), b1: randVec(r, d2, 1),
		alpha: 0.3, beta: 0.7, quadratic: quadratic}
	if quadratic {
		og.alpha, og.beta = 0, 0
	}
	return og
}

// node is a constant matrix on tp.
func node(tp *ad.Tape, m mat.Matrix) *ad.Node {
	r, c := m.Dims()
	return tp.Const(ad.NewTensor(r, c, mat.DenseCopyOf(m).RawMatrix().Data))
}

func rowNode(tp *ad.Tape, v []float64) *ad.Node {
	return tp.Const(ad.NewTensor(1, len(v), append([]float64(nil), v...)))
}

// graphs records f1 and f2 on x (1×d1) and y (1×d2), row vectors.
func (g *oracleGame) graphs(x, y *ad.Node) (f1, f2 *ad.Node) {
	tp := x.Tape()
	half := func(v, m *ad.Node) *ad.Node { return ad.Scale(ad.Sum(ad.Mul(ad.MatMul(v, m), v)), 0.5) } // ½ v M vᵀ
	bx := ad.MatMul(x, node(tp, g.b.T()))                                                             // (Bx)ᵀ, 1×d2
	f2 = ad.Add(ad.Add(half(y, node(tp, g.q)), ad.Sum(ad.Mul(y, bx))), ad.Sum(ad.Mul(y, rowNode(tp, g.b2))))
	f1 = ad.Add(half(x, node(tp, g.p)), ad.Sum(ad.Mul(ad.MatMul(x, node(tp, g.e)), y)))
	f1 = ad.Add(f1, half(y, node(tp, g.r)))
	f1 = ad.Add(f1, ad.Add(ad.Sum(ad.Mul(x, rowNode(tp, g.a1))), ad.Sum(ad.Mul(y, rowNode(tp, g.b1)))))
	if g.quadratic {
		return f1, f2
	}
	cx := ad.MatMul(x, node(tp, g.c.T()))
	f2 = ad.Add(f2, ad.Scale(ad.Sum(ad.Exp(ad.Mul(rowNode(tp, g.s), ad.Add(y, cx)))), g.alpha))
	xs := make([]*ad.Node, g.d2)
	for i := range xs {
		xs[i] = ad.Index(x, i%g.d1)
	}
	f1 = ad.Add(f1, ad.Scale(ad.Sum(ad.Sin(ad.Add(y, ad.ConcatCols(xs...)))), g.beta))
	return f1, f2
}

// f1 is the leader's cost in float64.
func (g *oracleGame) f1(x, y []float64) float64 {
	xv, yv := mat.NewVecDense(g.d1, x), mat.NewVecDense(g.d2, y)
	v := 0.5*mat.Inner(xv, g.p, xv) + mat.Inner(xv, g.e, yv) + 0.5*mat.Inner(yv, g.r, yv)
	for i := range x {
		v += g.a1[i] * x[i]
	}
	for i := range y {
		v += g.b1[i]*y[i] + g.beta*math.Sin(y[i]+x[i%g.d1])
	}
	return v
}

// grad2 and hess2 are ∇y f2 and ∇yy f2 in float64, for the Newton solve.
func (g *oracleGame) grad2(x, y []float64) []float64 {
	var qy, bx, cx mat.VecDense
	qy.MulVec(g.q, mat.NewVecDense(g.d2, y))
	bx.MulVec(g.b, mat.NewVecDense(g.d1, x))
	cx.MulVec(g.c, mat.NewVecDense(g.d1, x))
	out := make([]float64, g.d2)
	for i := range out {
		out[i] = qy.AtVec(i) + bx.AtVec(i) + g.b2[i] + g.alpha*g.s[i]*math.Exp(g.s[i]*(y[i]+cx.AtVec(i)))
	}
	return out
}

func (g *oracleGame) hess2(x, y []float64) *mat.Dense {
	var cx mat.VecDense
	cx.MulVec(g.c, mat.NewVecDense(g.d1, x))
	h := mat.DenseCopyOf(g.q)
	for i := 0; i < g.d2; i++ {
		h.Set(i, i, h.At(i, i)+g.alpha*g.s[i]*g.s[i]*math.Exp(g.s[i]*(y[i]+cx.AtVec(i))))
	}
	return h
}

// response is the follower's best response r(x) by Newton's method on
// ∇y f2 = 0 from y = 0, to ‖∇y f2‖ ≤ 1e-14.
func (g *oracleGame) response(t *testing.T, x []float64) []float64 {
	y := make([]float64, g.d2)
	for it := 0; it < 100; it++ {
		gr := g.grad2(x, y)
		if mat.Norm(mat.NewVecDense(g.d2, gr), 2) <= 1e-14 {
			return y
		}
		var step mat.VecDense
		if err := step.SolveVec(g.hess2(x, y), mat.NewVecDense(g.d2, gr)); err != nil {
			t.Fatal(err)
		}
		for i := range y {
			y[i] -= step.AtVec(i)
		}
	}
	t.Fatalf("Newton did not converge at x = %v", x)
	return nil
}

// fdTotal is the central difference of x ↦ f1(x, r(x)) with step h in
// each coordinate.
func (g *oracleGame) fdTotal(t *testing.T, x []float64, h float64) []float64 {
	out := make([]float64, g.d1)
	for j := range out {
		xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
		xp[j] += h
		xm[j] -= h
		out[j] = (g.f1(xp, g.response(t, xp)) - g.f1(xm, g.response(t, xm))) / (2 * h)
	}
	return out
}

// closedForm is Df1^λ of the quadratic game at any (x, y):
// (Px + Ey + a1) − Bᵀ(Q + λI)⁻¹(Eᵀx + Ry + b1).
func (g *oracleGame) closedForm(x, y []float64, lambda float64) []float64 {
	xv, yv := mat.NewVecDense(g.d1, x), mat.NewVecDense(g.d2, y)
	var g1x, ey, g1y, ry mat.VecDense
	g1x.MulVec(g.p, xv)
	ey.MulVec(g.e, yv)
	g1x.AddVec(&g1x, &ey)
	g1x.AddVec(&g1x, mat.NewVecDense(g.d1, g.a1))
	g1y.MulVec(g.e.T(), xv)
	ry.MulVec(g.r, yv)
	g1y.AddVec(&g1y, &ry)
	g1y.AddVec(&g1y, mat.NewVecDense(g.d2, g.b1))
	h := mat.DenseCopyOf(g.q)
	for i := 0; i < g.d2; i++ {
		h.Set(i, i, h.At(i, i)+lambda)
	}
	var w, bw mat.VecDense
	if err := w.SolveVec(h, &g1y); err != nil {
		panic(err)
	}
	bw.MulVec(g.b.T(), &w)
	g1x.SubVec(&g1x, &bw)
	return g1x.RawVector().Data
}

// adInputs records the game at (x, y) and returns ∇x f1, ∇y f1, the
// follower Hessian rows, the mixed rows (row i = ∇x ∂f2/∂y_i), the graph
// form Graph(…, λ) and the mixed product ∇x(∇y f2 · w) as package learn
// computes it (a second tape, w a constant).
type adInputs struct {
	g1x, g1y []float64
	hRows    [][]float64
	graph    []float64
	mixed    func(w []float64) []float64
}

func (g *oracleGame) inputs(x, y []float64, lambda float64) adInputs {
	tp := ad.NewTape()
	xn, yn := tp.VarVec(x...), tp.VarVec(y...)
	f1, f2 := g.graphs(xn, yn)
	g1 := ad.Grad(f1, xn, yn)
	g2y := ad.Grad(f2, yn)[0]
	var hRows, mRows []*ad.Node
	in := adInputs{g1x: g1[0].Data(), g1y: g1[1].Data()}
	for i := 0; i < g.d2; i++ {
		gr := ad.Grad(ad.Index(g2y, i), xn, yn)
		mRows, hRows = append(mRows, gr[0]), append(hRows, gr[1])
		in.hRows = append(in.hRows, gr[1].Data())
	}
	in.graph = Graph(g1[0], g1[1], hRows, mRows, lambda).Data()
	buf := make([]float64, g.d1)
	in.mixed = func(w []float64) []float64 {
		tp := ad.NewTape()
		xn, yn := tp.VarVec(x...), tp.VarVec(y...)
		_, f2 := g.graphs(xn, yn)
		gy := ad.Grad(f2, yn)[0]
		copy(buf, ad.Grad(ad.Sum(ad.Mul(gy, rowNode(tp, w))), xn)[0].Data())
		return buf
	}
	return in
}

// solvers are the three solvers, configured to solve to rounding on
// these games: CG with d2 iterations and tol 1e-15; Unrolled with η the
// inverse of a Gershgorin bound on ‖H + λI‖ and 4000 steps (contraction
// at most 1 − 1/(κ·bound/‖H‖) per step; κ ≤ 40 here, so 4000 steps leave
// far below 1e-20).
func solvers(d2 int, lambda float64, hRows [][]float64) []Solver {
	bound := 0.0
	for _, r := range hRows {
		s := lambda
		for _, v := range r {
			s += math.Abs(v)
		}
		bound = math.Max(bound, s)
	}
	return []Solver{&Exact{Lambda: lambda}, &CG{Lambda: lambda, Iters: d2, Tol: 1e-15}, &Unrolled{Lambda: lambda, Steps: 4000, Eta: 1 / bound}}
}

func (in adInputs) derivative(t *testing.T, s Solver) []float64 {
	dst, w := make([]float64, len(in.g1x)), make([]float64, len(in.g1y))
	h := Hessian{
		Row: func(i int) []float64 { return in.hRows[i] },
		Apply: func(dst, v []float64) {
			for i, r := range in.hRows {
				dst[i] = 0
				for j, a := range r {
					dst[i] += a * v[j]
				}
			}
		},
	}
	if _, err := Derivative(context.Background(), s, dst, in.g1x, in.g1y, h, w, in.mixed); err != nil {
		t.Fatalf("%T: %v", s, err)
	}
	return dst
}

func maxRelErr(got, want []float64) float64 {
	e := 0.0
	for i := range want {
		e = math.Max(e, math.Abs(got[i]-want[i])/(1+math.Abs(want[i])))
	}
	return e
}

// gameDims are the (d1, d2) drawn for the oracle tests: d2 = 1 (the
// scalar shortcut), 2…4 (the package's LU) and 5, 7 (LAPACK).
var gameDims = [][2]int{{1, 1}, {2, 1}, {1, 2}, {3, 2}, {2, 3}, {4, 4}, {3, 5}, {2, 7}}

// TestQuadraticClosedForm: on random quadratic games (seeded), every
// solver and Graph give the closed form Df1^λ = (Px + Ey + a1) −
// Bᵀ(Q + λI)⁻¹(Eᵀx + Ry + b1) at a random (x, y) off the response curve,
// for λ = 0 and 0.3, within 1e-11 relative (|Δ| ≤ 1e-11·(1 + |want|));
// and on the response curve y = r(x) = −Q⁻¹(Bx + b2) the closed form is
// the derivative of x ↦ f1(x, r(x)) (central differences, h = 1e-4, exact
// for a quadratic up to rounding: 1e-8).
func TestQuadraticClosedForm(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 1))
	for _, d := range gameDims {
		g := newOracleGame(r, d[0], d[1], true)
		x, y := randVec(r, d[0], 1), randVec(r, d[1], 1)
		for _, lambda := range []float64{0, 0.3} {
			want := g.closedForm(x, y, lambda)
			in := g.inputs(x, y, lambda)
			for _, s := range solvers(d[1], lambda, in.hRows) {
				if e := maxRelErr(in.derivative(t, s), want); e > 1e-11 {
					t.Errorf("d = %v, λ = %g, %T: relative error %.3g, want ≤ 1e-11", d, lambda, s, e)
				}
			}
			if e := maxRelErr(in.graph, want); e > 1e-11 {
				t.Errorf("d = %v, λ = %g, Graph: relative error %.3g, want ≤ 1e-11", d, lambda, e)
			}
		}
		var bx mat.VecDense
		bx.MulVec(g.b, mat.NewVecDense(d[0], x))
		bx.AddVec(&bx, mat.NewVecDense(d[1], g.b2))
		var ry mat.VecDense
		if err := ry.SolveVec(g.q, &bx); err != nil {
			t.Fatal(err)
		}
		ry.ScaleVec(-1, &ry)
		if e := maxRelErr(g.closedForm(x, ry.RawVector().Data, 0), g.fdTotal(t, x, 1e-4)); e > 1e-8 {
			t.Errorf("d = %v: closed form against d/dx f1(x, r(x)): relative error %.3g, want ≤ 1e-8", d, e)
		}
	}
}

// TestNonQuadraticFiniteDifferences: on random non-quadratic games
// (seeded; exp terms in f2 make ∇yy f2 and ∇yx f2 depend on the point,
// sin terms make f1 non-quadratic), at y = r(x) found by an independent
// Newton solve (float64 formulas, not package ad), Derivative with every
// solver and Graph (λ = 0) equal the central difference of
// x ↦ f1(x, r(x)) (h = 1e-5: truncation ~h²·f”' ≈ 1e-10, rounding
// ~1e-16/h ≈ 1e-11) within 1e-7 relative.
func TestNonQuadraticFiniteDifferences(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 2))
	for _, d := range gameDims {
		for trial := 0; trial < 2; trial++ {
			g := newOracleGame(r, d[0], d[1], false)
			x := randVec(r, d[0], 1)
			y := g.response(t, x)
			want := g.fdTotal(t, x, 1e-5)
			in := g.inputs(x, y, 0)
			name := fmt.Sprintf("d = %v, trial %d", d, trial)
			for _, s := range solvers(d[1], 0, in.hRows) {
				if e := maxRelErr(in.derivative(t, s), want); e > 1e-7 {
					t.Errorf("%s, %T: Df1 = %v, finite differences %v (relative error %.3g > 1e-7)", name, s, in.derivative(t, s), want, e)
				}
			}
			if e := maxRelErr(in.graph, want); e > 1e-7 {
				t.Errorf("%s, Graph: %v, finite differences %v (relative error %.3g > 1e-7)", name, in.graph, want, e)
			}
		}
	}
}
