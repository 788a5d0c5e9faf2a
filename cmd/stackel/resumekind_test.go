package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `run --resume DIR CONFIG` with a smooth game's CONFIG for a DIR holding
// an RL run is refused naming both kinds, and does not suggest rerunning
// the config into DIR with --force (which would delete the RL run), as it
// did when the smooth kind's lack of checkpoints was reported first.
func TestResumeOtherKindNamesBoth(t *testing.T) {
	root := t.TempDir()
	rl := writeFile(t, root, "rl.yaml", "name: rl\nrl: {env: CartPole-v1, algo: ac, steps: 400, steps_per_epoch: 200, hidden: [8], threads: 1}\n")
	smooth := writeFile(t, root, "smooth.yaml", "name: s\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n")
	dir := filepath.Join(root, "run")
	if _, err := execute(t, "run", rl, "--out", dir, "--quiet"); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	_, err := execute(t, "run", "--resume", dir, smooth, "--quiet")
	if err == nil || !strings.Contains(err.Error(), dir+" holds a run of kind rl and this config describes one of kind smooth") || strings.Contains(err.Error(), "--force") {
		t.Errorf("error %v", err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "metrics.csv")); string(after) != string(before) {
		t.Error("the refused resume changed metrics.csv")
	}
}

// `run --resume DIR CONFIG` with an RL CONFIG for a DIR holding a smooth
// run is refused naming both kinds, and does not send the user to resume
// with the run's own config ("omit the CONFIG argument"), which is refused
// in turn: a smooth run keeps no checkpoint (session 43).
func TestResumeSmoothRunWithRLConfigHint(t *testing.T) {
	root := t.TempDir()
	rl := writeFile(t, root, "rl.yaml", "name: rl\nrl: {env: CartPole-v1, algo: ac, steps: 400, steps_per_epoch: 200, hidden: [8], threads: 1}\n")
	smooth := writeFile(t, root, "smooth.yaml", "name: s\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n")
	dir := filepath.Join(root, "run")
	if _, err := execute(t, "run", smooth, "--out", dir, "--quiet"); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "run", "--resume", dir, rl, "--quiet")
	want := dir + " holds a run of kind smooth and this config describes one of kind rl; a smooth run keeps no checkpoint and is not resumed: run this config into another directory"
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "omit the CONFIG") {
		t.Errorf("error %v, want %q", err, want)
	}
}

// `run --resume DIR [CONFIG]` with a DIR that does not exist (or is a
// file) says there is no such run directory, creating nothing; with a
// CONFIG it failed writing DIR/config.yaml and said "what was recorded is
// in DIR", where nothing was.
func TestResumeMissingDirectory(t *testing.T) {
	root := t.TempDir()
	rl := writeFile(t, root, "rl.yaml", "name: rl\nrl: {env: CartPole-v1, algo: ac, steps: 400, steps_per_epoch: 200, hidden: [8], threads: 1}\n")
	file := writeFile(t, root, "file", "")
	missing := filepath.Join(root, "missing")
	for _, args := range [][]string{{"run", "--resume", missing, rl}, {"run", "--resume", missing}, {"run", "--resume", file, rl}} {
		_, err := execute(t, append(args, "--quiet")...)
		if err == nil || !strings.Contains(err.Error(), "--resume "+args[2]+": no such run directory") {
			t.Errorf("%v: %v", args, err)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("%s was created", missing)
	}
	// A file is said to be one (before, the same words as a missing
	// directory's).
	if _, err := execute(t, "run", "--resume", file, "--quiet"); err == nil || !strings.Contains(err.Error(), "it is a file; give the run's directory") {
		t.Errorf("--resume FILE: %v", err)
	}
}
