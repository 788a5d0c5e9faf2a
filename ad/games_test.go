package ad

import "math/rand/v2"

// Smooth two-player game objectives used by the closed-form tests and the
// BenchmarkGameGradHVP benchmarks. ad knows nothing about games: these are
// test fixtures written directly with ad operations.

// torusF1 records the leader's cost of the torus game,
// f1(x, y) = −α1 cos(x − φ1) + cos(x − y), for 1×1 nodes x and y.
func torusF1(x, y *Node, alpha1, phi1 float64) *Node {
	return Add(Scale(Cos(AddScalar(x, -phi1)), -alpha1), Cos(Sub(x, y)))
}

// duopolyF1 records the leader's profit of the Cournot duopoly,
// f1(x, y) = x(A − x − y) − c1·x, for 1×1 nodes x and y.
func duopolyF1(x, y *Node, A, c1 float64) *Node {
	return Sub(Mul(x, Sub(RSub(A, x), y)), Scale(x, c1))
}

// quadGame is the quadratic game f(x, y) = ½xᵀAx + xᵀBy + ½yᵀCy + aᵀx
// with x, y ∈ ℝⁿ (1×n rows).
type quadGame struct {
	n       int
	A, B, C Tensor
	a       Tensor
}

func newQuadGame(seed uint64, n int) *quadGame {
	r := rand.New(rand.NewPCG(seed, 11))
	rnd := func(rows, cols int) Tensor {
		t := Zeros(rows, cols)
		for i := range t.Data {
			t.Data[i] = r.NormFloat64()
		}
		return t
	}
	return &quadGame{n: n, A: rnd(n, n), B: rnd(n, n), C: rnd(n, n), a: rnd(1, n)}
}

// record records f on x's tape with the matrices as constants.
func (q *quadGame) record(x, y *Node) *Node {
	t := x.Tape()
	A, B, C, a := t.Const(q.A), t.Const(q.B), t.Const(q.C), t.Const(q.a)
	xAx := Dot(MatMul(x, A), x)
	yCy := Dot(MatMul(y, C), y)
	return Add(Add(Scale(Add(xAx, yCy), 0.5), Dot(MatMul(x, B), y)), Dot(a, x))
}

// hessian returns the closed-form Hessian [[sym A, B], [Bᵀ, sym C]] of f in
// (x, y), where sym M = (M + Mᵀ)/2.
func (q *quadGame) hessian() Tensor {
	n := q.n
	H := Zeros(2*n, 2*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			H.Data[i*2*n+j] = (q.A.At(i, j) + q.A.At(j, i)) / 2
			H.Data[(n+i)*2*n+n+j] = (q.C.At(i, j) + q.C.At(j, i)) / 2
			H.Data[i*2*n+n+j] = q.B.At(i, j)
			H.Data[(n+j)*2*n+i] = q.B.At(i, j)
		}
	}
	return H
}

// gradHVP records ∇f and ∇²f·v in (x, y) of the scalar f, with v = (vx, vy).
func gradHVP(f, x, y, vx, vy *Node) (gx, gy, hx, hy *Node) {
	g := Grad(f, x, y)
	gx, gy = g[0], g[1]
	h := Grad(Add(Dot(gx, vx), Dot(gy, vy)), x, y)
	return gx, gy, h[0], h[1]
}
