package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// vecInputs returns n values of T with a mix of magnitudes, signs, zeros,
// infinities and NaN.
func vecInputs[T float](r *rand.Rand, n int) []T {
	x := make([]T, n)
	for i := range x {
		switch r.IntN(12) {
		case 0:
			x[i] = 0
		case 1:
			x[i] = T(math.Inf(1 - 2*r.IntN(2)))
		case 2:
			x[i] = T(math.NaN())
		case 3:
			x[i] = T(math.Ldexp(r.Float64()-0.5, r.IntN(200)-100))
		default:
			x[i] = T(4 * r.NormFloat64())
		}
	}
	return x
}

func sameBits[T float](t *testing.T, what string, got, want []T) {
	t.Helper()
	for i := range want {
		g, w := float64(got[i]), float64(want[i])
		if g != w && !(math.IsNaN(g) && math.IsNaN(w)) || math.Signbit(g) != math.Signbit(w) && !math.IsNaN(w) {
			t.Fatalf("%s: element %d of %d is %v, the Go loop gives %v", what, i, len(want), got[i], want[i])
		}
	}
}

// testVecKernels checks the vector kernels (vecBinary, vecTanhGrad, the
// float32 tanh) against plain Go loops bit for bit, on every length up to
// 70 (whole vectors and remainders) and on aliased destinations.
func testVecKernels[T float](t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= 70; n++ {
		a, b := vecInputs[T](r, n), vecInputs[T](r, n)
		for k := kAdd; k <= kDiv; k++ {
			want := make([]T, n)
			for i := range want {
				want[i] = apply(k, a[i], b[i])
			}
			got := make([]T, n)
			binVV(k, got, a, b)
			sameBits(t, "binVV", got, want)
			got = append([]T(nil), a...) // d aliases a
			binVV(k, got, got, b)
			sameBits(t, "binVV in place", got, want)
		}
		want := make([]T, n)
		for i := range want {
			want[i] = a[i] * (1 - b[i]*b[i])
		}
		got := make([]T, n)
		tanhGradLoop(got, a, b)
		sameBits(t, "tanhGradLoop", got, want)
		got = append([]T(nil), a...)
		for i := range want {
			want[i] = a[i] + b[i]
		}
		addTo(got, b)
		sameBits(t, "addTo", got, want)
	}
}

func TestVecKernels(t *testing.T) {
	t.Run("float32", testVecKernels[float32])
	t.Run("float64", testVecKernels[float64])
}

// TestTanhLoop32 checks the float32 tanh (one assembly loop where the CPU
// has AVX2) against the float64 tanh of the widened values rounded to
// float32, bit for bit.
func TestTanhLoop32(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n <= 600; n += 1 + n/8 {
		x := vecInputs[float32](r, n)
		wide := make([]float64, n)
		convert(wide, x)
		tanhLoop(wide, wide)
		want := make([]float32, n)
		convert(want, wide)
		got := make([]float32, n)
		tanhLoop32(got, x)
		sameBits(t, "tanhLoop32", got, want)
	}
}
