//go:build !mujoco

package main

import (
	"path/filepath"
	"testing"
)

// TestSweepMuJoCoNamesSpec55: a sweep of MuJoCo jobs refused by a build
// without the engine names the spec's file, the job's grid point and
// seed, and whether rl.env comes from the grid or the base, not only the
// job's runs/<ID>.
func TestSweepMuJoCoNamesSpec55(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "base.yaml", "name: swh\nseed: 1\nrl: {env: Hopper-v4, algo: sac, steps: 20000}\n")
	writeFile(t, root, "cp.yaml", "name: cp\nseed: 1\nrl: {env: CartPole-v1, algo: ac, steps: 400, steps_per_epoch: 100}\n")
	fromBase := writeFile(t, root, "swh.yaml", "name: swh\nbase: base.yaml\ngrid:\n  rl.algo: [sac, stsac]\nseeds: [1]\n")
	fromGrid := writeFile(t, root, "swg.yaml", "name: swg\nbase: cp.yaml\ngrid:\n  rl.env: [CartPole-v1, Hopper-v4]\nseeds: [2]\n")
	const why = "rl.env: Hopper-v4 needs the MuJoCo physics engine, which this binary was built without: install it (apt-get install libmujoco-dev, MuJoCo 2.2.2) and build with the mujoco tag (go build -tags mujoco ./cmd/stackel)\n" +
		"this sweep's workers are this process's: run the sweep with a stackel so built, or give --workers 0 and start workers so built (stackel worker --nats URL)"
	for _, c := range []struct {
		spec, point, from string
		seed              string
	}{
		{fromBase, "rl.algo=sac", "its base base.yaml", "1"},
		{fromGrid, "rl.env=Hopper-v4", "its grid", "2"},
	} {
		_, err := execute(t, "sweep", c.spec, "--out", filepath.Join(root, "o"), "--listen", "127.0.0.1:0")
		if err == nil {
			t.Fatalf("%s: not refused", c.spec)
		}
		// The job's directory is runs/<its ID>, which the test does not
		// compute: the text around it is compared.
		prefix := c.spec + ": grid point {" + c.point + "} seed " + c.seed + " (runs/"
		suffix := "; rl.env from " + c.from + "): " + why
		got := err.Error()
		if len(got) != len(prefix)+16+len(suffix) || got[:len(prefix)] != prefix || got[len(got)-len(suffix):] != suffix {
			t.Errorf("error\n%s\nwant\n%s<16 hex digits>%s", got, prefix, suffix)
		}
	}
}
