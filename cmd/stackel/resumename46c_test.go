package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResumeWithConfigDefaultName46c: `run --resume DIR CONFIG` with a
// CONFIG that has no name: key takes the config file's name, as every
// other run does (README, Smooth games, "Defaults of the keys"), when it
// starts CONFIG afresh in DIR; lengthening that run keeps its name.
// Before session 46 both saved `name: ""` in DIR/config.yaml and printed
// the summary line with an empty name.
func TestResumeWithConfigDefaultName46c(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	body := "rl: {env: CartPole-v1, algo: stac, steps: 100, steps_per_epoch: 100, hidden: [4], cg: {iters: 2, lambda: 0}}\n"
	writeFile(t, dir, "short.yaml", body)
	writeFile(t, dir, "longer.yaml", strings.Replace(body, "steps: 100,", "steps: 200,", 1))
	if err := os.Mkdir("fresh", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		dir  string
		want string
	}{
		{[]string{"run", "--resume", "fresh", "short.yaml", "--quiet"}, "fresh", "short"},
		// Lengthened, the run keeps its name (TestResumeWithConfigKeepsRunName46j).
		{[]string{"run", "--resume", "fresh", "longer.yaml", "--quiet"}, "fresh", "short"},
	} {
		out, err := execute(t, tc.args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", tc.args, err, out)
		}
		if !strings.HasPrefix(out, tc.want+" stac on CartPole-v1") {
			t.Errorf("%v: summary line %q, want it to begin with the name %q", tc.args, out, tc.want)
		}
		saved, err := os.ReadFile(filepath.Join(tc.dir, "config.yaml"))
		if err != nil || !strings.HasPrefix(string(saved), "name: "+tc.want+"\n") {
			t.Errorf("%v: saved config.yaml (%v), want name: %s:\n%s", tc.args, err, tc.want, saved)
		}
	}
}
