package experiment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// doneSmoothRun54 runs jobTestConfig (300 iterations, every 10th
// recorded: a header and rows 0, 10, …, 300) with seed 3 under a fresh
// root and returns the job, the root, metrics.csv's path and its text.
func doneSmoothRun54(t *testing.T) (Job, string, string, []byte) {
	t.Helper()
	root := t.TempDir()
	j := mustJob(t, jobTestConfig, 3, "duo")
	if rec, err := RunJob(context.Background(), j, filepath.Join(root, j.Out), nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %s, %v", rec.Status, err)
	}
	path := filepath.Join(root, j.Out, MetricsFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(orig), "\n"); n != 32 {
		t.Fatalf("metrics.csv has %d lines; want a header and 31 rows", n)
	}
	return j, root, path, orig
}

// TestSmoothSummaryRecordsMetricsDigest54: a finished smooth-game run's
// summary.json records metrics.csv's rows after the header (31: rows 0,
// 10, …, 300) and the SHA-256 of the file as written (the test hashes
// the file itself).
func TestSmoothSummaryRecordsMetricsDigest54(t *testing.T) {
	j, root, _, orig := doneSmoothRun54(t)
	b, err := os.ReadFile(filepath.Join(root, j.Out, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Rows   *int   `json:"metrics_rows"`
		SHA256 string `json:"metrics_sha256"`
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(orig)
	if sum.Rows == nil || *sum.Rows != 31 || sum.SHA256 != hex.EncodeToString(h[:]) {
		t.Errorf("summary.json: metrics_rows %v, metrics_sha256 %q; want 31 and %x", sum.Rows, sum.SHA256, h)
	}
}

// TestDoneSmoothRunCheckedWhole54: a finished smooth-game run whose
// metrics.csv lost a row in the middle, or was replaced by a file of the
// same length whose last row is the run's (a value of a middle row
// changed, digit for digit), is not reused as finished: the check read
// only the last row and took both for the run's. Line ends changed to
// CRLF and a blank last line (an editor's) leave the rows the run wrote,
// and the run is reused.
func TestDoneSmoothRunCheckedWhole54(t *testing.T) {
	j, root, path, orig := doneSmoothRun54(t)
	lines := strings.SplitAfter(string(orig), "\n") // header, 31 rows, ""
	// Row 150 (line 16): its iteration digits swapped for others of the
	// same length, "150," → "151,"; the file keeps its length and last row.
	if !strings.HasPrefix(lines[16], "150,") {
		t.Fatalf("line 16 is %q; want row 150", lines[16])
	}
	swapped := append([]string(nil), lines...)
	swapped[16] = "151," + strings.TrimPrefix(lines[16], "150,")
	for _, c := range []struct {
		name, data string
		want       string // "" for none: reused as finished
	}{
		{"intact", string(orig), ""},
		{"CRLF line ends", strings.ReplaceAll(string(orig), "\n", "\r\n"), ""},
		{"blank last line", string(orig) + "\n", ""},
		{"middle row lost", strings.Join(append(append([]string(nil), lines[:16]...), lines[17:]...), ""),
			"metrics.csv holds 30 rows after its header, and summary.json records 31 (the rows the run wrote)"},
		{"same length, a middle row changed", strings.Join(swapped, ""),
			"metrics.csv's rows are not those the run wrote (SHA-256 of its rows "},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "same length, a middle row changed" && len(c.data) != len(orig) {
				t.Fatalf("the changed file has %d bytes, the run's %d", len(c.data), len(orig))
			}
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, finished, err := Pending(root, []Job{j})
			if c.want == "" {
				if err != nil || len(finished) != 1 {
					t.Errorf("finished %d, %v; want finished", len(finished), err)
				}
				return
			}
			if err == nil || len(finished) != 0 {
				t.Fatalf("finished %d, %v; want an error and nothing finished", len(finished), err)
			}
			for _, w := range []string{filepath.Join(root, j.Out) + ":", c.want, "not reused as finished"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestDoneSmoothRunWithoutDigest54: a smooth run whose summary.json has
// no metrics_rows and metrics_sha256 (written by an older stackel) is
// checked by its last row only, as before: a middle row lost goes unseen
// and the run is reused; the last rows lost are still refused.
func TestDoneSmoothRunWithoutDigest54(t *testing.T) {
	j, root, path, orig := doneSmoothRun54(t)
	sumPath := filepath.Join(root, j.Out, SummaryFile)
	b, err := os.ReadFile(sumPath)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["metrics_sha256"]; !ok {
		t.Fatalf("summary.json has no metrics_sha256: %s", b)
	}
	delete(m, "metrics_rows")
	delete(m, "metrics_sha256")
	if err := WriteJSON(filepath.Dir(sumPath), SummaryFile, m); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(orig), "\n")
	if err := os.WriteFile(path, []byte(strings.Join(append(append([]string(nil), lines[:16]...), lines[17:]...), "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, finished, err := Pending(root, []Job{j}); err != nil || len(finished) != 1 {
		t.Errorf("a middle row lost under an older summary.json: finished %d, %v; want it reused (unchecked)", len(finished), err)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines[:22], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Pending(root, []Job{j}); err == nil || !strings.Contains(err.Error(), "metrics.csv's last row is iteration 200") {
		t.Errorf("the last rows lost under an older summary.json: %v; want the last-row refusal", err)
	}
}

// TestJobStateRead54: JobStateRead returns JobState's answer and, for an
// RL run recorded done, the summary.json and metrics.csv its check read
// (equal to the files); for a smooth run, whose check reads metrics.csv's
// ends and digest only, nothing (OK false).
func TestJobStateRead54(t *testing.T) {
	root := t.TempDir()
	j, dir := runTinyRL(t, root, tinyRL(), 3)
	rec, finished, read, err := JobStateRead(dir, j)
	if err != nil || !finished || rec.Status != JobDone {
		t.Fatalf("JobStateRead: %s, finished %v, %v; want done", rec.Status, finished, err)
	}
	for name, got := range map[string][]byte{SummaryFile: read.Summary, MetricsFile: read.Metrics} {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !read.OK || string(got) != string(want) {
			t.Errorf("%s: OK %v, %d bytes read; want OK and the file's %d bytes", name, read.OK, len(got), len(want))
		}
	}
	js, sroot, _, _ := doneSmoothRun54(t)
	if _, finished, read, err := JobStateRead(filepath.Join(sroot, js.Out), js); err != nil || !finished || read.OK || read.Metrics != nil {
		t.Errorf("smooth run: finished %v, OK %v, %d metrics bytes, %v; want finished and nothing read", finished, read.OK, len(read.Metrics), err)
	}
}
