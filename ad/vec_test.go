package ad

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
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

// sameBits fails unless got and want have the same length and the same
// values bit for bit (the sign of a zero included), any NaN matching any
// NaN.
func sameBits[T float](t *testing.T, what string, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		g, w := float64(got[i]), float64(want[i])
		if g != w && !(math.IsNaN(g) && math.IsNaN(w)) || math.Signbit(g) != math.Signbit(w) && !math.IsNaN(w) {
			t.Fatalf("%s: element %d of %d is %v, want %v", what, i, len(want), got[i], want[i])
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

// TestTanhLoop32 checks the float32 tanh against math.Tanh in float64
// rounded to float32: at most 2 ulp (float32) apart on random arguments
// over [−15, 15], [−1, 1] and down to 2^−60, the same sign (±0 kept),
// ±1 at ±Inf, NaN at NaN; and every element the same whatever the slice's
// length and the element's position in it (whole vectors or the padded
// tail), so that splitting a tensor over threads changes nothing.
func TestTanhLoop32(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	n := 1 << 14
	x := make([]float32, n)
	for i := range x {
		switch i % 3 {
		case 0:
			x[i] = float32(30 * (r.Float64() - 0.5))
		case 1:
			x[i] = float32(2 * (r.Float64() - 0.5))
		default:
			x[i] = float32(math.Ldexp(r.Float64()-0.5, -r.IntN(60)))
		}
	}
	copy(x, []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 9, -10, 1e-30, 20, -1e30})
	got := make([]float32, n)
	tanhLoop32(got, x)
	worst := 0.0
	for i, v := range x {
		w := float32(math.Tanh(float64(v)))
		g := got[i]
		if math.IsNaN(float64(w)) {
			if !math.IsNaN(float64(g)) {
				t.Errorf("tanh(%v) = %v, want NaN", v, g)
			}
			continue
		}
		if math.Signbit(float64(g)) != math.Signbit(float64(w)) {
			t.Errorf("tanh(%v) = %v, want %v (sign)", v, g, w)
		}
		aw := float32(math.Abs(float64(w)))
		ulp := float64(math.Nextafter32(aw, float32(math.Inf(1))) - aw)
		e := math.Abs(float64(g)-float64(w)) / ulp
		worst = max(worst, e)
		if e > 2 {
			t.Errorf("tanh(%v) = %v, want %v (%.1f ulp)", v, g, w, e)
		}
	}
	t.Logf("worst error %.2f ulp", worst)
	for _, m := range []int{1, 3, 7, 8, 9, 15, 17, 100} {
		for off := 0; off < 9; off++ {
			part := make([]float32, m)
			tanhLoop32(part, x[off:off+m])
			sameBits(t, "tanhLoop32 on a part", part, got[off:off+m])
		}
	}
}

// testRowKernels checks the batched row-broadcast Add (vaddRows) and the
// column sums of SumTo (vcolSums) against plain loops in T, bit for bit, on
// widths around the vector width and a few batch sizes, with signed zeros
// (a column of −0 sums to +0, as addTo from a cleared row gives; a single
// row is SumTo's identity).
func testRowKernels[T float](t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, rows := range []int{1, 2, 5, 100} {
		for _, cols := range []int{3, 8, 12, 16, 24, 40, 64, 67} {
			x := vecInputs[T](r, rows*cols)
			for j := 0; j < cols; j += 5 { // a column of −0
				for i := 0; i < rows; i++ {
					x[i*cols+j] = T(math.Copysign(0, -1))
				}
			}
			row := vecInputs[T](r, cols)
			add := make([]T, rows*cols)
			for i := 0; i < rows; i++ {
				for j := 0; j < cols; j++ {
					add[i*cols+j] = x[i*cols+j] + row[j]
				}
			}
			sums := make([]T, cols)
			for j := range sums {
				var s T
				for i := 0; i < rows; i++ {
					s += x[i*cols+j]
				}
				sums[j] = s
			}
			if rows == 1 { // SumTo to its own shape is the identity
				copy(sums, x)
			}
			wide := func(v []T) []float64 {
				w := make([]float64, len(v))
				for i := range v {
					w[i] = float64(v[i])
				}
				return w
			}
			tp := NewTapeOf(dtypeOf[T]())
			xn, rn := tp.Const(NewTensor(rows, cols, wide(x))), tp.Const(NewTensor(1, cols, wide(row)))
			for _, n := range []*Node{Add(xn, rn), Add(rn, xn)} {
				sameBits(t, "broadcast Add", n.Data(), wide(add))
			}
			sameBits(t, "SumTo columns", SumTo(xn, 1, cols).Data(), wide(sums))
		}
	}
}

func dtypeOf[T float]() DType {
	if is32[T]() {
		return Float32
	}
	return Float64
}

func TestRowKernels(t *testing.T) {
	t.Run("float32", testRowKernels[float32])
	t.Run("float64", testRowKernels[float64])
}

// TestAccumulateRows checks AccumulateRows against floats.AddScaled row by
// row (what nn.MLP.Apply did), bit for bit, on widths around the vector
// widths and a few depths.
func TestAccumulateRows(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, rows := range []int{0, 1, 4, 64} {
		for _, cols := range []int{1, 2, 3, 4, 5, 8, 15, 16, 17, 20, 32, 33, 64} {
			x, w, h0 := vecInputs[float64](r, rows), vecInputs[float64](r, rows*cols), vecInputs[float64](r, cols)
			want := append([]float64(nil), h0...)
			for i := 0; i < rows; i++ {
				floats.AddScaled(want, x[i], w[i*cols:(i+1)*cols])
			}
			got := append([]float64(nil), h0...)
			AccumulateRows(got, x, w)
			sameBits(t, "AccumulateRows", got, want)
		}
	}
}

// TestAccumulateRowsStride checks the strided form against the plain loop
// it documents, bit for bit, with rows 0 to 3 elements wider than h.
func TestAccumulateRowsStride(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, rows := range []int{0, 1, 5, 64} {
		for _, cols := range []int{1, 3, 4, 5, 8, 17, 50} {
			for pad := range 4 {
				ldw := cols + pad
				x, h0 := vecInputs[float64](r, rows), vecInputs[float64](r, cols)
				w := vecInputs[float64](r, max(0, (rows-1)*ldw+cols))
				want := append([]float64(nil), h0...)
				for i, xi := range x {
					for j := range want {
						want[j] += float64(xi * w[i*ldw+j])
					}
				}
				got := append([]float64(nil), h0...)
				AccumulateRowsStride(got, x, w, ldw)
				sameBits(t, "AccumulateRowsStride", got, want)
			}
		}
	}
}
