package optim

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Adam against torch.optim.Adam's single-tensor update written as PyTorch
// writes it (weight_decay 0, amsgrad off):
//
//	bias_correction1 = 1 − β₁ᵗ;  bias_correction2 = 1 − β₂ᵗ
//	step_size = lr / bias_correction1
//	denom = √v / √bias_correction2 + ε          (ε outside the root)
//	θ ← θ − step_size · m / denom
//
// with the learning rate and β₁ changed between steps (PyTorch reads them
// from the param group at every step, t counting every step), to 1e-13
// relative: stackel multiplies by 1/√bias_correction2 where PyTorch
// divides, a rounding apart.
func TestAdamMatchesPyTorchFormula(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	p := Param{Data: make([]float64, 7), Grad: make([]float64, 7)}
	for i := range p.Data {
		p.Data[i] = r.NormFloat64()
	}
	theta := slices.Clone(p.Data)
	m, v := make([]float64, 7), make([]float64, 7)
	a := NewAdam([]Param{p}, 3e-3)
	for step := 1; step <= 60; step++ {
		if step == 20 {
			a.SetLR(1e-2)
		}
		if step == 40 {
			a.Beta1 = 0.5
		}
		for i := range p.Grad {
			p.Grad[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(6)-3))
		}
		a.Step()
		lr, b1, b2, eps := a.LR(), a.Beta1, a.Beta2, a.Eps
		bc1 := 1 - math.Pow(b1, float64(step))
		bc2 := 1 - math.Pow(b2, float64(step))
		for i, g := range p.Grad {
			m[i] = b1*m[i] + (1-b1)*g
			v[i] = b2*v[i] + (1-b2)*g*g
			denom := math.Sqrt(v[i])/math.Sqrt(bc2) + eps
			theta[i] -= lr / bc1 * m[i] / denom
			if math.Abs(p.Data[i]-theta[i]) > 1e-13*math.Max(1, math.Abs(theta[i])) {
				t.Fatalf("step %d, element %d: %.17g, PyTorch's formula %.17g", step, i, p.Data[i], theta[i])
			}
		}
	}
	if a.Steps() != 60 {
		t.Errorf("Steps() = %d", a.Steps())
	}
}

// Adam's first step moves every coordinate by lr·g/(|g| + ε): the bias
// corrections undo the (1−β) factors exactly at t = 1. With g = 1e-8 that
// is lr/2 — ε is added to √v̂, not to v̂ (inside the root it would be
// lr·1e-8/√(1e-16 + 1e-8) ≈ lr·1e-4).
func TestAdamEpsOutsideRoot(t *testing.T) {
	p := Param{Data: []float64{0}, Grad: []float64{1e-8}}
	a := NewAdam([]Param{p}, 0.1)
	a.Step()
	if want := -0.1 * 1e-8 / (1e-8 + 1e-8); math.Abs(p.Data[0]-want) > 1e-15 {
		t.Errorf("θ = %v after one step, want %v", p.Data[0], want)
	}
}

// A checkpoint of Adam taken mid-run with Threads = 2 and restored into an
// optimiser with Threads = 1 over a copy of the parameters continues bit
// for bit (the parameters large enough to be split), and so does SGD with
// momentum saved before its first step (no buffers yet) and restored into
// an SGD that has already stepped with momentum (its buffers must not
// survive the load).
func TestCheckpointBitIdenticalContinuation(t *testing.T) {
	ps := mlpParams(9, 200, 100, 3) // 22,303 parameters, one tensor of 20,000
	a := NewAdam(ps, 1e-3)
	a.Threads = 2
	grads := rand.New(rand.NewPCG(5, 6))
	setGrads := func(ps []Param, r *rand.Rand) {
		for _, p := range ps {
			for i := range p.Grad {
				p.Grad[i] = r.NormFloat64()
			}
		}
	}
	for range 3 {
		setGrads(ps, grads)
		a.Step()
	}
	var buf bytes.Buffer
	if err := Save(&buf, a); err != nil {
		t.Fatal(err)
	}
	ps2 := cloneParams(ps)
	b := NewAdam(ps2, 7)
	if err := Load(&buf, b); err != nil {
		t.Fatal(err)
	}
	s1, s2 := rand.New(rand.NewPCG(7, 8)), rand.New(rand.NewPCG(7, 8)) // the same gradients from here on
	for range 4 {
		setGrads(ps, s1)
		setGrads(ps2, s2)
		a.Step()
		b.Step()
	}
	for k := range ps {
		if !slices.Equal(ps[k].Data, ps2[k].Data) {
			t.Fatalf("Adam: tensor %d differs after resuming", k)
		}
	}

	q := []Param{{Data: []float64{1, -2}, Grad: []float64{0.5, 0.25}}}
	s := NewSGD(q, 0.1)
	s.Momentum = 0.9
	state, err := s.MarshalBinary() // before any step: no buffers
	if err != nil {
		t.Fatal(err)
	}
	q2 := cloneParams(q)
	stale := NewSGD(q2, 0.1)
	stale.Momentum = 0.9
	stale.Step() // buffers (0.5, 0.25) that the load must drop
	copy(q2[0].Data, q[0].Data)
	if err := stale.UnmarshalBinary(state); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		s.Step()
		stale.Step()
	}
	if !slices.Equal(q[0].Data, q2[0].Data) {
		t.Fatalf("SGD: %v after resuming, %v uninterrupted", q2[0].Data, q[0].Data)
	}
	// By hand, g constant: b = 0.5, 0.95, 1.355 (first coordinate), θ =
	// 1 − 0.1·(0.5 + 0.95 + 1.355) = 0.7195.
	if math.Abs(q[0].Data[0]-0.7195) > 1e-15 {
		t.Errorf("SGD momentum: θ = %.17g, want 0.7195", q[0].Data[0])
	}
}

// ClipGradNorm with a negative bound used to multiply the gradients by a
// negative factor (turning descent into ascent), and with a NaN bound made
// them NaN, silently; both now panic and leave the gradients alone.
func TestClipGradNormRejectsBadBound(t *testing.T) {
	for _, bound := range []float64{-1, math.NaN()} {
		ps := []Param{{Data: []float64{0, 0}, Grad: []float64{3, 4}}}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("ClipGradNorm(·, %v) did not panic; gradients now %v", bound, ps[0].Grad)
				}
			}()
			ClipGradNorm(ps, bound)
		}()
		if !slices.Equal(ps[0].Grad, []float64{3, 4}) {
			t.Errorf("ClipGradNorm(·, %v) changed the gradients to %v", bound, ps[0].Grad)
		}
	}
	// A zero bound zeroes the gradients, as PyTorch's does.
	ps := []Param{{Data: []float64{0, 0}, Grad: []float64{3, 4}}}
	if n := ClipGradNorm(ps, 0); n != 5 || ps[0].Grad[0] != 0 || ps[0].Grad[1] != 0 {
		t.Errorf("ClipGradNorm(·, 0) = %v, gradients %v", n, ps[0].Grad)
	}
}
