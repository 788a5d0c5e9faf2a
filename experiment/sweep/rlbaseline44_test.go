package sweep

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRLBaseErrorsNameTheLine: an error that building the RL agent's
// configuration finds in the base (an option out of range, a run that
// ends before its first update) is named with the base file's path and
// the key's line, or the inline config's line in the spec, as `stackel
// run BASE` names it and as the base's other errors are. Those errors
// have no "config: " before the key, so they never matched the located
// text, and came as "sweep: base a.yaml: rl.steps: …" without a line.
func TestRLBaseErrorsNameTheLine(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	short := write("short.yaml", "name: a\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  steps: 500\n  steps_per_epoch: 100\n  options:\n    update_after: 1000\n")
	gamma := write("gamma.yaml", "name: g\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  options:\n    gamma: 2\n")
	const tooShort = "rl.steps: 500 ends before the first update (step 1000: the first multiple of rl.options.update_every 50 at or after rl.options.update_after 1000); ddpg would never update its networks: give more steps or a smaller update_after"
	for _, c := range []struct{ spec, want string }{
		{"name: s\nbase: short.yaml\ngrid:\n  rl.options.actor_lr: [0.001, 0.01]\nseeds: [1]\n",
			"sweep: base: " + short + ": config: line 5: " + tooShort},
		{"name: s\nbase: short.yaml\n",
			"sweep: base: " + short + ": config: line 5: " + tooShort},
		{"name: s\nbase: gamma.yaml\nseeds: [1, 2]\n",
			"sweep: base: " + gamma + ": config: line 6: rl.options.gamma: 2 outside [0, 1]"},
		{"name: s\nconfig:\n  name: x\n  rl:\n    env: Pendulum-v1\n    algo: ddpg\n    steps: 500\n    steps_per_epoch: 100\n    options:\n      update_after: 1000\nseeds: [1]\n",
			"sweep: config: line 7: " + tooShort},
	} {
		s, err := ParseSpec([]byte(c.spec), dir)
		if err == nil {
			_, err = s.Expand()
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("spec\n%s\n got %v\nwant %s", c.spec, err, c.want)
		}
	}
}
