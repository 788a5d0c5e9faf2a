package sweep

import (
	"strings"
	"testing"
)

// TestGridKeysWithinOneAnother checks that a grid key inside another
// (rl.algo and rl) is an error naming both with their lines: the later
// one's value replaced the earlier one's, so a job labelled
// rl.algo=stddpg ran ddpg.
func TestGridKeysWithinOneAnother(t *testing.T) {
	spec := "name: s\nconfig:\n  name: pend\n  rl: {env: Pendulum-v1, algo: ddpg, steps: 1200, steps_per_epoch: 300, hidden: [8]}\n" +
		"grid:\n  rl.algo: [stddpg]\n  rl: [{env: Pendulum-v1, algo: ddpg, steps: 1200, steps_per_epoch: 300, hidden: [8]}]\n"
	_, err := ParseSpec([]byte(spec), ".")
	want := "sweep: grid.rl (line 7) and grid.rl.algo (line 6): one key is within the other"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
	// Keys that only share a prefix of letters are not within each other.
	ok := "name: s\nconfig:\n  name: pend\n  rl: {env: Pendulum-v1, algo: ddpg, steps: 1200, steps_per_epoch: 300, hidden: [8]}\n" +
		"grid:\n  rl.steps: [1200]\n  rl.steps_per_epoch: [300, 600]\n"
	s, err := ParseSpec([]byte(ok), ".")
	if err != nil {
		t.Fatal(err)
	}
	if jobs, err := s.Expand(); err != nil || len(jobs) != 2 {
		t.Errorf("%d jobs, error %v; want 2, nil", len(jobs), err)
	}
}
