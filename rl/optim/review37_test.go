package optim

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestAdamUnmarshalRefusesNonFiniteMoments: UnmarshalBinary refused a
// negative second moment but accepted a NaN in either moment and an
// infinite first moment, after which the next Step made the parameter NaN.
func TestAdamUnmarshalRefusesNonFiniteMoments(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		name   string
		m, v   float64
		prefix string
	}{
		{"m NaN", nan, 1, "first moment[0][1] = NaN is not finite"},
		{"m +Inf", inf, 1, "first moment[0][1] = +Inf is not finite"},
		{"m -Inf", -inf, 1, "first moment[0][1] = -Inf is not finite"},
		{"v NaN", 0.5, nan, "second moment[0][1] = NaN (a NaN gradient"},
		{"v -Inf", 0.5, -inf, "second moment[0][1] = -Inf is negative"},
	} {
		data, err := gobEncode(adamState{"adam", 1e-3, 0.9, 0.999, 1e-8, 3,
			[][]float64{{0.1, c.m}}, [][]float64{{0.2, c.v}}})
		if err != nil {
			t.Fatal(err)
		}
		p := Param{Data: []float64{1, 2}, Grad: []float64{0.5, 0.5}}
		a := NewAdam([]Param{p}, 1e-2)
		err = a.UnmarshalBinary(data)
		if err == nil || !errors.Is(err, ErrState) || !strings.Contains(err.Error(), c.prefix) {
			t.Errorf("%s: error %v, want ErrState containing %q", c.name, err, c.prefix)
			continue
		}
		if a.Steps() != 0 || a.Rate != 1e-2 || a.m[0][1] != 0 || a.v[0][1] != 0 {
			t.Errorf("%s: a changed on error: t=%d rate=%v m=%v v=%v", c.name, a.Steps(), a.Rate, a.m, a.v)
		}
		a.Step()
		if d := p.Data[1]; math.IsNaN(d) || math.IsInf(d, 0) {
			t.Errorf("%s: parameter %v after a Step from the refused state's optimiser", c.name, d)
		}
	}
}

// TestAdamUnmarshalAcceptsInfiniteSecondMoment: a state with v = +Inf
// and finite m (what Step saved before it refused to overflow v, from a
// gradient of 1e200) still loads, so that its parameters can be
// restored, and the next Step reports the element instead of updating it
// by 0, changing nothing.
func TestAdamUnmarshalAcceptsInfiniteSecondMoment(t *testing.T) {
	data, err := gobEncode(adamState{"adam", 1e-2, 0.9, 0.999, 1e-8, 1,
		[][]float64{{1e199, 0.05, -0.025, 0.1, 0.2}}, [][]float64{{math.Inf(1), 2.5e-4, 6.25e-5, 1e-3, 4e-3}}})
	if err != nil {
		t.Fatal(err)
	}
	p := Param{Data: []float64{1, 2, 3, 4, 5}, Grad: []float64{0.5, 0.5, 0.5, 0.5, 0.5}}
	b := NewAdam([]Param{p}, 1e-2)
	if err := b.UnmarshalBinary(data); err != nil {
		t.Fatalf("state with v = +Inf refused: %v", err)
	}
	err = b.Step()
	const want = "Adam step: second moment of element 0 is already +Inf (a restored state saved after it overflowed): the element's update would be 0 (gradient 0.5)"
	if err == nil || err.Error() != want {
		t.Fatalf("Step after restoring v = +Inf: %v, want %q", err, want)
	}
	if b.t != 1 || p.Data[1] != 2 || b.m[0][1] != 0.05 || b.v[0][1] != 2.5e-4 {
		t.Errorf("refused Step changed the state: t %d, θ %v, m %v, v %v", b.t, p.Data, b.m[0], b.v[0])
	}
}

// TestSGDUnmarshalRefusesNonFiniteBuffer: a NaN or infinite momentum
// buffer entry was accepted, and the next Step made the parameter NaN or
// infinite.
func TestSGDUnmarshalRefusesNonFiniteBuffer(t *testing.T) {
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		data, err := gobEncode(sgdState{"sgd", 0.1, 0.9, false, [][]float64{{0.5, x}}})
		if err != nil {
			t.Fatal(err)
		}
		p := Param{Data: []float64{1, 2}, Grad: []float64{0.5, 0.5}}
		s := NewSGD([]Param{p}, 0.2)
		err = s.UnmarshalBinary(data)
		want := "momentum buffer[0][1] = " + fmt.Sprint(x) + " is not finite"
		if err == nil || !errors.Is(err, ErrState) || !strings.Contains(err.Error(), want) {
			t.Errorf("buffer %v: error %v, want ErrState containing %q", x, err, want)
			continue
		}
		if s.Rate != 0.2 || s.Momentum != 0 || s.buf != nil {
			t.Errorf("buffer %v: s changed on error: rate %v momentum %v buf %v", x, s.Rate, s.Momentum, s.buf)
		}
	}
}
