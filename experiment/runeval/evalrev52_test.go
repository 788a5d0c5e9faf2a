package runeval

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/rl/agent"
	"github.com/stackel/stackel/rl/env"
)

// TestEvaluateInterrupted52: a context cancelled after the first of three
// runs (one worker) returns its error with the one run evaluated whole
// and its series over it; the two others are counted in Interrupted, not
// listed (before, Runs held a run failed with "context canceled",
// started after the cancel, and an empty Run with no directory), and
// OnRun is called for the first run only.
func TestEvaluateInterrupted52(t *testing.T) {
	root := t.TempDir()
	var dirs []string
	for _, seed := range []uint64{1, 2, 3} {
		dirs = append(dirs, tinyRun(t, root, "ddpg", seed))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen []string
	opts := Options{Dirs: []string{root}, Episodes: 3, Seed: 5, Workers: 1, OnRun: func(r Run) {
		seen = append(seen, r.Dir)
		cancel()
	}}
	res, err := Evaluate(ctx, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if len(res.Runs) != 1 || res.Runs[0].Dir != dirs[0] || res.Runs[0].Error != "" || len(res.Runs[0].Episodes) != 3 || res.Interrupted != 2 {
		t.Fatalf("runs %+v, interrupted %d; want the one run %s of 3 episodes and 2 interrupted", res.Runs, res.Interrupted, dirs[0])
	}
	if len(seen) != 1 || seen[0] != dirs[0] {
		t.Errorf("OnRun saw %q, want only %s", seen, dirs[0])
	}
	if len(res.Series) != 1 || res.Series[0].Runs != 1 || res.Series[0].Return.Mean != res.Runs[0].Return.Mean {
		t.Errorf("series %+v, want one series of the one run's mean %v", res.Series, res.Runs[0].Return.Mean)
	}
	if want := "eval interrupted: 1 of 3 runs evaluated"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to say %q", err, want)
	}
}

// TestResultJSONOfFailedRuns52: in the JSON of a run whose checkpoint did
// not load, the seed, steps, return and length it does not have are
// absent rather than 0 (a mean return of 0 that a script would average),
// and so are the return and steps of a series with no run evaluated; a run evaluated
// keeps them all, its seed 0 included.
func TestResultJSONOfFailedRuns52(t *testing.T) {
	for _, c := range []struct {
		name string
		v    any
		want string
	}{
		{"unloaded run", Run{Dir: "d", Series: "s", Error: "d/checkpoint.gob: corrupt"},
			`{"dir":"d","series":"s","error":"d/checkpoint.gob: corrupt"}`},
		{"run failed in its first episode", Run{Dir: "d", Series: "s", Env: "Pendulum-v1", Algo: "ddpg", DType: "float32", Steps: 200, RunSteps: 400, Error: "agent: evaluate: evaluation episode 1: …"},
			`{"dir":"d","series":"s","env":"Pendulum-v1","algo":"ddpg","seed":0,"dtype":"float32","steps":200,"run_steps":400,"error":"agent: evaluate: evaluation episode 1: …"}`},
		{"evaluated run", Run{Dir: "d", Series: "s", Env: "Pendulum-v1", Algo: "ddpg", DType: "float32", Steps: 400, RunSteps: 400,
			Return: Stats{Mean: -2, Min: -2, Max: -2}, Length: Stats{Mean: 200, Min: 200, Max: 200}, Episodes: []agent.Episode{{Return: -2, Length: 200}}},
			`{"dir":"d","series":"s","env":"Pendulum-v1","algo":"ddpg","seed":0,"dtype":"float32","steps":400,"run_steps":400,"return":{"mean":-2,"sd":null,"min":-2,"max":-2},"length":{"mean":200,"sd":null,"min":200,"max":200},"episodes":[{"return":-2,"length":200,"terminated":false}]}`},
		{"series without a run evaluated", Series{Name: "s", Failed: 2},
			`{"name":"s","runs":0,"failed":2}`},
		{"series evaluated", Series{Name: "s", Runs: 1, Return: Stats{Mean: -2, Min: -2, Max: -2}, MinSteps: 400, MaxSteps: 400},
			`{"name":"s","runs":1,"return":{"mean":-2,"sd":null,"min":-2,"max":-2},"min_steps":400,"max_steps":400}`},
	} {
		b, err := json.Marshal(c.v)
		if err != nil || string(b) != c.want {
			t.Errorf("%s: %s (%v)\nwant %s", c.name, b, err, c.want)
		}
	}
}

// TestSeriesOfRunsAtDifferentSteps52: a series whose runs' checkpoints
// are at different steps (a run stopped after its first epoch of two
// beside a finished one) says so: its MinSteps and MaxSteps are 200 and
// 400, and a note names the series and both counts, since its mean mixes
// policies trained for different lengths.
func TestSeriesOfRunsAtDifferentSteps52(t *testing.T) {
	root := t.TempDir()
	tinyRun(t, root, "ddpg", 1)
	stopped := filepath.Join(root, "ddpg", "seed2")
	j, err := experiment.NewJob(&experiment.Config{Name: "tiny-ddpg", RL: tinyRLConfig("ddpg")}, 2, "rl")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := experiment.RunJob(ctx, j, stopped, func(done, total int) {
		if done >= 1 { // epochs
			cancel()
		}
	}); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped run: %v, want context.Canceled", err)
	}
	res, err := Evaluate(context.Background(), Options{Dirs: []string{root}, Episodes: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Runs) != 2 || res.Runs[1].Steps != 200 || res.Runs[0].Steps != 400 {
		t.Fatalf("runs %+v; want the finished run at 400 steps and the stopped one at 200", res.Runs)
	}
	if s := res.Series[0]; s.Runs != 2 || s.MinSteps != 200 || s.MaxSteps != 400 {
		t.Errorf("series %+v, want 2 runs at 200 to 400 steps", s)
	}
	want := "series tiny-ddpg: its runs' policies were trained for different numbers of steps (200 to 400; some runs are still going or stopped), and its mean mixes them"
	if len(res.Notes) != 1 || res.Notes[0] != want {
		t.Errorf("notes %q, want [%q]", res.Notes, want)
	}
}

var registerElsewhere sync.Once

// TestEnvironmentNotInBinary52: a run whose config.yaml names an
// environment this binary lacks fails with a message saying why and what
// to do, before its checkpoint is read (a MuJoCo task's holds a replay
// buffer of hundreds of megabytes): a MuJoCo task without -tags mujoco
// gets env.Spec.Available's message (its checkpoint here is garbage, which
// was read and called corrupt before), and an environment registered from
// Go by the program that trained the run says to evaluate it there
// (before: "unknown environment" and this binary's list only).
func TestEnvironmentNotInBinary52(t *testing.T) {
	if spec, _ := env.Lookup("HalfCheetah-v4"); spec.Available() == nil {
		t.Skip("this binary has MuJoCo")
	}
	const id = "TrainedElsewhere-v0"
	registerElsewhere.Do(func() {
		if err := env.Register(env.Spec{ID: id, New: func() env.Env { return env.NewPendulum() }}); err != nil {
			t.Fatal(err)
		}
	})
	root := t.TempDir()
	// A run of id, trained while it was registered.
	rc := tinyRLConfig("ddpg")
	rc.Env = id
	j, err := experiment.NewJob(&experiment.Config{Name: "elsewhere", RL: rc}, 1, "rl")
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(root, "elsewhere")
	if _, err := experiment.RunJob(context.Background(), j, elsewhere, nil); err != nil {
		t.Fatal(err)
	}
	// A MuJoCo run's directory, as a default build sees it.
	cheetah := filepath.Join(root, "cheetah")
	if err := os.MkdirAll(cheetah, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"config.yaml":             "name: cheetah\nseed: 1\nrl:\n  env: HalfCheetah-v4\n  algo: ddpg\n  steps: 400\n",
		"metrics.csv":             "epoch,steps,test_return\n1,400,-1\n",
		experiment.CheckpointFile: "not read",
	} {
		if err := os.WriteFile(filepath.Join(cheetah, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// This binary, as another program that never registered id.
	lookupEnv = func(name string) (env.Spec, bool) {
		if name == id {
			return env.Spec{}, false
		}
		return env.Lookup(name)
	}
	t.Cleanup(func() { lookupEnv = env.Lookup })
	res, err := Evaluate(context.Background(), Options{Dirs: []string{root}, Episodes: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		cheetah:   "env: HalfCheetah-v4 needs the MuJoCo physics engine, which this binary was built without: install it (apt-get install libmujoco-dev, MuJoCo 2.2.2) and build with the mujoco tag (go build -tags mujoco ./cmd/stackel); its checkpoint was not read",
		elsewhere: `environment "TrainedElsewhere-v0" (rl.env of its config.yaml) is not one of this binary's (stackel envs lists them): one registered from Go (env.Register) by the program that trained the run is evaluated in that program (experiment.ReadCheckpoint, then Agent.Evaluate); its checkpoint was not read`,
	}
	if len(res.Runs) != 2 {
		t.Fatalf("runs %+v, want 2", res.Runs)
	}
	for _, r := range res.Runs {
		if r.Error != want[r.Dir] {
			t.Errorf("%s: error %q\nwant %q", r.Dir, r.Error, want[r.Dir])
		}
	}
}

// TestCopyAtFewerStepsLeftOut52: of two directories holding the same run
// (configuration and seed), one stopped after its first epoch (a copy
// taken while it trained) and listed first, the one trained further is
// evaluated and the other left out with a note saying so; before, the
// first found was kept, and the series reported the earlier policy.
func TestCopyAtFewerStepsLeftOut52(t *testing.T) {
	root := t.TempDir()
	full := filepath.Join(root, "b", "seed1")
	j, err := experiment.NewJob(&experiment.Config{Name: "tiny-ddpg", RL: tinyRLConfig("ddpg")}, 1, "rl")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := experiment.RunJob(context.Background(), j, full, nil); err != nil {
		t.Fatal(err)
	}
	early := filepath.Join(root, "a", "seed1")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := experiment.RunJob(ctx, j, early, func(done, total int) { cancel() }); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped run: %v, want context.Canceled", err)
	}
	res, err := Evaluate(context.Background(), Options{Dirs: []string{root}, Episodes: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Runs) != 1 || res.Runs[0].Dir != full || res.Runs[0].Steps != 400 {
		t.Errorf("runs %+v; want only %s at 400 steps", res.Runs, full)
	}
	want := early + " left out: the same configuration and seed (1) as " + full + ", a copy of that run at fewer steps (200, against 400)"
	if len(res.Notes) != 1 || res.Notes[0] != want {
		t.Errorf("notes %q\nwant [%q]", res.Notes, want)
	}
}

// TestCheckpointOfAnotherRun52: a run directory whose checkpoint.gob is
// another run's (seed 2's copied over seed 1's) is reported failed, naming
// both seeds, rather than evaluated as seed 1 of its series (its row said
// seed 2 under the series of seed 1's config.yaml, and the series counted
// seed 2 twice).
func TestCheckpointOfAnotherRun52(t *testing.T) {
	root := t.TempDir()
	one, two := tinyRun(t, root, "ddpg", 1), tinyRun(t, root, "ddpg", 2)
	b, err := os.ReadFile(filepath.Join(two, experiment.CheckpointFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(one, experiment.CheckpointFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Evaluate(context.Background(), Options{Dirs: []string{root}, Episodes: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := "its checkpoint.gob is another run's: seed 2 on Pendulum-v1, where the run's files (config.yaml, job.json) say seed 1 on Pendulum-v1; not evaluated"
	if len(res.Runs) != 2 || res.Runs[0].Error != want || res.Runs[1].Error != "" || res.Series[0].Runs != 1 || res.Series[0].Failed != 1 {
		t.Errorf("runs %+v\nseries %+v\nwant %s failed: %q", res.Runs, res.Series, one, want)
	}
}

// TestCancelAfterLastRun52: a context cancelled as the last run is
// reported (after every run was evaluated) cuts nothing: no error, the
// whole result (before, the error said interrupted, and stackel eval
// printed no table of its all-evaluated runs).
func TestCancelAfterLastRun52(t *testing.T) {
	root := t.TempDir()
	tinyRun(t, root, "ddpg", 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := Evaluate(ctx, Options{Dirs: []string{root}, Episodes: 1, OnRun: func(Run) { cancel() }})
	if err != nil || len(res.Runs) != 1 || res.Interrupted != 0 || len(res.Series) != 1 {
		t.Errorf("error %v, runs %d, interrupted %d, series %d; want no error, 1 run, none interrupted, 1 series", err, len(res.Runs), res.Interrupted, len(res.Series))
	}
}

// TestCheckpointsLoadedOneAtATime52: with two workers and four runs, every
// checkpoint is read while Evaluate holds its loading lock (no two loads
// at once: a load takes several times the checkpoint's size, and with
// each worker loading at once eval's peak memory was workers × that), and
// each of the four is read once.
func TestCheckpointsLoadedOneAtATime52(t *testing.T) {
	root := t.TempDir()
	for _, seed := range []uint64{1, 2, 3, 4} {
		tinyRun(t, root, "ddpg", seed)
	}
	var mu sync.Mutex
	var reads, unlocked int
	read := readCheckpoint
	readCheckpoint = func(dir string) (*agent.Agent, error) {
		held := !loading.TryLock()
		if !held {
			loading.Unlock()
		}
		mu.Lock()
		reads++
		if !held {
			unlocked++
		}
		mu.Unlock()
		return read(dir)
	}
	t.Cleanup(func() { readCheckpoint = read })
	res, err := Evaluate(context.Background(), Options{Dirs: []string{root}, Episodes: 1, Workers: 2})
	if err != nil || res.Failed() != 0 || len(res.Runs) != 4 {
		t.Fatalf("error %v, %d runs, %d failed", err, len(res.Runs), res.Failed())
	}
	if reads != 4 || unlocked != 0 {
		t.Errorf("%d checkpoints read, %d of them without the loading lock; want 4, none", reads, unlocked)
	}
}
