package experiment

import "testing"

// TestRLTooShortNamesWrittenKeyLine: a run that ends before its first
// update, or within its first epoch, because of a key the file writes
// while rl.steps is left at its default is reported at that key's line
// (with both update_after and update_every written, the one at fault).
// The error named rl.steps, which the file lacks, and so came with the
// file alone ("c.yaml: config: rl.steps: 50000 ends before …").
func TestRLTooShortNamesWrittenKeyLine(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"update_after", "name: b\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  options:\n    update_after: 100000000\n",
			"config: line 6: rl.options.update_after: 100000000 with rl.steps at its default: rl.steps: 50000 ends before the first update (step 100000000: the first multiple of rl.options.update_every 50 at or after rl.options.update_after 100000000); ddpg would never update its networks: give more steps or a smaller update_after"},
		{"update_every", "name: g\nrl:\n  env: Pendulum-v1\n  algo: sac\n  options:\n    update_every: 100000000\n",
			"config: line 6: rl.options.update_every: 100000000 with rl.steps at its default: rl.steps: 50000 ends before the first update (step 100000000: the first multiple of rl.options.update_every 100000000 at or after rl.options.update_after 1000); sac would never update its networks: give more steps or a smaller update_every"},
		{"steps_per_epoch", "name: e\nrl:\n  env: CartPole-v1\n  algo: ac\n  steps_per_epoch: 100000000\n",
			"config: line 5: rl.steps_per_epoch: 100000000 with rl.steps at its default: rl.steps: 300000 is less than one epoch (steps_per_epoch 100000000)"},
		// Both written: the key at fault. An update_every beyond the
		// default steps leaves no update whatever update_after is (it was
		// reported at update_after's line, a harmless 10, and the advice
		// named update_after).
		{"update_every beyond the steps", "name: b\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  options:\n    update_after: 10\n    update_every: 100000000\n",
			"config: line 7: rl.options.update_every: 100000000 with rl.steps at its default: rl.steps: 50000 ends before the first update (step 100000000: the first multiple of rl.options.update_every 100000000 at or after rl.options.update_after 10); ddpg would never update its networks: give more steps or a smaller update_every"},
		{"update_after beyond the steps", "name: b\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  options:\n    update_after: 100000000\n    update_every: 10\n",
			"config: line 6: rl.options.update_after: 100000000 with rl.steps at its default: rl.steps: 50000 ends before the first update (step 100000000: the first multiple of rl.options.update_every 10 at or after rl.options.update_after 100000000); ddpg would never update its networks: give more steps or a smaller update_after"},
		// rl.steps written: its own line, as before.
		{"steps written", "name: a\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  steps: 500\n  steps_per_epoch: 100\n  options:\n    update_after: 1000\n",
			"config: line 5: rl.steps: 500 ends before the first update (step 1000: the first multiple of rl.options.update_every 50 at or after rl.options.update_after 1000); ddpg would never update its networks: give more steps or a smaller update_after"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path, cfg := loadConfigText(t, c.src)
			if got, want := cfg.Locate(Check(cfg)), path+": "+c.want; got == nil || got.Error() != want {
				t.Errorf("Locate(Check):\n got %v\nwant %s", got, want)
			}
		})
	}
}
