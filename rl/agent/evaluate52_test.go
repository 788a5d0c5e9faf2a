package agent

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// handPlayed plays n episodes of a's policy by hand, from the streams
// Evaluate documents (opts.Seed's resets; with stochastic its policy
// draws), with a DDPG agent's behaviour policy written out from its
// equation μθ(s) + σ·h·ε clipped to the box instead of taken from the
// agent, so that the test checks Evaluate's episodes against the
// definition rather than against itself.
func handPlayed(t *testing.T, a *Agent, n int, seed uint64, stochastic bool) []Episode {
	t.Helper()
	e, err := env.Make(a.cfg.Env)
	if err != nil {
		t.Fatal(err)
	}
	resets := rand.New(rand.NewPCG(seed, seedConstant+streamEvalResets))
	draws := rand.New(rand.NewPCG(seed, seedConstant+streamEvalPolicy))
	act := make([]float64, a.actDim)
	var eps []Episode
	for range n {
		obs := e.Reset(resets)
		var ep Episode
		for {
			switch {
			case !stochastic:
				if err := a.algo.testAction(a, obs, act); err != nil {
					t.Fatal(err)
				}
			case a.cfg.Algo == DDPG || a.cfg.Algo == STDDPG:
				d := a.algo.(*offPolicy).g.(*ddpg)
				d.pi.Apply(a.actor, obs, act)
				for j := range act {
					h := (d.pi.High[j] - d.pi.Low[j]) / 2
					act[j] = math.Min(math.Max(act[j]+a.cfg.ActNoise*h*draws.NormFloat64(), d.pi.Low[j]), d.pi.High[j])
				}
			default:
				if err := a.algo.behaviour(a, draws, obs, act); err != nil {
					t.Fatal(err)
				}
			}
			next, r, term, trunc := e.Step(act)
			ep.Return += r
			ep.Length++
			if term || trunc {
				ep.Terminated = term
				break
			}
			obs = next
		}
		eps = append(eps, ep)
	}
	return eps
}

// TestEvaluateEpisodes52 checks Evaluate's episodes, deterministic and
// stochastic, against the same episodes played by hand (returns bit for
// bit, lengths, terminated), after one epoch of training, for an
// on-policy, a DDPG and a SAC agent; that the deterministic policy's mean
// over the test stream is the epoch's TestReturn (to 1e-12 relative: the
// epoch sums all episodes' rewards in one sum); and that another seed
// gives other episodes.
func TestEvaluateEpisodes52(t *testing.T) {
	for _, c := range []struct {
		env  string
		algo Algo
	}{{"CartPole-v1", STAC}, {"Pendulum-v1", STDDPG}, {"Pendulum-v1", SAC}} {
		cfg := tinyConfig(t, c.env, c.algo, ActorLeads)
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		st, err := a.RunEpoch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, stochastic := range []bool{false, true} {
			got, err := a.Evaluate(context.Background(), EvalOptions{Episodes: 3, Seed: 9, Stochastic: stochastic})
			if err != nil {
				t.Fatal(err)
			}
			want := handPlayed(t, a, 3, 9, stochastic)
			if len(got) != 3 {
				t.Fatalf("%s stochastic %v: %d episodes, want 3", c.algo, stochastic, len(got))
			}
			for i := range want {
				if math.Float64bits(got[i].Return) != math.Float64bits(want[i].Return) || got[i].Length != want[i].Length || got[i].Terminated != want[i].Terminated {
					t.Errorf("%s stochastic %v episode %d: %+v, played by hand %+v", c.algo, stochastic, i+1, got[i], want[i])
				}
			}
			other, err := a.Evaluate(context.Background(), EvalOptions{Episodes: 3, Seed: 10, Stochastic: stochastic})
			if err != nil {
				t.Fatal(err)
			}
			if other[0].Return == got[0].Return {
				t.Errorf("%s stochastic %v: seeds 9 and 10 both give return %v", c.algo, stochastic, got[0].Return)
			}
		}
		// The test episodes of epoch 1 are the first TestEpisodes of the
		// test stream, which nothing else draws from.
		var sum, length float64
		p := episodePlay{env: a.testEnv, resets: rand.New(rand.NewPCG(cfg.Seed, seedConstant+streamTest)), act: a.testAction,
			what: "episode", step: func(float64) {}, end: func(int, bool) {}}
		p.step = func(r float64) { sum += r; length++ }
		if err := a.play(context.Background(), p, cfg.TestEpisodes); err != nil {
			t.Fatal(err)
		}
		k := float64(cfg.TestEpisodes)
		if !(math.Abs(sum/k-st.TestReturn) <= 1e-12*math.Abs(st.TestReturn)) || length/k != st.TestLength {
			t.Errorf("%s: the test stream's episodes give %v (length %v), the epoch's test return %v (%v)", c.algo, sum/k, length/k, st.TestReturn, st.TestLength)
		}
	}
}

// TestEvaluateLeavesAgent52: an agent evaluated between its epochs (both
// ways, several episodes) runs its next epoch and saves exactly as one
// that was not evaluated: Evaluate draws from none of the agent's streams
// and steps none of its environments.
func TestEvaluateLeavesAgent52(t *testing.T) {
	for _, c := range []struct {
		env  string
		algo Algo
	}{{"CartPole-v1", AC}, {"Pendulum-v1", DDPG}, {"Pendulum-v1", STSAC}} {
		cfg := tinyConfig(t, c.env, c.algo, ActorLeads)
		var saved [2][]byte
		var stats [2]EpochStats
		for i, evaluate := range []bool{false, true} {
			a, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.RunEpoch(context.Background()); err != nil {
				t.Fatal(err)
			}
			if evaluate {
				for _, s := range []bool{false, true} {
					if _, err := a.Evaluate(context.Background(), EvalOptions{Episodes: 2, Seed: 3, Stochastic: s}); err != nil {
						t.Fatal(err)
					}
				}
			}
			if stats[i], err = a.RunEpoch(context.Background()); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := a.Save(&b); err != nil {
				t.Fatal(err)
			}
			saved[i] = b.Bytes()
		}
		if !sameStats(stats[0], stats[1]) || !bytes.Equal(saved[0], saved[1]) {
			t.Errorf("%s: evaluating between epochs changed the next epoch (%+v, not evaluated %+v) or the checkpoint", c.algo, stats[1], stats[0])
		}
	}
}

// TestEvaluateRefuses52: fewer than one episode, a nil context, a closed
// agent and a cancelled context are errors that say so; a NaN reward from
// the evaluation's environment at step 5 of its second episode names
// the episode and the step, and the first episode comes back with it.
func TestEvaluateRefuses52(t *testing.T) {
	const id = "PoisonedEval52-v0"
	registerPoisoned(t, id, 205, -1, math.NaN())
	cfg := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	cfg.Env = id
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	eps, err := a.Evaluate(context.Background(), EvalOptions{Episodes: 3})
	const want = "agent: evaluate: evaluation episode 2: " + id + " step 5: the reward is NaN"
	if err == nil || err.Error() != want || len(eps) != 1 || eps[0].Length != 200 {
		t.Errorf("poisoned: %v, %+v; want the error %q and the first episode of 200 steps", err, eps, want)
	}
	if _, err := a.Evaluate(context.Background(), EvalOptions{Episodes: 0}); err == nil || !strings.Contains(err.Error(), "0 episodes; give at least 1") {
		t.Errorf("0 episodes: %v", err)
	}
	var nilCtx context.Context
	if _, err := a.Evaluate(nilCtx, EvalOptions{Episodes: 1}); err == nil || !strings.Contains(err.Error(), "nil context") {
		t.Errorf("nil context: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	clean, err := New(tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := clean.Evaluate(ctx, EvalOptions{Episodes: 3}); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "evaluation episode 3") {
		t.Errorf("cancelled: %v, want context.Canceled at step 512 (episode 3)", err)
	}
	a.Close()
	if _, err := a.Evaluate(context.Background(), EvalOptions{Episodes: 1}); err == nil || !strings.Contains(err.Error(), "the agent is closed") {
		t.Errorf("closed: %v", err)
	}
}
