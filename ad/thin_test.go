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
