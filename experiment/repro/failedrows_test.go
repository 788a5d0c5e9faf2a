package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reportRow returns the first row of report.md in dir whose first cell is
// name, split into its cells ("" and nil when there is none).
func reportRow(t *testing.T, dir, name string) (string, []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "| "+name+" |") {
			return line, strings.Split(strings.Trim(line, "| "), " | ")
		}
	}
	return "", nil
}

// resultsMap decodes dir/results.json.
func resultsMap(t *testing.T, dir string) map[string]any {
	t.Helper()
	var m map[string]any
	readResults(t, dir, &m)
	return m
}

// executeOnce runs r with opt into a new directory and returns opt with
// that Out: a copy of the outputs of the one run of r with opt that the
// tests share (executeShared).
func executeOnce(t *testing.T, name string, opt Options) (Reproduction, Options) {
	t.Helper()
	return executeShared(t, name, opt)
}

// copyDir copies the files of src into a new directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// A reproduction without seeds (markov-*, stac-toy) or not seed-major
// (negotiation-schedules) one of whose runs failed reports the runs that
// finished, the failed run's cells saying "failed: <error>", the others'
// rows as in the report of the complete runs, and Execute still returns
// the error naming the failed run (exit 1); --report-only writes the same
// report. Before, a failed run meant no report at all ("… has no seeds to
// leave them out of, so no report was written").
func TestReproductionMarksFailedRuns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("markov-patrol", func(t *testing.T) {
		t.Parallel()
		r, full := executeOnce(t, "markov-patrol", Options{Quick: true, Workers: 1})
		jobs, _ := r.Jobs(full)
		stRow, _ := reportRow(t, full.Out, "Stackelberg policy gradient")
		want := resultsMap(t, full.Out)["final"].(map[string]any)["stackelberg_pg"]

		opt := full
		opt.Out = copyDir(t, full.Out)
		failJob(t, opt.Out, jobs[1], "boom")
		if err := r.Execute(ctx, opt); err == nil || !strings.Contains(err.Error(), "simultaneous-pg") || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("Execute: %v; want the error naming the failed run", err)
		}
		if row, _ := reportRow(t, opt.Out, "simultaneous policy gradient (Nash)"); row != "| simultaneous policy gradient (Nash) | failed: boom | — | — | — |" {
			t.Errorf("failed run's row %q", row)
		}
		if row, _ := reportRow(t, opt.Out, "Stackelberg policy gradient"); row != stRow || row == "" {
			t.Errorf("finished run's row %q, want that of the complete report %q", row, stRow)
		}
		res := resultsMap(t, opt.Out)
		final := res["final"].(map[string]any)
		if _, ok := final["simultaneous_pg"]; ok {
			t.Errorf("results.json gives the failed run a result: %v", final)
		}
		if got, _ := json.Marshal(final["stackelberg_pg"]); !bytes.Equal(got, must(json.Marshal(want))) {
			t.Errorf("stackelberg_pg %s, want %s", got, must(json.Marshal(want)))
		}
		if f, _ := res["failed"].(map[string]any); len(f) != 1 || f["simultaneous-pg"] != "boom" {
			t.Errorf("results.json failed = %v", res["failed"])
		}
		report, _ := os.ReadFile(filepath.Join(opt.Out, "report.md"))
		if !strings.Contains(string(report), "The simultaneous PG run failed") {
			t.Errorf("report.md does not say the comparison lacks the failed run:\n%s", report)
		}
		ro := opt
		ro.ReportOnly, ro.Out = true, copyDir(t, opt.Out)
		if err := r.Execute(ctx, ro); err != nil {
			t.Fatalf("report-only: %v", err)
		}
		if again, _ := os.ReadFile(filepath.Join(ro.Out, "report.md")); !bytes.Equal(again, report) {
			t.Errorf("report-only report.md:\n%s\nwant:\n%s", again, report)
		}
		// Both runs failed: TestMarkovBothRunsFailedReport.
	})
	t.Run("stac-toy", func(t *testing.T) {
		t.Parallel()
		r, full := executeOnce(t, "stac-toy", Options{Quick: true, Workers: 1})
		jobs, _ := r.Jobs(full)
		_, sga := reportRow(t, full.Out, "individual gradient (SGA)")
		st0, _ := reportRow(t, full.Out, "Stackelberg λ=0")
		if sga == nil || st0 == "" {
			t.Fatal("no rows in the complete report")
		}
		opt := full
		opt.Out = copyDir(t, full.Out)
		failJob(t, opt.Out, jobs[1], "boom")          // sga/start2
		failJob(t, opt.Out, jobs[len(jobs)-1], "bad") // the sweep's last cell
		if err := r.Execute(ctx, opt); err == nil || !strings.Contains(err.Error(), "2 of ") {
			t.Fatalf("Execute: %v; want the error naming both failed runs", err)
		}
		_, row := reportRow(t, opt.Out, "individual gradient (SGA)")
		if len(row) != len(sga) || row[1] != sga[1] || row[2] != "failed: boom" || row[3] != sga[3] || row[4] != sga[4] {
			t.Fatalf("row %q; want the complete report's %q with start 2 failed", row, sga)
		}
		for _, c := range row[5:] {
			if !strings.HasSuffix(c, " (3 of 4 starts)") {
				t.Errorf("summary cell %q of the row with a failed run does not say it is over 3 of 4 starts", c)
			}
		}
		if got, _ := reportRow(t, opt.Out, "Stackelberg λ=0"); got != st0 {
			t.Errorf("row without a failed run %q, want %q", got, st0)
		}
		report, _ := os.ReadFile(filepath.Join(opt.Out, "report.md"))
		if !strings.Contains(string(report), "Failed run: Stackelberg λ=1 at (α_θ, α_w) = (0.2, 2): bad; counted as not settled") {
			t.Errorf("report.md does not name the failed sweep cell:\n%s", report)
		}
		sweep := resultsMap(t, opt.Out)["sweep"].(map[string]any)
		cells := sweep[toyMethods[len(toyMethods)-1].slug].([]any)
		last := cells[len(cells)-1].([]any)
		if c := last[len(last)-1].(map[string]any); c["error"] != "bad" || c["settle"] != -1.0 || c["failed"] != true {
			t.Errorf("failed sweep cell in results.json: %v", c)
		}
		res := resultsMap(t, opt.Out)["individual gradient (SGA)"].(map[string]any)
		if s := res["iterations_to_stay_below"].([]any); s[1] != nil {
			t.Errorf("failed start's settle in results.json = %v, want null", s[1])
		}
		if f := res["failed"].(map[string]any); f["start2"] != "boom" {
			t.Errorf("results.json failed = %v", f)
		}
	})
	t.Run("negotiation-schedules", func(t *testing.T) {
		t.Parallel()
		// Two schedules: with one, its runs are seed-major and seed 1 is
		// left out as a whole (TestReproductionReportsSeedsWithoutFailedRun).
		base := Options{Quick: true, Workers: 1, Seeds: 2, Variants: []string{"beta1-meta200", "beta10-meta200"}}
		r, full := executeOnce(t, "negotiation-schedules", base)
		one := base
		one.Seeds = 1
		_, seed0 := executeOnce(t, "negotiation-schedules", one)
		_, want := reportRow(t, seed0.Out, "beta1-meta200 | 1 | 4 | cournot")
		_, other := reportRow(t, full.Out, "beta1-meta200 | 1 | 4 | cooperative")
		jobs, _ := r.Jobs(full)
		opt := full
		opt.Out = copyDir(t, full.Out)
		failJob(t, opt.Out, jobs[3], "boom") // seed 1 of cournot
		if jobs[3].Out != "beta1-meta200/cournot/seed1" {
			t.Fatalf("job 3 is %s", jobs[3].Out)
		}
		if err := r.Execute(ctx, opt); err == nil || !strings.Contains(err.Error(), "beta1-meta200/cournot/seed1") {
			t.Fatalf("Execute: %v; want the error naming the failed run", err)
		}
		_, row := reportRow(t, opt.Out, "beta1-meta200 | 1 | 4 | cournot")
		if len(row) != len(want) || row[5] != want[5] || row[6] != want[6]+"; failed: seed 1 (boom)" || row[7] != want[7] || row[8] != want[8] {
			t.Errorf("row with seed 1 failed %q; want seed 0's alone %q, the failed seed named", row, want)
		}
		if _, got := reportRow(t, opt.Out, "beta1-meta200 | 1 | 4 | cooperative"); strings.Join(got, "|") != strings.Join(other, "|") {
			t.Errorf("row without a failed run %q, want %q", got, other)
		}
		g := resultsMap(t, opt.Out)["beta1-meta200"].(map[string]any)["cournot"].(map[string]any)
		if g["seeds_reported"] != 1.0 || len(g["failed"].([]any)) != 1 {
			t.Errorf("results.json cournot = %v", g)
		}
	})
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// With seed 0 failed, the figures drawn of the first seed reported say
// that seed (1) in their titles, and report.md's words on them too, and
// fiez-torus's table of runs and results.json number its run 1. Before,
// they said "seed 0" while showing seed 1.
func TestFailedSeedZeroFigureTitles(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		figs  []string
		words string
	}{
		{"fiez-duopoly", []string{"fig1a_production", "fig1b_profit"}, "q2 of seed 1 against the iteration"},
		{"fiez-torus", []string{"fig2cd_costs", "fig2e_positions_nash", "fig2f_positions_stackelberg"}, "positions over iterations for seed 1."},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r, opt := executeOnce(t, c.name, Options{Quick: true, Workers: 1, Seeds: 2})
			jobs, _ := r.Jobs(opt)
			failJob(t, opt.Out, jobs[0], "boom")
			if err := r.Execute(context.Background(), opt); err == nil {
				t.Fatal("Execute with a failed run returned nil")
			}
			for _, f := range c.figs {
				b, err := os.ReadFile(filepath.Join(opt.Out, f+".svg"))
				if err != nil {
					t.Fatal(err)
				}
				m := svgTitle.FindSubmatch(b)
				if m == nil {
					t.Fatalf("%s: no title", f)
				}
				if title := html.UnescapeString(string(m[2])); !strings.Contains(title, "seed 1") || strings.Contains(title, "seed 0") {
					t.Errorf("%s: title %q; want it to name seed 1, the seed it shows", f, title)
				}
			}
			report, _ := os.ReadFile(filepath.Join(opt.Out, "report.md"))
			if !strings.Contains(string(report), c.words) {
				t.Errorf("report.md lacks %q:\n%s", c.words, report)
			}
			if c.name != "fiez-torus" {
				return
			}
			// Its table and results.json number the run by its seed, 1.
			var res struct {
				Runs []struct {
					Seed int `json:"seed"`
				} `json:"runs"`
			}
			readResults(t, opt.Out, &res)
			if len(res.Runs) != 1 || res.Runs[0].Seed != 1 {
				t.Errorf("results.json runs %+v; want the one of seed 1", res.Runs)
			}
			if !strings.Contains(string(report), "\n| 1 | (") || strings.Contains(string(report), "\n| 0 | (") {
				t.Errorf("report.md does not give the run seed 1:\n%s", report)
			}
		})
	}
}
