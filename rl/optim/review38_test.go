package optim

import (
	"math"
	"slices"
	"testing"
)

// TestAdamStepRefusesOverflowingSecondMoment: a finite gradient above
// about 4e155 overflowed v = β₂v + (1−β₂)g² to +Inf, after which the
// element's update was exactly 0 for ever, and Step said nothing. Step now
// returns an error naming the element (its index over all parameters)
// and the gradient, changing nothing. Just below the threshold it steps.
func TestAdamStepRefusesOverflowingSecondMoment(t *testing.T) {
	p0 := Param{Data: []float64{1, 2}, Grad: []float64{0.5, 0.5}}
	p1 := Param{Data: []float64{3, 4, 5}, Grad: []float64{0.5, 1e200, 0.5}}
	a := NewAdam([]Param{p0, p1}, 1e-2)
	err := a.Step()
	const want = "Adam step: second moment of element 3 overflowed to +Inf (gradient 1e+200): the element's update would be 0 from then on"
	if err == nil || err.Error() != want {
		t.Fatalf("Step with g = 1e200: %v, want %q", err, want)
	}
	if a.t != 0 || !slices.Equal(p0.Data, []float64{1, 2}) || !slices.Equal(p1.Data, []float64{3, 4, 5}) ||
		slices.ContainsFunc(a.v[1], func(x float64) bool { return x != 0 }) || slices.ContainsFunc(a.m[1], func(x float64) bool { return x != 0 }) {
		t.Errorf("refused Step changed the state: t %d, θ %v %v, m %v, v %v", a.t, p0.Data, p1.Data, a.m, a.v)
	}
	for _, g := range []float64{math.NaN(), math.Inf(-1)} {
		p1.Grad[1] = g
		if err := a.Step(); err == nil || err.Error() != "Adam step: gradient of element 3 is "+fmtFloat(g) {
			t.Errorf("Step with g = %v: %v", g, err)
		}
	}
	// 4e155: (1−β₂)g² = 1.6e308, finite; the step moves θ by lr (m̂/√v̂ = 1).
	p1.Grad[1] = 4e155
	if err := a.Step(); err != nil {
		t.Fatalf("Step with g = 4e155: %v", err)
	}
	if d := 4 - p1.Data[1]; math.Abs(d-1e-2) > 1e-12 {
		t.Errorf("θ moved by %v with g = 4e155, want 1e-2 (tolerance 1e-12)", d)
	}
}

// TestSGDStepRefusesNonFinite: SGD stepped to a parameter or momentum
// buffer of ±Inf (from a finite gradient) or NaN without a word; Step now
// returns an error naming the element and changes nothing.
func TestSGDStepRefusesNonFinite(t *testing.T) {
	cases := []struct {
		mu       float64
		nesterov bool
		g        float64
		want     string
	}{
		{0, false, 1e300, "SGD step: parameter of element 2 would be -Inf (gradient 1e+300)"},
		{0, false, math.NaN(), "SGD step: gradient of element 2 is NaN"},
		{0.9, false, 1e300, "SGD step: parameter of element 2 would be -Inf (gradient 1e+300)"},
		{0.9, true, 1e300, "SGD step: parameter of element 2 would be -Inf (gradient 1e+300)"},
	}
	for _, c := range cases {
		p0 := Param{Data: []float64{1, 2}, Grad: []float64{0.5, 0.5}}
		p1 := Param{Data: []float64{3, 4}, Grad: []float64{c.g, 0.5}}
		s := NewSGD([]Param{p0, p1}, 1e10)
		s.Momentum, s.Nesterov = c.mu, c.nesterov
		err := s.Step()
		if err == nil || err.Error() != c.want {
			t.Errorf("μ %v nesterov %v g %v: %v, want %q", c.mu, c.nesterov, c.g, err, c.want)
		}
		if !slices.Equal(p0.Data, []float64{1, 2}) || !slices.Equal(p1.Data, []float64{3, 4}) || s.buf != nil {
			t.Errorf("μ %v g %v: refused Step changed the state: θ %v %v, buffers %v", c.mu, c.g, p0.Data, p1.Data, s.buf)
		}
	}
}

// TestSGDStepRefusesOverflowingBuffer: at lr = 0 the parameter stays
// finite while the buffer b = μb + g overflows on the second step with
// g = MaxFloat64; Step reports the buffer and leaves it as it was.
func TestSGDStepRefusesOverflowingBuffer(t *testing.T) {
	p := Param{Data: []float64{1, 2}, Grad: []float64{0.5, math.MaxFloat64}}
	s := NewSGD([]Param{p}, 0)
	s.Momentum = 0.9
	if err := s.Step(); err != nil {
		t.Fatal(err)
	}
	err := s.Step()
	const want = "SGD step: momentum buffer of element 1 would be +Inf (gradient 1.7976931348623157e+308)"
	if err == nil || err.Error() != want {
		t.Errorf("second Step: %v, want %q", err, want)
	}
	if s.buf[0][0] != 0.5 || s.buf[0][1] != math.MaxFloat64 {
		t.Errorf("refused Step changed the buffer: %v", s.buf[0])
	}
}

func fmtFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "+Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	return ""
}
