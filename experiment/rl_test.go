package experiment

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/stackel/stackel/rl/agent"

	"github.com/stackel/stackel/ad"
)

// tinyRL is a three-epoch STDDPG run with small networks (a few seconds).
func tinyRL() RLConfig {
	return RLConfig{
		Env: "Pendulum-v1", Algo: "stddpg", Leader: "actor",
		Steps: 600, StepsPerEpoch: 200, Hidden: []int{8},
		CG: &RLCGConfig{Iters: 3, Lambda: new(10.0)},
		Extra: map[string]any{
			"start_steps": 100, "update_after": 100, "update_every": 50, "batch_size": 16,
			"replay_size": 1000, "test_episodes": 2, "lanczos_iters": 3,
		},
	}
}

// metricsWithoutTime returns metrics.csv without its wall-clock column.
func metricsWithoutTime(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ln := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(ln, ",")
		out = append(out, strings.Join(f[:len(f)-1], ","))
	}
	return strings.Join(out, "\n")
}

// A run killed after its first epoch (mid-way through the second) and
// resumed with --resume semantics writes the same metrics.csv (apart from
// wall-clock seconds) as an uninterrupted run, loses no completed epoch,
// and its summary.json has the published fields.
func TestRunRLResumeAfterKill(t *testing.T) {
	ctx := context.Background()
	full := t.TempDir()
	sum, err := RunRL(ctx, tinyRL(), 5, full, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Epochs != 3 || sum.Steps != 600 || sum.StepsPerSecond <= 0 {
		t.Fatalf("summary %+v", sum)
	}

	killed := t.TempDir()
	kctx, cancel := context.WithCancel(ctx)
	progress := func(done, total int) {
		if done == 1 {
			cancel() // killed during epoch 2
		}
	}
	if _, err := RunRL(kctx, tinyRL(), 5, killed, false, progress); err == nil {
		t.Fatal("cancelled run reported success")
	}
	// The cancelled run's summary.json says so: resumable, not failed.
	var stopped struct {
		Error       string `json:"error"`
		Interrupted bool   `json:"interrupted"`
	}
	if b, err := os.ReadFile(filepath.Join(killed, SummaryFile)); err != nil || json.Unmarshal(b, &stopped) != nil || !stopped.Interrupted || !strings.Contains(stopped.Error, "context canceled") {
		t.Fatalf("summary.json of the cancelled run: %+v (%v)", stopped, err)
	}
	if got := strings.Count(metricsWithoutTime(t, killed), "\n"); got != 1 {
		t.Fatalf("killed run recorded %d epochs, want 1", got)
	}
	res, err := RunRL(ctx, tinyRL(), 5, killed, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Resumed || res.ResumedFrom != 1 || res.Epochs != 3 || res.StepsPerSecond <= 0 {
		t.Fatalf("resumed summary %+v", res)
	}
	if a, b := metricsWithoutTime(t, full), metricsWithoutTime(t, killed); a != b {
		t.Fatalf("metrics differ after resume:\n%s\n---\n%s", a, b)
	}

	data, err := os.ReadFile(filepath.Join(killed, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var js struct {
		Final struct {
			AvgReturn  *float64 `json:"avg_return"`
			TestReturn *float64 `json:"test_return"`
		} `json:"final"`
		Steps          int      `json:"steps"`
		StepsPerSecond *float64 `json:"steps_per_second"`
	}
	if err := json.Unmarshal(data, &js); err != nil {
		t.Fatal(err)
	}
	if js.Final.AvgReturn == nil || js.Final.TestReturn == nil || js.Steps != 600 || js.StepsPerSecond == nil {
		t.Fatalf("summary.json lacks published fields: %s", data)
	}
	if *js.Final.TestReturn != sum.Final.TestReturn {
		t.Fatalf("final test return %v after resume, %v uninterrupted", *js.Final.TestReturn, sum.Final.TestReturn)
	}
}

// A checkpoint is refused by a run with another configuration.
func TestRunRLResumeRejectsOtherConfig(t *testing.T) {
	dir := t.TempDir()
	c := tinyRL()
	c.Steps = 200
	if _, err := RunRL(context.Background(), c, 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	c.Steps = 400
	c.CG.Lambda = new(11.0)
	_, err := RunRL(context.Background(), c, 5, dir, true, nil)
	if err == nil || !strings.Contains(err.Error(), "different configuration") {
		t.Fatalf("error %v, want a configuration mismatch", err)
	}
}

func TestRLAgentConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*RLConfig)
		want   string
	}{
		{"unknown option", func(c *RLConfig) { c.Extra["learning_rate"] = 1 }, "rl.options.learning_rate: unknown option"},
		{"bad option type", func(c *RLConfig) { c.Extra["batch_size"] = 1.5 }, "rl.options.batch_size: want an integer"},
		{"bad algo", func(c *RLConfig) { c.Algo = "ppo" }, `"ppo"`},
		{"missing env", func(c *RLConfig) { c.Env = "" }, "rl.env: missing"},
		{"bad leader", func(c *RLConfig) { c.Leader = "both" }, `rl.leader: "both"`},
		{"negative lambda", func(c *RLConfig) { c.CG.Lambda = new(-1.0) }, "rl.cg.lambda: -1"},
		{"bad dtype", func(c *RLConfig) { c.DType = "float16" }, `rl.dtype: dtype "float16": want float32 or float64`},
		{"negative threads", func(c *RLConfig) { c.Threads = -2 }, "rl.threads: -2"},
		// Options another algorithm reads would be silently ignored.
		{"alpha on stddpg", func(c *RLConfig) { c.Extra["alpha"] = 0.2 }, "rl.options.alpha: not used by stddpg; it is an option of sac and stsac"},
		{"lam on stddpg", func(c *RLConfig) { c.Extra["lam"] = 0.9 }, "rl.options.lam: not used by stddpg; it is an option of ac and stac"},
		{"replay on ac", func(c *RLConfig) { c.Algo, c.Leader, c.CG = "ac", "", nil; c.Extra = map[string]any{"batch_size": 8} }, "rl.options.batch_size: not used by ac; it is an option of the off-policy algorithms"},
		{"cg_tol on sac", func(c *RLConfig) { c.Algo, c.Leader, c.CG = "sac", "", nil; c.Extra = map[string]any{"cg_tol": 1e-6} }, "rl.options.cg_tol: not used by sac; it is an option of the Stackelberg algorithms"},
		// The plain algorithms solve no total derivative (before, a cg
		// section on them was ignored).
		{"cg on ddpg", func(c *RLConfig) { c.Algo, c.Leader, c.Extra = "ddpg", "", nil }, "rl.cg: not used by ddpg; it configures the conjugate-gradient solve of the total derivative in the Stackelberg algorithms"},
		// A categorical policy has no σ (before, init_log_std was ignored
		// on CartPole).
		{"init_log_std on a discrete task", func(c *RLConfig) {
			c.Env, c.Algo, c.Leader, c.CG = "CartPole-v1", "ac", "", nil
			c.Extra = map[string]any{"init_log_std": -1.0}
		}, "rl.options.init_log_std: not used on CartPole-v1, whose actions are Discrete(2)"},
		// AC's critic always takes the unrolled steps (before, leader:
		// critic on ac was ignored, the same numbers as actor).
		{"critic leading ac", func(c *RLConfig) { c.Algo, c.Leader, c.CG, c.Extra = "ac", "critic", nil, nil }, "rl.leader: critic: not used by ac"},
		// The count written is the one named (before: "rl.options.test_episodes: 0
		// must be positive" for -1, though 0 is allowed).
		{"negative test_episodes", func(c *RLConfig) { c.Extra["test_episodes"] = -1 }, "rl.options.test_episodes: -1 must not be negative"},
	} {
		c := tinyRL()
		tc.mutate(&c)
		if _, err := RLAgentConfig(c, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	c, err := RLAgentConfig(RLConfig{Env: "CartPole-v1", Algo: "stac", CG: &RLCGConfig{Iters: 10}, Unroll: 1}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if c.Unroll != 1 || c.CG.Lambda != 0 || c.Hidden[0] != 64 || c.Hidden[1] != 32 || c.StepsPerEpoch != 4000 || c.Steps != 300000 {
		t.Fatalf("CartPole STAC defaults/overrides wrong: %+v", c)
	}
	if g, err := RLAgentConfig(RLConfig{Env: "Pendulum-v1", Algo: "ac", Extra: map[string]any{"init_log_std": -1.0, "test_episodes": 0}}, 3); err != nil || g.InitLogStd != -1 || g.TestEpisodes != 0 {
		t.Fatalf("init_log_std on Pendulum's Gaussian policy, no test episodes: %+v, %v", g, err)
	}
	p, err := RLAgentConfig(RLConfig{Env: "Pendulum-v1", Algo: "stsac"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.CG.Lambda != 500 || p.BatchSize != 100 || p.Hidden[0] != 256 || p.Optimizer != "adam" {
		t.Fatalf("Pendulum STSAC defaults wrong: %+v", p)
	}
	// A cg block that leaves lambda out keeps the environment's default λ
	// (before, writing `cg: {iters: 10}` alone set λ to 0 on a continuous
	// task); lambda written out, even as 0, is kept, also through a saved
	// config.yaml.
	for _, tc := range []struct {
		yaml string
		want float64
	}{
		{"cg: {iters: 10}", 500},
		{"cg: {iters: 10, lambda: 0}", 0},
		{"cg: {lambda: 7}", 7},
	} {
		cfg, err := ParseConfig([]byte("name: p\nrl: {env: Pendulum-v1, algo: stddpg, " + tc.yaml + "}\n"))
		if err != nil {
			t.Fatalf("%s: %v", tc.yaml, err)
		}
		saved, err := yaml.Marshal(cfg) // as run.go saves config.yaml
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseConfig(saved)
		if err != nil {
			t.Fatalf("%s saved as %s: %v", tc.yaml, saved, err)
		}
		for _, c := range []*Config{cfg, back} {
			a, err := RLAgentConfig(*c.RL, 1)
			if err != nil {
				t.Fatal(err)
			}
			if a.CG.Lambda != tc.want || a.CG.Iters != 10 {
				t.Errorf("%s: λ = %g, iters %d; want λ = %g, iters 10", tc.yaml, a.CG.Lambda, a.CG.Iters, tc.want)
			}
		}
	}
}

// A checkpoint written in one dtype is refused, with the dtype named, by a
// run of the other; resuming in its own dtype works, with any thread count.
func TestRunRLResumeRejectsOtherDType(t *testing.T) {
	for _, d := range [][2]string{{"float64", "float32"}, {"float32", "float64"}} {
		dir := t.TempDir()
		c := tinyRL()
		c.Steps, c.DType, c.Threads = 400, d[0], 1
		if _, err := RunRL(context.Background(), c, 5, dir, false, nil); err != nil {
			t.Fatal(err)
		}
		c.DType = d[1]
		_, err := RunRL(context.Background(), c, 5, dir, true, nil)
		want := "written by a " + d[0] + " run and this run is " + d[1] + "; resume it with rl.dtype: " + d[0]
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %v, want one saying %q", err, want)
		}
		c.DType, c.Threads = d[0], 2
		sum, err := RunRL(context.Background(), c, 5, dir, true, nil)
		// Accepted; the run had finished, so nothing is resumed.
		if err != nil || sum.Resumed || sum.Steps != 400 {
			t.Fatalf("resuming in the checkpoint's dtype: %v, %+v", err, sum)
		}
	}
}

// The published example configuration parses into the intended agent
// configuration (Appendix E defaults plus the overrides), options included.
func TestRLConfigFromYAML(t *testing.T) {
	cfg, err := ParseConfig([]byte(`name: stac-cartpole
seed: 1
rl:
  env: CartPole-v1
  algo: stac              # ac | stac | ddpg | stddpg | sac | stsac
  leader: actor           # actor | critic, for stddpg and stsac
  steps: 300000
  steps_per_epoch: 4000
  hidden: [64, 32]
  cg: {iters: 10, lambda: 10}
  unroll: 1
  options: {actor_lr: 0.02, lambda_decay: 0.9, lanczos_iters: 5}
  dtype: float64
  threads: 2
`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := RLAgentConfig(*cfg.RL, cfg.Seed)
	if err != nil {
		t.Fatal(err)
	}
	if c.Env != "CartPole-v1" || c.Algo != "stac" || c.Leader != "actor" || c.Seed != 1 || c.Steps != 300000 ||
		c.StepsPerEpoch != 4000 || c.Hidden[0] != 64 || c.Hidden[1] != 32 || c.CG.Iters != 10 || c.CG.Lambda != 10 ||
		c.Unroll != 1 || c.ActorLR != 0.02 || c.CG.LambdaDecay != 0.9 || c.LanczosIters != 5 || c.Lam != 0.97 || c.Optimizer != "sgd" ||
		c.DType != ad.Float64 || cfg.RL.Threads != 2 {
		t.Fatalf("agent config %+v", c)
	}
	d, err := RLAgentConfig(RLConfig{Env: "CartPole-v1", Algo: "ac"}, 1)
	if err != nil || d.DType != ad.Float32 {
		t.Fatalf("default dtype %v (%v), want float32", d.DType, err)
	}
}

// The options of a run "as in the authors' code" parse strictly into the
// agent configuration.
func TestRLAuthorsOptions(t *testing.T) {
	cfg, err := ParseConfig([]byte(`name: stac-authors
seed: 2
rl:
  env: CartPole-v0
  algo: stac
  unroll: 1
  options: {actor_lr: 0.1, critic_lr: 0.01, grad_noise: 0.05, mixed_estimator: authors, normalize_advantages: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := RLAgentConfig(*cfg.RL, cfg.Seed)
	if err != nil {
		t.Fatal(err)
	}
	if h, err := ParseConfig([]byte("name: x\nrl:\n  env: CartPole-v0\n  algo: stac\n  options: {hessian_dtype: Float32}\n")); err != nil {
		t.Fatal(err)
	} else if c, err := RLAgentConfig(*h.RL, 1); err != nil || c.CG.Hessian != agent.HessianFloat32 || c.HessianDType() != ad.Float32 {
		t.Errorf("hessian_dtype: Float32: %v, config %v", err, c.CG.Hessian)
	}
	if c.HessianDType() != ad.Float64 {
		t.Errorf("STAC on CartPole (λ = 0): Hessian dtype %v, want float64", c.HessianDType())
	}
	if c.Env != "CartPole-v0" || c.GradNoise != 0.05 || c.Mixed != agent.MixedAuthors || c.RawAdvantages || c.ActorLR != 0.1 || c.CriticLR != 0.01 {
		t.Fatalf("agent config %+v", c)
	}
	if th, ok := ThresholdFor("CartPole-v0", agent.STAC); !ok || th.Value != 195 {
		t.Fatalf("CartPole-v0 threshold %+v %v", th, ok)
	}
	for _, tc := range []struct{ opt, want string }{
		{"mixed_estimator: paper", `rl.options.mixed_estimator: "paper"`},
		{"normalize_advantages: 1", "rl.options.normalize_advantages: want true or false"},
		{"grad_noise: -1", "rl.options.grad_noise: -1"},
		{"hessian_dtype: float16", `rl.options.hessian_dtype: "float16"; want auto, float32 or float64`},
		{"hessian_dtype: 64", "rl.options.hessian_dtype: want auto, float32 or float64, got 64"},
	} {
		cfg, err := ParseConfig([]byte("name: x\nrl:\n  env: CartPole-v0\n  algo: stac\n  options: {" + tc.opt + "}\n"))
		if err == nil {
			_, err = RLAgentConfig(*cfg.RL, 1)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.opt, err, tc.want)
		}
	}
}

// TestRLClipActionsOption: rl.options.clip_actions sets
// agent.Config.ClipActions for ac and stac on a box of actions, and is an
// error naming the key elsewhere (exact messages).
func TestRLClipActionsOption(t *testing.T) {
	parse := func(env, algo, opt string) (agent.Config, error) {
		t.Helper()
		cfg, err := ParseConfig([]byte("name: x\nrl:\n  env: " + env + "\n  algo: " + algo + "\n  options: {" + opt + "}\n"))
		if err != nil {
			t.Fatal(err)
		}
		return RLAgentConfig(*cfg.RL, 1)
	}
	for _, algo := range []string{"ac", "stac"} {
		if c, err := parse("Pendulum-v1", algo, "clip_actions: true"); err != nil || !c.ClipActions {
			t.Errorf("%s: ClipActions %v, %v", algo, c.ClipActions, err)
		}
	}
	if c, err := parse("Pendulum-v1", "ac", "clip_actions: false"); err != nil || c.ClipActions {
		t.Errorf("clip_actions: false: ClipActions %v, %v", c.ClipActions, err)
	}
	for _, tc := range []struct{ env, algo, opt, want string }{
		{"Pendulum-v1", "ddpg", "clip_actions: true", "rl.options.clip_actions: not used by ddpg; it is an option of ac and stac (their Gaussian policy's actions clipped to the action box)"},
		{"Pendulum-v1", "ac", "clip_actions: 1", "rl.options.clip_actions: want true or false, got 1"},
		{"CartPole-v1", "ac", "clip_actions: true", "rl.options.clip_actions: CartPole-v1's actions are Discrete(2), not a box (clip_actions applies to ac's and stac's Gaussian policy on continuous actions)"},
	} {
		if _, err := parse(tc.env, tc.algo, tc.opt); err == nil || err.Error() != tc.want {
			t.Errorf("%s %s %s: error %v, want %q", tc.env, tc.algo, tc.opt, err, tc.want)
		}
	}
}

// TestRLThreadsCapped checks that rl.threads above GOMAXPROCS runs on
// GOMAXPROCS goroutines, and 0 on GOMAXPROCS too (summary.json's
// "threads"), with the metrics of one thread.
func TestRLThreadsCapped(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	one := tinyRL()
	one.Steps, one.Threads = 200, 1
	dirOne := t.TempDir()
	if _, err := RunRL(context.Background(), one, 5, dirOne, false, nil); err != nil {
		t.Fatal(err)
	}
	for _, threads := range []int{1000, 0} {
		c := one
		c.Threads = threads
		dir := t.TempDir()
		if _, err := RunRL(context.Background(), c, 5, dir, false, nil); err != nil {
			t.Fatal(err)
		}
		var sum struct{ Threads int }
		b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &sum); err != nil {
			t.Fatal(err)
		}
		if sum.Threads != procs {
			t.Errorf("rl.threads %d ran on %d threads; want GOMAXPROCS = %d", threads, sum.Threads, procs)
		}
		if metricsWithoutTime(t, dir) != metricsWithoutTime(t, dirOne) {
			t.Errorf("rl.threads %d: metrics differ from one thread's", threads)
		}
	}
}

// With a checkpoint every 2 epochs, a run of 5 epochs stopped during epoch
// 4 has 3 rows in metrics.csv and its checkpoint at epoch 2. Resumed, it
// drops row 3 (its epoch is run again from the checkpoint) and ends with
// the uninterrupted run's metrics.csv (wall-clock seconds aside); its
// summary's throughput is the steps over the seconds column's sum, the
// kept rows' seconds included. The last epoch, not a multiple of 2, is
// checkpointed too: the finished run given again resumes nothing and
// leaves metrics.csv as it was.
func TestRunRLResumeDropsRowsPastTheCheckpoint(t *testing.T) {
	ctx := context.Background()
	rc := tinyRL()
	rc.Steps, rc.Checkpoint = 1000, 2
	full := t.TempDir()
	if _, err := RunRL(ctx, rc, 7, full, false, nil); err != nil {
		t.Fatal(err)
	}
	killed := t.TempDir()
	kctx, cancel := context.WithCancel(ctx)
	progress := func(done, total int) {
		if done == 3 {
			cancel() // during epoch 4; the checkpoint is at epoch 2
		}
	}
	if _, err := RunRL(kctx, rc, 7, killed, false, progress); err == nil {
		t.Fatal("cancelled run reported success")
	}
	if got := strings.Count(metricsWithoutTime(t, killed), "\n"); got != 3 {
		t.Fatalf("stopped run recorded %d epochs, want 3", got)
	}
	res, err := RunRL(ctx, rc, 7, killed, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Resumed || res.ResumedFrom != 2 || res.Epochs != 5 || res.Steps != 1000 {
		t.Fatalf("resumed summary %+v, want resumed from epoch 2 to 5 epochs, 1000 steps", res)
	}
	want := metricsWithoutTime(t, full)
	if got := metricsWithoutTime(t, killed); got != want {
		t.Fatalf("metrics after resume:\n%s\nuninterrupted:\n%s", got, want)
	}
	data, err := os.ReadFile(filepath.Join(killed, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	seconds := 0.0
	for _, ln := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		f := strings.Split(ln, ",")
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil {
			t.Fatal(err)
		}
		seconds += v
	}
	if want := 1000 / seconds; math.Abs(res.StepsPerSecond-want) > 1e-3*want {
		t.Errorf("steps per second %v, want 1000 over the seconds column's sum = %v", res.StepsPerSecond, want)
	}
	again, err := RunRL(ctx, rc, 7, killed, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Given again, the finished run keeps what its summary says: resumed
	// from epoch 2 (TestResumeFinishedRunKeepsSummary).
	if !again.Resumed || again.ResumedFrom != 2 || again.Epochs != 5 {
		t.Errorf("finished run given again: %+v, want its summary's resumed from epoch 2, 5 epochs", again)
	}
	after, err := os.ReadFile(filepath.Join(killed, MetricsFile))
	if err != nil || string(after) != string(data) {
		t.Errorf("finished run given again changed metrics.csv (%v)", err)
	}
}

// RLSummary.Record takes the first epoch whose metric reaches the
// threshold (≥, not >): the training average return on-policy, the test
// return off-policy; later crossings do not move it. The final returns
// are the last epoch's and the throughput is the steps over the summed
// seconds.
func TestRLSummaryRecordThreshold(t *testing.T) {
	epochs := []agent.EpochStats{
		{Steps: 100, AvgReturn: 9, TestReturn: 20, Seconds: 1},
		{Steps: 200, AvgReturn: 10, TestReturn: 5, Seconds: 2},
		{Steps: 300, AvgReturn: 30, TestReturn: 30, Seconds: 1},
	}
	for _, tc := range []struct {
		onTest bool
		want   int
	}{{false, 200}, {true, 100}} {
		var s RLSummary
		s.StepsToThreshold = -1
		for _, st := range epochs {
			s.Record(st, RLThreshold{Value: 10, OnTest: tc.onTest}, true)
		}
		if s.StepsToThreshold != tc.want {
			t.Errorf("on test %v: steps to threshold %d, want %d", tc.onTest, s.StepsToThreshold, tc.want)
		}
		if s.Final.AvgReturn != 30 || s.Final.TestReturn != 30 || s.StepsPerSecond != 75 {
			t.Errorf("final %+v, %v steps/s; want 30, 30 and 300/4 = 75", s.Final, s.StepsPerSecond)
		}
	}
	var s RLSummary
	s.StepsToThreshold = -1
	s.Record(epochs[2], RLThreshold{Value: 10}, false)
	if s.StepsToThreshold != -1 {
		t.Errorf("without a threshold: steps to threshold %d, want -1", s.StepsToThreshold)
	}
}

// A run resumed (from epoch 1) or lengthened to its end and then given
// again keeps its summary.json byte for byte: resumed_from_epoch,
// extended_from_steps and threads say how the run was made, which the
// process that runs no epoch cannot know (before, they were dropped and
// threads became that process's).
func TestResumeFinishedRunKeepsSummary(t *testing.T) {
	ctx := context.Background()
	readSummary := func(dir string) (string, map[string]any) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
		var m map[string]any
		if err != nil || json.Unmarshal(b, &m) != nil {
			t.Fatalf("summary.json: %v", err)
		}
		return string(b), m
	}
	one := tinyRL()
	one.Threads = 1
	two := tinyRL()
	two.Threads = 2

	resumed := t.TempDir()
	kctx, cancel := context.WithCancel(ctx)
	progress := func(done, total int) {
		if done == 1 {
			cancel()
		}
	}
	if _, err := RunRL(kctx, one, 5, resumed, false, progress); err == nil {
		t.Fatal("cancelled run reported success")
	}
	if _, err := RunRL(ctx, one, 5, resumed, true, nil); err != nil {
		t.Fatal(err)
	}
	before, m := readSummary(resumed)
	if m["resumed_from_epoch"] != 1.0 || m["threads"] != 1.0 {
		t.Fatalf("summary of the resumed run: resumed_from_epoch %v, threads %v; want 1, 1", m["resumed_from_epoch"], m["threads"])
	}
	res, err := RunRL(ctx, two, 5, resumed, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := readSummary(resumed); after != before || !res.Resumed || res.ResumedFrom != 1 || res.Threads != 1 {
		t.Errorf("a resumed run given again: summary.json\n%s\nwas\n%s\nresult %+v", after, before, res)
	}

	extended := t.TempDir()
	short := one
	short.Steps = 400
	if _, err := RunRL(ctx, short, 5, extended, false, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := RunRL(ctx, one, 5, extended, true, nil); err != nil {
		t.Fatal(err)
	}
	before, m = readSummary(extended)
	if m["extended_from_steps"] != 400.0 || m["resumed_from_epoch"] != 2.0 {
		t.Fatalf("summary of the extended run: extended_from_steps %v, resumed_from_epoch %v; want 400, 2", m["extended_from_steps"], m["resumed_from_epoch"])
	}
	if _, err := RunRL(ctx, one, 5, extended, true, nil); err != nil {
		t.Fatal(err)
	}
	if after, _ := readSummary(extended); after != before {
		t.Errorf("an extended run given again: summary.json\n%s\nwas\n%s", after, before)
	}
}

// `stackel run --resume DIR CONFIG` into a directory without a checkpoint
// starts afresh and records CONFIG as DIR/config.yaml — where there was
// none, and over another run's whose checkpoint was never written — so
// that the directory describes its outputs and `--resume DIR` alone
// continues it (before, the first left no config.yaml and the second kept
// the other run's).
func TestResumeWithoutCheckpointRecordsConfig(t *testing.T) {
	ctx := context.Background()
	text := func(seed int) string {
		return "name: tiny\nseed: " + strconv.Itoa(seed) + "\nrl:\n  env: Pendulum-v1\n  algo: stddpg\n  steps: 400\n  steps_per_epoch: 200\n  hidden: [8]\n  cg: {iters: 3, lambda: 10}\n  options: {start_steps: 100, update_after: 100, update_every: 50, batch_size: 16, replay_size: 1000, test_episodes: 2, lanczos_iters: 3}\n"
	}
	parse := func(seed int) *Config {
		t.Helper()
		c, err := ParseConfig([]byte(text(seed)))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	empty := t.TempDir()
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, ConfigFile), []byte(text(9)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{empty, other} {
		if _, err := Run(ctx, parse(5), RunOptions{Out: dir, Resume: true}); err != nil {
			t.Fatal(err)
		}
		got, err := LoadConfig(filepath.Join(dir, ConfigFile))
		if err != nil {
			t.Fatalf("after a resume that started afresh: %v", err)
		}
		if got.Seed != 5 || !sameValues(got, parse(5)) {
			t.Errorf("config.yaml records seed %d (want 5): %+v", got.Seed, got.RL)
		}
		// The recorded config resumes the finished run.
		if _, err := Run(ctx, got, RunOptions{Out: dir, Resume: true}); err != nil {
			t.Errorf("resuming with the recorded config.yaml: %v", err)
		}
	}
}
