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
// worker whose build gives the job others, so that its run would be
// refused by the submitter (JobState's checkSettings), hands it back, not
// an attempt, its state saying why with the setting and both values: run
// there, it made a run the submitter refuses (and, finding such a run
// stored, recorded the job done from it). A setting the submitter's build
// has and this one has not (added since) is no difference, as for
// checkSettings. Before, every worker ran every job.
func TestWorkerLeavesJobOfOtherDefaults52(t *testing.T) {
	j := tinyRLJob(t, 400)
	mine := jobSettings(j)
	if len(mine) == 0 {
		t.Fatal("jobSettings of an RL job is empty")
	}
	// The settings a run of this build records are the message's.
	rec, err := experiment.RunJob(context.Background(), j, filepath.Join(t.TempDir(), j.Out), nil)
	if err != nil || rec.Status != experiment.JobDone || !sameSettings(t, rec.Settings, mine) {
		t.Fatalf("run: %s, %v; settings %s, message's %s", rec.Status, err, rec.Settings, mine)
	}
	for _, tc := range []struct {
		name    string
		edit    func(map[string]any)
		waiting string // the note; "" for a job the worker runs
	}{
		{"other actor step", func(m map[string]any) { m["ActorLR"] = 0.5 },
			"worker w cannot run it: its submitter's stackel gives it other effective settings than this build (ActorLR 0.001 here, 0.5 at the submitter): a run here would not be the submitter's"},
		{"setting the submitter lacks", func(m map[string]any) { delete(m, "ActorLR") },
			"worker w cannot run it: its submitter's stackel gives it other effective settings than this build (ActorLR 0.001 here, no such setting at the submitter)"},
		{"setting this build lacks", func(m map[string]any) { m["NewKnob"] = 3 }, ""},
		{"the same", func(map[string]any) {}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var m map[string]any
			if err := json.Unmarshal(mine, &m); err != nil {
				t.Fatal(err)
			}
			tc.edit(m)
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
			var st State
			if !waitFor(30*time.Second, func() bool {
				s, _, err := c.GetState(ctx, "mixed", j.ID)
				st = s
				return err == nil && (s.Waiting != "" || Finished(s.Status))
			}) {
				t.Fatalf("neither a note nor an end: %+v; log:\n%s", st, logString(log))
			}
			ran := strings.Contains(logString(log), "started mixed")
			if tc.waiting == "" {
				if st.Status != sweep.StatusDone || st.Attempts != 1 || !ran {
					t.Errorf("state %+v; want done at attempt 1; log:\n%s", st, logString(log))
				}
				return
			}
			if !strings.Contains(st.Waiting, tc.waiting) || st.Status != sweep.StatusQueued || st.Attempts != 0 || ran {
				t.Errorf("state %+v (ran: %v); want queued, no attempt, waiting %q", st, ran, tc.waiting)
			}
		})
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
