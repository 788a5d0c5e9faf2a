package runeval

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/rl/agent"
)

// tinyRun runs a 400-step DDPG or STDDPG job on Pendulum-v1 (seed, algo)
// into root/algo/seed<seed> and returns the directory.
func tinyRun(t *testing.T, root, algo string, seed uint64) string {
	t.Helper()
	j, err := experiment.NewJob(&experiment.Config{Name: "tiny-" + algo, RL: tinyRLConfig(algo)}, seed, "rl")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, algo, "seed"+string(rune('0'+seed)))
	if rec, err := experiment.RunJob(context.Background(), j, dir, nil); err != nil || rec.Status != experiment.JobDone {
		t.Fatalf("RunJob: %s, %v", rec.Status, err)
	}
	return dir
}

// tinyRLConfig is tinyRun's configuration: 400 steps of DDPG or STDDPG
// on Pendulum-v1 in two epochs.
func tinyRLConfig(algo string) *experiment.RLConfig {
	rc := experiment.RLConfig{
		Env: "Pendulum-v1", Algo: algo, Leader: "actor", Steps: 400, StepsPerEpoch: 200, Hidden: []int{8},
		CG: &experiment.RLCGConfig{Iters: 3},
		Extra: map[string]any{"start_steps": 100, "update_after": 100, "update_every": 50, "batch_size": 16,
			"replay_size": 1000, "test_episodes": 1, "lanczos_iters": 3},
	}
	if algo == "ddpg" {
		rc.Leader, rc.CG = "", nil
	}
	return &rc
}

// meanSD is the mean and sample sd of v, computed here apart from the
// package's own.
func meanSD(v []float64) (mean, sd float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(v)-1))
}

// TestEvaluateRuns52: four runs (two seeds of DDPG and of STDDPG) below
// one directory are evaluated as their checkpoints, loaded and played by
// agent.Evaluate directly, give (episodes bit for bit; mean and sd to
// 1e-12); each series' return is the mean ± sd over its two runs of their
// means; one and two workers give the same result; the runs' files are
// left as they were; a run without a checkpoint is left out with a note
// and a run whose checkpoint is damaged is reported failed, out of its
// series' mean.
func TestEvaluateRuns52(t *testing.T) {
	root := t.TempDir()
	var dirs []string
	for _, algo := range []string{"ddpg", "stddpg"} {
		for _, seed := range []uint64{1, 2} {
			dirs = append(dirs, tinyRun(t, root, algo, seed))
		}
	}
	ckpt := filepath.Join(dirs[3], experiment.CheckpointFile)
	before, err := os.ReadFile(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Dirs: []string{root}, Episodes: 3, Seed: 5, Workers: 2}
	var order []string
	opts.OnRun = func(r Run) { order = append(order, r.Dir) }
	res, err := Evaluate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(order, dirs) || len(res.Runs) != 4 || len(res.Series) != 2 || res.Failed() != 0 {
		t.Fatalf("OnRun order %v, runs %d, series %d, failed %d; want the four runs in order %v, 2 series, none failed", order, len(res.Runs), len(res.Series), res.Failed(), dirs)
	}
	var means [2][]float64
	for i, r := range res.Runs {
		a, err := experiment.ReadCheckpoint(dirs[i])
		if err != nil {
			t.Fatal(err)
		}
		want, err := a.Evaluate(context.Background(), agent.EvalOptions{Episodes: 3, Seed: 5})
		a.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(r.Episodes, want) || r.Dir != dirs[i] || r.Steps != 400 || r.RunSteps != 400 || r.Env != "Pendulum-v1" {
			t.Errorf("run %s: %+v, want the episodes %+v of 400 steps of 400", dirs[i], r, want)
		}
		rets := []float64{want[0].Return, want[1].Return, want[2].Return}
		m, sd := meanSD(rets)
		if !(math.Abs(r.Return.Mean-m) <= 1e-12*math.Abs(m)) || !(math.Abs(r.Return.SD-sd) <= 1e-12*sd) ||
			r.Return.Min != min(rets[0], rets[1], rets[2]) || r.Return.Max != max(rets[0], rets[1], rets[2]) || r.Length.Mean != 200 {
			t.Errorf("run %s: return %+v length %+v, want mean %v sd %v of %v, length 200", dirs[i], r.Return, r.Length, m, sd, rets)
		}
		means[i/2] = append(means[i/2], r.Return.Mean)
	}
	for k, s := range res.Series {
		m, sd := meanSD(means[k])
		if s.Runs != 2 || s.Failed != 0 || !(math.Abs(s.Return.Mean-m) <= 1e-12*math.Abs(m)) || !(math.Abs(s.Return.SD-sd) <= 1e-12*sd) {
			t.Errorf("series %q: %+v, want 2 runs, mean %v sd %v of %v", s.Name, s, m, sd, means[k])
		}
	}
	if res.Series[0].Name != "tiny-ddpg" || res.Series[1].Name != "tiny-stddpg" || res.Runs[2].Leader != "actor" || res.Runs[0].Leader != "" {
		t.Errorf("series %q, %q, leaders %q, %q; want tiny-ddpg, tiny-stddpg and the leader of STDDPG only", res.Series[0].Name, res.Series[1].Name, res.Runs[0].Leader, res.Runs[2].Leader)
	}
	opts.Workers, opts.OnRun = 1, nil
	one, err := Evaluate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, res) {
		t.Errorf("one worker: %+v\ntwo: %+v", one, res)
	}
	if after, err := os.ReadFile(ckpt); err != nil || string(after) != string(before) {
		t.Errorf("the checkpoint changed (%v)", err)
	}

	// A copy of a run (the same configuration and seed) is left out.
	copied := filepath.Join(root, "ddpg", "seed1.copy")
	if err := os.CopyFS(copied, os.DirFS(dirs[0])); err != nil {
		t.Fatal(err)
	}
	withCopy, err := Evaluate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(withCopy.Notes) != 1 || !strings.Contains(withCopy.Notes[0], copied+" left out: the same configuration and seed (1) as "+dirs[0]) || !reflect.DeepEqual(withCopy.Runs, res.Runs) {
		t.Errorf("with a copy of %s: notes %q, runs %d; want it left out with a note", dirs[0], withCopy.Notes, len(withCopy.Runs))
	}
	if err := os.RemoveAll(copied); err != nil {
		t.Fatal(err)
	}

	// A copy without its checkpoint, and a damaged checkpoint.
	if err := os.Remove(filepath.Join(dirs[0], experiment.CheckpointFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := experiment.ReadCheckpoint(dirs[0]); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadCheckpoint of a directory without one: %v, want fs.ErrNotExist", err)
	}
	before[len(before)-1] ^= 1
	if err := os.WriteFile(ckpt, before, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = Evaluate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Runs) != 3 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "1 of the 4 runs found have no checkpoint.gob") || !strings.HasSuffix(res.Notes[0], "left out: "+dirs[0]) {
		t.Fatalf("runs %d, notes %q; want 3 runs and a note on %s", len(res.Runs), res.Notes, dirs[0])
	}
	if e := res.Runs[2].Error; res.Failed() != 1 || !strings.Contains(e, ckpt+": corrupt checkpoint: SHA-256 mismatch") {
		t.Errorf("damaged checkpoint: error %q, failed %d", e, res.Failed())
	}
	if s := res.Series[1]; s.Runs != 1 || s.Failed != 1 || s.Return.Mean != res.Runs[1].Return.Mean || s.Return.SD != 0 {
		t.Errorf("series with a failed run: %+v, want its one evaluated run's mean %v", s, res.Runs[1].Return.Mean)
	}
}

// TestEvaluateRefuses52: no run with a checkpoint, negative episodes or
// workers and a nil context are errors saying so.
func TestEvaluateRefuses52(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "metrics.csv"), []byte("iter,x\n0,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Evaluate(context.Background(), Options{Dirs: []string{root}})
	if want := "the run " + root + " has no checkpoint.gob to evaluate"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("one run without a checkpoint: %v, want %q", err, want)
	}
	sub := filepath.Join(root, "b")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "metrics.csv"), []byte("iter,x\n0,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Evaluate(context.Background(), Options{Dirs: []string{root}})
	if want := "none of the 2 runs below " + root + " has a checkpoint.gob to evaluate"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("no checkpoint: %v, want %q", err, want)
	}
	for _, o := range []Options{{Dirs: []string{root}, Episodes: -1}, {Dirs: []string{root}, Workers: -2}} {
		if _, err := Evaluate(context.Background(), o); err == nil || !strings.Contains(err.Error(), "give at least 1") {
			t.Errorf("%+v: %v", o, err)
		}
	}
	var nilCtx context.Context
	if _, err := Evaluate(nilCtx, Options{Dirs: []string{root}}); err == nil || !strings.Contains(err.Error(), "nil context") {
		t.Errorf("nil context: %v", err)
	}
}

// TestStoppedRun52: a run that stopped on an error in training (its
// job.json recording it failed, or, without a job.json, its summary.json's
// error) is played from its last checkpoint and its Run.Stopped says the
// error, so that its return is not read as a finished run's; a run that
// did not stop has none. Without it a run stopped by divergence at a
// third of its steps stood in its series like the others, only its steps
// telling it apart.
func TestStoppedRun52(t *testing.T) {
	root := t.TempDir()
	dir := tinyRun(t, root, "ddpg", 1)
	plain := tinyRun(t, root, "ddpg", 2)
	rec, ok, err := experiment.ReadJobRecord(dir)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	rec.Status, rec.Error = experiment.JobFailed, "ddpg epoch 2: critic update: critic loss is +Inf"
	if err := experiment.WriteJSON(dir, experiment.JobFile, rec); err != nil {
		t.Fatal(err)
	}
	res, err := Evaluate(context.Background(), Options{Dirs: []string{root}, Episodes: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Runs[0].Stopped != rec.Error || res.Runs[1].Stopped != "" || res.Failed() != 0 {
		t.Errorf("stopped %q and %q, failed %d; want %q, none, 0", res.Runs[0].Stopped, res.Runs[1].Stopped, res.Failed(), rec.Error)
	}
	// A run of stackel run (no job.json): its summary.json's error.
	if err := os.Remove(filepath.Join(plain, experiment.JobFile)); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(plain, experiment.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(sum, &m); err != nil {
		t.Fatal(err)
	}
	m["error"] = "ddpg epoch 2: NaN"
	if err := experiment.WriteJSON(plain, experiment.SummaryFile, m); err != nil {
		t.Fatal(err)
	}
	res, err = Evaluate(context.Background(), Options{Dirs: []string{plain}, Episodes: 1})
	if err != nil || res.Runs[0].Stopped != "ddpg epoch 2: NaN" {
		t.Errorf("summary.json's error: %v, stopped %q", err, res.Runs[0].Stopped)
	}
}
