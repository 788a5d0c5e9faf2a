package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment/sweep"
)

// oneDuopolySweep is a sweep spec of two smooth jobs (its base inline).
const oneDuopolySweep = "name: duo-sweep\nconfig: {game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 20}\nseeds: [1, 2]\n"

// TestSweepAndReproductionKeepOutApart: a sweep refuses a reproduction's
// directory and a reproduction a sweep's, naming it, and the other's
// manifest.json and report.md stay as they were. Before, `sweep --emit
// slurm` into a directory where hic-cournot was emitted replaced the
// manifest its array tasks read, a sweep run there replaced its
// report.md, and a reproduction run or emitted into a sweep's directory
// replaced the sweep's report.md or manifest.json, all without a word.
func TestSweepAndReproductionKeepOutApart(t *testing.T) {
	root := t.TempDir()
	spec := writeFile(t, root, "s.yaml", oneDuopolySweep)
	rep, emitted, ran := filepath.Join(root, "rep"), filepath.Join(root, "emitted"), filepath.Join(root, "ran")
	if _, err := execute(t, "reproduce", "hic-cournot", "--quick", "--seeds", "1", "--emit", "slurm", "--out", rep); err != nil {
		t.Fatal(err)
	}
	if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", emitted); err != nil {
		t.Fatal(err)
	}
	// A sweep's report.md and sweep.json, as `sweep collect` writes them.
	if _, err := execute(t, "sweep", "collect", emitted); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(ran, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"sweep.json", "report.md"} {
		b, err := os.ReadFile(filepath.Join(emitted, f))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, ran, f, string(b))
	}
	snapshot := func() map[string][]byte {
		m := map[string][]byte{}
		for _, d := range []string{rep, emitted, ran} {
			for _, f := range []string{sweep.ManifestFile, "report.md", sweep.SbatchFile} {
				b, _ := os.ReadFile(filepath.Join(d, f))
				m[filepath.Join(d, f)] = b
			}
		}
		return m
	}
	before := snapshot()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", spec, "--emit", "slurm", "--out", rep},
			rep + " holds the reproduction hic-cournot (reproduction.json), whose manifest.json, report.md and sweep.sbatch a sweep's would replace: use another output directory"},
		{[]string{"sweep", spec, "--out", rep, "--listen", "127.0.0.1:0"},
			rep + " holds the reproduction hic-cournot (reproduction.json), whose manifest.json, report.md and sweep.sbatch a sweep's would replace: use another output directory"},
		{[]string{"reproduce", "hic-cournot", "--quick", "--seeds", "1", "--emit", "slurm", "--out", emitted},
			"hic-cournot: " + emitted + " holds a sweep (sweep.json), whose report.md hic-cournot would replace: use another output directory"},
		{[]string{"reproduce", "hic-cournot", "--quick", "--seeds", "1", "--out", ran, "--quiet"},
			"hic-cournot: " + ran + " holds a sweep (sweep.json), whose report.md hic-cournot would replace: use another output directory"},
	} {
		_, err := execute(t, c.args...)
		if err == nil || err.Error() != c.want {
			t.Errorf("%v:\n got %v\nwant %s", c.args, err, c.want)
		}
	}
	// An emitted sweep not yet collected (manifest.json only).
	if err := os.Remove(filepath.Join(emitted, "sweep.json")); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "reproduce", "hic-cournot", "--quick", "--seeds", "1", "--emit", "slurm", "--out", emitted)
	if want := "hic-cournot: " + emitted + " holds the sweep duo-sweep (manifest.json), whose manifest and sweep.sbatch hic-cournot would replace: use another output directory"; err == nil || err.Error() != want {
		t.Errorf("reproduce --emit into an emitted sweep:\n got %v\nwant %s", err, want)
	}
	for path, b := range snapshot() {
		if !bytes.Equal(b, before[path]) {
			t.Errorf("%s changed", path)
		}
	}
	// Each may still run again into its own directory.
	if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", emitted); err != nil {
		t.Errorf("the sweep emitted again: %v", err)
	}
	if _, err := execute(t, "reproduce", "hic-cournot", "--quick", "--seeds", "1", "--emit", "slurm", "--out", rep); err != nil {
		t.Errorf("the reproduction emitted again: %v", err)
	}
}
