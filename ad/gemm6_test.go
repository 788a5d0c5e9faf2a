//go:build amd64 && !purego

package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestSixRowTilesChangeNothing checks that products computed with the
// 6-row micro-kernels (float32 6×16, float64 6×8) give bit for bit the
// numbers of the 4-row ones (have6 off), on shapes with every remainder
// of rows modulo 6 and 4, partial column panels and depth blocks
// (k > 256), for every transposition; that transposed panels of B packed
// in vector registers (packBT) give the bits of the Go loop
// (haveTranspose off); and that they agree with a float64 loop to 1e-5
// (float32) or 1e-13 (float64) relative to Σ|a||b|.
func TestSixRowTilesChangeNothing(t *testing.T) {
	if raceDetector {
		// Single-goroutine arithmetic (tapes default to one thread, and
		// one thread starts no goroutine: gemmSplits): nothing for the
		// race detector to watch, and the race build compiles the same
		// kernels; CI's plain pass checks every number of it.
		t.Skip("single-goroutine arithmetic: run without -race")
	}
	if !have6 {
		t.Skip("no AVX2/FMA: the 6-row kernel does not run here")
	}
	shapes := [][3]int{{6, 16, 5}, {7, 17, 9}, {8, 32, 3}, {9, 16, 300}, {10, 40, 20}, {11, 65, 7},
		{12, 100, 33}, {13, 16, 1}, {100, 256, 256}, {256, 256, 100}, {97, 70, 513}, {200, 33, 64},
		{11, 65, 300}, {101, 80, 257}, {14, 12, 6}, {6, 8, 4}}
	r := rand.New(rand.NewPCG(12, 13))
	defer func(h, tr bool) { have6, haveTranspose = h, tr }(have6, haveTranspose)
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for v := 0; v < 8; v++ {
			ta, tb, d, tol := v&2 != 0, v&1 != 0, Float32, 1e-5
			if v&4 != 0 {
				d, tol = Float64, 1e-13
			}
			t.Run(fmt.Sprintf("%dx%dx%d/ta=%v/tb=%v/%v", m, n, k, ta, tb, d), func(t *testing.T) {
				A, B := productOperands(r, m, n, k, ta, tb)
				product := func(six, transpose bool) []float64 {
					have6, haveTranspose = six, transpose
					tp := NewTapeOf(d)
					return MatMulT(tp.Const(A), tp.Const(B), ta, tb).Data()
				}
				four, got := product(false, false), product(true, true)
				Ar, Br := A.Data, B.Data
				if d == Float32 {
					Ar, Br = tensor32(A), tensor32(B)
				}
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						if got[i*n+j] != four[i*n+j] {
							t.Fatalf("C[%d,%d]: 6-row tiles, vector transposes %v; 4-row tiles, Go transposes %v", i, j, got[i*n+j], four[i*n+j])
						}
						s, sa := refProduct(Ar, Br, A.Cols, B.Cols, k, ta, tb, i, j)
						if math.Abs(got[i*n+j]-s) > tol*sa {
							t.Fatalf("C[%d,%d] = %v, float64 loop %v", i, j, got[i*n+j], s)
						}
					}
				}
			})
		}
	}
}

// TestWideTilesChangeNothing checks that products computed with the
// AVX-512 kernels (float32 6×32 and 4×32, float64 6×16 and 4×16) give bit
// for bit the numbers of the AVX2 ones (6×16, 4×16, 6×8 and 4×8, useWide
// off), in
// float32 and float64, on shapes with odd and even numbers of whole
// column panels, a partial last panel, more than one column block
// (n > 512), every remainder of rows modulo 6 and depth blocks
// (k > 256), for every transposition, A read in place or packed; and on
// the split of a product into the column blocks that two threads claim
// (parGemm).
func TestWideTilesChangeNothing(t *testing.T) {
	if !haveWide {
		t.Skip("no AVX-512F: the AVX-512 kernels do not run here (the AVX2 kernels' tests cover this CPU)")
	}
	shapes := [][3]int{{6, 32, 5}, {7, 48, 9}, {12, 33, 300}, {13, 64, 1}, {100, 256, 256}, {256, 256, 100},
		{97, 80, 513}, {200, 70, 64}, {11, 600, 40}, {101, 1100, 257}, {5, 32, 7}}
	r := rand.New(rand.NewPCG(21, 22))
	defer func(w bool) { useWide = w }(useWide)
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for v := 0; v < 8; v++ {
			ta, tb, d := v&2 != 0, v&1 != 0, Float32
			if v&4 != 0 {
				d = Float64
			}
			t.Run(fmt.Sprintf("%dx%dx%d/ta=%v/tb=%v/%v", m, n, k, ta, tb, d), func(t *testing.T) {
				A, B := productOperands(r, m, n, k, ta, tb)
				product := func(wide bool, threads int) []float64 {
					useWide = wide
					tp := NewTapeOf(d)
					tp.SetThreads(threads)
					return MatMulT(tp.Const(A), tp.Const(B), ta, tb).Data()
				}
				narrow := product(false, 1)
				for _, threads := range []int{1, 2} {
					got := product(true, threads)
					for i := range got {
						if got[i] != narrow[i] {
							t.Fatalf("%d threads: C[%d,%d]: AVX-512 tiles %v, AVX2 tiles %v", threads, i/n, i%n, got[i], narrow[i])
						}
					}
				}
			})
		}
	}
}

// TestReluGrad32Vector checks the vector float32 ReluGrad against the
// scalar bit loop on every length up to 40 (vector part and tail), with
// positive, negative, ±0, NaN and ±Inf inputs: the same bits.
func TestReluGrad32Vector(t *testing.T) {
	specials := []float32{1, -1, 0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 1e-45, -1e-45}
	r := rand.New(rand.NewPCG(14, 15))
	for n := 0; n <= 40; n++ {
		x, g := make([]float32, n), make([]float32, n)
		for i := range x {
			x[i] = specials[r.IntN(len(specials))] * float32(1+r.Float64())
			g[i] = float32(r.NormFloat64())
			if i%7 == 3 {
				g[i] = float32(math.NaN())
			}
		}
		got, want := make([]float32, n), make([]uint32, n)
		reluGrad32(got, g, x)
		reluGradBits(want, *(*[]uint32)(unsafe.Pointer(&g)), x)
		for i := range got {
			if math.Float32bits(got[i]) != want[i] {
				t.Fatalf("n=%d, element %d (x=%v, g=%v): %#x, scalar %#x", n, i, x[i], g[i], math.Float32bits(got[i]), want[i])
			}
		}
	}
}

// TestReluGrad64Vector is TestReluGrad32Vector for float64 (vreluGrad64,
// four at a time).
func TestReluGrad64Vector(t *testing.T) {
	specials := []float64{1, -1, 0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, -5e-324}
	r := rand.New(rand.NewPCG(18, 19))
	for n := 0; n <= 40; n++ {
		x, g := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = specials[r.IntN(len(specials))] * (1 + r.Float64())
			g[i] = r.NormFloat64()
			if i%7 == 3 {
				g[i] = math.NaN()
			}
		}
		got, want := make([]float64, n), make([]uint64, n)
		reluGrad64(got, g, x)
		reluGradBits(want, *(*[]uint64)(unsafe.Pointer(&g)), x)
		for i := range got {
			if math.Float64bits(got[i]) != want[i] {
				t.Fatalf("n=%d, element %d (x=%v, g=%v): %#x, scalar %#x", n, i, x[i], g[i], math.Float64bits(got[i]), want[i])
			}
		}
	}
}

// TestConvertVector checks the vector conversions between float64 and
// float32 against Go's conversion bit for bit, on every length up to 40,
// with values that round (ties included), overflow to ±Inf, underflow to
// subnormals and zero, ±0 and ±Inf.
func TestConvertVector(t *testing.T) {
	specials := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), 1e39, -1e39, 1e-40, -1e-46,
		1 + 0x1p-24, 1 + 3*0x1p-24, math.MaxFloat32, 0.1}
	r := rand.New(rand.NewPCG(16, 17))
	for n := 0; n <= 40; n++ {
		s := make([]float64, n)
		for i := range s {
			if i%3 == 0 {
				s[i] = specials[r.IntN(len(specials))]
			} else {
				s[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-10))
			}
		}
		d32 := make([]float32, n)
		convert(d32, s)
		for i := range s {
			if math.Float32bits(d32[i]) != math.Float32bits(float32(s[i])) {
				t.Fatalf("n=%d: float32(%v) = %v, Go %v", n, s[i], d32[i], float32(s[i]))
			}
		}
		d64 := make([]float64, n)
		convert(d64, d32)
		for i := range d32 {
			if math.Float64bits(d64[i]) != math.Float64bits(float64(d32[i])) {
				t.Fatalf("n=%d: float64(%v) = %v, Go %v", n, d32[i], d64[i], float64(d32[i]))
			}
		}
	}
}
