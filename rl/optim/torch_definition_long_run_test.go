package optim

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// torchAdam is torch.optim.Adam's algorithm as its documentation states it
// (weight_decay = 0, amsgrad = False, maximize = False), one tensor:
//
//	m_t = β₁·m_{t−1} + (1 − β₁)·g_t
//	v_t = β₂·v_{t−1} + (1 − β₂)·g_t²
//	m̂_t = m_t / (1 − β₁ᵗ),  v̂_t = v_t / (1 − β₂ᵗ)
//	θ_t = θ_{t−1} − γ·m̂_t / (√v̂_t + ε)
//
// with ε added outside the root of the bias-corrected v̂, and the
// hyperparameters read at every step (t counts every step).
type torchAdam struct {
	theta, m, v []float64
	t           int
}

func (o *torchAdam) step(g []float64, lr, b1, b2, eps float64) {
	o.t++
	bc1 := 1 - math.Pow(b1, float64(o.t))
	bc2 := 1 - math.Pow(b2, float64(o.t))
	for i := range o.theta {
		o.m[i] = b1*o.m[i] + (1-b1)*g[i]
		o.v[i] = b2*o.v[i] + (1-b2)*g[i]*g[i]
		mHat := o.m[i] / bc1
		vHat := o.v[i] / bc2
		o.theta[i] -= lr * mHat / (math.Sqrt(vHat) + eps)
	}
}

// Adam over 3 000 steps on tensors of 1, 7 and 4 099 elements (vector
// kernel and scalar tail) with gradients of a drifting quadratic plus
// noise spanning six decades, against torchAdam: the learning rate
// changes at step 1 000, β₁ and β₂ at 1 500, and ε becomes 0.1 at 2 000
// (large enough that adding it inside the root, or before the bias
// correction, would move θ far beyond the tolerance). Parameters agree to
// 1e-12·max(1, |θ|) (stackel divides m by (√v·(1/√(1−β₂ᵗ)) + ε) and
// scales by lr/(1−β₁ᵗ) where the documentation divides first, a few
// roundings per step apart), and a run split over 3 threads is bit for bit
// the single-threaded one.
func TestAdamLongRunMatchesTorchDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(61, 62))
	sizes := []int{1, 7, 4099}
	var one, split []Param
	var oracle []*torchAdam
	for _, n := range sizes {
		p := Param{Data: make([]float64, n), Grad: make([]float64, n)}
		q := Param{Data: make([]float64, n), Grad: make([]float64, n)}
		o := &torchAdam{theta: make([]float64, n), m: make([]float64, n), v: make([]float64, n)}
		for i := range p.Data {
			p.Data[i] = r.NormFloat64()
		}
		copy(q.Data, p.Data)
		copy(o.theta, p.Data)
		one, split, oracle = append(one, p), append(split, q), append(oracle, o)
	}
	a, b := NewAdam(one, 1e-3), NewAdam(split, 1e-3)
	b.Threads = 3
	for step := 1; step <= 3000; step++ {
		switch step {
		case 1000:
			a.SetLR(3e-3)
			b.SetLR(3e-3)
		case 1500:
			a.Beta1, a.Beta2 = 0.5, 0.99
			b.Beta1, b.Beta2 = 0.5, 0.99
		case 2000:
			a.Eps, b.Eps = 0.1, 0.1
		}
		for k, p := range one {
			for i := range p.Grad {
				target := math.Sin(float64(step)/300 + float64(i))
				p.Grad[i] = 2*(p.Data[i]-target) + r.NormFloat64()*math.Pow(10, float64(r.IntN(6)-4))
			}
			copy(split[k].Grad, p.Grad)
		}
		a.Step()
		b.Step()
		for k, o := range oracle {
			o.step(one[k].Grad, a.Rate, a.Beta1, a.Beta2, a.Eps)
			for i, want := range o.theta {
				got := one[k].Data[i]
				if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Fatalf("step %d, tensor %d, element %d: θ = %.17g, torch.optim.Adam %.17g", step, k, i, got, want)
				}
				if split[k].Data[i] != got {
					t.Fatalf("step %d, tensor %d, element %d: 3 threads give %.17g, one %.17g", step, k, i, split[k].Data[i], got)
				}
			}
		}
	}
}

// SGD over 2 000 steps against torch.optim.SGD's documented update
// (dampening 0, weight_decay 0): b₁ = g₁, b_t = μ·b_{t−1} + g_t; the step
// is g + μ·b_t with nesterov, b_t without, and g with μ = 0; θ ← θ − γ·step.
// Tolerance 1e-12·max(1, |θ|) (the operations are the same; a target that
// fuses a multiply-add may round one of them differently).
func TestSGDLongRunMatchesTorchDefinition(t *testing.T) {
	for _, c := range []struct {
		mu       float64
		nesterov bool
	}{{0, false}, {0.9, false}, {0.9, true}} {
		r := rand.New(rand.NewPCG(71, 72))
		const n = 9
		p := Param{Data: make([]float64, n), Grad: make([]float64, n)}
		for i := range p.Data {
			p.Data[i] = r.NormFloat64()
		}
		theta := append([]float64(nil), p.Data...)
		buf := make([]float64, n)
		s := NewSGD([]Param{p}, 1e-2)
		s.Momentum, s.Nesterov = c.mu, c.nesterov
		for step := 1; step <= 2000; step++ {
			for i := range p.Grad {
				p.Grad[i] = p.Data[i] - math.Cos(float64(step)/100+float64(i)) + 0.1*r.NormFloat64()
			}
			s.Step()
			for i, g := range p.Grad {
				d := g
				if c.mu != 0 {
					if step == 1 {
						buf[i] = g
					} else {
						buf[i] = c.mu*buf[i] + g
					}
					if c.nesterov {
						d = g + c.mu*buf[i]
					} else {
						d = buf[i]
					}
				}
				theta[i] -= 1e-2 * d
				if math.Abs(p.Data[i]-theta[i]) > 1e-12*math.Max(1, math.Abs(theta[i])) {
					t.Fatalf("μ=%v nesterov=%v step %d element %d: θ = %.17g, torch.optim.SGD %.17g", c.mu, c.nesterov, step, i, p.Data[i], theta[i])
				}
			}
		}
	}
}

// Polyak over 5 000 soft updates with τ = 1 − 0.995 (the agents' call for
// Spinning Up's polyak = 0.995) against Spinning Up's own form
// p_targ.mul_(polyak); p_targ.add_((1 − polyak)·p), i.e.
// polyak·target + (1 − polyak)·source, each step from the target's value
// before it: 1 − τ is 0.995 exactly (both subtractions are exact), so the
// update is the same expression, within 1e-15 relative (bit for bit under
// the default GOAMD64=v1; from v3 Go may fuse the multiply-add into one
// rounding). τ = 1 copies the source, τ = 0 leaves the target unchanged.
func TestPolyakLongRunMatchesSpinningUp(t *testing.T) {
	r := rand.New(rand.NewPCG(81, 82))
	const n = 33
	const polyak = 0.995
	tau := 1 - polyak
	if 1-tau != polyak {
		t.Fatalf("1 − (1 − 0.995) = %.17g, not 0.995", 1-tau)
	}
	target, source := Param{Data: make([]float64, n)}, Param{Data: make([]float64, n)}
	prev := make([]float64, n)
	for i := range target.Data {
		target.Data[i] = r.NormFloat64()
	}
	for step := 0; step < 5000; step++ {
		for i := range source.Data {
			source.Data[i] = math.Sin(float64(step)/50+float64(i)) + 0.01*r.NormFloat64()
		}
		copy(prev, target.Data)
		Polyak([]Param{target}, []Param{source}, tau)
		for i, s := range source.Data {
			want := float64(polyak*prev[i]) + float64((1-polyak)*s)
			if math.Abs(target.Data[i]-want) > 1e-15*math.Max(1, math.Abs(want)) {
				t.Fatalf("step %d element %d: target %.17g, Spinning Up %.17g", step, i, target.Data[i], want)
			}
		}
	}
	keep := append([]float64(nil), target.Data...)
	Polyak([]Param{target}, []Param{source}, 0)
	for i := range keep {
		if target.Data[i] != keep[i] {
			t.Fatalf("τ = 0 changed element %d: %v → %v", i, keep[i], target.Data[i])
		}
	}
	Polyak([]Param{target}, []Param{source}, 1)
	for i := range keep {
		if target.Data[i] != source.Data[i] {
			t.Fatalf("τ = 1: element %d is %v, source %v", i, target.Data[i], source.Data[i])
		}
	}
}

// exactNorm is √(Σ g²) over every gradient, the sum taken exactly in
// math/big and rounded once.
func exactNorm(params []Param) float64 {
	sum := new(big.Float).SetPrec(4096)
	for _, p := range params {
		for _, g := range p.Grad {
			x := new(big.Float).SetPrec(4096).SetFloat64(g)
			sum.Add(sum, x.Mul(x, x))
		}
	}
	f, _ := new(big.Float).SetPrec(4096).Sqrt(sum).Float64()
	return f
}

// ClipGradNorm on 2 000 random sets of three gradient tensors (lengths 3,
// 64, 129; scales 1e-150 to 1e150, so the squares underflow or overflow
// for some) against PyTorch's clip_grad_norm_ definition: the returned
// norm is the joint L2 norm, here within 1e-13 relative of the exact one;
// gradients whose norm exceeds max_norm are multiplied by
// max_norm/(norm + 1e-6) (the same factor for all), the others are left
// as they are.
func TestClipGradNormLongRunMatchesDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(91, 92))
	params := []Param{
		{Data: make([]float64, 3), Grad: make([]float64, 3)},
		{Data: make([]float64, 64), Grad: make([]float64, 64)},
		{Data: make([]float64, 129), Grad: make([]float64, 129)},
	}
	before := make([][]float64, len(params))
	for trial := 0; trial < 2000; trial++ {
		scale := math.Pow(10, float64(r.IntN(301)-150))
		for k, p := range params {
			for i := range p.Grad {
				p.Grad[i] = scale * r.NormFloat64()
			}
			before[k] = append(before[k][:0], p.Grad...)
		}
		want := exactNorm(params)
		maxNorm := want * math.Pow(10, 2*r.Float64()-1) // a tenth to ten times the norm
		got := ClipGradNorm(params, maxNorm)
		if math.Abs(got-want) > 1e-13*want {
			t.Fatalf("trial %d (scale %g): norm %.17g, exact %.17g", trial, scale, got, want)
		}
		coef := 1.0
		if got > maxNorm {
			coef = maxNorm / (got + 1e-6)
		}
		for k, p := range params {
			for i, g := range p.Grad {
				if w := before[k][i] * coef; g != w {
					t.Fatalf("trial %d: grad[%d][%d] = %.17g, want %.17g·%.17g = %.17g", trial, k, i, g, before[k][i], coef, w)
				}
			}
		}
	}
}
