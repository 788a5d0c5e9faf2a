package agent

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stackel/stackel/ad"
)

// tinyConfig is a run of three short epochs with small networks, for
// determinism and checkpoint tests.
func tinyConfig(t testing.TB, envName string, algo Algo, leader Leader) Config {
	t.Helper()
	c, err := Defaults(envName, algo)
	if err != nil {
		t.Fatal(err)
	}
	c.Seed, c.Leader, c.Hidden = 42, leader, []int{8}
	c.LanczosIters, c.TestEpisodes = 3, 2
	c.CG.Iters = 3
	if algo.OnPolicy() {
		c.StepsPerEpoch, c.Steps, c.Unroll = 300, 900, 5
	} else {
		c.StepsPerEpoch, c.Steps = 200, 600
		c.StartSteps, c.UpdateAfter, c.UpdateEvery, c.BatchSize, c.ReplaySize = 100, 100, 50, 16, 1000
	}
	return c
}

func sameStats(a, b EpochStats) bool {
	a.Seconds, b.Seconds = 0, 0
	va, vb := a.Values(), b.Values()
	for i := range va {
		if math.Float64bits(va[i]) != math.Float64bits(vb[i]) {
			return false
		}
	}
	return true
}

func sameBits(x, y []float64) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
			return false
		}
	}
	return true
}

// reload saves a and returns the agent Load restores from the bytes.
func reload(t *testing.T, a *Agent) *Agent {
	t.Helper()
	var ck bytes.Buffer
	if err := a.Save(&ck); err != nil {
		t.Fatal(err)
	}
	b, err := Load(&ck)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runCase is a small run of one algorithm and leader on one task.
type runCase struct {
	env    string
	algo   Algo
	leader Leader
	unroll int // follower steps off-policy (0: default 1)
	decay  float64
}

// config is the case's tinyConfig with its unrolling and λ decay.
func (tc runCase) config(t *testing.T) Config {
	t.Helper()
	c := tinyConfig(t, tc.env, tc.algo, tc.leader)
	if tc.unroll > 0 {
		c.Unroll = tc.unroll
	}
	if tc.decay > 0 {
		c.CG.Lambda, c.CG.LambdaDecay, c.CG.LambdaMin = 100, tc.decay, 1
	}
	return c
}

// runAll runs a new agent of c to its end and returns every epoch's
// statistics and the agent.
func runAll(t *testing.T, c Config) ([]EpochStats, *Agent) {
	t.Helper()
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	var stats []EpochStats
	for !a.Done() {
		st, err := a.RunEpoch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		stats = append(stats, st)
	}
	return stats, a
}

// sharedRuns holds sharedRunAll's runs by their configuration's %#v.
var sharedRuns sync.Map

// sharedRunAll is runAll for tests that only read the run: the first test
// to ask for a configuration runs it and later ones (whose configuration
// prints alike, so is the same run: runs are deterministic, which
// TestCheckpointResumeIsBitIdentical checks) share its statistics and
// agent, which they must not change. TestCheckpointResumeIsBitIdentical,
// TestCheckpointResumeEveryBoundaryBothDTypes (float32) and
// TestExtendIsBitIdentical ran the same uninterrupted runs each.
func sharedRunAll(t *testing.T, c Config) ([]EpochStats, *Agent) {
	t.Helper()
	type run struct {
		stats []EpochStats
		agent *Agent
	}
	key := fmt.Sprintf("%#v", c)
	if r, ok := sharedRuns.Load(key); ok {
		return r.(run).stats, r.(run).agent
	}
	stats, a := runAll(t, c)
	sharedRuns.Store(key, run{stats, a})
	return stats, a
}

var runCases = []runCase{
	{"CartPole-v1", AC, ActorLeads, 0, 0},
	{"CartPole-v1", STAC, ActorLeads, 0, 0.5},
	{"Pendulum-v1", STAC, ActorLeads, 0, 0},
	{"Pendulum-v1", DDPG, ActorLeads, 0, 0},
	{"Pendulum-v1", STDDPG, ActorLeads, 3, 0},
	{"Pendulum-v1", STDDPG, CriticLeads, 0, 0.9},
	{"Pendulum-v1", SAC, ActorLeads, 0, 0},
	{"Pendulum-v1", STSAC, ActorLeads, 0, 0},
	{"Pendulum-v1", STSAC, CriticLeads, 2, 0},
}

// A run killed during an epoch and resumed from the checkpoint written
// after the previous epoch produces the same statistics and parameters
// (actor, critic and target critic), bit for bit, as an uninterrupted run;
// and the run is deterministic.
func TestCheckpointResumeIsBitIdentical(t *testing.T) {
	for _, tc := range runCases {
		t.Run(tc.env+"/"+string(tc.algo)+"-"+string(tc.leader), func(t *testing.T) {
			c := tc.config(t)
			ctx := context.Background()
			want, full := sharedRunAll(t, c)
			if len(want) != 3 {
				t.Fatalf("%d epochs, want 3", len(want))
			}
			for _, st := range want {
				if math.IsNaN(st.TestReturn) || math.IsNaN(st.CriticLoss) {
					t.Fatalf("epoch %d: missing statistics %+v", st.Epoch, st)
				}
				if tc.algo.Stackelberg() && (math.IsNaN(st.CGIters) || st.CGIters <= 0) {
					t.Fatalf("epoch %d: no CG statistics for a Stackelberg algorithm: %+v", st.Epoch, st)
				}
				if want := c.CG.LambdaSchedule().At(st.Epoch - 1); tc.algo.Stackelberg() && st.Lambda != want {
					t.Fatalf("epoch %d: λ = %v, want %v", st.Epoch, st.Lambda, want)
				}
			}

			// First attempt: one epoch, checkpoint, then killed in epoch 2.
			a, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			st, err := a.RunEpoch(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !sameStats(st, want[0]) {
				t.Fatalf("epoch 1 differs between identical runs:\n%+v\n%+v", st, want[0])
			}
			var ck bytes.Buffer
			if err := a.Save(&ck); err != nil {
				t.Fatal(err)
			}
			killed, cancel := context.WithCancel(ctx)
			cancel()
			if _, err := a.RunEpoch(killed); err == nil {
				t.Fatal("RunEpoch ignored a cancelled context")
			}

			// Resume from the checkpoint.
			b, err := Load(&ck)
			if err != nil {
				t.Fatal(err)
			}
			if b.Epoch() != 1 || b.Steps() != c.StepsPerEpoch || !SameConfig(b.Config(), c) {
				t.Fatalf("restored epoch %d steps %d", b.Epoch(), b.Steps())
			}
			for i := 1; i < 3; i++ {
				st, err := b.RunEpoch(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !sameStats(st, want[i]) {
					t.Fatalf("epoch %d after resume differs:\n got %+v\nwant %+v", i+1, st, want[i])
				}
			}
			if !sameBits(b.actor.Data, full.actor.Data) || !sameBits(b.critic.Data, full.critic.Data) ||
				(full.target != nil && !sameBits(b.target.Data, full.target.Data)) {
				t.Fatal("parameters after resume differ from the uninterrupted run")
			}
		})
	}
}

// Different seeds give different runs (the seed reaches every stream).
func TestSeedsDiffer(t *testing.T) {
	c := tinyConfig(t, "CartPole-v1", AC, ActorLeads)
	c.Steps = 300
	run := func(seed uint64) EpochStats {
		c.Seed = seed
		a, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		st, err := a.RunEpoch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if sameStats(run(1), run(2)) {
		t.Fatal("seeds 1 and 2 gave identical epochs")
	}
}

// λ_e = max(λ_min, λ₀·decay^e): constant with decay 1, geometric down to the
// floor otherwise (exact values).
func TestLambdaSchedule(t *testing.T) {
	for _, tc := range []struct {
		cg   CG
		e    int
		want float64
	}{
		{CG{Lambda: 500, LambdaDecay: 1}, 7, 500},
		{CG{Lambda: 100, LambdaDecay: 0.5}, 3, 12.5},
		{CG{Lambda: 100, LambdaDecay: 0.5, LambdaMin: 20}, 3, 20},
		{CG{Lambda: 0, LambdaDecay: 0.5}, 0, 0},
	} {
		if got := tc.cg.LambdaSchedule().At(tc.e); got != tc.want {
			t.Errorf("%+v at epoch %d: %v, want %v", tc.cg, tc.e, got, tc.want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	base, err := Defaults("Pendulum-v1", STDDPG)
	if err != nil {
		t.Fatal(err)
	}
	if err := base.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	for _, tc := range []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"env", func(c *Config) { c.Env = "Nope-v0" }, `"Nope-v0"`},
		{"algo", func(c *Config) { c.Algo = "ppo" }, `"ppo"`},
		{"leader", func(c *Config) { c.Leader = "both" }, `rl.leader: "both"`},
		{"gamma", func(c *Config) { c.Gamma = 1.5 }, "rl.options.gamma: 1.5"},
		{"hidden", func(c *Config) { c.Hidden = []int{4, 0} }, "rl.hidden[1]: 0"},
		{"cg", func(c *Config) { c.CG.Iters = 0 }, "rl.cg.iters: 0"},
		{"lambda", func(c *Config) { c.CG.Lambda = -1 }, "rl.cg.lambda: -1"},
		{"steps", func(c *Config) { c.Steps = 10 }, "rl.steps: 10"},
		{"batch", func(c *Config) { c.BatchSize = 0 }, "rl.options.batch_size: 0"},
		{"optimizer", func(c *Config) { c.Optimizer = "rmsprop" }, `rl.options.optimizer: "rmsprop"`},
		{"grad_noise", func(c *Config) { c.GradNoise = 0.1 }, "rl.options.grad_noise: 0.1"},
		{"mixed", func(c *Config) { c.Mixed = MixedAuthors }, "rl.options.mixed_estimator"},
		{"raw advantages", func(c *Config) { c.RawAdvantages = true }, "rl.options.normalize_advantages"},
		// The first update of update_after 1001, update_every 50 is at
		// step 1050: a run of 1049 steps would never update.
		{"never updates", func(c *Config) { c.UpdateAfter, c.UpdateEvery, c.Steps, c.StepsPerEpoch = 1001, 50, 1049, 1049 }, "(step 1050"},
	} {
		c := base
		tc.mutate(&c)
		err := c.Validate()
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
			t.Errorf("%s: error %v, want one mentioning %s", tc.name, err, tc.want)
		}
	}
	for _, steps := range []int{1050, 1100} { // the first update's step and past it
		c := base
		c.UpdateAfter, c.UpdateEvery, c.Steps, c.StepsPerEpoch = 1001, 50, steps, steps
		if err := c.Validate(); err != nil {
			t.Errorf("%d steps, first update at 1050: %v", steps, err)
		}
	}
	if _, err := Defaults("CartPole-v1", DDPG); err == nil {
		t.Error("DDPG on a discrete action space accepted")
	}
}

// The Lanczos diagnostics draw from their own stream: runs with and without
// them learn exactly the same parameters.
func TestDiagnosticsDoNotPerturbLearning(t *testing.T) {
	for _, algo := range []Algo{STAC, STDDPG} {
		env := "CartPole-v1"
		if algo == STDDPG {
			env = "Pendulum-v1"
		}
		params := func(lanczos int) []float64 {
			c := tinyConfig(t, env, algo, ActorLeads)
			c.Steps, c.LanczosIters = 2*c.StepsPerEpoch, lanczos
			a, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			for !a.Done() {
				st, err := a.RunEpoch(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if lanczos > 0 && (math.IsNaN(st.HessMax) || st.HessMin > st.HessMax) {
					t.Fatalf("%s: Lanczos extremes [%v, %v]", algo, st.HessMin, st.HessMax)
				}
			}
			return append(append([]float64(nil), a.actor.Data...), a.critic.Data...)
		}
		if !sameBits(params(0), params(4)) {
			t.Errorf("%s: Lanczos diagnostics changed the learned parameters", algo)
		}
	}
}

// A run gives the same metrics and parameters bit for bit whatever its
// thread count: STDDPG-AL and STSAC-AL (float32; ad's tests cover float64)
// with 128×128 networks and mini-batches of 128 (products and elementwise
// operations large enough to be split: 128·128·128 ≥ 2¹⁵ multiply-adds,
// 128·128 ≥ 2¹⁴ elements; the critic's ≈17k parameters split CG's vector
// passes and Adam's update too; on 2 threads the first-order passes run
// at once and the backward products in pairs), and DDPG's and SAC's
// partial gradients (on 2 threads the actor's and the critic's passes at
// once, on two tapes); two short epochs (the second with 50 updates) with
// 1, 2 and 3 threads, actor and critic parameters compared bit for bit.
func TestThreadsGiveIdenticalRuns(t *testing.T) {
	for _, algo := range []Algo{STDDPG, STSAC, DDPG, SAC} {
		t.Run(string(algo), func(t *testing.T) {
			c := tinyConfig(t, "Pendulum-v1", algo, ActorLeads)
			c.Hidden, c.BatchSize, c.DType = []int{128, 128}, 128, ad.Float32
			c.StepsPerEpoch, c.Steps, c.StartSteps, c.UpdateAfter, c.UpdateEvery = 75, 150, 100, 100, 25
			checkThreadIndependent(t, c)
		})
	}
}

// checkThreadIndependent runs c to its end on 1, 2 and 3 threads and
// fails t unless every epoch's statistics and both networks' parameters
// are equal bit for bit. Under the race detector it runs 2 and 3 threads
// only and compares 3 with 2: a 1-thread run starts no goroutine for the
// detector to watch, and the race build compiles the same arithmetic (no
// file of the module has a race build constraint), so the plain pass's
// comparison with 1 thread holds for it; that run was a third of these
// tests' race time.
func checkThreadIndependent(t *testing.T, c Config) {
	t.Helper()
	var want []EpochStats
	var wantActor, wantCritic []float64
	threadCounts := []int{1, 2, 3}
	if raceDetector {
		threadCounts = []int{2, 3}
	}
	for _, threads := range threadCounts {
		a, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		a.SetThreads(threads)
		var got []EpochStats
		for !a.Done() {
			st, err := a.RunEpoch(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, st)
		}
		if threads == threadCounts[0] {
			want, wantActor = got, append([]float64(nil), a.actor.Data...)
			wantCritic = append([]float64(nil), a.critic.Data...)
			continue
		}
		if !sameBits(a.critic.Data, wantCritic) {
			t.Errorf("%d threads: critic parameters differ from %d threads'", threads, threadCounts[0])
		}
		for e := range want {
			if !sameStats(got[e], want[e]) {
				t.Errorf("%d threads, epoch %d: %+v, %d threads %+v", threads, e+1, got[e], threadCounts[0], want[e])
			}
		}
		if !sameBits(a.actor.Data, wantActor) {
			t.Errorf("%d threads: actor parameters differ from %d threads'", threads, threadCounts[0])
		}
	}
}

// Defaults compute in float32; DType survives a checkpoint, and a
// checkpoint without the field (written before it existed) reads as
// float64, the only type there was.
func TestDTypeDefaultAndCheckpoint(t *testing.T) {
	c := tinyConfig(t, "CartPole-v1", STAC, ActorLeads)
	if c.DType != ad.Float32 {
		t.Fatalf("default dtype %v, want float32", c.DType)
	}
	for _, d := range []ad.DType{ad.Float32, ad.Float64} {
		c.DType = d
		a, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		b := reload(t, a)
		if b.Config().DType != d || b.solver.tape.DType() != d {
			t.Errorf("saved %v, loaded config %v, tape %v", d, b.Config().DType, b.solver.tape.DType())
		}
	}
	var zero Config
	if zero.DType != ad.Float64 {
		t.Errorf("the zero DType is %v; old checkpoints would change meaning", zero.DType)
	}
	c.DType = 7
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "rl.dtype") {
		t.Errorf("invalid dtype: error %v, want one naming rl.dtype", err)
	}
}

// An actor step that carries the parameters beyond the networks' dtype
// ends the epoch with an error naming the network, before the test
// episodes and the checkpoint run on a policy of NaNs (before, float32 AC
// on CartPole with actor_lr 1e300 recorded epoch 1 with the test return of
// a NaN policy and failed only in epoch 2, on "actor gradient norm is
// NaN"). The same step is within float64's range, where the run goes on.
func TestRunEpochRefusesParamsBeyondDType(t *testing.T) {
	for _, tc := range []struct {
		dtype ad.DType
		want  string // "" for no error
	}{
		// The value's last digits differ between builds (the purego
		// route rounds its sums otherwise): only its magnitude is pinned.
		{ad.Float32, "ac epoch 1: actor parameters after the SGD step: element 0 is 6.5473e+296, beyond float32's range (+Inf on a float32 tape)"},
		{ad.Float64, ""},
	} {
		c, err := Defaults("CartPole-v1", AC)
		if err != nil {
			t.Fatal(err)
		}
		c.Seed, c.DType, c.Steps, c.StepsPerEpoch, c.Hidden, c.ActorLR = 1, tc.dtype, 2000, 1000, []int{8}, 1e300
		a, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.RunEpoch(context.Background())
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(roundNumbers(err.Error(), 5), tc.want)) {
			t.Errorf("%v: epoch 1: %v, want %q", tc.dtype, err, tc.want)
		}
		if tc.want != "" && a.Epoch() != 0 {
			t.Errorf("%v: the failed epoch counted: Epoch() = %d", tc.dtype, a.Epoch())
		}
		a.Close()
	}
}

// roundNumbers rewrites every number of s in exponent form with digits
// significant digits, so that a message can be compared across builds
// whose last digits differ.
func roundNumbers(s string, digits int) string {
	return regexp.MustCompile(`[0-9]+\.[0-9]+e[+-][0-9]+`).ReplaceAllStringFunc(s, func(m string) string {
		v, err := strconv.ParseFloat(m, 64)
		if err != nil {
			return m
		}
		return strconv.FormatFloat(v, 'e', digits-1, 64)
	})
}
