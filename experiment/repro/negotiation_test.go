package repro

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReproduceNegotiationQuick runs the quick variant (4 seeds × 30
// meta-intervals) and checks the recorded series: one row per
// meta-interval with the stage count advancing by τ = 20000, lead
// probabilities in [0, 1], and in the cooperative game (f1 = f2) identical
// average payoffs for both players, at most the optimum 0.
//
// The tables' ± is the sample sd over seeds (the figures' bands are
// standard errors), and their headers say so.
func TestReproduceNegotiationQuick(t *testing.T) {
	t.Parallel()
	dir := runQuick(t, "negotiation")
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "| meta-interval | P(1 leads) mean ± sd | P(2 leads) mean ± sd | 1 led (share of seeds) | 2 led (share) | a¹ mean ± sd | a² mean ± sd |"; strings.Count(string(md), want) != 3 {
		t.Errorf("report.md has %d tables headed %q, want 3:\n%s", strings.Count(string(md), want), want, md)
	}
	for _, name := range []string{"cournot", "cooperative", "same-leader"} {
		f, err := os.Open(filepath.Join(dir, "metrics_"+name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 31 {
			t.Fatalf("%s: %d rows, want header + 30", name, len(rows))
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for n, row := range rows[1:] {
			v := func(h string) float64 { x, _ := strconv.ParseFloat(row[col[h]], 64); return x }
			if v("stage") != float64(20000*(n+1)) {
				t.Errorf("%s row %d: stage %v, want %d", name, n+1, v("stage"), 20000*(n+1))
			}
			for _, p := range []string{"p1_min", "p1_max", "p2_min", "p2_max"} {
				if v(p) < 0 || v(p) > 1 {
					t.Errorf("%s row %d: %s = %v outside [0, 1]", name, n+1, p, v(p))
				}
			}
			if name == "cooperative" && (v("a1_mean") != v("a2_mean") || v("a1_max") > 0) {
				t.Errorf("cooperative row %d: a1 %v, a2 %v; want equal and ≤ 0", n+1, v("a1_mean"), v("a2_mean"))
			}
		}
	}
}
