package agent

import (
	"bytes"
	"context"
	"encoding/gob"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/optim"
)

// TestAdamOverflowStopsOnPolicy: with the gradient noise σ = 1e200
// (Config.GradNoise accepts any finite σ, and the actor's gradient norm is
// checked before the noise is added) Adam's second moment overflowed to
// +Inf on the first actor step, every actor parameter's update was 0
// from then on, and the run went on without a word with a frozen policy.
// The epoch now stops with an error naming the network, its role and the
// element.
func TestAdamOverflowStopsOnPolicy(t *testing.T) {
	for _, c := range []struct {
		algo Algo
		want string
	}{
		{AC, "ac epoch 1: actor Adam step: second moment of element 0 overflowed to +Inf (gradient "},
		{STAC, "stac epoch 1: leader (actor) Adam step: second moment of element 0 overflowed to +Inf (gradient "},
	} {
		cfg := tinyConfig(t, "Pendulum-v1", c.algo, ActorLeads)
		cfg.GradNoise, cfg.Optimizer = 1e200, "adam"
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		before := append([]float64(nil), a.actor.Data...)
		_, err = a.RunEpoch(context.Background())
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: RunEpoch error %v, want one starting %q", c.algo, err, c.want)
		}
		if !sameBits(before, a.actor.Data) {
			t.Errorf("%s: the refused step changed the actor", c.algo)
		}
	}
}

// adamState38 has the fields of optim's encoded Adam state (gob matches
// fields by name).
type adamState38 struct {
	Kind                    string
	Rate, Beta1, Beta2, Eps float64
	T                       int
	M, V                    [][]float64
}

// TestAdamOverflowStopsOffPolicy: an Adam state whose second moment is
// +Inf (what a checkpoint of a run whose moment had overflowed holds;
// loading accepts it) made the element's update 0 for the rest of the
// run; the first update now stops with an error naming the network and
// its role, for each of the three steps of the off-policy update.
func TestAdamOverflowStopsOffPolicy(t *testing.T) {
	for _, c := range []struct {
		algo   Algo
		leader Leader
		actor  bool // poison the actor's optimiser, else the critic's
		want   string
	}{
		{DDPG, ActorLeads, false, "ddpg epoch 1: update 1: critic Adam step: second moment of element 0 is already +Inf"},
		{SAC, ActorLeads, true, "sac epoch 1: update 1: actor Adam step: second moment of element 0 is already +Inf"},
		{STDDPG, ActorLeads, false, "stddpg epoch 1: update 1: follower (critic) Adam step: second moment of element 0 is already +Inf"},
		{STDDPG, ActorLeads, true, "stddpg epoch 1: update 1: leader (actor) Adam step: second moment of element 0 is already +Inf"},
		{STSAC, CriticLeads, true, "stsac epoch 1: update 1: follower (actor) Adam step: second moment of element 0 is already +Inf"},
		{STSAC, CriticLeads, false, "stsac epoch 1: update 1: leader (critic) Adam step: second moment of element 0 is already +Inf"},
	} {
		cfg := tinyConfig(t, "Pendulum-v1", c.algo, c.leader)
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		opt, n, lr := a.criticOpt, a.critic.Len(), cfg.CriticLR
		if c.actor {
			opt, n, lr = a.actorOpt, a.actor.Len(), cfg.ActorLR
		}
		v := make([]float64, n)
		v[0] = math.Inf(1)
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(adamState38{"adam", lr, 0.9, 0.999, 1e-8, 1, [][]float64{make([]float64, n)}, [][]float64{v}}); err != nil {
			t.Fatal(err)
		}
		if err := opt.(*optim.Adam).UnmarshalBinary(buf.Bytes()); err != nil {
			t.Fatalf("%s %s: loading v = +Inf: %v", c.algo, c.leader, err)
		}
		_, err = a.RunEpoch(context.Background())
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s %s: RunEpoch error %v, want one starting %q", c.algo, c.leader, err, c.want)
		}
	}
}
