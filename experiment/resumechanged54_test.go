package experiment

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestRunRLResumeCheckpointChanged54: a resume reads the run's checkpoint
// in two passes (its SHA-256, then the decoder, the replay buffer read
// into its storage as it comes), never whole, so a checkpoint written in
// place on disk between them (a byte of its replay buffer's message
// flipped) is refused with the evaluation's error, errChangedWhileRead,
// after the path, and metrics.csv is left as it was; the same resume of
// the file left alone lengthens the run to the metrics of the longer run
// run uninterrupted, bit for bit (the wall-clock column aside).
func TestRunRLResumeCheckpointChanged54(t *testing.T) {
	ctx := context.Background()
	long := tinyRL()
	whole := t.TempDir()
	if _, err := RunRL(ctx, long, 5, whole, false, nil); err != nil {
		t.Fatal(err)
	}
	short := long
	short.Steps = long.StepsPerEpoch
	dir := t.TempDir()
	if _, err := RunRL(ctx, short, 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, CheckpointFile)
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	metrics := metricsWithoutTime(t, dir)
	direct := checkpointSource
	done := rewriteBetweenPasses54(t, func(p string) {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteAt([]byte{file[len(file)-20] ^ 0x01}, int64(len(file)-20)); err != nil {
			t.Fatal(err)
		}
	})
	_, err = RunRL(ctx, long, 5, dir, true, nil)
	if want := path + ": " + errChangedWhileRead.Error(); err == nil || err.Error() != want || !*done {
		t.Fatalf("resume of a checkpoint written in place between the passes (rewritten %v): %v; want %q", *done, err, want)
	}
	if got := metricsWithoutTime(t, dir); got != metrics {
		t.Errorf("metrics.csv after the refused resume:\n%s\nwant as it was:\n%s", got, metrics)
	}
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	checkpointSource = direct
	if _, err := RunRL(ctx, long, 5, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := metricsWithoutTime(t, dir), metricsWithoutTime(t, whole); got != want {
		t.Errorf("lengthened run's metrics:\n%s\nthe uninterrupted run's:\n%s", got, want)
	}
}
