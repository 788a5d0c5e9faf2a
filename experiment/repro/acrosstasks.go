package repro

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/stackel/stackel/internal/safeyaml"
)

// Across tasks: the probability of improvement (Agarwal et al. 2021,
// "Deep Reinforcement Learning at the Edge of the Statistical Precipice",
// NeurIPS 2021) of each variant of a suite over its reference,
// averaged over the suite's tasks, with a stratified bootstrap interval.
// Unlike a mean of returns it needs no normalisation of the tasks' scales
// (HalfCheetah's thousands against Walker2d's hundreds), and unlike a
// per-task rank test it pools the evidence of every task.

// BootstrapReps is the number of stratified bootstrap resamples behind an
// across-task interval, and bootstrapSeed the seed of their draws (fixed,
// so a report written again from the same runs gives the same interval).
const (
	BootstrapReps = 10000
	bootstrapSeed = 0x706f69 // "poi"
)

// ProbabilityOfImprovement returns P(X > Y) averaged over tasks: for task
// t, the probability that a value of x[t] (one run of X) is above a value
// of y[t] (one run of Y), counting ties ½, which is Mann–Whitney's
// U_t/(n_t·m_t); then the mean over the T tasks, (1/T) Σ_t U_t/(n_t·m_t).
// What a value is — a run's final return, or its mean over the run's
// evaluations — is the caller's: acrossTasks passes each in turn. It also
// returns the per-task values. A task with an empty sample is an error; a
// NaN gives NaN.
func ProbabilityOfImprovement(x, y [][]float64) (p float64, perTask []float64, err error) {
	if len(x) == 0 || len(x) != len(y) {
		return math.NaN(), nil, fmt.Errorf("probability of improvement: %d and %d tasks", len(x), len(y))
	}
	perTask = make([]float64, len(x))
	for t := range x {
		if len(x[t]) == 0 || len(y[t]) == 0 {
			return math.NaN(), nil, fmt.Errorf("probability of improvement: task %d has %d and %d runs", t+1, len(x[t]), len(y[t]))
		}
		perTask[t] = pairsAbove(x[t], y[t])
		p += perTask[t]
	}
	return p / float64(len(x)), perTask, nil
}

// pairsAbove is the share of the pairs (a_i, b_j) with a_i > b_j, ties ½
// (NaN when either holds a NaN).
func pairsAbove(a, b []float64) float64 {
	var u float64
	for _, ai := range a {
		for _, bj := range b {
			switch {
			case math.IsNaN(ai) || math.IsNaN(bj):
				return math.NaN()
			case ai > bj:
				u++
			case ai == bj:
				u += 0.5
			}
		}
	}
	return u / float64(len(a)*len(b))
}

// StratifiedBootstrapPoI returns the percentile interval of the given
// level (e.g. 0.95) of ProbabilityOfImprovement(x, y) over reps stratified
// bootstrap resamples: in each, every task's runs of X and of Y are drawn
// anew, with replacement, from that task's runs of X and of Y (n_t and m_t
// draws), so that each task keeps its weight 1/T. The quantiles are
// linear between order statistics (Hyndman and Fan's type 7). Every draw
// comes from rng. A NaN among the values gives a NaN interval.
func StratifiedBootstrapPoI(x, y [][]float64, level float64, reps int, rng *rand.Rand) (lo, hi float64, err error) {
	p, _, err := ProbabilityOfImprovement(x, y)
	if err != nil {
		return math.NaN(), math.NaN(), err
	}
	if reps < 1 || level <= 0 || level >= 1 {
		return math.NaN(), math.NaN(), fmt.Errorf("stratified bootstrap: %d resamples at level %v", reps, level)
	}
	if math.IsNaN(p) {
		// Whether or not a resample would draw the NaN run.
		return math.NaN(), math.NaN(), nil
	}
	stats := make([]float64, reps)
	xs, ys := make([][]float64, len(x)), make([][]float64, len(y))
	for t := range x {
		xs[t], ys[t] = make([]float64, len(x[t])), make([]float64, len(y[t]))
	}
	for r := range stats {
		for t := range x {
			resample(xs[t], x[t], rng)
			resample(ys[t], y[t], rng)
		}
		stats[r], _, _ = ProbabilityOfImprovement(xs, ys)
	}
	if slices.ContainsFunc(stats, math.IsNaN) {
		return math.NaN(), math.NaN(), nil
	}
	slices.Sort(stats)
	return quantile7(stats, (1-level)/2), quantile7(stats, (1+level)/2), nil
}

// resample fills dst with len(dst) draws, with replacement, from src.
func resample(dst, src []float64, rng *rand.Rand) {
	for i := range dst {
		dst[i] = src[rng.IntN(len(src))]
	}
}

// quantile7 is the q-quantile of the sorted sample s, linear between the
// order statistics at (len(s)−1)·q (Hyndman and Fan's type 7).
func quantile7(s []float64, q float64) float64 {
	h := float64(len(s)-1) * q
	i := int(math.Floor(h))
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}

// taskSamples are one task's final and over-the-run values by variant
// slug, as its results.json records them (finished runs only).
type taskSamples struct {
	Env            string
	Metric         string
	Final, OverRun map[string][]float64
}

// readTaskSamples reads the metric and the final and over-the-run values
// of each variant from a task's results.json (reportRL's).
func readTaskSamples(path, env string, variants []rlVariant) (taskSamples, error) {
	data, err := safeyaml.ReadOwnFile(path)
	if err != nil {
		return taskSamples{}, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return taskSamples{}, fmt.Errorf("%s: %w", path, err)
	}
	ts := taskSamples{Env: env, Final: map[string][]float64{}, OverRun: map[string][]float64{}}
	if err := json.Unmarshal(raw["metric"], &ts.Metric); err != nil {
		return taskSamples{}, fmt.Errorf("%s: metric: %w", path, err)
	}
	for _, v := range variants {
		var rec struct {
			Final   []float64 `json:"final"`
			OverRun []float64 `json:"over_run"`
		}
		if b, ok := raw[v.Slug]; ok {
			if err := json.Unmarshal(b, &rec); err != nil {
				return taskSamples{}, fmt.Errorf("%s: %s: %w", path, v.Slug, err)
			}
		}
		ts.Final[v.Slug], ts.OverRun[v.Slug] = rec.Final, rec.OverRun
	}
	return ts, nil
}

// acrossTasks writes the suite's across-task table (report.md's last
// section, returned as Markdown) and returns its results for results.json:
// for each variant against the reference (the last variant), the
// probability of improvement on the final and on the over-the-run values,
// its 95% stratified bootstrap interval (none, "—", with one run a side on
// every task: nothing to resample) and the per-task values, over the tasks
// where both have finished runs.
func acrossTasks(variants []rlVariant, tasks []taskSamples) (string, map[string]any, error) {
	ref := variants[len(variants)-1]
	var envs []string
	metric := tasks[0].Metric
	for _, ts := range tasks {
		envs = append(envs, ts.Env)
		if ts.Metric != metric {
			return "", nil, fmt.Errorf("across tasks: %s reports the %s, %s the %s", tasks[0].Env, metric, ts.Env, ts.Metric)
		}
	}
	t := Table{
		Title:  fmt.Sprintf("Across tasks: probability of improvement over %s", ref.Label),
		Header: []string{"algorithm", "statistic", "tasks", fmt.Sprintf("P(algorithm > %s)", ref.Label), "95% CI (stratified bootstrap)", "per task (" + strings.Join(envs, " / ") + ")"},
		Notes: []string{
			fmt.Sprintf("P(X > Y) is the probability that a run of X is above a run of Y on a task in the row's statistic (ties ½; U/(n·m) of the task's rank-sum test), averaged over the tasks (Agarwal et al. 2021, \"Deep Reinforcement Learning at the Edge of the Statistical Precipice\"): on a \"final %[2]s\" row, the run's %[2]s at its end; on an \"over the run\" row, the mean of the run's %[2]s over its epochs (the tasks' \"over the run\" column), not its end. It needs no normalisation of the tasks' return scales. 0.5 means no tendency either way. "+
				"The interval is the 2.5–97.5 %% percentile interval over %[1]d stratified bootstrap resamples (each task's runs of each algorithm drawn again with replacement; fixed seed, so the same runs give the same interval). "+
				"A task where either algorithm has no finished run is left out.", BootstrapReps, metric),
		},
	}
	out := map[string]any{"tasks": envs, "reference": ref.Slug, "bootstrap_reps": BootstrapReps, "level": 0.95}
	poi := map[string]any{}
	oneRun := false // a row without an interval: one run a side on every task
	for _, v := range variants[:len(variants)-1] {
		for _, st := range []struct {
			name string
			get  func(taskSamples) map[string][]float64
		}{
			{"final " + metric, func(s taskSamples) map[string][]float64 { return s.Final }},
			{"over the run", func(s taskSamples) map[string][]float64 { return s.OverRun }},
		} {
			var x, y [][]float64
			var used []string
			cells := make([]string, len(tasks))
			for i, ts := range tasks {
				a, b := st.get(ts)[v.Slug], st.get(ts)[ref.Slug]
				if len(a) == 0 || len(b) == 0 {
					cells[i] = "—"
					continue
				}
				x, y, used = append(x, a), append(y, b), append(used, ts.Env)
			}
			if len(x) == 0 {
				continue
			}
			p, per, err := ProbabilityOfImprovement(x, y)
			if err != nil {
				return "", nil, err
			}
			k := 0
			for i := range cells {
				if cells[i] == "" {
					cells[i] = fmt.Sprintf("%.2f", per[k])
					k++
				}
			}
			row := map[string]any{"p": p, "tasks": used, "per_task": per}
			poi[v.Slug+" vs "+ref.Slug+": "+st.name] = row
			if !slices.ContainsFunc(x, moreThanOne) && !slices.ContainsFunc(y, moreThanOne) {
				// One run a side on every task: every resample is the
				// data, an "interval" of no width.
				t.Add(v.Label, st.name, len(x), fmt.Sprintf("%.2f", p), "—", strings.Join(cells, " / "))
				oneRun = true
				continue
			}
			rng := rand.New(rand.NewPCG(bootstrapSeed, 0))
			lo, hi, err := StratifiedBootstrapPoI(x, y, 0.95, BootstrapReps, rng)
			if err != nil {
				return "", nil, err
			}
			t.Add(v.Label, st.name, len(x), fmt.Sprintf("%.2f", p), fmt.Sprintf("[%.2f, %.2f]", lo, hi), strings.Join(cells, " / "))
			row["lo"], row["hi"] = lo, hi
		}
	}
	if oneRun {
		t.Notes[0] += " With one run of each algorithm on every task there is nothing to resample: no interval (\"—\"), and P is the average of the tasks' single comparisons (1, ½ or 0 each)."
	}
	out["probability_of_improvement"] = poi
	return t.Markdown(), out, nil
}

// moreThanOne reports that runs holds more than one value.
func moreThanOne(runs []float64) bool { return len(runs) > 1 }
