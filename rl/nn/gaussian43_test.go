package nn

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Gaussian.Init on the parameters of a bare MLP of the same sizes (no log
// σ tensor) indexed past p's tensors ("index out of range [2] with length
// 2"); on a Params whose tensor there has another shape it set that
// tensor's values. It now panics naming the log σ, changing nothing.
func TestGaussianInitRejectsParamsWithoutLogStd(t *testing.T) {
	var p Params
	g := NewGaussian(&p, 3, nil, Tanh, 2) // tensors: W 3×2, b 1×2, log σ 1×2
	var bare Params
	NewMLP(&bare, []int{3, 2}, Tanh, Identity)
	before := slices.Clone(bare.Data)
	want := "nn.Gaussian: a Params of 2 tensors has no log σ (tensor 2)"
	if got := panicText(func() { g.Init(&bare, rand.New(rand.NewPCG(1, 2)), -0.5) }); got != want {
		t.Errorf("Init on a bare MLP's Params: panic %q, want %q", got, want)
	}
	if !slices.Equal(bare.Data, before) {
		t.Errorf("Init changed the Params it refused: %v, was %v", bare.Data, before)
	}
	if got := panicText(func() { g.Sample(&bare, []float64{1, 2, 3}, rand.New(rand.NewPCG(1, 2)), make([]float64, 2)) }); got != want {
		t.Errorf("Sample on a bare MLP's Params: panic %q, want %q", got, want)
	}
	var wide Params
	NewMLP(&wide, []int{3, 2}, Tanh, Identity)
	wide.Add(1, 3)
	want = "nn.Gaussian: tensor 2 of the Params is 1x3, the 1x2 log σ"
	if got := panicText(func() { g.Init(&wide, rand.New(rand.NewPCG(1, 2)), -0.5) }); got != want {
		t.Errorf("Init with a 1x3 log σ: panic %q, want %q", got, want)
	}
	// Its own Params: every log σ is logStd0.
	g.Init(&p, rand.New(rand.NewPCG(1, 2)), -0.5)
	if ls := p.Tensor(g.LogStd).Data; !slices.Equal(ls, []float64{-0.5, -0.5}) {
		t.Errorf("log σ %v, want [-0.5 -0.5]", ls)
	}
}
