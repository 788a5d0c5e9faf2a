package experiment

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestBaselineDynamicsConfigs: extragradient and consensus are reachable
// from a config (the published shape `dynamics: {kind: …}` with the usual
// leader_lr / follower_lr, consensus with gamma), their keys are strict,
// and on the duopoly (a strongly monotone game) both
// end at the Nash equilibrium ((A + c2 − 2c1)/3, (A + c1 − 2c2)/3) =
// (30.6667, 33.6667) within 1e-6.
func TestBaselineDynamicsConfigs(t *testing.T) {
	for _, dyn := range []string{"{kind: extragradient, leader_lr: {constant: 0.2}, follower_lr: {constant: 0.2}}",
		"{kind: consensus, gamma: 0.5, leader_lr: {constant: 0.2}, follower_lr: {constant: 0.2}}"} {
		cfg, err := ParseConfig([]byte("name: b\ngame: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}\ndynamics: " + dyn + "\niterations: 2000\ninit: {x: [10], y: [10]}\n"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := buildSmooth(cfg)
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.run(context.Background(), 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(res.X[0]-92.0/3) > 1e-6 || math.Abs(res.Y[0]-101.0/3) > 1e-6 {
			t.Errorf("%s ends at (%v, %v), want the Nash equilibrium (30.6667, 33.6667)", dyn, res.X[0], res.Y[0])
		}
	}
	for _, c := range []struct{ dyn, want string }{
		{"{kind: extragradient, gamma: 1}", "dynamics.gamma is not used by kind extragradient"},
		{"{kind: sga, gamma: 1}", "dynamics.gamma is not used by kind sga"},
		{"{kind: consensus, solver: {kind: exact}}", "dynamics.solver is not used by kind consensus"},
		{"{kind: nope}", "extragradient"},
	} {
		_, err := ParseConfig([]byte("name: b\ngame: {builtin: duopoly}\ndynamics: " + c.dyn + "\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.dyn, err, c.want)
		}
	}
	cfg, _ := ParseConfig([]byte("name: b\ngame: {builtin: duopoly}\ndynamics: {kind: consensus, gamma: -1}\n"))
	if _, err := buildSmooth(cfg); err == nil || !strings.Contains(err.Error(), "gamma") {
		t.Errorf("negative gamma: %v", err)
	}
}
