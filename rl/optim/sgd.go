package optim

import (
	"fmt"
	"math"
)

// SGD is stochastic gradient descent with optional momentum, in PyTorch's
// convention (no dampening). For each element with gradient g:
//
//	without momentum:  θ ← θ − lr·g
//	with momentum μ:   b ← μ·b + g;  θ ← θ − lr·b            (b starts at 0)
//	Nesterov:          b ← μ·b + g;  θ ← θ − lr·(g + μ·b)
//
// The exported fields may be changed between steps; like torch.optim.SGD,
// Step refuses (panics on) a negative learning rate or momentum, and also a
// non-finite one.
type SGD struct {
	Rate     float64 // learning rate lr
	Momentum float64 // μ; 0 disables momentum
	Nesterov bool    // use Nesterov momentum; no effect when Momentum is 0

	params []Param
	buf    [][]float64 // momentum buffers, allocated on the first step with μ ≠ 0
}

// NewSGD returns a plain gradient-descent optimiser with learning rate lr
// bound to params; set Momentum (and Nesterov) for momentum. It panics if a
// param's Data and Grad lengths differ, or if lr is negative, NaN or
// infinite.
func NewSGD(params []Param, lr float64) *SGD {
	checkParams("NewSGD", params)
	if err := checkRate(lr); err != nil {
		panic("optim: NewSGD: " + err.Error())
	}
	return &SGD{Rate: lr, params: params}
}

// Step implements Optimizer. The momentum buffers are allocated on the first
// step that uses momentum; later steps do not allocate. It panics if a
// hyperparameter is outside the ranges given on SGD. It returns an error,
// changing nothing, if an element's gradient is NaN or infinite or its
// momentum buffer or parameter would not be finite after the step; the
// error names the element by its index over all parameters taken in
// order, e.g. "SGD step: parameter of element 3 would be -Inf (gradient
// 1e+300)".
func (s *SGD) Step() error {
	if err := s.checkHyper(); err != nil {
		panic("optim: SGD.Step: " + err.Error())
	}
	if err := s.checkStep(); err != nil {
		return err
	}
	lr, mu := s.Rate, s.Momentum
	if mu == 0 {
		for _, p := range s.params {
			grad := p.Grad[:len(p.Data)]
			for i, g := range grad {
				p.Data[i] -= lr * g
			}
		}
		return nil
	}
	if s.buf == nil {
		s.buf = zerosLike(s.params)
	}
	for k, p := range s.params {
		b := s.buf[k][:len(p.Data)]
		grad := p.Grad[:len(p.Data)]
		if s.Nesterov {
			for i, g := range grad {
				b[i] = mu*b[i] + g
				p.Data[i] -= lr * (g + mu*b[i])
			}
		} else {
			for i, g := range grad {
				b[i] = mu*b[i] + g
				p.Data[i] -= lr * b[i]
			}
		}
	}
	return nil
}

// checkStep returns an error naming the first element whose gradient is
// not finite, or whose momentum buffer or parameter, computed as Step
// computes them, would not be.
func (s *SGD) checkStep() error {
	lr, mu := s.Rate, s.Momentum
	off := 0
	for k, p := range s.params {
		grad := p.Grad[:len(p.Data)]
		for i, g := range grad {
			if math.IsNaN(g) || math.IsInf(g, 0) {
				return fmt.Errorf("SGD step: gradient of element %d is %v", off+i, g)
			}
			d := g
			if mu != 0 {
				b := 0.0
				if s.buf != nil {
					b = s.buf[k][i]
				}
				b = mu*b + g
				if math.IsNaN(b) || math.IsInf(b, 0) {
					return fmt.Errorf("SGD step: momentum buffer of element %d would be %v (gradient %v)", off+i, b, g)
				}
				d = b
				if s.Nesterov {
					d = g + mu*b
				}
			}
			if x := p.Data[i] - lr*d; math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("SGD step: parameter of element %d would be %v (gradient %v)", off+i, x, g)
			}
		}
		off += len(p.Data)
	}
	return nil
}

// checkHyper returns an error naming the first hyperparameter outside
// torch.optim.SGD's ranges (lr ≥ 0, momentum ≥ 0), non-finite ones
// included.
func (s *SGD) checkHyper() error {
	if err := checkRate(s.Rate); err != nil {
		return err
	}
	if !(s.Momentum >= 0) || math.IsInf(s.Momentum, 1) {
		return fmt.Errorf("Momentum = %v, want a finite μ ≥ 0", s.Momentum)
	}
	return nil
}

// Params implements Optimizer.
func (s *SGD) Params() []Param { return s.params }

// LR implements Optimizer.
func (s *SGD) LR() float64 { return s.Rate }

// SetLR implements Optimizer.
func (s *SGD) SetLR(lr float64) { s.Rate = lr }

// Reset clears the momentum buffers.
func (s *SGD) Reset() {
	for _, b := range s.buf {
		clear(b)
	}
}

type sgdState struct {
	Kind     string
	Rate     float64
	Momentum float64
	Nesterov bool
	Buf      [][]float64
}

// MarshalBinary encodes the hyperparameters and momentum buffers.
func (s *SGD) MarshalBinary() ([]byte, error) {
	return gobEncode(sgdState{"sgd", s.Rate, s.Momentum, s.Nesterov, s.buf})
}

// UnmarshalBinary restores state written by MarshalBinary. Saved momentum
// buffers must match the shapes of the parameters s is bound to and be
// finite; on error s is unchanged.
func (s *SGD) UnmarshalBinary(data []byte) error {
	var st sgdState
	if err := gobDecode(data, &st); err != nil {
		return err
	}
	if st.Kind != "sgd" {
		return fmt.Errorf("%w: state is for %q, not sgd", ErrState, st.Kind)
	}
	hyper := SGD{Rate: st.Rate, Momentum: st.Momentum}
	if err := hyper.checkHyper(); err != nil {
		return fmt.Errorf("%w: sgd %v", ErrState, err)
	}
	if st.Buf != nil {
		st.Buf = fillEmpty(s.params, st.Buf)
		if err := checkShapes(s.params, st.Buf, "momentum buffer"); err != nil {
			return err
		}
		// A non-finite buffer entry makes the next momentum Step's update,
		// and the parameter, non-finite. A healthy run cannot save one: the
		// Step that made it also made the parameter infinite or NaN (even
		// at lr = 0, 0·∞ being NaN), which the agents' end-of-epoch check of
		// the parameters refuses before any checkpoint is written.
		for k, bk := range st.Buf {
			for i, x := range bk {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return fmt.Errorf("%w: momentum buffer[%d][%d] = %v is not finite (a NaN or infinite gradient; the run that saved it had diverged, or the state is corrupt): it would make the next Step's parameter non-finite", ErrState, k, i, x)
				}
			}
		}
		if s.buf == nil {
			s.buf = zerosLike(s.params)
		}
		for k := range s.buf {
			copy(s.buf[k], st.Buf[k])
		}
	} else {
		s.buf = nil
	}
	s.Rate, s.Momentum, s.Nesterov = st.Rate, st.Momentum, st.Nesterov
	return nil
}

var (
	_ Optimizer = (*Adam)(nil)
	_ Optimizer = (*SGD)(nil)
)
