package sweep

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCurveNotComputed55r3: the report left a Markov run's -1
// (hier_grad_norm or br_gap not computed) out of its means but drew it in
// the point's figure, where the band's mean took it as a value (seeds
// with 0.5 and -1 at iteration 0 drew -0.25, a norm below 0). A run whose
// curve holds a -1 is left out of the figure now, and the note says so:
// here every value drawn is a norm at least 0.25, so the figure's value
// axis has no tick below 0.
func TestCurveNotComputed55r3(t *testing.T) {
	jobs := expandSpec(t, "name: m\nconfig: {name: c, game: {markov_builtin: patrol}, dynamics: {kind: stackelberg-pg}, iterations: 2}\nseeds: [1, 2]\n")
	dir := t.TempDir()
	csvs := []string{
		"iter,leader_value,follower_value,hier_grad_norm,br_gap\n0,-7,8,0.5,0.5\n1,-7,8,0.25,0.25\n",
		"iter,leader_value,follower_value,hier_grad_norm,br_gap\n0,-7,8,-1,-1\n1,-7,8,0.75,0.25\n",
	}
	recs := make([]Record, len(jobs))
	for i, j := range jobs {
		recs[i] = NewRecord(dir, j)
		recs[i].Status = StatusDone
		recs[i].Summary = map[string]any{"final": map[string]any{"hier_grad_norm": 0.25, "br_gap": 0.25}}
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
		"hier_grad_norm: a Markov run's -1 (not computed: a singular follower Hessian or a non-finite gradient, or no best response) is no value, left out of the final and over-the-run means; a run whose curve holds one is left out of its point's figure.",
		"br_gap: a Markov run's -1 (not computed: no best response) is no value, left out of the final and over-the-run means; a run whose curve holds one is left out of its point's figure.",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	svg, err := os.ReadFile(filepath.Join(dir, "curves", "point0.svg"))
	if err != nil {
		t.Fatal(err)
	}
	// Tick labels are text elements holding a number alone.
	var ticks []string
	for _, m := range regexp.MustCompile(`>\s*([-−]?[0-9]+(?:\.[0-9]+)?)\s*<`).FindAllStringSubmatch(string(svg), -1) {
		ticks = append(ticks, m[1])
	}
	if len(ticks) == 0 {
		t.Fatalf("no tick labels found in point0.svg")
	}
	for _, tk := range ticks {
		if strings.HasPrefix(tk, "-") || strings.HasPrefix(tk, "−") {
			t.Errorf("point0.svg has a tick %s below 0 (ticks %v): a -1 was drawn as a value", tk, ticks)
			break
		}
	}
}
