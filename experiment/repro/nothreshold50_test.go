package repro

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// walkerReport50 copies the committed stac-walker2d-1m runs (Walker2d-v4,
// a task without a reward threshold, 2 seeds), lets edit change them,
// writes the report again (--report-only) and returns the task's
// report.md.
func walkerReport50(t *testing.T, edit func(task string)) string {
	t.Helper()
	dir := t.TempDir()
	if err := copyTree(filepath.Join("..", "..", "results", "stac-walker2d-1m"), dir); err != nil {
		t.Fatal(err)
	}
	task := filepath.Join(dir, "Walker2d-v4")
	edit(task)
	r, err := Lookup("stac-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Execute(context.Background(), Options{Out: dir, Seeds: 2, Envs: []string{"Walker2d-v4"}, ReportOnly: true}); err != nil {
		t.Fatal(err)
	}
	return readReport(t, task)
}

// TestNoThresholdNoReached50: on a task without a reward threshold
// (Walker2d-v4) the table said that every run "reached" it on 0 of its
// seeds ("0/2") and wrote each finished seed's cell "—", which the note
// beside it read as "never within the run": a count of a threshold that
// does not exist, quotable as "no run reached the threshold". The table
// now has no "reached" column there and each seed's cell says the run's
// state (finished, failed at N, unfinished, not run); the means, sds and
// intervals are unchanged (the committed values, 147 ± 74 etc.).
func TestNoThresholdNoReached50(t *testing.T) {
	md := walkerReport50(t, func(string) {})
	for _, want := range []string{
		"| algorithm | seed 1 | seed 2 | final (mean ± sd) [95% CI] | over the run (mean ± sd) [95% CI] | steps/s (mean) |\n",
		"| STAC (m = 1) | finished | finished | 147 ± 74 [-513, 808] | 166 ± 41 [-203, 535] | 3396 |\n",
		"| AC (m = 80) | finished | finished | 57 ± 92 [-766, 880] | 114.1 ± 8.4 [39.0, 189.2] | 4571 |\n",
		"\nThe task has no reward threshold: each seed's cell gives the state of its run",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	for _, bad := range []string{"reached", "0/2", "| STAC (m = 1) | — |", "first crossed the threshold", "steps to the threshold"} {
		if strings.Contains(md, bad) {
			t.Errorf("report.md of a task without a threshold has %q:\n%s", bad, md)
		}
	}

	// A seed not run is said so; the other's statistics stand alone.
	md = walkerReport50(t, func(task string) {
		if err := os.RemoveAll(filepath.Join(task, "ac-m80", "seed2")); err != nil {
			t.Fatal(err)
		}
	})
	if want := "| AC (m = 80) | finished | not run | "; !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
	for _, bad := range []string{"reached", "steps to the threshold"} {
		if strings.Contains(md, bad) {
			t.Errorf("report.md of a task without a threshold has %q:\n%s", bad, md)
		}
	}
}

// TestRLNoteSaysSampleSD50: the table's "mean ± sd" did not say which
// standard deviation it is; MeanSD's is the sample one (n − 1), and the
// note now says so: of the committed STDDPG-AL final test returns, the
// report's −162 ± 22 (21.8) is the sample sd (the population sd, n in the
// denominator, is 21.8·√(4/5) = 19.5).
func TestRLNoteSaysSampleSD50(t *testing.T) {
	md, _ := pendulumWith45(t, 5, func(string) {})
	for _, want := range []string{
		"| STDDPG-AL | 4000 | 8000 | 4000 | 12000 | 12000 | 5/5 | -162 ± 22 [-189, -135] |",
		"Statistics are over 5 seeds per algorithm; sd is the sample standard deviation (n − 1 in the denominator); [95% CI] is the t interval of the mean (mean ± t·sd/√n).",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
}

// TestRLOneVariantNoSecondTable50: with one variant (--variants ddpg)
// there is no reference to test against and no second table, but the
// note said "The second table tests each algorithm against DDPG".
func TestRLOneVariantNoSecondTable50(t *testing.T) {
	dir := t.TempDir()
	if err := copyTree(filepath.Join("..", "..", "results", "stddpg-pendulum"), dir); err != nil {
		t.Fatal(err)
	}
	r, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Execute(context.Background(), Options{Out: dir, Seeds: 5, Variants: []string{"ddpg"}, ReportOnly: true}); err != nil {
		t.Fatal(err)
	}
	md := readReport(t, dir)
	if !strings.Contains(md, "| DDPG | 4000 | 8000 | 4000 | 4000 | 12000 | 5/5 | -161 ± 25 [-192, -130] |") {
		t.Errorf("report.md lacks DDPG's row:\n%s", md)
	}
	for _, bad := range []string{"second table", "Mann–Whitney"} {
		if strings.Contains(md, bad) {
			t.Errorf("report.md of one variant has %q:\n%s", bad, md)
		}
	}
}

// TestOligopolyErrorBesideVerdict50: the oligopoly table printed the
// largest error with two significant digits beside its verdict "within
// 1e-3", so an error of 0.00104 printed "0.001 | false" (and 0.0010004
// the same): a value at the bound said to be beyond it. The leader's
// quantity of seed 1 is set to its closed form 24.5 + 0.00104; the cell
// now carries the digits that show it beyond the bound, "0.00104". A
// value within it keeps two digits (the followers' errors, below 1e-3).
func TestOligopolyErrorBesideVerdict50(t *testing.T) {
	src := runQuick(t, "stackelberg-oligopoly")
	dir := t.TempDir()
	if err := copyTree(src, dir); err != nil {
		t.Fatal(err)
	}
	r, err := Lookup("stackelberg-oligopoly")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Out: dir, Quick: true, ReportOnly: true}
	jobs, err := r.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	// The first job: seed 1 of the first case (leader + 3 Nash followers).
	path := filepath.Join(dir, jobs[0].Out, "summary.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	x := sum["X"].([]any)
	x[0] = []any{24.5 + 0.00104}
	b, err = json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	md := readReport(t, dir)
	if want := " | 0.00104 | false |\n"; !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
	if strings.Contains(md, " | 0.001 | false |") {
		t.Errorf("report.md prints an error beyond 1e-3 as 0.001:\n%s", md)
	}
}

// TestFormatWithin50: a value beside a "within bound" verdict prints on
// the verdict's side of the bound, with the fewest digits from prec on.
func TestFormatWithin50(t *testing.T) {
	for _, tc := range []struct {
		v, bound float64
		prec     int
		want     string
	}{
		{0.00104, 1e-3, 2, "0.00104"},     // "0.001" beside false before
		{0.0010004, 1e-3, 2, "0.0010004"}, // as many digits as it takes
		{0.000996, 1e-3, 2, "0.001"},      // within, printed at the bound: on its side
		{1e-3, 1e-3, 2, "0.001"},          // at the bound: within
		{1.7e-14, 1e-3, 2, "1.7e-14"},
		{1.00004, 1.0, 4, "1.00004"}, // the duopoly's bound, "1" before
		{0.99996, 1.0, 4, "1"},
		{0.5, 1.0, 4, "0.5"},
	} {
		if got := formatWithin(tc.v, tc.bound, tc.prec); got != tc.want {
			t.Errorf("formatWithin(%v, %v, %d) = %q, want %q", tc.v, tc.bound, tc.prec, got, tc.want)
		}
	}
}

// TestRankTableSaysMultiplicity50: the rank-test table calls each row
// "significant" at the 5% level on its own, and said nothing of the
// table's number of tests: the committed stac-cartpole table has six
// (two algorithms × three statistics of the same runs), five of them
// "significant" (p = 0.0317, 0.0079, 0.0079, 0.0079, 0.0159), which a
// reader may quote as five findings at 5% each. The note now says the
// rows are not corrected for their number, and how many of the
// significant ones stay below Bonferroni's 0.05/6 = 0.00833: the three
// at 2/252 = 0.0079.
func TestRankTableSaysMultiplicity50(t *testing.T) {
	dir := t.TempDir()
	if err := copyTree(filepath.Join("..", "..", "results", "stac-cartpole"), dir); err != nil {
		t.Fatal(err)
	}
	r, err := Lookup("stac-cartpole")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Execute(context.Background(), Options{Out: dir, Seeds: 5, ReportOnly: true}); err != nil {
		t.Fatal(err)
	}
	md := readReport(t, dir)
	want := " Each row is a test on its own at the 5% level, not corrected for the table's 6 tests (of the same runs): " +
		"at Bonferroni's level for 6 tests, 0.05/6 = 0.00833, 3 of the 5 rows called significant remain so."
	if !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
	// A table without a significant row has nothing to correct: the
	// committed stddpg-pendulum table (no row below 0.05) says nothing.
	md, _ = pendulumWith45(t, 5, func(string) {})
	if strings.Contains(md, "Bonferroni") {
		t.Errorf("a table without a significant row speaks of a correction:\n%s", md)
	}
}

// TestMultiplicityNote50: the note's count against 0.05/n for each case.
func TestMultiplicityNote50(t *testing.T) {
	for _, tc := range []struct {
		n    int
		sig  []float64
		want string
	}{
		{6, nil, ""},
		{1, []float64{0.01}, ""}, // one test: nothing to correct
		// The committed Ant-v4 table: DDPG over STDDPG-AL at the end,
		// p = 0.0159 (4/252), one of six tests: above 0.05/6.
		{6, []float64{4.0 / 252}, " Each row is a test on its own at the 5% level, not corrected for the table's 6 tests (of the same runs): at Bonferroni's level for 6 tests, 0.05/6 = 0.00833, the row called significant does not."},
		{6, []float64{2.0 / 252}, " Each row is a test on its own at the 5% level, not corrected for the table's 6 tests (of the same runs): at Bonferroni's level for 6 tests, 0.05/6 = 0.00833, the row called significant remains so."},
		{3, []float64{0.02, 0.01, 0.04}, " Each row is a test on its own at the 5% level, not corrected for the table's 3 tests (of the same runs): at Bonferroni's level for 3 tests, 0.05/3 = 0.0167, 1 of the 3 rows called significant remains so."},
	} {
		if got := multiplicityNote(tc.n, tc.sig); got != tc.want {
			t.Errorf("multiplicityNote(%d, %v) = %q, want %q", tc.n, tc.sig, got, tc.want)
		}
	}
}

// TestReachedSaysUnknownSeeds50: "reached" counted k of all n seeds,
// and a seed not run (--report-only) or still unfinished below the
// threshold counted as one that did not reach it: with STDDPG-AL's seed 5
// removed the committed pendulum set read "4/5", as if one of five runs
// had never reached −200 (every run that ran did). The cell now says how
// many seeds have no outcome yet: "4/5 (1 not run)"; DDPG's seed 5, cut
// after 8000 steps (it reached −200 at 12 000), "4/5 (1 unfinished)". A
// complete set's cells are unchanged ("5/5").
func TestReachedSaysUnknownSeeds50(t *testing.T) {
	md, _ := pendulumWith45(t, 5, func(dir string) {
		if err := os.RemoveAll(filepath.Join(dir, "stddpg-al", "seed5")); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "ddpg", "seed5", "metrics.csv")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		if err := os.WriteFile(path, []byte(strings.Join(lines[:3], "")), 0o644); err != nil {
			t.Fatal(err)
		}
		// As a run killed after its second epoch leaves it: job.json
		// "running" (one recorded done over a cut metrics.csv is refused
		// since session 51, TestPendingRefusesDoneRunWithCutMetrics51).
		jp := filepath.Join(dir, "ddpg", "seed5", experiment.JobFile)
		jb, err := os.ReadFile(jp)
		if err != nil {
			t.Fatal(err)
		}
		running := strings.Replace(string(jb), `"status": "done"`, `"status": "running"`, 1)
		if running == string(jb) {
			t.Fatalf("%s holds no done status:\n%s", jp, jb)
		}
		if err := os.WriteFile(jp, []byte(running), 0o644); err != nil {
			t.Fatal(err)
		}
	})
	for _, want := range []string{
		"| STDDPG-AL | 4000 | 8000 | 4000 | 12000 | not run | 4/5 (1 not run) |",
		"| STDDPG-CL | 4000 | 8000 | 4000 | 4000 | 8000 | 5/5 |",
		"| DDPG | 4000 | 8000 | 4000 | 4000 | — (run at 8000) | 4/5 (1 unfinished) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
}

// TestBonferroniTextsApart50: the note's level 0.05/n and the p cells of
// the rows it counts were printed with 3 digits each (formatP, %.3g),
// so p = 0.016665, below 0.05/3 = 0.016667, and p = 0.01667, above it,
// both printed "0.0167" beside "0.05/3 = 0.0167", one "remains so", the
// other "does not". Each printed p now lies on its side of the printed
// level, unequal to it; 3 digits are kept where they suffice (the
// committed stac-cartpole table: 0.00794 and 0.0159 against 0.00833).
func TestBonferroniTextsApart50(t *testing.T) {
	for _, tc := range []struct {
		n      int
		sig    []float64
		pTexts []string
		level  string
		note   string
	}{
		{3, []float64{0.016665}, []string{"0.01666"}, "0.0167", "0.05/3 = 0.0167, the row called significant remains so."},
		{3, []float64{0.01667}, []string{"0.0167"}, "0.01667", "0.05/3 = 0.01667, the row called significant does not."},
		{3, []float64{0.016665, 0.01667}, []string{"0.01666", "0.0167"}, "0.01667", "0.05/3 = 0.01667, 1 of the 2 rows called significant remains so."},
		{6, []float64{2.0 / 252, 4.0 / 252}, []string{"0.00794", "0.0159"}, "0.00833", "0.05/6 = 0.00833, 1 of the 2 rows called significant remains so."},
	} {
		pTexts, level := bonferroniTexts(tc.n, tc.sig)
		if !slices.Equal(pTexts, tc.pTexts) || level != tc.level {
			t.Errorf("bonferroniTexts(%d, %v) = %q, %q; want %q, %q", tc.n, tc.sig, pTexts, level, tc.pTexts, tc.level)
		}
		if note := multiplicityNote(tc.n, tc.sig); !strings.HasSuffix(note, tc.note) {
			t.Errorf("multiplicityNote(%d, %v) = %q, want it to end %q", tc.n, tc.sig, note, tc.note)
		}
	}
}

// startedNoEpoch50 makes the run in seed look started but without an
// epoch: metrics.csv's header only, no summary.json, job.json "running".
func startedNoEpoch50(t *testing.T, seed string) {
	t.Helper()
	path := filepath.Join(seed, "metrics.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	header := strings.SplitAfter(string(b), "\n")[0]
	if err := os.WriteFile(path, []byte(header), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(seed, "summary.json")); err != nil {
		t.Fatal(err)
	}
	jpath := filepath.Join(seed, "job.json")
	var rec map[string]any
	if b, err = os.ReadFile(jpath); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	rec["status"] = "running"
	delete(rec, "summary")
	delete(rec, "ended")
	if b, err = json.Marshal(rec); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jpath, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestStartedRunNotSaidNotRun50: a seed whose run has started (job.json
// "running", config.yaml and metrics.csv's header on disk) but recorded
// no epoch yet (still in its first one, or interrupted there, which
// resumes) was "not run" in its cell and in "reached" ("4/5 (1 not
// run)"), as a seed with nothing on disk is. It is now "started, no
// epoch yet", counted among the unfinished; a seed without its
// directory stays "not run".
func TestStartedRunNotSaidNotRun50(t *testing.T) {
	md, _ := pendulumWith45(t, 5, func(dir string) {
		startedNoEpoch50(t, filepath.Join(dir, "ddpg", "seed5"))
		if err := os.RemoveAll(filepath.Join(dir, "stddpg-al", "seed5")); err != nil {
			t.Fatal(err)
		}
	})
	for _, want := range []string{
		"| STDDPG-AL | 4000 | 8000 | 4000 | 12000 | not run | 4/5 (1 not run) |",
		"| DDPG | 4000 | 8000 | 4000 | 4000 | started, no epoch yet | 4/5 (1 unfinished) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	// Walker2d-v4 (no threshold): the cell and the note's list of states.
	md = walkerReport50(t, func(task string) { startedNoEpoch50(t, filepath.Join(task, "stac-m1", "seed2")) })
	for _, want := range []string{
		"| STAC (m = 1) | finished | started, no epoch yet |",
		"(finished; failed at the steps it had made; unfinished, run at the steps it has made; started, no epoch yet; not run)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Walker2d-v4 report.md lacks %q:\n%s", want, md)
		}
	}
}
