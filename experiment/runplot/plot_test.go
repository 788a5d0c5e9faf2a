package runplot

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// duopoly is a smooth game of 50 iterations recorded every 10 (6 rows),
// noisy, so that its seeds differ; init is its leader's start.
func duopoly(name, init string) string {
	return `name: ` + name + `
game: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}
dynamics:
  kind: stackelberg
  leader_lr: {power: {a: 1, b: 1, p: 1}}
  follower_lr: {power: {a: 1, b: 1, p: 0.6667}}
  noise: {leader: 3.1623, follower: 3.1623}
  solver: {kind: exact, lambda: 0}
iterations: 50
record_every: 10
init: {x: [` + init + `], y: [10]}
`
}

// run runs config with seed into dir, as `stackel run CONFIG --seed S
// --out DIR` does.
func run(t *testing.T, config string, seed uint64, dir string) {
	t.Helper()
	cfg, err := experiment.ParseConfig([]byte(config))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed = seed
	if _, err := experiment.Run(context.Background(), cfg, experiment.RunOptions{Out: dir}); err != nil {
		t.Fatal(err)
	}
}

// column reads a column of dir/metrics.csv with strconv, apart from
// sweep.ReadColumns.
func column(t *testing.T, dir, name string) []float64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	k := -1
	for i, h := range strings.Split(lines[0], ",") {
		if h == name {
			k = i
		}
	}
	if k < 0 {
		t.Fatalf("%s has no column %s", dir, name)
	}
	var out []float64
	for _, ln := range lines[1:] {
		v, err := strconv.ParseFloat(strings.Split(ln, ",")[k], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// twoSeeds makes root/duo/seed1 and root/duo/seed2: one configuration,
// seeds 1 and 2.
func twoSeeds(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	run(t, duopoly("duo", "10"), 1, filepath.Join(root, "duo", "seed1"))
	run(t, duopoly("duo", "10"), 2, filepath.Join(root, "duo", "seed2"))
	return root
}

// TestPlotMeanSD: two runs that differ only in the seed are one series,
// named by the config's name, whose line is the mean of their columns
// and whose band is the mean ± the sample sd, |a − b|/√2 for two runs
// (to 1e-12), against the step column "iter" (the first: there is no
// "steps"), its axis named "iteration"; the default panels are the final metrics that are columns,
// f1 and f2 (x and y are lists in summary.json's final).
func TestPlotMeanSD(t *testing.T) {
	root := twoSeeds(t)
	panels, notes, err := Build(Options{Dirs: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 0 {
		t.Errorf("notes %q, want none", notes)
	}
	if len(panels) != 2 || panels[0].Column != "f1" || panels[1].Column != "f2" {
		t.Fatalf("panels %+v, want f1 and f2", panels)
	}
	a, b := filepath.Join(root, "duo", "seed1"), filepath.Join(root, "duo", "seed2")
	iter := column(t, a, "iter")
	for _, p := range panels {
		if p.XLabel != "iteration" || len(p.Series) != 1 || p.Series[0].Name != "duo" {
			t.Fatalf("panel %s: x %q, series %d (%+v), want x iteration and one series duo", p.Column, p.XLabel, len(p.Series), p.Series)
		}
		s := p.Series[0]
		ya, yb := column(t, a, p.Column), column(t, b, p.Column)
		if len(ya) != 6 || len(s.Y) != 6 || len(s.X) != 6 {
			t.Fatalf("panel %s: %d rows, series of %d (x %d), want 6", p.Column, len(ya), len(s.Y), len(s.X))
		}
		differ := false
		for i := range ya {
			mean, sd := (ya[i]+yb[i])/2, math.Abs(ya[i]-yb[i])/math.Sqrt2
			differ = differ || sd > 1
			const tol = 1e-12
			if s.X[i] != iter[i] || math.Abs(s.Y[i]-mean) > tol*math.Abs(mean) || math.Abs(s.Lo[i]-(mean-sd)) > tol*math.Abs(mean) || math.Abs(s.Hi[i]-(mean+sd)) > tol*math.Abs(mean) {
				t.Errorf("panel %s row %d: x %v y %v [%v, %v], want x %v y %v [%v, %v]", p.Column, i, s.X[i], s.Y[i], s.Lo[i], s.Hi[i], iter[i], mean, mean-sd, mean+sd)
			}
		}
		if !differ {
			t.Errorf("panel %s: the seeds' curves are alike; the test needs them apart", p.Column)
		}
	}
	// --each-seed: each run its own line, its column as it is.
	panels, _, err = Build(Options{Dirs: []string{root}, EachSeed: true, Y: []string{"x0"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(panels) != 1 || len(panels[0].Series) != 2 {
		t.Fatalf("--each-seed: %+v, want one panel of two series", panels)
	}
	for i, dir := range []string{a, b} {
		s, want := panels[0].Series[i], column(t, dir, "x0")
		if wantName := "duo seed " + strconv.Itoa(i+1); s.Name != wantName {
			t.Errorf("--each-seed series %d named %q, want %q", i, s.Name, wantName)
		}
		for k := range want {
			if s.Y[k] != want[k] || s.Lo[k] != want[k] || s.Hi[k] != want[k] {
				t.Errorf("--each-seed %s row %d: %v [%v, %v], want %v", s.Name, k, s.Y[k], s.Lo[k], s.Hi[k], want[k])
			}
		}
	}
}

// TestPlotGroups: two configurations are two series; two of the same
// name get the key they differ in; another name is that name; a run's
// job.json labels without the seed name its series.
func TestPlotGroups(t *testing.T) {
	root := twoSeeds(t)
	run(t, duopoly("duo", "20"), 1, filepath.Join(root, "duo20", "seed1"))
	run(t, duopoly("other", "30"), 1, filepath.Join(root, "other"))
	runs, _, err := FindRuns([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	gs := Groups(runs, false)
	var names []string
	var sizes []int
	for _, g := range gs {
		names, sizes = append(names, g.Name), append(sizes, len(g.Runs))
	}
	want := []string{"duo (init.x=[10])", "duo (init.x=[20])", "other"}
	if strings.Join(names, "|") != strings.Join(want, "|") || len(sizes) != 3 || sizes[0] != 2 || sizes[1] != 1 || sizes[2] != 1 {
		t.Errorf("series %q of %v runs, want %q of 2, 1, 1", names, sizes, want)
	}
	// Labels name a series (a reproduction's variant), the seed left out.
	job := `{"id": "x", "config": "c", "seed": 1, "out": "v/seed1", "labels": {"variant": "stac", "seed": "1"}, "status": "done"}`
	if err := os.WriteFile(filepath.Join(root, "other", "job.json"), []byte(job), 0o644); err != nil {
		t.Fatal(err)
	}
	runs, _, err = FindRuns([]string{filepath.Join(root, "other")})
	if err != nil {
		t.Fatal(err)
	}
	if gs := Groups(runs, true); len(gs) != 1 || gs[0].Name != "stac seed 1" {
		t.Errorf("labelled run: %+v, want one series named \"stac seed 1\"", gs)
	}
}

// TestPlotErrors: what is refused, with its message.
func TestPlotErrors(t *testing.T) {
	root := twoSeeds(t)
	empty := t.TempDir()
	for _, c := range []struct {
		name string
		opts Options
		want string
	}{
		{"no run", Options{Dirs: []string{empty}}, empty + ": no run there (no metrics.csv in it or below it)"},
		{"empty DIR", Options{Dirs: []string{""}}, `directory "": an empty path (an unset variable?)`},
		{"unknown y", Options{Dirs: []string{root}, Y: []string{"f3"}}, `--y "f3": no run has that column; the runs' columns: f1, f2, iter, x0, y0`},
		{"unknown x", Options{Dirs: []string{root}, X: "steps"}, `--x "steps": no run has that column; the runs' columns: f1, f2, iter, x0, y0`},
		{"several DIRs", Options{Dirs: []string{root, root}}, "--out: needed with 2 directories (the figure has no one directory to go in); give --out FILE to write FILE.png and FILE.svg"},
		{"a file", Options{Dirs: []string{filepath.Join(root, "duo", "seed1", "metrics.csv")}}, filepath.Join(root, "duo", "seed1", "metrics.csv") + ": not a directory; give a run's directory (the one holding metrics.csv) or one holding runs"},
	} {
		_, err := Plot(c.opts)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// TestPlotLeftOut: a series with a NaN past its first row, a run without
// the column, and on a log axis a series reaching zero are left out of
// their panels, each said in a note; a panel left with no series is left
// out, and a figure with none is an error.
func TestPlotLeftOut(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string) { writeMetrics(t, root, rel, body) }
	write("a", "steps,loss,gap\n1,NaN,1\n2,Inf,0.5\n")
	write("b", "steps,loss,gap\n1,2,0\n2,1,0\n")
	write("c", "steps,loss\n1,3\n2,4\n")
	write("tb", "steps,loss\n1,3\n2,4\n") // a run's TensorBoard folder: not walked
	panels, notes, err := Build(Options{Dirs: []string{root}, Y: []string{"loss", "gap"}, LogY: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`panel loss: series "` + filepath.ToSlash(filepath.Join(root, "a")) + `" left out: a value of "loss" is not finite (NaN or ±Inf, or none yet in the column's opening rows)`,
		`panel gap: series "` + filepath.ToSlash(filepath.Join(root, "b")) + `" left out of the log axis: its mean reaches zero or below`,
		"panel gap: " + filepath.Join(root, "c") + ` left out: it has no column "gap"`,
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes\n%s\nwant\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
	if len(panels) != 2 || len(panels[0].Series) != 2 || len(panels[1].Series) != 1 || panels[1].Series[0].Y[1] != 0.5 {
		t.Errorf("panels %+v, want loss of b and c, gap of a", panels)
	}
	if _, _, err := Build(Options{Dirs: []string{filepath.Join(root, "a")}, Y: []string{"loss"}}); err == nil || !strings.HasPrefix(err.Error(), "nothing to draw: every series was left out (panel loss: series") {
		t.Errorf("a figure of no series: %v, want nothing to draw", err)
	}
}

// TestPlotFiles: Plot writes DIR/plot.png (a PNG of the default size, two
// panels side by side: 1800×600) and DIR/plot.svg, and --out FILE.png
// writes FILE.png and FILE.svg.
func TestPlotFiles(t *testing.T) {
	root := twoSeeds(t)
	for _, c := range []struct {
		opts Options
		base string
		w, h int
	}{
		{Options{Dirs: []string{root}}, filepath.Join(root, "plot"), 1800, 600},
		{Options{Dirs: []string{root, root}, Out: filepath.Join(root, "f.png"), Y: []string{"x0"}, Title: "leader"}, filepath.Join(root, "f"), 900, 600},
	} {
		res, err := Plot(c.opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Files) != 2 || res.Files[0] != c.base+".png" || res.Files[1] != c.base+".svg" {
			t.Fatalf("files %q, want %s.png and .svg", res.Files, c.base)
		}
		f, err := os.Open(res.Files[0])
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h {
			t.Errorf("%s is %d×%d, want %d×%d", res.Files[0], b.Dx(), b.Dy(), c.w, c.h)
		}
		svg, err := os.ReadFile(res.Files[1])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(svg, []byte("<svg")) || !bytes.HasSuffix(bytes.TrimSpace(svg), []byte("</svg>")) {
			t.Errorf("%s is not a whole SVG", res.Files[1])
		}
	}
}

// writeMetrics writes body as the metrics.csv of the run directory rel
// below root, making the directory.
func writeMetrics(t *testing.T, root, rel, body string) {
	t.Helper()
	d := filepath.Join(root, rel)
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, "metrics.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
