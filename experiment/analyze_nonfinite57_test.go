package experiment

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestAnalyzeNonFiniteObjectiveNote: the leader's cost
// (x+2)² + 0·log(x) is NaN at its only root x = −2, and f2 = (y−x−1)²
// puts y at −1. With x leading and with y leading the table names the
// game's own point ([-2], [-1]) and f1 with the formula's sub-expression
// (y leading says so), and so does --json's first_nonfinite_objective.
// Where other roots are found (f1 = (x²−4)²/4 + 0·log x: x = 2 is a
// root, x = −2 one where f1 is NaN) the table still says how many roots
// were dropped for a non-finite objective. Strings compared exactly.
func TestAnalyzeNonFiniteObjectiveNote(t *testing.T) {
	table := func(text string) (string, *AnalyzeReport) {
		t.Helper()
		cfg, err := ParseConfig([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 5})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		rep.WriteTable(&b)
		return b.String(), rep
	}
	const game = "game: {sense: cost, f1: '(x[0]+2)*(x[0]+2) + 0*log(x[0])', f2: '(y[0]-x[0]-1)*(y[0]-x[0]-1)'}\ninit: {uniform: {x: [[-5, -1]], y: [[-5, -1]]}}\n"
	for _, c := range []struct {
		name, dynamics, point string
	}{
		{"x leads", "dynamics: {kind: sga}\n", "point ([-2], [-1])"},
		{"y leads", "dynamics: {kind: stackelberg, leader: y}\n", "point ([-2], [-1]) with y leading"},
	} {
		out, rep := table(game + c.dynamics)
		first := c.point + ": f1 = NaN: f1: log(x[0]) is NaN at 1:23 (x = [-2], y = [-1])"
		if rep.Search == nil || rep.Search.FirstNonFiniteObjective != first {
			t.Errorf("%s: search stats %+v\nwant first_nonfinite_objective %q", c.name, rep.Search, first)
		}
		want := "10 reached a root where f1 or f2 is not finite, no point of the game (the first: " + first + ")."
		if !strings.Contains(out, want) {
			t.Errorf("%s: table\n%s\nlacks %q", c.name, out, want)
		}
	}
	out, rep := table("game: {sense: cost, f1: '(x[0]*x[0]-4)*(x[0]*x[0]-4)/4 + 0*log(x[0])', f2: '(y[0]-x[0])*(y[0]-x[0])'}\ndynamics: {kind: sga}\ninit: {uniform: {x: [[-3, 3]], y: [[-3, 3]]}}\n")
	n := rep.Search.NonFiniteObjective
	if n == 0 || len(rep.Equilibria) == 0 {
		t.Fatalf("%d roots with a NaN objective, %d points; want both > 0", n, len(rep.Equilibria))
	}
	// The root x = y = −2 is located to Newton's precision (−2.000000000000136).
	for _, want := range []string{
		"(" + CountOf(n, "Newton end point") + " dropped: f1 or f2 is not finite there, no point of the game (the first: point ([-2",
		"]): f1 = NaN: f1: log(x[0]) is NaN at 1:35 (x = [-2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table\n%s\nlacks %q", out, want)
		}
	}
}
