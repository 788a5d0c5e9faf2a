package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/internal/testgames"
)

// TestSchurIsLeaderHessianOnReactionCurve checks the second-order
// condition of Definition 4 as Analyze evaluates it: at a point (x, r(x))
// of the reaction curve the Schur complement J_S11 − J_S12 J_S22⁻¹ J_S21
// of J_S is D²f1(x, r(x)), the Jacobian of x ↦ Df1(x, r(x)). On the
// general-sum game testgames.Curved, where J_S12 ≠ 0 and third derivatives of f2
// enter, it must match a central difference (h = 1e-5) of Df1 along r
// (r by Newton's method on D2 c2 to 1e-13) to 1e-6 in every entry, and is
// far from the block J_S11 alone (which Eq. 3 gives only in zero-sum
// games).
func TestSchurIsLeaderHessianOnReactionCurve(t *testing.T) {
	a, err := newAnalyzer(testgames.Curved())
	if err != nil {
		t.Fatal(err)
	}
	response := func(x []float64) []float64 {
		y := []float64{0, 0}
		for i := 0; i < 50; i++ {
			a.eval(x, y)
			g := a.field(false)[2:]
			J := a.jacobian(false)
			h00, h01, h10, h11 := J.At(2, 2), J.At(2, 3), J.At(3, 2), J.At(3, 3)
			det := h00*h11 - h01*h10
			y[0] -= (h11*g[0] - h01*g[1]) / det
			y[1] -= (-h10*g[0] + h00*g[1]) / det
			if math.Abs(g[0])+math.Abs(g[1]) < 1e-13 {
				break
			}
		}
		return y
	}
	totalAlong := func(x []float64) []float64 {
		a.eval(x, response(x))
		return append([]float64(nil), a.field(true)[:2]...)
	}
	for _, x := range [][]float64{{0.6, -0.4}, {-1.1, 0.9}} {
		a.eval(x, response(x))
		JS := a.jacobian(true)
		S, ok := schurComplement(JS, 2)
		if !ok {
			t.Fatalf("x = %v: singular follower block", x)
		}
		const h = 1e-5
		off := 0.0
		for j := 0; j < 2; j++ {
			xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
			xp[j] += h
			xm[j] -= h
			gp, gm := totalAlong(xp), totalAlong(xm)
			for i := 0; i < 2; i++ {
				fd := (gp[i] - gm[i]) / (2 * h)
				if math.Abs(S.At(i, j)-fd) > 1e-6 {
					t.Errorf("x = %v: Schur complement [%d][%d] = %.9g, d/dx Df1(x, r(x)) = %.9g", x, i, j, S.At(i, j), fd)
				}
				off = math.Max(off, math.Abs(JS.At(i, j)-fd))
			}
		}
		if off < 0.05 {
			t.Errorf("x = %v: J_S11 is within %g of D²f1(x, r(x)); the game does not separate the two", x, off)
		}
	}
}
