package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCutShortRemedyCommands55c: the refusal of run --resume DIR CONFIG to
// lengthen a run cut short names the commands that work, with the real
// paths shell-quoted: CONFIG into another directory, or again from the
// start in DIR with --force, which it gives as a plain run (--force
// beside --resume is refused). It said "into this one with --force",
// which read as adding --force to the refused command.
func TestCutShortRemedyCommands55c(t *testing.T) {
	dir := t.TempDir()
	const c250 = "name: c\nseed: 1\nrl: {env: CartPole-v1, algo: ac, steps: 250, steps_per_epoch: 100, hidden: [4]}\n"
	short := writeFile(t, dir, "c250.yaml", c250)
	longer := writeFile(t, dir, "c 400.yaml", strings.Replace(c250, "steps: 250", "steps: 400", 1))
	out := filepath.Join(dir, "my run")
	if _, err := execute(t, "run", short, "--out", out, "--quiet"); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "run", "--resume", out, longer, "--quiet")
	want := "; a run cut short cannot be lengthened: run the longer config into another directory (stackel run '" + longer + "' --out OTHER_DIR), or again from the start in this one (stackel run '" + longer + "' --out '" + out + "' --force)"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("error\n%v\nwant it to end\n%s", err, want)
	}
	// The remedy's second command does what it says.
	got, err := execute(t, "run", longer, "--out", out, "--force", "--quiet")
	if err != nil || !strings.Contains(got, "c ac on CartPole-v1: 400 steps") {
		t.Errorf("stackel run CONFIG --out DIR --force: %v, output\n%s", err, got)
	}
}
