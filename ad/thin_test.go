package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestThin32 checks the float32 kernels of one-column and one-step products
// against gemm bit for bit: every orientation, row counts around the lane
// widths, inner dimensions across the gemmKC block boundary, and signed
// zeros in outer products.
func TestThin32(t *testing.T) {
	if !haveVec {
		t.Skip("no AVX2 kernels in this build: every product goes through gemm")
	}
	r := rand.New(rand.NewPCG(9, 10))
	rnd := func(n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(r.NormFloat64())
			if r.IntN(16) == 0 {
				x[i] = float32(math.Copysign(0, r.NormFloat64()))
			}
		}
		return x
	}
	var s gemmScratch[float32]
	check := func(name string, ta, tb bool, m, n, k int) {
		t.Helper()
		lda, ldb := k, n
		if ta {
			lda = m
		}
		if tb {
			ldb = k
		}
		a, b := rnd(m*k), rnd(k*n)
		want, got := make([]float32, m*n), make([]float32, m*n)
		s.gemm(ta, tb, m, n, k, a, lda, b, ldb, want, n)
		if !thin32(ta, m, n, k, a, lda, b, got) {
			t.Fatalf("%s: thin32 declined", name)
		}
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("%s ta=%v tb=%v %dx%dx%d: element %d is %v, gemm gives %v", name, ta, tb, m, n, k, i, got[i], want[i])
			}
		}
	}
	for _, ta := range []bool{false, true} {
		for _, tb := range []bool{false, true} {
			for _, m := range []int{1, 7, 8, 9, 31, 32, 33, 45, 100} {
				for _, k := range []int{1, 2, 32, 255, 256, 257, 700} {
					check("matrix-vector", ta, tb, m, 1, k)
				}
				for _, n := range []int{1, 7, 8, 17, 64} {
					check("outer", ta, tb, m, n, 1)
				}
			}
		}
	}
	if thin32(false, 4, 4, 4, rnd(16), 4, rnd(16), make([]float32, 16)) {
		t.Error("thin32 took a 4×4×4 product")
	}
}

// TestSmallThinProducts32 checks that a float32 tape computes small
// one-column products — below the 2¹⁵ multiply-adds from which products
// leave smallMatMul, such as a last layer of 256 units on a mini-batch of
// 100 and its weight gradient — with thin32 where the build has it (bit
// for bit, so in float32 in gemm's order like every larger product), on 1
// and 2 threads alike, and with smallMatMul's loops otherwise (also bit
// for bit); and that either way they agree with the float64 product to
// 1e-5 relative to the sum of the terms' magnitudes (float32 sums of up to
// 256 terms).
func TestSmallThinProducts32(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, c := range []struct {
		name       string
		ta         bool
		ar, ac, bn int // A is ar×ac, b has bn elements
	}{
		{"A·b 100x256", false, 100, 256, 256},
		{"Aᵀ·b 100x256", true, 100, 256, 100},
		{"A·b 3x256", false, 3, 256, 256},
		{"A·b 9x100", false, 9, 100, 100},
	} {
		a, b := normals32(r, c.ar*c.ac), normals32(r, c.bn)
		m, k := c.ar, c.ac
		if c.ta {
			m, k = c.ac, c.ar
		}
		if m*k >= blasMinFlops || m*k <= 512 {
			t.Fatalf("%s: %d multiply-adds is not a small product", c.name, m*k)
		}
		want := make([]float32, m)
		vector := thin32(c.ta, m, 1, k, a, c.ac, b, want)
		if !vector {
			var out dmat[float32]
			out.Rows, out.Cols, out.Data = m, 1, want
			am := dmat[float32]{Rows: c.ar, Cols: c.ac, Data: a}
			bm := dmat[float32]{Rows: c.bn, Cols: 1, Data: b}
			smallMatMul(nil, &out, &am, &bm, c.ta, false, k)
		}
		for _, threads := range []int{1, 2} {
			tp := NewTapeOf(Float32)
			tp.SetThreads(threads)
			got := MatMulT(tp.Const32(c.ar, c.ac, a), tp.Const32(c.bn, 1, b), c.ta, false).Data32()
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%s on %d threads (thin32: %v): element %d is %v, want %v", c.name, threads, vector, i, got[i], want[i])
				}
			}
		}
		for i := range want {
			var exact, scale float64
			for p := 0; p < k; p++ {
				at := i*c.ac + p // A[i, p]
				if c.ta {
					at = p*c.ac + i // A[p, i]
				}
				x := float64(a[at])
				exact += x * float64(b[p])
				scale += math.Abs(x * float64(b[p]))
			}
			if math.Abs(float64(want[i])-exact) > 1e-5*scale {
				t.Fatalf("%s: element %d is %v, float64 %v", c.name, i, want[i], exact)
			}
		}
	}
}

// BenchmarkSmallThinProducts32 times the small float32 one-column products
// of an MLP's last layer on a mini-batch of 100 through a tape (thin32
// where the CPU has it, smallMatMul's loops otherwise): the layer's
// forward H·w (100×256·256×1) and its weight gradient Hᵀ·g (256×100·100×1),
// 25600 multiply-adds each.
func BenchmarkSmallThinProducts32(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	h, w, g := normals32(r, 100*256), normals32(r, 256), normals32(r, 100)
	for _, c := range []struct {
		name string
		ta   bool
		v    []float32
	}{{"Hw", false, w}, {"HTg", true, g}} {
		b.Run(c.name, func(b *testing.B) {
			tp := NewTapeOf(Float32)
			H, v := tp.Const32(100, 256, h), tp.Const32(len(c.v), 1, c.v)
			mark := tp.Mark()
			for b.Loop() {
				MatMulT(H, v, c.ta, false)
				tp.Rewind(mark)
			}
			b.ReportMetric(2*25600*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// normals32 returns n standard normal draws from r, rounded to float32.
func normals32(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.NormFloat64())
	}
	return x
}

// sameFloatBits reports whether x and y are the same float64 bits, any NaN
// matching any NaN (which operand's payload a NaN product keeps is not
// part of the contract).
func sameFloatBits(x, y float64) bool {
	if x != x && y != y {
		return true
	}
	return math.Float64bits(x) == math.Float64bits(y)
}

// smallProductInputs returns n values from r with signed zeros, a NaN,
// an infinity and magnitudes from 1e-300 to 1e300 mixed in.
func smallProductInputs(r *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		switch r.IntN(12) {
		case 0:
			v[i] = 0
		case 1:
			v[i] = math.Copysign(0, -1)
		case 2:
			v[i] = math.Ldexp(r.NormFloat64(), r.IntN(1990)-995)
		default:
			v[i] = r.NormFloat64()
		}
	}
	if n > 3 && r.IntN(4) == 0 {
		v[r.IntN(n)] = math.NaN()
	}
	if n > 3 && r.IntN(4) == 0 {
		v[r.IntN(n)] = math.Inf(1 - 2*r.IntN(2))
	}
	return v
}

// TestSmallProductsPairedKeepTheBits checks that the paired small-product
// loops (dotSlice2 in thinAb and in smallMatMul's A·Bᵀ case, two terms per
// pass in its A·B case) and the float64 vector kernels (dotRows8 eight
// dot products at a time, the rows of A·B by AccumulateRows) give
// exactly the bits of the one-at-a-time loops they replace, every odd and
// even size, with signed zeros, NaN, ±Inf and extreme magnitudes, in
// float64 and float32.
func TestSmallProductsPairedKeepTheBits(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 400; trial++ {
		m, n, k := 1+r.IntN(7), 1+r.IntN(7), r.IntN(11)
		if trial%2 == 1 { // wide enough for the float64 vector kernels (dotRows8, AccumulateRows)
			m, n, k = 1+r.IntN(20), 1+r.IntN(70), r.IntN(23)
		}
		a, b := smallProductInputs(r, m*k), smallProductInputs(r, k*n)
		bt := smallProductInputs(r, n*k) // B stored n×k for A·Bᵀ
		// A·B, one term per pass, in order of p.
		want := make([]float64, m*n)
		for i := 0; i < m; i++ {
			for p := 0; p < k; p++ {
				for j := 0; j < n; j++ {
					want[i*n+j] += a[i*k+p] * b[p*n+j]
				}
			}
		}
		got := dmat[float64]{Rows: m, Cols: n, Data: make([]float64, m*n)}
		if k > 1 && n > 1 { // k = 1 is the outer product, n = 1 the thin A·b below
			smallMatMul(nil, &got, &dmat[float64]{Rows: m, Cols: k, Data: a}, &dmat[float64]{Rows: k, Cols: n, Data: b}, false, false, k)
			for i := range want {
				if !sameFloatBits(got.Data[i], want[i]) {
					t.Fatalf("A·B %d×%d×%d: element %d = %v, want %v", m, k, n, i, got.Data[i], want[i])
				}
			}
		}
		// A·Bᵀ and thin A·b against dotSlice element by element.
		if k > 1 && n > 1 {
			smallMatMul(nil, &got, &dmat[float64]{Rows: m, Cols: k, Data: a}, &dmat[float64]{Rows: n, Cols: k, Data: bt}, false, true, k)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					if w := dotSlice(a[i*k:(i+1)*k], bt[j*k:(j+1)*k]); !sameFloatBits(got.Data[i*n+j], w) {
						t.Fatalf("A·Bᵀ %d×%d×%d: (%d,%d) = %v, want %v", m, k, n, i, j, got.Data[i*n+j], w)
					}
				}
			}
		}
		c := make([]float64, m)
		thinAb(c, a, b[:k], k, 0, m)
		for i := range c {
			if w := dotSlice(a[i*k:(i+1)*k], b[:k]); !sameFloatBits(c[i], w) {
				t.Fatalf("thinAb %d×%d: row %d = %v, want %v", m, k, i, c[i], w)
			}
		}
		// float32: the products are exact in float64, the sums as dotSlice's.
		a32, b32 := make([]float32, len(a)), make([]float32, k)
		for i := range a {
			a32[i] = float32(a[i])
		}
		for i := range b32 {
			b32[i] = float32(b[i])
		}
		c32 := make([]float32, m)
		thinAb(c32, a32, b32, k, 0, m)
		for i := range c32 {
			if w := dotSlice(a32[i*k:(i+1)*k], b32); !sameFloatBits(float64(c32[i]), float64(w)) {
				t.Fatalf("thinAb float32 %d×%d: row %d = %v, want %v", m, k, i, c32[i], w)
			}
		}
	}
}
