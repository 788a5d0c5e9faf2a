package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// negDoneConfig56r2 is a small negotiation run: 4 meta-intervals of 50
// stages, 4 rows.
const negDoneConfig56r2 = `name: negdone
game: {builtin: cournot}
dynamics:
  kind: negotiation
  meta: {beta: {constant: 0.0001}, kappa: {constant: 0.3}, tau: {constant: 50}}
  hic: {alpha: {constant: 0.003}, delta: {constant: 0.5}, commitment: {constant: 5}}
  gradient: {lr: 0.1}
  meta_intervals: 4
`

// TestDoneNegotiationRunChecked56r2: a finished negotiation run whose
// metrics.csv was deleted, or had a row changed, is not reused as
// finished, as a Hi-C run's is not: its summary.json records
// metrics_rows and metrics_sha256, but checkDoneRows did not compare them
// for kind negotiation, and a sweep run again reused both as done.
func TestDoneNegotiationRunChecked56r2(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(path string, orig []byte) error
		want string
	}{
		{"intact", func(string, []byte) error { return nil }, ""},
		{"deleted", func(p string, _ []byte) error { return os.Remove(p) }, "its metrics.csv is missing"},
		{"a row changed", func(p string, orig []byte) error {
			lines := strings.SplitAfter(string(orig), "\n")
			lines[2] = strings.Replace(lines[2], "2,100,", "2,101,", 1)
			return os.WriteFile(p, []byte(strings.Join(lines, "")), 0o644)
		}, "metrics.csv's rows are not those the run wrote"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			j := mustJob(t, negDoneConfig56r2, 3, "neg")
			if rec, err := RunJob(context.Background(), j, filepath.Join(root, j.Out), nil); err != nil || rec.Status != JobDone {
				t.Fatalf("RunJob: %s, %v", rec.Status, err)
			}
			path := filepath.Join(root, j.Out, MetricsFile)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(strings.SplitAfter(string(orig), "\n")[2], "2,100,") {
				t.Fatalf("row 2 is not meta-interval 2 at stage 100: %q", orig)
			}
			if err := c.edit(path, orig); err != nil {
				t.Fatal(err)
			}
			_, finished, err := Pending(root, []Job{j})
			if c.want == "" {
				if err != nil || len(finished) != 1 {
					t.Fatalf("finished %d, %v; want finished", len(finished), err)
				}
				return
			}
			if err == nil || len(finished) != 0 || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("finished %d, %v; want an error containing %q and nothing finished", len(finished), err, c.want)
			}
		})
	}
}
