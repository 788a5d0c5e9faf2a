package experiment

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/equilib"
)

// CountOf writes the noun in the singular for 1 only.
func TestCountOf(t *testing.T) {
	for _, c := range []struct {
		n    int
		noun string
		want string
	}{
		{0, "run", "0 runs"}, {1, "run", "1 run"}, {2, "run", "2 runs"}, {-1, "run", "-1 runs"},
		{1, "Newton end point", "1 Newton end point"}, {3, "Newton end point", "3 Newton end points"},
	} {
		if got := CountOf(c.n, c.noun); got != c.want {
			t.Errorf("CountOf(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
}

// `stackel analyze`'s table says "1 critical point" and "1 Newton end
// point discarded" (before: "1 critical points", "1 Newton end points").
func TestAnalyzeTableCountsOfOne(t *testing.T) {
	r := &AnalyzeReport{Game: "g", Equilibria: []equilib.Point{{X: []float64{1}, Y: []float64{2}}}, Discarded: 1}
	var b strings.Builder
	r.WriteTable(&b)
	for _, want := range []string{"g: 1 critical point\n", "(1 Newton end point discarded: "} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

// A build on one CPU reads "(1 CPU)" (before: "(1 CPUs)").
func TestBuildStringOneCPU(t *testing.T) {
	if s := (Build{CPU: "cpu", CPUs: 1}).String(); !strings.Contains(s, "; cpu (1 CPU)") {
		t.Errorf("Build.String() = %q; want it to hold \"; cpu (1 CPU)\"", s)
	}
}
