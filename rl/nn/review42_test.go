package nn

import (
	"math/rand/v2"
	"testing"
)

// MLP.Init and ScaleLast read their tensors from p by index without the
// layout check Apply and Forward make: a 3→4→2 network's Init on a 5→4→2
// network's Params (the same four tensors, another first-layer shape)
// drew its 5×4 weights from ±1/√3 instead of ±1/√5, without a word, and on
// a Params of fewer tensors it stopped with a bare "index out of range".
// Both now panic naming the mismatched tensor, as Apply does, changing
// nothing.
func TestInitAndScaleLastRejectParamsOfAnotherLayout(t *testing.T) {
	var p, q, short Params
	m := NewMLP(&p, []int{3, 4, 2}, Tanh, Identity)
	NewMLP(&q, []int{5, 4, 2}, Tanh, Identity)
	NewMLP(&short, []int{3, 4}, Tanh, Identity)
	want := "nn.MLP: tensor 0 of the Params is 5x4, the 3x4 weights of layer 1 of a [3 4 2] network"
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"Init", func() { m.Init(&q, rand.New(rand.NewPCG(1, 2))) }},
		{"ScaleLast", func() { m.ScaleLast(&q, 0.5) }},
	} {
		for i := range q.Data {
			q.Data[i] = 7
		}
		if got := panicText(c.f); got != want {
			t.Errorf("%s with another layout: panic %q, want %q", c.name, got, want)
		}
		for i, x := range q.Data {
			if x != 7 {
				t.Fatalf("%s with another layout changed q.Data[%d] to %v", c.name, i, x)
			}
		}
	}
	wantShort := "nn.MLP: a Params of 2 tensors for a [3 4 2] network at tensors 0 to 3"
	if got := panicText(func() { m.Init(&short, rand.New(rand.NewPCG(1, 2))) }); got != wantShort {
		t.Errorf("Init with fewer tensors: panic %q, want %q", got, wantShort)
	}
	if got := panicText(func() { m.ScaleLast(&short, 0.5) }); got != wantShort {
		t.Errorf("ScaleLast with fewer tensors: panic %q, want %q", got, wantShort)
	}
	// The network's own Params, and a clone, are still accepted.
	if got := panicText(func() { m.Init(&p, rand.New(rand.NewPCG(1, 2))); m.ScaleLast(p.Clone(), 0.5) }); got != "" {
		t.Errorf("Init on its own Params: panic %q", got)
	}
}
