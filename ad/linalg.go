package ad

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// matMulOp computes op(A)·op(B) where op transposes when ta/tb is set.
type matMulOp struct{ ta, tb bool }

func (m matMulOp) name() string { return "MatMul" }

func general(t *Tensor) blas64.General {
	return blas64.General{Rows: t.Rows, Cols: t.Cols, Stride: max(t.Cols, 1), Data: t.Data}
}

func (m matMulOp) forward(n *Node) {
	a, b := &n.in[0].val, &n.in[1].val
	ta, tb := blas.NoTrans, blas.NoTrans
	if m.ta {
		ta = blas.Trans
	}
	if m.tb {
		tb = blas.Trans
	}
	if n.val.Rows == 0 || n.val.Cols == 0 {
		return
	}
	inner := a.Cols
	if m.ta {
		inner = a.Rows
	}
	if inner == 0 {
		for i := range n.val.Data {
			n.val.Data[i] = 0
		}
		return
	}
	if n.val.Rows*n.val.Cols*inner <= 64 {
		smallMatMul(&n.val, a, b, m.ta, m.tb, inner)
		return
	}
	blas64.Gemm(ta, tb, 1, general(a), general(b), 0, general(&n.val))
}

// smallMatMul avoids the BLAS call overhead for tiny products.
func smallMatMul(out, a, b *Tensor, ta, tb bool, inner int) {
	for i := 0; i < out.Rows; i++ {
		for j := 0; j < out.Cols; j++ {
			s := 0.0
			for k := 0; k < inner; k++ {
				var x, y float64
				if ta {
					x = a.Data[k*a.Cols+i]
				} else {
					x = a.Data[i*a.Cols+k]
				}
				if tb {
					y = b.Data[j*b.Cols+k]
				} else {
					y = b.Data[k*b.Cols+j]
				}
				s += x * y
			}
			out.Data[i*out.Cols+j] = s
		}
	}
}

func (m matMulOp) vjp(n, g *Node) []*Node {
	a, b := n.in[0], n.in[1]
	var ga, gb *Node
	switch {
	case !m.ta && !m.tb: // C = A·B
		ga = ifNeeds(n, 0, func() *Node { return MatMulT(g, b, false, true) })
		gb = ifNeeds(n, 1, func() *Node { return MatMulT(a, g, true, false) })
	case m.ta && !m.tb: // C = Aᵀ·B
		ga = ifNeeds(n, 0, func() *Node { return MatMulT(b, g, false, true) })
		gb = ifNeeds(n, 1, func() *Node { return MatMulT(a, g, false, false) })
	case !m.ta && m.tb: // C = A·Bᵀ
		ga = ifNeeds(n, 0, func() *Node { return MatMulT(g, b, false, false) })
		gb = ifNeeds(n, 1, func() *Node { return MatMulT(g, a, true, false) })
	default: // C = Aᵀ·Bᵀ
		ga = ifNeeds(n, 0, func() *Node { return MatMulT(b, g, true, true) })
		gb = ifNeeds(n, 1, func() *Node { return MatMulT(g, a, true, true) })
	}
	return []*Node{ga, gb}
}

// MatMul returns the matrix product a·b.
func MatMul(a, b *Node) *Node { return MatMulT(a, b, false, false) }

// MatMulT returns op(a)·op(b), where op transposes its operand when the
// corresponding flag is set.
func MatMulT(a, b *Node, transA, transB bool) *Node {
	ar, ac := a.val.Rows, a.val.Cols
	if transA {
		ar, ac = ac, ar
	}
	br, bc := b.val.Rows, b.val.Cols
	if transB {
		br, bc = bc, br
	}
	if ac != br {
		panic(fmt.Sprintf("ad.MatMul: inner dimensions differ: %s%s · %s%s",
			a.val.Shape(), tmark(transA), b.val.Shape(), tmark(transB)))
	}
	return a.tape.newNode(matMulOp{transA, transB}, ar, bc, a, b)
}

func tmark(t bool) string {
	if t {
		return "ᵀ"
	}
	return ""
}

// transposeOp swaps rows and columns.
type transposeOp struct{}

func (transposeOp) name() string { return "Transpose" }
func (transposeOp) forward(n *Node) {
	x := &n.in[0].val
	for i := 0; i < x.Rows; i++ {
		for j := 0; j < x.Cols; j++ {
			n.val.Data[j*x.Rows+i] = x.Data[i*x.Cols+j]
		}
	}
}
func (transposeOp) vjp(n, g *Node) []*Node { return []*Node{Transpose(g)} }

// Transpose returns xᵀ.
func Transpose(x *Node) *Node {
	return x.tape.newNode(transposeOp{}, x.val.Cols, x.val.Rows, x)
}

// Dot returns the scalar Σ a⊙b over all elements of two equally shaped
// tensors.
func Dot(a, b *Node) *Node {
	if a.val.Rows != b.val.Rows || a.val.Cols != b.val.Cols {
		panic(fmt.Sprintf("ad.Dot: shapes %s and %s differ", a.val.Shape(), b.val.Shape()))
	}
	return a.tape.newNode(dotOp{}, 1, 1, a, b)
}

type dotOp struct{}

func (dotOp) name() string { return "Dot" }
func (dotOp) forward(n *Node) {
	a, b := n.in[0].val.Data, n.in[1].val.Data
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	n.val.Data[0] = s
}
func (dotOp) vjp(n, g *Node) []*Node {
	a, b := n.in[0], n.in[1]
	return []*Node{ifNeeds(n, 0, func() *Node { return Mul(g, b) }),
		ifNeeds(n, 1, func() *Node { return Mul(g, a) })}
}

// solveOp solves A·Z = B for Z with an LU factorisation. A singular A gives
// NaN values (and Solve's callers check for them), never a silent answer.
type solveOp struct {
	lu  *mat.LU
	tmp *mat.Dense
}

func (s *solveOp) name() string { return "Solve" }
func (s *solveOp) forward(n *Node) {
	a, b := &n.in[0].val, &n.in[1].val
	am := mat.NewDense(a.Rows, a.Cols, a.Data)
	s.lu.Factorize(am)
	out := mat.NewDense(n.val.Rows, n.val.Cols, n.val.Data)
	bm := mat.NewDense(b.Rows, b.Cols, b.Data)
	if err := s.lu.SolveTo(out, false, bm); err != nil || math.IsInf(s.lu.Cond(), 1) {
		for i := range n.val.Data {
			n.val.Data[i] = math.NaN()
		}
	}
}
func (s *solveOp) vjp(n, g *Node) []*Node {
	a := n.in[0]
	// Z = A⁻¹B: dB = A⁻ᵀ G, dA = −A⁻ᵀ G Zᵀ.
	gb := Solve(Transpose(a), g)
	var ga *Node
	if needs(n, 0) {
		ga = Neg(MatMulT(gb, n, false, true))
	}
	if !needs(n, 1) {
		gb = nil
	}
	return []*Node{ga, gb}
}

// Solve returns Z with A·Z = B for a square A (n×n) and B (n×k),
// differentiable in both. A singular A yields NaN values.
func Solve(a, b *Node) *Node {
	if a.val.Rows != a.val.Cols || b.val.Rows != a.val.Rows {
		panic(fmt.Sprintf("ad.Solve: A is %s, B is %s; need A n×n and B n×k", a.val.Shape(), b.val.Shape()))
	}
	return a.tape.newNode(&solveOp{lu: &mat.LU{}}, b.val.Rows, b.val.Cols, a, b)
}
