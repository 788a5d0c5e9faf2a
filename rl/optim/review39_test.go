package optim

import (
	"math"
	"slices"
	"testing"
)

// TestAdamStepRefusesNonFiniteParameter: Step checked the gradient and the
// second moment but not the parameter it writes. A finite learning rate
// of 1e308 makes lr/(1−β₁) overflow and the parameter −Inf; ε = 0 makes
// an element with a zero gradient 0/0 = NaN; a restored first moment of
// 1e300 with v = 0 makes step·m/ε overflow. Each Step now returns an error
// naming the element, changing nothing; parameters 5 elements long so
// that the vector kernel's part and the Go tail both take part.
func TestAdamStepRefusesNonFiniteParameter(t *testing.T) {
	for _, c := range []struct {
		name      string
		lr, eps   float64
		m6        float64 // restored first moment of element 6 (0: none)
		grad      []float64
		wantError string
	}{
		{"lr 1e308", 1e308, 1e-8, 0, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
			"Adam step: parameter of element 0 would be -Inf (was 0.5; gradient 1, learning rate 1e+308, ε 1e-08)"},
		{"ε 0", 1e-3, 0, 0, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
			"Adam step: parameter of element 9 would be NaN (was 0.5; gradient 0, learning rate 0.001, ε 0)"},
		{"restored m 1e306", 1e-3, 1e-8, 1e306, []float64{1, 1, 1, 1, 1, 1, 0, 1, 1, 1},
			"Adam step: parameter of element 6 would be -Inf (was 0.5; gradient 0, learning rate 0.001, ε 1e-08)"},
	} {
		ps := []Param{
			{Data: []float64{0.5, 0.5, 0.5, 0.5, 0.5}, Grad: slices.Clone(c.grad[:5])},
			{Data: []float64{0.5, 0.5, 0.5, 0.5, 0.5}, Grad: slices.Clone(c.grad[5:])},
		}
		a := NewAdam(ps, c.lr)
		a.Eps = c.eps
		if c.m6 != 0 {
			src := NewAdam(ps, c.lr)
			src.m[1][1] = c.m6
			b, err := src.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if err := a.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
		}
		m, v := cloneAll(a.m), cloneAll(a.v)
		err := a.Step()
		if err == nil || err.Error() != c.wantError {
			t.Errorf("%s: Step: %v, want %q", c.name, err, c.wantError)
		}
		if a.t != 0 || slices.ContainsFunc(append(slices.Clone(ps[0].Data), ps[1].Data...), func(x float64) bool { return x != 0.5 }) ||
			!equalAll(a.m, m) || !equalAll(a.v, v) {
			t.Errorf("%s: refused Step changed the state: t %d, θ %v %v, m %v, v %v", c.name, a.t, ps[0].Data, ps[1].Data, a.m, a.v)
		}
	}
}

// TestAdamStepLargeButSafeRate: lr = 1e200 moves each parameter by about
// lr·g/(|g| + ε) at t = 1 (tolerance 1e-15 relative) without an error:
// the parameter check refuses only an update that is not finite.
func TestAdamStepLargeButSafeRate(t *testing.T) {
	p := Param{Data: []float64{1, 2, 3, 4, 5}, Grad: []float64{1, -1, 2, -2, 3}}
	a := NewAdam([]Param{p}, 1e200)
	if err := a.Step(); err != nil {
		t.Fatal(err)
	}
	for i, x := range p.Data {
		g := []float64{1, -1, 2, -2, 3}[i]
		want := -1e200 * g / (math.Abs(g) + 1e-8)
		if math.Abs(x-want) > 1e-15*1e200 {
			t.Errorf("θ[%d] = %v, want %v", i, x, want)
		}
	}
}

func cloneAll(x [][]float64) [][]float64 {
	y := make([][]float64, len(x))
	for i := range x {
		y[i] = slices.Clone(x[i])
	}
	return y
}

func equalAll(x, y [][]float64) bool {
	return slices.EqualFunc(x, y, func(a, b []float64) bool { return slices.Equal(a, b) })
}
