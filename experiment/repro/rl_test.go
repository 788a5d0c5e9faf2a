package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/stackel/stackel/experiment"
)

// The three RL reproductions run end to end in quick mode: every run
// directory, curves.csv with a mean/lo/hi triple per variant, the figure, the
// report table naming every variant, and results.json whose steps to
// threshold agree with each run's summary.json and whose over-the-run means
// are the means of the runs' curves. A second invocation resumes
// the finished runs instead of recomputing them (same results).
func TestRLReproductionsQuick(t *testing.T) {
	t.Parallel()
	for _, r := range []rlRepro{stacCartPole, stddpgPendulum, stsacPendulum} {
		t.Run(r.Name, func(t *testing.T) {
			dir := t.TempDir()
			var log bytes.Buffer
			rep, err := Lookup(r.Name)
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Out: dir, Quick: true, Workers: 1, Log: &log}
			if err := rep.Execute(context.Background(), opt); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"curves.csv", "learning_curves.png", "learning_curves.svg", "report.md", "results.json"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("missing %s: %v", f, err)
				}
			}
			curves, err := os.ReadFile(filepath.Join(dir, "curves.csv"))
			if err != nil {
				t.Fatal(err)
			}
			header := strings.Split(strings.SplitN(string(curves), "\n", 2)[0], ",")
			if len(header) != 1+3*len(r.Variants) {
				t.Errorf("curves.csv header %v: want steps and 3 columns per variant", header)
			}
			var res map[string]json.RawMessage
			data, _ := os.ReadFile(filepath.Join(dir, "results.json"))
			if err := json.Unmarshal(data, &res); err != nil {
				t.Fatal(err)
			}
			for _, v := range r.Variants {
				if !strings.Contains(log.String(), v.Label) {
					t.Errorf("report lacks %s", v.Label)
				}
				var vr struct {
					Steps   []int     `json:"steps_to_threshold"`
					OverRun []float64 `json:"over_run"`
				}
				if err := json.Unmarshal(res[v.Slug], &vr); err != nil || len(vr.Steps) != 2 {
					t.Fatalf("results.json %s: %s (%v)", v.Slug, res[v.Slug], err)
				}
				for s := 1; s <= 2; s++ {
					var sum struct {
						Steps   int `json:"steps"`
						ToThres int `json:"steps_to_threshold"`
					}
					b, err := os.ReadFile(filepath.Join(dir, v.Slug, "seed"+string(rune('0'+s)), experiment.SummaryFile))
					if err != nil {
						t.Fatal(err)
					}
					if err := json.Unmarshal(b, &sum); err != nil {
						t.Fatal(err)
					}
					if sum.ToThres != vr.Steps[s-1] || sum.Steps == 0 {
						t.Errorf("%s seed %d: summary %s vs results %v", v.Slug, s, b, vr.Steps)
					}
					// "Over the run" is the mean of the run's curve.
					cfg, _ := experiment.RLAgentConfig(v.RL, uint64(s))
					th, _ := experiment.ThresholdFor(r.Env, cfg.Algo)
					_, curve, err := readCurve(filepath.Join(dir, v.Slug, "seed"+string(rune('0'+s)), experiment.MetricsFile), th.OnTest)
					if err != nil || len(curve) == 0 || len(vr.OverRun) != 2 {
						t.Fatalf("%s seed %d: curve %v (%v), over_run %v", v.Slug, s, curve, err, vr.OverRun)
					}
					if want := floats.Sum(curve) / float64(len(curve)); math.Abs(vr.OverRun[s-1]-want) > 1e-9*math.Max(1, math.Abs(want)) {
						t.Errorf("%s seed %d: over_run %v, want the curve's mean %v", v.Slug, s, vr.OverRun[s-1], want)
					}
				}
			}
			// Rerun: the finished runs are resumed, giving the same curves.
			if err := rep.Execute(context.Background(), opt); err != nil {
				t.Fatal(err)
			}
			again, _ := os.ReadFile(filepath.Join(dir, "curves.csv"))
			if !bytes.Equal(again, curves) {
				t.Error("rerunning the reproduction changed curves.csv")
			}
		})
	}
}

// A run that diverges (non-finite loss) does not abort the other runs: it
// is reported as failed, with the error in the notes, beside the others,
// and the reproduction ends with an error naming it.
func TestRLReproductionReportsFailedRuns(t *testing.T) {
	quick := quickOffPolicy(experiment.RLConfig{Env: "Pendulum-v1", Algo: "ddpg"})
	bad := quick
	// Plain SGD with an absurd step: the critic overflows in epoch 2.
	bad.Extra = map[string]any{"critic_lr": 1e30, "optimizer": "sgd", "start_steps": 350, "update_after": 350,
		"update_every": 50, "batch_size": 32, "test_episodes": 2}
	r := rlRepro{Name: "test", Title: "test", Env: "Pendulum-v1", Seeds: 1,
		Variants: []rlVariant{{"good", "good", quick}, {"diverging", "bad", bad}}}
	var log bytes.Buffer
	// The report is written from every run; the reproduction then exits
	// with an error naming the failed one.
	err := rlReproduction(r).Execute(context.Background(), Options{Out: t.TempDir(), Seeds: 1, Workers: 1, Log: &log})
	if err == nil || !strings.Contains(err.Error(), "1 of 2 runs failed (bad/seed1") {
		t.Fatalf("error %v; want one failed run named", err)
	}
	if !strings.Contains(log.String(), "failed at 300") || !strings.Contains(log.String(), "diverging seed 1: ddpg epoch 2") {
		t.Fatalf("report does not show the failed run:\n%s", log.String())
	}
}

// Selecting variants runs and reports only those: the curves hold one
// variant, the other variants' directories are never created.
func TestRLReproductionVariantSelection(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	rep, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Out: dir, Quick: true, Seeds: 1, Workers: 1, Log: &log, Variants: []string{"ddpg"}}
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	curves, err := os.ReadFile(filepath.Join(dir, "curves.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if header := strings.Split(strings.SplitN(string(curves), "\n", 2)[0], ","); len(header) != 4 {
		t.Errorf("curves.csv header %v: want steps and DDPG's mean, lo, hi", header)
	}
	for _, slug := range []string{"stddpg-al", "stddpg-cl"} {
		if _, err := os.Stat(filepath.Join(dir, slug)); !os.IsNotExist(err) {
			t.Errorf("%s ran although not selected (%v)", slug, err)
		}
	}
	if err := rep.CheckVariants([]string{"ddpg", "stddpg-al"}); err != nil {
		t.Error(err)
	}
	opt.Variants = []string{"td3"}
	if err := rep.Execute(context.Background(), opt); err == nil || !strings.Contains(err.Error(), "td3") {
		t.Errorf("selecting no known variant: error %v", err)
	}
}

// Report-only mode trains nothing: a finished run is reported in full, a
// run cut short (its metrics reduced to the first epoch and a half-written
// row) as unfinished with the steps it reached, a seed never started as "not run"; only finished
// runs enter the final statistics.
func TestRLReportOnly(t *testing.T) {
	dir := t.TempDir()
	rep, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	opt := Options{Out: dir, Quick: true, Seeds: 2, Workers: 1, Log: &log, Variants: []string{"ddpg"}}
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	// Cut seed 2 back to its first epoch (300 of 600 steps), followed by
	// half a row, as while a run is writing one.
	metrics := filepath.Join(dir, "ddpg", "seed2", experiment.MetricsFile)
	data, err := os.ReadFile(metrics)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if err := os.WriteFile(metrics, []byte(lines[0]+lines[1]+lines[2][:len(lines[2])/2]), 0o644); err != nil {
		t.Fatal(err)
	}
	// Seed 2 was stopped by Ctrl-C, as its summary.json records, and will
	// resume: unfinished, not failed.
	summary := filepath.Join(dir, "ddpg", "seed2", experiment.SummaryFile)
	if err := os.WriteFile(summary, []byte(`{"error": "ddpg epoch 2: context canceled", "interrupted": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(metrics)
	log.Reset()
	opt.Seeds, opt.ReportOnly = 3, true
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(metrics)
	if !bytes.Equal(before, after) {
		t.Error("report-only mode changed a run's metrics")
	}
	if _, err := os.Stat(filepath.Join(dir, "ddpg", "seed3")); !os.IsNotExist(err) {
		t.Errorf("report-only mode created seed 3's directory (%v)", err)
	}
	report := log.String()
	for _, want := range []string{"(run at 300)", "not run", "(1 of 3 finished)", "2 of 3 runs unfinished or not started"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "failed at") {
		t.Errorf("report calls the interrupted run failed:\n%s", report)
	}
	if strings.Contains(report, "± 0.0000 (1 of") {
		t.Errorf("report gives a spread for a single finished run:\n%s", report)
	}
	var res map[string]json.RawMessage
	b, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	var r struct {
		Final    []float64 `json:"final"`
		Finished int       `json:"finished"`
		Steps    []*int    `json:"steps_to_threshold"`
		SoFar    []*int    `json:"steps_so_far"`
	}
	if err := json.Unmarshal(res["ddpg"], &r); err != nil {
		t.Fatal(err)
	}
	if r.Finished != 1 || len(r.Final) != 1 {
		t.Errorf("results.json ddpg: %+v, want one finished run", r)
	}
	// Seed 2 is unfinished at 300 steps: steps_so_far says so beside its
	// steps_to_threshold (−1 there reads "not reached yet", not "never");
	// seed 1 finished and seed 3 never ran have none.
	if len(r.SoFar) != 3 || r.SoFar[0] != nil || r.SoFar[1] == nil || *r.SoFar[1] != 300 || r.SoFar[2] != nil || len(r.Steps) != 3 || r.Steps[2] != nil {
		t.Errorf("results.json ddpg: steps_to_threshold %v, steps_so_far %v; want seed 2 at 300 and the others null", ptrs(r.Steps), ptrs(r.SoFar))
	}
	// A summary written before the "interrupted" field says it by its
	// error's ending; one with another error is a failure.
	for sum, want := range map[string]string{
		`{"error": "ddpg epoch 2: update 7: context canceled"}`: "(run at 300)",
		`{"error": "ddpg epoch 2: actor loss is NaN"}`:          "failed at 300",
	} {
		if err := os.WriteFile(summary, []byte(sum), 0o644); err != nil {
			t.Fatal(err)
		}
		log.Reset()
		if err := rep.Execute(context.Background(), opt); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log.String(), want) {
			t.Errorf("with summary %s the report lacks %q:\n%s", sum, want, log.String())
		}
	}
}

// A partial report's rank tests keep the unfinished runs: one below the
// threshold needs more than its steps so far (a censored value), so the
// steps to the threshold are compared with Gehan's test, said in the
// report and in results.json, with every started seed counted; the final
// and over-the-run tests use the finished runs, with Mann–Whitney.
func TestRLReportOnlyCensoredSteps(t *testing.T) {
	dir := t.TempDir()
	rep, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	opt := Options{Out: dir, Quick: true, Seeds: 2, Workers: 2, Log: &log, Variants: []string{"stddpg-cl", "ddpg"}}
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	metrics := filepath.Join(dir, "stddpg-cl", "seed2", experiment.MetricsFile)
	data, err := os.ReadFile(metrics)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if err := os.WriteFile(metrics, []byte(lines[0]+lines[1]), 0o644); err != nil {
		t.Fatal(err)
	}
	summary := filepath.Join(dir, "stddpg-cl", "seed2", experiment.SummaryFile)
	if err := os.WriteFile(summary, []byte(`{"error": "stddpg epoch 2: context canceled", "interrupted": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	log.Reset()
	opt.ReportOnly = true
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	report := log.String()
	for _, want := range []string{"| STDDPG-CL | steps to the threshold | 2, 2 |", "| STDDPG-CL | over the run | 1, 2 |", "Gehan's form of the rank-sum test"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	var res struct {
		Tests map[string]map[string]any `json:"mann_whitney"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	steps, final := res.Tests["stddpg-cl vs ddpg: steps to the threshold"], res.Tests["stddpg-cl vs ddpg: final test return (deterministic policy)"]
	// No run reaches −200 in 600 steps: "never" (finished) and "more than
	// 300" (unfinished) leave every pair open, U = 2·2/2 and p = 1.
	if steps["test"] != "gehan" || steps["u"] != 2.0 || steps["p"] != 1.0 {
		t.Errorf("steps test %v, want Gehan's with U = 2, p = 1", steps)
	}
	if final == nil || final["test"] != nil {
		t.Errorf("final-return test %v, want Mann–Whitney's (no test field)", final)
	}
}

// An epoch without a finished episode (NaN in metrics.csv) repeats the
// previous value; leading ones take the first value recorded, not 0 (a
// Pendulum return of 0 would be a perfect score); a run that never
// finished one gives 0s.
func TestParseCurveMissingEpochs(t *testing.T) {
	for _, tc := range []struct {
		col  string
		want []float64
	}{
		{"NaN,NaN,-900,NaN,-400", []float64{-900, -900, -900, -900, -400}},
		{"-1200,NaN,-700,NaN,NaN", []float64{-1200, -1200, -700, -700, -700}},
		{"NaN,NaN,NaN,NaN,NaN", []float64{0, 0, 0, 0, 0}},
	} {
		csv := "epoch,steps,avg_return\n"
		for i, v := range strings.Split(tc.col, ",") {
			csv += fmt.Sprintf("%d,%d,%s\n", i+1, 300*(i+1), v)
		}
		steps, curve, err := parseCurve("m.csv", []byte(csv), false)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(curve, tc.want) || len(steps) != 5 || steps[4] != 1500 {
			t.Errorf("%s: curve %v (steps %v), want %v", tc.col, curve, steps, tc.want)
		}
	}
}

// A row with fewer or more fields than the header is an error naming the
// row (a short one panicked before: index out of range).
func TestParseCurveShortRows(t *testing.T) {
	const head = "epoch,steps,avg_return\n1,300,-5\n"
	for _, body := range []string{"2,600", "2,600\n3,900,-4\n", "2,600,-4,7\n"} {
		if _, _, err := parseCurve("m.csv", []byte(head+body), false); err == nil || !strings.Contains(err.Error(), "m.csv: row 2 has") {
			t.Errorf("%q: %v, want an error naming row 2", body, err)
		}
	}
}

// Report-only on a directory holding none of the comparison's runs (empty,
// or another reproduction's output) is an error naming the directory, and
// writes nothing: before, it wrote a report of runs all "not run" over the
// report.md and results.json there.
func TestRLReportOnlyNoRunsOnDisk(t *testing.T) {
	other, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := Options{Out: dir, Quick: true, Seeds: 1, Workers: 1, Variants: []string{"ddpg"}}
	if err := other.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	report, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	results, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	if len(report) == 0 || len(results) == 0 {
		t.Fatal("stddpg-pendulum wrote no report")
	}
	rep, err := Lookup("stsac-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	// Refused as another reproduction's directory (its reproduction.json);
	// without that record, as a directory holding none of the runs; and
	// an empty directory likewise.
	err = rep.Execute(context.Background(), Options{Out: dir, Quick: true, ReportOnly: true})
	if err == nil || !strings.Contains(err.Error(), dir+" holds the reproduction stddpg-pendulum") {
		t.Errorf("report-only in %s: error %v", dir, err)
	}
	if err := os.Remove(filepath.Join(dir, ReproductionFile)); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{dir, t.TempDir()} {
		err := rep.Execute(context.Background(), Options{Out: out, Quick: true, ReportOnly: true})
		if err == nil || !strings.Contains(err.Error(), "none of the 6 runs of stsac-pendulum is on disk in "+out) {
			t.Errorf("report-only in %s: error %v", out, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "report.md")); !bytes.Equal(b, report) {
		t.Errorf("report.md of stddpg-pendulum replaced:\n%s", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "results.json")); !bytes.Equal(b, results) {
		t.Errorf("results.json of stddpg-pendulum replaced:\n%s", b)
	}
}

// ptrs writes a slice of optional ints as JSON would, for messages.
func ptrs(v []*int) []string {
	out := make([]string, len(v))
	for i, p := range v {
		out[i] = "null"
		if p != nil {
			out[i] = strconv.Itoa(*p)
		}
	}
	return out
}
