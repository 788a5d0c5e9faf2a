package experiment

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRLTooShortNamesTheKeyAtFault: with rl.steps at its default and both
// update_after and update_every written, the run that ends before its
// first update is reported at the key that makes it so. An update_every
// beyond the default steps (50000) leaves no update whatever update_after
// is: it was reported at update_after's line, a harmless 10.
func TestRLTooShortNamesTheKeyAtFault(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"update_every beyond the steps", "name: b\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  options:\n    update_after: 10\n    update_every: 100000000\n",
			"config: line 7: rl.options.update_every: 100000000 with rl.steps at its default: rl.steps: 50000 ends before the first update (step 100000000: the first multiple of rl.options.update_every 100000000 at or after rl.options.update_after 10); ddpg would never update its networks: give more steps or a smaller update_after"},
		{"update_after beyond the steps", "name: b\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  options:\n    update_after: 100000000\n    update_every: 10\n",
			"config: line 6: rl.options.update_after: 100000000 with rl.steps at its default: rl.steps: 50000 ends before the first update (step 100000000: the first multiple of rl.options.update_every 10 at or after rl.options.update_after 100000000); ddpg would never update its networks: give more steps or a smaller update_after"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := cfg.Locate(Check(cfg)), path+": "+c.want; got == nil || got.Error() != want {
				t.Errorf("Locate(Check):\n got %v\nwant %s", got, want)
			}
		})
	}
}
