package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync/atomic"
	"testing"
)

// TestCG32MatchesCG checks that CG32 gives bit for bit the iterates of
// CG's blocked loop (inner products by blocks and lanes, cgvec.go) with the
// operator v ↦ widen(A(round(v))), from a cold and a warm start, with and
// without λ; that they are within 1e-12 relative of CG's sequential sums
// (the order of the additions is the only difference); and that CG still
// solves the system.
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
			xb := append([]float64(nil), x64...)
			s := CGSettings{Lambda: lambda, MaxIter: 15, Tol: 1e-12}
			r64 := CG(apply64, b, x64, s, nil)
			r32 := CG32(apply32, b, x32, s, nil, nil)
			w := make([]float64, 3*n)
			rb := cg(apply64, b, xb, s, w, w[n:2*n], w[2*n:], true)
			if rb != r32 {
				t.Fatalf("λ=%v warm=%v: blocked CG %+v, CG32 %+v", lambda, warm, rb, r32)
			}
			if r64.Iterations != r32.Iterations || math.Abs(r64.Residual-r32.Residual) > 1e-12*(1+r64.Residual) {
				t.Fatalf("λ=%v warm=%v: CG %+v, CG32 %+v", lambda, warm, r64, r32)
			}
			for i := range x64 {
				if xb[i] != x32[i] {
					t.Fatalf("λ=%v warm=%v: x[%d] blocked CG %v, CG32 %v", lambda, warm, i, xb[i], x32[i])
				}
				if math.Abs(x64[i]-x32[i]) > 1e-12*(1+math.Abs(x64[i])) {
					t.Fatalf("λ=%v warm=%v: x[%d] CG %v, CG32 %v", lambda, warm, i, x64[i], x32[i])
				}
			}
			if r64.Iterations != 15 && r64.Residual > 1e-3 {
				t.Fatalf("λ=%v warm=%v: CG did not converge: %+v", lambda, warm, r64)
			}
		}
	}
}

// TestCG32BlockedThreads checks CG32 on a system larger than several of
// its sum blocks (a tridiagonal float32 operator): the iterates are bit for
// bit those of CG's loop with the operator v ↦ widen(A(round(v))) and
// blocked inner products, the same for 1, 2 and 3 threads (the split vector
// passes and sums), and within 1e-9 relative (the residual within 1e-12·‖b‖) of CG's
// sequential sums (the
// order of additions is the only difference).
func TestCG32BlockedThreads(t *testing.T) {
	for _, n := range []int{3*sumBlock + 17, 5*parMinElems/4 + 3} {
		r := rand.New(rand.NewPCG(uint64(n), 3))
		diag, off := make([]float32, n), make([]float32, n)
		b := make([]float64, n)
		for i := range diag {
			diag[i] = 3 + float32(r.Float64())
			off[i] = float32(r.Float64() - 0.5)
			b[i] = r.NormFloat64()
		}
		apply32 := func(dst, v []float32) {
			for i := range v {
				s := diag[i] * v[i]
				if i > 0 {
					s += off[i-1] * v[i-1]
				}
				if i+1 < n {
					s += off[i] * v[i+1]
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
		for _, lambda := range []float64{0, 0.5} {
			s := CGSettings{Lambda: lambda, MaxIter: 12, Tol: 1e-30}
			want := make([]float64, n)
			w := make([]float64, 3*n)
			rw := cg(apply64, b, want, s, w, w[n:2*n], w[2*n:], true)
			seq := make([]float64, n)
			rs := CG(apply64, b, seq, s, nil)
			bn := 0.0
			for _, v := range b {
				bn += v * v
			}
			if rs.Iterations != rw.Iterations || math.Abs(rs.Residual-rw.Residual) > 1e-12*math.Sqrt(bn) {
				t.Errorf("n=%d λ=%v: blocked %+v, sequential %+v", n, lambda, rw, rs)
			}
			for i := range seq {
				if math.Abs(seq[i]-want[i]) > 1e-9*(1+math.Abs(seq[i])) {
					t.Fatalf("n=%d λ=%v: x[%d] blocked %v, sequential %v", n, lambda, i, want[i], seq[i])
				}
			}
			for _, threads := range []int{1, 2, 3} {
				s.Threads = threads
				x := make([]float64, n)
				got := CG32(apply32, b, x, s, nil, nil)
				if got != rw {
					t.Fatalf("n=%d λ=%v threads=%d: CG32 %+v, blocked CG %+v", n, lambda, threads, got, rw)
				}
				for i := range x {
					if x[i] != want[i] {
						t.Fatalf("n=%d λ=%v threads=%d: x[%d] CG32 %v, blocked CG %v", n, lambda, threads, i, x[i], want[i])
					}
				}
			}
		}
	}
}

// TestCGVecKernels checks CG32's vector passes and DotLanes (cgvec.go) on
// float32 vectors — the AVX2 kernels where the CPU has them — against the
// Go loops (the float64 instantiation, fed the same values widened) bit
// for bit, and the float64 step kernel against the Go step, on every length up to 70 and on a block's 1024, with and without
// λ; and DotLanes against its lane order written out.
func TestCGVecKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for n := 0; n <= 1024; n++ {
		if n > 70 && n != 1024 {
			continue
		}
		out32 := make([]float32, n)
		p, rr := make([]float64, n), make([]float64, n)
		for i := range p {
			out32[i] = float32(r.NormFloat64())
			p[i], rr[i] = r.NormFloat64(), r.NormFloat64()
		}
		out64 := make([]float64, n)
		convert(out64, out32)
		for _, lambda := range []float64{0, 0.75} {
			if g, w := cgCurvLanes(out32, p, lambda), cgCurvLanes(out64, p, lambda); g != w {
				t.Fatalf("n=%d λ=%v: curvature %v, Go loop %v", n, lambda, g, w)
			}
			r32, r64 := append([]float64(nil), rr...), append([]float64(nil), rr...)
			g, w := cgResidLanes(out32, p, r32, lambda, 0.3), cgResidLanes(out64, p, r64, lambda, 0.3)
			if g != w {
				t.Fatalf("n=%d λ=%v: residual %v, Go loop %v", n, lambda, g, w)
			}
			sameBits(t, "residual r", r32, r64)
		}
		x32, x64 := append([]float64(nil), rr...), append([]float64(nil), rr...)
		p32, p64 := append([]float64(nil), p...), append([]float64(nil), p...)
		in32, in64 := make([]float32, n), make([]float32, n)
		cgStepVec(x32, p32, rr, in32, 0.3, 0.6)
		cgStep(x64, p64, rr, in64, 0.3, 0.6)
		sameBits(t, "step x", x32, x64)
		sameBits(t, "step p", p32, p64)
		sameBits(t, "step in", in32, in64)
		// The float64 kernel (vcgStep64) against the same Go loop.
		xv, pv, inv := append([]float64(nil), rr...), append([]float64(nil), p...), make([]float64, n)
		in64w := make([]float64, n)
		x64, p64 = append([]float64(nil), rr...), append([]float64(nil), p...)
		cgStepVec(xv, pv, rr, inv, 0.3, 0.6)
		cgStep(x64, p64, rr, in64w, 0.3, 0.6)
		sameBits(t, "float64 step x", xv, x64)
		sameBits(t, "float64 step p", pv, p64)
		sameBits(t, "float64 step in", inv, in64w)

		var l [8]float64
		for i := range p {
			l[i%8] += p[i] * rr[i]
		}
		want := ((l[0] + l[4]) + (l[1] + l[5])) + ((l[2] + l[6]) + (l[3] + l[7]))
		if g := DotLanes(p, rr); g != want {
			t.Fatalf("n=%d: DotLanes %v, lanes written out %v", n, g, want)
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
	for _, threads := range []int{1, 2} {
		name := "float32"
		if threads > 1 {
			name = fmt.Sprintf("float32-threads%d", threads)
		}
		b.Run(name, func(b *testing.B) {
			op := func(dst, v []float32) {
				ParallelFor(threads, len(v), 8, func(lo, hi int) {
					for i := lo; i < hi; i++ {
						dst[i] = d32[i] * v[i]
					}
				})
			}
			s := s
			s.Threads = threads
			for b.Loop() {
				clear(x)
				CG32(op, rhs, x, s, work, work32)
			}
		})
	}
}

// TestParallelBlocks checks that ParallelBlocks calls every block exactly
// once for 1 to 4 threads and 0 to 5 blocks, and that AddBlocks and
// SumBlocks add the parts in order to each element, the same bits for 1, 2
// and 3 threads, on vectors long enough to be split.
func TestParallelBlocks(t *testing.T) {
	for threads := 1; threads <= 4; threads++ {
		for k := 0; k <= 5; k++ {
			calls := make([]atomic.Int32, k)
			ParallelBlocks(threads, k, func(b int) { calls[b].Add(1) })
			for b := range calls {
				if n := calls[b].Load(); n != 1 {
					t.Fatalf("threads=%d k=%d: block %d called %d times", threads, k, b, n)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	const n = 3*parMinElems + 5
	base, parts := make([]float32, n), make([][]float32, 3)
	for i := range base {
		base[i] = float32(r.NormFloat64())
	}
	for j := range parts {
		parts[j] = make([]float32, n)
		for i := range parts[j] {
			parts[j][i] = float32(r.NormFloat64() * math.Pow(10, float64(j)))
		}
	}
	want := append([]float32(nil), base...)
	for i := range want {
		for _, p := range parts {
			want[i] += p[i]
		}
	}
	sum := append([]float32(nil), parts[0]...)
	for i := range sum {
		for _, p := range parts[1:] {
			sum[i] += p[i]
		}
	}
	for _, threads := range []int{1, 2, 3} {
		got := append([]float32(nil), base...)
		AddBlocks(threads, got, parts)
		sameBits(t, fmt.Sprintf("AddBlocks, %d threads", threads), got, want)
		SumBlocks(threads, got, parts)
		sameBits(t, fmt.Sprintf("SumBlocks, %d threads", threads), got, sum)
	}
}

// BenchmarkAddBlocks adds one part to a float32 vector of a 4→256→256→1
// critic's 67 073 parameters (AddBlocks: an agent's gradient on 2 row
// blocks) and sums two such parts into it (SumBlocks: its Hessian–vector
// product), on 1 and 2 threads.
func BenchmarkAddBlocks(b *testing.B) {
	const n = 67073
	dst, p0, p1 := make([]float32, n), make([]float32, n), make([]float32, n)
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("add/threads%d", threads), func(b *testing.B) {
			for b.Loop() {
				AddBlocks(threads, dst, [][]float32{p1})
			}
		})
		b.Run(fmt.Sprintf("sum/threads%d", threads), func(b *testing.B) {
			for b.Loop() {
				SumBlocks(threads, dst, [][]float32{p0, p1})
			}
		})
	}
}

// BenchmarkDotLanes is DotLanes over 67 073 float64 values (a float32
// agent's gradient norm).
func BenchmarkDotLanes(b *testing.B) {
	x := make([]float64, 67073)
	for i := range x {
		x[i] = float64(i % 7)
	}
	for b.Loop() {
		DotLanes(x, x)
	}
}
