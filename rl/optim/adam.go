package optim

import (
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
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
// decay. The exported hyperparameters may be changed between steps; like
// torch.optim.Adam, Step refuses (panics on) a learning rate or ε that is
// negative, and a β outside [0, 1), and also a non-finite learning rate or
// ε: β₁ = 1 or β₂ = 1 makes a bias correction 1 − βᵗ zero and every
// parameter NaN, and a negative rate turns descent into ascent.
type Adam struct {
	Rate  float64 // learning rate lr
	Beta1 float64 // default 0.9
	Beta2 float64 // default 0.999
	Eps   float64 // default 1e-8
	// Threads splits the update of each parameter of at least 2¹⁴
	// elements over up to Threads goroutines (ad.ParallelFor, by blocks of
	// elements: the numbers are the same bits for every value). 0 or 1:
	// the calling goroutine only.
	Threads int

	params []Param
	m, v   [][]float64
	t      int
	// vLarge records that a restored second moment is above vSafe (or
	// +Inf), so that Step cannot take its fast check (checkMoments).
	vLarge bool
	// mMax[k] bounds |m| over parameter k's elements (up to rounding that
	// would take ~10¹⁵ steps to matter); mNext holds the bound after the
	// Step being checked, kept only if the Step is taken.
	mMax, mNext []float64

	// coef is the current Step's coefficients, read by split.
	coef adamCoef
	// split[k] updates elements [lo, hi) of parameter k with coef: one
	// function per parameter, made on the first threaded Step, so that
	// later Steps hand ad.ParallelFor no new closure (which allocated).
	split []func(lo, hi int)
}

// NewAdam returns an Adam optimiser with learning rate lr and the default
// β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bound to params. It panics if a param's
// Data and Grad lengths differ, or if lr is negative, NaN or infinite.
func NewAdam(params []Param, lr float64) *Adam {
	checkParams("NewAdam", params)
	if err := checkRate(lr); err != nil {
		panic("optim: NewAdam: " + err.Error())
	}
	return &Adam{
		Rate: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8,
		params: params,
		m:      zerosLike(params),
		v:      zerosLike(params),
		mMax:   make([]float64, len(params)),
		mNext:  make([]float64, len(params)),
	}
}

// Step implements Optimizer. It panics if a hyperparameter is outside the
// ranges given on Adam. It returns an error, changing nothing (parameters,
// moments and step count as they were), if an element's gradient is NaN or
// infinite, its second moment v would not be finite, or its finite
// parameter would become NaN or infinite: v overflows to +Inf from a
// finite gradient above about 4e155 (g², with β₂ = 0.999), and from then
// on that element's update is exactly 0, a parameter frozen without a
// sign; a huge learning rate overflows the parameter, and ε = 0 makes
// the update of an element whose moments are 0 (a zero gradient so far)
// 0/0. The error names the element by its index over all parameters
// taken in order, e.g. "Adam step: second moment of element 3 overflowed
// to +Inf (gradient 1e+200)".
func (a *Adam) Step() error {
	if err := a.checkHyper(); err != nil {
		panic("optim: Adam.Step: " + err.Error())
	}
	b1, b2 := a.Beta1, a.Beta2
	t := a.t + 1
	bc1 := 1 - math.Pow(b1, float64(t))
	bc2 := 1 - math.Pow(b2, float64(t))
	stepSize := a.Rate / bc1
	invSqrtBC2 := 1 / math.Sqrt(bc2)
	c := adamCoef{b1: a.Beta1, b2: a.Beta2, step: stepSize, inv: invSqrtBC2, eps: a.Eps}
	if err := a.checkMoments(c); err != nil {
		return err
	}
	a.t = t
	copy(a.mMax, a.mNext)
	a.coef = c
	if a.Threads > 1 && a.split == nil {
		a.split = make([]func(lo, hi int), len(a.params))
		for k := range a.split {
			a.split[k] = func(lo, hi int) {
				p := a.params[k]
				adamRange(p.Data[lo:hi], a.m[k][lo:hi], a.v[k][lo:hi], p.Grad[lo:hi], a.coef)
			}
		}
	}
	for k, p := range a.params {
		n := len(p.Data)
		m, v, data, grad := a.m[k][:n], a.v[k][:n], p.Data, p.Grad[:n]
		if a.Threads > 1 {
			ad.ParallelFor(a.Threads, n, 4, a.split[k])
		} else {
			adamRange(data, m, v, grad, c)
		}
	}
	return nil
}

// vSafe bounds the squared gradients and second moments of checkMoments'
// fast path: a quarter of the float64 maximum.
const vSafe = math.MaxFloat64 / 4

// stepSafe bounds the parameter change of checkMoments' fast path: below
// 2⁹⁷⁰ (≈ 9.98e291), half the spacing of float64 numbers at the maximum,
// subtracting it from a finite parameter cannot overflow.
const stepSafe = 1e290

// checkMoments returns an error naming the first element whose gradient
// is not finite, or whose second moment or (finite) parameter after the
// step with coefficients c, computed as adamRange and the vector kernel
// compute them, would not be finite. It sets mNext to bounds on |m| after
// the step.
//
// The element-by-element test runs only where a parameter's Σ g² (one
// vector pass, ad.DotLanes) is not at most vSafe, a restored second
// moment is above vSafe, or the bound on the parameter change below is
// not under stepSafe: otherwise every g² and every v is at most vSafe,
// and the new v, a weighted mean of the two (b₂v + (1−b₂)g², each
// product rounded), is finite — by induction from v = 0, the second
// moments of a run that never restored a large one stay at most vSafe
// (times a rounding factor that would take ~10¹⁵ steps to matter). The
// change lr/(1−β₁ᵗ)·|m|/(√v̂ + ε) is at most step·M/ε, with M =
// β₁·mMax + (1−β₁)·√Σg² a bound on the new |m| (twice it, for rounding);
// ε = 0 always takes the element-by-element test.
func (a *Adam) checkMoments(c adamCoef) error {
	b1, b2 := a.Beta1, a.Beta2
	off := 0
	for k, p := range a.params {
		v, grad := a.v[k][:len(p.Data)], p.Grad[:len(p.Data)]
		ss := ad.DotLanes(grad, grad)
		mb := b1*a.mMax[k] + (1-b1)*math.Sqrt(ss)
		a.mNext[k] = mb
		if ss <= vSafe && !a.vLarge && 2*c.step*mb/c.eps < stepSafe {
			off += len(p.Data)
			continue
		}
		m, data := a.m[k][:len(p.Data)], p.Data
		mb = 0
		for i, g := range grad {
			vi := float64(b2*v[i]) + float64((1-b2)*g*g)
			mi := float64(b1*m[i]) + float64((1-b1)*g)
			mb = max(mb, math.Abs(mi))
			x := data[i] - float64(c.step*mi)/(float64(math.Sqrt(vi)*c.inv)+c.eps)
			if vi <= math.MaxFloat64 && (x-x == 0 || data[i]-data[i] != 0) {
				continue
			}
			switch {
			case math.IsNaN(g) || math.IsInf(g, 0):
				return fmt.Errorf("Adam step: gradient of element %d is %v", off+i, g)
			case !(v[i] <= math.MaxFloat64):
				return fmt.Errorf("Adam step: second moment of element %d is already %v (a restored state saved after it overflowed): the element's update would be 0 (gradient %v)", off+i, v[i], g)
			case vi > math.MaxFloat64:
				return fmt.Errorf("Adam step: second moment of element %d overflowed to +Inf (gradient %v): the element's update would be 0 from then on", off+i, g)
			default:
				return fmt.Errorf("Adam step: parameter of element %d would be %v (was %v; gradient %v, learning rate %v, ε %v)", off+i, x, data[i], g, a.Rate, c.eps)
			}
		}
		a.mNext[k] = mb
		off += len(p.Data)
	}
	return nil
}

// checkHyper returns an error naming the first hyperparameter outside
// torch.optim.Adam's ranges (0 ≤ lr, 0 ≤ ε, 0 ≤ β₁, β₂ < 1), a non-finite
// lr or ε included.
func (a *Adam) checkHyper() error {
	if err := checkRate(a.Rate); err != nil {
		return err
	}
	if !(a.Eps >= 0) || math.IsInf(a.Eps, 1) {
		return fmt.Errorf("Eps = %v, want a finite ε ≥ 0", a.Eps)
	}
	for _, b := range []struct {
		name string
		v    float64
	}{{"Beta1", a.Beta1}, {"Beta2", a.Beta2}} {
		if !(b.v >= 0 && b.v < 1) {
			return fmt.Errorf("%s = %v, want 0 ≤ β < 1 (the bias correction 1 − βᵗ must be positive)", b.name, b.v)
		}
	}
	return nil
}

// adamCoef holds one step's coefficients.
type adamCoef struct{ b1, b2, step, inv, eps float64 }

// adamRange updates data from grad and the moments m and v.
func adamRange(data, m, v, grad []float64, c adamCoef) {
	b1, b2 := c.b1, c.b2
	m, v, grad = m[:len(data)], v[:len(data)], grad[:len(data)]
	// The first multiple of 4 in vector registers (same operations).
	f := adamFast(data, m, v, grad, b1, b2, c.step, c.inv, c.eps)
	// Every product is rounded before its sum (the float64 conversions):
	// the Go spec lets a compiler fuse x*y + z, as Go does on amd64 from
	// GOAMD64=v3, and the vector kernel never fuses, so without them the
	// tail of a tensor (and a purego build) would round differently from
	// its first multiple of 4. Under GOAMD64=v1 they change nothing.
	for i := f; i < len(grad); i++ {
		g := grad[i]
		mi := float64(b1*m[i]) + float64((1-b1)*g)
		vi := float64(b2*v[i]) + float64((1-b2)*g*g)
		m[i], v[i] = mi, vi
		data[i] -= float64(c.step*mi) / (float64(math.Sqrt(vi)*c.inv) + c.eps)
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
	clear(a.mMax)
	a.vLarge = false // every v is 0 now, none restored above vSafe
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

// UnmarshalBinary restores state written by MarshalBinary. Its step count
// must be ≥ 0 and below math.MaxInt (the next Step counts one more), its
// hyperparameters in Step's ranges; the state must match the shapes of
// the parameters a is bound to, its first moments must be finite and its
// second moments must not be NaN or negative (+Inf is accepted, so that
// the parameters of a state saved before Step refused it can still be
// restored and used, but Step then returns an error naming the element);
// on error a is unchanged.
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
	// The next Step's t + 1 would wrap to −2⁶³, making both bias
	// corrections −Inf and every parameter NaN; no run takes 2⁶³ − 1 steps.
	if s.T == math.MaxInt {
		return fmt.Errorf("%w: step count %d, the largest int: the next step count would overflow", ErrState, s.T)
	}
	hyper := Adam{Rate: s.Rate, Beta1: s.Beta1, Beta2: s.Beta2, Eps: s.Eps}
	if err := hyper.checkHyper(); err != nil {
		return fmt.Errorf("%w: adam %v", ErrState, err)
	}
	// gob omits empty slices; restore them before the shape check.
	s.M, s.V = fillEmpty(a.params, s.M), fillEmpty(a.params, s.V)
	if err := checkShapes(a.params, s.M, "first moment"); err != nil {
		return err
	}
	if err := checkShapes(a.params, s.V, "second moment"); err != nil {
		return err
	}
	// v is a running mean of squares: a negative one (corrupt state) would
	// make the next Step's √v, and so every parameter it touches, NaN; so
	// would a NaN in either moment, or an infinite first moment (∞/∞).
	// None of these can be saved by a run that was healthy when it saved:
	// Step refuses a gradient that is infinite or NaN, or large enough to
	// make v infinite (m overflows only from a larger one). A second moment
	// of +Inf is accepted: Step reached it, before it refused to, from a
	// finite gradient above about 4e155 (g² overflows) and froze the
	// element (updates exactly 0) without an error, so a checkpoint of
	// such a run can hold it; its parameters load, and Step reports the
	// element instead of continuing frozen.
	for k, mk := range s.M {
		for i, x := range mk {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("%w: first moment[%d][%d] = %v is not finite (a NaN or infinite gradient; the run that saved it had diverged, or the state is corrupt): it would make the next Step's update, and the parameter, NaN", ErrState, k, i, x)
			}
		}
	}
	for k, vk := range s.V {
		for i, x := range vk {
			if math.IsNaN(x) {
				return fmt.Errorf("%w: second moment[%d][%d] = %v (a NaN gradient; the run that saved it had diverged, or the state is corrupt): it would make the next Step's update, and the parameter, NaN", ErrState, k, i, x)
			}
			if x < 0 {
				return fmt.Errorf("%w: second moment[%d][%d] = %v is negative", ErrState, k, i, x)
			}
		}
	}
	large := false
	for k := range a.m {
		copy(a.m[k], s.M[k])
		copy(a.v[k], s.V[k])
		for _, x := range s.V[k] {
			large = large || x > vSafe
		}
		a.mMax[k] = 0
		for _, x := range s.M[k] {
			a.mMax[k] = max(a.mMax[k], math.Abs(x))
		}
	}
	a.vLarge = large
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
