package ad

import "testing"

// TestSecondOrderConstInputMessage43b: HVP, MixedVP and HVPMulti with an
// input x that depends on no Var (a Const) must give Grad's error, which
// names the real mistake, whatever the direction. A direction computed
// from that Const and a Var was reported as "v depends on x … pass its
// values as a Const", sending the user to a change that is refused in
// turn (x is a Const already: Grad's "depends on no Var").
func TestSecondOrderConstInputMessage43b(t *testing.T) {
	tp := NewTape()
	w := tp.VarVec(1, 2)
	x := tp.Const(Vector(3, 4))
	y := Sum(Mul(PowConst(w, 3), x))
	v := Add(x, w) // computed from the Const x (and a Var)
	const want = "ad.Grad: argument 0 (const 1x2) depends on no Var"
	for name, f := range map[string]func(){
		"HVP":      func() { HVP(y, x, v) },
		"MixedVP":  func() { MixedVP(y, x, w, v) },
		"HVPMulti": func() { HVPMulti(y, []*Node{x}, []*Node{v}) },
	} {
		if msg := panicText(f); msg != want {
			t.Errorf("%s with a Const input and a direction computed from it: panic %q, want %q", name, msg, want)
		}
	}
}
