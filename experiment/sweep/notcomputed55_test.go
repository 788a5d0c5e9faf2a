package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportNotComputed55: a Markov run's hier_grad_norm (and br_gap) is
// -1 where it could not be computed (markov.Stats), a marker, not a norm.
// The report averaged it as one: seeds with 0.25 and -1 gave a final
// "-0.375 ± 0.884". It is no value now: the final is the other seed's
// 0.25 "(1 of 2)", the over-the-run mean is over the rows that have one
// (seed 1: 0.5, 0.25; seed 2: 0.75 → 0.375 and 0.75, mean 0.5625 ± 0.265; br_gap 0.375 and 0.3333, 0.3542 ± 0.0295),
// and a note says why. br_gap, computed on both seeds, is averaged as
// before.
func TestReportNotComputed55(t *testing.T) {
	jobs := expandSpec(t, "name: m\nconfig: {name: c, game: {markov_builtin: patrol}, dynamics: {kind: stackelberg-pg}, iterations: 2}\nseeds: [1, 2]\n")
	if len(jobs) != 2 {
		t.Fatalf("%d jobs", len(jobs))
	}
	dir := t.TempDir()
	finals := []float64{0.25, -1}
	csvs := []string{
		"iter,leader_value,follower_value,hier_grad_norm,br_gap\n0,-7,8,0.5,0.5\n1,-7,8,0.25,0.25\n",
		"iter,leader_value,follower_value,hier_grad_norm,br_gap\n0,-7,8,-1,0.5\n1,-7,8,0.75,0.25\n2,-7,8,-1,0.25\n",
	}
	recs := make([]Record, len(jobs))
	for i, j := range jobs {
		recs[i] = NewRecord(dir, j)
		recs[i].Status = StatusDone
		recs[i].Summary = map[string]any{"final": map[string]any{"hier_grad_norm": finals[i], "br_gap": 0.25}}
		jd := j.OutDir(dir)
		if err := os.MkdirAll(jd, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(jd, "metrics.csv"), []byte(csvs[i]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteReport(dir, "m", jobs, recs, nil); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| final br_gap | over the run br_gap | final hier_grad_norm | over the run hier_grad_norm |",
		"| 2/2 | 0.25 ± 0 | 0.3542 ± 0.0295 | 0.25 (1 of 2) | 0.5625 ± 0.265 |",
		"hier_grad_norm: a Markov run's -1 (not computed: a singular follower Hessian or a non-finite gradient, or no best response) is no value, left out of the final and over-the-run means; a run whose curve holds one is left out of its point's figure.",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(string(md), "br_gap: a Markov run's -1") {
		t.Errorf("a note for br_gap, computed on both seeds:\n%s", md)
	}
}
