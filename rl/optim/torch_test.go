package optim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// panicMessage runs f and returns its panic value as a string ("" when it
// returns normally).
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// Adam with β₁ = 1 or β₂ = 1 divided by a zero bias correction and made
// every parameter NaN after one step; a NaN rate did the same, a negative
// one ascended, a negative ε could zero the denominator; SGD accepted a
// negative rate or momentum. torch.optim.Adam and torch.optim.SGD raise
// ValueError for all of these; Step now panics naming the field and leaves
// the parameters alone, the constructors refuse the rate, and a checkpoint
// holding such values is an ErrState. lr = 0 (PyTorch accepts it) is a
// step that changes nothing.
func TestHyperparametersOutsideTorchRangesPanic(t *testing.T) {
	adam := []struct {
		set  func(*Adam)
		want string
	}{
		{func(a *Adam) { a.Beta1 = 1 }, "optim: Adam.Step: Beta1 = 1, want 0 ≤ β < 1 (the bias correction 1 − βᵗ must be positive)"},
		{func(a *Adam) { a.Beta2 = 1 }, "optim: Adam.Step: Beta2 = 1, want 0 ≤ β < 1 (the bias correction 1 − βᵗ must be positive)"},
		{func(a *Adam) { a.Beta1 = -0.1 }, "optim: Adam.Step: Beta1 = -0.1, want 0 ≤ β < 1 (the bias correction 1 − βᵗ must be positive)"},
		{func(a *Adam) { a.Beta2 = math.NaN() }, "optim: Adam.Step: Beta2 = NaN, want 0 ≤ β < 1 (the bias correction 1 − βᵗ must be positive)"},
		{func(a *Adam) { a.SetLR(-1) }, "optim: Adam.Step: learning rate -1, want a finite lr ≥ 0"},
		{func(a *Adam) { a.SetLR(math.NaN()) }, "optim: Adam.Step: learning rate NaN, want a finite lr ≥ 0"},
		{func(a *Adam) { a.SetLR(math.Inf(1)) }, "optim: Adam.Step: learning rate +Inf, want a finite lr ≥ 0"},
		{func(a *Adam) { a.Eps = -1e-8 }, "optim: Adam.Step: Eps = -1e-08, want a finite ε ≥ 0"},
	}
	for _, c := range adam {
		p := Param{Data: []float64{1, 2}, Grad: []float64{0.5, -0.25}}
		a := NewAdam([]Param{p}, 1e-3)
		c.set(a)
		if got := panicMessage(func() { a.Step() }); got != c.want {
			t.Errorf("Step panicked with %q, want %q", got, c.want)
		}
		if !slices.Equal(p.Data, []float64{1, 2}) || a.Steps() != 0 {
			t.Errorf("%q: parameters %v, steps %d after the refused step", c.want, p.Data, a.Steps())
		}
		// The same values restored from a checkpoint are refused too.
		state, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		b := NewAdam([]Param{{Data: []float64{0, 0}, Grad: []float64{0, 0}}}, 1e-3)
		if err := b.UnmarshalBinary(state); !errors.Is(err, ErrState) || b.Beta1 != 0.9 || b.Beta2 != 0.999 || b.Rate != 1e-3 {
			t.Errorf("%q: UnmarshalBinary = %v, hyperparameters now %v %v %v", c.want, err, b.Rate, b.Beta1, b.Beta2)
		}
	}
	if got, want := panicMessage(func() { NewAdam(nil, -3e-4) }), "optim: NewAdam: learning rate -0.0003, want a finite lr ≥ 0"; got != want {
		t.Errorf("NewAdam(-3e-4) panicked with %q, want %q", got, want)
	}

	sgd := []struct {
		set  func(*SGD)
		want string
	}{
		{func(s *SGD) { s.SetLR(-0.1) }, "optim: SGD.Step: learning rate -0.1, want a finite lr ≥ 0"},
		{func(s *SGD) { s.Momentum = -0.9 }, "optim: SGD.Step: Momentum = -0.9, want a finite μ ≥ 0"},
		{func(s *SGD) { s.Momentum = math.NaN() }, "optim: SGD.Step: Momentum = NaN, want a finite μ ≥ 0"},
	}
	for _, c := range sgd {
		p := Param{Data: []float64{1, 2}, Grad: []float64{0.5, -0.25}}
		s := NewSGD([]Param{p}, 0.1)
		c.set(s)
		if got := panicMessage(func() { s.Step() }); got != c.want {
			t.Errorf("Step panicked with %q, want %q", got, c.want)
		}
		if !slices.Equal(p.Data, []float64{1, 2}) {
			t.Errorf("%q: parameters %v after the refused step", c.want, p.Data)
		}
		state, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if err := NewSGD(nil, 0.1).UnmarshalBinary(state); !errors.Is(err, ErrState) {
			t.Errorf("%q: UnmarshalBinary = %v, want ErrState", c.want, err)
		}
	}
	if got, want := panicMessage(func() { NewSGD(nil, math.NaN()) }), "optim: NewSGD: learning rate NaN, want a finite lr ≥ 0"; got != want {
		t.Errorf("NewSGD(NaN) panicked with %q, want %q", got, want)
	}

	// lr = 0: the moments advance (m = (1 − β₁³)·g after three equal
	// gradients, to 1e-15), the parameters do not move.
	p := Param{Data: []float64{1, 2}, Grad: []float64{0.5, -0.25}}
	a := NewAdam([]Param{p}, 0)
	for range 3 {
		a.Step()
	}
	if !slices.Equal(p.Data, []float64{1, 2}) || a.Steps() != 3 || math.Abs(a.m[0][0]-0.5*(1-0.9*0.9*0.9)) > 1e-15 {
		t.Errorf("lr = 0: parameters %v, steps %d, m %v", p.Data, a.Steps(), a.m[0])
	}
}

// Adam against torch.optim.Adam run in float32 (the PyTorch default
// dtype), written from its update with every operation rounded to float32:
// on float32-representable parameters and gradients (magnitudes 1e-3 to
// 1e2) over 50 steps, stackel's float64 Adam stays within 1e-6·max(1, |θ|)
// of it (the float32 run's own rounding of each step's lr·m̂/(√v̂ + ε): the
// largest gap seen is below 3e-7, a few float32 ulp);
// TestAdamMatchesPyTorchFormula is the float64 oracle.
func TestAdamMatchesPyTorchFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(51, 52))
	const n = 16
	p := Param{Data: make([]float64, n), Grad: make([]float64, n)}
	th32 := make([]float32, n)
	for i := range th32 {
		th32[i] = float32(r.NormFloat64())
		p.Data[i] = float64(th32[i])
	}
	m32, v32 := make([]float32, n), make([]float32, n)
	a := NewAdam([]Param{p}, 1e-2)
	lr, b1, b2, eps := float32(1e-2), float32(0.9), float32(0.999), float32(1e-8)
	for step := 1; step <= 50; step++ {
		for i := range p.Grad {
			g := float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(6)-3)))
			p.Grad[i] = float64(g)
		}
		a.Step()
		bc1 := 1 - float32(math.Pow(float64(b1), float64(step)))
		bc2 := 1 - float32(math.Pow(float64(b2), float64(step)))
		stepSize := lr / bc1
		bc2Sqrt := float32(math.Sqrt(float64(bc2)))
		for i := range th32 {
			g := float32(p.Grad[i])
			m32[i] = m32[i]*b1 + g*(1-b1)
			v32[i] = v32[i]*b2 + (1-b2)*g*g
			denom := float32(math.Sqrt(float64(v32[i])))/bc2Sqrt + eps
			th32[i] -= stepSize * (m32[i] / denom)
			if d := math.Abs(p.Data[i] - float64(th32[i])); d > 1e-6*math.Max(1, math.Abs(p.Data[i])) {
				t.Fatalf("step %d, element %d: %.9g, PyTorch float32 %.9g", step, i, p.Data[i], th32[i])
			}
		}
	}
}
