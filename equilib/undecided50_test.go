package equilib

import (
	"reflect"
	"testing"

	"github.com/stackel/stackel/game"
)

// TestUndecided50: where a second-order matrix of Definition 3 or 4 is
// singular and none has a negative eigenvalue, at a critical point, DNE
// or DSE is false although the point may be a local equilibrium of that
// kind (f1 = x⁴/4, f2 = y²/2 at 0 is a strict global Nash equilibrium).
// Before session 50 nothing told that "false" from a firm no (a point that
// is not critical, or a negative eigenvalue); Point.Undecided now lists
// the undecided verdicts, at every scale of the game (×10⁻⁶, ×1, ×10⁶).
func TestUndecided50(t *testing.T) {
	cases := []struct {
		name string
		g    game.Game
		x    float64
		want []string
	}{
		// D1² f1 = 0; ω_S = (x³, y), Schur complement 0.
		{"leader x⁴ at 0", quartic1{p: 1, d: 1}, 0, []string{"dne", "dse"}},
		// −x⁴ is a maximum, but its second derivative 0 cannot tell.
		{"leader −x⁴ at 0", quartic1{p: -1, d: 1}, 0, []string{"dne", "dse"}},
		// D2² f2 = 0: ω_S undefined, D2 f2 = 0.
		{"follower y⁴ at 0", quartic1{a: 1, q: 1}, 0, []string{"dne", "dse"}},
		// A line of critical points with D1² f1 = 0.
		{"leader flat", quad1(0, 0, 0, 1, 0), 0, []string{"dne", "dse"}},
		// Firm noes: a negative eigenvalue, or no critical point.
		{"follower −y² at 0", quartic1{a: 1, d: -1}, 0, nil},
		{"leader x⁴ at 0.1 (not critical)", quartic1{p: 1, d: 1}, 0.1, nil},
		{"neither", quad1(-1, 0, 0, -1, 0), 0, nil},
		{"DSE, not DNE", quad1(-1, 1, 4, 1, 1), 0, nil},
		{"DNE, not DSE", quad1(1, 1, 0, 1, 1), 0, nil},
		{"both", quad1(2, 0, 0, 1, 0), 0, nil},
		// The DNE is decided; the Schur complement a − 2be/d + ce²/d² =
		// 1 − 2 + 1 = 0 leaves the DSE open.
		{"DNE, Schur complement 0", quad1(1, 1, 1, 1, 1), 0, []string{"dse"}},
	}
	for _, c := range cases {
		for _, s := range []float64{1e-6, 1, 1e6} {
			p, err := Analyze(scaledBy{c.g, s}, []float64{c.x}, []float64{0})
			if err != nil {
				t.Fatalf("%s ×%g: %v", c.name, s, err)
			}
			if !reflect.DeepEqual(p.Undecided, c.want) {
				t.Errorf("%s ×%g: Undecided %q (DNE %v DSE %v eig J %v eig J_S %v), want %q", c.name, s, p.Undecided, p.DNE, p.DSE, p.EigJ, p.EigJS, c.want)
			}
		}
	}
}
