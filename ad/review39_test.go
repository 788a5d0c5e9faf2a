package ad

import (
	"math"
	"testing"
)

// TestSecondOrderHelpersNameThemselves: HVP, MixedVP, Hessian (with
// inputs) and HVPMulti of a non-scalar panicked with "ad.Grad: need a
// scalar …", naming a function the caller did not call; each now names
// itself.
func TestSecondOrderHelpersNameThemselves(t *testing.T) {
	for _, d := range []DType{Float64, Float32} {
		tp := NewTapeOf(d)
		x := tp.Var(Zeros(2, 3))
		y := Mul(x, x)
		v := tp.Const(Zeros(2, 3))
		for _, c := range []struct {
			want string
			f    func()
		}{
			{"ad.HVP: need a scalar (1x1), got 2x3 from Mul", func() { HVP(y, x, v) }},
			{"ad.MixedVP: need a scalar (1x1), got 2x3 from Mul", func() { MixedVP(y, x, x, v) }},
			{"ad.Hessian: need a scalar (1x1), got 2x3 from Mul", func() { Hessian(y, x) }},
			{"ad.HVPMulti: need a scalar (1x1), got 2x3 from Mul", func() { HVPMulti(y, []*Node{x}, []*Node{v}) }},
			{"ad.HVPMulti: need a scalar (1x1), got 2x3 from Mul", func() { HVPMulti(y, nil, nil) }},
		} {
			if got := panicText(c.f); got != c.want {
				t.Errorf("%v: panic %q, want %q", d, got, c.want)
			}
		}
	}
}

// TestPiecewiseGradientsAtNaNAsDocumented pins what the doc comments of
// Relu, Clamp, Maximum and Minimum state: at a NaN input the value is NaN
// and the gradient 0 (every operand), in both dtypes, on the scalar path
// and the vector kernels (19 elements).
func TestPiecewiseGradientsAtNaNAsDocumented(t *testing.T) {
	ops := map[string]func(x, s *Node) *Node{
		"Relu":       func(x, s *Node) *Node { return Relu(x) },
		"Clamp":      func(x, s *Node) *Node { return Clamp(x, -1, 1) },
		"Maximum":    func(x, s *Node) *Node { return Maximum(x, s) },
		"Maximum/ba": func(x, s *Node) *Node { return Maximum(s, x) },
		"Minimum":    func(x, s *Node) *Node { return Minimum(x, s) },
		"Minimum/ba": func(x, s *Node) *Node { return Minimum(s, x) },
	}
	for _, d := range []DType{Float64, Float32} {
		for _, n := range []int{1, 19} {
			for name, f := range ops {
				tp := NewTapeOf(d)
				xs := make([]float64, n)
				for i := range xs {
					xs[i] = 0.25
				}
				xs[n-1] = math.NaN()
				x, s := tp.Var(NewTensor(1, n, xs)), tp.Var(Scalar(0))
				y := f(x, s)
				// Only the NaN element contributes to the loss.
				w := make([]float64, n)
				w[n-1] = 1
				gs := Grad(Dot(y, tp.Const(NewTensor(1, n, w))), x, s)
				if v := y.Data()[n-1]; !math.IsNaN(v) {
					t.Errorf("%v %s n=%d: value %v at NaN, want NaN", d, name, n, v)
				}
				if g := gs[0].Data()[n-1]; g != 0 {
					t.Errorf("%v %s n=%d: ∂x %v at NaN, want 0 as documented", d, name, n, g)
				}
				if name != "Relu" && name != "Clamp" {
					if g := gs[1].Scalar(); g != 0 {
						t.Errorf("%v %s n=%d: ∂s %v at NaN, want 0 as documented", d, name, n, g)
					}
				}
			}
		}
	}
}
