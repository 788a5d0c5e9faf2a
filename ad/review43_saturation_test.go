package ad

import (
	"math"
	"testing"
)

// TestSaturatedDerivativesAsDocumented pins what the docs of Sigmoid, Tanh
// and Softplus say: their derivatives are computed from the rounded value,
// so they are exactly 0 once it rounds to 1 (x = 40 for Sigmoid and
// Softplus″ in float64, 18 in float32; |x| = 20 for Tanh in float64, 10
// in float32), while toward −∞ Sigmoid's derivative and Softplus's second
// derivative keep their relative accuracy (x = −40: e^−40/(1+e^−40)²,
// relative tolerance 1e-14 in float64, 1e-6 in float32).
func TestSaturatedDerivativesAsDocumented(t *testing.T) {
	d1 := func(dt DType, f func(*Node) *Node, x0 float64, order int) float64 {
		tp := NewTapeOf(dt)
		x := tp.VarVec(x0)
		g := f(x)
		for k := 0; k < order; k++ {
			g = Grad(g, x)[0]
		}
		return g.Scalar()
	}
	e := math.Exp(-40)
	tail := e / ((1 + e) * (1 + e))
	for _, c := range []struct {
		dt      DType
		satSig  float64 // a point where σ rounds to 1
		satTanh float64 // a point where tanh rounds to 1
		relTol  float64
	}{{Float64, 40, 20, 1e-14}, {Float32, 18, 10, 1e-6}} {
		for _, z := range []struct {
			name  string
			f     func(*Node) *Node
			x0    float64
			order int
		}{
			{"Sigmoid'", Sigmoid, c.satSig, 1},
			{"Softplus''", Softplus, c.satSig, 2},
			{"Tanh'", Tanh, c.satTanh, 1},
			{"Tanh'(-x)", Tanh, -c.satTanh, 1},
		} {
			if got := d1(c.dt, z.f, z.x0, z.order); got != 0 {
				t.Errorf("%v %s at %g = %g, want exactly 0", c.dt, z.name, z.x0, got)
			}
		}
		for _, z := range []struct {
			name  string
			f     func(*Node) *Node
			order int
		}{{"Sigmoid'", Sigmoid, 1}, {"Softplus''", Softplus, 2}} {
			if got := d1(c.dt, z.f, -40, z.order); math.Abs(got-tail) > c.relTol*tail {
				t.Errorf("%v %s at -40 = %g, want %g (rel %g)", c.dt, z.name, got, tail, c.relTol)
			}
		}
	}
}
