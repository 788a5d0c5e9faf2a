package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestMatMulShapes checks op(A)·op(B) for every transposition against a
// naive triple loop on shapes that hit the tiny path, partial micro-tiles
// and every blocking boundary of the packed kernel (k > 256, m > 96,
// n > 512). Tolerance: 1e-12 relative to Σ|a||b|.
func TestMatMulShapes(t *testing.T) {
	shapes := [][3]int{{1, 1, 1}, {2, 3, 4}, {4, 8, 1}, {5, 7, 9}, {4, 8, 16}, {13, 17, 3},
		{100, 64, 4}, {97, 33, 257}, {200, 9, 300}, {3, 530, 20}, {101, 1, 64}, {1, 256, 256}}
	r := rand.New(rand.NewPCG(3, 4))
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for v := 0; v < 4; v++ {
			ta, tb := v&2 != 0, v&1 != 0
			t.Run(fmt.Sprintf("%dx%dx%d/ta=%v/tb=%v", m, n, k, ta, tb), func(t *testing.T) {
				A, B := productOperands(r, m, n, k, ta, tb)
				tp := NewTape()
				// Record twice on a reset tape: reused buffers must not leak
				// stale values into the result.
				var C *Node
				for range 2 {
					tp.Reset()
					C = MatMulT(tp.Const(A), tp.Const(B), ta, tb)
				}
				at := func(i, p int) float64 {
					if ta {
						return A.Data[p*A.Cols+i]
					}
					return A.Data[i*A.Cols+p]
				}
				bt := func(p, j int) float64 {
					if tb {
						return B.Data[j*B.Cols+p]
					}
					return B.Data[p*B.Cols+j]
				}
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						s, sa := 0.0, 0.0
						for p := 0; p < k; p++ {
							s += at(i, p) * bt(p, j)
							sa += math.Abs(at(i, p) * bt(p, j))
						}
						if got := C.Value().At(i, j); math.Abs(got-s) > 1e-12*sa {
							t.Fatalf("C[%d,%d] = %.15g, want %.15g", i, j, got, s)
						}
					}
				}
			})
		}
	}
}

// TestGemmDirectAndPacked runs the blocked product itself on skinny shapes
// that read A in place (n ≤ gemmDirectMaxN) and on wider ones that pack it,
// for both layouts of A, with partial row panels, partial column panels and
// depth blocks (k > gemmKC), against a naive loop (1e-12 relative to
// Σ|a||b|). Shapes of the STAC networks (batch 4000, 64×32) are included.
func TestGemmDirectAndPacked(t *testing.T) {
	if raceDetector {
		// Single-goroutine arithmetic (tapes default to one thread, and
		// one thread starts no goroutine: gemmSplits): nothing for the
		// race detector to watch, and the race build compiles the same
		// kernels; CI's plain pass checks every number of it.
		t.Skip("single-goroutine arithmetic: run without -race")
	}
	shapes := [][3]int{{4000, 32, 64}, {64, 32, 4000}, {4000, 64, 4}, {97, 33, 257}, {4, 8, 1},
		{6, 64, 300}, {103, 65, 70}, {9, 17, 513}}
	r := rand.New(rand.NewPCG(5, 6))
	var s gemmScratch[float64]
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for _, ta := range []bool{false, true} {
			lda := k
			if ta {
				lda = m
			}
			a, b := make([]float64, m*k), make([]float64, k*n)
			for i := range a {
				a[i] = r.NormFloat64()
			}
			for i := range b {
				b[i] = r.NormFloat64()
			}
			c := make([]float64, m*n)
			for i := range c {
				c[i] = math.NaN() // must be overwritten, not accumulated into
			}
			s.gemm(ta, false, m, n, k, a, lda, b, n, c, n)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					sum, abs := 0.0, 0.0
					for p := 0; p < k; p++ {
						idx := i*lda + p
						if ta {
							idx = p*lda + i
						}
						ap := a[idx]
						sum += ap * b[p*n+j]
						abs += math.Abs(ap * b[p*n+j])
					}
					if got := c[i*n+j]; !(math.Abs(got-sum) <= 1e-12*abs) {
						t.Fatalf("%v ta=%v: C[%d,%d] = %.15g, want %.15g", sh, ta, i, j, got, sum)
					}
				}
			}
		}
	}
}

// BenchmarkGemmSkinny times the products of the STAC networks on a batch of
// 4000 (the forward 4000×64·64×32 and the weight gradient 64×4000·4000×32)
// and a square-ish 100×256·256×256; GFLOP/s = 2mnk/time.
func BenchmarkGemmSkinny(b *testing.B) {
	for _, sh := range []struct {
		ta      bool
		m, n, k int
	}{{false, 4000, 32, 64}, {true, 64, 32, 4000}, {false, 4000, 64, 4}, {false, 100, 256, 256}} {
		lda := sh.k
		if sh.ta {
			lda = sh.m
		}
		a, bm, c := make([]float64, sh.m*sh.k), make([]float64, sh.k*sh.n), make([]float64, sh.m*sh.n)
		for i := range a {
			a[i] = float64(i%7) - 3
		}
		for i := range bm {
			bm[i] = float64(i%5) - 2
		}
		var s gemmScratch[float64]
		b.Run(fmt.Sprintf("%dx%dx%d/ta=%v", sh.m, sh.n, sh.k, sh.ta), func(b *testing.B) {
			for b.Loop() {
				s.gemm(sh.ta, false, sh.m, sh.n, sh.k, a, lda, bm, sh.n, c, sh.n)
			}
			b.ReportMetric(2*float64(sh.m*sh.n*sh.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// productOperands returns operands of op(A)·op(B) with op(A) m×k and
// op(B) k×n, A stored transposed (k×m) when ta and B (n×k) when tb, their
// values standard normal draws from r (A's first).
func productOperands(r *rand.Rand, m, n, k int, ta, tb bool) (A, B Tensor) {
	ar, ac, br, bc := m, k, k, n
	if ta {
		ar, ac = k, m
	}
	if tb {
		br, bc = n, k
	}
	A, B = Zeros(ar, ac), Zeros(br, bc)
	for i := range A.Data {
		A.Data[i] = r.NormFloat64()
	}
	for i := range B.Data {
		B.Data[i] = r.NormFloat64()
	}
	return A, B
}

// TestKernGoOrder checks the Go micro-kernel (kernGo: every float64
// product of a build without the assembly kernels, and of amd64 CPUs
// without AVX2) bit for bit against its contract: each element of the 4×8
// tile is 0 + a[4p+i]·b[8p+j] summed over p in increasing order, then
// added to the old value of C when acc ≠ 0, one IEEE operation at a time.
func TestKernGoOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, k := range []int{1, 2, 3, 8, 255, 256} {
		a := make([]float64, 4*k)
		b := make([]float64, 8*k)
		for i := range a {
			a[i] = r.NormFloat64()
		}
		for i := range b {
			b[i] = r.NormFloat64()
		}
		// A negative zero product keeps the sum's start at +0: the sum of
		// 0 and -0 is +0, which a kernel starting from the first product
		// would not give.
		a[0], b[0] = 0, -1
		const ldc = 11
		for acc := range 2 {
			c := make([]float64, 4*ldc)
			for i := range c {
				c[i] = r.NormFloat64()
			}
			want := append([]float64(nil), c...)
			for i := range 4 {
				for j := range 8 {
					var s float64
					for p := range k {
						prod := a[4*p+i] * b[8*p+j]
						s += prod
					}
					if acc != 0 {
						s += want[i*ldc+j]
					}
					want[i*ldc+j] = s
				}
			}
			kernGo(k, a, b, c, ldc, acc)
			for i := range c {
				if math.Float64bits(c[i]) != math.Float64bits(want[i]) {
					t.Fatalf("k=%d acc=%d: c[%d] = %v, want %v", k, acc, i, c[i], want[i])
				}
			}
		}
	}
}
