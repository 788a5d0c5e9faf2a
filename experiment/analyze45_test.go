package experiment

import (
	"bytes"
	"strings"
	"testing"
)

// A payoff game f1 = −x², f2 = −y² has its critical point at (0, 0), where
// the costs are +0 and the payoffs −0: the JSON wrote "f1": -0, "f2": -0.
func TestAnalyzeJSONNoNegativeZero(t *testing.T) {
	rep := analyzeText(t, `game: {f1: '-(x[0]*x[0])', f2: '-(y[0]*y[0])', sense: payoff}
dynamics: {kind: sga}
`, AnalyzeOptions{Starts: 2})
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if len(rep.Equilibria) != 1 {
		t.Fatalf("%d critical points, want 1:\n%s", len(rep.Equilibria), buf.String())
	}
	if strings.Contains(buf.String(), "-0") && !strings.Contains(buf.String(), "-0.") {
		t.Errorf("JSON has a negative zero:\n%s", buf.String())
	}
	for _, want := range []string{`"f1": 0,`, `"f2": 0,`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("JSON lacks %s:\n%s", want, buf.String())
		}
	}
}

// f1 = f2 = 0: ω vanishes everywhere (J = 0), and every Nash start was
// listed as its own critical point (40 of them), with no hint. They lie on
// a continuum of critical points: none is listed, the report counts them
// and says why.
func TestAnalyzeZeroFieldIsContinuum(t *testing.T) {
	rep := analyzeText(t, `game: {f1: '0*x[0]*y[0]', f2: '0*x[0]*y[0]', sense: cost}
dynamics: {kind: sga}
`, AnalyzeOptions{Starts: 40})
	if len(rep.Equilibria) != 0 || rep.Continuum != 40 {
		t.Fatalf("%d critical points listed and %d on a continuum, want 0 and 40", len(rep.Equilibria), rep.Continuum)
	}
	var buf bytes.Buffer
	rep.WriteTable(&buf)
	want := "(40 Newton end points lie on a continuum of critical points, not listed:"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("table lacks %q:\n%s", want, buf.String())
	}
	// One such point: "lies", and "it" rather than "one of them".
	rep.Continuum = 1
	buf.Reset()
	rep.WriteTable(&buf)
	for _, want := range []string{"(1 Newton end point lies on a continuum of critical points, not listed:", "; it: x = ("} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table of one continuum point lacks %q:\n%s", want, buf.String())
		}
	}
}

// ω = (x³, y) has an isolated degenerate root at (0, 0) (J = diag(0, 1)),
// which every start reaches: it is one listed point, not a continuum,
// though its Jacobian is singular (the field grows like x³ along the null
// direction: no root at distance h there).
func TestAnalyzeIsolatedDegenerateRootListed(t *testing.T) {
	rep := analyzeText(t, `game: {f1: 'x[0]*x[0]*x[0]*x[0]/4', f2: 'y[0]*y[0]/2', sense: cost}
dynamics: {kind: sga}
`, AnalyzeOptions{Starts: 20})
	if len(rep.Equilibria) != 1 || rep.Continuum != 0 {
		t.Fatalf("%d critical points listed and %d on a continuum, want 1 and 0: %+v", len(rep.Equilibria), rep.Continuum, rep.Equilibria)
	}
}

// f1 = exp(exp(x²)), f2 = y²: the leader's cost overflows at every start
// (|x| ≥ 2.6 at all 8 with init.uniform x in [5, 10]); the report said
// "the game may have no critical point". It says the field is not finite
// at the starts, names the first and the quantity, and suggests narrowing.
func TestAnalyzeNonFiniteAtEveryStart(t *testing.T) {
	rep := analyzeText(t, `game: {f1: 'exp(exp(x[0]*x[0]))', f2: 'y[0]*y[0]', sense: cost}
dynamics: {kind: sga}
init: {uniform: {x: [[5, 10]], y: [[-1, 1]]}}
`, AnalyzeOptions{Starts: 4})
	st := rep.Search
	if st == nil || st.NonFiniteStart != 8 || st.NotConverged != 0 {
		t.Fatalf("search %+v, want 8 starts not finite and none failing otherwise", st)
	}
	var buf bytes.Buffer
	rep.WriteTable(&buf)
	out := buf.String()
	for _, want := range []string{
		"(the game is not finite at any of the 8 starts: at the first, x = [",
		"f1 = +Inf",
		"narrow the start region",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "may have no critical point") {
		t.Errorf("table says the game may have no critical point:\n%s", out)
	}
}

// Analyze reports its progress over the Newton starts of both fields.
func TestAnalyzeProgress(t *testing.T) {
	var calls [][2]int
	analyzeText(t, `game: {f1: 'x[0]*x[0]', f2: 'y[0]*y[0]', sense: cost}
dynamics: {kind: sga}
`, AnalyzeOptions{Starts: 3, Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	want := [][2]int{{0, 6}, {1, 6}, {2, 6}, {3, 6}, {4, 6}, {5, 6}, {6, 6}}
	if len(calls) != len(want) {
		t.Fatalf("progress calls %v, want %v", calls, want)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Fatalf("progress calls %v, want %v", calls, want)
		}
	}
}
