package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
)

// stackel sweep status says of a queued job that every live worker has
// handed back that it is declined by every live worker, naming them and
// why, in its line and in its summary; a queued job no worker has looked
// at yet is plain "queued". A worker that can run it, joining later, runs
// it. Before session 53 the line said only the first worker's note
// ("waiting: worker w1 cannot run it: …").
func TestSweepStatusDeclinedByEveryWorker53(t *testing.T) {
	srv, ctx, c := startSweepQueue53(t)
	const name = "declined53"
	spec, err := sweep.ParseSpec([]byte(sgaSpec(name)), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := spec.Expand()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	j := jobs[0]
	prefix := fmt.Sprintf("   0 %s queued    attempts 0  %s seed %d", j.ID, j.Label(), j.Seed)
	status := func() string {
		t.Helper()
		out, err := execute(t, "sweep", "status", "--nats", srv.ClientURL(), name)
		if err != nil {
			t.Fatalf("status: %v\n%s", err, out)
		}
		return out
	}
	if got, want := status(), "sweep "+name+": 1 job: 1 queued\n"+prefix+"\n"; got != want {
		t.Errorf("before any worker:\n%s\nwant\n%s", got, want)
	}

	var wg sync.WaitGroup
	wctx, stop := context.WithCancel(ctx)
	defer func() { stop(); wg.Wait() }()
	run := func(w *natsq.Worker) {
		wg.Add(1)
		go func() { defer wg.Done(); w.Run(wctx) }()
	}
	lacking := func(experiment.Job) error { return errors.New("built without the engine (test)") }
	// w1 first, so that the job's waiting note (the first hand-back's)
	// is w1's.
	for _, n := range []string{"w1", "w2"} {
		run(&natsq.Worker{Conn: c, Name: n, Concurrency: 1, WorkDir: t.TempDir(), CanRun: lacking, DeclineDelay: 50 * time.Millisecond})
		waitUntil(t, 30*time.Second, n+" to hand the job back", func() bool {
			st, ok, err := c.GetState(ctx, name, j.ID)
			return err == nil && ok && slices.ContainsFunc(st.Declines, func(d natsq.Decline) bool { return d.Worker == n })
		})
	}
	waitUntil(t, 30*time.Second, "both workers to hand the job back", func() bool {
		st, err := c.StatusStates(ctx, name, sweep.Plain(jobs))
		return err == nil && len(st[0].DeclinedByAll) == 2
	})
	want := "sweep " + name + ": 1 job: 1 queued (1 declined by every live worker)\n" +
		prefix + "  waiting: worker w1 cannot run it: built without the engine (test); declined by every live worker (2: w1, w2)\n"
	if got := status(); got != want {
		t.Errorf("declined by both live workers:\n%s\nwant\n%s", got, want)
	}

	run(&natsq.Worker{Conn: c, Name: "able", Concurrency: 1, WorkDir: t.TempDir()})
	waitUntil(t, 30*time.Second, "the able worker to run the job", func() bool {
		st, err := c.States(ctx, name, sweep.Plain(jobs))
		return err == nil && natsq.Finished(st[0].Status)
	})
	if got, want := status(), "sweep "+name+": 1 job: 1 done\n"; !strings.HasPrefix(got, want) {
		t.Errorf("after the able worker joined:\n%s\nwant first\n%s", got, want)
	}
}

// declinedNote, after the job's waiting note: the live workers' names
// alone when the note gives each one's reason, their reasons too when
// not, nothing for a job not declined by every live worker.
func TestDeclinedNote53(t *testing.T) {
	engine := natsq.Decline{ID: "A", Worker: "w1", Why: "built without the engine"}
	engine2 := natsq.Decline{ID: "B", Worker: "w2", Why: "built without the engine"}
	lr := natsq.Decline{ID: "B", Worker: "w2", Why: "other effective settings (ActorLR 0.5 here, 0.001 at the submitter)"}
	note := "worker w1 cannot run it: built without the engine"
	for _, tc := range []struct {
		name string
		s    natsq.State
		want string
	}{
		{"same reason", natsq.State{Status: sweep.StatusQueued, Waiting: note, DeclinedByAll: []natsq.Decline{engine, engine2}},
			"; declined by every live worker (2: w1, w2)"},
		{"two reasons", natsq.State{Status: sweep.StatusQueued, Waiting: note, DeclinedByAll: []natsq.Decline{engine, lr}},
			"; declined by every live worker (2): w1: built without the engine; w2: other effective settings (ActorLR 0.5 here, 0.001 at the submitter)"},
		{"no note", natsq.State{Status: sweep.StatusQueued, DeclinedByAll: []natsq.Decline{engine}},
			"  declined by every live worker (1: w1): built without the engine"},
		{"not declined by all", natsq.State{Status: sweep.StatusQueued, Waiting: note}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := declinedNote(tc.s); got != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

// startSweepQueue53 starts an embedded NATS server on loopback (shut down
// when the test ends), connects to it (dialNATS: a context of a minute)
// and sets the work queue up with one attempt per job, for the tests of
// jobs that live workers hand back.
func startSweepQueue53(t *testing.T) (*natsq.Server, context.Context, *natsq.Conn) {
	t.Helper()
	srv, err := natsq.StartServer(natsq.ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	ctx, c := dialNATS(t, srv.ClientURL())
	if err := c.Setup(ctx, natsq.QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	return srv, ctx, c
}
