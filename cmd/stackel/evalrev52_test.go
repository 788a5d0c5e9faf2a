package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stackel/stackel/experiment/runeval"
)

// cancelOnWrite is a stderr that cancels its context at the first line
// that contains trigger (eval's line for a run done), keeping what it got.
type cancelOnWrite struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	trigger string
	cancel  context.CancelFunc
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if bytes.Contains(p, []byte(w.trigger)) {
		w.cancel()
	}
	return w.buf.Write(p)
}

// TestEvalInterrupted52: stackel eval cancelled (Ctrl-C) after the first
// of three runs prints that run's row and its series, the table headed by
// what was cut short, and exits with an error saying how many runs were
// evaluated; --json prints the same with "interrupted": 2. Before, it
// printed nothing but "context canceled" (and with --quiet nothing of
// the finished run at all).
func TestEvalInterrupted52(t *testing.T) {
	root := t.TempDir()
	runs := filepath.Join(root, "runs")
	runSeeds(t, ddpgConfig(t, root, 200), runs, 1, 2, 3)
	one, err := runeval.Evaluate(context.Background(), runeval.Options{Dirs: []string{filepath.Join(runs, "seed1")}, Episodes: 2})
	if err != nil {
		t.Fatal(err)
	}
	r := one.Runs[0]
	for _, asJSON := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		stderr := &cancelOnWrite{trigger: "eval: " + r.Dir + ": return", cancel: cancel}
		cmd := newRootCmd()
		var out bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetErr(stderr)
		args := []string{"eval", runs, "--episodes", "2", "--workers", "1"}
		if asJSON {
			args = append(args, "--json")
		}
		cmd.SetArgs(args)
		err := cmd.ExecuteContext(ctx)
		cancel()
		if !errors.Is(err, context.Canceled) || err.Error() != "eval interrupted: 1 of 3 runs evaluated: context canceled" {
			t.Errorf("json %v: error %v, want the interruption counted", asJSON, err)
		}
		got := out.String()
		if asJSON {
			if !strings.Contains(got, `"interrupted": 2`) || !strings.Contains(got, fmt.Sprintf(`"dir": %q`, r.Dir)) || strings.Contains(got, "seed2") {
				t.Errorf("--json interrupted:\n%s", got)
			}
			continue
		}
		for _, want := range []string{
			"2 episodes per run, deterministic policy, evaluation seed 0 (interrupted: 2 of 3 runs not evaluated)\n",
			fmt.Sprintf("%s  Pendulum-v1  ddpg  1     200/200  %.2f ± %.2f", r.Dir, r.Return.Mean, r.Return.SD),
			fmt.Sprintf("pend    1     %.2f (1 run)\n", r.Return.Mean),
		} {
			if !strings.Contains(got, want) {
				t.Errorf("interrupted: no %q in\n%s", want, got)
			}
		}
		if strings.Contains(got, "seed2") || strings.Contains(stderr.buf.String(), "seed2") {
			t.Errorf("interrupted: a run started after the cancel is reported:\n%s\n%s", got, stderr.buf.String())
		}
	}
}

// TestEvalTableMixedSteps52: a series whose runs' policies were trained
// for different numbers of steps (runs still going or stopped) says so in
// its RUNS column; one whose runs are all at one step count does not.
func TestEvalTableMixedSteps52(t *testing.T) {
	res := runeval.Result{Episodes: 2, Series: []runeval.Series{
		{Name: "a", Runs: 2, Return: runeval.Stats{Mean: -1, SD: 0.5}, MinSteps: 200, MaxSteps: 400},
		{Name: "b", Runs: 2, Return: runeval.Stats{Mean: -2, SD: 0.25}, MinSteps: 400, MaxSteps: 400},
	}}
	var out bytes.Buffer
	if err := writeEvalTable(&out, res); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"SERIES  RUNS                     RETURN (MEAN ± SD OVER RUNS)\n",
		"a       2 (at 200 to 400 steps)  -1.00 ± 0.50\n",
		"b       2                        -2.00 ± 0.25\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in\n%s", want, out.String())
		}
	}
}

// TestEvalStrangeNames52: a run directory whose name holds a newline and
// a tab is written escaped (\n, \t) in its table row, its line on stderr
// and a failed run's error line, so that each row stays one line with its
// columns; before, the row was cut in two and the tab shifted its columns.
func TestEvalStrangeNames52(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "a\nb\tc")
	if _, err := execute(t, "run", ddpgConfig(t, root, 200), "--seed", "1", "--out", dir, "--quiet"); err != nil {
		t.Fatal(err)
	}
	shown := filepath.Join(root, `a\nb\tc`)
	out, err := execute(t, "eval", dir, "--episodes", "1")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n" + shown + "  Pendulum-v1  ddpg  1     200/200  ", "\neval: " + shown + ": return -"} {
		if !strings.Contains("\n"+out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	// One episode is "(1 episode)", not "(1 episode) over 1 episodes".
	if !regexp.MustCompile(`(^|\n)eval: ` + regexp.QuoteMeta(shown) + `: return -[0-9]+\.[0-9]{2} \(1 episode\)\n`).MatchString(out) {
		t.Errorf("no line for the run of one episode in\n%s", out)
	}
	ckpt := filepath.Join(dir, "checkpoint.gob")
	if err := os.WriteFile(ckpt, []byte("short"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ = execute(t, "eval", dir, "--episodes", "1", "--quiet")
	if want := "\nfailed: " + shown + ": " + shown + "/checkpoint.gob: "; !strings.Contains(out, want) {
		t.Errorf("no %q in\n%s", want, out)
	}
}
