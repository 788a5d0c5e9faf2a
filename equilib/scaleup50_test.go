package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

// quad1 is the one-dimensional quadratic game f1 = ½a x² + b xy + ½c y²,
// f2 = ½d y² + e xy: J = [[a, b], [e, d]], D² f1(x, r(x)) = a − 2be/d +
// ce²/d².
func quad1(a, b, c, d, e float64) quadratic {
	t := func(v float64) ad.Tensor { return ad.NewTensor(1, 1, []float64{v}) }
	return quadratic{1, 1, t(a), t(b), t(c), t(d), t(e)}
}

// TestScaleInvariantVerdictsUp50: the game c_i ↦ s·c_i has the equilibria
// of c_i, but the floors of the verdicts (critical residual 10⁻⁶, positive
// eigenvalue 10⁻⁹) shrank with the game below size 1 and stayed fixed
// above it. So, before session 50:
//   - ½·5·10⁻¹⁰x² + ½y² at 0 (a leader curvature below the floor) was no
//     DNE, DSE or stable point at ×1, ×10⁻⁶, ×10⁻¹² and a stable DNE and
//     DSE at ×10⁶ and ×10¹²;
//   - the point (10⁻⁹, 0), 10⁻⁹ from the DNE of x² + ½y², was a DNE and DSE
//     at ×1 and ×10⁻⁶ and no critical point at ×10⁶ (residual 2·10⁻³
//     against 10⁻⁶);
//   - matching pennies with payoffs ×10⁹ and entropy 0.1, which is
//     payoffs ×1 with entropy 10⁻¹⁰ times 10⁹, was a stable DNE and DSE,
//     the game ×1 (and ×10⁻⁹) neither.
//
// Now each gets one verdict at every scale; the table also checks the
// four closed-form classes (DSE not DNE, DNE not DSE, both, neither) and
// a point 10⁻⁵ off, no critical point, at every scale.
func TestScaleInvariantVerdictsUp50(t *testing.T) {
	type verdict struct{ dne, dse, sga, st bool }
	cases := []struct {
		name string
		g    quadratic
		x    float64
		want verdict
	}{
		// D² f1(x, r(x)) = −1 − 2 + 4 = 1 > 0, D1² f1 = −1.
		{"DSE, not DNE", quad1(-1, 1, 4, 1, 1), 0, verdict{false, true, false, false}},
		// D1² f1 = D2² f2 = 1, D² f1(x, r(x)) = 1 − 2 = −1.
		{"DNE, not DSE", quad1(1, 1, 0, 1, 1), 0, verdict{true, false, false, false}},
		{"both", quad1(2, 0, 0, 1, 0), 0, verdict{true, true, true, true}},
		{"neither", quad1(-1, 0, 0, -1, 0), 0, verdict{false, false, false, false}},
		{"leader curvature 5e-10", quad1(5e-10, 0, 0, 1, 0), 0, verdict{false, false, false, false}},
		{"leader curvature 5e-9", quad1(5e-9, 0, 0, 1, 0), 0, verdict{true, true, true, true}},
		{"1e-9 off the DNE", quad1(2, 0, 0, 1, 0), 1e-9, verdict{true, true, true, true}},
		{"1e-5 off the DNE", quad1(2, 0, 0, 1, 0), 1e-5, verdict{false, false, false, false}},
	}
	for _, c := range cases {
		for _, s := range []float64{1e-12, 1e-6, 1, 1e6, 1e12} {
			p, err := Analyze(scaledBy{c.g, s}, []float64{c.x}, []float64{0})
			if err != nil {
				t.Fatalf("%s ×%g: %v", c.name, s, err)
			}
			if got := (verdict{p.DNE, p.DSE, p.StableSGA, p.StableStackelberg}); got != c.want {
				t.Errorf("%s ×%g: (DNE, DSE, stable SGA, stable Stackelberg) = %v, want %v (eig J %v)", c.name, s, got, c.want, p.EigJ)
			}
		}
	}
	for _, g := range []struct{ s, tau float64 }{{1e9, 0.1}, {1, 1e-10}, {1e-9, 1e-19}} {
		kept, _ := searchKept(t, matchingPennies(t, g.s, g.tau), 20)
		if len(kept) != 1 {
			t.Fatalf("pennies ×%g, entropy %g: %d critical points, want 1", g.s, g.tau, len(kept))
		}
		p := kept[0]
		// Real parts 0.05·s/10⁹ to relative 1e-6, and neither DNE, DSE nor
		// stable.
		re := 0.05 * g.s / 1e9
		if p.DNE || p.DSE || p.StableSGA || p.StableStackelberg || !(math.Abs(p.EigJ[0][0]-re) <= 1e-6*re) {
			t.Errorf("pennies ×%g, entropy %g: DNE %v DSE %v stable SGA %v stable Stackelberg %v eig J %v; want neither, real parts %g", g.s, g.tau, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg, p.EigJ, re)
		}
	}
}
