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
				ar, ac := m, k
				if ta {
					ar, ac = k, m
				}
				br, bc := k, n
				if tb {
					br, bc = n, k
				}
				A, B := Zeros(ar, ac), Zeros(br, bc)
				for i := range A.Data {
					A.Data[i] = r.NormFloat64()
				}
				for i := range B.Data {
					B.Data[i] = r.NormFloat64()
				}
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
						return A.Data[p*ac+i]
					}
					return A.Data[i*ac+p]
				}
				bt := func(p, j int) float64 {
					if tb {
						return B.Data[j*bc+p]
					}
					return B.Data[p*bc+j]
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
