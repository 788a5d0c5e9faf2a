package experiment

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPolyakOneLocated: `polyak: 1` under rl.options, which would keep
// the target critic at its random initial parameters, is refused at the
// key's line of the file, as other rl.options errors are.
func TestPolyakOneLocated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	src := "name: r\nseed: 1\nrl:\n  env: Pendulum-v1\n  algo: stddpg\n  options:\n    polyak: 1\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err == nil {
		err = cfg.Locate(Check(cfg))
	}
	want := path + ": config: line 7: rl.options.polyak: 1 keeps the target networks at their initial parameters for ever (target ← ρ·target + (1−ρ)·online, Spinning Up's convention); want [0, 1): 0 copies the networks at once, 0.995 is the default"
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
}
