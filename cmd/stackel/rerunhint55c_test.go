package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment/sweep"
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

// TestManifestInterrupted55c: a job of a sweep manifest (run --manifest M
// --index I, a Slurm array task that its time limit's SIGTERM stops) that
// is interrupted says so, with the command that continues an RL job from
// its checkpoint or starts another over, instead of the run's raw error
// ("job 0 (…): ac epoch 1: context canceled").
func TestManifestInterrupted55c(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "rl.yaml", interruptedRL)
	writeFile(t, dir, "sm.yaml", interruptedSmooth)
	for _, c := range []struct {
		base, grid, want string
	}{
		{"rl.yaml", "rl.options.gamma: [0.99]", "interrupted in epoch 1 (Ctrl-C or SIGTERM), not failed: it stopped before its first checkpoint, so OUT holds none; resubmitting the array task (stackel run --manifest MAN --index 0) starts it again from the beginning"},
		{"sm.yaml", "iterations: [1000]", "interrupted during iteration 1 (Ctrl-C or SIGTERM), not failed: what it recorded is in OUT; a smooth run keeps no checkpoint and cannot be continued (only RL runs can): resubmit the array task (stackel run --manifest MAN --index 0), which starts it over"},
	} {
		t.Run(c.base, func(t *testing.T) {
			spec := writeFile(t, dir, "s-"+c.base, "name: s\nbase: "+c.base+"\ngrid:\n  "+c.grid+"\nseeds: [1]\n")
			o := filepath.Join(dir, "o-"+c.base)
			if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", o); err != nil {
				t.Fatal(err)
			}
			man := filepath.Join(o, "manifest.json")
			m, err := sweep.ReadManifest(man)
			if err != nil {
				t.Fatal(err)
			}
			j := m.Jobs[0]
			_, err = executeStopped(t, "run", "--manifest", man, "--index", "0", "--quiet")
			want := "job 0 (" + j.ID + ", " + j.Label() + " seed 1) " + strings.NewReplacer("OUT", j.OutDir(o), "MAN", man).Replace(c.want)
			if err == nil || err.Error() != want {
				t.Fatalf("got error\n%v\nwant\n%s", err, want)
			}
		})
	}
}
