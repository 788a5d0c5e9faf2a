//go:build amd64 && !purego

package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// FuzzMatMulPaths checks that a matrix product gives the same bits
// whichever of ad's routes computes it, on shapes, transpositions and
// element types drawn by the fuzzer: the default kernels against (1) in
// float64, the Go loops instead of the vector kernels of the small and
// elementwise paths (haveVec off), (2) 4-row tiles, the AVX2 kernels and
// Go transposes instead of the 6-row tiles, the AVX-512 kernels and the
// vector transposes (have6, useWide, haveTranspose off), and (3) the
// product split over two threads; and that, on finite inputs, it agrees
// with a float64 loop to 1e-12 (float64) or 1e-5 (float32) relative to
// Σ|a||b|. Special values (±0, NaN, ±Inf, huge and tiny magnitudes) come in
// when the fuzzer sets bit 3 of flags; then only the bits are compared.
func FuzzMatMulPaths(f *testing.F) {
	f.Add(uint64(1), uint16(100), uint16(256), uint16(256), uint8(0))
	f.Add(uint64(2), uint16(1), uint16(100), uint16(100), uint8(1))    // a row times Bᵀ (dotRows8)
	f.Add(uint64(3), uint16(1), uint16(100), uint16(100), uint8(0))    // a row times B (AccumulateRows)
	f.Add(uint64(4), uint16(37), uint16(70), uint16(22), uint8(2))     // Aᵀ·B, small
	f.Add(uint64(5), uint16(97), uint16(80), uint16(513), uint8(3))    // depth blocks, both transposed
	f.Add(uint64(6), uint16(20), uint16(1), uint16(300), uint8(4))     // thin A·b, float32
	f.Add(uint64(7), uint16(13), uint16(64), uint16(9), uint8(8))      // special values
	f.Add(uint64(8), uint16(101), uint16(1100), uint16(257), uint8(5)) // more than one column block
	f.Fuzz(func(t *testing.T, seed uint64, mm, nn, kk uint16, flags uint8) {
		m, n, k := 1+int(mm)%300, 1+int(nn)%1200, int(kk)%600
		if m*n*k > 1<<22 { // keep an input to well under a second
			n = max(1, (1<<22)/max(1, m*k))
		}
		ta, tb, special := flags&2 != 0, flags&1 != 0, flags&8 != 0
		d := Float64
		if flags&4 != 0 {
			d = Float32
		}
		r := rand.New(rand.NewPCG(seed, 17))
		A, B := productOperands(r, m, n, k, ta, tb)
		if special {
			for _, x := range [][]float64{A.Data, B.Data} {
				for i := range x {
					switch r.IntN(12) {
					case 0:
						x[i] = math.Copysign(0, -1)
					case 1:
						x[i] = 0
					case 2:
						x[i] = math.NaN()
					case 3:
						x[i] = math.Inf(1 - 2*r.IntN(2))
					case 4:
						x[i] *= 1e300
					case 5:
						x[i] *= 1e-300
					}
				}
			}
		}
		// The CPU's routes, restored after each variant: forcing them on
		// ran the AVX2 kernels on CPUs without AVX2 (GODEBUG=cpu.avx2=off).
		vec0, six0, wide0, tr0 := haveVec, have6, useWide, haveTranspose
		defer func() { haveVec, have6, useWide, haveTranspose = vec0, six0, wide0, tr0 }()
		product := func(threads int) []float64 {
			tp := NewTapeOf(d)
			tp.SetThreads(threads)
			return MatMulT(tp.Const(A), tp.Const(B), ta, tb).Data()
		}
		want := product(1)
		same := func(route string, got []float64) {
			t.Helper()
			for i := range want {
				if !sameFloatBits(got[i], want[i]) {
					t.Fatalf("%dx%dx%d ta=%v tb=%v %v: C[%d,%d] = %v by %s, %v by the default route", m, n, k, ta, tb, d, i/n, i%n, got[i], route, want[i])
				}
			}
		}
		if d == Float64 {
			// (float32 thin products take thin32's kernels, which sum as
			// the packed product does, with fused multiply-adds; without
			// them — on a CPU without AVX2 — they take the plain loops,
			// which sum in float64: another rounding, by design.)
			haveVec = false
			same("the Go loops", product(1))
			haveVec = vec0
		}
		have6, useWide, haveTranspose = false, false, false
		same("4-row AVX2 tiles and Go transposes", product(1))
		have6, useWide, haveTranspose = six0, wide0, tr0
		same("two threads", product(2))
		if special {
			return
		}
		Ar, Br, tol := A.Data, B.Data, 1e-12
		if d == Float32 {
			Ar, Br, tol = tensor32(A), tensor32(B), 1e-5
		}
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				s, sa := refProduct(Ar, Br, A.Cols, B.Cols, k, ta, tb, i, j)
				if math.Abs(want[i*n+j]-s) > tol*sa {
					t.Fatalf("%dx%dx%d ta=%v tb=%v %v: C[%d,%d] = %v, float64 loop %v", m, n, k, ta, tb, d, i, j, want[i*n+j], s)
				}
			}
		}
	})
}
