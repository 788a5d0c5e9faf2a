package game

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
)

// QuadraticParams holds the coefficients of a quadratic game (see
// Quadratic). A and D are required and fix the dimensions d1 and d2; a
// zero-valued (0×0) tensor for any other coefficient means zeros.
type QuadraticParams struct {
	// A is the leader's own curvature, d1×d1 and symmetric.
	A ad.Tensor
	// B couples the players in the leader's cost, d1×d2.
	B ad.Tensor
	// C is the leader's curvature in the follower's play, d2×d2 and
	// symmetric.
	C ad.Tensor
	// LinX is the leader's linear term a, 1×d1.
	LinX ad.Tensor
	// D is the follower's own curvature, d2×d2 and symmetric.
	D ad.Tensor
	// E couples the players in the follower's cost, d2×d1.
	E ad.Tensor
	// LinY is the follower's linear term e, 1×d2.
	LinY ad.Tensor
}

// Quadratic is the general-sum quadratic game with costs (Sense Cost)
//
//	f1(x, y) = ½xᵀAx + xᵀBy + ½yᵀCy + aᵀx
//	f2(x, y) = ½yᵀDy + yᵀEx + eᵀy
//
// so that ∇x f1 = Ax + By + a, ∇y f2 = Dy + Ex + e, and the Hessian blocks
// are ∇xx f1 = A, ∇xy f1 = B (d1×d2), ∇yy f1 = C, ∇yy f2 = D and
// ∇yx f2 = E (d2×d1, the Jacobian of ∇y f2 in x). Strategies are unbounded.
//
// Its equilibria are closed-form: Nash solves [A B; E D](x, y) = −(a, e);
// the follower's best response is r(x) = Rx + r0 with R = −D⁻¹E,
// r0 = −D⁻¹e, and the leader's total Hessian (the Schur complement of the
// Jacobian J_S of the Stackelberg dynamics, Fiez et al. §2.1)
// S = A + BR + RᵀBᵀ + RᵀCR gives the Stackelberg equilibrium
// x* = −S⁻¹(a + Br0 + RᵀCr0), y* = r(x*) when D ≻ 0 and S ≻ 0 (Stackelberg
// and BestResponse refuse a game where D or S is not positive definite).
//
// Quadratic implements Evaluator in closed form; it is immutable,
// allocation free and safe for concurrent use.
type Quadratic struct {
	d1, d2         int
	ma, mb, mc     ad.Tensor
	md, me         ad.Tensor
	la, le         ad.Tensor
	zeroB, zeroC   bool
	zeroE          bool
	zeroLa, zeroLe bool
}

// NewQuadratic validates p and returns the game. Errors name the
// coefficient: a wrong shape, a non-finite value, or an asymmetric A, C or
// D (relative asymmetry above 1e-9; the stored matrix is the exactly
// symmetric (M+Mᵀ)/2).
func NewQuadratic(p QuadraticParams) (*Quadratic, error) {
	if err := checkTensor("A", p.A); err != nil {
		return nil, err
	}
	if err := checkTensor("D", p.D); err != nil {
		return nil, err
	}
	if p.A.Rows != p.A.Cols {
		return nil, fmt.Errorf("A must be square (d1×d1), got %s", p.A.Shape())
	}
	if p.D.Rows != p.D.Cols {
		return nil, fmt.Errorf("D must be square (d2×d2), got %s", p.D.Shape())
	}
	d1, d2 := p.A.Rows, p.D.Rows
	q := &Quadratic{d1: d1, d2: d2}
	var err error
	opt := func(name string, t ad.Tensor, rows, cols int, dims string) (ad.Tensor, bool, error) {
		if t.Rows == 0 && t.Cols == 0 && len(t.Data) == 0 {
			return ad.Zeros(rows, cols), true, nil
		}
		if err := checkTensor(name, t); err != nil {
			return ad.Tensor{}, false, err
		}
		if t.Rows != rows || t.Cols != cols {
			return ad.Tensor{}, false, fmt.Errorf("%s must be %dx%d (%s) for A %s and D %s, got %s",
				name, rows, cols, dims, p.A.Shape(), p.D.Shape(), t.Shape())
		}
		zero := true
		for _, v := range t.Data {
			zero = zero && v == 0
		}
		return t.Clone(), zero, nil
	}
	if q.ma, err = symmetric("A", p.A); err != nil {
		return nil, err
	}
	if q.md, err = symmetric("D", p.D); err != nil {
		return nil, err
	}
	if q.mb, q.zeroB, err = opt("B", p.B, d1, d2, "d1×d2"); err != nil {
		return nil, err
	}
	if q.mc, q.zeroC, err = opt("C", p.C, d2, d2, "d2×d2"); err != nil {
		return nil, err
	}
	if q.mc, err = symmetric("C", q.mc); err != nil {
		return nil, err
	}
	if q.me, q.zeroE, err = opt("E", p.E, d2, d1, "d2×d1"); err != nil {
		return nil, err
	}
	if q.la, q.zeroLa, err = opt("a", p.LinX, 1, d1, "1×d1"); err != nil {
		return nil, err
	}
	if q.le, q.zeroLe, err = opt("e", p.LinY, 1, d2, "1×d2"); err != nil {
		return nil, err
	}
	return q, nil
}

func checkTensor(name string, t ad.Tensor) error {
	if t.Rows < 1 || t.Cols < 1 {
		return fmt.Errorf("%s is missing or empty (shape %s)", name, t.Shape())
	}
	if len(t.Data) != t.Rows*t.Cols {
		return fmt.Errorf("%s: shape %s but %d values", name, t.Shape(), len(t.Data))
	}
	for i, v := range t.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s[%d][%d] = %g is not finite", name, i/t.Cols, i%t.Cols, v)
		}
	}
	return nil
}

// symmetric returns (M+Mᵀ)/2 after checking that M is symmetric to a
// relative 1e-9.
func symmetric(name string, m ad.Tensor) (ad.Tensor, error) {
	n := m.Rows
	scale := 0.0
	for _, v := range m.Data {
		scale = math.Max(scale, math.Abs(v))
	}
	out := ad.Zeros(n, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			u, v := m.Data[i*n+j], m.Data[j*n+i]
			if math.Abs(u-v) > 1e-9*scale {
				return ad.Tensor{}, fmt.Errorf("%s must be symmetric: %s[%d][%d] = %g but %s[%d][%d] = %g", name, name, i, j, u, name, j, i, v)
			}
			out.Data[i*n+j] = (u + v) / 2
		}
	}
	return out, nil
}

// RandomQuadratic draws a well-posed quadratic game of dimensions d1, d2
// from rng, in this order (entries standard normal):
//
//	D = MᵀM/d2 + I               (M d2×d2; D ≻ 0, eigenvalues ≥ 1)
//	E = G_E/√d1, B = G_B/√d2     (d2×d1, d1×d2)
//	C = (G_C + G_Cᵀ)/(2√d2)      (symmetric)
//	a, e                         (1×d1, 1×d2)
//	P = NᵀN/d1 + I               (N d1×d1; P ≻ 0)
//	A = P − (BR + RᵀBᵀ + RᵀCR),  R = −D⁻¹E
//
// so that the follower's Hessian D and the leader's Schur complement
// S = A + BR + RᵀBᵀ + RᵀCR = P are positive definite: the game has a unique
// differential Stackelberg equilibrium (Stackelberg). Used for benchmarks
// at d1 = d2 = 100. A nil rng is an error.
func RandomQuadratic(d1, d2 int, rng *rand.Rand) (*Quadratic, error) {
	if d1 < 1 || d2 < 1 {
		return nil, fmt.Errorf("random quadratic: dimensions d1 = %d, d2 = %d must be ≥ 1", d1, d2)
	}
	if rng == nil {
		return nil, fmt.Errorf("random quadratic: nil rng")
	}
	randn := func(r, c int, scale float64) *mat.Dense {
		m := mat.NewDense(r, c, nil)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				m.Set(i, j, scale*rng.NormFloat64())
			}
		}
		return m
	}
	spd := func(n int) *mat.Dense { // NᵀN/n + I
		g := randn(n, n, 1)
		s := mat.NewDense(n, n, nil)
		s.Mul(g.T(), g)
		s.Scale(1/float64(n), s)
		for i := 0; i < n; i++ {
			s.Set(i, i, s.At(i, i)+1)
		}
		return s
	}
	D := spd(d2)
	E := randn(d2, d1, 1/math.Sqrt(float64(d1)))
	B := randn(d1, d2, 1/math.Sqrt(float64(d2)))
	gc := randn(d2, d2, 1/math.Sqrt(float64(d2)))
	C := mat.NewDense(d2, d2, nil)
	C.Add(gc, gc.T())
	C.Scale(0.5, C)
	la := randn(1, d1, 1)
	le := randn(1, d2, 1)
	P := spd(d1)

	R, err := solveNeg(D, E) // R = −D⁻¹E
	if err != nil {
		return nil, fmt.Errorf("random quadratic: %v", err)
	}
	S0 := schurCoupling(B, C, R)
	A := mat.NewDense(d1, d1, nil)
	A.Sub(P, S0)
	return NewQuadratic(QuadraticParams{
		A: symmetrise(A), B: tensorOf(B), C: symmetrise(C), LinX: tensorOf(la),
		D: symmetrise(D), E: tensorOf(E), LinY: tensorOf(le),
	})
}

// schurCoupling returns BR + RᵀBᵀ + RᵀCR.
func schurCoupling(B, C, R *mat.Dense) *mat.Dense {
	d1 := B.RawMatrix().Rows
	br := mat.NewDense(d1, d1, nil)
	br.Mul(B, R)
	cr := mat.NewDense(C.RawMatrix().Rows, d1, nil)
	cr.Mul(C, R)
	rcr := mat.NewDense(d1, d1, nil)
	rcr.Mul(R.T(), cr)
	s := mat.NewDense(d1, d1, nil)
	s.Add(br, br.T())
	s.Add(s, rcr)
	return s
}

// solveNeg returns −M⁻¹B.
func solveNeg(m, b *mat.Dense) (*mat.Dense, error) {
	var x mat.Dense
	if err := x.Solve(m, b); err != nil {
		return nil, fmt.Errorf("singular matrix: %v", err)
	}
	x.Scale(-1, &x)
	return &x, nil
}

func symmetrise(m *mat.Dense) ad.Tensor {
	n, _ := m.Dims()
	t := ad.Zeros(n, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			t.Data[i*n+j] = (m.At(i, j) + m.At(j, i)) / 2
		}
	}
	return t
}

func tensorOf(m mat.Matrix) ad.Tensor {
	r, c := m.Dims()
	t := ad.Zeros(r, c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			t.Data[i*c+j] = m.At(i, j)
		}
	}
	return t
}

func denseOf(t ad.Tensor) *mat.Dense {
	return mat.NewDense(t.Rows, t.Cols, append([]float64(nil), t.Data...))
}

// Name returns "quadratic".
func (q *Quadratic) Name() string { return "quadratic" }

// Dims returns (d1, d2).
func (q *Quadratic) Dims() (int, int) { return q.d1, q.d2 }

// Sense returns Cost.
func (q *Quadratic) Sense() Sense { return Cost }

// Domains returns unbounded domains.
func (q *Quadratic) Domains() (Domain, Domain) { return Domain{}, Domain{} }

// Params returns copies of A, B, C, a, D, E and e.
func (q *Quadratic) Params() map[string]ad.Tensor {
	return map[string]ad.Tensor{"A": q.ma.Clone(), "B": q.mb.Clone(), "C": q.mc.Clone(), "a": q.la.Clone(),
		"D": q.md.Clone(), "E": q.me.Clone(), "e": q.le.Clone()}
}

// Coefficients returns copies of the coefficients.
func (q *Quadratic) Coefficients() QuadraticParams {
	return QuadraticParams{A: q.ma.Clone(), B: q.mb.Clone(), C: q.mc.Clone(), LinX: q.la.Clone(),
		D: q.md.Clone(), E: q.me.Clone(), LinY: q.le.Clone()}
}

// F1 is the leader's cost ½xᵀAx + xᵀBy + ½yᵀCy + aᵀx.
func (q *Quadratic) F1(x, y *ad.Node) *ad.Node {
	t := x.Tape()
	f := ad.Scale(ad.Dot(ad.MatMul(x, t.Const(q.ma)), x), 0.5)
	if !q.zeroB {
		f = ad.Add(f, ad.Dot(ad.MatMul(x, t.Const(q.mb)), y))
	}
	if !q.zeroC {
		f = ad.Add(f, ad.Scale(ad.Dot(ad.MatMul(y, t.Const(q.mc)), y), 0.5))
	}
	if !q.zeroLa {
		f = ad.Add(f, ad.Dot(t.Const(q.la), x))
	}
	return f
}

// F2 is the follower's cost ½yᵀDy + yᵀEx + eᵀy.
func (q *Quadratic) F2(x, y *ad.Node) *ad.Node {
	t := y.Tape()
	f := ad.Scale(ad.Dot(ad.MatMul(y, t.Const(q.md)), y), 0.5)
	if !q.zeroE {
		// yᵀEx = (x Eᵀ)·y with row vectors.
		f = ad.Add(f, ad.Dot(ad.MatMulT(x, t.Const(q.me), false, true), y))
	}
	if !q.zeroLe {
		f = ad.Add(f, ad.Dot(t.Const(q.le), y))
	}
	return f
}

func row(t ad.Tensor, i int) []float64 { return t.Data[i*t.Cols : (i+1)*t.Cols] }

func general(t ad.Tensor) blas64.General {
	return blas64.General{Rows: t.Rows, Cols: t.Cols, Stride: t.Cols, Data: t.Data}
}

func vec(v []float64) blas64.Vector { return blas64.Vector{N: len(v), Inc: 1, Data: v} }

// Value1 returns f1(x, y).
func (q *Quadratic) Value1(x, y []float64) float64 {
	s := 0.0
	for i, xi := range x {
		s += xi * (0.5*floats.Dot(row(q.ma, i), x) + floats.Dot(row(q.mb, i), y) + q.la.Data[i])
	}
	if !q.zeroC {
		for j, yj := range y {
			s += 0.5 * yj * floats.Dot(row(q.mc, j), y)
		}
	}
	return s
}

// Value2 returns f2(x, y).
func (q *Quadratic) Value2(x, y []float64) float64 {
	s := 0.0
	for j, yj := range y {
		s += yj * (0.5*floats.Dot(row(q.md, j), y) + floats.Dot(row(q.me, j), x) + q.le.Data[j])
	}
	return s
}

// Grad1 writes ∇x f1 = Ax + By + a.
func (q *Quadratic) Grad1(dst, x, y []float64) {
	copy(dst, q.la.Data)
	blas64.Gemv(blas.NoTrans, 1, general(q.ma), vec(x), 1, vec(dst))
	blas64.Gemv(blas.NoTrans, 1, general(q.mb), vec(y), 1, vec(dst))
}

// Grad2 writes ∇y f2 = Dy + Ex + e.
func (q *Quadratic) Grad2(dst, x, y []float64) {
	copy(dst, q.le.Data)
	blas64.Gemv(blas.NoTrans, 1, general(q.md), vec(y), 1, vec(dst))
	blas64.Gemv(blas.NoTrans, 1, general(q.me), vec(x), 1, vec(dst))
}

// BestResponse returns the follower's best response r(x) = −D⁻¹(Ex + e),
// the minimiser of f2(x, ·) = ½yᵀDy + yᵀEx + eᵀy, which exists only when
// D ≻ 0. It errors if x does not have d1 finite coordinates, and if D is
// not positive definite (naming its smallest eigenvalue): with D ⪯ 0 or
// indefinite the root of ∇y f2 = 0 is no best response (with D ≺ 0 it is
// the follower's worst response).
func (q *Quadratic) BestResponse(x []float64) ([]float64, error) {
	if len(x) != q.d1 {
		return nil, fmt.Errorf("quadratic best response: x has %d coordinates, want d1 = %d", len(x), q.d1)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("quadratic best response: x[%d] = %v is not finite", i, v)
		}
	}
	var chol mat.Cholesky
	if err := positiveDefinite("quadratic best response", "the follower's Hessian D", "the root of ∇y f2 = 0 is no best response", denseOf(q.md), &chol); err != nil {
		return nil, err
	}
	rhs := mat.NewVecDense(q.d2, append([]float64(nil), q.le.Data...))
	var ex mat.VecDense
	ex.MulVec(denseOf(q.me), mat.NewVecDense(q.d1, append([]float64(nil), x...)))
	rhs.AddVec(rhs, &ex)
	var y mat.VecDense
	if err := chol.SolveVecTo(&y, rhs); err != nil {
		return nil, fmt.Errorf("quadratic best response: D is singular: %v", err)
	}
	out := y.RawVector().Data
	for i := range out {
		out[i] = -out[i] + 0 // +0: no −0 (r(0) = −D⁻¹e with e = 0)
	}
	return out, nil
}

// positiveDefinite factorizes the symmetric matrix m into chol, and when
// it is not positive definite returns an error "<op>: <name> is not
// positive definite (smallest eigenvalue λ): <consequence>".
func positiveDefinite(op, name, consequence string, m *mat.Dense, chol *mat.Cholesky) error {
	sym := mat.NewSymDense(m.RawMatrix().Rows, nil)
	n := m.RawMatrix().Rows
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			sym.SetSym(i, j, (m.At(i, j)+m.At(j, i))/2)
		}
	}
	if chol.Factorize(sym) {
		return nil
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, false) {
		return fmt.Errorf("%s: %s is not positive definite (its eigenvalues did not converge): %s", op, name, consequence)
	}
	vals := eig.Values(nil) // ascending
	return fmt.Errorf("%s: %s is not positive definite (smallest eigenvalue %.6g): %s", op, name, vals[0], consequence)
}

// Nash returns the critical point of the simultaneous dynamics, the
// solution of [A B; E D](x, y) = −(a, e): the Nash equilibrium when A ≻ 0
// and D ≻ 0. It errors if the system is singular.
func (q *Quadratic) Nash() (x, y []float64, err error) {
	n := q.d1 + q.d2
	J := mat.NewDense(n, n, nil)
	J.Slice(0, q.d1, 0, q.d1).(*mat.Dense).Copy(denseOf(q.ma))
	J.Slice(0, q.d1, q.d1, n).(*mat.Dense).Copy(denseOf(q.mb))
	J.Slice(q.d1, n, 0, q.d1).(*mat.Dense).Copy(denseOf(q.me))
	J.Slice(q.d1, n, q.d1, n).(*mat.Dense).Copy(denseOf(q.md))
	rhs := mat.NewVecDense(n, nil)
	for i := 0; i < q.d1; i++ {
		rhs.SetVec(i, -q.la.Data[i])
	}
	for j := 0; j < q.d2; j++ {
		rhs.SetVec(q.d1+j, -q.le.Data[j])
	}
	var z mat.VecDense
	if err := z.SolveVec(J, rhs); err != nil {
		return nil, nil, fmt.Errorf("quadratic Nash: [A B; E D] is singular: %v", err)
	}
	d := z.RawVector().Data
	return append([]float64(nil), d[:q.d1]...), append([]float64(nil), d[q.d1:]...), nil
}

// StackelbergHessian returns the leader's total Hessian
// S = D²f1(x, r(x)) = A + BR + RᵀBᵀ + RᵀCR with R = −D⁻¹E (d1×d1), the
// Schur complement of J_S; a DSE needs S ≻ 0 and D ≻ 0 (Fiez et al.
// Definition 4).
func (q *Quadratic) StackelbergHessian() (ad.Tensor, error) {
	R, err := solveNeg(denseOf(q.md), denseOf(q.me))
	if err != nil {
		return ad.Tensor{}, fmt.Errorf("quadratic Stackelberg: D is %v", err)
	}
	S := mat.NewDense(q.d1, q.d1, nil)
	S.Add(denseOf(q.ma), schurCoupling(denseOf(q.mb), denseOf(q.mc), R))
	return symmetrise(S), nil
}

// Stackelberg returns the Stackelberg equilibrium with the leader first:
// x* = −S⁻¹(a + Br0 + RᵀCr0) and y* = Rx* + r0, where r(x) = Rx + r0 is
// the follower's best response and S the leader's total Hessian (see
// StackelbergHessian). That point is the equilibrium only when D ≻ 0
// (r(x) minimises the follower's cost) and S ≻ 0 (x* minimises the
// leader's cost along r): it errors when D or S is not positive definite,
// naming the matrix and its smallest eigenvalue (the stationary point of
// an indefinite game is a saddle or a maximum of a player's cost, no
// equilibrium; equilib.Analyze classifies such points), and when either
// is singular or too ill-conditioned to solve. RandomQuadratic's games
// satisfy both conditions.
func (q *Quadratic) Stackelberg() (x, y []float64, err error) {
	const op = "quadratic Stackelberg"
	var cholD, cholS mat.Cholesky
	if err := positiveDefinite(op, "the follower's Hessian D", "r(x) is no best response and there is no Stackelberg equilibrium", denseOf(q.md), &cholD); err != nil {
		return nil, nil, err
	}
	E := denseOf(q.me)
	var R, r0 mat.Dense
	if err := cholD.SolveTo(&R, E); err != nil {
		return nil, nil, fmt.Errorf("%s: D is singular: %v", op, err)
	}
	R.Scale(-1, &R) // R = −D⁻¹E
	if err := cholD.SolveTo(&r0, mat.NewDense(q.d2, 1, append([]float64(nil), q.le.Data...))); err != nil {
		return nil, nil, fmt.Errorf("%s: D is singular: %v", op, err)
	}
	r0.Scale(-1, &r0) // r0 = −D⁻¹e
	B, C := denseOf(q.mb), denseOf(q.mc)
	S := mat.NewDense(q.d1, q.d1, nil)
	S.Add(denseOf(q.ma), schurCoupling(B, C, &R))
	if err := positiveDefinite(op, "the leader's total Hessian S = A + BR + RᵀBᵀ + RᵀCR", "the critical point of the leader's reduced cost is no minimum and no Stackelberg equilibrium", S, &cholS); err != nil {
		return nil, nil, err
	}
	rhs := mat.NewDense(q.d1, 1, append([]float64(nil), q.la.Data...))
	var br0, cr0, rcr0 mat.Dense
	br0.Mul(B, &r0)
	cr0.Mul(C, &r0)
	rcr0.Mul(R.T(), &cr0)
	rhs.Add(rhs, &br0)
	rhs.Add(rhs, &rcr0)
	var xs mat.Dense
	if err := cholS.SolveTo(&xs, rhs); err != nil {
		return nil, nil, fmt.Errorf("%s: leader's total Hessian S is singular: %v", op, err)
	}
	xs.Scale(-1, &xs) // x* = −S⁻¹(a + Br0 + RᵀCr0)
	var ys mat.Dense
	ys.Mul(&R, &xs)
	ys.Add(&ys, &r0) // y* = Rx* + r0
	return plusZero(xs.RawMatrix().Data), plusZero(ys.RawMatrix().Data), nil
}

// plusZero returns a copy of v with each −0 made +0.
func plusZero(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, e := range v {
		out[i] = e + 0
	}
	return out
}
