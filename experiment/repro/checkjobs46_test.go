package repro

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// CheckJobs checks configurations that differ in their top-level seed
// alone once, and every other configuration on its own: a Markov built-in
// whose game.params.seed differs (an indented seed: line) is checked
// again, and its refusal names that job's directory.
func TestCheckJobsOncePerConfigButSeed(t *testing.T) {
	job := func(params string, seed uint64, out string) experiment.Job {
		t.Helper()
		cfg, err := experiment.ParseConfig([]byte("game: {markov_builtin: random, params: {" + params + "}}\ndynamics: {kind: stackelberg-pg}\niterations: 10\n"))
		if err != nil {
			t.Fatal(err)
		}
		j, err := experiment.NewJob(cfg, seed, out)
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
	good := []experiment.Job{job("states: 2, seed: 1", 1, "a/seed1"), job("states: 2, seed: 1", 2, "a/seed2"), job("states: 2, seed: 2", 1, "b/seed1")}
	if err := CheckJobs(good); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(good[0].Config, "\nseed: 1\n") || !strings.Contains(good[0].Config, "    seed: 1\n") {
		t.Fatalf("the configuration's seed lines are not the ones the test is about:\n%s", good[0].Config)
	}
	// a/seed1 with its game.params.seed edited: checked on its own (its
	// ID no longer matches), not taken for a's.
	c := good[0]
	c.Out, c.Config = "c/seed1", strings.Replace(c.Config, "    seed: 1\n", "    seed: 3\n", 1)
	err := CheckJobs(append(good, c))
	if err == nil || !strings.HasPrefix(err.Error(), "c/seed1: ") {
		t.Errorf("error %v, want c/seed1's refusal", err)
	}
}
