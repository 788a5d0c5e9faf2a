package ad

import (
	"math"
	"testing"
)

// TestZeroTimesInfSecondOrder pins the behaviour the package doc describes
// ("Where a derivative is infinite ..."): a zero cotangent meeting an
// infinite second derivative gives NaN in a Hessian row or an HVP along a
// direction with a zero component, on float64 and float32 tapes alike,
// while the entry differentiated alone (Grad of one gradient, MixedVP) is
// exact. Values are exact (no tolerance): 0, ±Inf, NaN.
func TestZeroTimesInfSecondOrder(t *testing.T) {
	nan := math.NaN()
	inf := math.Inf(1)
	same := func(got, want float64) bool {
		return got == want || (math.IsNaN(got) && math.IsNaN(want))
	}
	for _, dt := range []DType{Float64, Float32} {
		for _, c := range []struct {
			nm    string
			f     func(x, y *Node) *Node
			h     []float64 // Hessian in (x, y) at (0, 1)
			hvp01 []float64 // HVP along (0, 1)
			mixed float64   // ∂/∂x of ∂f/∂y, alone
		}{
			{"PowConst(x,1.5)*y", func(x, y *Node) *Node { return Mul(PowConst(x, 1.5), y) },
				[]float64{inf, 0, nan, 0}, []float64{nan, 0}, 0},
			{"Pow(x,1.5)*y", func(x, y *Node) *Node { return Mul(Pow(x, x.tape.Scalar(1.5)), y) },
				[]float64{inf, 0, nan, 0}, []float64{nan, 0}, 0},
			// Separable: ∂²f/∂y∂x = 0 exactly, still NaN in the y row.
			{"x^1.5+y^2", func(x, y *Node) *Node { return Add(PowConst(x, 1.5), Square(y)) },
				[]float64{inf, 0, nan, 2}, []float64{nan, 2}, 0},
			// ∂²f/∂y∂x = 1, NaN in the y row because ∂²f/∂x² = −Inf.
			{"x*y+sqrt(x)", func(x, y *Node) *Node { return Add(Mul(x, y), Sqrt(x)) },
				[]float64{-inf, 1, nan, 0}, []float64{nan, 0}, 1},
		} {
			tp := NewTapeOf(dt)
			x, y := tp.VarVec(0), tp.VarVec(1)
			H := Hessian(c.f(x, y), x, y)
			for i, w := range c.h {
				if !same(H.Data[i], w) {
					t.Errorf("%v %s: Hessian = %v, want %v", dt, c.nm, H.Data, c.h)
					break
				}
			}
			xy := tp.VarVec(0, 1)
			hv := HVP(c.f(Index(xy, 0), Index(xy, 1)), xy, tp.VarVec(0, 1)).Data()
			if !same(hv[0], c.hvp01[0]) || !same(hv[1], c.hvp01[1]) {
				t.Errorf("%v %s: HVP along (0,1) = %v, want %v", dt, c.nm, hv, c.hvp01)
			}
			f := c.f(x, y)
			if got := Grad(Grad(f, y)[0], x)[0].Scalar(); !same(got, c.mixed) {
				t.Errorf("%v %s: Grad(Grad(f,y),x) = %v, want %v", dt, c.nm, got, c.mixed)
			}
			if got := MixedVP(f, x, y, tp.VarVec(1)).Scalar(); !same(got, c.mixed) {
				t.Errorf("%v %s: MixedVP = %v, want %v", dt, c.nm, got, c.mixed)
			}
		}
		tp := NewTapeOf(dt)
		x := tp.VarVec(0, 0)
		if g := Grad(Sqrt(Norm2(x)), x)[0].Data(); !math.IsNaN(g[0]) || !math.IsNaN(g[1]) {
			t.Errorf("%v: gradient of Sqrt(Norm2(x)) at 0 = %v, want NaN (∞·0)", dt, g)
		}
	}
}
