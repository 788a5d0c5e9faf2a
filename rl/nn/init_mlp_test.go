package nn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stackel/stackel/ad"
)

// Init draws every weight and every bias of layer l from U(−b, b) with
// b = 1/√Sizes[l] (PyTorch's nn.Linear: kaiming_uniform with a = √5 gives
// gain·√(3/fan_in) = 1/√fan_in for the weights, and 1/√fan_in for the
// biases), in tensor order: weights row-major, then biases, layer by
// layer, each value bound·(2u − 1) of the generator's next Float64 u. The
// same seed gives the same bits.
func TestInitDrawsEachTensorInOrder(t *testing.T) {
	sizes := []int{9, 16, 4, 3}
	var p Params
	m := NewMLP(&p, sizes, Tanh, Identity)
	m.Init(&p, rand.New(rand.NewPCG(7, 8)))

	u := rand.New(rand.NewPCG(7, 8))
	k := 0
	for l := 0; l+1 < len(sizes); l++ {
		b := 1 / math.Sqrt(float64(sizes[l]))
		for _, n := range []int{sizes[l] * sizes[l+1], sizes[l+1]} {
			for range n {
				if want := b * (2*u.Float64() - 1); p.Data[k] != want {
					t.Fatalf("layer %d, value %d: %v, want %v", l, k, p.Data[k], want)
				}
				if math.Abs(p.Data[k]) > b {
					t.Fatalf("layer %d, value %d: %v outside ±%v", l, k, p.Data[k], b)
				}
				k++
			}
		}
	}
	if k != p.Len() {
		t.Fatalf("%d values checked of %d", k, p.Len())
	}
	var q Params
	m2 := NewMLP(&q, sizes, Tanh, Identity)
	m2.Init(&q, rand.New(rand.NewPCG(7, 8)))
	if !slices.Equal(p.Data, q.Data) {
		t.Fatal("same seed, different initial parameters")
	}
}

// A 2-2-1 tanh network evaluated by hand: W₁ = [[1, 2], [3, 4]] (inputs as
// rows), b₁ = (0.5, −1), W₂ = [[2], [−1]], b₂ = 0.25, x = (0.1, −0.2):
// x W₁ + b₁ = (0.1 − 0.6 + 0.5, 0.2 − 0.8 − 1) = (0, −1.6), tanh → (0,
// tanh(−1.6)), y = −tanh(−1.6)·1 + 0.25 = tanh(1.6) + 0.25. Forward on
// float64 and float32 tapes and Apply agree with it (float32 to 1e-6), and
// so do the float32 tape's gradients with the float64 tape's.
func TestMLPHandAndFloat32(t *testing.T) {
	var p Params
	m := NewMLP(&p, []int{2, 2, 1}, Tanh, Identity)
	copy(p.Tensor(m.w[0]).Data, []float64{1, 2, 3, 4})
	copy(p.Tensor(m.b[0]).Data, []float64{0.5, -1})
	copy(p.Tensor(m.w[1]).Data, []float64{2, -1})
	copy(p.Tensor(m.b[1]).Data, []float64{0.25})
	x := []float64{0.1, -0.2}
	want := math.Tanh(1.6) + 0.25

	out := make([]float64, 1)
	m.Apply(&p, x, out)
	if math.Abs(out[0]-want) > 1e-15 {
		t.Errorf("Apply = %.17g, want %.17g", out[0], want)
	}
	grads := map[ad.DType][]float64{}
	for _, dt := range []ad.DType{ad.Float64, ad.Float32} {
		tp := ad.NewTapeOf(dt)
		b := p.Var(tp)
		y := m.Forward(b, tp.Const(ad.NewTensor(1, 2, x)))
		tol := 1e-15
		if dt == ad.Float32 {
			tol = 1e-6
		}
		if got := y.Scalar(); math.Abs(got-want) > tol {
			t.Errorf("%v Forward = %.17g, want %.17g", dt, got, want)
		}
		g := make([]float64, p.Len())
		b.Grad(ad.Sum(y), g)
		grads[dt] = g
	}
	// Hand gradient of y: ∂y/∂b₂ = 1, ∂y/∂W₂ = h = (0, tanh(−1.6)),
	// ∂y/∂b₁ = W₂ ⊙ (1 − h²) = (2, −(1 − tanh²1.6)), ∂y/∂W₁ = xᵀ ∂y/∂b₁.
	s := 1 - math.Tanh(1.6)*math.Tanh(1.6)
	hand := []float64{0.1 * 2, 0.1 * -s, -0.2 * 2, -0.2 * -s, 2, -s, 0, math.Tanh(-1.6), 1}
	for i, h := range hand {
		if math.Abs(grads[ad.Float64][i]-h) > 1e-15 {
			t.Errorf("float64 gradient[%d] = %v, want %v", i, grads[ad.Float64][i], h)
		}
		if math.Abs(grads[ad.Float32][i]-h) > 1e-6 {
			t.Errorf("float32 gradient[%d] = %v, want %v", i, grads[ad.Float32][i], h)
		}
	}
}
