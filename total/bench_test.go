package total

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchSystem is a seeded dense symmetric positive-definite follower
// Hessian H = GᵀG/n + I of dimension n (eigenvalues in about [1, 5]), its
// rows and products, and a right-hand side b.
type benchSystem struct {
	n int
	h []float64 // row-major n×n
	b []float64
}

func newBenchSystem(n int) benchSystem {
	r := rand.New(rand.NewPCG(uint64(n), 11))
	g := make([]float64, n*n)
	for i := range g {
		g[i] = r.NormFloat64()
	}
	h := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for k := 0; k < n; k++ {
				s += g[k*n+i] * g[k*n+j]
			}
			h[i*n+j] = s / float64(n)
		}
		h[i*n+i]++
	}
	b := make([]float64, n)
	for i := range b {
		b[i] = r.NormFloat64()
	}
	return benchSystem{n: n, h: h, b: b}
}

// hessian gives both the dense rows (Exact) and the product (CG,
// Unrolled), a dense matrix–vector product standing in for an HVP.
func (s benchSystem) hessian() Hessian {
	n := s.n
	return Hessian{
		Apply: func(dst, v []float64) {
			for i := 0; i < n; i++ {
				row, acc := s.h[i*n:(i+1)*n], 0.0
				for j, x := range v {
					acc += row[j] * x
				}
				dst[i] = acc
			}
		},
		Row: func(i int) []float64 { return s.h[i*n : (i+1)*n] },
	}
}

// benchSolve times one Solve per iteration and reports ns per Hessian
// entry (n²), the unit in which the three solvers' costs compare.
func benchSolve(b *testing.B, s Solver, n int) {
	sys := newBenchSystem(n)
	h := sys.hessian()
	w := make([]float64, n)
	ctx := context.Background()
	if _, err := s.Solve(ctx, h, sys.b, w); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Solve(ctx, h, sys.b, w); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n*n), "ns/entry")
}

var benchDims = []int{1, 10, 100}

// BenchmarkExactSolve measures Exact.Solve (copy the rows, factor, solve:
// the package's LU up to SmallLU, LAPACK above) with λ = 0.1.
func BenchmarkExactSolve(b *testing.B) {
	for _, n := range benchDims {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchSolve(b, &Exact{Lambda: 0.1}, n) })
	}
}

// BenchmarkCGSolve measures CG.Solve from zero to the default tolerance
// (1e-10) with λ = 0.1, and with a cap of 20 iterations at n = 100.
func BenchmarkCGSolve(b *testing.B) {
	for _, n := range benchDims {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchSolve(b, &CG{Lambda: 0.1}, n) })
	}
	b.Run("n=100/iters=20", func(b *testing.B) {
		benchSolve(b, &CG{Lambda: 0.1, Iters: 20, Tol: 1e-300}, 100)
	})
}

// BenchmarkUnrolledSolve measures Unrolled.Solve with 20 steps of size
// 0.1 (inside 2/‖H + λI‖ for these systems) and λ = 0.1.
func BenchmarkUnrolledSolve(b *testing.B) {
	for _, n := range benchDims {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			benchSolve(b, &Unrolled{Lambda: 0.1, Steps: 20, Eta: 0.1}, n)
		})
	}
}

// BenchmarkDerivative measures Derivative with the exact solver at
// d1 = d2 = 100, the mixed product a dense 100×100 product: one leader
// direction minus what the dynamics around it do.
func BenchmarkDerivative(b *testing.B) {
	const n = 100
	sys, mix := newBenchSystem(n), newBenchSystem(n)
	h := sys.hessian()
	buf := make([]float64, n)
	mixed := func(w []float64) []float64 { mix.hessian().Apply(buf, w); return buf }
	g1x, g1y, w, dst := make([]float64, n), sys.b, make([]float64, n), make([]float64, n)
	for i := range g1x {
		g1x[i] = float64(i%7) - 3
	}
	s := &Exact{Lambda: 0.1}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Derivative(ctx, s, dst, g1x, g1y, h, w, mixed); err != nil {
			b.Fatal(err)
		}
	}
}
