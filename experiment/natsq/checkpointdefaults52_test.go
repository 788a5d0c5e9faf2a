package natsq

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// TestCheckpointOfOtherDefaultsNotResumed52: a job's stored checkpoint
// made by a worker of a build with other defaults (its job.json, running,
// records other effective settings: that worker died, or the sweep was
// submitted by such a build before) is not resumed by a worker of this
// build, which would continue a run begun with other settings and record
// it as its own; the run starts over, the log saying why, naming the
// setting. The outputs then hold a run of this build from its start.
func TestCheckpointOfOtherDefaultsNotResumed52(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	j := tinyRLJob(t, 400)
	fresh := filepath.Join(t.TempDir(), j.Out)
	runLocally(t, ctx, j, fresh)
	// The other build's checkpoint: a copy of the run, recorded running.
	old := t.TempDir()
	for _, f := range []string{experiment.CheckpointFile, experiment.MetricsFile, experiment.ConfigFile, experiment.JobFile} {
		b, err := os.ReadFile(filepath.Join(fresh, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(old, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	otherDefaults(t, old)
	path := filepath.Join(old, experiment.JobFile)
	b, _ := os.ReadFile(path)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["status"] = experiment.JobRunning
	b, _ = json.Marshal(m)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.storeCheckpoint(ctx, j.ID, old); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	root := t.TempDir()
	err := (Executor{Conn: c, Name: "ck", Manifest: sweep.Manifest{Jobs: sweep.Wrap("ck", []experiment.Job{j})}}).Execute(ctx, root, []experiment.Job{j}, nil)
	if err != nil {
		t.Fatalf("sweep: %v; log:\n%s", err, logString(log))
	}
	text := logString(log)
	want := "job " + j.ID + " of sweep ck: its stored checkpoint was made by a stackel with other defaults (the stored run: job " + j.ID +
		" was run with other effective settings than this stackel gives it (ActorLR 0.5 in job.json, 0.001 now)); starting the run over"
	if !strings.Contains(text, want) || strings.Contains(text, "from its stored checkpoint") {
		t.Errorf("log lacks %q, or the run resumed:\n%s", want, text)
	}
	if a, b := metricsNoTime(t, fresh), metricsNoTime(t, filepath.Join(root, j.Out)); a != b {
		t.Errorf("metrics of the sweep's run differ from a fresh run's:\n%s\n---\n%s", a, b)
	}
	if _, finished, err := experiment.JobState(filepath.Join(root, j.Out), j); err != nil || !finished {
		t.Errorf("the sweep's run: finished %v, %v", finished, err)
	}
}
