package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlotCommand: stackel plot DIR draws the runs below DIR into
// DIR/plot.png and .svg and says so on stdout; several DIRs need --out,
// an empty DIR, --x "" and an empty --y entry are refused, each with its
// message.
func TestPlotCommand(t *testing.T) {
	root := t.TempDir()
	runs := runPlotSeeds(t, root, "1", "2")
	out, err := execute(t, "plot", runs)
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(runs, "plot")
	if want := "wrote " + base + ".png, " + base + ".svg\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	for _, ext := range []string{".png", ".svg"} {
		if fi, err := os.Stat(base + ext); err != nil || fi.Size() == 0 {
			t.Errorf("%s%s: %v", base, ext, err)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plot", runs, runs}, "--out: needed with 2 directories (the figure has no one directory to go in); give --out FILE to write FILE.png and FILE.svg"},
		{[]string{"plot", ""}, "stackel plot: its argument, DIR, a run's directory or one holding runs, is empty (an unset variable?)"},
		{[]string{"plot"}, "stackel plot needs at least one argument, DIR, a run's directory or one holding runs; none given (see stackel plot --help)"},
		{[]string{"plot", runs, "--x", ""}, `--x "": an empty column name (an unset variable?); leave the flag out for the step column`},
		{[]string{"plot", runs, "--y", "f1,"}, `--y "f1,": an empty column name; give COL[,COL...], or leave the flag out for the runs' metrics`},
		{[]string{"plot", runs, "--out", ""}, `--out "": an empty path (an unset variable?); leave the flag out for its default`},
		{[]string{"plot", runs, "--y", "f9"}, `--y "f9": no run has that column; the runs' columns: f1, f2, iter, x0, y0`},
	} {
		if _, err := execute(t, c.args...); err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v, want %q", strings.Join(c.args, " "), err, c.want)
		}
	}
}

// plotDuoConfig is the plot tests' run: a duopoly of 50 iterations, a row
// every 10.
const plotDuoConfig = `name: duo
game: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}
dynamics:
  kind: stackelberg
  leader_lr: {power: {a: 1, b: 1, p: 1}}
  follower_lr: {power: {a: 1, b: 1, p: 0.6667}}
  noise: {leader: 3.1623, follower: 3.1623}
  solver: {kind: exact, lambda: 0}
iterations: 50
record_every: 10
init: {x: [10], y: [10]}
`

// runPlotSeeds runs plotDuoConfig with each of seeds into root/runs/seedS
// and returns root/runs.
func runPlotSeeds(t *testing.T, root string, seeds ...string) string {
	t.Helper()
	cfg := writeFile(t, root, "duo.yaml", plotDuoConfig)
	runs := filepath.Join(root, "runs")
	for _, s := range seeds {
		if _, err := execute(t, "run", cfg, "--seed", s, "--out", filepath.Join(runs, "seed"+s)); err != nil {
			t.Fatal(err)
		}
	}
	return runs
}
