package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResumeWithConfigKeepsRunName46j: `run --resume DIR CONFIG` with a
// CONFIG that has no name: keeps the name of the run in DIR. A finished
// run given again is left as it was (README), its config.yaml byte for
// byte, and a lengthened one keeps its name, so that its config.yaml runs
// into the same out/NAME. Session 46's first fix gave it CONFIG's file
// name (name: copy in out/short's config.yaml; before, name: "").
func TestResumeWithConfigKeepsRunName46j(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	body := "rl: {env: CartPole-v1, algo: stac, steps: 100, steps_per_epoch: 100, hidden: [4], cg: {iters: 2, lambda: 0}}\n"
	writeFile(t, dir, "short.yaml", body)
	writeFile(t, dir, "copy.yaml", body)
	writeFile(t, dir, "longer.yaml", strings.Replace(body, "steps: 100,", "steps: 200,", 1))
	if out, err := execute(t, "run", "short.yaml", "--quiet"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	run := filepath.Join("out", "short")
	saved := func() string {
		b, err := os.ReadFile(filepath.Join(run, "config.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before := saved()
	for _, c := range []struct{ config, steps string }{{"copy.yaml", "steps: 100\n"}, {"longer.yaml", "steps: 200\n"}} {
		out, err := execute(t, "run", "--resume", run, c.config, "--quiet")
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.config, err, out)
		}
		if !strings.HasPrefix(out, "short stac on CartPole-v1") {
			t.Errorf("%s: summary line %q, want it to begin with the run's name short", c.config, out)
		}
		got := saved()
		if want := strings.Replace(before, "steps: 100\n", c.steps, 1); got != want {
			t.Errorf("%s: config.yaml\n%s\nwant\n%s", c.config, got, want)
		}
	}
}
