package repro

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDuopolyFiguresSaySo: report.md says what Fig. 1a and 1b plot (seed
// 0's paths, no band), and the figures carry the axis labels and the
// legend entries of both dynamics.
func TestDuopolyFiguresSaySo(t *testing.T) {
	t.Parallel()
	dir := runQuick(t, "fiez-duopoly")
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Figures (Fig. 1): fig1a_production.png/svg, the quantities q1 (leader) and q2 of seed 0"; !strings.Contains(string(md), want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
	filesContain(t, dir, map[string][]string{
		"fig1a_production.svg": {">iteration<", ">quantity<", "Stackelberg gradient: q1 (leader)", "simultaneous gradient (Nash): q2"},
		"fig1b_profit.svg":     {">iteration<", ">profit<", "Stackelberg gradient: π1 (leader)", "simultaneous gradient (Nash): π2"},
	})
}

// filesContain fails the test for every text of want[file] that the file
// in dir does not contain (an axis label, a legend entry of a figure).
func filesContain(t *testing.T, dir string, want map[string][]string) {
	t.Helper()
	for file, wants := range want {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range wants {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q", file, w)
			}
		}
	}
}

// TestDuopolyPrintedProfitsNote: the report's note on the paper's printed
// profits gives the profits at the paper's printed equilibria correctly.
// At the printed Nash pair (30.67, 33.67), π_i = q_i(A − q1 − q2 − c_i) is
// 940.34 and 1133.33, which round to 940.3 and 1133.3 (the note used to
// give the exact equilibrium's 940.4 and 1133.4 as "evaluated at its own
// printed equilibria").
func TestDuopolyPrintedProfitsNote(t *testing.T) {
	t.Parallel()
	dir := runQuick(t, "fiez-duopoly")
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"(46, 26) gives (1058.0, 676.0)",
		"(30.67, 33.67) gives (940.3, 1133.3)",
		"(A−2c_i+c_−i)²/9 = 940.4, 1133.4",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
}
