package repro

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestHiCTableNamesEachRun56: hic-cournot's table labelled its main row
// `hic` whatever run that was: without --quick the EMA(0.9) reference
// run, with --quick the previous-baseline run with α ×10, whose paper
// column still quoted the reference implementation's 300.06. Each row now
// gives its run's label, the quick note says that the row hic is not the
// reference run, the paper column of the quick run does not quote the
// reference run, and results.json gives each Hi-C run's baseline,
// burn-in and step scale beside its label.
func TestHiCTableNamesEachRun56(t *testing.T) {
	dir := runQuick(t, "hic-cournot")
	md := readReport(t, dir)
	for _, want := range []string{
		"| hic: Hi-C, previous baseline, α ×10 (quick) | f1 | ≈300 | 300.125 |",
		"| simultaneous gradient (Nash): gradient vs gradient (step 0.1 each) | f1 | not stated | 266.778 |",
		"Quick run: the row hic is the run with the previous baseline and α_n raised tenfold (0.01 n^−0.1), so that 10⁵ stages suffice " +
			"(EMA(0.9) is unstable at that step), not the reference run (EMA(0.9) baseline, 50 burn-in intervals) that hic is without --quick; " +
			"its paper column gives the paper's values for §3.3's settings.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "300.06") {
		t.Errorf("the quick report quotes the reference run's 300.06:\n%s", md)
	}
	var res map[string]json.RawMessage
	readResults(t, dir, &res)
	var hic struct {
		Label      string  `json:"label"`
		Baseline   string  `json:"baseline"`
		BurnIn     int     `json:"burn_in"`
		AlphaScale float64 `json:"alpha_scale"`
	}
	if err := json.Unmarshal(res["hic"], &hic); err != nil {
		t.Fatal(err)
	}
	if hic.Label != "Hi-C, previous baseline, α ×10 (quick)" || hic.Baseline != "previous" || hic.BurnIn != 0 || hic.AlphaScale != 10 {
		t.Errorf("results.json hic: %+v", hic)
	}
}

// TestHiCPaperColumnByRun56: the paper column of each run of the full
// reproduction: the reference run's quotes the reference
// implementation, the previous-baseline run's the paper alone.
func TestHiCPaperColumnByRun56(t *testing.T) {
	for _, tc := range []struct{ run, want string }{
		{"paper", "≈300 (ref. impl. 300.06)"},
		{"previous", "≈300"},
		{"sga", "not stated"},
	} {
		if got := hicPaperValues(tc.run)[0]; got != tc.want {
			t.Errorf("%s: paper f1 %q, want %q", tc.run, got, tc.want)
		}
	}
	_, _, _, variants := hicPlan(Options{})
	if got := hicRowName(variants[0]); got != "hic: Hi-C, EMA(0.9) baseline, 50 burn-in (reference run)" {
		t.Errorf("the full run's first row is %q", got)
	}
}
