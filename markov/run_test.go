package markov

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestFollowerAscentConvergesToSoftBestResponse checks Prop. 1: for a
// fixed leader, the follower's gradient ascent (Eq. 15) converges to the
// soft best response computed by the oracle (‖Δπ‖∞ ≤ 1e-8), and the
// oracle's policy is a stationary point of V2λ (‖∇θ2V2λ‖∞ ≤ 1e-10).
func TestFollowerAscentConvergesToSoftBestResponse(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, ng := range testGames(t) {
		name, g := ng.name, ng.g
		n, m1, m2 := g.Dims()
		th1 := randTheta(rng, n*m1, 1)
		th2 := randTheta(rng, n*m2, 1)
		e, _ := NewEvaluator(g)
		brTheta, err := e.BestResponseTheta(th1)
		if err != nil {
			t.Fatal(err)
		}
		br := Softmax(nil, brTheta, m2)
		if gm := maxAbs(e.Eval(th1, brTheta, OrderGradients).Grad22); gm > 1e-10 {
			t.Errorf("%s: ‖∇θ2V2λ(θ1, B(θ1))‖∞ = %.3g > 1e-10", name, gm)
		}
		got, err := FollowerAscent(g, th1, th2, loop.Constant(2), 20000)
		if err != nil {
			t.Fatal(err)
		}
		pi := Softmax(nil, got, m2)
		gap := 0.0
		for i := range pi {
			gap = math.Max(gap, math.Abs(pi[i]-br[i]))
		}
		if gap > 1e-8 {
			t.Errorf("%s: follower ascent ends %.3g from the soft best response", name, gap)
		}
	}
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// TestHierarchicalGradientMatchesFiniteDifferences checks Eq. 18: the
// implicit gradient at (θ1, B(θ1)) equals the central finite difference
// of θ1 ↦ V1(θ1, B(θ1)), with B computed by the oracle, to 1e-6 relative.
func TestHierarchicalGradientMatchesFiniteDifferences(t *testing.T) {
	const h = 1e-5
	rng := rand.New(rand.NewPCG(7, 8))
	for _, ng := range testGames(t) {
		name, g := ng.name, ng.g
		n, m1, _ := g.Dims()
		th1 := randTheta(rng, n*m1, 1)
		e, _ := NewEvaluator(g)
		_, grad, _, err := e.Hierarchical(th1, 0)
		if err != nil {
			t.Fatal(err)
		}
		grad = append([]float64(nil), grad...)
		fd := hierFD(t, g, th1, h)
		if err := relErr(grad, fd); err > 1e-6 {
			t.Errorf("%s: hierarchical gradient rel err %.3g > 1e-6\n got %.6g\nwant %.6g", name, err, grad, fd)
		}
	}
}

// hierFD returns the central finite differences (step h) of
// θ1 ↦ V1(θ1, B(θ1)), the leader's value along the follower's best
// response computed by the oracle: Eq. 18's gradient, by other means.
func hierFD(t *testing.T, g *Game, th1 []float64, h float64) []float64 {
	t.Helper()
	e, _ := NewEvaluator(g)
	fd := make([]float64, len(th1))
	for i := range th1 {
		x := th1[i]
		var v [2]float64
		for k, xi := range [2]float64{x + h, x - h} {
			th1[i] = xi
			th2, err := e.BestResponseTheta(th1)
			if err != nil {
				t.Fatal(err)
			}
			v[k] = e.Eval(th1, th2, OrderValues).V1
		}
		th1[i] = x
		fd[i] = (v[0] - v[1]) / (2 * h)
	}
	return fd
}

// TestStackelbergPGReachesStationaryPoint checks Theorem 1 on the
// built-ins and on random games: after DefaultConfig's run, the verdict
// of Assess with DefaultCriterion holds: the hierarchical gradient norm
// is ≤ 1e-4 and the follower is within 1e-4 of its best response.
func TestStackelbergPGReachesStationaryPoint(t *testing.T) {
	type tc struct {
		name   string
		params map[string]float64
	}
	cases := []tc{
		{"patrol", nil},
		{"epidemic", nil},
		{"random", nil},
		{"random", map[string]float64{"states": 3, "actions1": 2, "actions2": 3, "seed": 2}},
		{"random", map[string]float64{"states": 4, "actions1": 3, "actions2": 2, "seed": 3, "gamma": 0.8, "lambda": 0.5}},
	}
	for _, c := range cases {
		g, err := Builtin(c.name, c.params)
		if err != nil {
			t.Fatal(err)
		}
		cfg, _ := DefaultConfig(c.name)
		cfg.RecordEvery = 0
		res, err := Run(context.Background(), g, cfg, nil)
		if err != nil {
			t.Fatalf("%s %v: %v", c.name, c.params, err)
		}
		t.Logf("%s %v: V1 %.6f V2λ %.6f ‖∇V1(θ1,B(θ1))‖ %.2e br_gap %.2e", c.name, c.params, res.LeaderValue, res.FollowerValue, res.HierGradNorm, res.BRGap)
		v, err := Assess(g, StackelbergPG, res, DefaultCriterion)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Converged {
			t.Errorf("%s %v: %v", c.name, c.params, v)
		}
	}
}

// TestStackelbergBeatsSimultaneousOnBuiltins: on the built-ins the leader
// gains from anticipating the follower (the comparison table of the
// reproduction), by a margin larger than the runs' residual error.
func TestStackelbergBeatsSimultaneousOnBuiltins(t *testing.T) {
	for _, name := range []string{"patrol", "epidemic"} {
		g, _ := Builtin(name, nil)
		cfg, _ := DefaultConfig(name)
		cfg.Iterations = 5000
		cfg.RecordEvery = 0
		c, err := Compare(context.Background(), g, cfg, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if gain := c.Stackelberg.LeaderValue - c.Simultaneous.LeaderValue; gain < 0.01 {
			t.Errorf("%s: V1 stackelberg %.6f − simultaneous %.6f = %.3g < 0.01", name, c.Stackelberg.LeaderValue, c.Simultaneous.LeaderValue, gain)
		}
	}
}

// TestRecorderAndHistory checks the recording schedule and that records
// are exact diagnostics of the parameters at that iteration.
func TestRecorderAndHistory(t *testing.T) {
	g, _ := Builtin("random", nil)
	var got []int
	rec := RecorderFunc(func(s Stats) error {
		got = append(got, s.Iteration)
		return nil
	})
	res, err := Run(context.Background(), g, Config{Settings: loop.Settings{Iterations: 25, RecordEvery: 10}}, rec)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{0, 10, 20, 25}
	if len(got) != len(want) || len(res.History) != len(want) {
		t.Fatalf("recorded iterations %v (history %d), want %v", got, len(res.History), want)
	}
	for i := range want {
		if got[i] != want[i] || res.History[i].Iteration != want[i] {
			t.Fatalf("recorded iterations %v, want %v", got, want)
		}
	}
	last := res.History[len(res.History)-1]
	if last.LeaderValue != res.LeaderValue || last.HierGradNorm != res.HierGradNorm || last.BRGap != res.BRGap {
		t.Errorf("final record %+v differs from result %+v", last, res)
	}
	// A recorder error stops the run.
	stop := errors.New("stop")
	res, err = Run(context.Background(), g, Config{Settings: loop.Settings{Iterations: 100, RecordEvery: 10}}, RecorderFunc(func(s Stats) error {
		if s.Iteration == 20 {
			return stop
		}
		return nil
	}))
	if !errors.Is(err, stop) || res.Iterations != 20 {
		t.Errorf("recorder error: got %v after %d iterations", err, res.Iterations)
	}
}

// TestRunErrors: a non-finite quantity and a singular Hessian stop the run
// with a RunError naming the iteration and the quantity, and the records
// made so far are returned with the last finite parameters.
func TestRunErrors(t *testing.T) {
	// Rewards of 1e306 are finite, but a step of 1e10 times a gradient of
	// that size overflows θ1 to ±Inf at the first update: the run stops
	// there, keeping the initial parameters and record.
	g, _ := RandomGame(2, 2, 2, 1, 0.9, 0.2)
	for s := range 2 {
		for a := range 2 {
			for b := range 2 {
				g.R1[s][a][b] *= 1e306
			}
		}
	}
	g.Validate()
	res, err := Run(context.Background(), g, Config{Dynamics: SimultaneousPG, LeaderLR: loop.Constant(1e10), Settings: loop.Settings{Iterations: 10, RecordEvery: 1}}, nil)
	var re *RunError
	if !errors.As(err, &re) {
		t.Fatalf("huge step: got %v, want a *RunError", err)
	}
	if re.Iteration != 1 || !strings.Contains(err.Error(), "iteration 1: leader parameters θ1 after Eq. 8 (α_k = 1e+10)") {
		t.Errorf("huge step: %v (iteration %d, quantity %q)", err, re.Iteration, re.Quantity)
	}
	if len(res.History) != 1 || res.Iterations != 0 || !allFinite(res.Theta1) || !slices.Equal(res.Theta1, make([]float64, len(res.Theta1))) {
		t.Errorf("huge step: %d records, %d iterations and θ1 = %v kept, want 1, 0 and the initial zeros", len(res.History), res.Iterations, res.Theta1)
	}
	// A step schedule that passes validation and breaks later (a Go
	// schedule: +Inf at iteration 3) stops the run at that iteration,
	// naming the schedule, with the parameters after iteration 2: a
	// ScheduleError, the run failed, not diverged (a RunError until
	// session 32).
	res, err = Run(context.Background(), g, Config{Dynamics: SimultaneousPG, LeaderLR: infAt(3), Settings: loop.Settings{Iterations: 10, RecordEvery: 1}}, nil)
	var se *ScheduleError
	if !errors.As(err, &se) || se.Iteration != 3 || !strings.Contains(err.Error(), "iteration 3: leader step (Eq. 8): leader_lr α_k: value +Inf at iteration 3") {
		t.Errorf("infinite step: %v", err)
	}
	if res.Status != loop.Failed || errors.As(err, &re) {
		t.Errorf("infinite step: status %v (a RunError: %v), want failed and no RunError", res.Status, errors.As(err, &re))
	}
	if len(res.History) != 3 || res.Iterations != 2 || !allFinite(res.Theta1) {
		t.Errorf("infinite step: %d records, %d iterations, θ1 = %v; want 3, 2 and finite", len(res.History), res.Iterations, res.Theta1)
	}
	// A follower indifferent between its actions and unregularised
	// (λ = 0) has a zero Hessian: Eq. 19 is undefined.
	flat, _ := RandomGame(2, 2, 2, 1, 0.9, 0)
	for s := range 2 {
		for a := range 2 {
			for b := range 2 {
				flat.R2[s][a][b] = 0.5
			}
		}
	}
	flat.Validate()
	res, err = Run(context.Background(), flat, Config{Settings: loop.Settings{Iterations: 10}}, nil)
	if !errors.As(err, &re) || !errors.Is(err, ErrSingularHessian) || re.Iteration != 1 || !strings.Contains(re.Quantity, "Hessian") {
		t.Fatalf("singular Hessian: got %v", err)
	}
	if len(res.History) != 1 || res.Policy1 == nil {
		t.Errorf("singular Hessian: result %+v should hold the initial record and policies", res)
	}
	// Reg > 0 makes the same run well defined.
	if _, err := Run(context.Background(), flat, Config{Settings: loop.Settings{Iterations: 10}, Reg: 0.1}, nil); err != nil {
		t.Errorf("with reg: %v", err)
	}
}

// TestResultJSON checks the published summary keys.
func TestResultJSON(t *testing.T) {
	g, _ := Builtin("random", nil)
	res, err := Run(context.Background(), g, Config{Settings: loop.Settings{Iterations: 10}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := "br_gap,follower_value,hier_grad_norm,leader_value,policy1,policy2"
	if strings.Join(keys, ",") != want {
		t.Errorf("JSON keys %v, want %s", keys, want)
	}
	if p := m["policy1"].([]any); len(p) != 2 || len(p[0].([]any)) != 2 {
		t.Errorf("policy1 = %v: want 2 states × 2 actions", p)
	}
}

// TestConfigValidation: bad settings are errors naming the field.
func TestConfigValidation(t *testing.T) {
	g, _ := Builtin("random", nil)
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Dynamics: "newton"}, "dynamics"},
		{Config{Estimator: "magic"}, "estimator"},
		{Config{LeaderLR: loop.Constant(-1)}, "leader_lr"},
		{Config{FollowerLR: loop.Power{A: 1, B: -2, P: 1}}, "follower_lr"},
		{Config{Reg: -1}, "reg"},
		{Config{Batch: -1}, "batch"},
		{Config{Theta1: []float64{1}}, "theta1"},
		{Config{Theta2: []float64{1, 2, 3, math.NaN()}}, "not finite"},
	} {
		_, err := Run(context.Background(), g, c.cfg, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one mentioning %q", c.cfg, err, c.want)
		}
	}
}

// TestSampledStackelbergPG runs the sample-based dynamics with power
// schedules satisfying Assumption 1 on a 2-state game with an interior
// leader optimum (γ = 0.5) and checks that it is deterministic for a seed
// and ends close to the exact dynamics: |V1 − V1(exact)| ≤ 0.01,
// br_gap ≤ 0.05 and ‖∇V1(θ1,B(θ1))‖ ≤ 0.05 (Monte Carlo noise of batch
// 256; the exact run reaches ‖∇‖ ~ 1e-16 there).
func TestSampledStackelbergPG(t *testing.T) {
	g := nearZeroSum(29)
	g.Gamma = 0.5
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	exact, err := Run(context.Background(), g, Config{LeaderLR: loop.Constant(0.5), FollowerLR: loop.Constant(2), Settings: loop.Settings{Iterations: 5000, RecordEvery: 0}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Estimator: Sampled, Batch: 256, Horizon: 25, Seed: 1,
		LeaderLR: loop.Power{A: 5, B: 10, P: 0.9}, FollowerLR: loop.Power{A: 10, B: 10, P: 0.6},
		Settings: loop.Settings{Iterations: 400, RecordEvery: 0},
	}
	if err := CheckAssumption1(cfg.LeaderLR, cfg.FollowerLR); err != nil {
		t.Fatal(err)
	}
	a, err := Run(context.Background(), g, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sampled: V1 %.5f (exact run %.5f), br_gap %.3g, ‖∇‖ %.3g", a.LeaderValue, exact.LeaderValue, a.BRGap, a.HierGradNorm)
	if d := math.Abs(a.LeaderValue - exact.LeaderValue); d > 0.01 {
		t.Errorf("sampled run ends at V1 %.5f, %.3g from the exact run's %.5f", a.LeaderValue, d, exact.LeaderValue)
	}
	if a.BRGap > 0.05 || a.HierGradNorm > 0.05 {
		t.Errorf("sampled run: br_gap %.3g, ‖∇‖ %.3g; want both ≤ 0.05", a.BRGap, a.HierGradNorm)
	}
	cfg.Iterations = 20
	b1, err1 := Run(context.Background(), g, cfg, nil)
	b2, err2 := Run(context.Background(), g, cfg, nil)
	if err1 != nil || err2 != nil {
		t.Fatalf("20-iteration sampled runs: errors %v, %v", err1, err2)
	}
	if n, m1, _ := g.Dims(); len(b1.Theta1) != n*m1 || len(b2.Theta1) != n*m1 || b1.Iterations != 20 || b2.Iterations != 20 {
		t.Fatalf("20-iteration sampled runs: θ1 %v and %v after %d and %d iterations; want %d entries after 20", b1.Theta1, b2.Theta1, b1.Iterations, b2.Iterations, n*m1)
	}
	for i := range b1.Theta1 {
		if b1.Theta1[i] != b2.Theta1[i] {
			t.Fatalf("same seed, different runs: θ1 %v vs %v", b1.Theta1, b2.Theta1)
		}
	}
}

func TestCheckAssumption1(t *testing.T) {
	// want is "" for a pair that satisfies Assumption 1, else the exact
	// start of the error, which names the equation the pair violates.
	for _, c := range []struct {
		a, b loop.Schedule
		want string
	}{
		{loop.Power{A: 1, B: 1, P: 0.9}, loop.Power{A: 1, B: 1, P: 0.6}, ""},
		{loop.Power{A: 1, B: 1, P: 1}, loop.Power{A: 1, B: 1, P: 0.75}, ""},
		{loop.Constant(0.1), loop.Constant(1), "markov: Assumption 1 (Eq. 11): leader steps "},
		{loop.Power{A: 1, B: 1, P: 0.6}, loop.Power{A: 1, B: 1, P: 0.6}, "markov: Assumption 1 (Eq. 12): α/β = (1/(1+k)^0.6) / (1/(1+k)^0.6) does not tend to 0"}, // α/β ↛ 0
		{loop.Power{A: 1, B: 1, P: 0.4}, loop.Power{A: 1, B: 1, P: 0.3}, "markov: Assumption 1 (Eq. 11): leader steps 1/(1+k)^0.4 are not square-summable"},
		{loop.Power{A: 1, B: 1, P: 1.5}, loop.Power{A: 1, B: 1, P: 0.6}, "markov: Assumption 1 (Eq. 10): leader steps 1/(1+k)^1.5 are summable"},
		{loop.Power{A: 1, B: 1, P: 0.9}, loop.Power{A: 1, B: 1, P: 1.2}, "markov: Assumption 1 (Eq. 10): follower steps 1/(1+k)^1.2 are summable"},
		// Eq. 10-12 are about positive steps: a negative α turns Eq. 8's
		// ascent into descent, and b ≤ −1 makes b + k ≤ 0 at some k.
		{loop.Power{A: -1, B: 1, P: 0.9}, loop.Power{A: 1, B: 1, P: 0.6}, "markov: Assumption 1: leader steps: value -0.53"},
		{loop.Power{A: 1, B: 1, P: 0.9}, loop.Power{A: 1, B: -3, P: 0.6}, "markov: Assumption 1: follower steps: b = -3: "},
	} {
		err := CheckAssumption1(c.a, c.b)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want)) {
			t.Errorf("%v, %v: error %v, want prefix %q", c.a, c.b, err, c.want)
		}
	}
	if s := (loop.Power{A: 2, B: 3, P: 0.5}); math.Abs(s.At(1)-1) > 1e-15 || math.Abs(s.At(6)-2/3.0) > 1e-15 {
		t.Errorf("loop.Power{A: 2, B: 3, P: 0.5}.At = %v, %v", s.At(1), s.At(6))
	}
}

// infAt is a leader step of 1e-300 (a step that leaves θ1 where it is),
// +Inf at the one iteration s (not one that validation samples).
type infAt int

func (s infAt) At(k int) float64 {
	if k == int(s) {
		return math.Inf(1)
	}
	return 1e-300
}
