package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// A multi-seed reproduction cancelled half-way (context cancelled after two
// jobs ended, with a second worker mid-run), then rerun with the same
// options, runs only the unfinished jobs — the finished ones' job.json is
// untouched, the interrupted RL run resumes from its checkpoint — and ends
// with the same outputs as an uninterrupted reproduction: results.json and
// every run's metrics.csv and summary.json, timing aside.
func TestReproductionResumesAfterCancel(t *testing.T) {
	rep, err := Lookup("stac-cartpole")
	if err != nil {
		t.Fatal(err)
	}
	base := Options{Quick: true, Seeds: 3, Workers: 2}
	whole := base
	whole.Out = t.TempDir()
	if err := rep.Execute(context.Background(), whole); err != nil {
		t.Fatal(err)
	}
	jobs, err := rep.Jobs(base)
	if err != nil || len(jobs) != 9 {
		t.Fatalf("%d jobs, %v; want 3 variants × 3 seeds", len(jobs), err)
	}

	killed := base
	killed.Out = t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	killed.Progress = func(done, total int) {
		if done >= 2 {
			cancel()
		}
	}
	if err := rep.Execute(ctx, killed); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled reproduction returned %v", err)
	}
	_, finished, err := experiment.Pending(killed.Out, jobs)
	if err != nil || len(finished) < 2 || len(finished) == len(jobs) {
		t.Fatalf("after the cancel %d of %d jobs finished (%v); want some but not all", len(finished), len(jobs), err)
	}
	if _, err := os.Stat(filepath.Join(killed.Out, "results.json")); err == nil {
		t.Error("a cancelled reproduction wrote results.json")
	}
	records := map[string][]byte{}
	for _, j := range finished {
		records[j.ID], _ = os.ReadFile(filepath.Join(killed.Out, j.Out, experiment.JobFile))
	}

	var log bytes.Buffer
	var mu sync.Mutex
	total := -1
	rerun := base
	rerun.Out, rerun.Log = killed.Out, &log
	rerun.Progress = func(done, n int) { mu.Lock(); total = n; mu.Unlock() }
	if err := rep.Execute(context.Background(), rerun); err != nil {
		t.Fatal(err)
	}
	if total != len(jobs)-len(finished) {
		t.Errorf("the rerun ran %d jobs; want the %d unfinished", total, len(jobs)-len(finished))
	}
	if !strings.Contains(log.String(), "reusing "+itoa(len(finished))+" of 9 runs finished") {
		t.Errorf("the rerun does not say what it reuses:\n%s", log.String())
	}
	for _, j := range finished {
		now, _ := os.ReadFile(filepath.Join(killed.Out, j.Out, experiment.JobFile))
		if !bytes.Equal(now, records[j.ID]) {
			t.Errorf("finished job %s was run again", j.Out)
		}
	}
	if a, b := resultsWithoutTiming(t, whole.Out), resultsWithoutTiming(t, killed.Out); !reflect.DeepEqual(a, b) {
		t.Errorf("results.json differs:\n%v\n%v", a, b)
	}
	for _, j := range jobs {
		a := metricsWithoutSeconds(t, filepath.Join(whole.Out, j.Out))
		b := metricsWithoutSeconds(t, filepath.Join(killed.Out, j.Out))
		if a != b || strings.Count(a, "\n") != 3 {
			t.Errorf("%s: metrics differ or are incomplete:\n%s\n%s", j.Out, a, b)
		}
		sa, sb := summaryCore(t, filepath.Join(whole.Out, j.Out)), summaryCore(t, filepath.Join(killed.Out, j.Out))
		if !reflect.DeepEqual(sa, sb) {
			t.Errorf("%s: summary %v vs %v", j.Out, sa, sb)
		}
	}
	// A full-length run into the quick run's directory is refused rather
	// than mixed with it.
	full := Options{Seeds: 3, Workers: 2, Out: killed.Out}
	if err := rep.Execute(context.Background(), full); err == nil || !strings.Contains(err.Error(), "holds the outputs of job") {
		t.Errorf("a full run over a quick one: %v", err)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// resultsWithoutTiming reads dir/results.json without its timing fields.
func resultsWithoutTiming(t *testing.T, dir string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return dropKeys(v, "steps_per_second")
}

func dropKeys(v any, keys ...string) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			drop := false
			for _, d := range keys {
				drop = drop || k == d
			}
			if !drop {
				out[k] = dropKeys(e, keys...)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = dropKeys(e, keys...)
		}
		return out
	}
	return v
}

// metricsWithoutSeconds returns dir/metrics.csv without its last
// (wall-clock seconds) column.
func metricsWithoutSeconds(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, experiment.MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, ln := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(ln, ",")
		if f[len(f)-1] != "seconds" && len(out.String()) == 0 {
			t.Fatalf("last column of %s is %q, not seconds", dir, f[len(f)-1])
		}
		out.WriteString(strings.Join(f[:len(f)-1], ",") + "\n")
	}
	return out.String()
}

// summaryCore is a run's summary.json without timing and resume fields
// (metrics_sha256 is a digest of metrics.csv's seconds column too).
func summaryCore(t *testing.T, dir string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, experiment.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return dropKeys(v, "steps_per_second", "resumed_from_epoch", "metrics_sha256")
}

// A finished reproduction rerun into its directory with a larger --steps
// continues every run from its checkpoint, says so, and ends with the
// outputs of a reproduction run at the larger length from the start (each
// run's metrics.csv and summary, results.json; timing aside).
func TestReproductionExtends(t *testing.T) {
	t.Parallel()
	rep, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	whole := Options{Quick: true, Seeds: 2, Workers: 2, Steps: 900, Out: t.TempDir()}
	if err := rep.Execute(context.Background(), whole); err != nil {
		t.Fatal(err)
	}
	short := whole
	short.Steps, short.Out = 600, t.TempDir()
	if err := rep.Execute(context.Background(), short); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	longer := whole
	longer.Out, longer.Log = short.Out, &log
	if err := rep.Execute(context.Background(), longer); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "continuing 6 shorter runs in "+short.Out) {
		t.Errorf("the rerun does not say that it continues the runs:\n%s", log.String())
	}
	jobs, err := rep.Jobs(whole)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		a := metricsWithoutSeconds(t, filepath.Join(whole.Out, j.Out))
		b := metricsWithoutSeconds(t, filepath.Join(short.Out, j.Out))
		if a != b || strings.Count(a, "\n") != 4 {
			t.Errorf("%s: metrics of the continued run differ or are incomplete:\n%s\n%s", j.Out, a, b)
		}
		sb := summaryCore(t, filepath.Join(short.Out, j.Out))
		if m, _ := sb.(map[string]any); m["extended_from_steps"] != 600.0 {
			t.Errorf("%s: summary.json of the continued run does not say it continued a 600-step run: %v", j.Out, sb)
		}
		sa := summaryCore(t, filepath.Join(whole.Out, j.Out))
		if sb = dropKeys(sb, "extended_from_steps"); !reflect.DeepEqual(sa, sb) {
			t.Errorf("%s: summary %v vs %v", j.Out, sa, sb)
		}
	}
	if a, b := resultsWithoutTiming(t, whole.Out), resultsWithoutTiming(t, short.Out); !reflect.DeepEqual(a, b) {
		t.Errorf("results.json differs:\n%v\n%v", a, b)
	}
}

// TestReproductionExtendsWithoutCheckpoint: a shorter run copied without
// its checkpoint (a set from results/) cannot be continued; a larger
// --steps says so and runs it again from step 0, to the metrics of a run
// that long from the start.
func TestReproductionExtendsWithoutCheckpoint(t *testing.T) {
	rep, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	whole := Options{Quick: true, Seeds: 1, Workers: 1, Steps: 900, Variants: []string{"ddpg"}, Out: t.TempDir()}
	if err := rep.Execute(context.Background(), whole); err != nil {
		t.Fatal(err)
	}
	short := whole
	short.Steps, short.Out = 600, t.TempDir()
	if err := rep.Execute(context.Background(), short); err != nil {
		t.Fatal(err)
	}
	run := filepath.Join("ddpg", "seed1")
	if err := os.Remove(filepath.Join(short.Out, run, experiment.CheckpointFile)); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	longer := whole
	longer.Out, longer.Log = short.Out, &log
	if err := rep.Execute(context.Background(), longer); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "1 of them have no checkpoint and start again from step 0: "+run) {
		t.Errorf("the rerun does not say that the run starts again:\n%s", log.String())
	}
	a, b := metricsWithoutSeconds(t, filepath.Join(whole.Out, run)), metricsWithoutSeconds(t, filepath.Join(short.Out, run))
	if a != b || strings.Count(a, "\n") != 4 {
		t.Errorf("metrics of the rerun differ from a 900-step run's or are incomplete:\n%s\n%s", a, b)
	}
}
