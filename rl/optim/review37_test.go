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

// TestAdamUnmarshalAcceptsInfiniteSecondMomentStepReaches: a finite
// gradient of 1e200 overflows g² and leaves v = +Inf with finite m and a
// finite parameter (update 0): a healthy run's checkpoint can hold it, and
// it must resume to the same numbers as the run continued.
func TestAdamUnmarshalAcceptsInfiniteSecondMomentStepReaches(t *testing.T) {
	mk := func() Param { return Param{Data: []float64{1, 2, 3, 4, 5}, Grad: []float64{1e200, 0.5, -0.25, 1, 2}} }
	p := mk()
	a := NewAdam([]Param{p}, 1e-2)
	a.Step()
	if !math.IsInf(a.v[0][0], 1) || p.Data[0] != 1 {
		t.Fatalf("after a step with g = 1e200: v = %v, θ = %v; want +Inf and 1 (unchanged)", a.v[0][0], p.Data[0])
	}
	data, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	q := mk()
	copy(q.Data, p.Data)
	b := NewAdam([]Param{q}, 1e-2)
	if err := b.UnmarshalBinary(data); err != nil {
		t.Fatalf("state with v = +Inf that Step produced refused: %v", err)
	}
	for i := range p.Grad {
		p.Grad[i], q.Grad[i] = 0.5, 0.5
	}
	a.Step()
	b.Step()
	for i := range p.Data {
		if p.Data[i] != q.Data[i] || math.IsNaN(p.Data[i]) {
			t.Errorf("θ[%d]: continued %v, resumed %v, want equal and finite", i, p.Data[i], q.Data[i])
		}
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
