package repro

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/markov"
)

// TestMarkovReportCriterion: the report of a Markov reproduction states
// the same convergence criterion (Theorem 1: ‖∇V1(θ1, B(θ1))‖ and br_gap)
// as every run's verdict (markov.Assess with markov.DefaultCriterion),
// not a looser one of its own.
func TestMarkovReportCriterion(t *testing.T) {
	r, err := Lookup("markov-epidemic")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := r.Execute(context.Background(), Options{Out: dir, Quick: true}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := markov.Assess(nil, markov.StackelbergPG, markov.Result{}, markov.DefaultCriterion)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), v.Criterion) {
		t.Errorf("report.md does not state the runs' criterion %q:\n%s", v.Criterion, md)
	}
}
