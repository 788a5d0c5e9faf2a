package natsq

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// runWorker runs w until the returned stop is called (or the test ends).
func runWorker(t *testing.T, w *Worker) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(ctx) }()
	stop = sync.OnceFunc(func() { cancel(); wg.Wait() })
	t.Cleanup(stop)
	return stop
}

// hasLine reports whether log holds a line that is want after its
// "15:04:05 " time.
func hasLine(log *lockedWriter, want string) bool {
	for line := range strings.Lines(logString(log)) {
		line = strings.TrimSuffix(line, "\n")
		if len(line) > 9 && line[9:] == want {
			return true
		}
	}
	return false
}

// liveNames returns the names of the live workers, sorted.
func liveNames(t *testing.T, c *Conn) []string {
	t.Helper()
	live, err := c.LiveWorkers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range live {
		names = append(names, p.Name)
	}
	return names
}

// TestDeclinedByEveryLiveWorker53: a sweep's RL job whose submitter's
// stackel gives it other effective settings (ActorLR 0.001) than both
// live workers' builds (ActorLR 0.5: their settings stand in for a build
// of other defaults) is handed back by each of them. The sweep's wait
// then says, in one line, that every live worker declined it, naming the
// two and the setting that differs, and its summary counts it apart from
// a queued job that no worker has looked at (as the first summary, before
// any worker, shows); StatusStates says the same. The wait goes on, and a
// worker of the submitter's build that joins later runs the job (attempt
// 1: the hand-backs were no attempts), and the wait ends without error.
// Before session 53 the wait printed one "waits for another worker" line
// and nothing said that no live worker could run the job.
func TestDeclinedByEveryLiveWorker53(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	j := tinyRLJob(t, 400)
	var m map[string]any
	if err := json.Unmarshal(jobSettings(j), &m); err != nil {
		t.Fatal(err)
	}
	m["ActorLR"] = 0.5
	other, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	otherBuild := func(experiment.Job) json.RawMessage { return other }

	const name = "decl53"
	log := &lockedWriter{w: &strings.Builder{}}
	exec := Executor{Conn: c, Name: name, Log: log}
	root := t.TempDir()
	done := make(chan error, 1)
	go func() { done <- exec.Execute(ctx, root, []experiment.Job{j}, nil) }()
	if !waitFor(20*time.Second, func() bool { return hasLine(log, name+": 1 job: 1 queued") }) {
		t.Fatalf("no first summary; log:\n%s", logString(log))
	}

	stops := make([]func(), 2)
	for i, wn := range []string{"w1", "w2"} {
		stops[i] = runWorker(t, &Worker{Conn: c, Name: wn, Concurrency: 1, WorkDir: t.TempDir(), DeclineDelay: 50 * time.Millisecond, settings: otherBuild})
	}
	why := "its submitter's stackel gives it other effective settings than this build (ActorLR 0.5 here, 0.001 at the submitter): a run here would not be the submitter's (another stackel version)"
	wantLine := name + ": job " + j.ID + " declined by every live worker (2: w1, w2): " + why +
		"; the sweep waits for a worker that can run it to join (" + workerCommand55(c) + ")"
	if !waitFor(20*time.Second, func() bool { return hasLine(log, wantLine) }) {
		t.Fatalf("no line saying every live worker declined the job; want\n%s\nlog:\n%s", wantLine, logString(log))
	}
	if !hasLine(log, name+": 1 job: 1 queued (1 declined by every live worker)") {
		t.Errorf("the summary does not count the declined job; log:\n%s", logString(log))
	}
	select {
	case err := <-done:
		t.Fatalf("the wait ended (%v) with the job declined, though a worker that can run it may join", err)
	default:
	}
	states, err := c.StatusStates(ctx, name, []experiment.Job{j})
	if err != nil {
		t.Fatal(err)
	}
	st := states[0]
	if got, want := Summarise(states), "1 job: 1 queued (1 declined by every live worker)"; got != want {
		t.Errorf("Summarise %q, want %q", got, want)
	}
	if got, want := DeclineText(st), "declined by every live worker (2: w1, w2): "+why; got != want {
		t.Errorf("DeclineText\n%s\nwant\n%s", got, want)
	}
	if st.Status != sweep.StatusQueued || st.Attempts != 0 || len(st.Declines) != 2 {
		t.Errorf("state %+v; want queued, no attempt, two declines", st)
	}

	// A worker of the submitter's build joins: live, it has not declined
	// the job (not said declined by every live worker any more), and runs it.
	runWorker(t, &Worker{Conn: c, Name: "able", Concurrency: 1, WorkDir: t.TempDir()})
	if err := <-done; err != nil {
		t.Fatalf("the wait: %v; log:\n%s", err, logString(log))
	}
	states, err = c.StatusStates(ctx, name, []experiment.Job{j})
	if err != nil {
		t.Fatal(err)
	}
	st = states[0]
	if st.Status != sweep.StatusDone || st.Attempts != 1 || st.Worker != "able" || len(st.Declines) != 0 || st.DeclinedByAll != nil {
		t.Errorf("state %+v; want done by able at attempt 1, its declines cleared", st)
	}
	if got, want := Summarise(states), "1 job: 1 done"; got != want {
		t.Errorf("Summarise %q, want %q", got, want)
	}
	if _, finished, err := experiment.JobState(root+"/"+j.Out, j); err != nil || !finished {
		t.Errorf("the job's outputs not downloaded: %v", err)
	}

	// Presence: a stopped worker is live no more.
	if got := liveNames(t, c); !slices.Equal(got, []string{"able", "w1", "w2"}) {
		t.Errorf("live workers %q, want able, w1, w2", got)
	}
	stops[1]()
	if got := liveNames(t, c); !slices.Equal(got, []string{"able", "w1"}) {
		t.Errorf("live workers after w2 stopped: %q, want able, w1", got)
	}
}

// declinedByAll, DeclineText and Summarise on states made by hand: a job
// is declined by every live worker only when each live instance has
// declined it; a decline by an instance not live (stopped, or the same
// name started again) does not count, nor does a job with no live
// worker, or one not queued.
func TestDeclinedByAllRule53(t *testing.T) {
	a := Decline{ID: "A", Worker: "a", Why: "no MuJoCo"}
	b := Decline{ID: "B", Worker: "b", Why: "ActorLR 0.5 here, 0.001 at the submitter"}
	old := Decline{ID: "OLD", Worker: "b", Why: "no MuJoCo"}
	la, lb := Presence{ID: "A", Name: "a"}, Presence{ID: "B", Name: "b"}
	queued := sweep.StatusQueued
	for _, tc := range []struct {
		name    string
		s       State
		live    []Presence
		text    string // DeclineText; "" for not declined by all
		summary string
	}{
		{"no worker has looked", State{Status: queued}, []Presence{la, lb}, "", "1 job: 1 queued"},
		{"one of two live declined", State{Status: queued, Declines: []Decline{a}}, []Presence{la, lb}, "", "1 job: 1 queued"},
		{"both declined, two reasons", State{Status: queued, Declines: []Decline{b, a}}, []Presence{la, lb},
			"declined by every live worker (2): a: no MuJoCo; b: ActorLR 0.5 here, 0.001 at the submitter", "1 job: 1 queued (1 declined by every live worker)"},
		{"one reason", State{Status: queued, Declines: []Decline{a, {ID: "B", Worker: "b", Why: "no MuJoCo"}}}, []Presence{la, lb},
			"declined by every live worker (2: a, b): no MuJoCo", "1 job: 1 queued (1 declined by every live worker)"},
		{"a dead instance's decline", State{Status: queued, Declines: []Decline{a, old}}, []Presence{la, lb}, "", "1 job: 1 queued"},
		{"the live one declined, the other gone", State{Status: queued, Declines: []Decline{a, old}}, []Presence{la},
			"declined by every live worker (1: a): no MuJoCo", "1 job: 1 queued (1 declined by every live worker)"},
		{"no live worker", State{Status: queued, Declines: []Decline{a}}, nil, "", "1 job: 1 queued"},
		{"running", State{Status: sweep.StatusRunning, Declines: []Decline{a}}, []Presence{la}, "", "1 job: 1 running"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.s
			s.DeclinedByAll = declinedByAll(s, tc.live)
			if got := DeclineText(s); got != tc.text {
				t.Errorf("DeclineText %q, want %q", got, tc.text)
			}
			if got := Summarise([]State{s}); got != tc.summary {
				t.Errorf("Summarise %q, want %q", got, tc.summary)
			}
		})
	}
}
