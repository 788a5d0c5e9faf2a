package repro

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarkovReportNotComputed55r3: a markov-* reproduction's table wrote
// a run's hier_grad_norm or br_gap that could not be computed (-1 in its
// summary.json) as -1.00e+00, a norm below 0. It writes "n/a" now, with a
// note saying why (markov.HierGradNormText, BRGapText): here the
// simultaneous PG run's summary says -1 for both (no best response), the
// Stackelberg PG run's only for hier_grad_norm (a singular follower
// Hessian or a non-finite gradient).
func TestMarkovReportNotComputed55r3(t *testing.T) {
	r, full := executeOnce(t, "markov-patrol", Options{Quick: true, Workers: 1})
	opt := full
	opt.Out = copyDir(t, full.Out)
	opt.ReportOnly = true
	for dyn, keys := range map[string][]string{"simultaneous-pg": {"hier_grad_norm", "br_gap"}, "stackelberg-pg": {"hier_grad_norm"}} {
		path := filepath.Join(opt.Out, dyn, "summary.json")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var sum map[string]any
		if err := json.Unmarshal(b, &sum); err != nil {
			t.Fatal(err)
		}
		final := sum["final"].(map[string]any)
		for _, k := range keys {
			final[k] = -1.0
		}
		if b, err = json.Marshal(sum); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	row, cells := reportRow(t, opt.Out, "simultaneous policy gradient (Nash)")
	if len(cells) != 5 || cells[3] != "n/a" || cells[4] != "n/a" {
		t.Errorf("simultaneous-pg row %q, want n/a for both measures", row)
	}
	row, cells = reportRow(t, opt.Out, "Stackelberg policy gradient")
	if len(cells) != 5 || cells[3] != "n/a" || cells[4] == "n/a" || strings.HasPrefix(cells[4], "-") {
		t.Errorf("stackelberg-pg row %q, want n/a for hier_grad_norm alone", row)
	}
	report, err := os.ReadFile(filepath.Join(opt.Out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"simultaneous policy gradient (Nash) ‖∇V1(θ1, B(θ1))‖: n/a (no best response).",
		"simultaneous policy gradient (Nash) br_gap: n/a (no best response).",
		"Stackelberg policy gradient ‖∇V1(θ1, B(θ1))‖: n/a (singular follower Hessian or non-finite gradient).",
	} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report.md lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(string(report), "-1.00e+00") {
		t.Errorf("report.md writes -1.00e+00:\n%s", report)
	}
}
