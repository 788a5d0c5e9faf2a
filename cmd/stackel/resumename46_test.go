package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nameless46 writes, in a new working directory, three configs without a
// name: key — short.yaml and copy.yaml (the same run of 100 steps) and
// longer.yaml (200 steps) — for the tests of the name `run --resume DIR
// CONFIG` gives.
func nameless46(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	body := "rl: {env: CartPole-v1, algo: stac, steps: 100, steps_per_epoch: 100, hidden: [4], cg: {iters: 2, lambda: 0}}\n"
	writeFile(t, dir, "short.yaml", body)
	writeFile(t, dir, "copy.yaml", body)
	writeFile(t, dir, "longer.yaml", strings.Replace(body, "steps: 100,", "steps: 200,", 1))
}

// TestResumeWithConfigDefaultName: `run --resume DIR CONFIG` with a CONFIG
// that has no name: key, into a DIR without a run, takes the config
// file's name, as every other run does (README, "Defaults of the keys");
// lengthening that run keeps its name. Before session 46 both saved
// `name: ""` in DIR/config.yaml and printed the summary line with an
// empty name.
func TestResumeWithConfigDefaultName(t *testing.T) {
	nameless46(t)
	if err := os.Mkdir("fresh", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, config := range []string{"short.yaml", "longer.yaml"} {
		out, err := execute(t, "run", "--resume", "fresh", config, "--quiet")
		if err != nil {
			t.Fatalf("%s: %v\n%s", config, err, out)
		}
		if !strings.HasPrefix(out, "short stac on CartPole-v1") {
			t.Errorf("%s: summary line %q, want it to begin with the name short", config, out)
		}
		saved, err := os.ReadFile(filepath.Join("fresh", "config.yaml"))
		if err != nil || !strings.HasPrefix(string(saved), "name: short\n") {
			t.Errorf("%s: saved config.yaml (%v), want name: short:\n%s", config, err, saved)
		}
	}
}

// TestResumeWithConfigKeepsRunName: `run --resume DIR CONFIG` with a
// CONFIG that has no name: keeps the name of the run in DIR. A finished
// run given again is left as it was (README), its config.yaml byte for
// byte, and a lengthened one keeps its name, so that its config.yaml runs
// into the same out/NAME. Session 46's first fix gave it CONFIG's file
// name (name: copy in out/short's config.yaml; before, name: "").
func TestResumeWithConfigKeepsRunName(t *testing.T) {
	nameless46(t)
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
