package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/fsizetest"
)

// stoppedRL45 runs tinyRL with seed into a new directory and stops it
// during epoch 3, with the checkpoint at epoch 2 (600 steps, 200 per
// epoch): metrics.csv holds the header and rows 1 and 2.
func stoppedRL45(t *testing.T, seed uint64) string {
	t.Helper()
	dir := t.TempDir()
	kctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	progress := func(done, total int) {
		if done == 2 {
			cancel()
		}
	}
	if _, err := RunRL(kctx, tinyRL(), seed, dir, false, progress); err == nil {
		t.Fatal("cancelled run reported success")
	}
	return dir
}

// TestResume45RefusesRowsOfAnotherSeed: a stopped run's metrics.csv
// replaced by that of the same config's run with another seed (same
// epochs, same steps: a directory mixed up by hand, `cp seed6/metrics.csv
// seed5/`) must be refused on resuming, naming metrics.csv, with nothing
// changed: the rows kept are not the checkpointed run's, and the resumed
// run would end as seed 6's epochs 1–2 followed by seed 5's epoch 3, its
// summary's steps_to_threshold taken from seed 6's returns. Before
// session 45 the resume succeeded and mixed the two runs (stackel run
// --resume on CartPole STAC: every kept row was the other seed's).
func TestResume45RefusesRowsOfAnotherSeed(t *testing.T) {
	dir := stoppedRL45(t, 5)
	other := stoppedRL45(t, 6)
	foreign, err := os.ReadFile(filepath.Join(other, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	own, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(own) == string(foreign) {
		t.Fatal("seeds 5 and 6 recorded the same rows: the test shows nothing")
	}
	path := filepath.Join(dir, MetricsFile)
	if err := os.WriteFile(path, foreign, 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	_, err = RunRL(context.Background(), tinyRL(), 5, dir, true, nil)
	want := "resuming: " + path + ": rows 1–2 are not the ones recorded with the checkpoint at epoch 2 (another run's, or edited)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("resume over another seed's metrics.csv: %v, want an error containing %q", err, want)
	}
	sameFiles(t, "another seed's metrics.csv", before, snapshot(t, dir))
}

// TestResume45RefusesLastRowStepsOtherThanCheckpoint: the last kept row
// of metrics.csv stands for the checkpoint's epoch, so its steps column
// must be the checkpoint's steps (400 at epoch 2 here). A row edited to
// 500 (still increasing, a whole number) must be refused naming the line,
// the column and both numbers, with nothing changed. Before session 45
// it was kept: the resumed file went 500 then 600 at epoch 3 (stackel run
// --resume on CartPole STAC, row 82 edited from 16400 to 16500 steps).
func TestResume45RefusesLastRowStepsOtherThanCheckpoint(t *testing.T) {
	dir := stoppedRL45(t, 5)
	path := filepath.Join(dir, MetricsFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[2], "2,400,") {
		t.Fatalf("metrics of the stopped run: %q", data)
	}
	edited := lines[0] + lines[1] + "2,500," + strings.TrimPrefix(lines[2], "2,400,")
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	_, err = RunRL(context.Background(), tinyRL(), 5, dir, true, nil)
	want := "resuming: " + path + ": line 3, column steps: 500 is not the checkpoint's 400 steps at epoch 2"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("resume over an edited steps column: %v, want an error containing %q", err, want)
	}
	sameFiles(t, "edited steps", before, snapshot(t, dir))
}

// TestResume45FullDiskKeepsTensorBoard: a resume rewrites the TensorBoard
// log from the kept rows. When the disk fills during that rewrite (here a
// file-size limit between metrics.csv's size and the event file's), the
// resume fails with the write error, and the event file of the kept
// epochs must still be there, whole and unchanged: the old log is to be
// replaced only once the new one is written (as metrics.csv's rewrite
// is, atomically). Before session 45 the old event file was deleted
// first, so the failed resume left a log cut after the epochs the disk
// took (stackel run --resume on a stopped CartPole STAC run of 82 epochs
// under ulimit -f 30: a 73120-byte event file replaced by a cut one of
// 30720 bytes), until a later resume rewrote it.
func TestResume45FullDiskKeepsTensorBoard(t *testing.T) {
	if fsizetest.InChild(t) {
		return
	}
	dir := stoppedRL45(t, 5)
	events, err := filepath.Glob(filepath.Join(dir, TensorBoardDir, "events.out.tfevents.*"))
	if err != nil || len(events) != 1 {
		t.Fatalf("event files of the stopped run: %v, %v", events, err)
	}
	ev, err := os.Stat(events[0])
	if err != nil {
		t.Fatal(err)
	}
	mf, err := os.Stat(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	limit := (ev.Size() + mf.Size()) / 2
	if !(mf.Size() < limit && limit < ev.Size()) {
		t.Fatalf("metrics.csv %d bytes, event file %d: no limit between them", mf.Size(), ev.Size())
	}
	before := snapshot(t, filepath.Join(dir, TensorBoardDir))
	restore := fsizetest.LimitFileSize(t, uint64(limit))
	_, err = RunRL(context.Background(), tinyRL(), 5, dir, true, nil)
	restore()
	if err == nil || !strings.Contains(err.Error(), "file too large") {
		t.Fatalf("resume on a full disk: %v, want the write error", err)
	}
	sameFiles(t, "tb/ after a resume that filled the disk", before, snapshot(t, filepath.Join(dir, TensorBoardDir)))
}
