package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A resume refused before anything ran (a config whose networks differ
// from the checkpoint's, a run of a kind without checkpoints, a corrupt
// checkpoint) is said without "(what was recorded is in DIR)": nothing
// was run or written, and the suffix read as if the refused resume had
// recorded something there.
func TestResumeRefusedNamesNoRecording(t *testing.T) {
	root := t.TempDir()
	rl := writeFile(t, root, "rl.yaml", "name: rl\nrl: {env: CartPole-v1, algo: ac, steps: 400, steps_per_epoch: 200, hidden: [8], threads: 1}\n")
	wide := writeFile(t, root, "wide.yaml", "name: rl\nrl: {env: CartPole-v1, algo: ac, steps: 400, steps_per_epoch: 200, hidden: [16], threads: 1}\n")
	smooth := writeFile(t, root, "smooth.yaml", "name: s\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n")
	rlDir, smoothDir, corrupt := filepath.Join(root, "rl"), filepath.Join(root, "s"), filepath.Join(root, "c")
	if _, err := execute(t, "run", rl, "--out", rlDir, "--quiet"); err != nil {
		t.Fatal(err)
	}
	if _, err := execute(t, "run", rl, "--out", corrupt, "--quiet"); err != nil {
		t.Fatal(err)
	}
	writeFile(t, corrupt, "checkpoint.gob", "garbage")
	if _, err := execute(t, "run", smooth, "--out", smoothDir, "--quiet"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--resume", rlDir, wide}, "different configuration"},
		{[]string{"--resume", smoothDir}, "keeps no checkpoint"},
		{[]string{"--resume", corrupt}, "corrupt checkpoint"},
	} {
		_, err := execute(t, append(append([]string{"run"}, c.args...), "--quiet")...)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "what was recorded") {
			t.Errorf("%v: error %v; want %q without \"what was recorded\"", c.args, err, c.want)
		}
	}
}
