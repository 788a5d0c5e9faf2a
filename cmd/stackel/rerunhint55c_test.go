package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// interruptedSmooth is a smooth run of 1000 iterations, which a stopped
// context interrupts in its first.
const interruptedSmooth = "name: sm\nseed: 1\ngame: {builtin: torus}\ndynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\niterations: 1000\n"

// TestJobInterruptedRerun55c: a smooth job run with run --job and
// interrupted is told to give the same command again, which starts it
// over (and does), not to rerun it "with --force", which run --job
// refuses.
func TestJobInterruptedRerun55c(t *testing.T) {
	dir := t.TempDir()
	jobPath, job := writeJobFile(t, dir, "job.json", interruptedSmooth, 1)
	out := filepath.Join(dir, "o")
	_, err := executeStopped(t, "run", "--job", jobPath, "--out", out, "--quiet")
	want := "job " + job.ID + " interrupted during iteration 1 (Ctrl-C or SIGTERM), not failed: what it recorded is in " + out +
		"; a smooth run keeps no checkpoint and cannot be continued (only RL runs can): give the same stackel run --job command again, which starts it over"
	if err == nil || err.Error() != want {
		t.Fatalf("got error\n%v\nwant\n%s", err, want)
	}
	got, err := execute(t, "run", "--job", jobPath, "--out", out, "--quiet")
	if err != nil || !strings.HasSuffix(got, "job "+job.ID+" done; wrote "+out+"\n") {
		t.Errorf("the same command again: %v, output\n%s\nwant the job done", err, got)
	}
}
