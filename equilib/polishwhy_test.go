package equilib

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
)

// polishWhyGame is a 1×1 cost game given by formulas.
func polishWhyGame(t *testing.T, f1, f2 string) game.Game {
	t.Helper()
	g, err := game.NewFormula(game.FormulaSpec{Name: "why", Sense: game.Cost, Dims: [2]int{1, 1}, F1: f1, F2: f2})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestPolishSaysWhy: Polish's failure said only "did not converge". It now
// says why Newton stopped, with the iteration and the residual:
//   - f1 = x, f2 = y²/2: ω = (1, y), J = diag(0, 1) is singular at the
//     start (iteration 0, ‖ω‖∞ = 1);
//   - f1 = x²/2 + y²/2, f2 = xy: D²₂f2 = 0, so ω_S is undefined (not
//     finite) at iteration 0;
//   - f1 = x³/3 + x, f2 = y²/2 from x = 10⁻⁸: ω1 = x² + 1 ≥ 1 has no root;
//     Newton's step 1/(2x) = 5·10⁷ overshoots for every step length down
//     to 10⁻¹⁰, so the line search fails at iteration 0 with ‖ω‖∞ = 1;
//   - f1 = x^0.99/0.99, f2 = y²/2 from x = 1: ω1 = x^−0.01, each Newton
//     step multiplies x by 101 and the residual by 101^−0.01 ≈ 0.955, so
//     after the 100 iterations it is 101^−1 ≈ 0.0099.
func TestPolishSaysWhy(t *testing.T) {
	cases := []struct {
		name, f1, f2 string
		x            float64
		field        Field
		want         []string
	}{
		{"singular J", "x[0]", "0.5*y[0]*y[0]", 1, NashField,
			[]string{"did not converge: the Jacobian J is singular at iteration 0 (residual ‖ω‖∞ = 1)"}},
		{"ω_S undefined", "0.5*x[0]*x[0] + 0.5*y[0]*y[0]", "x[0]*y[0]", 1, StackelbergField,
			[]string{"did not converge: the Stackelberg field ω_S is not finite at iteration 0", "follower Hessian D²₂f2 is singular"}},
		{"line search", "x[0]*x[0]*x[0]/3 + x[0]", "0.5*y[0]*y[0]", 1e-8, NashField,
			[]string{"did not converge: the line search failed at iteration 0: no step length down to 1e-10 decreased the residual ‖ω‖∞ = 1"}},
		{"budget", "pow(x[0], 0.99)/0.99", "0.5*y[0]*y[0]", 1, NashField,
			[]string{"did not converge: the budget of 100 iterations was used, with residual ‖ω‖∞ = 0.0099 (want ≤ 1e-10)"}},
	}
	for _, c := range cases {
		g := polishWhyGame(t, c.f1, c.f2)
		_, err := Polish(g, []float64{c.x}, []float64{0}, c.field)
		if err == nil {
			t.Errorf("%s: Polish succeeded", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", c.name, err, w)
			}
		}
	}
}
