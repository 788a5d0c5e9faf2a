package repro

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/rl/agent"
)

// TestProbabilityOfImprovement checks P(X > Y) on hand-counted pairs and
// against Mann–Whitney's U/(n·m), which ranks instead of counting.
func TestProbabilityOfImprovement(t *testing.T) {
	// Task 1: 3 beats 1 and 2 and ties 3 (2.5), 4 and 5 beat all three
	// (3 each): 8.5 of 9 pairs. Task 2: 0 beats neither 1 nor 2.
	x := [][]float64{{3, 4, 5}, {0}}
	y := [][]float64{{1, 2, 3}, {1, 2}}
	p, per, err := ProbabilityOfImprovement(x, y)
	if err != nil {
		t.Fatal(err)
	}
	want := (8.5/9 + 0) / 2
	if math.Abs(p-want) > 1e-15 || math.Abs(per[0]-8.5/9) > 1e-15 || per[1] != 0 {
		t.Errorf("P = %v, per task %v; want %v, [%v 0]", p, per, want, 8.5/9)
	}

	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		n, m := 1+rng.IntN(7), 1+rng.IntN(7)
		a, b := make([]float64, n), make([]float64, m)
		for i := range a {
			a[i] = float64(rng.IntN(5)) // small integers: many ties
		}
		for j := range b {
			b[j] = float64(rng.IntN(5))
		}
		u, _ := MannWhitney(a, b)
		if got := pairsAbove(a, b); math.Abs(got-u/float64(n*m)) > 1e-12 {
			t.Fatalf("trial %d: %v against %v: pairs %v, U/(nm) %v", trial, a, b, got, u/float64(n*m))
		}
	}

	for _, bad := range []struct{ x, y [][]float64 }{
		{nil, nil},
		{[][]float64{{1}}, [][]float64{{1}, {2}}},
		{[][]float64{{1}, {}}, [][]float64{{1}, {2}}},
	} {
		if _, _, err := ProbabilityOfImprovement(bad.x, bad.y); err == nil {
			t.Errorf("%v against %v: no error", bad.x, bad.y)
		}
	}
}

// TestStratifiedBootstrapPoI checks the interval against the exact
// bootstrap distribution, counted over every resample.
func TestStratifiedBootstrapPoI(t *testing.T) {
	rng := func() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

	// One task, X = {0, 2}, Y = {1}: the resamples of X are (0,0), (0,2),
	// (2,0), (2,2), equally likely, so P is 0, ½, ½, 1 with probabilities
	// ¼, ½, ¼. The 30 % and 70 % quantiles are ½; the 20 % and 80 % ones
	// 0 and 1.
	x, y := [][]float64{{0, 2}}, [][]float64{{1}}
	for _, c := range []struct{ level, lo, hi float64 }{{0.4, 0.5, 0.5}, {0.6, 0, 1}} {
		lo, hi, err := StratifiedBootstrapPoI(x, y, c.level, 10000, rng())
		if err != nil || lo != c.lo || hi != c.hi {
			t.Errorf("level %v: [%v, %v] (%v), want [%v, %v]", c.level, lo, hi, err, c.lo, c.hi)
		}
	}

	// Stratified: each task keeps its weight ½ in every resample. X is
	// above Y on every run of task 1 and below on every run of task 2,
	// with unequal run counts, so every resample gives ½ exactly (pooling
	// the runs would not).
	x = [][]float64{{5, 6, 7}, {0}}
	y = [][]float64{{1, 2}, {3, 4, 5, 6}}
	if lo, hi, err := StratifiedBootstrapPoI(x, y, 0.95, 2000, rng()); err != nil || lo != 0.5 || hi != 0.5 {
		t.Errorf("opposite tasks: [%v, %v] (%v), want [0.5, 0.5]", lo, hi, err)
	}

	// Two tasks of two runs a side: 256 equally likely resamples. The
	// interval's ends must be the exact distribution's 2.5 % and 97.5 %
	// quantiles, up to the Monte Carlo error of 10 000 draws (the CDF
	// is read to ±0.01, six standard errors).
	x = [][]float64{{110, 120}, {200, 300}}
	y = [][]float64{{115, 130}, {100, 300}}
	var exact []float64
	pairs := [][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}}
	for _, a1 := range pairs {
		for _, b1 := range pairs {
			for _, a2 := range pairs {
				for _, b2 := range pairs {
					p, _, _ := ProbabilityOfImprovement(
						[][]float64{{x[0][a1[0]], x[0][a1[1]]}, {x[1][a2[0]], x[1][a2[1]]}},
						[][]float64{{y[0][b1[0]], y[0][b1[1]]}, {y[1][b2[0]], y[1][b2[1]]}})
					exact = append(exact, p)
				}
			}
		}
	}
	cdf := func(v float64, strict bool) float64 {
		k := 0
		for _, e := range exact {
			if e < v || (!strict && e == v) {
				k++
			}
		}
		return float64(k) / float64(len(exact))
	}
	lo, hi, err := StratifiedBootstrapPoI(x, y, 0.95, BootstrapReps, rng())
	if err != nil {
		t.Fatal(err)
	}
	const tol = 0.01
	if cdf(lo, false) < 0.025-tol || cdf(lo, true) > 0.025+tol {
		t.Errorf("lo %v: exact P(≤ lo) %v, P(< lo) %v; want them around 0.025", lo, cdf(lo, false), cdf(lo, true))
	}
	if cdf(hi, false) < 0.975-tol || cdf(hi, true) > 0.975+tol {
		t.Errorf("hi %v: exact P(≤ hi) %v, P(< hi) %v; want them around 0.975", hi, cdf(hi, false), cdf(hi, true))
	}
	// The same seed gives the same interval.
	if lo2, hi2, _ := StratifiedBootstrapPoI(x, y, 0.95, BootstrapReps, rng()); lo2 != lo || hi2 != hi {
		t.Errorf("same seed: [%v, %v] then [%v, %v]", lo, hi, lo2, hi2)
	}

	for _, c := range []struct {
		level float64
		reps  int
	}{{0, 100}, {1, 100}, {0.95, 0}} {
		if _, _, err := StratifiedBootstrapPoI(x, y, c.level, c.reps, rng()); err == nil {
			t.Errorf("level %v, %d resamples: no error", c.level, c.reps)
		}
	}
}

// TestSuiteReportAcrossTasks writes a two-task suite's report from runs
// whose final test returns are chosen (the tasks of
// TestStratifiedBootstrapPoI's exact case for STSAC-AL against SAC, and
// STSAC-CL above SAC on every run) and checks the across-task section and
// results.json: P(AL > SAC) = (¼ + ⅝)/2 = 0.4375 with per-task 0.25 and
// 0.625, P(CL > SAC) = 1 with the interval [1, 1]. Each run's curve is
// (50, final), so the over-the-run values (25 + final/2) keep the order and
// give the same probabilities.
func TestSuiteReportAcrossTasks(t *testing.T) {
	t.Parallel()
	r, err := Lookup("stsac-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	finals := map[string]map[string][]float64{
		"Hopper-v4":   {"stsac-al": {110, 120}, "stsac-cl": {500, 600}, "sac": {115, 130}},
		"Walker2d-v4": {"stsac-al": {200, 300}, "stsac-cl": {500, 600}, "sac": {100, 300}},
	}
	dir := t.TempDir()
	opt := Options{Out: dir, Seeds: 2, Steps: 20000, Envs: []string{"Hopper-v4", "Walker2d-v4"}, ReportOnly: true, Log: &bytes.Buffer{}}
	jobs, err := r.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		s, _ := strconv.Atoi(j.Labels["seed"])
		writeRunEnding(t, filepath.Join(dir, j.Out), j, finals[j.Labels["env"]][j.Labels["variant"]][s-1])
	}
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatalf("report-only: %v", err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## Across tasks",
		"| STSAC-AL | final test return (deterministic policy) | 2 | 0.44 |",
		"| 0.25 / 0.62 |", // 0.625 rounds to even
		"| STSAC-CL | over the run | 2 | 1.00 | [1.00, 1.00] | 1.00 / 1.00 |",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Tasks []string `json:"tasks"`
		PoI   map[string]struct {
			P, Lo, Hi float64
			PerTask   []float64 `json:"per_task"`
		} `json:"probability_of_improvement"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Tasks, []string{"Hopper-v4", "Walker2d-v4"}) || len(res.PoI) != 4 {
		t.Fatalf("results.json: %s", b)
	}
	for _, stat := range []string{"final test return (deterministic policy)", "over the run"} {
		al := res.PoI["stsac-al vs sac: "+stat]
		if al.P != 0.4375 || !slices.Equal(al.PerTask, []float64{0.25, 0.625}) || al.Lo > al.P || al.Hi < al.P {
			t.Errorf("AL %s: %+v", stat, al)
		}
		if cl := res.PoI["stsac-cl vs sac: "+stat]; cl.P != 1 || cl.Lo != 1 || cl.Hi != 1 {
			t.Errorf("CL %s: %+v", stat, cl)
		}
	}
	// The interval is StratifiedBootstrapPoI's on the same values.
	lo, hi, _ := StratifiedBootstrapPoI([][]float64{{110, 120}, {200, 300}}, [][]float64{{115, 130}, {100, 300}}, 0.95, BootstrapReps, rand.New(rand.NewPCG(bootstrapSeed, 0)))
	if al := res.PoI["stsac-al vs sac: final test return (deterministic policy)"]; al.Lo != lo || al.Hi != hi {
		t.Errorf("AL final: [%v, %v], want [%v, %v]", al.Lo, al.Hi, lo, hi)
	}

	// One task: no across-task section, no top-level results.json.
	one := t.TempDir()
	opt1 := Options{Out: one, Seeds: 2, Steps: 20000, Envs: []string{"Hopper-v4"}, ReportOnly: true, Log: &bytes.Buffer{}}
	jobs1, err := r.Jobs(opt1)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs1 {
		writeRunEnding(t, filepath.Join(one, j.Out), j, 100)
	}
	if err := r.Execute(context.Background(), opt1); err != nil {
		t.Fatal(err)
	}
	md1, _ := os.ReadFile(filepath.Join(one, "report.md"))
	if strings.Contains(string(md1), "Across tasks") {
		t.Errorf("one task's report has an across-task section:\n%s", md1)
	}
	if _, err := os.Stat(filepath.Join(one, "results.json")); !os.IsNotExist(err) {
		t.Errorf("one task: results.json at the top (%v)", err)
	}
}

// writeRunEnding writes a finished run of job j into run: two epochs of
// 10k steps whose returns (training and test) are 50 and then final, and
// a summary.json recording them and metrics.csv's digest (every finished
// run has one: the done-check refuses a run recorded done without it).
func writeRunEnding(t *testing.T, run string, j experiment.Job, final float64) {
	t.Helper()
	if err := os.MkdirAll(run, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := experiment.WriteJSON(run, experiment.JobFile, experiment.JobRecord{Job: j, Status: experiment.JobDone}); err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	csv.WriteString(strings.Join(agent.EpochStats{}.Columns(), ",") + "\n")
	for e, ret := range []float64{50, final} {
		st := agent.EpochStats{Epoch: e + 1, Steps: 10000 * (e + 1), Episodes: 10, AvgReturn: ret, AvgLength: 100, TestReturn: ret, TestLength: 100}
		var cells []string
		for _, x := range st.Values() {
			cells = append(cells, fmt.Sprint(x))
		}
		csv.WriteString(strings.Join(cells, ",") + "\n")
	}
	if err := os.WriteFile(filepath.Join(run, experiment.MetricsFile), csv.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(csv.Bytes())
	sum := map[string]any{"epochs": 2, "steps": 20000, "metrics_rows": 2, "metrics_sha256": hex.EncodeToString(h[:])}
	if err := experiment.WriteJSON(run, experiment.SummaryFile, sum); err != nil {
		t.Fatal(err)
	}
}

// A NaN among the runs gives a NaN interval whatever the resamples draw:
// before, the interval was NaN only when some resample happened to draw
// the NaN run (with one resample, seeds 1, 2 and 6 gave [0.9, 0.9],
// [0.95, 0.95] and [0.95, 0.95]).
func TestStratifiedBootstrapPoINaN(t *testing.T) {
	x := [][]float64{{1, 2, 3, 4, 5, 6, 7, 8, 9, math.NaN()}}
	y := [][]float64{{1}}
	for seed := range uint64(8) {
		lo, hi, err := StratifiedBootstrapPoI(x, y, 0.95, 1, rand.New(rand.NewPCG(seed, 0)))
		if err != nil || !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("seed %d: [%v, %v] (%v), want NaN", seed, lo, hi, err)
		}
	}
}

// TestAcrossTasksNoteNamesEachRowsStatistic: the across-task note says
// what each row compares. It used to say that P(X > Y) is the chance that
// a run of X "ends above" a run of Y even for the "over the run" rows,
// which compare the runs' means over their epochs, not their ends.
func TestAcrossTasksNoteNamesEachRowsStatistic(t *testing.T) {
	variants := []rlVariant{{Label: "ST", Slug: "st"}, {Label: "Plain", Slug: "plain"}}
	task := func(env string) taskSamples {
		return taskSamples{Env: env, Metric: "test return (deterministic policy)",
			Final:   map[string][]float64{"st": {3, 1}, "plain": {2}},
			OverRun: map[string][]float64{"st": {1, 0}, "plain": {2}}}
	}
	md, _, err := acrossTasks(variants, []taskSamples{task("A-v4"), task("B-v4")})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| ST | final test return (deterministic policy) | 2 | 0.50 |",
		"| ST | over the run | 2 | 0.00 |",
		`on a "final test return (deterministic policy)" row, the run's test return (deterministic policy) at its end;`,
		`on an "over the run" row, the mean of the run's test return (deterministic policy) over its epochs (the tasks' "over the run" column), not its end.`,
		"over 10000 stratified bootstrap resamples",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the across-task section lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "ends above") || strings.Contains(md, "%!") {
		t.Errorf("the across-task note says a run ends above another, or has a formatting error:\n%s", md)
	}
}
