package ad

import (
	"math"
	"testing"
)

// TestSecondOrderDirectionMustNotDependOnX: HVP(y, x, v) is built as
// ∇ₓ(∇ₓy·v), which equals ∇²ₓy·v only when v does not depend on x. With
// v = ∇ₓy (a Hessian–gradient product, as in gradient-adjustment methods
// for games) it silently returned 2∇²ₓy·∇ₓy: for y = Σx³ at x = (1, 2),
// g = 3x² = (3, 12), H = diag(6x), H·g = (18, 144), and the old result
// was (36, 288). Now HVP, MixedVP and HVPMulti panic naming the direction;
// directions independent of x (leaves, Consts, nodes of other Vars or
// depending on x only through a mask) still give H·v exactly.
func TestSecondOrderDirectionMustNotDependOnX(t *testing.T) {
	for _, dt := range []DType{Float64, Float32} {
		tp := NewTapeOf(dt)
		x := tp.VarVec(1, 2)
		y := Sum(PowConst(x, 3))
		g := Grad(y, x)[0]
		cases := []struct {
			name, want string
			f          func()
		}{
			{"HVP v=∇y", "ad.HVP: v depends on x, so the product would not be a second derivative times v; pass its values as a Const",
				func() { HVP(y, x, g) }},
			{"HVP v=x", "ad.HVP: v depends on x, so the product would not be a second derivative times v; pass its values as a Const",
				func() { HVP(y, x, x) }},
			{"MixedVP z=x", "ad.MixedVP: z depends on x, so the product would not be a second derivative times z; pass its values as a Const",
				func() {
					w := tp.VarVec(3)
					f := Mul(Sum(x), w)
					MixedVP(f, x, w, Sum(Square(x)))
				}},
			{"HVPMulti", "ad.HVPMulti: direction 1 depends on input 0, so the product would not be a second derivative times direction 1; pass its values as a Const",
				func() {
					w := tp.VarVec(3)
					f := Mul(Sum(x), Square(w))
					HVPMulti(f, []*Node{x, w}, []*Node{tp.VarVec(1, 1), Index(x, 0)})
				}},
		}
		for _, c := range cases {
			if msg := panicText(c.f); msg != c.want {
				t.Errorf("%v %s: panic %q, want %q", dt, c.name, msg, c.want)
			}
		}
		// Independent directions: H·v = diag(6x)·v exactly.
		want := []float64{18, 144} // v = (3, 12)
		other := tp.VarVec(1, 4)
		for _, v := range []*Node{
			tp.VarVec(3, 12), // a Var leaf
			tp.Const(Tensor{Rows: 1, Cols: 2, Data: []float64{3, 12}}), // a Const
			Scale(other, 3), // computed from another Var
			Add(tp.VarVec(3, 12), Mul(Greater(x, tp.Scalar(5)), other)), // x through a mask only
		} {
			hv := HVP(y, x, v).Data()
			for i := range want {
				if math.Abs(hv[i]-want[i]) != 0 {
					t.Errorf("%v: HVP along %v = %v, want %v", dt, v.Data(), hv, want)
					break
				}
			}
		}
		// The misuse's old value, for the record: Grad of ∇y·∇y.
		if got := Grad(Dot(g, g), x)[0].Data(); got[0] != 36 || got[1] != 288 {
			t.Errorf("%v: ∇(g·g) = %v, want (36, 288)", dt, got)
		}
	}
}
