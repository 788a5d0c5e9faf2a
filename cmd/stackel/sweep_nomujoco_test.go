//go:build !mujoco

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// hopperSpec is a sweep of one MuJoCo job.
const hopperSpec = `name: hop
config:
  name: hop
  rl: {env: Hopper-v4, algo: ddpg, steps: 10000}
seeds: [1]
`

// A sweep of MuJoCo jobs in a build without the engine: with this
// process's workers (the default) it is refused before anything starts,
// saying how to build one and how to let other workers run it; with
// --workers 0 it is queued, and a worker of this build that joins hands
// the job back (no attempt used), both logs saying why it waits.
func TestSweepMuJoCoWithoutEngine(t *testing.T) {
	root := t.TempDir()
	spec := writeFile(t, root, "hop.yaml", hopperSpec)
	refused := filepath.Join(root, "refused")
	_, err := execute(t, "sweep", spec, "--out", refused, "--listen", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "Hopper-v4 needs the MuJoCo physics engine") || !strings.Contains(err.Error(), "-tags mujoco") || !strings.Contains(err.Error(), "--workers 0") {
		t.Fatalf("sweep of a MuJoCo job with local workers only: %v", err)
	}
	if _, err := os.Stat(filepath.Join(refused, sweep.ManifestFile)); err == nil {
		t.Error("the refused sweep wrote a manifest: it started")
	}

	sw := startStackel(t, "sweep", spec, "--out", filepath.Join(root, "queued"), "--workers", "0", "--listen", "127.0.0.1:0")
	var url string
	urlRE := regexp.MustCompile(`listening at (nats://127\.0\.0\.1:\d+)`)
	waitUntil(t, 30*time.Second, "the sweep's server URL", func() bool {
		if m := urlRE.FindStringSubmatch(sw.output()); m != nil {
			url = m[1]
		}
		return url != ""
	})
	wk := startStackel(t, "worker", "--nats", url)
	waitUntil(t, 30*time.Second, "the worker to hand the job back", func() bool {
		return strings.Contains(wk.output(), "left hop ") && strings.Contains(wk.output(), "-tags mujoco")
	})
	waitUntil(t, 30*time.Second, "the sweep to say what the job waits for", func() bool {
		return strings.Contains(sw.output(), "waits for another worker: worker ") && strings.Contains(sw.output(), "-tags mujoco")
	})
	status, err := execute(t, "sweep", "status", "--nats", url, "hop")
	if err != nil || !strings.Contains(status, "queued    attempts 0") || !strings.Contains(status, "waiting: worker ") {
		t.Errorf("sweep status: %v\n%s", err, status)
	}
	if strings.Contains(wk.output(), "started hop") || strings.Contains(sw.output(), "failed") {
		t.Errorf("the job was attempted:\nworker:\n%s\nsweep:\n%s", wk.output(), sw.output())
	}
}

// A Slurm array of MuJoCo jobs can be written from any build (its nodes
// have their own); a task run by a binary without the engine fails
// without recording the job, so a node that has the engine runs it later.
func TestSlurmMuJoCoWithoutEngine(t *testing.T) {
	root := t.TempDir()
	spec := writeFile(t, root, "hop.yaml", hopperSpec)
	out := filepath.Join(root, "slurm")
	if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", out); err != nil {
		t.Fatal(err)
	}
	man, err := sweep.ReadManifest(filepath.Join(out, sweep.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	_, err = execute(t, "run", "--manifest", filepath.Join(out, sweep.ManifestFile), "--index", "0", "--quiet")
	if err == nil || !strings.Contains(err.Error(), "job 0 ("+man.Jobs[0].ID+", ") || !strings.Contains(err.Error(), "-tags mujoco") {
		t.Fatalf("array task without the engine: %v", err)
	}
	if _, err := os.Stat(man.Jobs[0].OutDir(out)); !os.IsNotExist(err) {
		t.Errorf("the job was recorded (%v): a node with the engine would not run it", err)
	}
}
