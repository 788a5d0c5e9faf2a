//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/tmpfstest"
)

// A disk that fills before a run's first metrics row, after config.yaml
// and the (empty) metrics.csv and tb/ were made, leaves a directory that
// the same command refuses as holding a run: the run must keep its
// config.yaml there, say where what it recorded is, and continue with
// `stackel run --resume DIR` once space is freed, to the numbers of an
// uninterrupted run. Before session 48 the cleanup of a run that
// "recorded nothing" deleted config.yaml alone, leaving metrics.csv and
// tb/ that no command but --force would take (`--resume DIR`: no
// config.yaml), and a smooth run whose TensorBoard events filled the disk
// before metrics.csv was flushed lost its config.yaml beside them.
func TestFullDiskBeforeFirstRowKeepsConfig48(t *testing.T) {
	mnt := tmpfstest.Mount(t, "4k")
	dir := t.TempDir()
	writeFile(t, dir, "r.yaml", faultRL)
	o := filepath.Join(mnt, "o")
	r := runCLI(t, dir, nil, "run", "r.yaml", "--out", o, "--quiet")
	noCrash(t, "full disk", r)
	if r.exit != 1 || !strings.Contains(r.out, "write "+filepath.Join(o, "tb", "events.out.tfevents.")) ||
		!strings.Contains(r.out, "no space left on device") || !strings.Contains(r.out, "(what was recorded is in "+o+")") {
		t.Fatalf("exit %d, output %s: want the ENOSPC error naming the event file, and where the run is", r.exit, clip(r.out))
	}
	if _, err := os.Stat(filepath.Join(o, experiment.ConfigFile)); err != nil {
		t.Fatalf("config.yaml of the run that filled the disk: %v", err)
	}
	// Space freed: the run continues where it is, as the uninterrupted one.
	tmpfstest.Resize(t, mnt, "1m")
	if r := runCLI(t, dir, nil, "run", "--resume", o, "--quiet"); r.exit != 0 {
		t.Fatalf("--resume after freeing space: exit %d %s", r.exit, clip(r.out))
	}
	if r := runCLI(t, dir, nil, "run", "r.yaml", "--out", "ref", "--quiet"); r.exit != 0 {
		t.Fatal(r.out)
	}
	if got, want := metricsSansTime(t, o), metricsSansTime(t, filepath.Join(dir, "ref")); got != want {
		t.Errorf("metrics.csv after the resume:\n%s\nthe uninterrupted run's:\n%s", got, want)
	}
}
