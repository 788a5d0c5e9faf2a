package ad

import (
	"math/rand/v2"
	"testing"
)

// TestCG32MatchesCG checks that CG32 gives bit for bit the iterates of CG
// with the operator v ↦ widen(A(round(v))), from a cold and a warm start,
// with and without λ; and that CG still solves the system.
func TestCG32MatchesCG(t *testing.T) {
	const n = 37
	r := rand.New(rand.NewPCG(5, 9))
	// A = MᵀM + I in float32.
	m := make([]float32, n*n)
	for i := range m {
		m[i] = float32(r.NormFloat64())
	}
	a := make([]float32, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s := float32(0)
			for k := 0; k < n; k++ {
				s += m[k*n+i] * m[k*n+j]
			}
			if i == j {
				s++
			}
			a[i*n+j] = s
		}
	}
	apply32 := func(dst, v []float32) {
		for i := 0; i < n; i++ {
			s := float32(0)
			for j := 0; j < n; j++ {
				s += a[i*n+j] * v[j]
			}
			dst[i] = s
		}
	}
	v32, d32 := make([]float32, n), make([]float32, n)
	apply64 := func(dst, v []float64) {
		convert(v32, v)
		apply32(d32, v32)
		convert(dst, d32)
	}
	b := make([]float64, n)
	for i := range b {
		b[i] = r.NormFloat64()
	}
	for _, lambda := range []float64{0, 0.5} {
		for _, warm := range []bool{false, true} {
			x64, x32 := make([]float64, n), make([]float64, n)
			if warm {
				for i := range x64 {
					x64[i] = 0.1 * float64(i%3)
					x32[i] = x64[i]
				}
			}
			s := CGSettings{Lambda: lambda, MaxIter: 15, Tol: 1e-12}
			r64 := CG(apply64, b, x64, s, nil)
			r32 := CG32(apply32, b, x32, s, nil, nil)
			if r64 != r32 {
				t.Fatalf("λ=%v warm=%v: CG %+v, CG32 %+v", lambda, warm, r64, r32)
			}
			for i := range x64 {
				if x64[i] != x32[i] {
					t.Fatalf("λ=%v warm=%v: x[%d] CG %v, CG32 %v", lambda, warm, i, x64[i], x32[i])
				}
			}
			if r64.Iterations != 15 && r64.Residual > 1e-3 {
				t.Fatalf("λ=%v warm=%v: CG did not converge: %+v", lambda, warm, r64)
			}
		}
	}
}

// BenchmarkCG measures CG's own vector work: 10 iterations with λ = 500
// on a diagonal operator (nearly free) over 67 073 unknowns, the size of
// a 4→256→256→1 critic, as CG (float64 operator) and CG32 (float32
// operator, the agents' float32 runs).
func BenchmarkCG(b *testing.B) {
	const n = 67073
	d64, d32, rhs := make([]float64, n), make([]float32, n), make([]float64, n)
	for i := range d64 {
		d64[i] = 1 + float64(i%17)
		d32[i] = float32(d64[i])
		rhs[i] = float64(i%5) - 2
	}
	x, work, work32 := make([]float64, n), make([]float64, 3*n), make([]float32, 2*n)
	s := CGSettings{Lambda: 500, MaxIter: 10, Tol: 1e-30}
	b.Run("float64", func(b *testing.B) {
		op := func(dst, v []float64) {
			for i := range v {
				dst[i] = d64[i] * v[i]
			}
		}
		for b.Loop() {
			clear(x)
			CG(op, rhs, x, s, work)
		}
	})
	b.Run("float32", func(b *testing.B) {
		op := func(dst, v []float32) {
			for i := range v {
				dst[i] = d32[i] * v[i]
			}
		}
		for b.Loop() {
			clear(x)
			CG32(op, rhs, x, s, work, work32)
		}
	})
}
