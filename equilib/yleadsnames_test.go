package equilib_test

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
)

// TestSearchYLeadsNamesOwnGame: SearchOptions.YLeads searches the game
// with y leading and reports in the game's own terms. The leader's cost
// (x+2)² + 0·log(x) is NaN at its root x = −2; f2 = (y−x−1)² puts y at
// −1: the first dropped root is named as the game's point ([-2], [-1])
// with f1 (not the exchanged ([-1], [-2]) and f2), with the formula's
// sub-expression. Lo and Hi are in the game's own order: y[0] ∈ [1, 2]
// makes f2 = e^{1000 y[0]} infinite at every start, named with x of one
// coordinate and y of two. The y-leads DSE of f1 = ½x² + xy − x,
// f2 = y² − xy is (¾, ¼), returned as (X, Y) = (¾, ¼) within 1e-9.
// Messages are compared exactly.
func TestSearchYLeadsNamesOwnGame(t *testing.T) {
	logGame, err := game.NewFormula(game.FormulaSpec{Dims: [2]int{1, 1}, F1: "(x[0]+2)*(x[0]+2) + 0*log(x[0])", F2: "(y[0]-x[0]-1)*(y[0]-x[0]-1)"})
	if err != nil {
		t.Fatal(err)
	}
	pts, st, err := equilib.SearchWithStats(logGame, equilib.SearchOptions{Starts: 5, Seed: 1, Lo: []float64{-5, -5}, Hi: []float64{-1, -1}, YLeads: true})
	if err != nil {
		t.Fatal(err)
	}
	const want = "point ([-2], [-1]) with y leading: f1 = NaN: f1: log(x[0]) is NaN at 1:23 (x = [-2], y = [-1])"
	if len(pts) != 0 || st.NonFiniteObjective != 10 || st.FirstNonFiniteObjective != want {
		t.Errorf("%d points, %d non-finite objective, first %q\nwant 0, 10, %q", len(pts), st.NonFiniteObjective, st.FirstNonFiniteObjective, want)
	}

	infGame, err := game.NewFormula(game.FormulaSpec{Dims: [2]int{1, 2}, F1: "x[0]*x[0]", F2: "exp(1000*y[0]) + y[1]*y[1]"})
	if err != nil {
		t.Fatal(err)
	}
	_, st, err = equilib.SearchWithStats(infGame, equilib.SearchOptions{Starts: 4, Seed: 1, Lo: []float64{-1, 1, -1}, Hi: []float64{1, 2, 1}, YLeads: true})
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^x = \[\S+\], y = \[\S+ \S+\]: f2 = \+Inf$`)
	if st.NonFiniteStart != 8 || !re.MatchString(st.FirstNonFinite) {
		t.Errorf("%d non-finite starts, first %q; want 8, matching %s", st.NonFiniteStart, st.FirstNonFinite, re)
	}

	quad, err := game.NewFormula(game.FormulaSpec{Dims: [2]int{1, 1}, F1: "0.5*x[0]*x[0] + x[0]*y[0] - x[0]", F2: "y[0]*y[0] - x[0]*y[0]"})
	if err != nil {
		t.Fatal(err)
	}
	pts, err = equilib.Search(quad, equilib.SearchOptions{Starts: 8, Seed: 1, Lo: []float64{-2, -2}, Hi: []float64{2, 2}, YLeads: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range pts {
		if p.DSE && math.Abs(p.X[0]-0.75) <= 1e-9 && math.Abs(p.Y[0]-0.25) <= 1e-9 {
			found = true
		}
	}
	if !found {
		t.Errorf("y-leads search points %+v; want a DSE at (0.75, 0.25)", pts)
	}
}

// TestYLeadsErrorsNameOwnGame: the simplex shift error of AnalyzeYLeads
// names the game's own objective (f2 = y[0] + x[0] is the one that
// changes under a shift of y's logits) and point; a simplex game whose
// objective is NaN gets the NaN error, not a shift error computed from
// it; PolishYLeads's outside-the-box error says "with y leading" once.
func TestYLeadsErrorsNameOwnGame(t *testing.T) {
	sx := game.Domain{Kind: game.Simplex}
	g, err := game.NewFormula(game.FormulaSpec{Dims: [2]int{1, 2}, F1: "x[0]*x[0]", F2: "y[0] + x[0]", DomainY: sx})
	if err != nil {
		t.Fatal(err)
	}
	_, err = equilib.AnalyzeYLeads(g, []float64{3}, []float64{0, 0})
	const shift = `game "formula": the leader's domain is a simplex (softmax logits), but f2 changes under a common shift of its logits (derivative 1 at ([3], [0 0]) with y leading); a simplex strategy must enter the objectives only through softmax`
	if err == nil || err.Error() != shift {
		t.Errorf("AnalyzeYLeads: %v\nwant %q", err, shift)
	}
	h, err := game.NewFormula(game.FormulaSpec{Dims: [2]int{2, 1}, F1: "exp(x[0])/(exp(x[0])+exp(x[1])) + 0*log(exp(x[0])/(exp(x[0])+exp(x[1])) - 0.9) + y[0]*y[0]", F2: "y[0]*y[0]", DomainX: sx})
	if err != nil {
		t.Fatal(err)
	}
	_, err = equilib.Analyze(h, []float64{0, 0}, []float64{0})
	if err == nil || !strings.HasPrefix(err.Error(), "point ([0 0], [0]): f1 = NaN") {
		t.Errorf("Analyze of a NaN simplex game: %v; want the f1 = NaN error", err)
	}
	box := game.Domain{Kind: game.Box, Lo: []float64{-1}, Hi: []float64{1}}
	b, err := game.NewFormula(game.FormulaSpec{Dims: [2]int{1, 1}, F1: "(x[0]-y[0])*(x[0]-y[0])", F2: "(y[0]-5)*(y[0]-5)", DomainX: box, DomainY: box})
	if err != nil {
		t.Fatal(err)
	}
	_, err = equilib.PolishYLeads(b, []float64{0}, []float64{0}, equilib.StackelbergField)
	if err == nil || strings.Count(err.Error(), "with y leading") != 1 || !strings.Contains(err.Error(), "from ([0], [0]) with y leading reached ([5], [5]), outside") {
		t.Errorf("PolishYLeads outside the box: %v; want \"from ([0], [0]) with y leading reached ([5], [5]), outside\" and one \"with y leading\"", err)
	}
}
