package repro

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/rl/agent"
)

// TestSmallestTwoSidedP45: the smallest two-sided p a rank-sum test of n1
// runs against n2 can give is 2/C(n1+n2, n1) (the two most extreme of the
// equally likely splits; 1 for one run against one). Exact values, and the
// exact untied Mann–Whitney p of the most extreme U (0) as oracle.
func TestSmallestTwoSidedP45(t *testing.T) {
	for _, c := range []struct {
		n1, n2 int
		want   float64
	}{
		{1, 1, 1}, {1, 2, 2.0 / 3}, {2, 1, 2.0 / 3}, {1, 3, 0.5}, {1, 5, 2.0 / 6}, {1, 19, 0.1},
		{1, 39, 0.05}, {1, 40, 2.0 / 41}, {2, 2, 2.0 / 6}, {3, 3, 0.1}, {2, 5, 2.0 / 21},
		{5, 2, 2.0 / 21}, {2, 6, 2.0 / 28}, {2, 8, 2.0 / 45}, {3, 5, 2.0 / 56}, {4, 4, 2.0 / 70}, {5, 5, 2.0 / 252},
	} {
		got := smallestTwoSidedP(c.n1, c.n2)
		if math.Abs(got-c.want) > 1e-15 {
			t.Errorf("smallestTwoSidedP(%d, %d) = %.17g, want %.17g", c.n1, c.n2, got, c.want)
		}
		if c.n1*c.n2 > 1 {
			if p := exactUTail(c.n1, c.n2, 0); math.Abs(p-got) > 1e-12 {
				t.Errorf("%d against %d: exact p of U = 0 is %.17g, smallestTwoSidedP %.17g", c.n1, c.n2, p, got)
			}
		}
		// The 5% level is out of reach exactly when the smallest p is not
		// below it (1 against 39: p = 0.05 is not below 0.05).
		if reach := got < 0.05; reach != (c.want < 0.05) {
			t.Errorf("%d against %d: below 5%% %v", c.n1, c.n2, reach)
		}
	}
}

// failFirstEpoch45 makes the run of variant slug, seed k, under dir one
// that failed before its first epoch: no metrics.csv, job.json failed.
func failFirstEpoch45(t *testing.T, dir, slug string, k int, msg string) {
	t.Helper()
	run := filepath.Join(dir, slug, "seed"+itoa(k))
	if err := os.Remove(filepath.Join(run, experiment.MetricsFile)); err != nil {
		t.Fatal(err)
	}
	rec, ok, err := experiment.ReadJobRecord(run)
	if err != nil || !ok {
		t.Fatalf("%s: job.json %v %v", run, ok, err)
	}
	rec.Status, rec.Error = experiment.JobFailed, msg
	if err := experiment.WriteJSON(run, experiment.JobFile, rec); err != nil {
		t.Fatal(err)
	}
}

// pendulumWith45 copies the committed stddpg-pendulum runs, lets edit
// change them, writes the report from them with seeds seeds
// (--report-only) and returns report.md and results.json.
func pendulumWith45(t *testing.T, seeds int, edit func(dir string)) (md, js string) {
	t.Helper()
	dir := t.TempDir()
	if err := copyTree(filepath.Join("..", "..", "results", "stddpg-pendulum"), dir); err != nil {
		t.Fatal(err)
	}
	edit(dir)
	r, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Execute(context.Background(), Options{Out: dir, Seeds: seeds, ReportOnly: true}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	return readReport(t, dir), string(b)
}

// TestRLOneRunAgainstFiveCannotReject45: with 5 seeds, of which DDPG's
// seeds 2–5 failed before their first epoch, each algorithm's 5 runs were
// tested against DDPG's 1 and the rows printed p = 0.333 or 1 "not
// significant", with no note: 5 runs against 1 split 6 ways, so no values
// could give p below 2/6. Those rows now print no p and say that the test
// cannot reject at this size, and the note gives the smallest p of each
// size in the table (and explains "not significant" only when a row says
// it); results.json keeps U and p and adds smallest_p.
func TestRLOneRunAgainstFiveCannotReject45(t *testing.T) {
	md, js := pendulumWith45(t, 5, func(dir string) {
		for k := 2; k <= 5; k++ {
			failFirstEpoch45(t, dir, "ddpg", k, "rl.env: boom")
		}
	})
	for _, want := range []string{
		"\n| STDDPG-AL | final test return (deterministic policy) | 5, 1 | 1 | — | cannot reject at this size |\n",
		"\n| STDDPG-CL | over the run | 5, 1 | 1 | — | cannot reject at this size |\n",
		" Rows marked \"cannot reject at this size\" compare too few runs for any values to give p below 0.05 (their p is left out of the table; results.json has it): 5 runs against 1 split 6 ways, so the smallest two-sided p is 2/6 = 0.333. Such a row says that the runs are too few to test, not that the algorithms are alike.\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "| not significant |") || strings.Contains(md, "\"not significant\" means") {
		t.Errorf("report.md calls a comparison that cannot reject \"not significant\", or explains a verdict no row gives:\n%s", md)
	}
	if !strings.Contains(js, `"smallest_p": 0.3333333333333333`) {
		t.Errorf("results.json lacks smallest_p 1/3:\n%s", js)
	}
}

// TestRLPaperNoteBandFromFinishedRuns45: with 3 seeds of which seed 2
// failed before its first epoch and seed 3 never ran, every variant has
// one finished run: the curves' note said "each variant's one run, no
// band" (it counts the finished runs) while the paper note said "the
// curves' band (one standard deviation here ...)" (it counted the 3
// configured seeds). Both now count the finished runs.
func TestRLPaperNoteBandFromFinishedRuns45(t *testing.T) {
	md, _ := pendulumWith45(t, 3, func(dir string) {
		for _, slug := range []string{"stddpg-al", "stddpg-cl", "ddpg"} {
			failFirstEpoch45(t, dir, slug, 2, "rl.env: boom")
			if err := os.RemoveAll(filepath.Join(dir, slug, "seed3")); err != nil {
				t.Fatal(err)
			}
		}
	})
	for _, want := range []string{
		"\nCurves: each variant's one run, no band (one run has no standard deviation) (curves.csv, learning_curves.png/svg).\n",
		"; 3 seeds; 50 000 steps per run; the threshold −200; no band about the curves (one finished run per variant; the paper does not say what its shaded regions show).\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "standard deviation here") {
		t.Errorf("report.md's paper note speaks of a band of one standard deviation though no curve has one:\n%s", md)
	}
}

// TestSuiteCaptionBandFromFinishedRuns45: a MuJoCo suite's figure caption
// decided "no band" from the configured seeds, as the paper note did: with
// 3 seeds of which seed 2 failed before its first epoch and seed 3 never
// ran, every curve is one run (the task's curves' note says "no band")
// but the caption said "mean ± one standard deviation over seeds".
func TestSuiteCaptionBandFromFinishedRuns45(t *testing.T) {
	r, opt, jobs := hostileSet(t)
	for _, j := range jobs {
		dir := filepath.Join(opt.Out, j.Out)
		switch filepath.Base(j.Out) {
		case "seed2":
			os.Remove(filepath.Join(dir, experiment.MetricsFile))
			rec := experiment.JobRecord{Job: j, Status: experiment.JobFailed, Error: "rl.env: boom"}
			if err := experiment.WriteJSON(dir, experiment.JobFile, rec); err != nil {
				t.Fatal(err)
			}
		case "seed3":
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	md := readReport(t, opt.Out)
	for _, want := range []string{
		"\nCurves: each variant's one run, no band (one run has no standard deviation) (curves.csv, learning_curves.png/svg).\n",
		"\nFigure: learning_curves.png/svg, one panel per task (each variant's one finished run of the test return; no band).\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("suite report.md lacks %q:\n%s", want, md)
		}
	}
}

// TestRLReportOnlyCountsFailedRuns45: the --report-only note counted runs
// that failed before their first epoch as "unfinished or not started" (4 of
// 15, all four DDPG's failed ones, which the table marks failed). It now
// says how many of them failed.
func TestRLReportOnlyCountsFailedRuns45(t *testing.T) {
	md, _ := pendulumWith45(t, 5, func(dir string) {
		for k := 2; k <= 5; k++ {
			failFirstEpoch45(t, dir, "ddpg", k, "rl.env: boom")
		}
		if err := os.RemoveAll(filepath.Join(dir, "stddpg-al", "seed5")); err != nil {
			t.Fatal(err)
		}
	})
	want := "\nReport written from the runs on disk (--report-only): 5 of 15 runs unfinished, not started or failed before their first epoch (4 failed); curves, final returns and throughput are over the finished runs only;"
	if !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
}

// TestRLRankTestSaysExactP45: the rank-test table named the test and its
// sidedness but not how p is computed, which at 5 runs a side matters
// (the exact p of U = 25 against 5 runs is 2/252 = 0.0079, the normal
// approximation's 0.012): p is exact there (up to 50 runs a side), and
// the note says so.
func TestRLRankTestSaysExactP45(t *testing.T) {
	md, _ := pendulumWith45(t, 5, func(string) {})
	want := " p is exact: the share of the equally likely splits of the pooled runs (C(n1+n2, n1) of them, n1 and n2 the row's runs) whose U lies at least as far from n1·n2/2 as the row's, with tied values at their mid-ranks. "
	if !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
	if got := rankTestPNote(51); !strings.Contains(got, "normal approximation") {
		t.Errorf("rankTestPNote(51) = %q, want the normal approximation named beyond 50 runs a side", got)
	}
	if !exactTiesWork(50, 50) {
		t.Errorf("MannWhitney is not exact at 50 against 50: the note would be wrong")
	}
}

// TestPaperNoteBandClause45: the paper note's clause on the curves' band
// follows the finished runs (the most of any variant), not the
// configured seeds. Exact clauses.
func TestPaperNoteBandClause45(t *testing.T) {
	variants, _, err := rlPlan(Options{}, stddpgPendulum)
	if err != nil {
		t.Fatal(err)
	}
	th, _ := experiment.ThresholdFor(stddpgPendulum.Env, agent.Algo(variants[0].RL.Algo))
	for _, c := range []struct {
		seeds, finished int
		want            string
	}{
		{1, 1, "; no band about the curves (one seed; the paper does not say what its shaded regions show)."},
		{3, 0, "; no curves yet (no run has finished; the paper does not say what its shaded regions show)."},
		{3, 1, "; no band about the curves (one finished run per variant; the paper does not say what its shaded regions show)."},
		{3, 2, "; the curves' band (one standard deviation here; the paper does not say what its shaded regions show)."},
	} {
		n, err := paperSettingsNote(stddpgPendulum, variants, c.seeds, c.finished, th)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(n, c.want) {
			t.Errorf("%d seeds, %d finished: note does not end with %q:\n%s", c.seeds, c.finished, c.want, n)
		}
	}
}
