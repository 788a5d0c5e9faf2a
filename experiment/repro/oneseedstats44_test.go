package repro

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reportSeeds44 writes stddpg-pendulum's report again from the committed
// runs' first n seeds (--report-only) and returns report.md and
// results.json, and the learning curves' SVG.
func reportSeeds44(t *testing.T, n int) (md, js, svg string) {
	t.Helper()
	var dir string
	md, js = pendulumWith45(t, n, func(d string) { dir = d })
	fig, err := os.ReadFile(filepath.Join(dir, "learning_curves.svg"))
	if err != nil {
		t.Fatal(err)
	}
	return md, js, string(fig)
}

// TestRLOneSeedNoStatistics44: with one seed the report said "Statistics
// are over 1 seed per algorithm; [95% CI] is the t interval of the mean",
// headed its columns "final (mean ± sd) [95% CI]", spoke of "mean ± sd
// over seeds", and tested 1 run against 1 with Mann–Whitney (p = 1 in
// every row). It now gives the values alone under plain headers, says in
// one sentence that one run has no sd, no interval and no test, and has no
// test table (nor tests in results.json). Its figure drew a band swatch
// beside each line in the legend; now no translucent fill at all.
func TestRLOneSeedNoStatistics44(t *testing.T) {
	md, js, svg := reportSeeds44(t, 1)
	for _, want := range []string{
		"\n| algorithm | seed 1 | reached | final | over the run | steps/s |\n",
		"\n| STDDPG-AL | 4000 | 1/1 | -130.5439 | -142.0334 | 63 |\n",
		"\nStatistics: 1 seed per algorithm, so each value is its one run's: no standard deviation, no confidence interval and no test of the differences between algorithms (a rank-sum test of one run against one gives p = 1 whatever the values).\n",
		"\nOver the run: each run's statistic averaged over its epochs (the area under its learning curve with every epoch of equal width: a last, shorter epoch counts in full; a run that failed early counts its last value to the end); it rewards learning early as well as ending high.\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	for _, lose := range []string{"95% CI", "mean ± sd", "Mann–Whitney", "| p |", "t interval"} {
		if strings.Contains(md, lose) {
			t.Errorf("report.md, one seed, has %q:\n%s", lose, md)
		}
	}
	if strings.Contains(js, "mann_whitney") {
		t.Errorf("results.json, one seed, has tests:\n%s", js)
	}
	if n := strings.Count(svg, "fill-opacity:0.2"); n != 0 {
		t.Errorf("learning_curves.svg, one seed, has %d band fills or swatches, want 0", n)
	}
}

// TestRLTwoSeedsTestCannotReject44: with 2 seeds the Mann–Whitney table
// said only "\"not significant\" means the seeds do not show a
// difference", though 2 runs against 2 cannot give p below 1/3: no data
// could be significant. The t interval (1 degree of freedom) is kept.
// Since session 45 the rows say "cannot reject at this size" without a p,
// and the note gives the smallest p of each size in the table
// (TestRLOneRunAgainstFiveCannotReject45).
func TestRLTwoSeedsTestCannotReject44(t *testing.T) {
	md, _, svg := reportSeeds44(t, 2)
	for _, want := range []string{
		"\n| STDDPG-AL | 4000 | 8000 | 2/2 | -147 ± 23 [-357, 0] | -155 ± 19 [-324, 0] | 61 |\n",
		" Rows marked \"cannot reject at this size\" compare too few runs for any values to give p below 0.05 (their p is left out of the table; results.json has it): 2 runs against 2 split 6 ways, so the smallest two-sided p is 2/6 = 0.333. Such a row says that the runs are too few to test, not that the algorithms are alike.\n",
		"\n| STDDPG-AL | final test return (deterministic policy) | 2, 2 | 2 | — | cannot reject at this size |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	if n := strings.Count(svg, "fill-opacity:0.2"); n != 6 {
		t.Errorf("learning_curves.svg, two seeds, has %d band fills and swatches, want 6 (3 of each)", n)
	}
}

// TestAcrossTasksOneRunNoInterval44: with one run of each algorithm on
// every task (--seeds 1) the stratified bootstrap has nothing to resample
// and the across-task table printed "[0.50, 0.50]" as the 95% interval of
// P = 0.50, an interval of no width that reads as certainty. It now
// writes "—" and says why; results.json has no lo and hi for the row.
// With two runs on a task the interval is kept.
func TestAcrossTasksOneRunNoInterval44(t *testing.T) {
	variants := []rlVariant{{Label: "ST", Slug: "st"}, {Label: "Plain", Slug: "plain"}}
	task := func(env string, st, plain []float64) taskSamples {
		return taskSamples{Env: env, Metric: "test return (deterministic policy)",
			Final:   map[string][]float64{"st": st, "plain": plain},
			OverRun: map[string][]float64{"st": st, "plain": plain}}
	}
	md, out, err := acrossTasks(variants, []taskSamples{task("A-v4", []float64{3}, []float64{2}), task("B-v4", []float64{1}, []float64{2})})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\n| ST | final test return (deterministic policy) | 2 | 0.50 | — | 1.00 / 0.00 |\n",
		" With one run of each algorithm on every task there is nothing to resample: no interval (\"—\"), and P is the average of the tasks' single comparisons (1, ½ or 0 each).",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the across-task section lacks %q:\n%s", want, md)
		}
	}
	row := out["probability_of_improvement"].(map[string]any)["st vs plain: over the run"].(map[string]any)
	if _, ok := row["lo"]; ok {
		t.Errorf("results.json row %v has an interval", row)
	}

	md, _, err = acrossTasks(variants, []taskSamples{task("A-v4", []float64{3, 1}, []float64{2}), task("B-v4", []float64{1}, []float64{2})})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md, "nothing to resample") || !strings.Contains(md, "| ST | over the run | 2 | 0.25 | [0.00, 0.50] |") {
		t.Errorf("with two runs on a task, the interval or its note is wrong:\n%s", md)
	}
}
