package markov

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// kernelInput draws n values, mostly normal, with some exact zeros (which
// the triangular solves skip) and, if special, some ±Inf and NaN.
func kernelInput(r *rand.Rand, n int, special bool) []float64 {
	x := make([]float64, n)
	for i := range x {
		switch k := r.IntN(20); {
		case k == 0:
			x[i] = 0
		case k == 1 && special:
			x[i] = math.Inf(1 - 2*r.IntN(2))
		case k == 2 && special:
			x[i] = math.NaN()
		default:
			x[i] = r.NormFloat64()
		}
	}
	return x
}

// sameBitsF fails unless got and want are the same float64s bit for bit,
// a NaN matching any NaN (which of two NaN operands an SSE or AVX
// instruction returns depends on the operand order, not the value).
func sameBitsF(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Fatalf("%s: element %d is %v (%#x), want %v (%#x)", what, i, got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
		}
	}
}

// TestTrsmLeftMatchesGonum: trsmLeft gives gonum's Dtrsm's numbers bit for
// bit (left side, no transpose, both triangles, unit and non-unit
// diagonals), including zero coefficients, which both skip, and ±Inf and
// NaN entries.
func TestTrsmLeftMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	var impl gonum.Implementation
	for _, m := range []int{1, 2, 5, 13, 50} {
		for _, cols := range []int{1, 3, 4, 7, 16, 50} {
			for _, special := range []bool{false, true} {
				lda, ldb := m+r.IntN(3), cols+r.IntN(3)
				a := kernelInput(r, m*lda, special)
				for i := range m {
					a[i*lda+i] = 1 + r.Float64() // a usable diagonal
				}
				b0 := kernelInput(r, m*ldb, special)
				coef := make([]float64, m)
				for _, ul := range []blas.Uplo{blas.Upper, blas.Lower} {
					for _, d := range []blas.Diag{blas.Unit, blas.NonUnit} {
						want := append([]float64(nil), b0...)
						impl.Dtrsm(blas.Left, ul, blas.NoTrans, d, m, cols, 1, a, lda, want, ldb)
						got := append([]float64(nil), b0...)
						trsmLeft(ul == blas.Upper, d == blas.Unit, m, cols, a, lda, got, ldb, coef)
						sameBitsF(t, "trsmLeft", got, want)
					}
				}
			}
		}
	}
}

// TestLuInverseMatchesGetrs: luInverse gives lapack64.Getrs(A, I)'s
// numbers bit for bit, on random LU factorisations with and without zero
// multipliers.
func TestLuInverseMatchesGetrs(t *testing.T) {
	if !gonumTrsm {
		t.Skip("luInverse calls Getrs itself when Getrs does not run on gonum's Dtrsm")
	}
	r := rand.New(rand.NewPCG(23, 24))
	for _, n := range []int{1, 2, 3, 8, 31, 50} {
		a := kernelInput(r, n*n, false)
		for i := range n {
			a[i*n+i] += 4
		}
		ipiv := make([]int, n)
		lapack64.Getrf(blas64.General{Rows: n, Cols: n, Stride: n, Data: a}, ipiv)
		want := make([]float64, n*n)
		for k := range n {
			want[k*n+k] = 1
		}
		lapack64.Getrs(blas.NoTrans, blas64.General{Rows: n, Cols: n, Stride: n, Data: a},
			blas64.General{Rows: n, Cols: n, Stride: n, Data: want}, ipiv)
		got := make([]float64, n*n)
		luInverse(a, n, ipiv, got, make([]int, n), make([]float64, n))
		sameBitsF(t, "luInverse", got, want)
	}
}

// TestAccumulateRunsMatchesLoop: accumulateRuns gives the loop's numbers
// (skip a zero coefficient, else h += c·b_k) bit for bit.
func TestAccumulateRunsMatchesLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 26))
	for _, rows := range []int{1, 2, 5, 9} {
		for _, cols := range []int{1, 3, 4, 6, 50} {
			for _, special := range []bool{false, true} {
				ldb := cols + r.IntN(3)
				coef := kernelInput(r, rows, special)
				b := kernelInput(r, rows*ldb, special)
				h0 := kernelInput(r, cols, special)
				want := append([]float64(nil), h0...)
				for k, c := range coef {
					if c != 0 {
						for j := range want {
							want[j] += c * b[k*ldb+j]
						}
					}
				}
				got := append([]float64(nil), h0...)
				accumulateRuns(got, coef, b, ldb)
				sameBitsF(t, "accumulateRuns", got, want)
			}
		}
	}
}
