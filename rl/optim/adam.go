package optim

import (
	"fmt"
	"math"
)

// Adam is the Adam optimiser of Kingma & Ba (2015). For each element, with
// gradient g at step t = 1, 2, …:
//
//	m ← β₁·m + (1−β₁)·g
//	v ← β₂·v + (1−β₂)·g²
//	m̂ = m / (1−β₁ᵗ),  v̂ = v / (1−β₂ᵗ)
//	θ ← θ − lr·m̂ / (√v̂ + ε)
//
// This is the same update as PyTorch's torch.optim.Adam without weight
// decay. The exported hyperparameters may be changed between steps.
type Adam struct {
	Rate  float64 // learning rate lr
	Beta1 float64 // default 0.9
	Beta2 float64 // default 0.999
	Eps   float64 // default 1e-8

	params []Param
	m, v   [][]float64
	t      int
}

// NewAdam returns an Adam optimiser with learning rate lr and the default
// β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bound to params. It panics if a param's
// Data and Grad lengths differ.
func NewAdam(params []Param, lr float64) *Adam {
	checkParams("NewAdam", params)
	return &Adam{
		Rate: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8,
		params: params,
		m:      zerosLike(params),
		v:      zerosLike(params),
	}
}

// Step implements Optimizer.
func (a *Adam) Step() {
	a.t++
	b1, b2 := a.Beta1, a.Beta2
	bc1 := 1 - math.Pow(b1, float64(a.t))
	bc2 := 1 - math.Pow(b2, float64(a.t))
	stepSize := a.Rate / bc1
	invSqrtBC2 := 1 / math.Sqrt(bc2)
	eps := a.Eps
	for k, p := range a.params {
		m, v := a.m[k], a.v[k]
		data, grad := p.Data, p.Grad
		m = m[:len(data)]
		v = v[:len(data)]
		grad = grad[:len(data)]
		// The first multiple of 4 in vector registers (same operations).
		f := adamFast(data, m, v, grad, b1, b2, stepSize, invSqrtBC2, eps)
		for i := f; i < len(grad); i++ {
			g := grad[i]
			mi := b1*m[i] + (1-b1)*g
			vi := b2*v[i] + (1-b2)*g*g
			m[i], v[i] = mi, vi
			data[i] -= stepSize * mi / (math.Sqrt(vi)*invSqrtBC2 + eps)
		}
	}
}

// Steps returns the number of steps taken, t.
func (a *Adam) Steps() int { return a.t }

// Params implements Optimizer.
func (a *Adam) Params() []Param { return a.params }

// LR implements Optimizer.
func (a *Adam) LR() float64 { return a.Rate }

// SetLR implements Optimizer.
func (a *Adam) SetLR(lr float64) { a.Rate = lr }

// Reset clears the moment estimates and the step count.
func (a *Adam) Reset() {
	for k := range a.m {
		clear(a.m[k])
		clear(a.v[k])
	}
	a.t = 0
}

type adamState struct {
	Kind                    string
	Rate, Beta1, Beta2, Eps float64
	T                       int
	M, V                    [][]float64
}

// MarshalBinary encodes the hyperparameters, step count and moment
// estimates.
func (a *Adam) MarshalBinary() ([]byte, error) {
	return gobEncode(adamState{"adam", a.Rate, a.Beta1, a.Beta2, a.Eps, a.t, a.m, a.v})
}

// UnmarshalBinary restores state written by MarshalBinary. The state must
// match the shapes of the parameters a is bound to; on error a is unchanged.
func (a *Adam) UnmarshalBinary(data []byte) error {
	var s adamState
	if err := gobDecode(data, &s); err != nil {
		return err
	}
	if s.Kind != "adam" {
		return fmt.Errorf("%w: state is for %q, not adam", ErrState, s.Kind)
	}
	if s.T < 0 {
		return fmt.Errorf("%w: negative step count", ErrState)
	}
	// gob omits empty slices; restore them before the shape check.
	s.M, s.V = fillEmpty(a.params, s.M), fillEmpty(a.params, s.V)
	if err := checkShapes(a.params, s.M, "first moment"); err != nil {
		return err
	}
	if err := checkShapes(a.params, s.V, "second moment"); err != nil {
		return err
	}
	for k := range a.m {
		copy(a.m[k], s.M[k])
		copy(a.v[k], s.V[k])
	}
	a.Rate, a.Beta1, a.Beta2, a.Eps, a.t = s.Rate, s.Beta1, s.Beta2, s.Eps, s.T
	return nil
}

// fillEmpty replaces nil entries (gob drops empty slices) by empty slices
// where the parameter is empty, and pads a nil outer slice when every
// parameter is empty, so that zero-length tensors round-trip.
func fillEmpty(params []Param, state [][]float64) [][]float64 {
	if state == nil && len(params) > 0 {
		state = make([][]float64, len(params))
	}
	for i := range state {
		if state[i] == nil && i < len(params) && len(params[i].Data) == 0 {
			state[i] = []float64{}
		}
	}
	return state
}
