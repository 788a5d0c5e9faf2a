package ad

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// tanhRef returns tanh x correctly rounded, from 200-bit arithmetic:
// tanh x = (e^{2x} − 1)/(e^{2x} + 1) with e^{2x} from math/big's
// series-free identity via repeated squaring of a high-precision exp.
func tanhRef(x float64) float64 {
	const prec = 200
	// exp by Taylor series on x/2^m, then squaring.
	m := 12
	y := new(big.Float).SetPrec(prec).SetFloat64(2 * x)
	y.Quo(y, new(big.Float).SetPrec(prec).SetFloat64(math.Ldexp(1, m)))
	sum := new(big.Float).SetPrec(prec).SetFloat64(1)
	term := new(big.Float).SetPrec(prec).SetFloat64(1)
	for n := 1; n < 60; n++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(n)))
		sum.Add(sum, term)
	}
	for i := 0; i < m; i++ {
		sum.Mul(sum, sum)
	}
	num := new(big.Float).SetPrec(prec).Sub(sum, big.NewFloat(1))
	den := new(big.Float).SetPrec(prec).Add(sum, big.NewFloat(1))
	v, _ := num.Quo(num, den).Float64()
	return v
}

// TestTanhAccuracy compares the engine's tanh (the vector kernel where the
// CPU has one) with a 200-bit reference on random arguments over [−25, 25]
// and near 0: at most 3 ulp apart. Special values ±0, ±Inf, ±20, huge and
// NaN match math.Tanh.
func TestTanhAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	worst := 0.0
	for i := 0; i < 4000; i++ {
		var x float64
		switch i % 4 {
		case 0:
			x = 50 * (r.Float64() - 0.5)
		case 1:
			x = 2 * (r.Float64() - 0.5)
		case 2:
			x = math.Ldexp(r.Float64()-0.5, -r.IntN(40))
		default:
			x = 0.7 * (r.Float64() - 0.5)
		}
		got, want := tanhOf(x), tanhRef(x)
		ulp := math.Abs(got-want) / (math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want))
		worst = max(worst, ulp)
		if ulp > 3 {
			t.Errorf("tanh(%.17g) = %.17g, want %.17g (%.1f ulp)", x, got, want, ulp)
		}
	}
	t.Logf("worst error %.2f ulp", worst)
	for _, x := range []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), -19.5, 20, 30, math.MaxFloat64} {
		if got, want := tanhOf(x), math.Tanh(x); got != want || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("tanh(%g) = %g, want %g", x, got, want)
		}
	}
	if !math.IsNaN(tanhOf(math.NaN())) {
		t.Error("tanh(NaN) is not NaN")
	}
}

// tanhOf evaluates x through tanhLoop, in the vector path (lane 2 of 4).
func tanhOf(x float64) float64 {
	in := []float64{0.5, -1, x, 3}
	out := make([]float64, 4)
	tanhLoop(out, in)
	return out[2]
}

func BenchmarkTanh(b *testing.B) {
	x := make([]float64, 10000)
	d := make([]float64, len(x))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range x {
		x[i] = 2 * r.NormFloat64()
	}
	b.Run("math", func(b *testing.B) {
		for b.Loop() {
			for i, v := range x {
				d[i] = math.Tanh(v)
			}
		}
	})
	b.Run("ad", func(b *testing.B) {
		for b.Loop() {
			tanhLoop(d, x)
		}
	})
}
