package repro

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReproduceHiCCournotQuick runs the quick variant (4 seeds × 10⁵
// stages, α ×10) and checks the recorded numbers: Hi-C's mean final payoff
// within 0.1 of the Stackelberg value 300.125 and its quantities within
// 0.5 of (24.5, 12.25); the gradient pair at the Nash payoff (49/3)² to
// 1e-6; the bands file has 1001 rows plus a header.
func TestReproduceHiCCournotQuick(t *testing.T) {
	dir := runQuick(t, "hic-cournot")
	var res map[string]map[string]any
	var raw map[string]json.RawMessage
	readResults(t, dir, &raw)
	res = map[string]map[string]any{}
	for _, k := range []string{"hic", "sga"} {
		var m map[string]any
		if err := json.Unmarshal(raw[k], &m); err != nil {
			t.Fatal(err)
		}
		res[k] = m
	}
	mean := func(run, q string) float64 { return res[run][q].(map[string]any)["mean"].(float64) }
	for _, run := range []string{"hic"} {
		if f := mean(run, "f1"); math.Abs(f-300.125) > 0.1 {
			t.Errorf("%s: mean f1 %v, want 300.125 ± 0.1", run, f)
		}
		if x, y := mean(run, "x"), mean(run, "y"); math.Abs(x-24.5) > 0.5 || math.Abs(y-12.25) > 0.5 {
			t.Errorf("%s: mean quantities (%v, %v), want (24.5, 12.25) ± 0.5", run, x, y)
		}
	}
	if f := mean("sga", "f1"); math.Abs(f-(49.0/3)*(49.0/3)) > 1e-6 {
		t.Errorf("sga: mean f1 %v, want %v", f, (49.0/3)*(49.0/3))
	}
	// The paper column quotes the paper: Loftin et al. give the
	// Stackelberg profile, not the Nash one (which is the closed form's).
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(md), "| 266.78 |") || !strings.Contains(string(md), "| not stated | 266.778 |") {
		t.Errorf("report.md attributes the Nash values to the paper:\n%s", md)
	}
	// Section 3.3 gives α_n, δ_n, Eq. 19 and the follower's step 0.1 (μ = 2
	// follows from f2); Eq. 19's B and p are not in the paper.
	if !strings.Contains(string(md), "The paper does not state Eq. 19's B and p") {
		t.Errorf("report.md attributes Eq. 19's B = 100, p = 0.5 to the paper:\n%s", md)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "metrics_hic.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(csv), "\n"); n != 1002 {
		t.Errorf("metrics_hic.csv has %d lines, want 1002", n)
	}
}

// TestHiCFiguresSaySo: report.md says what Fig. 1's figures plot — the
// mean over the seeds with the min–max range shaded, as the paper's
// caption has it — and the figures carry the axis labels and legend
// entries it names.
func TestHiCFiguresSaySo(t *testing.T) {
	dir := runQuick(t, "hic-cournot")
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Figures (Fig. 1): hic_payoffs.png/svg (f1, f2) and hic_strategies.png/svg (x, y)",
		"the mean over its 4 seeds with the shaded range from the smallest to the largest seed",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	filesContain(t, dir, map[string][]string{
		"hic_payoffs.svg":    {"stage (thousands)", ">payoff<", "f1 (Hi-C leader)", "f2 (gradient follower)", "Stackelberg leader = 300.125"},
		"hic_strategies.svg": {"stage (thousands)", ">quantity<", "x (Hi-C leader)", "y (gradient follower)", "Stackelberg follower = 12.25"},
	})
}
