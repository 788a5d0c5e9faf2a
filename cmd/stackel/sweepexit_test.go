package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment/sweep"
)

// failingSpec is a sweep of two jobs, the second of which diverges at its
// second iteration (a leader step of 10 on an objective unbounded below).
const failingSpec = `name: half-fails
config:
  game:
    sense: cost
    dims: [1, 1]
    f1: "-exp(x[0])*exp(y[0])"
    f2: "y[0]*y[0]"
  dynamics: {kind: sga}
  iterations: 200
grid:
  dynamics.leader_lr: [{constant: 0.001}, {constant: 10}]
seeds: [1]
`

// A sweep whose jobs fail writes its report and exits non-zero, with an
// error counting the failed jobs (it used to end with "wrote DIR" and exit
// 0, as if every job had finished).
func TestSweepFailedJobsExitNonZero(t *testing.T) {
	root := t.TempDir()
	spec := writeFile(t, root, "fails.yaml", failingSpec)
	out := filepath.Join(root, "out")
	log, err := execute(t, "sweep", spec, "--out", out, "--workers", "1", "--attempts", "1", "--listen", "127.0.0.1:0")
	if err == nil {
		t.Fatalf("a sweep with a failed job succeeded:\n%s", log)
	}
	if want := "sweep half-fails: 1 of 2 jobs not done: 1 failed (see " + filepath.Join(out, "report.md") + ")"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	f, rerr := sweep.ReadFile(filepath.Join(out, "sweep.json"))
	if rerr != nil {
		t.Fatal(rerr)
	}
	st := map[string]int{}
	for _, r := range f.Jobs {
		st[r.Status]++
	}
	if st[sweep.StatusDone] != 1 || st[sweep.StatusFailed] != 1 {
		t.Errorf("sweep.json statuses %v, want 1 done and 1 failed", st)
	}
	if rep, err := os.ReadFile(filepath.Join(out, "report.md")); err != nil || !strings.Contains(string(rep), "failed: iteration 2") {
		t.Errorf("report.md does not name the failure (%v):\n%s", err, rep)
	}
}

// A sweep stopped by Ctrl-C or SIGTERM (its context cancelled) says that
// it stopped and that the same command continues it, rather than a bare
// "context canceled".
func TestSweepStoppedSaysHowToContinue(t *testing.T) {
	root := t.TempDir()
	spec := writeFile(t, root, "fails.yaml", failingSpec)
	cmd := newRootCmd()
	var buf bytes.Buffer
	cmd.SetOut(&buf)
	cmd.SetErr(&buf)
	cmd.SetArgs([]string{"sweep", spec, "--out", filepath.Join(root, "out"), "--workers", "1", "--listen", "127.0.0.1:0"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as if interrupted at once
	err := cmd.ExecuteContext(ctx)
	if err == nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "sweep half-fails stopped") || !strings.Contains(err.Error(), "the same command continues it") {
		t.Errorf("stopped sweep: %v\n%s", err, buf.String())
	}
}

// An error found while expanding a spec (a grid key, a job's
// configuration) names the spec's file, as an error in reading it does.
func TestSweepExpandErrorNamesSpec(t *testing.T) {
	root := t.TempDir()
	spec := writeFile(t, root, "typo.yaml", "name: typo\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: sga}\ngrid:\n  dynamics.kindd: [sga]\n")
	_, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", filepath.Join(root, "out"))
	if want := spec + ": sweep: grid.dynamics.kindd (line 6): unknown config key"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want it to start with %q", err, want)
	}
}

// The flags of running a sweep on NATS are refused with --emit slurm,
// which writes the array and runs nothing (they used to be ignored
// without a word), and nothing is written.
func TestSweepEmitRefusesNATSFlags(t *testing.T) {
	root := t.TempDir()
	spec := writeFile(t, root, "s.yaml", "name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: sga}\n  iterations: 10\nseeds: [1, 2]\n")
	for _, extra := range [][]string{{"--workers", "3"}, {"--attempts", "5", "--listen", "0.0.0.0:4222"}, {"--nats", "nats://127.0.0.1:1"}, {"--replace"}} {
		out := filepath.Join(root, "out")
		_, err := execute(t, append([]string{"sweep", spec, "--emit", "slurm", "--out", out}, extra...)...)
		if err == nil || !strings.Contains(err.Error(), extra[0]) || !strings.Contains(err.Error(), "no effect with --emit slurm") {
			t.Errorf("%v: error %v", extra, err)
		}
		if _, err := os.Stat(filepath.Join(out, sweep.ManifestFile)); err == nil {
			t.Errorf("%v: the refused sweep wrote its manifest", extra)
		}
	}
}

// A sweep refused before it writes anything (a --listen address that
// cannot be used) leaves no output directory behind when it made one.
func TestSweepRefusedLeavesNoNewDir(t *testing.T) {
	root := t.TempDir()
	spec := writeFile(t, root, "s.yaml", "name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: sga}\n  iterations: 10\n")
	out := filepath.Join(root, "out")
	if _, err := execute(t, "sweep", spec, "--out", out, "--listen", "127.0.0.1:99999"); err == nil {
		t.Fatal("a sweep listening on port 99999 ran")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the refused sweep left %s behind (%v)", out, err)
	}
}

// A Ctrl-C just after every job ended (the executor returned nil) still
// writes the report and its verdict: before, the sweep returned without a
// report and the command read a missing (or an earlier run's) sweep.json.
func TestSweepInterruptedAfterLastJobReports(t *testing.T) {
	root := t.TempDir()
	spec := writeFile(t, root, "ok.yaml", "name: late\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: sga}\n  iterations: 10\nseeds: [1, 2]\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	afterSweepExecute = cancel
	t.Cleanup(func() { afterSweepExecute = nil })
	cmd := newRootCmd()
	var buf bytes.Buffer
	cmd.SetOut(&buf)
	cmd.SetErr(&buf)
	out := filepath.Join(root, "out")
	cmd.SetArgs([]string{"sweep", spec, "--out", out, "--workers", "1", "--listen", "127.0.0.1:0"})
	if err := cmd.ExecuteContext(ctx); err != nil {
		t.Fatalf("sweep: %v\n%s", err, buf.String())
	}
	sf, err := sweep.ReadFile(filepath.Join(out, "sweep.json"))
	if err != nil || len(sf.Jobs) != 2 {
		t.Fatalf("sweep.json: %+v, %v", sf, err)
	}
	for _, j := range sf.Jobs {
		if j.Status != sweep.StatusDone {
			t.Errorf("job %s: %s, want done", j.ID, j.Status)
		}
	}
}
