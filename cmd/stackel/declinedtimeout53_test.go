package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
)

// --declined-timeout of sweep and reproduce: a negative value and one
// that is no duration are refused naming the flag, before anything
// runs; it is refused with --emit slurm (sweep) and without --nats
// (reproduce), where no wait on NATS workers ends.
func TestDeclinedTimeoutFlag53(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "s.yaml", "name: s\n")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"sweep negative", []string{"sweep", spec, "--declined-timeout", "-1s"}, "--declined-timeout -1s: need 0 (wait for ever) or more"},
		{"sweep garbage", []string{"sweep", spec, "--declined-timeout", "abc"}, `invalid argument "abc" for "--declined-timeout" flag: time: invalid duration "abc"`},
		{"sweep no unit", []string{"sweep", spec, "--declined-timeout", "10"}, `invalid argument "10" for "--declined-timeout" flag: time: missing unit in duration "10"`},
		{"sweep with emit", []string{"sweep", spec, "--emit", "slurm", "--declined-timeout", "10m"},
			"--declined-timeout: no effect with --emit slurm (they run the sweep on NATS; the array's tasks run stackel run --manifest, one job each, and Slurm requeues them)"},
		{"reproduce negative", []string{"reproduce", "fiez-duopoly", "--quick", "--nats", "nats://127.0.0.1:1", "--declined-timeout", "-5m", "--out", filepath.Join(dir, "r")},
			"--declined-timeout -5m0s: need 0 (wait for ever) or more"},
		{"reproduce garbage", []string{"reproduce", "fiez-duopoly", "--quick", "--nats", "nats://127.0.0.1:1", "--declined-timeout", "soon", "--out", filepath.Join(dir, "r")},
			`invalid argument "soon" for "--declined-timeout" flag: time: invalid duration "soon"`},
		{"reproduce without nats", []string{"reproduce", "fiez-duopoly", "--quick", "--declined-timeout", "10m", "--out", filepath.Join(dir, "r")},
			"--declined-timeout: no effect without --nats (it ends the wait on jobs that the NATS workers hand back)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := execute(t, tc.args...)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error\n%v\nwant\n%s\noutput:\n%s", err, tc.want, out)
			}
		})
	}
}

// executeWithin is execute with the command stopped (its context
// cancelled) after limit: a wait that does not end fails the test.
func executeWithin(t *testing.T, limit time.Duration, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if ctx.Err() != nil {
		t.Errorf("stackel %s did not end within %s", strings.Join(args, " "), limit)
	}
	return out.String(), err
}

// stackel sweep --nats URL --workers 0 --declined-timeout 1ms, with one
// live worker that hands every job back: the wait ends (its first poll
// with the job declined by every live worker starts the timeout, the next
// ends it) with the DeclinedError naming the job, the worker and why; the
// report is written (the job queued) and said; the job stays queued on
// the server, and sweep status --json says that every remaining job is
// declined by every live worker, with the worker's hand-back. The same
// command again, once a worker that can run the job is live, finishes
// it.
func TestSweepDeclinedTimeoutCLI53(t *testing.T) {
	srv, ctx, c := startSweepQueue53(t)
	var wg sync.WaitGroup
	wctx, stop := context.WithCancel(ctx)
	defer func() { stop(); wg.Wait() }()
	run := func(w *natsq.Worker) {
		wg.Add(1)
		go func() { defer wg.Done(); w.Run(wctx) }()
	}
	lacking := func(experiment.Job) error { return errors.New("built without the engine (test)") }
	run(&natsq.Worker{Conn: c, Name: "w1", Concurrency: 1, WorkDir: t.TempDir(), CanRun: lacking, DeclineDelay: 50 * time.Millisecond})
	waitUntil(t, 20*time.Second, "w1 to be live", func() bool {
		live, err := c.LiveWorkers(ctx)
		return err == nil && len(live) == 1
	})

	const name = "dtocli53"
	dir := t.TempDir()
	specFile := writeFile(t, dir, "s.yaml", sgaSpec(name))
	out := filepath.Join(dir, "out")
	args := []string{"sweep", specFile, "--nats", srv.ClientURL(), "--workers", "0", "--declined-timeout", "1ms", "--out", out}
	o, err := executeWithin(t, 20*time.Second, args...)
	spec, serr := sweep.ParseSpec([]byte(sgaSpec(name)), dir)
	if serr != nil {
		t.Fatal(serr)
	}
	jobs, serr := spec.Expand()
	if serr != nil {
		t.Fatal(serr)
	}
	j := jobs[0]
	want := "sweep " + name + ": its remaining job has been declined by every live worker for 1ms (the declined timeout): job " + j.ID +
		" declined by every live worker (1: w1): built without the engine (test); it stays queued on the server: start a worker that can run it (stackel worker --nats " + srv.ClientURL() + "), then give the same command again to wait for it (finished jobs are kept)"
	if err == nil || err.Error() != want {
		t.Fatalf("error\n%v\nwant\n%s\noutput:\n%s", err, want, o)
	}
	if !strings.Contains(o, "wrote "+out+" (sweep.json, report.md, runs/, curves/)\n") {
		t.Errorf("the report is not said written; output:\n%s", o)
	}
	sf, err := sweep.ReadFile(filepath.Join(out, "sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sf.Jobs) != 1 || sf.Jobs[0].Status != sweep.StatusQueued {
		t.Errorf("sweep.json jobs %+v; want one queued", sf.Jobs)
	}

	so, err := execute(t, "sweep", "status", "--nats", srv.ClientURL(), "--json", name)
	if err != nil {
		t.Fatalf("status --json: %v\n%s", err, so)
	}
	var st statusJSON
	if err := json.Unmarshal([]byte(so), &st); err != nil {
		t.Fatalf("status --json is not JSON: %v\n%s", err, so)
	}
	if st.Name != name || st.Summary != "1 job: 1 queued (1 declined by every live worker)" || !maps.Equal(st.Counts, map[string]int{"queued": 1, "running": 0, "done": 0, "failed": 0, "cancelled": 0, "missing": 0}) ||
		st.DeclinedByAll != 1 || !st.RemainingDeclinedByAll || len(st.Jobs) != 1 {
		t.Fatalf("status --json:\n%s", so)
	}
	js := st.Jobs[0]
	if js.Index != 0 || js.ID != j.ID || js.Out != j.Out || js.Label != j.Label() || js.Seed != j.Seed || js.Status != sweep.StatusQueued || js.Attempts != 0 ||
		js.Waiting != "worker w1 cannot run it: built without the engine (test)" ||
		len(js.DeclinedByAll) != 1 || js.DeclinedByAll[0].Worker != "w1" || js.DeclinedByAll[0].Why != "built without the engine (test)" ||
		len(js.Declines) != 1 || js.Declines[0].ID != js.DeclinedByAll[0].ID {
		t.Errorf("status --json's job:\n%s", so)
	}

	run(&natsq.Worker{Conn: c, Name: "able", Concurrency: 1, WorkDir: t.TempDir()})
	waitUntil(t, 20*time.Second, "able to be live", func() bool {
		live, err := c.LiveWorkers(ctx)
		return err == nil && len(live) == 2
	})
	if o, err := executeWithin(t, 20*time.Second, args...); err != nil {
		t.Fatalf("the same command again: %v\n%s", err, o)
	}
	if sf, err := sweep.ReadFile(filepath.Join(out, "sweep.json")); err != nil || len(sf.Jobs) != 1 || sf.Jobs[0].Status != sweep.StatusDone || sf.Jobs[0].Worker != "able" {
		t.Errorf("sweep.json after the same command again: %+v, %v; want the job done by able", sf, err)
	}
	so, err = execute(t, "sweep", "status", "--nats", srv.ClientURL(), "--json", name)
	if err != nil {
		t.Fatal(err)
	}
	st = statusJSON{}
	if err := json.Unmarshal([]byte(so), &st); err != nil || st.RemainingDeclinedByAll || st.DeclinedByAll != 0 || st.Counts[sweep.StatusDone] != 1 ||
		st.Jobs[0].DeclinedByAll == nil || len(st.Jobs[0].DeclinedByAll) != 0 || st.Jobs[0].Worker != "able" {
		t.Errorf("status --json after the job was done (%v):\n%s", err, so)
	}
	if !strings.Contains(so, `"declined_by_all": []`+"\n") || !strings.Contains(so, `"declines": [],`) {
		t.Errorf("a job declined by none has no empty arrays:\n%s", so)
	}
}

// writeStatusJSON writes DEL and C1 controls in a worker's text as \u
// escapes (encoding/json leaves them raw, and a terminal may act on
// U+009B), the same string once decoded.
func TestStatusJSONEscapesC153(t *testing.T) {
	why := "bad\u009b2J\x7f\x1b[31mred é"
	jobs := []sweep.Job{{Job: experiment.Job{ID: "abc", Out: "runs/abc"}}}
	states := []natsq.State{{Status: sweep.StatusQueued, Waiting: why, Declines: []natsq.Decline{{ID: "I", Worker: "w", Why: why}}}}
	var b bytes.Buffer
	if err := writeStatusJSON(&b, "s", jobs, states); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"waiting": "bad\u009b2J\u007f\u001b[31mred é"`) {
		t.Errorf("output:\n%s", b.String())
	}
	if bytes.ContainsFunc(b.Bytes(), func(r rune) bool { return r == 0x9b || r == 0x7f || r == 0x1b }) {
		t.Errorf("raw control characters in:\n%q", b.String())
	}
	var st statusJSON
	if err := json.Unmarshal(b.Bytes(), &st); err != nil || st.Jobs[0].Waiting != why || st.Jobs[0].Declines[0].Why != why {
		t.Errorf("decoded %+v, %v", st, err)
	}
	if !slices.Equal([]string{st.Jobs[0].ID}, []string{"abc"}) {
		t.Errorf("id %q", st.Jobs[0].ID)
	}
}

// stackel reproduce NAME --nats URL --declined-timeout 1ms, with one live
// worker that hands every job back: the wait ends with the DeclinedError
// (under the reproduction's name) naming every job of the reproduction,
// and they stay queued on the server.
func TestReproduceDeclinedTimeout53(t *testing.T) {
	srv, ctx, c := startSweepQueue53(t)
	var wg sync.WaitGroup
	wctx, stop := context.WithCancel(ctx)
	defer func() { stop(); wg.Wait() }()
	w := &natsq.Worker{Conn: c, Name: "w1", Concurrency: 1, WorkDir: t.TempDir(), DeclineDelay: 10 * time.Millisecond,
		CanRun: func(experiment.Job) error { return errors.New("built without the engine (test)") }}
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(wctx) }()

	out := filepath.Join(t.TempDir(), "r")
	o, err := executeWithin(t, 30*time.Second, "reproduce", "fiez-duopoly", "--quick", "--nats", srv.ClientURL(), "--declined-timeout", "1ms", "--out", out)
	var de *natsq.DeclinedError
	if !errors.As(err, &de) {
		t.Fatalf("error %v; want a DeclinedError\noutput:\n%s", err, o)
	}
	m, merr := sweep.ReadManifest(filepath.Join(out, sweep.ManifestFile))
	if merr != nil {
		t.Fatal(merr)
	}
	var ids []string
	for _, j := range m.Jobs {
		ids = append(ids, j.ID)
	}
	if !slices.Equal(de.IDs, ids) || len(ids) == 0 {
		t.Errorf("the error names jobs %q, want the reproduction's %q", de.IDs, ids)
	}
	which := "its remaining job has"
	if len(ids) > 1 {
		which = "all " + strconv.Itoa(len(ids)) + " of its remaining jobs have"
	}
	if want := "fiez-duopoly: sweep fiez-duopoly: " + which + " been declined by every live worker for 1ms (the declined timeout): "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error\n%v\nwant it to begin\n%s", err, want)
	}
	states, err := c.States(ctx, "fiez-duopoly", sweep.Plain(m.Jobs))
	if err != nil {
		t.Fatal(err)
	}
	if got := natsq.Summarise(states); got != strconv.Itoa(len(ids))+" jobs: "+strconv.Itoa(len(ids))+" queued" && got != "1 job: 1 queued" {
		t.Errorf("the jobs on the server: %s; want all queued", got)
	}
}
