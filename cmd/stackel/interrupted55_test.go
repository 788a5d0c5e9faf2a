package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// interruptedRL is a small RL run of two 100-step epochs, one checkpoint
// each; interruptedRLLonger is the same run lengthened to four epochs.
const (
	interruptedRL       = "name: r\nseed: 3\nrl: {env: CartPole-v1, algo: ac, steps: 200, steps_per_epoch: 100, hidden: [4]}\n"
	interruptedRLLonger = "name: r\nseed: 3\nrl: {env: CartPole-v1, algo: ac, steps: 400, steps_per_epoch: 100, hidden: [4]}\n"
)

// TestRunInterruptedSays55: a run that Ctrl-C or SIGTERM stops (here a
// context cancelled before it starts) ends with an error saying it was
// interrupted, not failed: an RL run names its last checkpoint's epoch
// and the command that continues it, a smooth run that it cannot be
// continued. Before, the error was the step's own ("conjugate gradient
// stopped after 0 iterations: context canceled").
func TestRunInterruptedSays55(t *testing.T) {
	dir := t.TempDir()
	short := writeFile(t, dir, "short.yaml", interruptedRL)
	longer := writeFile(t, dir, "longer.yaml", interruptedRLLonger)
	smooth := writeFile(t, dir, "sm.yaml", "name: sm\nseed: 1\ngame: {builtin: torus}\ndynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\niterations: 1000\n")
	done := filepath.Join(dir, "done")
	if _, err := execute(t, "run", short, "--out", done, "--quiet"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"fresh RL run", []string{"run", short, "--out", filepath.Join(dir, "fresh"), "--quiet"},
			"interrupted in epoch 1 (Ctrl-C or SIGTERM), not failed: it stopped before its first checkpoint, so " + filepath.Join(dir, "fresh") + " holds none; stackel run --resume " + filepath.Join(dir, "fresh") + " starts it again from the beginning"},
		{"lengthened RL run", []string{"run", "--resume", done, longer, "--quiet"},
			"interrupted in epoch 3 (Ctrl-C or SIGTERM), not failed: its last checkpoint is epoch 2's, in " + done + "; stackel run --resume " + done + " continues it from there"},
		{"smooth run", []string{"run", smooth, "--out", filepath.Join(dir, "sm"), "--quiet"},
			"interrupted during iteration 1 (Ctrl-C or SIGTERM), not failed: what it recorded is in " + filepath.Join(dir, "sm") + "; a smooth run keeps no checkpoint and cannot be continued (only RL runs can): run it again, with --force to replace those outputs"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := executeStopped(t, c.args...)
			if err == nil || err.Error() != c.want {
				t.Fatalf("got error\n%v\nwant\n%s", err, c.want)
			}
		})
	}
}

// TestInterruptedCheckpointEpoch55: the checkpoint named is the last one
// written, every rl.checkpoint_every epochs counted from the start, or the
// one a resume started from when that is later.
func TestInterruptedCheckpointEpoch55(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		summary string
		want    string
	}{
		{`{"epochs": 7, "interrupted": true, "error": "x: context canceled"}`,
			"interrupted in epoch 8 (Ctrl-C or SIGTERM), not failed: its last checkpoint is epoch 6's, in D; stackel run --resume D continues it from there"},
		{`{"epochs": 7, "resumed_from_epoch": 7, "interrupted": true, "error": "x: context canceled"}`,
			"interrupted in epoch 8 (Ctrl-C or SIGTERM), not failed: its last checkpoint is epoch 7's, in D; stackel run --resume D continues it from there"},
		{`{"epochs": 1, "interrupted": true, "error": "x: context canceled"}`,
			"interrupted in epoch 2 (Ctrl-C or SIGTERM), not failed: it stopped before its first checkpoint, so D holds none; stackel run --resume D starts it again from the beginning"},
		// Not interrupted: the run's own error is kept.
		{`{"epochs": 1, "error": "x: context canceled"}`, "x: context canceled"},
	} {
		dir := filepath.Join(t.TempDir(), "D")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, "config.yaml", "name: r\nseed: 3\nrl: {env: CartPole-v1, algo: ac, steps: 2000, steps_per_epoch: 100, checkpoint_every: 3}\n")
		writeFile(t, dir, "summary.json", c.summary)
		got := interruptedHint(ctx, errors.New("x: context canceled"), dir)
		c.want = strings.ReplaceAll(c.want, " D", " "+dir)
		if got.Error() != c.want {
			t.Errorf("summary %s: got\n%v\nwant\n%s", c.summary, got, c.want)
		}
	}
}
