package natsq

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// TestWorkerLeavesJobOfOtherDefaults52: in a cluster of mixed builds, a
// job's message carries the effective settings its submitter's stackel
// gives the RL run (the settings the run's job.json then records), and a
// worker whose build gives the job others hands it back, not an attempt,
// its state saying why with the setting and both values: run there, it
// made a run the submitter refuses (and, finding such a run stored,
// recorded the job done from it). Before, every worker ran every job.
func TestWorkerLeavesJobOfOtherDefaults52(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	j := tinyRLJob(t, 400)
	mine := jobSettings(j)
	if len(mine) == 0 {
		t.Fatal("jobSettings of an RL job is empty")
	}
	// The settings a run of this build records are the message's.
	dir := t.TempDir()
	rec, err := experiment.RunJob(ctx, j, filepath.Join(dir, j.Out), nil)
	if err != nil || rec.Status != experiment.JobDone || !sameSettings(t, rec.Settings, mine) {
		t.Fatalf("run: %s, %v; settings %s, message's %s", rec.Status, err, rec.Settings, mine)
	}
	// A submitter whose stackel's actor step is 0.5.
	var m map[string]any
	if err := json.Unmarshal(mine, &m); err != nil {
		t.Fatal(err)
	}
	m["ActorLR"] = 0.5
	theirs, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "mixed", j.ID, State{Status: sweep.StatusQueued}); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(message{Sweep: "mixed", Job: j, Settings: theirs})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.JS.Publish(ctx, jobSubject("mixed", j.ID), b); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log, DeclineDelay: 50 * time.Millisecond})
	want := "worker w cannot run it: its submitter's stackel gives it other effective settings than this build (ActorLR 0.5 there, 0.001 now): a run here would not be the submitter's"
	var st State
	if !waitFor(30*time.Second, func() bool {
		s, _, err := c.GetState(ctx, "mixed", j.ID)
		st = s
		return err == nil && (s.Waiting != "" || Finished(s.Status))
	}) {
		t.Fatalf("no note: %+v; log:\n%s", st, logString(log))
	}
	if !strings.Contains(st.Waiting, want) || st.Status != sweep.StatusQueued || st.Attempts != 0 {
		t.Errorf("state %+v; want queued, no attempt, waiting %q", st, want)
	}
	if strings.Contains(logString(log), "started mixed") {
		t.Errorf("the worker ran the job; log:\n%s", logString(log))
	}
}

// sameSettings reports whether two JSON settings hold the same values.
func sameSettings(t *testing.T, a, b json.RawMessage) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	p, _ := json.Marshal(x)
	q, _ := json.Marshal(y)
	return string(p) == string(q)
}
