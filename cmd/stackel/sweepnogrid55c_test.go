//go:build !mujoco

package main

import (
	"path/filepath"
	"testing"
)

// TestSweepNoGridNamesSeed55c: a sweep spec without a grid whose MuJoCo
// job this build cannot run names the job by its seed, not by "grid
// point {base}", and says how to build stackel with the engine once (the
// second line said "build stackel with -tags mujoco" again).
func TestSweepNoGridNamesSeed55c(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "base.yaml", "name: swh\nseed: 1\nrl: {env: Hopper-v4, algo: sac, steps: 20000}\n")
	spec := writeFile(t, root, "swn.yaml", "name: swn\nbase: base.yaml\nseeds: [4]\n")
	_, err := execute(t, "sweep", spec, "--out", filepath.Join(root, "o"), "--listen", "127.0.0.1:0")
	if err == nil {
		t.Fatal("not refused")
	}
	prefix := spec + ": seed 4 (runs/"
	suffix := "; rl.env from its base base.yaml): rl.env: Hopper-v4 needs the MuJoCo physics engine, which this binary was built without: install it (apt-get install libmujoco-dev, MuJoCo 2.2.2) and build with the mujoco tag (go build -tags mujoco ./cmd/stackel)\n" +
		"this sweep's workers are this process's: run the sweep with a stackel so built, or give --workers 0 and start workers so built (stackel worker --nats URL)"
	got := err.Error()
	if len(got) != len(prefix)+16+len(suffix) || got[:len(prefix)] != prefix || got[len(got)-len(suffix):] != suffix {
		t.Errorf("error\n%s\nwant\n%s<16 hex digits>%s", got, prefix, suffix)
	}
}
