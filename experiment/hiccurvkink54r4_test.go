package experiment

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
)

// hicKinkYAML is a Hi-C run whose follower payoff f2 = −(y − x/2)² −
// 0.1|y| (K2 = 2 away from y = 0, where abs has its kink; the formula's
// abs has second derivative 0 there) starts at y = 0, on the kink.
const hicKinkYAML = `name: kink
seed: 1
game:
  sense: payoff
  dims: [1, 1]
  f1: "x[0]*(10 - x[0] - y[0])"
  f2: "-(y[0] - x[0]/2)*(y[0] - x[0]/2) - 0.1*abs(y[0])"
  domain: {x: {box: [[0, 10]]}, y: {box: [[-10, 10]]}}
dynamics:
  kind: hic
  alpha: {power: {a: 0.01, b: 0, p: 0.75}}
  delta: {power: {a: 1, b: 0, p: 0.2}}
  commitment: COMMIT
  baseline: previous
  follower: {kind: gradient, lr: 0.1}
stages: 2000
init: {x: [5], y: [0]}
`

// TestHiCCurvatureAtKink54r4: the follower's curvature at the start was
// taken by central differences of its gradient with a step of 1e-5; on
// a kink of abs at the start they straddle it and read the jump of the
// gradient (0.2) as a curvature of 0.2/2e-5 = 10⁴: a Hi-C run with lr =
// 0.1 (0.2 of 2/K2, a stable step) printed the warning that its follower
// diverges, and eq19 with the lr left out was refused, saying to lower lr
// to 1e-4. The curvature is now the payoff's Hessian in y (ad), whose
// abs has second derivative 0 at 0, as the README says: K2 = 2, no
// warning, eq19 with mu = 2 accepted, and mu = 2.5 still refused with
// the exact concavity 2.
func TestHiCCurvatureAtKink54r4(t *testing.T) {
	cfg, err := ParseConfig([]byte(strings.Replace(hicKinkYAML, "COMMIT", "{constant: 50}", 1)))
	if err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	if _, err := Run(context.Background(), cfg, RunOptions{Out: t.TempDir(), Warnings: &warn}); err != nil {
		t.Fatal(err)
	}
	if warn.Len() != 0 {
		t.Errorf("lr = 0.1 (K2 = 2): warnings %q; want none", warn.String())
	}
	for _, c := range []struct{ mu, want string }{
		{"2", ""},
		{"2.5", "config: dynamics.commitment.eq19.mu = 2.5: the follower's payoff is only 2-strongly concave in y at the start (x = [5], y = [0]; the smallest eigenvalue of −∇²_yy of f2 there), and Assumption 3.8 needs mu at most that everywhere: with a larger mu Eq. 19 commits too few stages; lower mu to at most 2"},
	} {
		cfg, err := ParseConfig([]byte(strings.Replace(hicKinkYAML, "COMMIT", "{eq19: {mu: "+c.mu+", B: 40, p: 0.5}}", 1)))
		if err != nil {
			t.Fatal(err)
		}
		err = Check(cfg)
		if got := errText(err); got != c.want {
			t.Errorf("eq19 mu = %s: error %q;\nwant %q", c.mu, got, c.want)
		}
	}
}

// TestFollowerCurvatureExact54r4: the curvature is the follower payoff's
// Hessian, exact where its terms are large (Cournot at 10¹² prices: the
// differences read 1.999 for 2), in the payoff's sense for a cost game
// (f2 = 3y₀² + y₀y₁ + 2y₁² as a cost: the follower ascends −f2, whose
// Hessian [[−6, −1], [−1, −4]] has the eigenvalues −5 ∓ √2; [[−2, −1],
// [−1, −2]], an equal diagonal, −3 and −1), and of f1 in x when x is the
// follower's (a smooth run's leader: y).
func TestFollowerCurvatureExact54r4(t *testing.T) {
	big, err := game.NewFormula(game.FormulaSpec{Sense: game.Payoff, Dims: [2]int{1, 1},
		F1: "x[0]*(1e12 - x[0] - y[0])", F2: "y[0]*(1e12 - x[0] - y[0]) - y[0]"})
	if err != nil {
		t.Fatal(err)
	}
	cost, err := game.NewFormula(game.FormulaSpec{Sense: game.Cost, Dims: [2]int{1, 2},
		F1: "7*x[0]*x[0]*y[0]", F2: "3*y[0]*y[0] + y[0]*y[1] + 2*y[1]*y[1] + x[0]*y[0]"})
	if err != nil {
		t.Fatal(err)
	}
	equal, err := game.NewFormula(game.FormulaSpec{Sense: game.Payoff, Dims: [2]int{1, 2},
		F1: "x[0]*y[0]", F2: "-(y[0]*y[0] + y[1]*y[1]) - y[0]*y[1] + x[0]*y[1]"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		g       game.Game
		x, y    []float64
		xFollow bool
		want    []float64
	}{
		{"1e12 prices", big, []float64{999000000000.123}, []float64{1.3}, false, []float64{-2}},
		{"cost game, 2-d follower", cost, []float64{1}, []float64{0.5, -2}, false, []float64{-5 - math.Sqrt2, -5 + math.Sqrt2}},
		{"equal diagonal (Jacobi's θ = 0)", equal, []float64{1}, []float64{2, 3}, false, []float64{-3, -1}},
		{"x follows", cost, []float64{2}, []float64{3, 1}, true, []float64{-42}},
	} {
		got := followerCurvature(c.g, c.x, c.y, c.xFollow)
		if len(got) != len(c.want) {
			t.Fatalf("%s: eigenvalues %v; want %v", c.name, got, c.want)
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-12*math.Max(1, math.Abs(c.want[i])) {
				t.Errorf("%s: eigenvalues %v; want %v (to 1e-12)", c.name, got, c.want)
			}
		}
	}
}
