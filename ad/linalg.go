package ad

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// matMulOp computes op(A)·op(B) where op transposes when ta/tb is set.
type matMulOp struct{ ta, tb bool }

// opMatMul holds the four transposition variants, indexed by
// 2·transA + transB.
var opMatMul = [4]*matMulOp{{false, false}, {false, true}, {true, false}, {true, true}}

func (m *matMulOp) name() string { return "MatMul" }

func general(t *Tensor) blas64.General {
	return blas64.General{Rows: t.Rows, Cols: t.Cols, Stride: max(t.Cols, 1), Data: t.Data}
}

func (m *matMulOp) forward(n *Node) {
	if n.f32() {
		matMulForward[float32](m, n)
	} else {
		matMulForward[float64](m, n)
	}
}

// matMulForward computes the product node n (a matMulOp's, or a fusedOp's
// product) by the path its shape and the build take. It reports whether
// it applied a fused node's epilogue (parGemm does, as it stores each
// block); the other paths leave it to the caller.
func matMulForward[T float](m *matMulOp, n *Node) bool {
	a, b, out := view[T](n.in[0]), view[T](n.in[1]), view[T](n)
	if out.Rows == 0 || out.Cols == 0 {
		return true
	}
	inner := a.Cols
	if m.ta {
		inner = a.Rows
	}
	if inner == 0 {
		clear(out.Data)
		return false
	}
	rows, cols := out.Rows, out.Cols
	flops := rows * cols * inner
	if smallProduct(rows, cols, flops) {
		// A small float32 one-column product (a network's last layer on
		// a mini-batch of 100: 100×256×1, and its weight gradient) goes
		// to thin32's vector kernels too where the CPU has them: 3× (A·b)
		// and 20× (Aᵀ·b) the scalar loops at that size, and its sums are
		// then gemm's (float32, in order), as every larger product's are.
		// thin32 takes small outer products as well, whose elements are
		// single multiplications either way.
		if !is32[T]() || flops <= 512 || !parThin32(n, m.ta, rows, cols, inner, f32s(a.Data), max(a.Cols, 1), f32s(b.Data), f32s(out.Data)) {
			smallMatMul(n.tape, &out, &a, &b, m.ta, m.tb, inner)
		}
		return false
	}
	if blasProduct(flops) && blasGemm(m.ta, m.tb, &a, &b, &out) {
		return false
	}
	if is32[T]() && parThin32(n, m.ta, rows, cols, inner, f32s(a.Data), max(a.Cols, 1), f32s(b.Data), f32s(out.Data)) {
		return false // one column or one step: gemm's numbers without its padding
	}
	parGemm(n, m.ta, m.tb, rows, cols, inner, a.Data, max(a.Cols, 1), b.Data, max(b.Cols, 1), out.Data, max(out.Cols, 1))
	return true
}

// blasGemm computes out = op(a)·op(b) through gonum's blas64 (OpenBLAS
// under the openblas tag) for float64, and through sgemm for float32 where
// the build has it; it reports false when it did not.
func blasGemm[T float](ta, tb bool, a, b, out *dmat[T]) bool {
	if is32[T]() {
		return sgemm(ta, tb, a.Rows, a.Cols, b.Rows, b.Cols, f32s(a.Data), f32s(b.Data), f32s(out.Data), out.Rows, out.Cols)
	}
	tA, tB := blas.NoTrans, blas.NoTrans
	if ta {
		tA = blas.Trans
	}
	if tb {
		tB = blas.Trans
	}
	g := func(m *dmat[T]) blas64.General {
		return blas64.General{Rows: m.Rows, Cols: m.Cols, Stride: max(m.Cols, 1), Data: f64s(m.Data)}
	}
	blas64.Gemm(tA, tB, 1, g(a), g(b), 0, g(out))
	return true
}

// useBLAS routes matrix products through blas64 (set by UseFastBLAS under the openblas build
// tag, which installs OpenBLAS there). Without it, products go to the
// packed assembly kernel (gemm.go) where the CPU has AVX2 and FMA, and to
// gonum's pure-Go blas64 elsewhere.
var useBLAS = false

// blasMinFlops is the size m·n·k below which, even under the openblas tag,
// a product stays in Go when the assembly kernel is available: a cgo call
// costs more than such a product.
const blasMinFlops = 1 << 15

// thinAb sets c[i] = A[i,:]·b for the rows lo ≤ i < hi of the m×inner A,
// eight rows at a time in float64 (dotRows8) and two at a time otherwise
// (dotSlice2), each sum as dotSlice computes it.
func thinAb[T float](c, a, b []T, inner, lo, hi int) {
	i := lo
	for ; i+8 <= hi && dotRows8(c[i:i+8], b[:inner], a[i*inner:], inner); i += 8 {
	}
	for ; i+2 <= hi; i += 2 {
		c[i], c[i+1] = dotSlice2(b[:inner], a[i*inner:(i+1)*inner], a[(i+1)*inner:(i+2)*inner])
	}
	if i < hi {
		c[i] = dotSlice(a[i*inner:(i+1)*inner], b[:inner])
	}
}

// thinAtb adds Σ_p A[p,i]·b_p, in order of p, to c[i] for lo ≤ i < hi,
// with A inner×len(c).
func thinAtb[T float](c, a, b []T, inner, lo, hi int) {
	m := len(c)
	cs := c[lo:hi]
	for p := 0; p < inner; p++ {
		y := b[p]
		for i, x := range a[p*m+lo : p*m+hi] {
			cs[i] += x * y
		}
	}
}

// smallMatMul computes small products (or thin ones, which the 4×8
// micro-kernel would mostly pad) with plain loops over contiguous rows.
func smallMatMul[T float](t *Tape, out, a, b *dmat[T], ta, tb bool, inner int) {
	m, n := out.Rows, out.Cols
	switch {
	case inner == 1: // outer product C[i,j] = a_i·b_j (a, b vectors either way)
		for i := 0; i < m; i++ {
			binSV(kMul, out.Data[i*n:(i+1)*n], a.Data[i], b.Data[:n])
		}
	case n == 1 && !ta: // C[i] = A[i,:]·b with b a vector either way
		c, av, bv := out.Data, a.Data, b.Data
		if !splitsRows(t, m, m*inner) {
			thinAb(c, av, bv, inner, 0, m)
			break
		}
		parRows(t, m, func(lo, hi int) { thinAb(c, av, bv, inner, lo, hi) })
	case ta && !tb && n == 1: // C += A[p,:]ᵀ·b_p for each p, by blocks of C
		clear(out.Data)
		c, av, bv := out.Data, a.Data, b.Data
		if !splitsRows(t, m, m*inner) {
			thinAtb(c, av, bv, inner, 0, m)
			break
		}
		parRows(t, m, func(lo, hi int) { thinAtb(c, av, bv, inner, lo, hi) })
	case ta && !tb: // C += A[p,:]ᵀ·B[p,:] for each p, reading A by rows
		clear(out.Data)
		for p := 0; p < inner; p++ {
			ar, br := a.Data[p*m:(p+1)*m], b.Data[p*n:(p+1)*n]
			for i, x := range ar {
				c := out.Data[i*n : (i+1)*n]
				for j := range c {
					c[j] += x * br[j]
				}
			}
		}
	case !tb: // C[i,:] = Σ_p A[i,p]·B[p,:], adding in order of p
		for i := 0; i < m; i++ {
			c := out.Data[i*n : (i+1)*n]
			ai := a.Data[i*inner : (i+1)*inner]
			clear(c)
			if !is32[T]() {
				// The same sums, the columns in vector registers
				// where the CPU has them.
				AccumulateRows(f64s(c), f64s(ai), f64s(b.Data))
				continue
			}
			p := 0
			for ; p+2 <= inner; p += 2 { // two terms per pass over c
				x0, x1 := ai[p], ai[p+1]
				b0 := b.Data[p*n : p*n+len(c)]
				b1 := b.Data[(p+1)*n : (p+1)*n+len(c)]
				for j, v := range c {
					v += x0 * b0[j]
					c[j] = v + x1*b1[j]
				}
			}
			if p < inner {
				x, br := ai[p], b.Data[p*n:p*n+len(c)]
				for j := range c {
					c[j] += x * br[j]
				}
			}
		}
	case !ta: // C[i,j] = A[i,:]·B[j,:], eight columns at a time in float64, then two
		for i := 0; i < m; i++ {
			ar := a.Data[i*inner : (i+1)*inner]
			j := 0
			for ; j+8 <= n && dotRows8(out.Data[i*n+j:i*n+j+8], ar, b.Data[j*inner:], inner); j += 8 {
			}
			for ; j+2 <= n; j += 2 {
				out.Data[i*n+j], out.Data[i*n+j+1] = dotSlice2(ar, b.Data[j*inner:(j+1)*inner], b.Data[(j+1)*inner:(j+2)*inner])
			}
			if j < n {
				out.Data[i*n+j] = dotSlice(ar, b.Data[j*inner:(j+1)*inner])
			}
		}
	default: // C[i,j] = Σ_p A[p,i]·B[j,p]
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var s T
				for p := 0; p < inner; p++ {
					s += a.Data[p*m+i] * b.Data[j*inner+p]
				}
				out.Data[i*n+j] = s
			}
		}
	}
}

func (m *matMulOp) vjp(n, g *Node, gs []*Node) {
	da, db := m.needed(n)
	ga, gb := m.gradArgs(n, g)
	switch {
	case da && db:
		gs[0], gs[1] = matMulPair(ga, gb)
	case da:
		gs[0] = MatMulT(ga.a, ga.b, ga.ta, ga.tb)
	case db:
		gs[1] = MatMulT(gb.a, gb.b, gb.ta, gb.tb)
	}
}

// needed reports which of the product node n's operands get a gradient:
// an operand that leads to none of the variables of the gradient being
// taken gets no product (Grad would drop it): the mixed product
// ∇_θ(∇_w f · z) of an actor–critic skips the critic-side halves.
func (m *matMulOp) needed(n *Node) (da, db bool) {
	skip := n.tape.vjpSkip
	return n.in[0].needs && skip&1 == 0, n.in[1].needs && skip&2 == 0
}

// gradArgs returns the two products of the backward rule of the product
// node n given its gradient g, as op(x)·op(y) with their transpositions.
func (m *matMulOp) gradArgs(n, g *Node) (ga, gb matMulArgs) {
	a, b := n.in[0], n.in[1]
	switch {
	case !m.ta && !m.tb: // C = A·B: ∂A = G·Bᵀ, ∂B = Aᵀ·G
		ga, gb = matMulArgs{g, b, false, true}, matMulArgs{a, g, true, false}
	case m.ta && !m.tb: // C = Aᵀ·B: ∂A = B·Gᵀ, ∂B = A·G
		ga, gb = matMulArgs{b, g, false, true}, matMulArgs{a, g, false, false}
	case !m.ta && m.tb: // C = A·Bᵀ: ∂A = G·B, ∂B = Gᵀ·A
		ga, gb = matMulArgs{g, b, false, false}, matMulArgs{g, a, true, false}
	default: // C = Aᵀ·Bᵀ: ∂A = Bᵀ·Gᵀ, ∂B = Gᵀ·Aᵀ
		ga, gb = matMulArgs{b, g, true, true}, matMulArgs{g, a, true, true}
	}
	return ga, gb
}

// matMulArgs are the operands of a product op(a)·op(b).
type matMulArgs struct {
	a, b   *Node
	ta, tb bool
}

// matMulPair records the two products p and q (the two halves of a
// product's backward rule) and computes them: on a tape of exactly two
// threads, when both would be split over them (packedSplits), at once, one
// on each goroutine, the one done first taking column blocks of the other
// where it can be cut (pairOn; one hand-off for the pair instead of one
// per product), otherwise one after the other as MatMulT would. Either way
// each is the single-threaded kernel's product, the same bits.
func matMulPair(p, q matMulArgs) (*Node, *Node) {
	x, y := matMulRecord(p.a, p.b, p.ta, p.tb), matMulRecord(q.a, q.b, q.ta, q.tb)
	computePair(x, y)
	return x, y
}

// computePair computes the recorded products (or fused products) x and y
// as matMulPair describes.
func computePair(x, y *Node) {
	t := x.tape
	if t.Threads() != 2 || !packedSplits(x) || !packedSplits(y) {
		x.op.forward(x)
		y.op.forward(y)
		return
	}
	// The caller (part 0) starts first and a helper a little later, so the
	// caller takes the slower product: one whose left operand is
	// transposed (packed, where an untransposed one is read in place) when
	// the other's is not. Measured (BenchmarkMatMulBackwardPair, session
	// 8): the backward of C = A·B 3–6 % faster and of C = A·Bᵀ 4–13 %
	// faster than with ∂A on the caller; for C = Aᵀ·B (neither product
	// transposes its left operand) ∂A on the caller stays 1 % the faster.
	parts := []*Node{x, y}
	if mmOf(y).ta && !mmOf(x).ta {
		parts[0], parts[1] = y, x
	}
	if x.f32() {
		pairOn[float32](t, parts[0], parts[1])
	} else {
		pairOn[float64](t, parts[0], parts[1])
	}
}

// pairOn computes the recorded products p and q (both accepted by
// packedSplits) on two goroutines: each is one block, or gemmChunks column
// blocks when it can be cut at no cost (colsClaimable), p's blocks first
// and q's after them; the caller claims blocks from the front (p's) and a
// helper from the back (q's), so that whichever finishes its own product
// first takes blocks of the other's (parEnds). Each block is the
// single-threaded kernel's part of its product, the same bits.
func pairOn[T float](t *Tape, p, q *Node) {
	scratchOf[T](t, 1) // grown before the helper starts
	f := pairChunk64
	if is32[T]() {
		f = pairChunk32
	}
	dispatch(task{nodeChunk: f, node: p, node2: q, w: 2, n: productCols[T](p).count + productCols[T](q).count})
}

// pairChunk32 and pairChunk64 compute chunk i of pairOn's products p and
// q (p's column blocks, then q's) with worker's packing buffers: a
// parEnds chunk read from the nodes, so that the split allocates nothing.
func pairChunk32(p, q *Node, worker, i int) { pairChunk[float32](p, q, worker, i) }
func pairChunk64(p, q *Node, worker, i int) { pairChunk[float64](p, q, worker, i) }

func pairChunk[T float](p, q *Node, worker, i int) {
	n, cols := p, productCols[T](p)
	if i >= cols.count {
		n, i = q, i-cols.count
		cols = productCols[T](q)
	}
	lo, hi := cols.block(i)
	packedOn[T](p.tape, worker, n, lo, hi)
}

// productCols returns the column blocks pairOn cuts the recorded product n
// into: up to gemmChunks when colsClaimable, otherwise the whole product.
func productCols[T float](n *Node) colBlocks {
	if colsClaimable[T](mmOf(n).ta) {
		return colBlocksOf[T](n.val.Cols)
	}
	return whole(n.val.Cols)
}

// smallProduct reports that matMulForward computes a rows×cols product of
// flops multiply-adds with smallMatMul's loops.
func smallProduct(rows, cols, flops int) bool {
	return flops <= 512 || ((rows < gemmMR || cols < gemmNR) && flops < blasMinFlops)
}

// blasProduct reports that matMulForward offers a product of flops
// multiply-adds to BLAS (under the openblas tag).
func blasProduct(flops int) bool { return useBLAS && flops >= blasMinFlops }

// packedSplits reports that matMulForward would compute the recorded
// product n with parGemm and that parGemm would split it: neither small
// (smallProduct) nor offered to BLAS (blasProduct) nor of a shape thin32
// takes (one column, one step), and splitting (gemmSplits). The
// predicates are matMulForward's and parGemm's own, so a pair computes
// only products that one thread would compute with the same kernel.
func packedSplits(n *Node) bool {
	m := mmOf(n)
	a := n.in[0]
	rows, cols, inner := n.val.Rows, n.val.Cols, a.val.Cols
	if m.ta {
		inner = a.val.Rows
	}
	flops := rows * cols * inner
	return !smallProduct(rows, cols, flops) && !blasProduct(flops) && cols > 1 && inner > 1 &&
		gemmSplits(n.tape, flops)
}

// packedOn computes columns [lo, hi) of the recorded product n (one
// packedSplits accepts) with the single-threaded kernel and worker w's
// packing buffers.
func packedOn[T float](t *Tape, w int, n *Node, lo, hi int) {
	m := mmOf(n)
	a, b, out := view[T](n.in[0]), view[T](n.in[1]), view[T](n)
	inner := a.Cols
	if m.ta {
		inner = a.Rows
	}
	gemmCols(scratchOf[T](t, w), m.ta, m.tb, out.Rows, inner, a.Data, max(a.Cols, 1), b.Data, max(b.Cols, 1), out.Data, max(out.Cols, 1), lo, hi)
	epilogue[T](n, 0, out.Rows, lo, hi)
}

// MatMul returns the matrix product a·b.
func MatMul(a, b *Node) *Node { return MatMulT(a, b, false, false) }

// MatMulT returns op(a)·op(b), where op transposes its operand when the
// corresponding flag is set.
func MatMulT(a, b *Node, transA, transB bool) *Node {
	n := matMulRecord(a, b, transA, transB)
	n.op.forward(n)
	return n
}

// matMulRecord records op(a)·op(b) on the tape without computing it.
func matMulRecord(a, b *Node, transA, transB bool) *Node {
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
	k := 0
	if transA {
		k += 2
	}
	if transB {
		k++
	}
	return a.tape.record(opMatMul[k], ar, bc, []*Node{a, b})
}

func tmark(t bool) string {
	if t {
		return "ᵀ"
	}
	return ""
}

// transposeOp swaps rows and columns.
type transposeOp struct{}

var opTranspose = &transposeOp{}

func (*transposeOp) name() string { return "Transpose" }
func (*transposeOp) forward(n *Node) {
	if n.f32() {
		transposeForward[float32](n)
	} else {
		transposeForward[float64](n)
	}
}

func transposeForward[T float](n *Node) {
	x, d := view[T](n.in[0]), vals[T](n)
	for i := 0; i < x.Rows; i++ {
		for j := 0; j < x.Cols; j++ {
			d[j*x.Rows+i] = x.Data[i*x.Cols+j]
		}
	}
}
func (*transposeOp) vjp(n, g *Node, gs []*Node) { gs[0] = Transpose(g) }

// Transpose returns xᵀ.
func Transpose(x *Node) *Node {
	if x.val.Rows == 1 || x.val.Cols == 1 {
		return Reshape(x, x.val.Cols, x.val.Rows)
	}
	return x.tape.newNode(opTranspose, x.val.Cols, x.val.Rows, x)
}

// Dot returns the scalar Σ a⊙b over all elements of two equally shaped
// tensors.
func Dot(a, b *Node) *Node {
	if a.val.Rows != b.val.Rows || a.val.Cols != b.val.Cols {
		panic(fmt.Sprintf("ad.Dot: shapes %s and %s differ", a.val.Shape(), b.val.Shape()))
	}
	return a.tape.newNode(opDot, 1, 1, a, b)
}

type dotOp struct{}

var opDot = &dotOp{}

func (*dotOp) name() string { return "Dot" }
func (*dotOp) forward(n *Node) {
	if n.f32() {
		n.v32[0] = dotSlice(n.in[0].v32, n.in[1].v32)
	} else {
		n.val.Data[0] = dotSlice(n.in[0].val.Data, n.in[1].val.Data)
	}
}
func (*dotOp) vjp(n, g *Node, gs []*Node) {
	a, b := n.in[0], n.in[1]
	if a.needs {
		gs[0] = Mul(g, b)
	}
	if b.needs {
		gs[1] = Mul(g, a)
	}
}

// dotSlice returns Σ a[i]·b[i] with four independent partial sums,
// accumulated in float64 for either element type (each product of two
// float32 values is exact in float64).
func dotSlice[T float](a, b []T) T {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += float64(a[i]) * float64(b[i])
		s1 += float64(a[i+1]) * float64(b[i+1])
		s2 += float64(a[i+2]) * float64(b[i+2])
		s3 += float64(a[i+3]) * float64(b[i+3])
	}
	for ; i < len(a); i++ {
		s0 += float64(a[i]) * float64(b[i])
	}
	return T((s0 + s1) + (s2 + s3))
}

// dotSlice2 returns dotSlice(a, b0) and dotSlice(a, b1), the same
// operations in the same order for each (so the same bits), computed
// together: their eight addition chains overlap and a is read once.
func dotSlice2[T float](a, b0, b1 []T) (T, T) {
	b0, b1 = b0[:len(a)], b1[:len(a)]
	var s0, s1, s2, s3, t0, t1, t2, t3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		a0, a1, a2, a3 := float64(a[i]), float64(a[i+1]), float64(a[i+2]), float64(a[i+3])
		s0 += a0 * float64(b0[i])
		t0 += a0 * float64(b1[i])
		s1 += a1 * float64(b0[i+1])
		t1 += a1 * float64(b1[i+1])
		s2 += a2 * float64(b0[i+2])
		t2 += a2 * float64(b1[i+2])
		s3 += a3 * float64(b0[i+3])
		t3 += a3 * float64(b1[i+3])
	}
	for ; i < len(a); i++ {
		s0 += float64(a[i]) * float64(b0[i])
		t0 += float64(a[i]) * float64(b1[i])
	}
	return T((s0 + s1) + (s2 + s3)), T((t0 + t1) + (t2 + t3))
}

// solveOp solves A·Z = B for Z with an LU factorisation with partial
// pivoting, kept in the node's scratch (fbuf: the n×n factor, then 4n of
// workspace; ibuf: n pivots, then n of workspace) so that replays do not
// allocate. A singular or numerically singular A (reciprocal condition
// number below 1e-16) gives NaN values, never a silent answer.
type solveOp struct{}

var opSolve = &solveOp{}

func (*solveOp) name() string { return "Solve" }
func (*solveOp) forward(n *Node) {
	a, b := &n.in[0].val, &n.in[1].val
	m := a.Rows
	if m == 0 {
		return
	}
	// A float32 Solve factors and solves in float64: the factor and the
	// right-hand side are widened into fbuf, the solution rounded back.
	nb := 0
	if n.f32() {
		nb = len(n.v32)
	}
	if len(n.fbuf) < m*m+4*m+nb {
		n.fbuf = make([]float64, m*m+4*m+nb)
	}
	if len(n.ibuf) < 2*m {
		n.ibuf = make([]int, 2*m)
	}
	lu := blas64.General{Rows: m, Cols: m, Stride: m, Data: n.fbuf[:m*m]}
	z := general(&n.val)
	if n.f32() {
		convert(lu.Data, n.in[0].v32)
		z.Data = n.fbuf[m*m+4*m : m*m+4*m+nb]
		convert(z.Data, n.in[1].v32)
	} else {
		copy(lu.Data, a.Data)
		copy(z.Data, b.Data)
	}
	work := n.fbuf[m*m : m*m+4*m]
	ipiv, iwork := n.ibuf[:m], n.ibuf[m:2*m]
	anorm := lapack64.Lange(lapack.MaxColumnSum, lu, work)
	ok := lapack64.Getrf(lu, ipiv)
	if ok {
		rcond := lapack64.Gecon(lapack.MaxColumnSum, lu, anorm, work, iwork)
		ok = rcond >= 1e-16
	}
	if !ok {
		fill(z.Data, math.NaN())
		if n.f32() {
			convert(n.v32, z.Data)
		}
		return
	}
	lapack64.Getrs(blas.NoTrans, lu, z, ipiv)
	if n.f32() {
		convert(n.v32, z.Data)
	}
}
func (*solveOp) vjp(n, g *Node, gs []*Node) {
	a := n.in[0]
	// Z = A⁻¹B: dB = A⁻ᵀ G, dA = −A⁻ᵀ G Zᵀ.
	gb := Solve(Transpose(a), g)
	if a.needs {
		gs[0] = Neg(MatMulT(gb, n, false, true))
	}
	if n.in[1].needs {
		gs[1] = gb
	}
}

// Solve returns Z with A·Z = B for a square A (n×n) and B (n×k),
// differentiable in both. A singular A yields NaN values.
func Solve(a, b *Node) *Node {
	if a.val.Rows != a.val.Cols || b.val.Rows != a.val.Rows {
		panic(fmt.Sprintf("ad.Solve: A is %s, B is %s; need A n×n and B n×k", a.val.Shape(), b.val.Shape()))
	}
	return a.tape.newNode(opSolve, b.val.Rows, b.val.Cols, a, b)
}
