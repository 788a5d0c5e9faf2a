package experiment

import (
	"context"
	"strings"
	"testing"
)

// On f1 = e^{−x} (no critical point) Newton stops where ω has decayed
// below its tolerance, at x ≈ 100: analyze listed those end points as
// critical points, and since equilib.KeepCritical drops them (session 44)
// the table must not say they lay beyond |1e+06|.
func TestAnalyzeRunOffExplained(t *testing.T) {
	cfg, err := ParseConfig([]byte("game: {sense: cost, f1: \"exp(-x[0])\", f2: \"y[0]*y[0]\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 4})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteTable(&b)
	want := "formula: 0 critical points\n(8 Newton end points discarded: not finite, run off where the field only decays (Newton's step there still large, or beyond |1e+06| where it cannot be computed), or on a saturated softmax — not critical points)\n"
	if len(rep.Equilibria) != 0 || rep.Discarded != 8 || !strings.HasPrefix(b.String(), want) {
		t.Errorf("%d points listed, %d discarded; table:\n%s\nwant it to begin\n%s", len(rep.Equilibria), rep.Discarded, b.String(), want)
	}
}
