package repro

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/learn/uncoupled"
	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/rl/agent"
)

// TestRLRegistryPinsZhengSettings pins, for every RL reproduction that
// runs the paper's settings, the values Zheng et al. state (Section 5,
// Appendix E): networks 64×32 tanh with plain gradient steps on batches of
// 4000 steps for AC/STAC, 256×256 relu with Adam on mini-batches of 100
// for the off-policy algorithms, λ = 0 on CartPole and 500 on the
// continuous tasks, ten test episodes every 10 000 steps on the MuJoCo
// tasks, the critic unrolled m = 1 and 80 times (Fig. 3(a)–(d)), and the
// leader of each AL/CL variant. Exact comparisons.
func TestRLRegistryPinsZhengSettings(t *testing.T) {
	type want struct {
		algo   agent.Algo
		leader agent.Leader
		unroll int // 0: not pinned (off-policy)
	}
	cases := []struct {
		r     rlRepro
		wants map[string]want // by variant slug
	}{
		{stacCartPole, map[string]want{"stac-m1": {agent.STAC, agent.ActorLeads, 1}, "stac-m80": {agent.STAC, agent.ActorLeads, 80}, "ac-m80": {agent.AC, agent.ActorLeads, 80}}},
		{stacCartPoleV0, map[string]want{"stac-m1": {agent.STAC, agent.ActorLeads, 1}, "ac-m80": {agent.AC, agent.ActorLeads, 80}}},
		{stddpgPendulum, map[string]want{"stddpg-al": {agent.STDDPG, agent.ActorLeads, 0}, "stddpg-cl": {agent.STDDPG, agent.CriticLeads, 0}, "ddpg": {agent.DDPG, agent.ActorLeads, 0}}},
		{stsacPendulum, map[string]want{"stsac-al": {agent.STSAC, agent.ActorLeads, 0}, "stsac-cl": {agent.STSAC, agent.CriticLeads, 0}, "sac": {agent.SAC, agent.ActorLeads, 0}}},
	}
	for _, s := range []rlSuite{stddpgMuJoCo, stsacMuJoCo, stacMuJoCo} {
		var base map[string]want
		switch s.Name {
		case "stddpg-mujoco":
			base = cases[2].wants
		case "stsac-mujoco":
			base = cases[3].wants
		default:
			base = cases[0].wants
		}
		for _, e := range s.Envs {
			cases = append(cases, struct {
				r     rlRepro
				wants map[string]want
			}{s.forEnv(e), base})
		}
	}
	for _, tc := range cases {
		variants, seeds, err := rlPlan(Options{}, tc.r)
		if err != nil {
			t.Fatal(err)
		}
		if seeds != 5 && seeds != 10 {
			t.Errorf("%s: %d seeds", tc.r.Name, seeds)
		}
		if len(variants) != len(tc.wants) {
			t.Errorf("%s: %d variants, want %d", tc.r.Name, len(variants), len(tc.wants))
		}
		mujoco := slices.Contains(mujocoEnvs, tc.r.Env)
		for _, v := range variants {
			w, ok := tc.wants[v.Slug]
			if !ok {
				t.Errorf("%s: unexpected variant %s", tc.r.Name, v.Slug)
				continue
			}
			c, err := experiment.RLAgentConfig(v.RL, 1)
			if err != nil {
				t.Fatal(err)
			}
			name := tc.r.Name + " " + tc.r.Env + " " + v.Slug
			if c.Env != tc.r.Env || c.Algo != w.algo || c.Leader != w.leader {
				t.Errorf("%s: %s %s leader %s, want %s %s leader %s", name, c.Env, c.Algo, c.Leader, tc.r.Env, w.algo, w.leader)
			}
			if w.unroll > 0 && c.Unroll != w.unroll {
				t.Errorf("%s: m = %d, want %d", name, c.Unroll, w.unroll)
			}
			if c.Algo.Stackelberg() && c.CG.Lambda != zhengLambda(c.Env) {
				t.Errorf("%s: λ = %g, want %g", name, c.CG.Lambda, zhengLambda(c.Env))
			}
			if c.GradNoise != 0 || c.Mixed != agent.MixedTheorem1 {
				t.Errorf("%s: gradient noise %g, mixed term %s: not the paper's", name, c.GradNoise, c.Mixed)
			}
			if c.Algo.OnPolicy() {
				if !slices.Equal(c.Hidden, []int{64, 32}) || c.Activation.String() != "tanh" || c.Optimizer != "sgd" || c.StepsPerEpoch != 4000 {
					t.Errorf("%s: %v %s %s, %d steps per batch; want [64 32] tanh sgd, 4000", name, c.Hidden, c.Activation, c.Optimizer, c.StepsPerEpoch)
				}
				continue
			}
			if !slices.Equal(c.Hidden, []int{256, 256}) || c.Activation.String() != "relu" || c.Optimizer != "adam" || c.BatchSize != 100 || c.TestEpisodes != 10 {
				t.Errorf("%s: %v %s %s, batch %d, %d test episodes; want [256 256] relu adam, 100, 10", name, c.Hidden, c.Activation, c.Optimizer, c.BatchSize, c.TestEpisodes)
			}
			if mujoco && c.StepsPerEpoch != 10000 {
				t.Errorf("%s: tested every %d steps, want the paper's 10 000", name, c.StepsPerEpoch)
			}
		}
	}
}

// TestHiCRegistryPinsLoftinSettings pins Section 3.3 of Loftin et al.:
// α_n = 0.001 n^−0.1, δ_n = n^−0.6, k_n of Eq. 19 (β = 0.1, the
// follower's fixed step; μ = 2), a gradient follower with step 0.1, and
// Fig. 1's 32 runs.
func TestHiCRegistryPinsLoftinSettings(t *testing.T) {
	run := HiCCournotPaper(1000)
	if run.Leader.Alpha != (loop.Power{A: 0.001, B: 0, P: 0.1}) || run.Leader.Delta != (loop.Power{A: 1, B: 0, P: 0.6}) {
		t.Errorf("α_n %+v, δ_n %+v; want 0.001 n^−0.1, n^−0.6", run.Leader.Alpha, run.Leader.Delta)
	}
	eq, ok := run.Leader.Commitment.(uncoupled.Eq19)
	if !ok || eq.Beta != 0.1 || eq.Mu != 2 {
		t.Errorf("commitment %+v, want Eq. 19 with β = 0.1, μ = 2", run.Leader.Commitment)
	}
	if run.Follower.LR != loop.Constant(0.1) {
		t.Errorf("follower step %+v, want 0.1", run.Follower.LR)
	}
	if seeds, _, scale, _ := hicPlan(Options{}); seeds != 32 || scale != 1 {
		t.Errorf("%d seeds, α scaled ×%g; want 32, ×1", seeds, scale)
	}
}

// TestDuopolyRegistryPinsFiezSettings pins Section 4.1 of Fiez et al.:
// γ_k = 1/k for both players of the Nash dynamics, 1/k and 1/k^{2/3} in
// the Stackelberg dynamics, noise N(0, 10) (σ = √10) for each firm.
func TestDuopolyRegistryPinsFiezSettings(t *testing.T) {
	jobs, err := duopolyJobs(Options{Out: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2*16 {
		t.Errorf("%d jobs, want 16 seeds × 2 dynamics", len(jobs))
	}
	power := func(s *experiment.ScheduleConfig) experiment.PowerConfig {
		if s == nil || s.Power == nil {
			return experiment.PowerConfig{A: math.NaN()}
		}
		return *s.Power
	}
	for _, j := range jobs {
		c, err := experiment.ParseConfig([]byte(j.Config))
		if err != nil {
			t.Fatal(err)
		}
		d := c.Dynamics
		if c.Game == nil || c.Game.Builtin != "duopoly" || len(c.Game.Params) != 0 || d == nil || d.Noise == nil ||
			d.Noise.Leader != math.Sqrt(10) || d.Noise.Follower != math.Sqrt(10) {
			t.Fatalf("%s: not the paper's game or noise: %s", j.Out, j.Config)
		}
		follower := experiment.PowerConfig{A: 1, P: 1}
		if d.Kind == "stackelberg" {
			follower.P = 2.0 / 3
		}
		if power(d.LeaderLR) != (experiment.PowerConfig{A: 1, P: 1}) || power(d.FollowerLR) != follower {
			t.Errorf("%s (%s): rates %+v, %+v; want 1/k and %+v", j.Out, d.Kind, power(d.LeaderLR), power(d.FollowerLR), follower)
		}
	}
}

// TestRLReportStatesPaperDeviations: an RL reproduction's report.md says
// where its settings are the paper's and where not. The Pendulum
// comparisons test every 4000 steps (the paper every 10 000, on other
// tasks), and the CartPole comparison gives AC and STAC different actor
// steps where Section 5 sets them equal; the reports said neither.
func TestRLReportStatesPaperDeviations(t *testing.T) {
	dir := t.TempDir()
	if err := copyTree(filepath.Join("..", "..", "results", "stddpg-pendulum"), dir); err != nil {
		t.Fatal(err)
	}
	r, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Execute(context.Background(), Options{Out: dir, Seeds: 5, ReportOnly: true}); err != nil {
		t.Fatal(err)
	}
	md := readReport(t, dir)
	for _, want := range []string{
		"\n" + paperNotePrefix + "as there, the Hessian regularisation λ = 500, networks 256×256 relu, Adam on mini-batches of 100, " +
			"the statistic: the test return of the deterministic policy without action noise, 10 test episodes. " +
			"Unlike the paper: a test every 4000 steps (the paper: every 10 000); the task: Pendulum-v1 is not one of the paper's (CartPole and MuJoCo tasks). ",
		"5 seeds; 50 000 steps per run; the threshold −200; the curves' band (one standard deviation here; the paper does not say what its shaded regions show).\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	variants, seeds, err := rlPlan(Options{}, stacCartPole)
	if err != nil {
		t.Fatal(err)
	}
	th, _ := experiment.ThresholdFor("CartPole-v1", agent.STAC)
	note, err := paperSettingsNote(stacCartPole, variants, seeds, seeds, th)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"as there, the Hessian regularisation λ = 0, networks 64×32 tanh, batches of 4000 environment steps, plain gradient steps",
		"Unlike the paper: the actor's step is not the same for every algorithm, where Section 5 sets the actor's and critic's hyper-parameters equal",
		"the actor's steps 0.03 (STAC (m = 1), STAC (m = 80)), 2 (AC (m = 80)); the critic's step 0.01",
	} {
		if !strings.Contains(note, want) {
			t.Errorf("stac-cartpole's note lacks %q:\n%s", want, note)
		}
	}
	// On a MuJoCo task the off-policy settings are the paper's throughout.
	s := stddpgMuJoCo.forEnv("Hopper-v4")
	variants, seeds, err = rlPlan(Options{}, s)
	if err != nil {
		t.Fatal(err)
	}
	th, _ = experiment.ThresholdFor("Hopper-v4", agent.STDDPG)
	if note, err = paperSettingsNote(s, variants, seeds, seeds, th); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(note, "Unlike the paper") || !strings.Contains(note, "a test every 10 000 steps") {
		t.Errorf("stddpg-mujoco's note on Hopper-v4: %s", note)
	}
}

// TestStacToyReportSaysSettingsAreStackels: Zheng et al. print no step
// sizes, starts, iteration count, λ or (soft version) σ and η for the toy
// game's figures; both tables of the report say which are stackel's. The
// report used to give the steps in the title without saying the paper
// has none.
func TestStacToyReportSaysSettingsAreStackels(t *testing.T) {
	t.Parallel()
	md := readReport(t, runQuick(t, "stac-toy"))
	for _, want := range []string{
		"The paper prints no step sizes, starts, iteration count or other settings for these figures: actor step 0.05 and critic step 0.5 " +
			"(a pair where the sweep finds the paper's ordering), the four starts, ",
		" iterations, the λ of the regularised rows are stackel's.",
		" iterations, the λ of the regularised rows, the policy's σ and the entropy weight η are stackel's.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
}

// TestPendulumDescriptionsSayNotThePapersTask: `reproduce --list` said
// "Zheng et al. Fig. 3(e–h) on Pendulum-v1", as if the paper's figure had a
// Pendulum panel; its tasks are CartPole and MuJoCo ones.
func TestPendulumDescriptionsSayNotThePapersTask(t *testing.T) {
	for _, name := range []string{"stddpg-pendulum", "stsac-pendulum"} {
		r, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(r.Description, "comparison on Pendulum-v1 (not a task of the paper): ") {
			t.Errorf("%s: %q", name, r.Description)
		}
	}
}

// TestRLPaperNoteSpinningUpOnlyWhereSo: the note called every replay
// setting "Spinning Up's defaults", also under --quick, whose 200 steps of
// random actions and updates from step 200 are not (Spinning Up: 10 000
// and 1000); and it wrote 1000000 and -200 where the rest of the note
// writes 10 000. Exact strings.
func TestRLPaperNoteSpinningUpOnlyWhereSo(t *testing.T) {
	full := paperNoteFor(t, Options{}, stsacPendulum)
	quick := paperNoteFor(t, Options{Quick: true}, stddpgPendulum)
	for _, c := range []struct{ note, want string }{
		{full, "γ = 0.99, a replay buffer of 1 000 000, 10 000 steps of random actions, updates from step 1000 in bursts every 50 steps, Polyak ρ = 0.995, entropy coefficient η = 0.2 (Spinning Up's defaults); "},
		{full, "; 5 seeds; 50 000 steps per run; the threshold −200; "},
		{quick, "γ = 0.99, a replay buffer of 1 000 000, 200 steps of random actions (Spinning Up: 10 000), updates from step 200 (Spinning Up: 1000) in bursts every 50 steps, Polyak ρ = 0.995, action noise 0.1 (otherwise Spinning Up's defaults); "},
		{paperNoteFor(t, Options{}, stacCartPoleAuthors), "γ = 0.99 and GAE's λ = 0.97 (Spinning Up's defaults); "},
		{paperNoteFor(t, Options{Quick: true}, stacMuJoCo.forEnv("Hopper-v4")), "Unlike the paper: λ = 0 (the paper: 500 on this task); "},
	} {
		if !strings.Contains(c.note, c.want) {
			t.Errorf("note lacks %q:\n%s", c.want, c.note)
		}
	}
	for _, c := range []struct {
		x    float64
		want string
	}{{1e6, "1 000 000"}, {-200, "−200"}, {4000, "4000"}, {10000, "10 000"}, {0.995, "0.995"}, {-0.5, "−0.5"}, {123456, "123 456"}} {
		if got := paperNum(c.x); got != c.want {
			t.Errorf("paperNum(%g) = %q, want %q", c.x, got, c.want)
		}
	}
}

// TestRLPaperNoteAblationStepsNotDefaults: in stac-cartpole-ablations the
// actor's steps differ also because one variant sets its own (0.1, the
// authors' code's), which the note called "stackel's per-algorithm
// defaults". Exact strings.
func TestRLPaperNoteAblationStepsNotDefaults(t *testing.T) {
	for _, c := range []struct {
		r    rlRepro
		want string
	}{
		{stacCartPoleAblations, "(stackel's per-algorithm defaults, but for the step STAC (m = 1), steps 0.1 / 0.01 sets; the README's"},
		{stacCartPole, "(stackel's per-algorithm defaults; the README's"},
	} {
		variants, seeds, err := rlPlan(Options{}, c.r)
		if err != nil {
			t.Fatal(err)
		}
		th, _ := experiment.ThresholdFor(c.r.Env, agent.STAC)
		note, err := paperSettingsNote(c.r, variants, seeds, seeds, th)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(note, c.want) {
			t.Errorf("%s: note lacks %q:\n%s", c.r.Name, c.want, note)
		}
	}
}
