package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPanickedRLRunDigestChecked56: an RL job whose environment panics
// in its third epoch is recorded failed with a summary.json that records
// metrics.csv's digest (metrics_rows 2, metrics_sha256), so that the
// Provenance does not name it among the failed runs "written by a stackel
// before 2026-12-07" (metrics_failed_not_checked), and the done-check of
// a failed run compares the digest: a row changed afterwards is refused.
func TestPanickedRLRunDigestChecked56(t *testing.T) {
	id := panicStepEnv56b(t, 450)
	text := "name: p\nrl: {env: " + id + ", algo: stddpg, steps: 600, steps_per_epoch: 200, hidden: [8], " +
		"options: {start_steps: 100, update_after: 100, update_every: 50, batch_size: 16, replay_size: 1000, test_episodes: 0}}\n"
	root := t.TempDir()
	j := mustJob(t, text, 3, "j")
	rec, err := RunJob(context.Background(), j, filepath.Join(root, "j"), nil)
	if err == nil || rec.Status != JobFailed {
		t.Fatalf("status %q err %v", rec.Status, err)
	}
	m, err := os.ReadFile(filepath.Join(root, "j", MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(string(m), "\n") - 1; rows != 2 {
		t.Fatalf("metrics.csv holds %d rows, want 2 (two epochs before the panic)", rows)
	}
	var sum struct {
		Rows   *int   `json:"metrics_rows"`
		SHA256 string `json:"metrics_sha256"`
	}
	b, err := os.ReadFile(filepath.Join(root, "j", SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	want := csvRowsOf(m)
	if sum.Rows == nil || *sum.Rows != 2 || sum.SHA256 != want.SHA256 {
		t.Fatalf("summary.json records metrics_rows %v, metrics_sha256 %q; want 2, %q", sum.Rows, sum.SHA256, want.SHA256)
	}
	if p := JobProvenance(root, []Job{j}); len(p.MetricsFailedNotChecked) > 0 {
		t.Errorf("the panicked run is named among the failed runs without a digest: %v", p.MetricsFailedNotChecked)
	}
	// A row changed after the run: the failed run's check refuses it.
	changed := strings.Replace(string(m), "\n", "\n9", 2)
	if err := os.WriteFile(filepath.Join(root, "j", MetricsFile), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Pending(root, []Job{j}); err == nil {
		t.Errorf("Pending accepted the failed run with a changed row")
	}
}
