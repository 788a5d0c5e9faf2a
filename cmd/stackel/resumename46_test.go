package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nameless46 writes, in a new working directory, three configs without a
// name: key — short.yaml and copy.yaml (the same run of 100 steps) and
// longer.yaml (200 steps) — and named.yaml (short.yaml named other), for
// the tests of the name `run --resume DIR CONFIG` gives.
func nameless46(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	body := "rl: {env: CartPole-v1, algo: stac, steps: 100, steps_per_epoch: 100, hidden: [4], cg: {iters: 2, lambda: 0}}\n"
	writeFile(t, dir, "short.yaml", body)
	writeFile(t, dir, "copy.yaml", body)
	writeFile(t, dir, "longer.yaml", strings.Replace(body, "steps: 100,", "steps: 200,", 1))
	writeFile(t, dir, "named.yaml", "name: other\n"+body)
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
// into the same out/NAME, also when CONFIG names it otherwise (a note
// says so). Session 46's first fix gave it CONFIG's file name (name: copy
// in out/short's config.yaml; before, name: ""), and a named CONFIG
// renamed it.
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
	// named.yaml is short.yaml named other: the finished run keeps its
	// name, and config.yaml, and says so (it was renamed other).
	for _, c := range []struct{ config, steps, note string }{
		{"copy.yaml", "steps: 100\n", ""},
		{"named.yaml", "steps: 100\n", "note: the run in " + run + " is named short and keeps that name (named.yaml names it other)\n"},
		{"longer.yaml", "steps: 200\n", ""},
	} {
		out, err := execute(t, "run", "--resume", run, c.config, "--quiet")
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.config, err, out)
		}
		if !strings.HasPrefix(out, c.note+"short stac on CartPole-v1") {
			t.Errorf("%s: output %q, want it to begin with %q and the run's name short", c.config, out, c.note)
		}
		got := saved()
		if want := strings.Replace(before, "steps: 100\n", c.steps, 1); got != want {
			t.Errorf("%s: config.yaml\n%s\nwant\n%s", c.config, got, want)
		}
	}
}
