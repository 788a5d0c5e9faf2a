package repro

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestFailedCurvesNote56fig: the note naming the runs that failed before
// the curves' last step, grouped by variant in the order given, and what
// their curves carry; none for no such run.
func TestFailedCurvesNote56fig(t *testing.T) {
	for _, c := range []struct {
		failed []failedCurve
		end    int
		band   bool
		want   string
	}{
		{nil, 1000000, true, ""},
		{[]failedCurve{{"STAC (m = 1)", 3, 508000}, {"STAC (m = 1)", 5, 456000}, {"STAC (m = 80)", 2, 468000}}, 1000000, true,
			"Failed runs in the curves: STAC (m = 1) seeds 3 and 5 (failed at 508000 and 456000 steps) and STAC (m = 80) seed 2 (failed at 468000 steps), each carried at its last value from its failure to 1000000 steps in its variant's mean and band, as in the over-the-run statistic."},
		{[]failedCurve{{"AC", 1, 4000}, {"AC", 2, 8000}, {"AC", 4, 12000}}, 20000, true,
			"Failed runs in the curves: AC seeds 1, 2 and 4 (failed at 4000, 8000 and 12000 steps), each carried at its last value from its failure to 20000 steps in its variant's mean and band, as in the over-the-run statistic."},
		{[]failedCurve{{"STAC (m = 1)", 1, 4000}}, 20000, false,
			"Failed runs in the curves: STAC (m = 1) seed 1 (failed at 4000 steps), carried at its last value from its failure to 20000 steps, as in the over-the-run statistic."},
	} {
		if got := failedCurvesNote(c.failed, c.end, c.band); got != c.want {
			t.Errorf("failedCurvesNote(%v, %d, %v) =\n%q, want\n%q", c.failed, c.end, c.band, got, c.want)
		}
	}
}

// TestFailedRunsCarriedNamed56fig writes the committed HalfCheetah-v4
// STAC runs' report again (--report-only): its Curves note names the three
// runs that failed and the steps their metrics.csv end at, and the suite's
// figure line says that such runs are carried; curves.csv's last row is the
// mean over the seven runs of their last average returns (the failed
// runs' carried), to 1e-9 relative. The Hopper-v4 runs, none failed, get
// neither.
func TestFailedRunsCarriedNamed56fig(t *testing.T) {
	r, err := Lookup("stac-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	for _, env := range []string{"HalfCheetah-v4", "Hopper-v4"} {
		dir := t.TempDir()
		if err := copyTree(filepath.Join("..", "..", "results", "stac-mujoco-1m", env), filepath.Join(dir, env)); err != nil {
			t.Fatal(err)
		}
		opt := Options{Seeds: 7, Envs: []string{env}, Out: dir, ReportOnly: true}
		if err := r.Execute(context.Background(), opt); err != nil {
			t.Fatal(err)
		}
		task, err := os.ReadFile(filepath.Join(dir, env, "report.md"))
		if err != nil {
			t.Fatal(err)
		}
		suite, err := os.ReadFile(filepath.Join(dir, "report.md"))
		if err != nil {
			t.Fatal(err)
		}
		const figure = "Figure: learning_curves.png/svg, one panel per task (mean ± one standard deviation over seeds of the average return"
		if env == "Hopper-v4" {
			if strings.Contains(string(task), "Failed runs") {
				t.Errorf("%s: a note on failed runs where none failed:\n%s", env, task)
			}
			if !strings.Contains(string(suite), figure+").\n") {
				t.Errorf("%s: the suite's figure line is not the plain one:\n%s", env, suite)
			}
			continue
		}
		// The failures' steps from the runs' own files.
		lastStep := func(variant string, seed int) int {
			steps, _ := metricsColumn(t, filepath.Join(dir, env, variant, "seed"+strconv.Itoa(seed), "metrics.csv"), "avg_return")
			return int(steps[len(steps)-1])
		}
		want := "Failed runs in the curves: STAC (m = 1) seeds 3 and 5 (failed at " + strconv.Itoa(lastStep("stac-m1", 3)) + " and " + strconv.Itoa(lastStep("stac-m1", 5)) +
			" steps) and STAC (m = 80) seed 2 (failed at " + strconv.Itoa(lastStep("stac-m80", 2)) + " steps), each carried at its last value from its failure to 1000000 steps in its variant's mean and band, as in the over-the-run statistic."
		if !strings.Contains(want, "508000 and 456000") || !strings.Contains(want, "468000") {
			t.Fatalf("the runs' metrics.csv end elsewhere than the table's failures: %s", want)
		}
		if !strings.Contains(string(task), "(curves.csv, learning_curves.png/svg). "+want+"\n") {
			t.Errorf("%s: report.md does not say\n%s\nafter the Curves note:\n%s", env, want, task)
		}
		if !strings.Contains(string(suite), figure+"; a run that failed is carried at its last value to the end of its task's curves: the task's \"Failed runs in the curves\" note names it).\n") {
			t.Errorf("%s: the suite's figure line does not say that failed runs are carried:\n%s", env, suite)
		}
		// The carry is what curves.csv holds: its last row's STAC (m = 1)
		// mean is the mean of the seven runs' last finite average returns.
		sum := 0.0
		for seed := 1; seed <= 7; seed++ {
			_, v := metricsColumn(t, filepath.Join(dir, env, "stac-m1", "seed"+strconv.Itoa(seed), "metrics.csv"), "avg_return")
			last := math.NaN()
			for _, x := range v {
				if !math.IsNaN(x) {
					last = x
				}
			}
			sum += last
		}
		curves := readCSV(t, filepath.Join(dir, env, "curves.csv"))
		col := map[string]int{}
		for i, h := range curves[0] {
			col[h] = i
		}
		row := curves[len(curves)-1]
		got, _ := strconv.ParseFloat(row[col["stac-m1_mean"]], 64)
		if row[col["steps"]] != "1000000" || math.Abs(got-sum/7) > 1e-9*math.Abs(sum/7) {
			t.Errorf("curves.csv's last row: steps %s, STAC (m = 1) mean %g; want 1000000, %g", row[col["steps"]], got, sum/7)
		}
	}
}

// metricsColumn reads a run's steps and the column name from its
// metrics.csv (NaN where the row has none).
func metricsColumn(t *testing.T, path, name string) (steps, vals []float64) {
	t.Helper()
	rows := readCSV(t, path)
	si, vi := -1, -1
	for i, h := range rows[0] {
		switch h {
		case "steps":
			si = i
		case name:
			vi = i
		}
	}
	if si < 0 || vi < 0 {
		t.Fatalf("%s: no steps or %s column", path, name)
	}
	for _, r := range rows[1:] {
		s, err := strconv.ParseFloat(r[si], 64)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		v, err := strconv.ParseFloat(r[vi], 64)
		if err != nil {
			v = math.NaN()
		}
		steps, vals = append(steps, s), append(vals, v)
	}
	return steps, vals
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}
