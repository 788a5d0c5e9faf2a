package ad

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// Edge cases (session 32): special IEEE values through every
// elementwise op's value, gradient and HVP in both dtypes; products of
// shapes that are no multiple of any tile, on every route and thread
// count; CG on ill-conditioned, indefinite and non-finite systems.

// edgeUnary is an elementwise op under test with its float64 definition.
type edgeUnary struct {
	name string
	op   func(x *Node) *Node
	// order is the highest derivative that depends on x: 1 for affine
	// ops (the gradient is constant, so finite even where x is NaN), 2 for
	// quadratic and piecewise-linear or -quadratic ones (the HVP is
	// constant almost everywhere), 3 for the others.
	order int
}

var edgeUnaries = []edgeUnary{
	{"Exp", Exp, 3}, {"Log", Log, 3}, {"Log1p", Log1p, 3}, {"Sqrt", Sqrt, 3}, {"Square", Square, 2},
	{"Sin", Sin, 3}, {"Cos", Cos, 3}, {"Tan", Tan, 3}, {"Tanh", Tanh, 3}, {"Sigmoid", Sigmoid, 3},
	{"Softplus", Softplus, 3}, {"Abs", Abs, 2}, {"Neg", Neg, 1},
	{"PowConst2.5", func(x *Node) *Node { return PowConst(x, 2.5) }, 3},
	{"PowConst3", func(x *Node) *Node { return PowConst(x, 3) }, 3},
	{"Scale", func(x *Node) *Node { return Scale(x, -1.5) }, 1},
	{"AddScalar", func(x *Node) *Node { return AddScalar(x, 0.25) }, 1},
	{"RSub", func(x *Node) *Node { return RSub(2, x) }, 1},
	{"Mul·self", func(x *Node) *Node { return Mul(x, x) }, 2},
	{"Div·self+1", func(x *Node) *Node { return Div(x, AddScalar(Square(x), 1)) }, 3},
	{"Pow·self", func(x *Node) *Node { return Pow(Exp(x), x) }, 3},
	{"Maximum·0.5", func(x *Node) *Node { return Mul(Maximum(x, x.Tape().Scalar(0.5)), x) }, 2},
	{"Minimum·0.5", func(x *Node) *Node { return Mul(Minimum(x, x.Tape().Scalar(0.5)), x) }, 2},
	{"LogSumExp", func(x *Node) *Node { return Mul(LogSumExp(x), x) }, 3},
	{"Softmax", Softmax, 3}, {"LogSoftmax", LogSoftmax, 3},
	{"Sum", func(x *Node) *Node { return Mul(Sum(x), x) }, 2},
	{"Mean", func(x *Node) *Node { return Mul(Mean(x), x) }, 2},
	{"Dot", func(x *Node) *Node { return Mul(Dot(x, x), x) }, 3},
	{"RowMax", func(x *Node) *Node { return Mul(RowMax(x), x) }, 2},
	{"ColSums", func(x *Node) *Node { return Mul(ColSums(x), x) }, 2},
	{"MatMulᵀ", func(x *Node) *Node { return MatMulT(x, x, true, false) }, 2},
	{"Sigmoid∘Tanh·x", func(x *Node) *Node { return Mul(Sigmoid(Tanh(x)), x) }, 3},
}

// edgeDerivs records y = op(x) on a tape of dtype d and returns its
// value, ∇ₓ⟨y, w⟩ and the HVP of ⟨y, w⟩ along v (Grad of the gradient),
// and the first-order gradient by Grad1 (the fused backward kernels).
func edgeDerivs(d DType, op func(*Node) *Node, x, w, v []float64, threads int) (val, g, hv, g1 []float64) {
	tp := NewTapeOf(d)
	tp.SetThreads(threads)
	n := len(x)
	xn := tp.Var(NewTensor(1, n, x))
	y := op(xn)
	wn := tp.Const(NewTensor(y.Rows(), y.Cols(), w[:y.Rows()*y.Cols()]))
	L := Dot(y, wn)
	gn := Grad(L, xn)[0]
	hn := Grad(Dot(gn, tp.Const(NewTensor(1, n, v))), xn)[0]
	tp1 := NewTapeOf(d)
	tp1.SetThreads(threads)
	x1 := tp1.Var(NewTensor(1, n, x))
	y1 := op(x1)
	g1n := Grad1(Dot(y1, tp1.Const(NewTensor(y1.Rows(), y1.Cols(), w[:y1.Rows()*y1.Cols()]))), x1)[0]
	return y.Data(), gn.Data(), hn.Data(), g1n.Data()
}

// TestEdgeNaNPropagatesThroughDerivatives puts NaNs among finite inputs
// (lengths 5 and 67, below and above the 8-element vector kernels' blocks)
// and checks, in both dtypes, that every value element that depends on a
// NaN input is NaN (for elementwise ops: the same index) and that the
// gradient and Grad1 gradient (ops of order ≥ 2) and the HVP (order 3)
// are NaN at every NaN input: a derivative that depends on x must not be
// a finite number where x is NaN. Relu and Clamp are left out (their
// derivative at NaN is a known open item), and so are the constant
// derivatives of affine ops and the a.e.-constant second derivatives of
// quadratic and piecewise ops (Abs, Maximum, Minimum, RowMax: their HVP
// at NaN is ±0, the same open item as Relu's mask).
func TestEdgeNaNPropagatesThroughDerivatives(t *testing.T) {
	r := rand.New(rand.NewPCG(32, 1))
	for _, u := range edgeUnaries {
		for _, n := range []int{5, 67} {
			x := make([]float64, n)
			w := make([]float64, n*n)
			v := make([]float64, n)
			for i := range x {
				x[i] = 0.5 + r.Float64() // positive: every op is defined
				v[i] = r.NormFloat64()
			}
			for i := range w {
				w[i] = r.NormFloat64()
			}
			round32(x)
			round32(w)
			round32(v)
			nanAt := []int{1, n - 1}
			if n > 8 {
				nanAt = append(nanAt, 8, 40)
			}
			for _, i := range nanAt {
				x[i] = math.NaN()
			}
			for _, d := range []DType{Float64, Float32} {
				val, g, hv, g1 := edgeDerivs(d, u.op, x, w, v, 1)
				anyNaN := false
				for _, y := range val {
					anyNaN = anyNaN || math.IsNaN(y)
				}
				if !anyNaN {
					t.Errorf("%s %v n=%d: no value element is NaN: %v", u.name, d, n, val[:min(len(val), 8)])
				}
				for _, i := range nanAt {
					if len(val) == n && !math.IsNaN(val[i]) {
						t.Errorf("%s %v n=%d: value[%d] = %v at x = NaN", u.name, d, n, i, val[i])
					}
					for _, c := range []struct {
						what  string
						z     []float64
						order int
					}{{"Grad", g, 2}, {"Grad1", g1, 2}, {"HVP", hv, 3}} {
						if u.order >= c.order && !math.IsNaN(c.z[i]) {
							t.Errorf("%s %v n=%d: %s[%d] = %v at x = NaN", u.name, d, n, c.what, i, c.z[i])
						}
					}
				}
			}
		}
	}
}

// edgeSpecials are IEEE special and boundary values, each exactly a
// float32: signed zeros, float32 subnormals and the least normal, the
// largest finite float32 and its neighbourhood, infinities, and the
// arguments at which Exp and Sigmoid leave float32's range.
var edgeSpecials = []float64{
	0, math.Copysign(0, -1), 0x1p-149, -0x1p-149, 0x1p-130, 0x1p-126,
	math.MaxFloat32, -math.MaxFloat32, 0x1p127, 0x1p64, 0x1p63, -0x1p64,
	math.Inf(1), math.Inf(-1), float64(float32(88.72)), float64(float32(-103.9)), float64(float32(-87.3)),
	1, -1, 0.5, float64(float32(1e19)), float64(float32(1.9e19)),
}

// sameClass32 reports whether a float32 tape's result got agrees with
// want, the float64 tape's result rounded to float32: the same IEEE class
// (NaN, ±Inf, finite), and for finite values within tol relative or one
// float32 subnormal step times scale (the rounding of intermediate
// results below float32's normal range).
func sameClass32(got, want, tol float64) bool {
	want = float64(float32(want))
	if floatClass(got) != floatClass(want) {
		return false
	}
	if floatClass(got) != 3 {
		return true
	}
	return math.Abs(got-want) <= tol*math.Abs(want)+0x1p-126
}

// TestEdgeSpecialValuesMatchFloat64 runs every elementwise op on the
// special values one at a time (a 1×1 input, so that no other element
// interferes) in float32 and float64, and checks that the float32 value,
// gradient, Grad1 gradient and HVP have the class of the float64 ones
// rounded to float32, and for finite results agree to 1e-5 relative
// (intermediate results of a float32 backward rule may round in float32).
func TestEdgeSpecialValuesMatchFloat64(t *testing.T) {
	for _, u := range edgeUnaries {
		if u.name == "Div·self+1" {
			continue // x² + 1 overflows float32 from 1.8e19 up: a property of the formula
		}
		for _, x0 := range edgeSpecials {
			x, w, v := []float64{x0}, []float64{1}, []float64{1}
			v64, g64, h64, _ := edgeDerivs(Float64, u.op, x, w, v, 1)
			v32, g32, h32, g132 := edgeDerivs(Float32, u.op, x, w, v, 1)
			for _, c := range []struct {
				what      string
				got, want float64
			}{{"value", v32[0], v64[0]}, {"Grad", g32[0], g64[0]}, {"Grad1", g132[0], g64[0]}, {"HVP", h32[0], h64[0]}} {
				if !sameClass32(c.got, c.want, 1e-5) {
					t.Errorf("%s(%g): float32 %s %v, float64 %v (rounded %v)", u.name, x0, c.what, c.got, c.want, float64(float32(c.want)))
				}
			}
		}
	}
}

// edgeDims are sizes that are no multiple of any tile (4, 6, 8, 16, 32)
// or block, plus 1.
var edgeDims = []int{1, 3, 7, 17, 33, 65}

// edgeShapes returns m×n×k shapes: every combination of edgeDims and a
// set of combinations with 129 and 257 (the large ones, split over
// threads at m·n·k ≥ 2¹⁵).
func edgeShapes() [][3]int {
	var s [][3]int
	for _, m := range edgeDims {
		for _, n := range edgeDims {
			for _, k := range edgeDims {
				s = append(s, [3]int{m, n, k})
			}
		}
	}
	return append(s, [3]int{257, 129, 7}, [3]int{7, 257, 129}, [3]int{129, 7, 257}, [3]int{257, 257, 1},
		[3]int{1, 257, 257}, [3]int{257, 1, 257}, [3]int{65, 129, 257}, [3]int{257, 65, 33},
		[3]int{129, 129, 129}, [3]int{1, 129, 1}, [3]int{129, 1, 1}, [3]int{33, 257, 65})
}

// edgeProduct returns op(A)·op(B) on a tape of dtype d with the given
// threads, and the gradients of ⟨C, W⟩ with respect to A and B.
func edgeProduct(d DType, A, B, W Tensor, ta, tb bool, threads int) (c, ga, gb []float64) {
	tp := NewTapeOf(d)
	tp.SetThreads(threads)
	a, b := tp.Var(A), tp.Var(B)
	C := MatMulT(a, b, ta, tb)
	gs := Grad(Dot(C, tp.Const(W)), a, b)
	return C.Data(), gs[0].Data(), gs[1].Data()
}

// bitsEqual reports whether x and y hold the same bits (any NaN equal).
func bitsEqual(x, y []float64) int {
	if len(x) != len(y) {
		return 0
	}
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) && !(math.IsNaN(x[i]) && math.IsNaN(y[i])) {
			return i
		}
	}
	return -1
}

// TestEdgeOddShapeProducts checks every shape of edgeShapes, every
// transposition, in both dtypes: the product and both gradients are the
// same bits on 1, 2 and 3 threads (the docs' promise); the float64
// product is within 1e-13·Σ|a||b| of a plain loop and the float32 one
// within 2k·ε₃₂·Σ|a||b| of the float64 product of the same float32
// inputs; the gradients (products themselves, ∂A = W·op(B)ᵀ, ∂B =
// op(A)ᵀ·W) likewise against plain loops. With AD_EDGECASES_DIGEST set, the
// SHA-256 of every result's bits is written to that file or, when it
// exists, compared with it (for comparing builds and GOMAXPROCS by hand).
func TestEdgeOddShapeProducts(t *testing.T) {
	r := rand.New(rand.NewPCG(32, 2))
	eps32 := float64(math.Nextafter32(1, 2) - 1)
	h := sha256.New()
	for _, sh := range edgeShapes() {
		m, n, k := sh[0], sh[1], sh[2]
		for v := 0; v < 4; v++ {
			ta, tb := v&2 != 0, v&1 != 0
			A, B := productOperands(r, m, n, k, ta, tb)
			W := Zeros(m, n)
			for i := range W.Data {
				W.Data[i] = r.NormFloat64()
			}
			round32(A.Data)
			round32(B.Data)
			round32(W.Data)
			var c64 []float64
			for _, d := range []DType{Float64, Float32} {
				c1, ga1, gb1 := edgeProduct(d, A, B, W, ta, tb, 1)
				for _, th := range []int{2, 3} {
					c, ga, gb := edgeProduct(d, A, B, W, ta, tb, th)
					for _, q := range []struct {
						what string
						x, y []float64
					}{{"C", c, c1}, {"∂A", ga, ga1}, {"∂B", gb, gb1}} {
						if i := bitsEqual(q.x, q.y); i >= 0 {
							t.Errorf("%v %dx%dx%d ta=%v tb=%v: %s[%d] differs on %d threads: %v vs %v", d, m, n, k, ta, tb, q.what, i, th, q.x[i], q.y[i])
						}
					}
				}
				for _, z := range [][]float64{c1, ga1, gb1} {
					for _, x := range z {
						binary.Write(h, binary.LittleEndian, math.Float64bits(x))
					}
				}
				tol := 1e-13
				if d == Float32 {
					tol = 2 * float64(k+1) * eps32
				}
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						s, sa := refProduct(A.Data, B.Data, A.Cols, B.Cols, k, ta, tb, i, j)
						want := s
						if d == Float32 {
							want = c64[i*n+j]
						}
						if math.Abs(c1[i*n+j]-want) > tol*sa+1e-300 {
							t.Errorf("%v %dx%dx%d ta=%v tb=%v: C[%d,%d] = %v, want %v ± %g", d, m, n, k, ta, tb, i, j, c1[i*n+j], want, tol*sa)
						}
					}
				}
				if d == Float64 {
					c64 = c1
				}
				edgeCheckGradA(t, d, A, B, W, ta, tb, ga1, 2*float64(n+1)*eps32)
				edgeCheckGradB(t, d, A, B, W, ta, tb, gb1, 2*float64(m+1)*eps32)
			}
		}
	}
	edgeDigest(t, hex.EncodeToString(h.Sum(nil)))
}

// opAt returns element (i, j) of op(X).
func opAt(X Tensor, tr bool, i, j int) float64 {
	if tr {
		return X.At(j, i)
	}
	return X.At(i, j)
}

// edgeCheckGradA checks ∂⟨op(A)op(B), W⟩/∂A against the loop
// Σ_j W_ij·op(B)_pj (stored transposed when ta), to tol·Σ|·| (float32) or
// 1e-13·Σ|·| (float64).
func edgeCheckGradA(t *testing.T, d DType, A, B, W Tensor, ta, tb bool, got []float64, tol float64) {
	t.Helper()
	if d == Float64 {
		tol = 1e-13
	}
	m, n := W.Rows, W.Cols
	k := A.Rows * A.Cols / max(m, 1)
	for i := 0; i < m; i++ {
		for p := 0; p < k; p++ {
			s, sa := 0.0, 0.0
			for j := 0; j < n; j++ {
				x := W.At(i, j) * opAt(B, tb, p, j)
				s += x
				sa += math.Abs(x)
			}
			idx := i*A.Cols + p
			if ta {
				idx = p*A.Cols + i
			}
			if math.Abs(got[idx]-s) > tol*sa+1e-300 {
				t.Errorf("%v %dx%dx%d ta=%v tb=%v: ∂A[%d,%d] = %v, loop %v", d, m, n, k, ta, tb, i, p, got[idx], s)
				return
			}
		}
	}
}

// edgeCheckGradB checks ∂⟨op(A)op(B), W⟩/∂B against the loop
// Σ_i op(A)_ip·W_ij.
func edgeCheckGradB(t *testing.T, d DType, A, B, W Tensor, ta, tb bool, got []float64, tol float64) {
	t.Helper()
	if d == Float64 {
		tol = 1e-13
	}
	m, n := W.Rows, W.Cols
	k := B.Rows * B.Cols / max(n, 1)
	for p := 0; p < k; p++ {
		for j := 0; j < n; j++ {
			s, sa := 0.0, 0.0
			for i := 0; i < m; i++ {
				x := opAt(A, ta, i, p) * W.At(i, j)
				s += x
				sa += math.Abs(x)
			}
			idx := p*B.Cols + j
			if tb {
				idx = j*B.Cols + p
			}
			if math.Abs(got[idx]-s) > tol*sa+1e-300 {
				t.Errorf("%v %dx%dx%d ta=%v tb=%v: ∂B[%d,%d] = %v, loop %v", d, m, n, k, ta, tb, p, j, got[idx], s)
				return
			}
		}
	}
}

// edgeDigest writes digest to $AD_EDGECASES_DIGEST, or compares it with the
// file's content when the file exists; without the variable it does
// nothing.
func edgeDigest(t *testing.T, digest string) {
	path := os.Getenv("AD_EDGECASES_DIGEST")
	if path == "" {
		return
	}
	old, err := os.ReadFile(path)
	if err != nil {
		if err := os.WriteFile(path, []byte(digest), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("digest %s written to %s", digest, path)
		return
	}
	if string(old) != digest {
		t.Errorf("digest %s, %s holds %s", digest, path, old)
	}
}

// TestEdgeEmptyInnerDimension checks products whose inner dimension k is
// 0: op(A)·op(B) is the m×n zero matrix (an empty sum), with gradients of
// the empty shapes, in both dtypes and on 1 and 2 threads.
func TestEdgeEmptyInnerDimension(t *testing.T) {
	for _, d := range []DType{Float64, Float32} {
		for _, sh := range [][2]int{{3, 4}, {1, 1}, {200, 300}} {
			m, n := sh[0], sh[1]
			for _, th := range []int{1, 2} {
				var c []float64
				func() {
					defer func() {
						if e := recover(); e != nil {
							t.Errorf("%v %dx%dx0 threads %d: panic %v", d, m, n, th, e)
						}
					}()
					W := Zeros(m, n)
					for i := range W.Data {
						W.Data[i] = 1
					}
					var ga, gb []float64
					c, ga, gb = edgeProduct(d, NewTensor(m, 0, nil), NewTensor(0, n, nil), W, false, false, th)
					if len(ga) != 0 || len(gb) != 0 {
						t.Errorf("%v %dx%dx0: gradients of lengths %d, %d", d, m, n, len(ga), len(gb))
					}
				}()
				if len(c) != m*n {
					t.Errorf("%v %dx%dx0: product of length %d, want %d", d, m, n, len(c), m*n)
					continue
				}
				for i, x := range c {
					if x != 0 {
						t.Errorf("%v %dx%dx0: C[%d] = %v, want 0", d, m, n, i, x)
						break
					}
				}
			}
		}
	}
}

// hilbert returns the n×n Hilbert matrix 1/(i+j+1) as an operator.
func hilbert(n int) LinearOperator {
	return func(dst, v []float64) {
		for i := range dst {
			s := 0.0
			for j := range v {
				s += v[j] / float64(i+j+1)
			}
			dst[i] = s
		}
	}
}

// trueResidual returns ‖b − (A+λI)x‖.
func trueResidual(A LinearOperator, b, x []float64, lambda float64) float64 {
	ax := make([]float64, len(b))
	A(ax, x)
	s := 0.0
	for i := range b {
		e := b[i] - ax[i] - lambda*x[i]
		s += e * e
	}
	return math.Sqrt(s)
}

// TestEdgeCGResidualIsTheRecurrence pins down what CGResult.Residual
// is on ill-conditioned systems: the residual of CG's recurrence
// r ← r − α(A+λI)p, which drifts from the true ‖b − (A+λI)x‖ once the
// iterates stop improving. On the 10×10 Hilbert matrix (cond ≈ 1.6e13),
// b = 1, Tol 1e-14, CG stops within 20·n iterations reporting a residual
// ≤ 1e-14·‖b‖ while the true residual is above 1e-11 (6.2e-10 here, a
// factor 3e5 larger). A caller that needs the true residual computes it
// (one more operator application). On the 6×6 matrix (cond 1.5e7) the two
// agree to 1e-12, and on 14×14 (cond ≈ 1e19, no convergence in 280
// iterations) both are 1.01e-3 to 1e-6.
func TestEdgeCGResidualIsTheRecurrence(t *testing.T) {
	for _, c := range []struct {
		n           int
		converged   bool
		trueAbove   float64
		agreeWithin float64
	}{{6, true, 0, 1e-12}, {10, true, 1e-11, math.Inf(1)}, {14, false, 0, 1e-6}} {
		n := c.n
		b := make([]float64, n)
		for i := range b {
			b[i] = 1
		}
		x := make([]float64, n)
		res := CG(hilbert(n), b, x, CGSettings{MaxIter: 20 * n, Tol: 1e-14}, nil)
		tr := trueResidual(hilbert(n), b, x, 0)
		t.Logf("Hilbert %d: %d iterations, reported residual %.3g, true %.3g", n, res.Iterations, res.Residual, tr)
		stop := 1e-14 * math.Sqrt(float64(n))
		if (res.Residual <= stop) != c.converged || (res.Iterations < 20*n) != c.converged {
			t.Errorf("Hilbert %d: %d iterations, residual %.3g; want converged = %v", n, res.Iterations, res.Residual, c.converged)
		}
		if !(tr > c.trueAbove) || math.Abs(tr-res.Residual) > c.agreeWithin {
			t.Errorf("Hilbert %d: reported residual %.3g, true %.3g", n, res.Residual, tr)
		}
	}
}

// TestEdgeCGIndefiniteAndNonFinite records what CG reports on systems
// outside its contract: an indefinite operator whose curvature pᵀAp is 0
// on the first direction (CG stops at once with the residual ‖b‖), an
// indefinite operator with nonzero curvatures (CG still solves the 2×2
// system in 2 iterations, exactly), an operator that returns NaN (the
// residual is reported NaN, never a finite number), and a right-hand side
// holding NaN (0 iterations, Residual NaN) or +Inf (0 iterations,
// Residual +Inf = ‖b‖). CG32 must report the same (x to 1e-7: its
// operator sees p rounded to float32).
func TestEdgeCGIndefiniteAndNonFinite(t *testing.T) {
	diag := func(d ...float64) (LinearOperator, LinearOperator32) {
		return func(dst, v []float64) {
				for i := range dst {
					dst[i] = d[i] * v[i]
				}
			}, func(dst, v []float32) {
				for i := range dst {
					dst[i] = float32(d[i]) * v[i]
				}
			}
	}
	nanOp := func(dst, v []float64) {
		for i := range dst {
			dst[i] = math.NaN()
		}
	}
	nanOp32 := func(dst, v []float32) {
		for i := range dst {
			dst[i] = float32(math.NaN())
		}
	}
	zeroCurv, zeroCurv32 := diag(1, -1)
	indef, indef32 := diag(2, -1)
	cases := []struct {
		name     string
		A        LinearOperator
		A32      LinearOperator32
		b        []float64
		iters    int
		residual float64 // NaN: must be NaN
		x        []float64
	}{
		{"zero curvature", zeroCurv, zeroCurv32, []float64{1, 1}, 0, math.Sqrt2, []float64{0, 0}},
		{"indefinite", indef, indef32, []float64{2, 1}, 2, 0, []float64{1, -1}},
		{"NaN operator", nanOp, nanOp32, []float64{1, 2}, 1, math.NaN(), nil},
		{"NaN in b", indef, indef32, []float64{math.NaN(), 1}, 0, math.NaN(), nil},
		{"Inf in b", indef, indef32, []float64{math.Inf(1), 1}, 0, math.Inf(1), []float64{0, 0}},
	}
	for _, c := range cases {
		for _, which := range []string{"CG", "CG32"} {
			x := make([]float64, len(c.b))
			var res CGResult
			if which == "CG" {
				res = CG(c.A, c.b, x, CGSettings{}, nil)
			} else {
				res = CG32(c.A32, c.b, x, CGSettings{}, nil, nil)
			}
			okRes := math.IsNaN(c.residual) && math.IsNaN(res.Residual) ||
				res.Residual == c.residual || math.Abs(res.Residual-c.residual) <= 1e-12
			if res.Iterations != c.iters || !okRes {
				t.Errorf("%s %s: %d iterations, residual %v; want %d, %v", which, c.name, res.Iterations, res.Residual, c.iters, c.residual)
			}
			tol := 1e-12
			if which == "CG32" {
				tol = 1e-7
			}
			for i := range c.x {
				if math.Abs(x[i]-c.x[i]) > tol {
					t.Errorf("%s %s: x = %v, want %v", which, c.name, x, c.x)
					break
				}
			}
		}
	}
}

// TestEdgeCG32AccumulatesInFloat64 checks CG32's documented float64
// accumulation: on a diagonal system of 4096 unknowns with entries
// spanning 1…10⁴ (exact in float32), CG32's first 8 iterates match those
// of CG with the operator widen(A(round(v))) to 1e-12 relative on 1, 2
// and 3 threads (the two differ only in the order of the inner products'
// float64 additions; float32 sums of 4096 terms would differ at ~1e-5).
// Over many iterations the orders' difference grows, as CG's rounding
// errors do (0.6 % after 60 iterations on this system), so the check
// stops early.
func TestEdgeCG32AccumulatesInFloat64(t *testing.T) {
	const n = 4096
	r := rand.New(rand.NewPCG(32, 3))
	d := make([]float64, n)
	b := make([]float64, n)
	for i := range d {
		d[i] = float64(float32(math.Pow(10, 4*float64(i%97)/96)))
		b[i] = r.NormFloat64()
	}
	op32 := func(dst, v []float32) {
		for i := range dst {
			dst[i] = float32(d[i]) * v[i]
		}
	}
	op64 := func(dst, v []float64) {
		for i := range dst {
			dst[i] = float64(float32(d[i]) * float32(v[i]))
		}
	}
	s := CGSettings{MaxIter: 8, Tol: 1e-300}
	x64, x32 := make([]float64, n), make([]float64, n)
	r64 := CG(op64, b, x64, s, nil)
	var one []float64
	for _, th := range []int{1, 2, 3} {
		s.Threads = th
		clear(x32)
		r32 := CG32(op32, b, x32, s, nil, nil)
		if r32.Iterations != r64.Iterations || math.Abs(r32.Residual-r64.Residual) > 1e-12*r64.Residual {
			t.Errorf("threads %d: CG32 %d iterations, residual %v; CG %d, %v", th, r32.Iterations, r32.Residual, r64.Iterations, r64.Residual)
		}
		for i := range x32 {
			if math.Abs(x32[i]-x64[i]) > 1e-12*(1+math.Abs(x64[i])) {
				t.Errorf("threads %d: CG32 x[%d] = %v, CG %v", th, i, x32[i], x64[i])
				break
			}
		}
		if one == nil {
			one = append([]float64(nil), x32...)
		} else if i := bitsEqual(x32, one); i >= 0 {
			t.Errorf("threads %d: CG32 x[%d] = %v, on one thread %v", th, i, x32[i], one[i])
		}
	}
}

// TestEdgeHVPFloat32AgainstFloat64AndFD checks, for each elementwise op
// at ordinary inputs, the float32 HVP against the float64 HVP (1e-4 times
// the op's condition, taken as 1 + |f”|·|x|/|f'|, bounded) and the float64
// HVP against central differences of the float64 gradient (step 1e-5,
// tolerance 1e-6·(1+|fd|)), on a 1×24 input (above the vector kernels'
// 8-element blocks) with two threads.
func TestEdgeHVPFloat32AgainstFloat64AndFD(t *testing.T) {
	r := rand.New(rand.NewPCG(32, 4))
	const n = 24
	for _, u := range edgeUnaries {
		x := make([]float64, n)
		v := make([]float64, n)
		w := make([]float64, n*n)
		for i := range x {
			x[i] = 0.3 + r.Float64() // in every op's domain (Tan included)
			v[i] = r.NormFloat64()
		}
		for i := range w {
			w[i] = r.NormFloat64()
		}
		round32(x)
		round32(v)
		round32(w)
		_, g64, h64, g164 := edgeDerivs(Float64, u.op, x, w, v, 2)
		_, g32, h32, g132 := edgeDerivs(Float32, u.op, x, w, v, 2)
		scale := 0.0
		for i := range h64 {
			scale = max(scale, math.Abs(h64[i]), math.Abs(g64[i]))
		}
		for i := range h64 {
			tol := 1e-4 * (1 + scale)
			if math.Abs(h32[i]-h64[i]) > tol || math.Abs(g32[i]-g64[i]) > tol || math.Abs(g132[i]-g64[i]) > tol {
				t.Errorf("%s[%d]: float32 grad %.7g (Grad1 %.7g), HVP %.7g; float64 %.7g, %.7g", u.name, i, g32[i], g132[i], h32[i], g64[i], h64[i])
			}
			if bitsEqual([]float64{g164[i]}, []float64{g64[i]}) >= 0 {
				t.Errorf("%s[%d]: float64 Grad1 %v differs from Grad %v", u.name, i, g164[i], g64[i])
			}
		}
		const e = 1e-5
		shifted := func(s float64) []float64 {
			y := make([]float64, n)
			for i := range y {
				y[i] = x[i] + s*v[i]
			}
			_, g, _, _ := edgeDerivs(Float64, u.op, y, w, v, 1)
			return g
		}
		gp, gm := shifted(e), shifted(-e)
		for i := range h64 {
			fd := (gp[i] - gm[i]) / (2 * e)
			if math.Abs(fd-h64[i]) > 1e-6*(1+math.Abs(fd))*(1+scale) {
				t.Errorf("%s[%d]: float64 HVP %.10g, finite difference %.10g", u.name, i, h64[i], fd)
			}
		}
	}
}

// edgeElementwise names the ops of edgeUnaries that act on each element
// alone.
var edgeElementwise = map[string]bool{
	"Exp": true, "Log": true, "Log1p": true, "Sqrt": true, "Square": true, "Sin": true, "Cos": true,
	"Tan": true, "Tanh": true, "Sigmoid": true, "Softplus": true, "Abs": true, "Neg": true,
	"PowConst2.5": true, "PowConst3": true, "Scale": true, "AddScalar": true, "RSub": true,
	"Mul·self": true, "Div·self+1": true, "Pow·self": true, "Maximum·0.5": true, "Minimum·0.5": true,
	"Sigmoid∘Tanh·x": true,
}

// TestEdgeSpecialValuesVectorMatchesScalar runs every elementwise op on
// a 1×(2¹⁴+len(edgeSpecials)) row of the special values repeated (the
// vector kernels' 8-element blocks, their tails, and the split over 2
// threads of operations from 2¹⁴ elements) and checks that each element's
// value, gradient, Grad1 gradient and HVP are the bits the same op gives
// on that element alone (a 1×1 input, one thread), in both dtypes: the
// vector kernels and the split compute each element by the Go loops'
// operations.
func TestEdgeSpecialValuesVectorMatchesScalar(t *testing.T) {
	n := 1<<14 + len(edgeSpecials)
	x := make([]float64, n)
	ones := make([]float64, n)
	for i := range x {
		x[i] = edgeSpecials[i%len(edgeSpecials)]
		ones[i] = 1
	}
	for _, u := range edgeUnaries {
		if !edgeElementwise[u.name] {
			continue
		}
		for _, d := range []DType{Float64, Float32} {
			val, g, hv, g1 := edgeDerivs(d, u.op, x, ones, ones, 2)
			for j, x0 := range edgeSpecials {
				v1, g1s, h1, g11 := edgeDerivs(d, u.op, []float64{x0}, []float64{1}, []float64{1}, 1)
				for i := j; i < n; i += len(edgeSpecials) * 997 {
					for _, c := range []struct {
						what      string
						got, want float64
					}{{"value", val[i], v1[0]}, {"Grad", g[i], g1s[0]}, {"Grad1", g1[i], g11[0]}, {"HVP", hv[i], h1[0]}} {
						if bitsEqual([]float64{c.got}, []float64{c.want}) >= 0 {
							t.Errorf("%s %v at x = %g (element %d of %d): %s %v, alone %v", u.name, d, x0, i, n, c.what, c.got, c.want)
						}
					}
				}
			}
		}
	}
}

// TestEdgeFloat32SumsNearOverflow pins down the documented accumulation
// of float32 reductions on values near float32's largest, 3.4e38:
// Sum, Mean, RowSums and Dot sum in float64 and round once, so
// (3e38 + 3e38 − 3e38) is 3e38 and ⟨x, x⟩ of x = (1e19, 1e19) is 2e38;
// ColSums accumulates in float32 (as BLAS does), so its column
// 3e38 + 3e38 − 3e38 is +Inf (when there are two columns or more: one
// column is a sum of all, in float64). Mean is Sum scaled by 1/n in
// float32: a second rounding (1e38 + 1 ulp here, not the correctly
// rounded 3e38/3). LogSumExp and Softmax of a row holding 3e38
// and −Inf work in float64: 3e38 and (1, 0).
func TestEdgeFloat32SumsNearOverflow(t *testing.T) {
	big := float64(float32(3e38))
	tp := NewTapeOf(Float32)
	row := tp.Const(NewTensor(1, 3, []float64{big, big, -big}))
	col := tp.Const(NewTensor(3, 2, []float64{big, big, big, big, -big, -big}))
	x := tp.Const(NewTensor(1, 2, []float64{1e19, 1e19}))
	want2e38 := float64(float32(float64(float32(1e19)) * float64(float32(1e19)) * 2))
	lse := tp.Const(NewTensor(1, 2, []float64{big, math.Inf(-1)}))
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"Sum", Sum(row).Scalar(), big},
		{"Mean", Mean(row).Scalar(), float64(float32(big) * float32(1.0/3))},
		{"RowSums", RowSums(row).Scalar(), big},
		{"Dot", Dot(x, x).Scalar(), want2e38},
		{"ColSums", ColSums(col).Data()[1], math.Inf(1)},
		{"LogSumExp", LogSumExp(lse).Scalar(), big},
		{"Softmax[0]", Softmax(lse).Data()[0], 1},
		{"Softmax[1]", Softmax(lse).Data()[1], 0},
	} {
		if c.got != c.want {
			t.Errorf("float32 %s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

// TestEdgeCGRejectsNaNTol checks that CG and CG32 panic with a message
// naming CGSettings.Tol when it is NaN: the stopping test ‖r‖ > NaN·‖b‖
// is false at once, so such a solve ran 0 iterations and returned x
// unchanged with Err nil and a finite Residual ‖b‖, as if asked to stop.
func TestEdgeCGRejectsNaNTol(t *testing.T) {
	op := func(dst, v []float64) { copy(dst, v) }
	op32 := func(dst, v []float32) { copy(dst, v) }
	for _, which := range []string{"CG", "CG32"} {
		func() {
			defer func() {
				want := "ad.CG: CGSettings.Tol is NaN"
				if e := recover(); e != want {
					t.Errorf("%s with Tol NaN: recovered %v, want panic %q", which, e, want)
				}
			}()
			b, x := []float64{1, 2}, []float64{0, 0}
			s := CGSettings{Tol: math.NaN()}
			var res CGResult
			if which == "CG" {
				res = CG(op, b, x, s, nil)
			} else {
				res = CG32(op32, b, x, s, nil, nil)
			}
			t.Errorf("%s with Tol NaN returned %+v, x = %v", which, res, x)
		}()
	}
}
