package repro

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/stackel/stackel/learn/uncoupled"
)

// xTickLabels returns the labels of the x axis of the SVG figure at path:
// the tick-sized (11px) texts on the line that holds the most of them.
func xTickLabels(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	best := ""
	for _, m := range regexp.MustCompile(`<text x="[^"]*" y="([^"]*)"[^>]*font-size:11px">([^<]*)</text>`).FindAllStringSubmatch(string(b), -1) {
		rows[m[1]] = append(rows[m[1]], m[2])
		if len(rows[m[1]]) > len(rows[best]) {
			best = m[1]
		}
	}
	return rows[best]
}

// TestNegotiationFigureIntegerAxis: the quick run of
// negotiation-schedules (4 meta-intervals) ticked its meta-interval axis
// at 1.0, 1.5, 2.0, …, 4.0: a count axis is now labelled at whole numbers.
func TestNegotiationFigureIntegerAxis(t *testing.T) {
	var runs []uncoupled.NegotiationResult
	for s := range 2 {
		var r uncoupled.NegotiationResult
		for n := 1; n <= 4; n++ {
			p := 0.45 + 0.01*float64(n+s)
			r.Steps = append(r.Steps, uncoupled.MetaStep{N: n, P: [2]float64{p, 1 - p}})
		}
		runs = append(runs, r)
	}
	base := filepath.Join(t.TempDir(), "negotiation_cournot")
	if err := negotiationFigure(base, "Role negotiation: Cournot", runs); err != nil {
		t.Fatal(err)
	}
	if got, want := xTickLabels(t, base+".svg"), []string{"1", "2", "3", "4"}; !slices.Equal(got, want) {
		t.Errorf("meta-interval axis labelled %q, want %q", got, want)
	}
}
