package repro

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestCommittedRunValuesFromMetrics recomputes, from each committed run's
// metrics.csv read directly (encoding/csv, not the report's reader), the
// per-seed values every committed results.json records: steps to the
// threshold = the steps of the first row whose metric (test_return for a
// "test return" metric, avg_return otherwise) is at or above the
// threshold, −1 when none is; final = the metric of the last row; over the
// run = the mean of the metric over the rows, a run shorter than the
// set's longest padded with its last value, a NaN row (no episode ended)
// taking the previous row's value and leading ones the first recorded.
// Exact equality for the steps, 1e-9 relative for the returns.
func TestCommittedRunValuesFromMetrics(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "results", "*", "results.json"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "results", "*", "*", "results.json"))
	checked := 0
	for _, path := range append(paths, more...) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatal(path, err)
		}
		if _, ok := raw["env"]; !ok {
			continue // a suite's across-task file
		}
		var head struct {
			Threshold *float64 `json:"threshold"`
			Metric    string   `json:"metric"`
			Seeds     int      `json:"seeds"`
		}
		if err := json.Unmarshal(data, &head); err != nil {
			t.Fatal(path, err)
		}
		col := "avg_return"
		if len(head.Metric) >= 11 && head.Metric[:11] == "test return" {
			col = "test_return"
		}
		type rec struct {
			Steps   []*int    `json:"steps_to_threshold"`
			Final   []float64 `json:"final"`
			OverRun []float64 `json:"over_run"`
		}
		recs := map[string]rec{}
		runs := map[string][][]float64{}
		firstHit := map[string][]int{}
		longest := 0
		for slug, b := range raw {
			var r rec
			if json.Unmarshal(b, &r) != nil || r.Final == nil {
				continue
			}
			if len(r.Final) != head.Seeds {
				t.Fatalf("%s: %s has %d finished runs of %d: the check wants every run finished", path, slug, len(r.Final), head.Seeds)
			}
			recs[slug] = r
			for s := 1; s <= head.Seeds; s++ {
				vals, steps := readMetricColumn(t, filepath.Join(filepath.Dir(path), slug, fmt.Sprintf("seed%d", s), "metrics.csv"), col)
				hit := -1
				for i, v := range vals {
					if head.Threshold != nil && v >= *head.Threshold { // NaN never is
						hit = steps[i]
						break
					}
				}
				firstHit[slug] = append(firstHit[slug], hit)
				// Carry the previous value over NaN rows; leading NaNs
				// take the first recorded one.
				first := math.NaN()
				for _, v := range vals {
					if !math.IsNaN(v) {
						first = v
						break
					}
				}
				prev := first
				for i, v := range vals {
					if math.IsNaN(v) {
						vals[i] = prev
					}
					prev = vals[i]
				}
				runs[slug] = append(runs[slug], vals)
				longest = max(longest, len(vals))
			}
		}
		near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
		for slug, r := range recs {
			for s, vals := range runs[slug] {
				sum := 0.0
				for i := 0; i < longest; i++ {
					sum += vals[min(i, len(vals)-1)]
				}
				final, over := vals[len(vals)-1], sum/float64(longest)
				if !near(r.Final[s], final) || !near(r.OverRun[s], over) {
					t.Errorf("%s: %s seed %d: final %v, over the run %v; metrics.csv gives %v, %v", path, slug, s+1, r.Final[s], r.OverRun[s], final, over)
				}
				if head.Threshold != nil && (r.Steps[s] == nil || *r.Steps[s] != firstHit[slug][s]) {
					t.Errorf("%s: %s seed %d: steps to the threshold %v; metrics.csv gives %d", path, slug, s+1, r.Steps[s], firstHit[slug][s])
				}
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked %d runs; the committed sets hold more", checked)
	}
}

// readMetricColumn returns the named column and the steps column of a
// metrics.csv.
func readMetricColumn(t *testing.T, path, col string) (vals []float64, steps []int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(path, err)
	}
	ci, si := -1, -1
	for i, h := range rows[0] {
		switch h {
		case col:
			ci = i
		case "steps":
			si = i
		}
	}
	if ci < 0 || si < 0 {
		t.Fatalf("%s: no %s or steps column", path, col)
	}
	for _, row := range rows[1:] {
		v, err1 := strconv.ParseFloat(row[ci], 64)
		s, err2 := strconv.ParseFloat(row[si], 64) // 10⁶ is written 1e+06
		if err1 != nil || err2 != nil || s != math.Trunc(s) {
			t.Fatalf("%s: row %v", path, row)
		}
		vals, steps = append(vals, v), append(steps, int(s))
	}
	return vals, steps
}

// Properties of the stratified bootstrap interval that hold whatever the
// draws: (1) every run of X equal within a task and every run of Y equal
// gives lo = hi = P, every resample being the sample itself (tasks: X =
// {3, 3, 3} vs Y = {1, 1}, P 1; X = {2, 2} vs Y = {2, 2, 2}, P ½; mean ¾);
// (2) the interval holds the point estimate for these samples; (3) each
// run repeated 16 times narrows it (the bootstrap spread falls as 1/√n);
// (4) relabelling the tasks (swapping their order) leaves P and the
// per-task values' multiset unchanged and, with every task drawn from the
// same kind of resample, keeps the interval within Monte Carlo error.
func TestStratifiedBootstrapPoIProperties(t *testing.T) {
	rng := func() *rand.Rand { return rand.New(rand.NewPCG(7, 8)) }
	lo, hi, err := StratifiedBootstrapPoI([][]float64{{3, 3, 3}, {2, 2}}, [][]float64{{1, 1}, {2, 2, 2}}, 0.95, 500, rng())
	if err != nil || lo != 0.75 || hi != 0.75 {
		t.Errorf("constant runs: [%v, %v] (%v), want [0.75, 0.75]", lo, hi, err)
	}

	x := [][]float64{{1, 4, 6, 9}, {10, 30, 50}}
	y := [][]float64{{2, 3, 5, 8}, {20, 25, 40, 60}}
	p, _, _ := ProbabilityOfImprovement(x, y)
	// By hand: task 1, X above Y in 1·0 + 4·2 + 6·3 + 9·4 = 0+2+3+4 = 9 of
	// 16 pairs; task 2, 0 + 2 + 3 = 5 of 12. P = (9/16 + 5/12)/2.
	if want := (9.0/16 + 5.0/12) / 2; math.Abs(p-want) > 1e-15 {
		t.Fatalf("P = %v, want %v", p, want)
	}
	lo, hi, err = StratifiedBootstrapPoI(x, y, 0.95, BootstrapReps, rng())
	if err != nil || !(lo < p && p < hi) {
		t.Errorf("[%v, %v] (%v) does not hold P = %v", lo, hi, err, p)
	}
	rep := func(s [][]float64, k int) [][]float64 {
		out := make([][]float64, len(s))
		for i, task := range s {
			for j := 0; j < k; j++ {
				out[i] = append(out[i], task...)
			}
		}
		return out
	}
	lo16, hi16, err := StratifiedBootstrapPoI(rep(x, 16), rep(y, 16), 0.95, BootstrapReps, rng())
	if p16, _, _ := ProbabilityOfImprovement(rep(x, 16), rep(y, 16)); p16 != p {
		t.Errorf("repeated runs change P: %v, %v", p16, p)
	}
	// 16 times the runs: about a quarter of the width; at most half.
	if err != nil || !(hi16-lo16 < (hi-lo)/2) || !(lo16 < p && p < hi16) {
		t.Errorf("16× the runs: [%v, %v], against [%v, %v] (%v)", lo16, hi16, lo, hi, err)
	}

	sx, sy := [][]float64{x[1], x[0]}, [][]float64{y[1], y[0]}
	ps, per, _ := ProbabilityOfImprovement(sx, sy)
	if math.Abs(ps-p) > 1e-15 || per[0] != 5.0/12 || per[1] != 9.0/16 {
		t.Errorf("tasks swapped: %v %v", ps, per)
	}
	los, his, _ := StratifiedBootstrapPoI(sx, sy, 0.95, BootstrapReps, rng())
	if math.Abs(los-lo) > 0.03 || math.Abs(his-hi) > 0.03 {
		t.Errorf("tasks swapped: [%v, %v] against [%v, %v]", los, his, lo, hi)
	}
}
