package natsq

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// TestServerRunOfOtherDefaults52: a job recorded done on the server whose
// stored run was made by a stackel with other defaults (a worker of
// another build). This stackel refuses it: a collect does not download it
// and says why, naming the job and the setting; the job is not reported
// done; and a submission of the sweep by this stackel queues it again
// rather than count it done.
func TestServerRunOfOtherDefaults52(t *testing.T) {
	c, ctx, j := mixedSweep(t, func(dir string) { otherDefaults(t, dir) })
	root := t.TempDir()
	states, err := c.Collect(ctx, "mixed", []experiment.Job{j}, root)
	t.Logf("collect: %+v, %v", states, err)
	if _, err := os.Stat(filepath.Join(root, j.Out)); err == nil {
		t.Errorf("the refused run was downloaded into %s", filepath.Join(root, j.Out))
	}
	if err == nil || !strings.Contains(err.Error(), "ActorLR 0.5 in job.json") || !strings.Contains(err.Error(), j.ID) {
		t.Errorf("collect error %v; want one naming the job and ActorLR", err)
	}
	if ids := FetchFailed(states, []experiment.Job{j}, err); len(ids) != 1 || states[0].Status != sweep.StatusFailed {
		t.Errorf("FetchFailed: %v, state %+v; want the job failed here", ids, states[0])
	}
	want := "job " + j.ID + " (ddpg/seed1) is done on the server, but by a stackel with other defaults: the stored run: job " + j.ID +
		" was run with other effective settings than this stackel gives it (ActorLR 0.5 in job.json, 0.001 now); not downloaded ("
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "submitting the sweep again with this stackel queues it again") {
		t.Errorf("collect error %v; want it to say %q", err, want)
	}
	m := sweep.Manifest{Name: "mixed", Jobs: sweep.Wrap("mixed", []experiment.Job{j})}
	_, queued, done, err := c.Submit(ctx, m, []experiment.Job{j}, nil)
	if err != nil || queued != 1 || done != 0 {
		t.Fatalf("submission: %d queued, %d done, %v; want the job queued again", queued, done, err)
	}
	// A worker of this build runs it (rather than record it done from the
	// stored outputs), and the collect downloads its run.
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "new", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	var st State
	if !waitFor(30*time.Second, func() bool {
		s, ok, err := c.GetState(ctx, "mixed", j.ID)
		st = s
		return err == nil && ok && Finished(s.Status)
	}) {
		t.Fatalf("the job did not end: %+v; log:\n%s", st, logString(log))
	}
	if st.Status != sweep.StatusDone || st.Worker != "new" || st.Completions != 1 {
		t.Errorf("state %+v; want done by worker new; log:\n%s", st, logString(log))
	}
	if _, err := c.Collect(ctx, "mixed", []experiment.Job{j}, root); err != nil {
		t.Fatal(err)
	}
	if _, finished, err := experiment.JobState(filepath.Join(root, j.Out), j); err != nil || !finished {
		t.Errorf("collected: finished %v, %v", finished, err)
	}
}

// TestStatusSaysOtherDefaults52: stackel sweep status (StatusStates,
// Summarise) of a job done on the server by a stackel with other defaults
// says so, with the setting and both values and what to do, as it says of
// a done job whose outputs are missing: this stackel's collect would not
// download it. Before, it was counted done like any other.
func TestStatusSaysOtherDefaults52(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx := context.Background()
	j := tinyRLJob(t, 400)
	same := tinyRLJob(t, 600)
	doneOnServer(t, c, "mixed", j, func(dir string) { otherDefaults(t, dir) })
	doneOnServer(t, c, "mixed", same, nil)
	states, err := c.StatusStates(ctx, "mixed", []experiment.Job{j, same})
	if err != nil {
		t.Fatal(err)
	}
	want := "done by a stackel with other defaults: the stored run: job " + j.ID + " was run with other effective settings than this stackel gives it (ActorLR 0.5 in job.json, 0.001 now); resubmit with this stackel to rerun"
	if s := states[0]; s.Status != sweep.StatusDone || !s.OtherSettings || s.Error != want {
		t.Errorf("state of the other build's run: %+v; want done, OtherSettings, error %q", s, want)
	}
	if s := states[1]; s.Status != sweep.StatusDone || s.OtherSettings || s.Error != "" {
		t.Errorf("state of this build's run: %+v; want done, no note", s)
	}
	if got, want := Summarise(states), "2 jobs: 2 done (1 by a stackel with other defaults)"; got != want {
		t.Errorf("Summarise: %q, want %q", got, want)
	}
}
