package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// oneJobSpec is a sweep of one job that runs in well under a second.
const oneJobSpec = "name: one\nconfig:\n  name: r\n  seed: 5\n  rl: {env: CartPole-v1, algo: stac, steps: 400, steps_per_epoch: 200, hidden: [8], cg: {iters: 3, lambda: 0}}\n"

// TestSweepEmitOneJob46h: `sweep SPEC --emit slurm` of one job says so,
// not "1 jobs (array 0-0)".
func TestSweepEmitOneJob46h(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "one.yaml", oneJobSpec)
	out, err := execute(t, "sweep", "one.yaml", "--emit", "slurm", "--out", "sl")
	if err != nil {
		t.Fatal(err)
	}
	if want := "wrote sl/manifest.json and sl/sweep.sbatch: 1 job (array index 0); submit with sbatch sl/sweep.sbatch, then stackel sweep collect sl\n"; out != want {
		t.Errorf("output:\n%q\nwant\n%q", out, want)
	}
}

// dirList lists the names under dir, recursively, relative to it; nil
// when dir does not exist.
func dirList(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestSweepListenInUseWritesNothing46h: a sweep refused because its
// --listen port is in use leaves no trace: a new --out (with its new
// parent) is gone, an existing one is as it was. It held
// .nats/stackel-server.lock (and `server --store NEW` made NEW).
func TestSweepListenInUseWritesNothing46h(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "one.yaml", oneJobSpec)
	if err := os.MkdirAll("old", 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "old/keep.txt", "kept\n")
	for _, out := range []string{"new/out", "old"} {
		_, err := execute(t, "sweep", "one.yaml", "--out", out, "--listen", l.Addr().String(), "--workers", "0")
		want := "--listen " + l.Addr().String() + ": listen tcp " + l.Addr().String() + ": bind: address already in use (another stackel sweep or server? choose another address with --listen, or port 0 for a free one)"
		if err == nil || err.Error() != want {
			t.Errorf("--out %s: error %v, want %s", out, err, want)
		}
	}
	// stackel server refused for its port makes no --store either.
	if _, err := execute(t, "server", "--listen", l.Addr().String(), "--store", "store/nats"); err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Errorf("server: %v", err)
	}
	if got := strings.Join(dirList(t, dir), " "); got != "old old/keep.txt one.yaml" {
		t.Errorf("left: %s", got)
	}
}

// TestReproduceEmitSlurmChecksJobs46h: `reproduce NAME --emit slurm`
// refuses jobs this machine's run would refuse, as `reproduce NAME` and
// `sweep SPEC --emit slurm` do, before anything is written: it wrote
// manifest.json, sweep.sbatch, logs/ and reproduction.json.
func TestReproduceEmitSlurmChecksJobs46h(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("STACKEL_MAX_BUFFER", "100")
	if err := os.MkdirAll("old", 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "old/keep.txt", "kept\n")
	for _, out := range []string{"new/out", "old"} {
		_, err := execute(t, "reproduce", "stac-cartpole", "--emit", "slurm", "--out", out)
		want := "stac-cartpole: stac-m1/seed1: rl.steps_per_epoch: 4000 exceeds the limit 100 (set STACKEL_MAX_BUFFER to raise it)"
		if err == nil || err.Error() != want {
			t.Errorf("--out %s: error %v, want %s", out, err, want)
		}
	}
	if got := strings.Join(dirList(t, dir), " "); got != "old old/keep.txt" {
		t.Errorf("left: %s", got)
	}
}
