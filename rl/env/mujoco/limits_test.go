//go:build mujoco

package mujoco

import (
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// TestGymnasiumTimeLimitsAndThresholds: the time limit Make applies, the
// reward threshold and the action bounds of each task are Gymnasium v4's
// (max_episode_steps, reward_threshold, the actuators' ctrlrange), written
// out here; TestSpacesAndSizes compares Make with env.MuJoCoTasks, the table
// the values come from, so a wrong entry there would pass it.
func TestGymnasiumTimeLimitsAndThresholds(t *testing.T) {
	gym := map[string]struct {
		steps     int
		threshold float64 // 0: none registered
		act       float64 // every action coordinate in [−act, act]
	}{
		"Hopper-v4":                 {1000, 3800, 1},
		"Walker2d-v4":               {1000, 0, 1},
		"HalfCheetah-v4":            {1000, 4800, 1},
		"Ant-v4":                    {1000, 6000, 1},
		"Swimmer-v4":                {1000, 360, 1},
		"Reacher-v4":                {50, -3.75, 1},
		"InvertedPendulum-v4":       {1000, 950, 3},
		"InvertedDoublePendulum-v4": {1000, 9100, 1},
	}
	if len(env.MuJoCoTasks) != len(gym) {
		t.Fatalf("%d MuJoCo tasks, want %d", len(env.MuJoCoTasks), len(gym))
	}
	for id, want := range gym {
		spec, ok := env.Lookup(id)
		if !ok {
			t.Fatalf("%s not registered", id)
		}
		if spec.MaxEpisodeSteps != want.steps || spec.RewardThreshold != want.threshold {
			t.Errorf("%s: time limit %d, reward threshold %v; Gymnasium v4: %d, %v",
				id, spec.MaxEpisodeSteps, spec.RewardThreshold, want.steps, want.threshold)
		}
		made, err := env.Make(id)
		if err != nil {
			t.Fatal(err)
		}
		if tl, ok := made.(*env.TimeLimit); !ok || tl.MaxSteps != want.steps {
			t.Errorf("%s: Make gives %T, want a TimeLimit of %d steps", id, made, want.steps)
		}
		act := made.ActionSpace().(*env.Box)
		for i := range act.Low {
			if act.Low[i] != -want.act || act.High[i] != want.act {
				t.Errorf("%s: action %d in [%v, %v], want [%v, %v]", id, i, act.Low[i], act.High[i], -want.act, want.act)
			}
		}
		if sp := spec.ActionSpace().(*env.Box); sp.Low[0] != -want.act || sp.High[0] != want.act {
			t.Errorf("%s: the spec's action bounds [%v, %v], want ±%v", id, sp.Low[0], sp.High[0], want.act)
		}
		env.Unwrapped(made).(*Env).Close()
	}
}
