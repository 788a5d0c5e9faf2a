package equilib

import (
	"math"
	"testing"
)

// TestScaleInvariantVerdictsLargeJS50: where ‖J_S‖∞ exceeds ‖J‖∞ (a
// follower of small curvature) the verdicts' unit was ‖J_S‖∞·c below 1, 1
// in between and ‖J‖∞·c above (verdictUnit of e7ab83f), so the game ×c
// did not get the verdicts of the game ×1 for every c > 0, as the README
// says it does:
//   - matching pennies with payoffs ×10⁶ and entropy 0.1 (the commit's own
//     example, eig J_S = {0.1, 5·10¹²}), times c: a stable DNE and DSE for
//     c ≥ 10⁻⁷, neither for c ≤ 10⁻⁸;
//   - f1 = ½x² + ½y², f2 = ½·10⁻⁶y² + xy at 0, a strict DNE and DSE
//     (D1² f1 = 1, D2² f2 = 10⁻⁶, ‖J_S‖∞ ≈ 10⁶): all four verdicts true
//     for c ≥ 0.1, DNE and DSE false and undecided for c ≤ 10⁻³.
//
// Now the unit is ‖J‖∞·c on both sides of 1: the same verdicts at every
// scale. J's eigenvalues are checked in closed form (c and 10⁻⁶c for the
// quadratic, real parts 0.05c for pennies; 1e-9 relative).
func TestScaleInvariantVerdictsLargeJS50(t *testing.T) {
	for _, c := range []float64{1e-14, 1e-8, 1e-7, 1, 1e3} {
		kept, _ := searchKept(t, matchingPennies(t, 1e6*c, 0.1*c), 20)
		if len(kept) != 1 {
			t.Fatalf("pennies ×%g: %d critical points, want 1", c, len(kept))
		}
		p := kept[0]
		re := 0.05 * c
		if !p.DNE || !p.DSE || !p.StableSGA || !p.StableStackelberg || !(math.Abs(p.EigJ[0][0]-re) <= 1e-9*re) {
			t.Errorf("pennies ×%g: DNE %v DSE %v stable SGA %v stable Stackelberg %v eig J %v; want all true, real parts %g", c, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg, p.EigJ, re)
		}
	}
	for _, c := range []float64{1e-12, 1e-6, 1e-3, 0.1, 1, 1e3, 1e6} {
		p, err := Analyze(scaledBy{quad1(1, 0, 1, 1e-6, 1), c}, []float64{0}, []float64{0})
		if err != nil {
			t.Fatalf("×%g: %v", c, err)
		}
		want := [][2]float64{{1e-6 * c, 0}, {c, 0}}
		eigOK := len(p.EigJ) == 2
		for i := 0; eigOK && i < 2; i++ {
			eigOK = math.Abs(p.EigJ[i][0]-want[i][0]) <= 1e-9*want[i][0] && p.EigJ[i][1] == 0
		}
		if !p.DNE || !p.DSE || !p.StableSGA || !p.StableStackelberg || len(p.Undecided) != 0 || !eigOK {
			t.Errorf("½x² + ½y², ½·1e-6y² + xy ×%g: DNE %v DSE %v stable SGA %v stable Stackelberg %v undecided %v eig J %v; want all true, none undecided, eig J %v", c, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg, p.Undecided, p.EigJ, want)
		}
	}
}
