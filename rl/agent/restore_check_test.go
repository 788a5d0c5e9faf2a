package agent

import (
	"bytes"
	"context"
	"encoding/gob"
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/replay"
)

// loadSnapshot encodes s and loads it.
func loadSnapshot(t *testing.T, s snapshot) (*Agent, error) {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
		t.Fatal(err)
	}
	return Load(&buf)
}

// withTransition returns s's replay buffer (one that has not wrapped) with
// transition k changed by edit, as the same Adds would have left it.
func withTransition(t *testing.T, s snapshot, k int, edit func(tr *replay.Transition)) []byte {
	t.Helper()
	old := new(replay.Buffer)
	if err := old.UnmarshalBinary(s.Replay); err != nil {
		t.Fatal(err)
	}
	if old.Full() {
		t.Fatal("the test wants a buffer that has not wrapped")
	}
	nb := replay.New(old.Cap(), old.ObsDim(), old.ActDim())
	for i := 0; i < old.Len(); i++ {
		tr := old.At(i)
		tr = replay.Transition{Obs: append([]float64(nil), tr.Obs...), Action: append([]float64(nil), tr.Action...),
			Reward: tr.Reward, NextObs: append([]float64(nil), tr.NextObs...), Done: tr.Done}
		if i == k {
			edit(&tr)
		}
		nb.Add(tr.Obs, tr.Action, tr.Reward, tr.NextObs, tr.Done)
	}
	data, err := nb.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestLoadRefusesNonFiniteState: a checkpoint whose network parameters
// hold NaN or ±Inf (or, in a run with a float32 tape, a value beyond
// float32's range), or whose replay buffer holds a non-finite observation,
// action or reward, cannot be written by Save from a healthy run (the
// end-of-epoch check and the environment checks refuse them first), so it
// is corrupt (an unframed file, or one assembled through the API). It
// loaded, and the run failed at its first update naming a symptom
// ("update 1: critic loss is NaN") or, for a bad replay entry sampled
// later, some update further on. Load now refuses it, naming the network
// (with its role) or the transition, the element and the value.
func TestLoadRefusesNonFiniteState(t *testing.T) {
	ddpg32 := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	ddpg32.DType = ad.Float32
	ddpg64 := ddpg32
	ddpg64.DType = ad.Float64
	st := tinyConfig(t, "Pendulum-v1", STDDPG, ActorLeads)
	st.DType = ad.Float64
	ac := tinyConfig(t, "CartPole-v1", AC, ActorLeads)
	d32, d64, s64, on := snapshotOf(t, ddpg32, 1), snapshotOf(t, ddpg64, 1), snapshotOf(t, st, 1), snapshotOf(t, ac, 1)

	clone := func(s snapshot) snapshot {
		s.Actor = append([]float64(nil), s.Actor...)
		s.Critic = append([]float64(nil), s.Critic...)
		s.Target = append([]float64(nil), s.Target...)
		return s
	}
	cases := []struct {
		name   string
		base   snapshot
		mutate func(s *snapshot)
		want   string // the whole error; "" for a checkpoint that loads and runs
	}{
		{"actor NaN", d64, func(s *snapshot) { s.Actor[3] = math.NaN() },
			"agent: checkpoint actor parameters: element 3 is NaN, not finite"},
		{"critic +Inf, Stackelberg role", s64, func(s *snapshot) { s.Critic[7] = math.Inf(1) },
			"agent: checkpoint follower (critic) parameters: element 7 is +Inf, not finite"},
		{"target critic -Inf", d64, func(s *snapshot) { s.Target[0] = math.Inf(-1) },
			"agent: checkpoint target critic parameters: element 0 is -Inf, not finite"},
		{"two networks", d64, func(s *snapshot) { s.Actor[1], s.Target[2] = math.NaN(), math.NaN() },
			"agent: checkpoint actor parameters: element 1 is NaN, not finite; target critic parameters: element 2 is NaN, not finite"},
		{"on-policy actor NaN", on, func(s *snapshot) { s.Actor[0] = math.NaN() },
			"agent: checkpoint actor parameters: element 0 is NaN, not finite"},
		{"float32 run, critic beyond float32", d32, func(s *snapshot) { s.Critic[5] = 1e39 },
			"agent: checkpoint critic parameters: element 5 is 1e+39, beyond float32's range (+Inf on a float32 tape)"},
		{"replay reward NaN", d64, func(s *snapshot) {
			s.Replay = withTransition(t, *s, 17, func(tr *replay.Transition) { tr.Reward = math.NaN() })
		}, "agent: checkpoint replay buffer transition 17: the reward is NaN"},
		{"replay observation +Inf", d64, func(s *snapshot) {
			s.Replay = withTransition(t, *s, 0, func(tr *replay.Transition) { tr.Obs[2] = math.Inf(1) })
		}, "agent: checkpoint replay buffer transition 0: observation[2] is +Inf"},
		{"replay next observation NaN", d64, func(s *snapshot) {
			s.Replay = withTransition(t, *s, 199, func(tr *replay.Transition) { tr.NextObs[1] = math.NaN() })
		}, "agent: checkpoint replay buffer transition 199: next observation[1] is NaN"},
		{"replay action NaN", d64, func(s *snapshot) {
			s.Replay = withTransition(t, *s, 50, func(tr *replay.Transition) { tr.Action[0] = math.NaN() })
		}, "agent: checkpoint replay buffer transition 50: action[0] is NaN"},
		{"replay rebuilt unchanged", d64, func(s *snapshot) {
			s.Replay = withTransition(t, *s, 50, func(*replay.Transition) {})
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := clone(tc.base)
			tc.mutate(&s)
			a, err := loadSnapshot(t, s)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				defer a.Close()
				if _, err := a.RunEpoch(context.Background()); err != nil {
					t.Fatalf("RunEpoch after Load: %v", err)
				}
				return
			}
			if err == nil {
				a.Close()
				t.Fatalf("Load accepted it, want %q", tc.want)
			}
			if a != nil || err.Error() != tc.want {
				t.Fatalf("Load: %v, %q; want nil, %q", a, err, tc.want)
			}
		})
	}
	// Only a float32 tape makes a finite value beyond float32's range
	// infinite: a float64 run's checkpoint holding one loads.
	s := clone(d64)
	s.Critic[5] = 1e39
	a, err := loadSnapshot(t, s)
	if err != nil {
		t.Fatalf("float64 run, critic element 1e39: Load: %v", err)
	}
	a.Close()
}

// TestLoadRefusesOptimiserOfAnotherRun: a checkpoint's optimiser state
// carries its learning rate (and Adam's β1, β2, ε), which the restored
// optimiser takes over from the configuration's. An optimiser state of a
// run with another actor_lr (or critic_lr) loaded, and the run went on at
// that rate while its configuration, and every file naming it, said the
// other. It is now an error naming the optimiser and both settings, as a
// replay buffer of another run is.
func TestLoadRefusesOptimiserOfAnotherRun(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		edit func(c *Config)
		swap func(s, other *snapshot)
		want string
	}{
		{"ddpg critic_lr", tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads), func(c *Config) { c.CriticLR *= 2 },
			func(s, o *snapshot) { s.CriticOpt = o.CriticOpt },
			"agent: checkpoint critic optimiser state is adam lr 0.002, β1 0.9, β2 0.999, ε 1e-08; the run's is adam lr 0.001, β1 0.9, β2 0.999, ε 1e-08"},
		{"stac actor_lr", tinyConfig(t, "CartPole-v1", STAC, ActorLeads), func(c *Config) { c.ActorLR = 0.5 },
			func(s, o *snapshot) { s.ActorOpt = o.ActorOpt },
			"agent: checkpoint actor optimiser state is sgd lr 0.5, momentum 0, nesterov false; the run's is sgd lr 0.03, momentum 0, nesterov false"},
	} {
		other := tc.cfg
		tc.edit(&other)
		s, o := snapshotOf(t, tc.cfg, 1), snapshotOf(t, other, 1)
		tc.swap(&s, &o)
		a, err := loadSnapshot(t, s)
		if err == nil {
			a.Close()
			t.Errorf("%s: Load accepted the other run's optimiser state", tc.name)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%s: Load: %q, want %q", tc.name, err, tc.want)
		}
	}
}
