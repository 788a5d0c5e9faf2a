package optim

import (
	"math"
	"testing"
)

// Reset after restoring a state whose second moment is above vSafe (here
// +Inf, which UnmarshalBinary accepts) clears every moment, so the
// restored-large flag must go too: it was left set, and every later Step
// took checkMoments' element-by-element pass for v = 0 (same numbers,
// one more pass over every parameter per step). After Reset the flag is
// false, and the next step is a fresh Adam's first step bit for bit
// (from m = v = 0, t = 0).
func TestAdamResetClearsRestoredLargeMoment(t *testing.T) {
	p := Param{Data: []float64{1, -2}, Grad: []float64{0.5, -0.25}}
	a := NewAdam([]Param{p}, 0.1)
	state, err := gobEncode(adamState{"adam", 0.1, 0.9, 0.999, 1e-8, 7,
		[][]float64{{0.1, 0.2}}, [][]float64{{math.Inf(1), 0.3}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.UnmarshalBinary(state); err != nil {
		t.Fatal(err)
	}
	if !a.vLarge {
		t.Fatal("restored v = +Inf: vLarge false")
	}
	a.Reset()
	if a.vLarge {
		t.Error("vLarge still set after Reset cleared every second moment")
	}
	q := Param{Data: []float64{1, -2}, Grad: []float64{0.5, -0.25}}
	fresh := NewAdam([]Param{q}, 0.1)
	if err := a.Step(); err != nil {
		t.Fatal(err)
	}
	if err := fresh.Step(); err != nil {
		t.Fatal(err)
	}
	for i := range p.Data {
		if p.Data[i] != q.Data[i] {
			t.Errorf("element %d after Reset and one step: %.17g, a fresh Adam's %.17g", i, p.Data[i], q.Data[i])
		}
	}
}
