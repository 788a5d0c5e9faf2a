//go:build !openblas

package ad

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// TestBLASDgemm checks BLAS.Dgemm against gonum's reference Dgemm (1e-12
// relative) over transpositions, α, β, padded leading dimensions and sizes
// on both sides of blasMinWork.
func TestBLASDgemm(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fill := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = r.NormFloat64()
		}
		return v
	}
	for _, sz := range [][3]int{{3, 4, 5}, {50, 50, 250}, {97, 33, 70}, {250, 50, 50}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				for _, ab := range [][2]float64{{1, 0}, {0.7, 0}, {-1.3, 0.5}, {1, 1}} {
					ar, ac := m, k
					if tA == blas.Trans {
						ar, ac = k, m
					}
					br, bc := k, n
					if tB == blas.Trans {
						br, bc = n, k
					}
					lda, ldb, ldc := ac+2, bc+1, n+3
					a, b := fill(ar*lda), fill(br*ldb)
					c0 := fill(m * ldc)
					want := append([]float64(nil), c0...)
					got := append([]float64(nil), c0...)
					gonum.Implementation{}.Dgemm(tA, tB, m, n, k, ab[0], a, lda, b, ldb, ab[1], want, ldc)
					BLAS{}.Dgemm(tA, tB, m, n, k, ab[0], a, lda, b, ldb, ab[1], got, ldc)
					for i := 0; i < m; i++ {
						for j := 0; j < ldc; j++ {
							w, g := want[i*ldc+j], got[i*ldc+j]
							if math.Abs(w-g) > 1e-12*(1+math.Abs(w)) {
								t.Fatalf("%v %v %v α,β=%v: C[%d,%d] = %g, gonum %g", sz, tA, tB, ab, i, j, g, w)
							}
						}
					}
				}
			}
		}
	}
}

// TestBLASDgemmPropagatesNaN checks that BLAS.Dgemm gives the NaN of IEEE
// arithmetic for a zero of A times an infinite or NaN value of B at every
// size, not only from blasMinWork on: below it the product is gonum's,
// which skips a step whose α·A value is zero (and with it 0·Inf = NaN),
// so a 4×4 product of A = 0 and a B holding +Inf gave 0 where a 40×40 one
// gave NaN. Each element's class (NaN, ±Inf, finite) is checked against a
// plain loop over transpositions, α and β, with zeros in A and ±Inf and
// NaN in B; finite elements to 1e-12.
func TestBLASDgemmPropagatesNaN(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	specials := []float64{math.Inf(1), math.Inf(-1), math.NaN()}
	for _, sz := range [][3]int{{4, 4, 4}, {1, 9, 3}, {9, 1, 3}, {7, 5, 6}, {40, 40, 40}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				for _, ab := range [][2]float64{{1, 0}, {-2, 1}} {
					alpha, beta := ab[0], ab[1]
					lda, ldb := k, n
					if tA != blas.NoTrans {
						lda = m
					}
					if tB != blas.NoTrans {
						ldb = k
					}
					a, b, c := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
					for i := range a {
						if r.IntN(3) != 0 {
							a[i] = r.NormFloat64()
						}
					}
					for i := range b {
						b[i] = r.NormFloat64()
					}
					for q := 0; q < 2; q++ {
						b[r.IntN(len(b))] = specials[r.IntN(len(specials))]
					}
					for i := range c {
						c[i] = r.NormFloat64()
					}
					want := make([]float64, m*n)
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							s := 0.0
							for l := 0; l < k; l++ {
								ai, bi := i*lda+l, l*ldb+j
								if tA != blas.NoTrans {
									ai = l*lda + i
								}
								if tB != blas.NoTrans {
									bi = j*ldb + l
								}
								x, y := a[ai], b[bi]
								s += alpha * x * y
							}
							if beta != 0 {
								s += beta * c[i*n+j]
							}
							want[i*n+j] = s
						}
					}
					BLAS{}.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, n)
					for i := range c {
						if floatClass(c[i]) != floatClass(want[i]) || floatClass(want[i]) == 3 && math.Abs(c[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
							t.Fatalf("%dx%dx%d tA=%c tB=%c α=%v β=%v: C[%d,%d] = %v, IEEE loop %v", m, n, k, tA, tB, alpha, beta, i/n, i%n, c[i], want[i])
						}
					}
				}
			}
		}
	}
}

// TestBLASDgemmRejectsBadArguments checks that BLAS.Dgemm panics with
// gonum's message on the arguments gonum's Dgemm rejects, at a size that
// takes the packed kernel (64×64×64 ≥ blasMinWork) as at one that does
// not (8×8×8). Before, the large products silently accepted a short
// leading dimension (rows read overlapping), an illegal transposition
// (taken as Trans) and negative m and n (nothing computed), and a short
// a or c gave a runtime index error after C was partly written.
func TestBLASDgemmRejectsBadArguments(t *testing.T) {
	nt := blas.NoTrans
	for _, sz := range []int{8, 64} {
		s := sz * sz
		a, b, c := make([]float64, s), make([]float64, s), make([]float64, s)
		cases := []struct {
			want string
			call func()
		}{
			{"blas: illegal transpose", func() { BLAS{}.Dgemm('X', nt, sz, sz, sz, 1, a, sz, b, sz, 0, c, sz) }},
			{"blas: illegal transpose", func() { BLAS{}.Dgemm(nt, 'X', sz, sz, sz, 1, a, sz, b, sz, 0, c, sz) }},
			{"blas: m < 0", func() { BLAS{}.Dgemm(nt, nt, -sz, -sz, sz, 1, a, sz, b, sz, 0, c, sz) }},
			{"blas: n < 0", func() { BLAS{}.Dgemm(nt, nt, sz, -sz, -sz, 1, a, sz, b, sz, 0, c, sz) }},
			{"blas: k < 0", func() { BLAS{}.Dgemm(nt, nt, sz, sz, -sz, 1, a, sz, b, sz, 0, c, sz) }},
			{"blas: bad leading dimension of A", func() { BLAS{}.Dgemm(nt, nt, sz, sz, sz, 1, a, sz/2, b, sz, 0, c, sz) }},
			{"blas: bad leading dimension of A", func() { BLAS{}.Dgemm(blas.Trans, nt, sz, sz, sz, 1, a, sz/2, b, sz, 0, c, sz) }},
			{"blas: bad leading dimension of B", func() { BLAS{}.Dgemm(nt, nt, sz, sz, sz, 1, a, sz, b, sz/2, 0, c, sz) }},
			{"blas: bad leading dimension of B", func() { BLAS{}.Dgemm(nt, blas.Trans, sz, sz, sz, 1, a, sz, b, sz/2, 0, c, sz) }},
			{"blas: bad leading dimension of C", func() { BLAS{}.Dgemm(nt, nt, sz, sz, sz, 1, a, sz, b, sz, 0, c, sz/2) }},
			{"blas: insufficient length of a", func() { BLAS{}.Dgemm(nt, nt, sz, sz, sz, 1, a[:s-1], sz, b, sz, 0, c, sz) }},
			{"blas: insufficient length of b", func() { BLAS{}.Dgemm(nt, blas.Trans, sz, sz, sz, 1, a, sz, b[:s-1], sz, 0, c, sz) }},
			{"blas: insufficient length of c", func() { BLAS{}.Dgemm(nt, nt, sz, sz, sz, 1, a, sz, b, sz, 0, c[:s-1], sz) }},
		}
		for i, tc := range cases {
			got := func() (msg any) {
				defer func() { msg = recover() }()
				tc.call()
				return nil
			}()
			if got != tc.want {
				t.Errorf("%d³ case %d: panic %v, want %q", sz, i, got, tc.want)
			}
		}
		// The check runs before C is touched.
		for i := range c {
			if c[i] != 0 {
				t.Fatalf("%d³: C[%d] = %v after rejected calls, want 0", sz, i, c[i])
			}
		}
	}
}
