package ad

import (
	"math"
	"testing"
)

// TestSoftmaxAtLargeLogits checks Softmax, LogSoftmax and the gradient of
// LogSumExp at logits whose magnitude swamps ln Σ exp(x − max x) in
// max x + ln Σ: exp(x − LogSumExp(x)) gave Softmax (1, 1, 0) for the
// logits (1e30, 1e30, 0) (a sum of 2), LogSoftmax (0, 0, −1e30) and the
// LogSumExp gradient (1, 1, 0). The values must be (½, ½, 0),
// (−ln 2, −ln 2, −1e30) and (½, ½, 0), in both dtypes, within 4 ulp of
// the dtype (relative), for positive and negative logits, and for a pair
// 1 apart at 4e6: softmax (1/(1+e), e/(1+e)).
func TestSoftmaxAtLargeLogits(t *testing.T) {
	e := math.E
	cases := []struct {
		x       []float64
		sm, lsm []float64
	}{
		{[]float64{1e30, 1e30, 0}, []float64{0.5, 0.5, 0}, []float64{-math.Ln2, -math.Ln2, -1e30}},
		{[]float64{-1e30, -1e30}, []float64{0.5, 0.5}, []float64{-math.Ln2, -math.Ln2}},
		{[]float64{4e6, 4e6 + 1}, []float64{1 / (1 + e), e / (1 + e)}, []float64{-math.Log1p(e), 1 - math.Log1p(e)}},
	}
	for _, dt := range []DType{Float64, Float32} {
		eps := 4 * 0x1p-52
		if dt == Float32 {
			eps = 4 * 0x1p-23
		}
		near := func(got, want float64) bool {
			return got == want || math.Abs(got-want) <= eps*math.Abs(want)
		}
		for _, c := range cases {
			tp := NewTapeOf(dt)
			x := tp.Var(NewTensor(1, len(c.x), c.x))
			xs := x.Data() // the inputs as the tape holds them
			sm, lsm := Softmax(x).Data(), LogSoftmax(x).Data()
			g := Grad(LogSumExp(x), x)[0].Data()
			for j := range c.x {
				lw := c.lsm[j]
				if dt == Float32 && math.Abs(c.x[j]) > 1e20 {
					lw = xs[j] - xs[0] - math.Ln2 // −1e30 rounded to float32
				}
				if !near(sm[j], c.sm[j]) || !near(lsm[j], lw) || !near(g[j], c.sm[j]) {
					t.Errorf("%v logits %v: element %d: Softmax %v, LogSoftmax %v, ∇LogSumExp %v; want %v, %v, %v",
						dt, c.x, j, sm[j], lsm[j], g[j], c.sm[j], lw, c.sm[j])
				}
			}
		}
	}
}

// TestSoftmaxModerateLogitsKeepTheirBits checks that below the switch to
// the shifted form (a row maximum of magnitude 2²⁰) Softmax and
// LogSoftmax are still exp(x − LogSumExp(x)) and x − LogSumExp(x) bit for
// bit, the numbers committed results were computed with.
func TestSoftmaxModerateLogitsKeepTheirBits(t *testing.T) {
	x := []float64{0.3, -1.7, 2.9, 1e5, 1e5 - 0.25}
	for _, row := range [][]float64{x[:3], x[3:]} {
		tp := NewTape()
		n := tp.Const(NewTensor(1, len(row), row))
		sm, lsm := Softmax(n).Data(), LogSoftmax(n).Data()
		lse := logSumExp(row)
		for j, v := range row {
			if sm[j] != math.Exp(v-lse) || lsm[j] != v-lse {
				t.Errorf("logits %v: element %d: Softmax %v, LogSoftmax %v; want %v, %v", row, j, sm[j], lsm[j], math.Exp(v-lse), v-lse)
			}
		}
	}
}

// TestFloat32MeanIsTheRoundedSumScaled pins the package documentation's
// account of a float32 Mean: the float64 sum rounded to float32, then
// scaled by 1/n in float32, so that the mean of (3e38, 3e38) is +Inf (the
// sum 6e38 passes the float32 range) though the mean itself is in range.
func TestFloat32MeanIsTheRoundedSumScaled(t *testing.T) {
	big := float64(float32(3e38))
	tp := NewTapeOf(Float32)
	if got := Mean(tp.Const(NewTensor(1, 2, []float64{big, big}))).Scalar(); !math.IsInf(got, 1) {
		t.Errorf("float32 Mean(3e38, 3e38) = %v, want +Inf as documented", got)
	}
}
