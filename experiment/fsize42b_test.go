//go:build linux

package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/fsizetest"
)

// readSummary42b decodes dir/summary.json.
func readSummary42b(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("summary.json: %v\n%s", err, b)
	}
	return m
}

// TestRLCheckpointWriteFailsSummary42b: an RL run whose checkpoint
// cannot be written (the file-size limit, 1500 bytes, lets metrics.csv and
// summary.json through but not the 2266-byte checkpoint: a disk that
// fills up at the largest file) stops at epoch 1 with the error, and its
// summary.json describes epoch 1 whole, as metrics.csv's one row does:
// "epochs": 1 and "steps": 300 beside epoch 1's returns. It said
// "epochs": 0 and "steps": 0 beside epoch 1's "final" returns (and a
// steps_per_second computed from epoch 1's steps). Resumed once the disk
// has room, the run (no checkpoint: started afresh) ends with the
// numbers of a run never stopped.
func TestRLCheckpointWriteFailsSummary42b(t *testing.T) {
	if fsizetest.InChild(t) {
		return
	}
	rc := resumeCases()[0].rc // CartPole-v1, ac: 3 epochs of 300 steps
	dir, full := t.TempDir(), t.TempDir()
	restore := fsizetest.LimitFileSize(t, 1500)
	_, err := RunRL(context.Background(), rc, 1, dir, false, nil)
	restore()
	if err == nil || !strings.Contains(err.Error(), "checkpoint.gob") || !strings.Contains(err.Error(), "file too large") {
		t.Fatalf("error %v: want the checkpoint's write failure", err)
	}
	rows := strings.Split(strings.TrimSpace(metricsWithoutTime(t, dir)), "\n")
	if len(rows) != 2 || !strings.HasPrefix(rows[1], "1,300,") {
		t.Fatalf("metrics.csv holds %q: want the header and epoch 1's row", rows)
	}
	avg, _ := strconv.ParseFloat(strings.Split(rows[1], ",")[3], 64)
	sum := readSummary42b(t, dir)
	final, _ := sum["final"].(map[string]any)
	if sum["epochs"] != 1.0 || sum["steps"] != 300.0 || final["avg_return"] != avg {
		t.Errorf("summary.json epochs %v, steps %v, final avg_return %v: want 1, 300 and %v (epoch 1, metrics.csv's last row)", sum["epochs"], sum["steps"], final["avg_return"], avg)
	}
	if _, err := os.Stat(filepath.Join(dir, CheckpointFile)); err == nil {
		t.Errorf("a checkpoint.gob was written")
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
	if _, err := RunRL(context.Background(), rc, 1, dir, true, nil); err != nil {
		t.Fatalf("resume: %v", err)
	}
	if _, err := RunRL(context.Background(), rc, 1, full, false, nil); err != nil {
		t.Fatal(err)
	}
	gotM, gotC, gotS := runOutputs(t, dir)
	wantM, wantC, wantS := runOutputs(t, full)
	if gotM != wantM || gotC != wantC || gotS != wantS {
		t.Errorf("the resumed run differs from one never stopped:\n%s\n%s\nwant\n%s\n%s", gotM, gotS, wantM, wantS)
	}
}

// TestFullDiskKeepsWholeRows42b: a run whose metrics.csv reaches the
// file-size limit (20000 bytes, hit in the first flush of 256 rows, as a
// full disk would take them) keeps every whole row that fit, the header
// first, and its error and summary.json say "file too large" once. The
// file was cut back to before the flush, empty, header and all (every row
// the disk had taken lost), and the error repeated itself (the write
// failed again when the file was closed, and both were joined).
func TestFullDiskKeepsWholeRows42b(t *testing.T) {
	if fsizetest.InChild(t) {
		return
	}
	const limit = 20000
	for _, c := range []struct{ name, yaml string }{
		{"smooth", "name: s\n" + smoothQuadratic + "dynamics: {kind: sga}\niterations: 100000\nrecord_every: 1\n"},
		{"hic", "name: h\n" + hicCournot + hicDynamics("{constant: 1}") + "stages: 100000\nrecord_every: 1\n"},
		{"markov", "name: m\ngame: {markov_builtin: patrol}\niterations: 3000\nrecord_every: 1\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg, err := ParseConfig([]byte(c.yaml))
			if err != nil {
				t.Fatal(err)
			}
			restore := fsizetest.LimitFileSize(t, limit)
			_, err = Run(context.Background(), cfg, RunOptions{Out: dir})
			restore()
			if err == nil || strings.Count(err.Error(), "file too large") != 1 {
				t.Errorf("error %v: want \"file too large\" once", err)
			}
			if e, _ := readSummary42b(t, dir)["error"].(string); strings.Count(e, "file too large") != 1 {
				t.Errorf("summary.json error %q: want \"file too large\" once", e)
			}
			data, err := os.ReadFile(filepath.Join(dir, MetricsFile))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(data), "\n")
			if len(lines) < 3 {
				t.Fatalf("metrics.csv holds %q: want the whole rows that fit in %d bytes", data, limit)
			}
			longest := 0 // the next row, which did not fit, is about as long
			for _, ln := range lines[1:] {
				longest = max(longest, len(ln))
			}
			if len(data) > limit || len(data) < limit-2*longest || data[len(data)-1] != '\n' {
				t.Fatalf("metrics.csv holds %d bytes: want the whole rows that fit in %d", len(data), limit)
			}
			lines = lines[:len(lines)-1]
			if !strings.HasPrefix(lines[0], "iter,") {
				t.Errorf("first line %q: want the header", lines[0])
			}
			for i, ln := range lines[1:] {
				f := strings.Split(ln, ",")
				if f[0] != strconv.Itoa(i) || len(f) != len(strings.Split(lines[0], ",")) {
					t.Fatalf("row %d is %q: want iteration %d, whole", i+1, ln, i)
				}
			}
		})
	}
}

// TestRLFullDiskSummary42b: an RL run whose outputs reach the file-size
// limit (fullDiskSummary55r5) says "file too large" once, in its error
// and in summary.json, and its summary.json describes the epoch of
// metrics.csv's last row (the row whose TensorBoard event failed is
// flushed when the file is closed): it said one epoch, and 300 steps,
// fewer, beside that epoch's returns.
func TestRLFullDiskSummary42b(t *testing.T) {
	if fsizetest.InChild(t) {
		return
	}
	fullDiskSummary55r5(t, t.TempDir())
}

// TestRLFullDiskSummaryLongDir55r5: the same in a directory whose path is
// 150 characters longer (a CI runner's long TMPDIR; a long host name does
// the same to the event file's name), which the error, and so
// summary.json, repeats: summary.json with the run's settings still fits
// below the limit where TensorBoard's event file fails. At a limit of
// 1300 bytes summary.json was not written.
func TestRLFullDiskSummaryLongDir55r5(t *testing.T) {
	if fsizetest.InChild(t) {
		return
	}
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 150))
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	fullDiskSummary55r5(t, dir)
}

// fullDiskSummary55r5 runs an RL run of 5 epochs into dir under a
// file-size limit of 2200 bytes, where TensorBoard's event file, the
// largest of the files written with each row (931 bytes after epoch 1,
// 891 more each epoch; metrics.csv 416, then about 190 more), fails
// first, in epoch 3 (no checkpoint before epoch 10), leaving summary.json
// (about 1250 bytes with the run's settings, and the error naming the
// event file's path) room, and checks what it recorded.
func fullDiskSummary55r5(t *testing.T, dir string) {
	t.Helper()
	rc := resumeCases()[0].rc
	rc.Checkpoint = 10
	rc.Steps = 5 * rc.StepsPerEpoch
	restore := fsizetest.LimitFileSize(t, 2200)
	_, err := RunRL(context.Background(), rc, 1, dir, false, nil)
	restore()
	if err == nil || strings.Count(err.Error(), "file too large") != 1 {
		t.Errorf("error %v: want \"file too large\" once", err)
	}
	sum := readSummary42b(t, dir)
	if e, _ := sum["error"].(string); strings.Count(e, "file too large") != 1 {
		t.Errorf("summary.json error %q: want \"file too large\" once", e)
	}
	rows := strings.Split(strings.TrimSpace(metricsWithoutTime(t, dir)), "\n")
	last := strings.Split(rows[len(rows)-1], ",")
	if len(rows) < 2 {
		t.Fatalf("metrics.csv holds %q: want a row", rows)
	}
	epoch, _ := strconv.ParseFloat(last[0], 64)
	steps, _ := strconv.ParseFloat(last[1], 64)
	avg, _ := strconv.ParseFloat(last[3], 64)
	if sum["epochs"] != 3.0 {
		t.Errorf("summary.json epochs %v: want 3, the epoch whose TensorBoard event reached the limit", sum["epochs"])
	}
	final, _ := sum["final"].(map[string]any)
	if sum["epochs"] != epoch || sum["steps"] != steps || final["avg_return"] != avg {
		t.Errorf("summary.json epochs %v, steps %v, final avg_return %v: want %v, %v and %v (metrics.csv's last row)", sum["epochs"], sum["steps"], final["avg_return"], epoch, steps, avg)
	}
}
