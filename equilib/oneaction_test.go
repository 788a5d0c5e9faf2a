package equilib

import (
	"testing"

	"github.com/stackel/stackel/game"
)

// oneActionMessage is the error of checkOneAction for the bimatrix game.
func oneActionMessage(who, v string) string {
	return `game "bimatrix": the ` + who + ` (` + v + `) has one action: its domain is a simplex of a single logit, whose mixed strategy is always (1), so it has no choice and its logit only shifts (J is singular at every point); remove the player or give it at least two actions`
}

// TestOneActionSimplexRefused: a simplex player with one action has a
// single logit that only shifts, so J had a zero eigenvalue everywhere:
// Search found 0 points on the 1×2 and 2×1 bimatrix games with entropy
// 0.1 (each has a unique soft equilibrium), Analyze said DNE = DSE =
// false there, and on the 1×1 game Search returned 64 "critical points",
// all kept by KeepCritical. Search, Analyze and Polish now refuse such a
// game with an error naming the player.
func TestOneActionSimplexRefused(t *testing.T) {
	for _, c := range []struct {
		name    string
		a, b    [][]float64
		who, v  string
		m, n    int
		loHiLen int
	}{
		{"1x2", [][]float64{{1, 0}}, [][]float64{{0, 1}}, "leader", "x", 1, 2, 3},
		{"2x1", [][]float64{{1}, {0}}, [][]float64{{0}, {1}}, "follower", "y", 2, 1, 3},
		{"1x1", [][]float64{{1}}, [][]float64{{2}}, "leader", "x", 1, 1, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := game.NewBimatrix(c.a, c.b, game.BimatrixOptions{Entropy: 0.1})
			if err != nil {
				t.Fatal(err)
			}
			want := oneActionMessage(c.who, c.v)
			lo, hi := make([]float64, c.loHiLen), make([]float64, c.loHiLen)
			for i := range lo {
				lo[i], hi[i] = -3, 3
			}
			pts, err := Search(g, SearchOptions{Lo: lo, Hi: hi})
			if err == nil || err.Error() != want || pts != nil {
				t.Errorf("Search: %d points, error %v; want none and %q", len(pts), err, want)
			}
			x, y := make([]float64, c.m), make([]float64, c.n)
			if _, err := Analyze(g, x, y); err == nil || err.Error() != want {
				t.Errorf("Analyze: error %v, want %q", err, want)
			}
			if _, err := Polish(g, x, y, NashField); err == nil || err.Error() != want {
				t.Errorf("Polish: error %v, want %q", err, want)
			}
		})
	}
}

// TestSearchMissingBoundsMessage: without Lo/Hi the error names what needs
// them: a simplex player's logits (it said "unbounded coordinate 0" for a
// simplex coordinate) or an unbounded coordinate.
func TestSearchMissingBoundsMessage(t *testing.T) {
	g, err := game.NewBimatrix([][]float64{{1, 0}, {0, 1}}, [][]float64{{0, 1}, {1, 0}}, game.BimatrixOptions{Entropy: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	want := `search.lo/hi: game "bimatrix": the leader's strategy is softmax logits (simplex domain), which are unbounded (coordinate 0 = x[0]); give 4 lower and upper bounds for the starts (have 0 and 0)`
	if _, err := Search(g, SearchOptions{}); err == nil || err.Error() != want {
		t.Errorf("simplex: error %v, want %q", err, want)
	}
	want = `search.lo/hi: game "duopoly": the leader's coordinate 0 = x[0] is unbounded; give 2 lower and upper bounds for the starts (have 1 and 1)`
	if _, err := Search(duopoly{a: 100, c1: 5, c2: 2}, SearchOptions{Lo: []float64{0}, Hi: []float64{1}}); err == nil || err.Error() != want {
		t.Errorf("unbounded: error %v, want %q", err, want)
	}
}
