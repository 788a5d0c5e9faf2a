package runplot

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// copyDir copies the files of the run directory src (no subdirectories)
// to dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	es, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkTwoSeedBand asserts that s is the mean ± sd of column col of the
// runs a and b, |a − b|/√2 for the sd (to 1e-12 relative).
func checkTwoSeedBand(t *testing.T, what string, s []float64, lo, hi []float64, a, b, col string) {
	t.Helper()
	ya, yb := column(t, a, col), column(t, b, col)
	if len(s) != len(ya) {
		t.Fatalf("%s: %d rows, want %d", what, len(s), len(ya))
	}
	for i := range ya {
		mean, sd := (ya[i]+yb[i])/2, math.Abs(ya[i]-yb[i])/math.Sqrt2
		const tol = 1e-12
		if math.Abs(s[i]-mean) > tol*math.Abs(mean) || math.Abs(lo[i]-(mean-sd)) > tol*math.Abs(mean) || math.Abs(hi[i]-(mean+sd)) > tol*math.Abs(mean) {
			t.Errorf("%s row %d: %v [%v, %v], want %v [%v, %v]", what, i, s[i], lo[i], hi[i], mean, mean-sd, mean+sd)
		}
	}
}

// TestReview49RunsReadOnce: a directory given twice, or a run's
// directory given beside the one holding it, is one run each, not two
// (the mean ± sd of the two seeds, |a − b|/√2, not the sd of four values
// counting each twice, which is smaller); the DIR whose runs were all
// read before is said in a note.
func TestReview49RunsReadOnce(t *testing.T) {
	root := twoSeeds(t)
	a, b := filepath.Join(root, "duo", "seed1"), filepath.Join(root, "duo", "seed2")
	for _, dirs := range [][]string{{root, root}, {root, filepath.Join(root, "duo")}, {root, a}} {
		panels, notes, err := Build(Options{Dirs: dirs, Y: []string{"f1"}})
		if err != nil {
			t.Fatal(err)
		}
		want := dirs[1] + ": its runs were read already (a directory given twice, or below another given); each is drawn once"
		if len(notes) != 1 || notes[0] != want {
			t.Errorf("%q: notes %q, want %q", dirs, notes, want)
		}
		if len(panels) != 1 || len(panels[0].Series) != 1 {
			t.Fatalf("%q: panels %+v, want one series", dirs, panels)
		}
		s := panels[0].Series[0]
		checkTwoSeedBand(t, strings.Join(dirs, " "), s.Y, s.Lo, s.Hi, a, b, "f1")
	}
}

// TestReview49CopyCountedOnce: a copy of a run's directory (the same
// configuration and seed) is left out of its series with a note naming
// both; the band is the two seeds' mean ± sd (to 1e-12).
func TestReview49CopyCountedOnce(t *testing.T) {
	root := twoSeeds(t)
	a, b := filepath.Join(root, "duo", "seed1"), filepath.Join(root, "duo", "seed2")
	cp := filepath.Join(root, "zcopy", "seed1")
	copyDir(t, a, cp)
	panels, notes, err := Build(Options{Dirs: []string{root}, Y: []string{"f2"}})
	if err != nil {
		t.Fatal(err)
	}
	want := cp + " left out: the same configuration and seed (1) as " + a + ", a copy of that run"
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("notes %q, want %q", notes, want)
	}
	if len(panels) != 1 || len(panels[0].Series) != 1 {
		t.Fatalf("panels %+v, want one series", panels)
	}
	s := panels[0].Series[0]
	checkTwoSeedBand(t, "f2", s.Y, s.Lo, s.Hi, a, b, "f2")
	// --each-seed draws every run found, the copy too.
	panels, _, err = Build(Options{Dirs: []string{root}, Y: []string{"f2"}, EachSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(panels) != 1 || len(panels[0].Series) != 3 {
		t.Errorf("--each-seed: %+v, want three lines", panels)
	}
}

// TestReview49SeriesKey: seriesKey is equal for two runs exactly when
// sameSeries holds (so grouping by it, in one pass, groups as comparing
// each run with each series did): configurations differing in the seed,
// rl.threads or the case of rl.algo are one series; in a parameter, the
// name, or game.markov's path, two; labels without a config by their
// values; a run with neither has no key.
func TestReview49SeriesKey(t *testing.T) {
	cfg := func(text string, seed uint64) *experiment.Config {
		c, err := experiment.ParseConfig([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		c.Seed = seed
		c.Seed = 0 // as readRun clears it
		return c
	}
	rl := func(algo string, threads int) string {
		return "name: r\nrl: {env: CartPole-v1, algo: " + algo + ", steps: 2000, threads: " + strconv.Itoa(threads) + "}\n"
	}
	runs := []Run{
		{Config: cfg(duopoly("duo", "10"), 1)},
		{Config: cfg(duopoly("duo", "10"), 2)},
		{Config: cfg(duopoly("duo", "20"), 1)},
		{Config: cfg(duopoly("other", "10"), 1)},
		{Config: cfg(rl("stac", 1), 1)},
		{Config: cfg(rl("STAC", 2), 1)},
		{Config: cfg(rl("ac", 1), 1)},
		{Labels: map[string]string{"variant": "stac", "env": "x"}},
		{Labels: map[string]string{"variant": "stac", "env": "x"}},
		{Labels: map[string]string{"variant": "stac=env", "env": ""}},
		{Labels: map[string]string{"variant": "stac", "env=": ""}},
	}
	for i := range runs {
		ki, oki := seriesKey(runs[i])
		if !oki {
			t.Fatalf("run %d has no key", i)
		}
		for j := range runs {
			kj, _ := seriesKey(runs[j])
			if (ki == kj) != sameSeries(runs[i], runs[j]) {
				t.Errorf("runs %d and %d: keys equal %v, sameSeries %v", i, j, ki == kj, sameSeries(runs[i], runs[j]))
			}
		}
	}
	if _, ok := seriesKey(Run{Dir: "x"}); ok {
		t.Error("a run without config or labels has a key")
	}
	gs := Groups(runs, false)
	var sizes []int
	for _, g := range gs {
		sizes = append(sizes, len(g.Runs))
	}
	if len(sizes) != 8 || sizes[0] != 2 || sizes[3] != 2 || sizes[5] != 2 {
		t.Errorf("group sizes %v, want 2 1 1 2 1 2 1 1", sizes)
	}
}

// TestReview49XApart: --x a column whose values differ between the seeds
// (the leader's x0) leaves the series out, naming the first row where
// they differ: the mean over seeds at a row was drawn at the longest
// run's x; --each-seed draws each run against its own x.
func TestReview49XApart(t *testing.T) {
	root := twoSeeds(t)
	a, b := filepath.Join(root, "duo", "seed1"), filepath.Join(root, "duo", "seed2")
	xa, xb := column(t, a, "x0"), column(t, b, "x0")
	row := 0
	for row < len(xa) && xa[row] == xb[row] {
		row++
	}
	if row == len(xa) {
		t.Fatal("the seeds' x0 are alike; the test needs them apart")
	}
	_, notes, err := Build(Options{Dirs: []string{root}, Y: []string{"f1"}, X: "x0"})
	if err == nil {
		t.Fatal("no error; want nothing to draw")
	}
	want := "panel f1: series \"duo\" left out: its runs' x values differ (row " + strconv.Itoa(row+1) + ": " + fmt.Sprint(xa[row]) + " in " + a + ", " + fmt.Sprint(xb[row]) + " in " + b + "), so no mean over them is drawn at one x; --each-seed draws each run"
	if len(notes) < 1 || notes[0] != want {
		t.Errorf("notes %q, want first %q", notes, want)
	}
	panels, _, err := Build(Options{Dirs: []string{root}, Y: []string{"f1"}, X: "x0", EachSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(panels) != 1 || len(panels[0].Series) != 2 || panels[0].Series[1].X[row] != xb[row] {
		t.Errorf("--each-seed: %+v, want two lines, the second at seed 2's x0", panels)
	}
}

// TestReview49Messages: a column 10 000 bytes long, or holding an ESC, is
// cut and escaped in the list of the runs' columns; an empty metrics.csv
// says the runs have none; --y naming a column twice draws it once;
// --out naming no file is refused naming --out; a DIR whose only
// metrics.csv is not a regular file says so in its error.
func TestReview49Messages(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string) string {
		d := filepath.Join(root, rel)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "metrics.csv"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return d
	}
	long := strings.Repeat("c", 10000)
	d := write("long", "steps,a\x1bb,"+long+"\n1,2,3\n2,3,4\n")
	_, _, err := Build(Options{Dirs: []string{d}, Y: []string{"q"}})
	want := `--y "q": no run has that column; the runs' columns: "a\x1bb", "` + strings.Repeat("c", 39) + `…, steps`
	if err == nil || err.Error() != want {
		t.Errorf("long column: %v, want %q", err, want)
	}
	e := write("empty", "")
	_, _, err = Build(Options{Dirs: []string{e}, Y: []string{"q"}})
	want = `--y "q": no run has that column; the runs' columns: none (their metrics.csv are empty)`
	if err == nil || err.Error() != want {
		t.Errorf("empty file: %v, want %q", err, want)
	}
	ok := write("ok", "steps,x\n1,2\n2,3\n")
	panels, _, err := Build(Options{Dirs: []string{ok}, Y: []string{"x", "x"}})
	if err != nil || len(panels) != 1 {
		t.Errorf("--y x,x: %d panels (%v), want one", len(panels), err)
	}
	for _, out := range []string{".png", filepath.Join(root, "d") + string(os.PathSeparator), filepath.Join(root, "d", ".svg")} {
		_, err := Plot(Options{Dirs: []string{ok}, Y: []string{"x"}, Out: out})
		if err == nil || !strings.HasPrefix(err.Error(), "--out ") || !strings.Contains(err.Error(), ": names no file (a directory, or only an extension)") {
			t.Errorf("--out %q: %v, want names no file", out, err)
		}
	}
	link := filepath.Join(root, "link")
	if err := os.MkdirAll(link, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(ok, "metrics.csv"), filepath.Join(link, "metrics.csv")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	_, _, err = Build(Options{Dirs: []string{link}, Y: []string{"x"}})
	want = link + ": no run there to read (" + filepath.Join(link, "metrics.csv") + ": not a regular file; left out)"
	if err == nil || err.Error() != want {
		t.Errorf("only a symlink: %v, want %q", err, want)
	}
}

// TestReview49RowErrorCut: a metrics.csv row of 10 000 bytes, or a field
// that is not a number holding an ESC, is quoted cut and escaped in the
// error (sweep.ReadColumns quoted it whole: a 10 KB message, the ESC raw).
func TestReview49RowErrorCut(t *testing.T) {
	root := t.TempDir()
	nines := strings.Repeat("9", 10000)
	for _, c := range []struct{ body, want string }{
		{"steps,x\n1,2," + nines + "\n", `: row "1,2,` + strings.Repeat("9", 75) + `… has 3 fields, want 2`},
		{"steps,x\n1,\x1b[31m" + nines + "\n", `: "\x1b[31m` + strings.Repeat("9", 31) + `… is not a number`},
	} {
		d := filepath.Join(root, strconv.Itoa(len(c.body)))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "metrics.csv"), []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := Build(Options{Dirs: []string{d}, Y: []string{"x"}})
		if want := filepath.Join(d, "metrics.csv") + c.want; err == nil || err.Error() != want {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}

// TestReview49MissingOneNote: runs of three kinds under one DIR (their
// columns differ) make one note per panel for the runs without its
// column, naming three and counting the rest, not a line per run; a
// column holding an ESC is escaped in the panel's name.
func TestReview49MissingOneNote(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string) { writeMetrics(t, root, rel, body) }
	for i := 1; i <= 5; i++ {
		write("game/s"+strconv.Itoa(i), "iter,f1\n0,1\n1,2\n")
	}
	write("rl/s1", "epoch,steps,avg_return,a\x1bb\n1,10,3,1\n2,20,4,1\n")
	_, notes, err := Build(Options{Dirs: []string{root}, Y: []string{"a\x1bb"}})
	if err != nil {
		t.Fatal(err)
	}
	g := func(i int) string { return filepath.Join(root, "game", "s"+strconv.Itoa(i)) }
	want := `panel "a\x1bb": 5 runs left out: they have no column "a\x1bb" (` + g(1) + ", " + g(2) + ", " + g(3) + " and 2 more)"
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("notes %q, want %q", notes, want)
	}
}
