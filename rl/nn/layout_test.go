package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

// panicText runs f and returns the text of its panic ("" if none).
func panicText(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// An MLP applied with a Params of another layout (here a 3→5→2 network's,
// two tensors per layer like the 3→4→2 network's) panics naming the
// mismatched tensor. Apply silently computed a wrong output: it copied the
// first 4 of the 5 biases and AccumulateRows only checks that W is long
// enough (15 weights for 3×4, 10 for 4×2). Forward on the same Params as
// a Bound recorded the other network (a 3-column input, a 2-column
// output) without complaint.
func TestMLPRejectsParamsOfAnotherLayout(t *testing.T) {
	var p, q Params
	m := NewMLP(&p, []int{3, 4, 2}, Tanh, Identity)
	NewMLP(&q, []int{3, 5, 2}, Tanh, Identity)
	for i := range q.Data {
		q.Data[i] = 0.01 * float64(i)
	}
	want := "nn.MLP: tensor 0 of the Params is 3x5, the 3x4 weights of layer 1 of a [3 4 2] network"
	if got := panicText(func() { m.Apply(&q, []float64{1, 2, 3}, make([]float64, 2)) }); got != want {
		t.Errorf("Apply with another layout: panic %q, want %q", got, want)
	}
	tape := ad.NewTape()
	x := tape.Const(ad.NewTensor(1, 3, []float64{1, 2, 3}))
	if got := panicText(func() { m.Forward(q.Const(tape), x) }); got != want {
		t.Errorf("Forward with another layout: panic %q, want %q", got, want)
	}
	// Too few tensors: a one-layer network's Params for a two-layer network.
	var r Params
	NewMLP(&r, []int{3, 4}, Tanh, Identity)
	want = "nn.MLP: a Params of 2 tensors for a [3 4 2] network at tensors 0 to 3"
	if got := panicText(func() { m.Apply(&r, []float64{1, 2, 3}, make([]float64, 2)) }); got != want {
		t.Errorf("Apply with too few tensors: panic %q, want %q", got, want)
	}
	// The right layout (a clone) is accepted and Apply allocates nothing.
	c := p.Clone()
	out := make([]float64, 2)
	if n := testing.AllocsPerRun(10, func() { m.Apply(c, []float64{1, 2, 3}, out) }); n != 0 {
		t.Errorf("Apply allocates %v times", n)
	}
}

// Params.Slice and Slice32 take a flat vector of exactly Len values: a
// longer one (here 11 values for a Params of 10) was silently sliced as if
// laid out like p.
func TestParamsSliceLength(t *testing.T) {
	var p Params
	p.Add(2, 3)
	b := p.Add(1, 4)
	want := "nn: Params.Slice of 11 values for a Params of 10"
	if got := panicText(func() { p.Slice(make([]float64, 11), b) }); got != want {
		t.Errorf("Slice: panic %q, want %q", got, want)
	}
	want = "nn: Params.Slice32 of 11 values for a Params of 10"
	if got := panicText(func() { p.Slice32(make([]float32, 11), b) }); got != want {
		t.Errorf("Slice32: panic %q, want %q", got, want)
	}
	if got := len(p.Slice32(make([]float32, 10), b)); got != 4 {
		t.Errorf("Slice32 of tensor 1: %d values, want 4", got)
	}
}

// The action box of a squashed or deterministic policy must be finite with
// low ≤ high: an infinite bound made the centre (high + low)/2 and the
// half-width infinite, and that coordinate of every action ±Inf or NaN,
// silently; a NaN bound made it NaN; an inverted box flipped the tanh.
func TestActionBoxChecked(t *testing.T) {
	for _, c := range []struct {
		low, high []float64
		want      string
	}{
		{[]float64{-1, -1}, []float64{1, math.Inf(1)}, "action bound 1 is [-1, +Inf], want finite low ≤ high"},
		{[]float64{math.NaN()}, []float64{1}, "action bound 0 is [NaN, 1], want finite low ≤ high"},
		{[]float64{0, 2}, []float64{1, 1}, "action bound 1 is [2, 1], want finite low ≤ high"},
	} {
		var p Params
		if got := panicText(func() { NewSquashed(&p, 3, []int{4}, Relu, c.low, c.high) }); got != "nn.NewSquashed: "+c.want {
			t.Errorf("NewSquashed(%v, %v): panic %q, want %q", c.low, c.high, got, "nn.NewSquashed: "+c.want)
		}
		if got := panicText(func() { NewDeterministic(&p, 3, []int{4}, Relu, c.low, c.high) }); got != "nn.NewDeterministic: "+c.want {
			t.Errorf("NewDeterministic(%v, %v): panic %q, want %q", c.low, c.high, got, "nn.NewDeterministic: "+c.want)
		}
	}
	// A point box (low = high) is allowed: its action is that point.
	var p Params
	d := NewDeterministic(&p, 1, nil, Relu, []float64{0.5}, []float64{0.5})
	out := make([]float64, 1)
	d.Apply(&p, []float64{1}, out)
	if out[0] != 0.5 {
		t.Errorf("point box [0.5, 0.5]: action %v", out[0])
	}
}
