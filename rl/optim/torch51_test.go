package optim

import (
	"fmt"
	"math"
	"testing"
)

// within reports whether |got − want| ≤ tol·max(1, |want|) (false for NaN).
func within(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// SGD, Spinning Up's Polyak target update and clip_grad_norm_ against
// numbers produced by PyTorch 1.13.1 itself (CPU, torch.set_num_threads(1),
// float64, outside the project: /work/runs/s51/rlcore/ref_optim.py), not
// by a re-derivation of their formulas. They are not bit for bit: torch's
// CPU kernels fuse the multiply-add of add_(x, alpha=…) (an AVX2 fmadd),
// which stackel rounds in two steps under GOAMD64=v1, so that a dozen
// values here are 1–2 ulp apart (the largest gap is below 4.5e-16·max(1,
// |x|)); the tolerance is 1e-15·max(1, |x|), for either GOAMD64.
func TestSGDPolyakClipMatchTorchOutput(t *testing.T) {
	const tol = 1e-15
	grads := [][]float64{{0.5, -1, 0, 2}, {0.2, 3, -0.1, 2}, {-0.4, 0, 0.3, -7}, {1e-3, 1e3, 0.25, 0.5}}
	// torch.optim.SGD([p], lr=0.1[, momentum=0.9[, nesterov=True]]) from
	// p = [1, −2, 0.5, 3e-3]; p after each step.
	for _, c := range []struct {
		name     string
		mu       float64
		nesterov bool
		want     [][]float64
	}{
		{"plain", 0, false, [][]float64{{0.95, -1.9, 0.5, -0.197}, {0.9299999999999999, -2.1999999999999997, 0.51, -0.397}, {0.97, -2.1999999999999997, 0.48, 0.30300000000000005}, {0.9699, -102.2, 0.45499999999999996, 0.25300000000000006}}},
		{"momentum", 0.9, false, [][]float64{{0.95, -1.9, 0.5, -0.197}, {0.8849999999999999, -2.11, 0.51, -0.577}, {0.8664999999999999, -2.299, 0.489, -0.21899999999999992}, {0.8497499999999999, -102.46910000000001, 0.4451, 0.053200000000000094}}},
		{"nesterov", 0.9, true, [][]float64{{0.905, -1.81, 0.5, -0.377}, {0.8265, -2.299, 0.519, -0.919}, {0.84985, -2.4691, 0.4701, 0.10319999999999997}, {0.834675, -192.62219000000002, 0.40559, 0.29818}}},
	} {
		p := Param{Data: []float64{1, -2, 0.5, 3e-3}, Grad: make([]float64, 4)}
		s := NewSGD([]Param{p}, 0.1)
		s.Momentum, s.Nesterov = c.mu, c.nesterov
		for k, g := range grads {
			copy(p.Grad, g)
			if err := s.Step(); err != nil {
				t.Fatal(err)
			}
			for i, w := range c.want[k] {
				if !within(p.Data[i], w, tol) {
					t.Errorf("%s step %d element %d: %.17g, torch %.17g", c.name, k+1, i, p.Data[i], w)
				}
			}
		}
	}

	// Spinning Up: p_targ.mul_(polyak); p_targ.add_((1 − polyak)·p), three
	// times with polyak = 0.995, here τ = 1 − polyak.
	target := []float64{1, -2, 0.5, 3e-3, 1e10}
	source := []float64{0.25, 4, -0.5, 7, -1e10}
	for range 3 {
		PolyakSlice(target, source, 1-0.995)
	}
	for i, w := range []float64{0.9888061562499999, -1.91044925, 0.48507487499999996, 0.1074310996250001, 9701497500} {
		if !within(target[i], w, tol) {
			t.Errorf("Polyak element %d: %.17g, torch %.17g", i, target[i], w)
		}
	}

	// torch.nn.utils.clip_grad_norm_([a, b], 5) with a.grad = (3, −4),
	// b.grad = (12, 0, 1e-3): returns the norm √(169 + 1e-6) and scales
	// by 5/(norm + 1e-6).
	ps := []Param{{Data: make([]float64, 2), Grad: []float64{3, -4}}, {Data: make([]float64, 3), Grad: []float64{12, 0, 1e-3}}}
	if n := ClipGradNorm(ps, 5); !within(n, 13.000000038461538, tol) {
		t.Errorf("ClipGradNorm returned %.17g, torch 13.000000038461538", n)
	}
	got := append(append([]float64(nil), ps[0].Grad...), ps[1].Grad...)
	for i, w := range []float64{1.1538460616750188, -1.5384614155666918, 4.615384246700075, 0, 0.00038461535389167295} {
		if !within(got[i], w, tol) {
			t.Errorf("%s: %.17g, torch %.17g", fmt.Sprintf("clipped gradient %d", i), got[i], w)
		}
	}
}
