package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlotNaNLastRowNoted56fig: stackel plot of a run whose column's last
// row is NaN (a diverged run's failing row) draws it and says on stderr
// that the row is drawn at the last finite value and at which iteration
// that value is; stdout is the usual line alone.
func TestPlotNaNLastRowNoted56fig(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(runPlotSeeds(t, root, "1"), "seed1")
	path := filepath.Join(dir, "metrics.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "iter,x0,y0,f1,f2" || !strings.HasPrefix(lines[len(lines)-1], "50,") {
		t.Fatalf("metrics.csv: header %q, last row %q", lines[0], lines[len(lines)-1])
	}
	f := strings.Split(lines[len(lines)-1], ",")
	f[3] = "NaN" // f1
	lines[len(lines)-1] = strings.Join(f, ",")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := newRootCmd()
	var stdout, stderr bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SetArgs([]string{"plot", dir, "--y", "f1"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "plot")
	if want := "wrote " + base + ".png, " + base + ".svg\n"; stdout.String() != want {
		t.Errorf("stdout %q, want %q", stdout.String(), want)
	}
	if want := "plot: panel f1: " + dir + ": NaN in its last row (iter 50): drawn there at its last finite value, that of iter 40\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}
