package ad

import (
	"math"
	"testing"
)

// powGrads returns y = a^b and (∂y/∂a, ∂y/∂b) for scalars a, b.
func powGrads(a, b float64) (y, da, db float64) {
	t := NewTape()
	x, e := t.VarVec(a), t.VarVec(b)
	n := Pow(x, e)
	g := Grad(n, x, e)
	return n.Scalar(), g[0].Scalar(), g[1].Scalar()
}

// TestPowExponentGradAtZeroBase: the derivative of a^b in b at a = 0 < b
// is 0 (a^b = 0 for every exponent near b); the rule a^b·ln a gave
// 0·(−Inf) = NaN, so a game formula pow(x[0], x[1]) at (0, 2) had a NaN
// gradient. At a = 0, b ≤ 0 (no finite derivative) it stays −Inf.
func TestPowExponentGradAtZeroBase(t *testing.T) {
	for _, c := range []struct{ a, b, want float64 }{
		{0, 2, 0}, {0, 0.5, 0}, {0, 1, 0}, {0, 1e-300, 0}, {math.Copysign(0, -1), 3, 0},
		{0, 0, math.Inf(-1)}, {0, -1, math.Inf(-1)},
	} {
		_, _, db := powGrads(c.a, c.b)
		if db != c.want {
			t.Errorf("∂(a^b)/∂b at a = %v, b = %v: %v, want %v", c.a, c.b, db, c.want)
		}
	}
	// Broadcast: a vector base with zeros, scalar exponent 2, and a scalar
	// zero base with a vector exponent.
	tp := NewTape()
	av := tp.VarVec(0, 2, 0.5, 0)
	bs := tp.VarVec(2)
	g := Grad(Sum(Pow(av, bs)), bs)[0].Scalar()
	want := 4*math.Log(2) + 0.25*math.Log(0.5)
	if !(math.Abs(g-want) <= 1e-15*math.Abs(want)) {
		t.Errorf("∂Σ(a_i^b)/∂b, a = (0, 2, 0.5, 0), b = 2: %v, want %v (relative tolerance 1e-15)", g, want)
	}
	tp = NewTape()
	a0 := tp.VarVec(0)
	bv := tp.VarVec(0.5, 2, 3)
	for i, v := range Grad(Sum(Pow(a0, bv)), bv)[0].Data() {
		if v != 0 {
			t.Errorf("∂Σ(0^b_j)/∂b_%d: %v, want 0", i, v)
		}
	}
}

// TestPowExponentGradBitsAwayFromZero: at a ≠ 0 the exponent derivative
// keeps its bits: 1·(a^b·ln a) with the same math.Pow and math.Log.
func TestPowExponentGradBitsAwayFromZero(t *testing.T) {
	for _, c := range [][2]float64{{2, 3}, {0.3, -1.7}, {5e-324, 2}, {1e-200, 2}, {7.5, 0}, {1, 2.5}, {math.Inf(1), -1}, {-2, 3}} {
		_, _, db := powGrads(c[0], c[1])
		want := 1 * (math.Pow(c[0], c[1]) * math.Log(c[0]))
		if math.Float64bits(db) != math.Float64bits(want) && !(math.IsNaN(db) && math.IsNaN(want)) {
			t.Errorf("∂(a^b)/∂b at a = %v, b = %v: %v (bits %#x), want %v (bits %#x)", c[0], c[1], db, math.Float64bits(db), want, math.Float64bits(want))
		}
	}
}

// TestPowHVPThroughExponentRule: the rule is taped, so HVPs through Pow
// work. At an interior point (a, b) = (2, 3) the Hessian of a^b is
// [[b(b−1)a^(b−2), a^(b−1)(1 + b ln a)], [·, a^b ln²a]]; at (0, 2) it is
// [[2, 0], [0, 0]] (a^b = a² near a = 0 for b = 2, and ∂/∂b of
// ∂(a^b)/∂a = a^(b−1)(1 + b ln a) → 0 as a → 0), where the old rule gave
// NaN in both entries of the b-row and the b-column.
func TestPowHVPThroughExponentRule(t *testing.T) {
	hvp := func(a, b, va, vb float64) (float64, float64) {
		tp := NewTape()
		x, e := tp.VarVec(a), tp.VarVec(b)
		h := HVPMulti(Pow(x, e), []*Node{x, e}, []*Node{tp.Const(Vector(va)), tp.Const(Vector(vb))})
		return h[0].Scalar(), h[1].Scalar()
	}
	l2 := math.Log(2)
	haa, hab, hbb := 3*2*2.0, 4*(1+3*l2), 8*l2*l2
	for _, v := range [][2]float64{{1, 0}, {0, 1}, {0.3, -0.7}} {
		ha, hb := hvp(2, 3, v[0], v[1])
		wa, wb := haa*v[0]+hab*v[1], hab*v[0]+hbb*v[1]
		if !(math.Abs(ha-wa) <= 1e-14*(1+math.Abs(wa)) && math.Abs(hb-wb) <= 1e-14*(1+math.Abs(wb))) {
			t.Errorf("HVP at (2, 3) along %v: (%v, %v), want (%v, %v) (tolerance 1e-14 relative)", v, ha, hb, wa, wb)
		}
	}
	for _, v := range [][2]float64{{1, 0}, {0, 1}, {0.3, -0.7}} {
		ha, hb := hvp(0, 2, v[0], v[1])
		if ha != 2*v[0] || hb != 0 {
			t.Errorf("HVP at (0, 2) along %v: (%v, %v), want (%v, 0)", v, ha, hb, 2*v[0])
		}
	}
}
