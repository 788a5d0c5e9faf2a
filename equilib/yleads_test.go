package equilib_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/loop"
)

// TestPolishYLeadsFollowerLeadsRun: f1 = ½x² + xy − x, f2 = y² − xy
// (quadratic A = 1, B = 1, a = −1, D = 2, E = −1). With y leading, by
// hand: x follows r(y) = 1 − y (∂f1/∂x = x + y − 1), y minimises
// f2(1 − y, y) = 2y² − y, so y* = ¼, x* = ¾, f1 = 9/32 + 3/16 − ¾ =
// −9/32, f2 = 1/16 − 3/16 = −⅛. With x leading the DSE is (½, ¼). In
// (y, x) the y-leads ω_S = (Df2, D1 f1) = (3y − x, x + y − 1), so
// J_S = [[3, −1], [1, 1]] with the double eigenvalue 2; J = [[1, 1],
// [−1, 2]] has eigenvalues 1.5 ± (√3/2)i whoever leads. A learn run
// with FollowerLeads ends near (¾, ¼); PolishYLeads reaches (¾, ¼) to
// 1e-12 and calls it a DSE, where Polish Newton-steps to (½, ¼).
// Eigenvalues to 1e-6 (J_S is defective: rounding splits its double
// eigenvalue by about √ε).
func TestPolishYLeadsFollowerLeadsRun(t *testing.T) {
	q, err := game.NewQuadratic(game.QuadraticParams{A: ad.Scalar(1), B: ad.Scalar(1), LinX: ad.Vector(-1), D: ad.Scalar(2), E: ad.Scalar(-1)})
	if err != nil {
		t.Fatal(err)
	}
	dyn, err := learn.NewStackelberg(q, learn.StackelbergConfig{LeaderLR: loop.Power{A: .5, B: 1, P: 1}, FollowerLR: loop.Power{A: .5, B: 1, P: 0.6}, FollowerLeads: true})
	if err != nil {
		t.Fatal(err)
	}
	r, err := learn.Run(context.Background(), q, dyn, []float64{0}, []float64{0}, learn.Settings{Settings: loop.Settings{Iterations: 20000}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.X[0]-0.75) > 0.01 || math.Abs(r.Y[0]-0.25) > 0.01 {
		t.Fatalf("FollowerLeads run ended at (%v, %v), want within 0.01 of (0.75, 0.25)", r.X, r.Y)
	}
	p, err := equilib.PolishYLeads(q, r.X, r.Y, equilib.StackelbergField)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"X", p.X[0], 0.75}, {"Y", p.Y[0], 0.25}, {"F1", p.F1, -9.0 / 32}, {"F2", p.F2, -1.0 / 8},
	} {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("PolishYLeads: %s = %.15g, want %.15g (tol 1e-12)", c.what, c.got, c.want)
		}
	}
	if !p.DSE || !p.StableStackelberg || p.DNE {
		t.Errorf("PolishYLeads: DSE %v, StableStackelberg %v, DNE %v; want true, true, false", p.DSE, p.StableStackelberg, p.DNE)
	}
	wantEig := map[string][][2]float64{
		"EigJS": {{2, 0}, {2, 0}},
		"EigJ":  {{1.5, -math.Sqrt(3) / 2}, {1.5, math.Sqrt(3) / 2}},
	}
	for name, got := range map[string][][2]float64{"EigJS": p.EigJS, "EigJ": p.EigJ} {
		want := wantEig[name]
		if len(got) != len(want) {
			t.Fatalf("%s = %v, want %v", name, got, want)
		}
		for i := range want {
			if math.Abs(got[i][0]-want[i][0]) > 1e-6 || math.Abs(got[i][1]-want[i][1]) > 1e-6 {
				t.Errorf("%s = %v, want %v (tol 1e-6)", name, got, want)
			}
		}
	}
	// AnalyzeYLeads agrees at the point; Analyze (x leading) finds it no
	// critical point of its ω_S: Df1 = (x + y − 1) + x/2 = 3/8 there.
	a, err := equilib.AnalyzeYLeads(q, []float64{0.75}, []float64{0.25})
	if err != nil {
		t.Fatal(err)
	}
	if !a.DSE || a.X[0] != 0.75 || a.Y[0] != 0.25 {
		t.Errorf("AnalyzeYLeads((¾, ¼)) = X %v Y %v DSE %v, want (¾, ¼) and a DSE", a.X, a.Y, a.DSE)
	}
	if ax, err := equilib.Analyze(q, []float64{0.75}, []float64{0.25}); err != nil || ax.DSE {
		t.Errorf("Analyze((¾, ¼)), x leading: DSE %v, error %v; want no DSE", ax.DSE, err)
	}
	if ay, err := equilib.AnalyzeYLeads(q, []float64{0.5}, []float64{0.25}); err != nil || ay.DSE {
		t.Errorf("AnalyzeYLeads((½, ¼)): DSE %v, error %v; want no DSE (it is the x-leads DSE)", ay.DSE, err)
	}
	// Polish takes x for the leader: from the same end point it reaches
	// the x-leads DSE (½, ¼).
	px, err := equilib.Polish(q, r.X, r.Y, equilib.StackelbergField)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(px.X[0]-0.5) > 1e-12 || math.Abs(px.Y[0]-0.25) > 1e-12 || !px.DSE {
		t.Errorf("Polish: (%v, %v) DSE %v, want the x-leads DSE (0.5, 0.25)", px.X, px.Y, px.DSE)
	}
}

// TestYLeadsErrorsNameOwnPlayers: the y-leads functions check the point
// in the game's own (x, y) and name it so in their errors.
func TestYLeadsErrorsNameOwnPlayers(t *testing.T) {
	g, err := game.NewFormula(game.FormulaSpec{Dims: [2]int{1, 2}, F1: "(x[0]+2)*(x[0]+2) + 0*log(x[0]) + y[0]*y[0]", F2: "(y[0]-x[0])*(y[0]-x[0]) + y[1]*y[1]"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"Analyze length", func() error { _, err := equilib.AnalyzeYLeads(g, []float64{1, 2}, []float64{0}); return err }, "point: x has 2 and y 1 coordinates; game \"formula\" has dimensions (1, 2)"},
		{"Polish NaN", func() error {
			_, err := equilib.PolishYLeads(g, []float64{1}, []float64{0, math.NaN()}, equilib.StackelbergField)
			return err
		}, "polish: the start y[1] = NaN is not finite"},
		{"Analyze f1 NaN", func() error { _, err := equilib.AnalyzeYLeads(g, []float64{-2}, []float64{-2, 0}); return err }, "point ([-2], [-2 0]) with y leading: f1 = NaN: f1: log(x[0]) is NaN at 1:23 (x = [-2], y = [-2 0])"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if err == nil || err.Error() != c.want {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
	if _, err := equilib.AnalyzeYLeads(nil, nil, nil); err == nil || !strings.Contains(err.Error(), "game: nil") {
		t.Errorf("AnalyzeYLeads(nil): error %v, want \"game: nil\"", err)
	}
}
