//go:build mujoco

package agent

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/env/mujoco"
)

// TestMuJoCoDefaults: on a MuJoCo task Appendix E's settings apply, with
// 10⁶ steps and (off-policy) a test every 10 000 steps.
func TestMuJoCoDefaults(t *testing.T) {
	c, err := Defaults("Hopper-v4", STDDPG)
	if err != nil {
		t.Fatal(err)
	}
	if c.Steps != 1_000_000 || c.StepsPerEpoch != 10_000 || c.TestEpisodes != 10 || c.BatchSize != 100 ||
		c.CG.Lambda != 500 || len(c.Hidden) != 2 || c.Hidden[0] != 256 || c.Hidden[1] != 256 || c.Optimizer != "adam" {
		t.Errorf("Hopper-v4 STDDPG defaults: %+v", c)
	}
	c, err = Defaults("Walker2d-v4", STAC)
	if err != nil {
		t.Fatal(err)
	}
	if c.Steps != 1_000_000 || c.StepsPerEpoch != 4000 || c.CG.Lambda != 500 {
		t.Errorf("Walker2d-v4 STAC defaults: %+v", c)
	}
}

// TestAllAlgorithmsOnMuJoCo runs every algorithm (both leaders of STDDPG
// and STSAC) for two short epochs on every MuJoCo task, with tiny networks:
// each completes with finite losses and returns.
func TestAllAlgorithmsOnMuJoCo(t *testing.T) {
	type variant struct {
		algo   Algo
		leader Leader
	}
	variants := []variant{{AC, ActorLeads}, {STAC, ActorLeads}, {DDPG, ActorLeads}, {STDDPG, ActorLeads}, {STDDPG, CriticLeads},
		{SAC, ActorLeads}, {STSAC, ActorLeads}, {STSAC, CriticLeads}}
	for _, task := range env.MuJoCoTasks {
		for _, v := range variants {
			c, err := Defaults(task.ID, v.algo)
			if err != nil {
				t.Fatalf("%s %s: %v", task.ID, v.algo, err)
			}
			c.Leader, c.Seed = v.leader, 1
			c.Steps, c.StepsPerEpoch, c.Hidden = 200, 100, []int{8, 8}
			c.StartSteps, c.UpdateAfter, c.UpdateEvery, c.BatchSize = 50, 50, 50, 16
			c.TestEpisodes, c.LanczosIters, c.CG.Iters, c.Unroll = 1, 2, 2, min(c.Unroll, 2)
			a, err := New(c)
			if err != nil {
				t.Fatalf("%s %s-%s: %v", task.ID, v.algo, v.leader, err)
			}
			for !a.Done() {
				st, err := a.RunEpoch(context.Background())
				if err != nil {
					t.Fatalf("%s %s-%s: %v", task.ID, v.algo, v.leader, err)
				}
				for i, x := range st.Values() {
					if math.IsInf(x, 0) {
						t.Errorf("%s %s-%s epoch %d: value %d is infinite", task.ID, v.algo, v.leader, st.Epoch, i)
					}
				}
				if math.IsNaN(st.TestReturn) || math.IsNaN(st.CriticLoss) {
					t.Errorf("%s %s-%s epoch %d: test return %v, critic loss %v", task.ID, v.algo, v.leader, st.Epoch, st.TestReturn, st.CriticLoss)
				}
			}
		}
	}
}

// TestMuJoCoCheckpointResumeIsBitIdentical: a run on Hopper-v4 saved after
// its first epoch and resumed ends with the uninterrupted run's statistics,
// bit for bit (every epoch starts from a reset drawn from the saved
// environment stream, so the MuJoCo state needs no checkpoint).
func TestMuJoCoCheckpointResumeIsBitIdentical(t *testing.T) {
	for _, v := range []struct {
		algo   Algo
		leader Leader
	}{{SAC, ActorLeads}, {STDDPG, CriticLeads}} {
		c, err := Defaults("Hopper-v4", v.algo)
		if err != nil {
			t.Fatal(err)
		}
		c.Leader, c.Seed = v.leader, 3
		c.Steps, c.StepsPerEpoch, c.Hidden = 300, 150, []int{8, 8}
		c.StartSteps, c.UpdateAfter, c.UpdateEvery, c.BatchSize = 50, 50, 50, 16
		c.TestEpisodes, c.LanczosIters, c.CG.Iters = 1, 2, 2
		ctx := context.Background()
		want, full := runAll(t, c)
		full.Close()
		a, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.RunEpoch(ctx); err != nil {
			t.Fatal(err)
		}
		b := reload(t, a)
		st, err := b.RunEpoch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !sameStats(st, want[1]) {
			t.Errorf("%s-%s: resumed epoch 2\n%+v\nwant\n%+v", v.algo, v.leader, st, want[1])
		}
	}
}

// TestAgentCloseFreesMuJoCo: Agent.Close closes both of its MuJoCo
// environments under their time-limit wrappers (their Sims report Closed),
// and a second Close is harmless.
func TestAgentCloseFreesMuJoCo(t *testing.T) {
	c, err := Defaults("Hopper-v4", DDPG)
	if err != nil {
		t.Fatal(err)
	}
	c.Hidden = []int{4}
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	sims := []*mujoco.Sim{env.Unwrapped(a.env).(*mujoco.Env).Sim(), env.Unwrapped(a.testEnv).(*mujoco.Env).Sim()}
	if sims[0] == sims[1] || sims[0].Closed() || sims[1].Closed() {
		t.Fatalf("before Close: Sims %p %p closed %v %v", sims[0], sims[1], sims[0].Closed(), sims[1].Closed())
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if !sims[0].Closed() || !sims[1].Closed() {
		t.Errorf("after Close: training Sim closed %v, test Sim closed %v", sims[0].Closed(), sims[1].Closed())
	}
	if err := a.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
