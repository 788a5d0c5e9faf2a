package experiment

import (
	"strings"
	"testing"
)

// A configuration with several faults fails with the same message on every
// run: the checks of init.uniform's x and y ranges (order and finiteness),
// of the shared dynamics keys a kind does not take and of the two
// step-size schedules used to range over maps, whose order changes from
// run to run.
func TestConfigErrorNamesTheSameFaultEveryRun(t *testing.T) {
	for _, c := range []struct{ name, yaml, want string }{
		{"uniform order", `{name: a, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10, init: {uniform: {x: [[5, 1]], y: [[7, 2]]}}}`,
			"init.uniform.x[0] = [5 1]"},
		{"uniform finite", `{name: a, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10, init: {uniform: {x: [[.inf, 1]], y: [[.nan, 2]]}}}`,
			"init.uniform.x[0][0] = +Inf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for i := 0; i < 100; i++ {
				_, err := ParseConfig([]byte(c.yaml))
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("run %d: error %v, want one with %q", i+1, err, c.want)
				}
			}
		})
	}
	for _, c := range []struct {
		name string
		d    DynamicsConfig
		want string
	}{
		// A Markov kind takes neither noise nor step_tol: noise comes
		// first in field order.
		{"unused keys", DynamicsConfig{Kind: "stackelberg-pg", Noise: &NoiseConfig{Leader: 1}, StepTol: 1}, "dynamics.noise is not used"},
		// Both schedules give none of constant, power, log or list.
		{"schedules", DynamicsConfig{Kind: "sga", LeaderLR: &ScheduleConfig{}, FollowerLR: &ScheduleConfig{}}, "dynamics.leader_lr: give exactly one"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for i := 0; i < 100; i++ {
				err := c.d.validate()
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("run %d: error %v, want one with %q", i+1, err, c.want)
				}
			}
		})
	}
}
