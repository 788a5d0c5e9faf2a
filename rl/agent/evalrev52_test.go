package agent

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/env"
)

var registerEndlessEval sync.Once

// TestEvaluateLeavesAgentWide52 extends TestEvaluateLeavesAgent52 to the
// cases it left out: STAC on CartPole (Lanczos on the diag stream), a
// Gaussian AC with clip_actions, SAC and STDDPG in float64, and SAC and
// STAC on an environment registered without a time limit (Evaluate's
// episodes then run to the cap, 1000 steps, longer than an epoch). For
// each, the epoch after an Evaluate of both policies, with another seed
// than the run's, is the epoch of an agent not evaluated bit for bit, and
// so is the checkpoint after it.
func TestEvaluateLeavesAgentWide52(t *testing.T) {
	const endless = "EndlessPendulumEval-v0"
	registerEndlessEval.Do(func() {
		if err := env.Register(env.Spec{ID: endless, New: func() env.Env { return env.NewPendulum() }}); err != nil {
			t.Fatal(err)
		}
	})
	for _, c := range []struct {
		name  string
		env   string
		algo  Algo
		dtype ad.DType
		clip  bool
	}{
		{"stac cartpole", "CartPole-v1", STAC, ad.Float32, false},
		{"ac pendulum clipped", "Pendulum-v1", AC, ad.Float32, true},
		{"sac float64", "Pendulum-v1", SAC, ad.Float64, false},
		{"stddpg float64", "Pendulum-v1", STDDPG, ad.Float64, false},
		{"sac endless", endless, SAC, ad.Float64, false},
		{"stac endless", endless, STAC, ad.Float32, true},
	} {
		cfg := tinyConfig(t, "Pendulum-v1", c.algo, ActorLeads)
		if c.env == "CartPole-v1" {
			cfg = tinyConfig(t, c.env, c.algo, ActorLeads)
		}
		cfg.Env, cfg.DType, cfg.ClipActions = c.env, c.dtype, c.clip
		var saved [2][]byte
		var stats [2]EpochStats
		for i, evaluate := range []bool{false, true} {
			a, err := New(cfg)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if _, err := a.RunEpoch(context.Background()); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if evaluate {
				for _, s := range []bool{true, false} {
					eps, err := a.Evaluate(context.Background(), EvalOptions{Episodes: 2, Seed: cfg.Seed + 1, Stochastic: s})
					if err != nil || len(eps) != 2 {
						t.Fatalf("%s: %d episodes, %v", c.name, len(eps), err)
					}
					if c.env == endless && (eps[0].Length != 1000 || eps[0].Terminated) {
						t.Errorf("%s: episode %+v, want truncated at the cap, 1000 steps", c.name, eps[0])
					}
				}
			}
			if stats[i], err = a.RunEpoch(context.Background()); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var b bytes.Buffer
			if err := a.Save(&b); err != nil {
				t.Fatal(err)
			}
			saved[i] = b.Bytes()
			a.Close()
		}
		if !sameStats(stats[0], stats[1]) || !bytes.Equal(saved[0], saved[1]) {
			t.Errorf("%s: evaluating between epochs changed the next epoch (%+v, not evaluated %+v) or the checkpoint", c.name, stats[1], stats[0])
		}
	}
}

// TestBehaviourIsTrainingPolicy52: the policy Evaluate plays with
// Stochastic is the one that acts in training. The first epoch of a fresh
// agent is played again through play with the behaviour action, drawing
// from fresh copies of the agent's own streams (actions from the agent
// stream, resets from the training-environment stream): the mean return
// of as many episodes as the epoch finished is the epoch's AvgReturn (to
// 1e-12 relative, the epoch summing its episodes in another order) and
// the mean length its AvgLength. Off-policy runs take no update in the
// epoch (update_after beyond it) and no random start steps
// (start_steps 0), so that only the behaviour policy draws from the
// agent stream; the Gaussian AC clips its actions (clip_actions).
func TestBehaviourIsTrainingPolicy52(t *testing.T) {
	for _, c := range []struct {
		env   string
		algo  Algo
		dtype ad.DType
		clip  bool
	}{
		{"CartPole-v1", AC, ad.Float32, false},
		{"CartPole-v1", STAC, ad.Float64, false},
		{"Pendulum-v1", AC, ad.Float32, true},
		{"Pendulum-v1", STDDPG, ad.Float32, false},
		{"Pendulum-v1", SAC, ad.Float64, false},
	} {
		cfg := tinyConfig(t, c.env, c.algo, ActorLeads)
		cfg.DType, cfg.ClipActions = c.dtype, c.clip
		if !c.algo.OnPolicy() {
			cfg.StepsPerEpoch, cfg.Steps, cfg.StartSteps, cfg.UpdateAfter = 600, 1200, 0, 1000
		}
		a, err := New(cfg)
		if err != nil {
			t.Fatalf("%s: %v", c.algo, err)
		}
		played, err := New(cfg) // the same initial networks
		if err != nil {
			t.Fatal(err)
		}
		st, err := a.RunEpoch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if st.Episodes < 1 {
			t.Fatalf("%s: no episode finished in the epoch", c.algo)
		}
		draws := rand.New(rand.NewPCG(cfg.Seed, seedConstant+streamAgent))
		var sum, length float64
		p := episodePlay{env: played.env, resets: rand.New(rand.NewPCG(cfg.Seed, seedConstant+streamEnv)), what: "episode",
			act:  func(obs, dst []float64) error { return played.algo.behaviour(played, draws, obs, dst) },
			step: func(r float64) { sum += r; length++ }}
		if err := played.play(context.Background(), p, st.Episodes); err != nil {
			t.Fatal(err)
		}
		k := float64(st.Episodes)
		if !(math.Abs(sum/k-st.AvgReturn) <= 1e-12*math.Abs(st.AvgReturn)) || length/k != st.AvgLength {
			t.Errorf("%s %v clip %v: the behaviour policy's %d episodes give %v (length %v), the epoch's average return %v (%v)",
				c.algo, c.dtype, c.clip, st.Episodes, sum/k, length/k, st.AvgReturn, st.AvgLength)
		}
		a.Close()
		played.Close()
	}
}
