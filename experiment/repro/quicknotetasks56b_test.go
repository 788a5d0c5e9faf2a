package repro

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestSuiteQuickNoteEveryTask56b: a MuJoCo suite's --quick note was its
// first task's (Hopper-v4) alone. It now compares every selected task's
// quick and full runs: on the four tasks they differ in the same
// settings, and the note says they hold on every task, naming them; with
// --envs one task, the note is that task's clauses, naming it.
func TestSuiteQuickNoteEveryTask56b(t *testing.T) {
	t.Parallel()
	const stacClauses = "1000 steps per run instead of 1000000, 16×16 networks instead of 64×32, " +
		"the critic unrolled m = 5 times instead of 80 (STAC (m = 80), AC (m = 80)), batches (epochs) of 500 steps instead of 4000, " +
		"2 test episodes instead of 10, λ = 0 instead of 500 (STAC (m = 1), STAC (m = 80)), 3 conjugate-gradient iterations instead of 10 (STAC (m = 1), STAC (m = 80)), " +
		"3 Lanczos iterations instead of 10"
	const offClauses = "600 steps per run instead of 1000000, 16×16 networks instead of 256×256, epochs of 300 steps instead of 10000, " +
		"2 test episodes instead of 10, 3 conjugate-gradient iterations instead of 10 (%s), 3 Lanczos iterations instead of 10, " +
		"random actions for the first 200 steps instead of 10000, updates from step 200 instead of 1000, mini-batches of 32 instead of 100"
	const every = "on every task (Hopper-v4, HalfCheetah-v4, Walker2d-v4, Ant-v4): "
	for _, c := range []struct {
		name string
		opt  Options
		want string
	}{
		{"stac-mujoco", Options{Quick: true}, "2 seeds instead of 5; " + every + stacClauses},
		{"stddpg-mujoco", Options{Quick: true}, "2 seeds instead of 5; " + every + strings.Replace(offClauses, "%s", "STDDPG-AL, STDDPG-CL", 1)},
		{"stsac-mujoco", Options{Quick: true}, "2 seeds instead of 5; " + every + strings.Replace(offClauses, "%s", "STSAC-AL, STSAC-CL", 1)},
		{"stac-mujoco", Options{Quick: true, Seeds: 3, Envs: []string{"Walker2d-v4", "Ant-v4"}}, "on every task (Walker2d-v4, Ant-v4): " + stacClauses},
		{"stac-mujoco", Options{Quick: true, Envs: []string{"Ant-v4"}}, "2 seeds instead of 5; on Ant-v4: " + stacClauses},
	} {
		r, err := Lookup(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.QuickSettings(c.opt); got != c.want {
			t.Errorf("%s %+v:\n got %q\nwant %q", c.name, c.opt, got, c.want)
		}
	}
}

// TestSuiteQuickNotePerTask56b: when the tasks' quick runs differ from
// their full runs in different settings, the note gives each task's (or
// each group of tasks with the same) clauses: STAC on CartPole-v1 runs λ
// = 0 in both its quick and its full run, on Pendulum-v1 λ = 500 in its
// full run, and the two tasks' full runs have different lengths. Each
// task's clauses are rlQuickDiffs' of that task.
func TestSuiteQuickNotePerTask56b(t *testing.T) {
	t.Parallel()
	s := rlSuite{
		Name: "test-suite", Title: "STAC vs AC", Envs: []string{"CartPole-v1", "Pendulum-v1", "Acrobot-v1"}, Seeds: 5,
		Variants: []rlVariant{
			{"STAC (m = 1)", "stac-m1", experiment.RLConfig{Algo: "stac", Unroll: 1}},
			{"AC (m = 80)", "ac-m80", experiment.RLConfig{Algo: "ac", Unroll: 80}},
		},
		Quick: quickOnPolicy,
	}
	opt := Options{Quick: true}
	each := map[string]string{}
	for _, e := range s.Envs {
		each[e] = strings.Join(rlQuickDiffs(opt, s.forEnv(e)), ", ")
	}
	if each["CartPole-v1"] == each["Pendulum-v1"] {
		t.Fatalf("CartPole-v1 and Pendulum-v1 have the same quick differences %q: no test", each["CartPole-v1"])
	}
	if !strings.Contains(each["Pendulum-v1"], "λ = 0 instead of 500 (STAC (m = 1))") || strings.Contains(each["CartPole-v1"], "λ") {
		t.Fatalf("quick differences: CartPole-v1 %q, Pendulum-v1 %q", each["CartPole-v1"], each["Pendulum-v1"])
	}
	var want string
	if each["Acrobot-v1"] == each["CartPole-v1"] {
		want = "2 seeds instead of 5; on CartPole-v1 and Acrobot-v1: " + each["CartPole-v1"] + "; on Pendulum-v1: " + each["Pendulum-v1"]
	} else {
		want = "2 seeds instead of 5; on CartPole-v1: " + each["CartPole-v1"] + "; on Pendulum-v1: " + each["Pendulum-v1"] + "; on Acrobot-v1: " + each["Acrobot-v1"]
	}
	if got := s.quickSettings(opt); got != want {
		t.Errorf("quick note:\n got %q\nwant %q", got, want)
	}
	if got, want := s.quickSettings(Options{Quick: true, Envs: []string{"Pendulum-v1"}}), "2 seeds instead of 5; on Pendulum-v1: "+each["Pendulum-v1"]; got != want {
		t.Errorf("--envs Pendulum-v1:\n got %q\nwant %q", got, want)
	}
}
