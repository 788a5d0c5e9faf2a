package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestDuopolyRefusesCostsOutsideClosedForms: the duopoly accepted any
// finite costs, and its Nash and Stackelberg then returned points outside
// the box [0, A] that are no equilibria of the game on it (A = 10, c1 = 1,
// c2 = 9: Nash (5.67, −2.33), Stackelberg (8.5, −3.75)). Such costs, and
// negative ones, are now refused naming the cost (exact messages); the
// boundary cases, where a closed-form quantity is exactly 0, and the
// papers' parameters stay accepted with their closed forms in [0, A].
func TestDuopolyRefusesCostsOutsideClosedForms(t *testing.T) {
	cases := []struct {
		p    map[string]float64
		want string
	}{
		{map[string]float64{"A": 10, "c1": 1, "c2": 9}, "duopoly: param c2 = 9 is too large for A = 10, c1 = 1, c2 = 9: the Nash follower quantity (A + c1 − 2c2)/3 is negative, " +
			"so the closed-form equilibria lie outside the box [0, A] (they need 2c1 − c2 ≤ A, 2c2 − c1 ≤ A and 3c2 − 2c1 ≤ A)"},
		{map[string]float64{"A": 10, "c1": 6, "c2": 1}, "duopoly: param c1 = 6 is too large for A = 10, c1 = 6, c2 = 1: the Nash and Stackelberg leader quantity (A + c2 − 2c1)/3 and /2 is negative, " +
			"so the closed-form equilibria lie outside the box [0, A] (they need 2c1 − c2 ≤ A, 2c2 − c1 ≤ A and 3c2 − 2c1 ≤ A)"},
		// Nash is interior (q2 = 2/3) but the Stackelberg follower's
		// (A + 2c1 − 3c2)/4 = −1/4 is not.
		{map[string]float64{"A": 10, "c1": 1, "c2": 4.5}, "duopoly: param c2 = 4.5 is too large for A = 10, c1 = 1, c2 = 4.5: the Stackelberg follower quantity (A + 2c1 − 3c2)/4 is negative, " +
			"so the closed-form equilibria lie outside the box [0, A] (they need 2c1 − c2 ≤ A, 2c2 − c1 ≤ A and 3c2 − 2c1 ≤ A)"},
		{map[string]float64{"c1": -1000}, "duopoly: param c1 = -1000 must be ≥ 0 (a unit cost; Fiez et al. §4.1 take c_i > 0)"},
		{map[string]float64{"c2": -1}, "duopoly: param c2 = -1 must be ≥ 0 (a unit cost; Fiez et al. §4.1 take c_i > 0)"},
	}
	for _, c := range cases {
		p := map[string]ad.Tensor{}
		for k, v := range c.p {
			p[k] = ad.Scalar(v)
		}
		g, err := Builtin("duopoly", p)
		if g != nil || err == nil || err.Error() != c.want {
			t.Errorf("%v: game %v, error %v, want %q", c.p, g, err, c.want)
		}
	}
	for _, p := range [][3]float64{{100, 5, 2}, {50, 1, 1}, {1e12, 5, 2}, {10, 0, 0}, {10, 5, 0}, {10, 0, 10.0 / 3}, {10, 1, 4}} {
		d, err := NewDuopoly(p[0], p[1], p[2])
		if err != nil {
			t.Errorf("%v: %v", p, err)
			continue
		}
		nx, ny := d.Nash()
		sx, sy := d.Stackelberg()
		for _, q := range []float64{nx, ny, sx, sy} {
			if !(q >= 0 && q <= p[0]) {
				t.Errorf("%v: closed forms Nash (%g, %g), Stackelberg (%g, %g) leave [0, %g]", p, nx, ny, sx, sy, p[0])
			}
		}
	}
}
