package experiment

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stackel/stackel/equilib"
)

// TestAnalyzeTableUndecided50: the analyze table writes a false DNE or
// DSE verdict that equilib lists in Point.Undecided (a singular
// second-order matrix with no negative eigenvalue) as "undecided", with a
// note saying what that means, and a firm no as "false" without the note:
// before session 50 the table wrote "false" for both, so the degenerate
// strict Nash equilibrium of f1 = x⁴/4, f2 = y²/2 at 0 read as a saddle.
func TestAnalyzeTableUndecided50(t *testing.T) {
	const note = "(undecided: the point is critical and a second-order matrix of the definition is singular"
	for _, c := range []struct {
		p           equilib.Point
		dne, dse    string
		wantTheNote bool
	}{
		{equilib.Point{X: []float64{0}, Y: []float64{0}, Undecided: []string{"dne", "dse"}}, "undecided", "undecided", true},
		{equilib.Point{X: []float64{0}, Y: []float64{0}, DSE: true, Undecided: []string{"dne"}}, "undecided", "true", true},
		{equilib.Point{X: []float64{0}, Y: []float64{0}, DNE: true}, "true", "false", false},
	} {
		rep := &AnalyzeReport{Game: "g", Equilibria: []equilib.Point{c.p}}
		var buf bytes.Buffer
		rep.WriteTable(&buf)
		out := buf.String()
		want := "(0.0000)  (0.0000)  0.0000  0.0000  " + c.dne + "  " + c.dse + " "
		if !strings.Contains(out, want) || strings.Contains(out, note) != c.wantTheNote {
			t.Errorf("point %+v: table\n%s\nwant a row with %q, the note %v", c.p, out, want, c.wantTheNote)
		}
	}
}
