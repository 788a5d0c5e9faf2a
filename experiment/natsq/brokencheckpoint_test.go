package natsq

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// A job whose stored checkpoint cannot be unpacked (an archive cut short:
// here a checkpoint.gob entry whose data ends part-way) is run over from
// the start, at its first attempt, with the numbers of an uninterrupted
// run. Before, every delivery failed fetching it ("unexpected EOF") and the
// job ended failed once its attempts were used up, for good: a
// resubmission fetched the same archive.
func TestCheckpointCutShortRunsOver(t *testing.T) {
	c, log := startQueue(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	j := tinyRLJob(t, 400)
	whole := t.TempDir()
	if _, err := experiment.RunJob(ctx, j, filepath.Join(whole, j.Out), nil); err != nil {
		t.Fatal(err)
	}
	full := tarOf(t, experiment.CheckpointFile, strings.Repeat("x", 4096))
	if _, err := c.Obj.PutBytes(ctx, checkpointObject(j.ID), full[:1024]); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := (Executor{Conn: c, Name: "cutshort"}).Execute(ctx, root, []experiment.Job{j}, nil); err != nil {
		t.Fatalf("%v; log:\n%s", err, logString(log))
	}
	st, ok, err := c.GetState(ctx, "cutshort", j.ID)
	if err != nil || !ok || st.Status != sweep.StatusDone || st.Attempts != 1 {
		t.Fatalf("state: %+v, %v; log:\n%s", st, err, logString(log))
	}
	if !strings.Contains(logString(log), "its stored checkpoint cannot be unpacked (unexpected EOF); starting the run over") {
		t.Errorf("the log does not say why the run started over:\n%s", logString(log))
	}
	if a, b := metricsNoTime(t, filepath.Join(whole, j.Out)), metricsNoTime(t, filepath.Join(root, j.Out)); a != b {
		t.Errorf("metrics differ from an uninterrupted run's:\n%s\n---\n%s", a, b)
	}
}
