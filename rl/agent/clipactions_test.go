package agent

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// actionLog is Pendulum-v1 (actions in [−2, 2], or in box when set)
// recording every action its Step is given.
type actionLog struct {
	env.Env
	box  *env.Box
	acts []float64
}

func (l *actionLog) ActionSpace() env.Space {
	if l.box != nil {
		return l.box
	}
	return l.Env.ActionSpace()
}

func (l *actionLog) Step(a []float64) ([]float64, float64, bool, bool) {
	l.acts = append(l.acts, a...)
	return l.Env.Step(a)
}

func (l *actionLog) Reset(rng *rand.Rand) []float64 { return l.Env.Reset(rng) }

var (
	registerNarrow    sync.Once
	registerActionLog sync.Once
	actionLogsMu      sync.Mutex
	actionLogs        []*actionLog // every instance built, in order
)

// registerActionLogEnv registers (once) the recording Pendulum id, with
// the action box box (nil: Pendulum's), whose instances are appended to
// actionLogs.
func registerActionLogEnv(t *testing.T, once *sync.Once, id string, box *env.Box) {
	t.Helper()
	once.Do(func() {
		if err := env.Register(env.Spec{ID: id, New: func() env.Env {
			inner, err := env.Make("Pendulum-v1")
			if err != nil {
				panic(err)
			}
			l := &actionLog{Env: inner, box: box}
			actionLogsMu.Lock()
			actionLogs = append(actionLogs, l)
			actionLogsMu.Unlock()
			return l
		}}); err != nil {
			t.Fatal(err)
		}
	})
}

// runActionLog runs one epoch of 150 steps of AC on the recording
// Pendulum with a wide initial policy (log σ = 1.5: σ ≈ 4.5 against the
// bound 2) and one test episode (200 steps), and returns the agent and
// the actions the training and the test instance were given.
func runActionLog(t *testing.T, clip bool) (a *Agent, train, test []float64) {
	t.Helper()
	return runActionLogOn(t, "ActionLog-v0", clip)
}

// runActionLogOn is runActionLog on the recording environment id
// (ActionLog-v0, registered here, or one registered by the caller).
func runActionLogOn(t *testing.T, id string, clip bool) (a *Agent, train, test []float64) {
	t.Helper()
	registerActionLogEnv(t, &registerActionLog, "ActionLog-v0", nil)
	cfg := tinyConfig(t, "Pendulum-v1", AC, ActorLeads)
	cfg.Env, cfg.ClipActions, cfg.InitLogStd = id, clip, 1.5
	cfg.StepsPerEpoch, cfg.Steps, cfg.TestEpisodes = 150, 150, 1
	actionLogsMu.Lock()
	actionLogs = nil
	actionLogsMu.Unlock()
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RunEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
	actionLogsMu.Lock()
	defer actionLogsMu.Unlock()
	for _, l := range actionLogs {
		switch len(l.acts) {
		case 150:
			train = l.acts
		case 200:
			test = l.acts
		}
	}
	if train == nil || test == nil {
		t.Fatalf("no training instance with 150 steps and test instance with 200 among %d instances", len(actionLogs))
	}
	return a, train, test
}

// TestClipActions: with Config.ClipActions the environment is given each
// drawn action clipped to [−2, 2] — exactly min(max(a, −2), 2) of the
// action the rollout keeps, which stays as drawn for the policy gradient —
// and the test episodes' actions are in the box too; without it (the
// default) the same wide policy hands the environment actions beyond it.
func TestClipActions(t *testing.T) {
	a, train, test := runActionLog(t, true)
	drawn := a.algo.(*onPolicy).buf.act[:150]
	beyond := 0
	for i, u := range drawn {
		if want := min(max(u, -2), 2); train[i] != want {
			t.Fatalf("step %d: the environment got %v for the drawn %v, want %v", i+1, train[i], u, want)
		}
		if u < -2 || u > 2 {
			beyond++
		}
	}
	if beyond < 50 {
		t.Errorf("only %d of 150 drawn actions beyond the box: the test does not exercise clipping", beyond)
	}
	for i, u := range test {
		if u < -2 || u > 2 {
			t.Fatalf("test episode step %d: action %v outside [−2, 2]", i+1, u)
		}
	}
	_, train, _ = runActionLog(t, false)
	outside := 0
	for _, u := range train {
		if u < -2 || u > 2 {
			outside++
		}
	}
	if outside == 0 {
		t.Error("without clip_actions no action reached the environment beyond the box")
	}
}

// TestClipActionsTestEpisodes: the test episodes' actions (the policy's
// mean, which the training steps above keep well inside Pendulum's box)
// are clipped too: on a box of ±0.05, which the untrained mean leaves,
// every test action is within it and some sit exactly on its bounds.
func TestClipActionsTestEpisodes(t *testing.T) {
	const id = "NarrowActionLog-v0"
	registerActionLogEnv(t, &registerNarrow, id, env.NewBox([]float64{-0.05}, []float64{0.05}))
	_, _, test := runActionLogOn(t, id, true)
	onBound := 0
	for i, u := range test {
		if u < -0.05 || u > 0.05 {
			t.Fatalf("test episode step %d: action %v outside [−0.05, 0.05]", i+1, u)
		}
		if u == -0.05 || u == 0.05 {
			onBound++
		}
	}
	if onBound == 0 {
		t.Error("no test action on the box's bounds: the test does not exercise the test episodes' clipping")
	}
}

// TestClipActionsRefused: clip_actions is an error where it would do
// nothing: on the off-policy algorithms, whose actions are in the box
// already, and on a discrete action space (exact messages).
func TestClipActionsRefused(t *testing.T) {
	ddpg := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	ddpg.ClipActions = true
	want := "rl.options.clip_actions: applies to ac and stac, not ddpg (whose actions are in the box already)"
	if err := ddpg.Validate(); err == nil || err.Error() != want {
		t.Errorf("ddpg: %v, want %q", err, want)
	}
	cart := tinyConfig(t, "CartPole-v1", AC, ActorLeads)
	cart.ClipActions = true
	want = "rl.options.clip_actions: CartPole-v1's actions are Discrete(2), not a box (clip_actions applies to ac's and stac's Gaussian policy on continuous actions)"
	if err := cart.Validate(); err == nil || err.Error() != want {
		t.Errorf("CartPole: %v, want %q", err, want)
	}
}
