package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarkovSummaryNonFiniteValue43: a run whose first follower update
// is so large that V2λ is NaN stops with V2λ not finite. Its
// summary.json must still be written (encoding/json refuses a NaN, and
// the run once left metrics.csv without a summary), with the error,
// run_status "diverged", diverged_quantity "V2λ" and follower_value null.
// (The test first used leader rewards of 1e308 with γ = 0.9, a game now
// refused when loaded because its values leave float64's range.)
func TestMarkovSummaryNonFiniteValue43(t *testing.T) {
	dir := t.TempDir()
	// A game whose values are finite (a game whose values leave
	// float64's range is refused when loaded): a follower step so large
	// that the first update sends θ2 to ±1e308 makes V2λ NaN (0·log 0).
	spec := "gamma: 0.5\nlambda: 0.5\nstates: 1\nactions: [2, 2]\nrho: [1]\n" +
		"P: [[[[1], [1]], [[1], [1]]]]\nR1: [[[1, 0], [0, 1]]]\nR2: [[[1000, 0], [1000, 0]]]\n"
	if err := os.WriteFile(filepath.Join(dir, "g.yaml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(path, []byte("name: m\ngame: {markov: g.yaml}\ndynamics: {kind: simultaneous-pg, leader_lr: {constant: 0.001}, follower_lr: {constant: 2.4e305}}\niterations: 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	_, runErr := Run(context.Background(), cfg, RunOptions{Out: out})
	if runErr == nil || !strings.Contains(runErr.Error(), "V2λ") || strings.Contains(runErr.Error(), "encoding") {
		t.Fatalf("run error %v; want V2λ not finite, and no encoding error", runErr)
	}
	b, err := os.ReadFile(filepath.Join(out, SummaryFile))
	if err != nil {
		t.Fatalf("no summary.json: %v", err)
	}
	var sum map[string]any
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	final, _ := sum["final"].(map[string]any)
	if fv, ok := final["follower_value"]; !ok || fv != nil {
		t.Errorf("final.follower_value = %v (present %v); want null", fv, ok)
	}
	if sum["run_status"] != RunDiverged || sum["diverged_quantity"] != "V2λ" || !strings.Contains(sum["error"].(string), "V2λ") {
		t.Errorf("summary %s; want run_status diverged, diverged_quantity V2λ and the error", b)
	}
}

// TestMarkovSummaryJSONUnchanged43: for finite values MarkovSummary's
// encoding is encoding/json's of its fields (the same keys in the same
// order, the same numbers), so that summaries written before stay as they
// were.
func TestMarkovSummaryJSONUnchanged43(t *testing.T) {
	s := MarkovSummary{Name: "n", Game: "g", Dynamics: "stackelberg-pg", Seed: 3, Iterations: 7, Converged: true,
		StepRule: "fixed", LeaderStep: 0.5, FollowerStep: 2, WallSeconds: 1.25, Error: "e",
		RunEnd: RunEnd{RunStatus: RunDiverged, DivergedQuantity: "q"}}
	s.Final.LeaderValue, s.Final.FollowerValue, s.Final.HierGradNorm, s.Final.BRGap = -6.5, 9.25, 1e-5, 0.1
	s.Final.Policy1 = [][]float64{{0.25, 0.75}}
	s.Final.Policy2 = [][]float64{{1, 0}, {0.5, 0.5}}
	s.Status.Converged, s.Status.Criterion, s.Status.Measure, s.Status.GradNorm, s.Status.BRGap, s.Status.Reason = true, "c", "hier_grad_norm", 1e-5, 0.1, "r"
	type plain MarkovSummary // without the method
	want, err := json.Marshal(plain(s))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("encoding\n%s\nwant\n%s", got, want)
	}
}

// TestJobRerunDropsEarlierSummary43: a smooth job interrupted leaves its
// summary.json ("interrupted": true, iterations of that attempt); run
// again, the job starts afresh (smooth runs keep no checkpoint), and
// while the second attempt runs the directory must not hold the first
// attempt's summary beside the second's metrics.csv — a kill then left
// the two mixed, a summary of the first attempt's iterations over rows
// of the second. The second attempt ends with its own summary.
func TestJobRerunDropsEarlierSummary43(t *testing.T) {
	cfg, err := ParseConfig([]byte(duopolyYAML))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	job, err := NewJob(cfg, 7, "j")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := RunJob(ctx, job, dir, func(done, total int) {
		if done >= 300 {
			cancel()
		}
	}); err == nil || !Interrupted(err) {
		t.Fatalf("first attempt: %v; want interrupted", err)
	}
	if _, err := os.Stat(filepath.Join(dir, SummaryFile)); err != nil {
		t.Fatalf("first attempt left no summary.json: %v", err)
	}
	var seen bool
	rec, err := RunJob(context.Background(), job, dir, func(done, total int) {
		if seen {
			return
		}
		seen = true
		if b, err := os.ReadFile(filepath.Join(dir, SummaryFile)); err == nil {
			t.Errorf("while the job runs again, summary.json is the earlier attempt's: %s", b)
		}
	})
	if err != nil || rec.Status != JobDone || !seen {
		t.Fatalf("second attempt: %v, status %q, progress seen %v", err, rec.Status, seen)
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum SmoothSummary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Iterations != 2000 || sum.Error != "" || sum.RunStatus != RunIterationLimit {
		t.Errorf("summary after the second attempt: %s", b)
	}
}
