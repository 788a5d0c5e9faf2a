package agent

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestNaNActionStopsBeforeTheEnvironment: a policy whose parameters are
// NaN gives a NaN action; the agents stop before handing it to the
// environment, naming the step and the action element. Without the check
// a classic-control task turned it into a NaN observation (an error naming
// the symptom), and a MuJoCo task panics on it (InvertedPendulum-v4 took
// it silently before, as MuJoCo applies no force for a NaN control).
func TestNaNActionStopsBeforeTheEnvironment(t *testing.T) {
	for _, c := range []struct {
		algo Algo
		want string
	}{
		{AC, "Pendulum-v1 step 1: action[0] is NaN, the policy's sample"},
		{DDPG, "Pendulum-v1 step 1: action[0] is NaN, the behaviour policy's"},
		{STSAC, "Pendulum-v1 step 1: action[0] is NaN, the behaviour policy's"},
	} {
		cfg := tinyConfig(t, "Pendulum-v1", c.algo, ActorLeads)
		if !c.algo.OnPolicy() {
			cfg.StartSteps = 0 // act with the policy from the first step
		}
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.actor.Data {
			a.actor.Data[i] = math.NaN()
		}
		_, err = a.RunEpoch(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.algo, err, c.want)
		}
		a.Close()
	}
	// The test episodes' greedy action likewise.
	cfg := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for i := range a.actor.Data {
		a.actor.Data[i] = math.NaN()
	}
	_, _, err = a.evaluate(context.Background())
	if want := "test episode 1: Pendulum-v1 step 1: action[0] is NaN, the policy's"; err == nil || err.Error() != want {
		t.Errorf("evaluate: error %v, want %q", err, want)
	}
}

// TestOverflowingNoiseNamed: an on-policy run whose gradient noise
// overflows (σ = 1e308) stops at the optimiser step, and the error says
// the gradient carries grad_noise (it read as if the gradient itself were
// infinite).
func TestOverflowingNoiseNamed(t *testing.T) {
	cfg := tinyConfig(t, "Pendulum-v1", AC, ActorLeads)
	cfg.Optimizer, cfg.GradNoise = "sgd", 1e308
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	_, err = a.RunEpoch(context.Background())
	const want = " (the gradient includes grad_noise, N(0, σ²) with σ = 1e+308)"
	if err == nil || !strings.Contains(err.Error(), "ac epoch 1: actor SGD step: ") || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want the actor SGD step's error ending %q", err, want)
	}
}
