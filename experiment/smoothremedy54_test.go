package experiment

import (
	"context"
	"strings"
	"testing"
)

// TestSmoothDivergedRemedy54: a diverged smooth run's error keeps its
// text and adds a remedy where the cause is clear: a follower_lr step of
// at least 2/K2 (f2 = y² − xy + y, K2 = 2) names follower_lr; strategies
// grown without bound under a stable follower step name both step sizes
// and game.domain; an objective not finite at moderate strategies gets
// none.
func TestSmoothDivergedRemedy54(t *testing.T) {
	const base = `name: quadq
seed: 1
game:
  sense: cost
  dims: [1, 1]
  f1: "F1"
  f2: "y[0]*y[0] - x[0]*y[0] + y[0]"
dynamics:
  kind: KIND
  leader_lr: {constant: L1}
  follower_lr: {constant: L2}
iterations: 5000
init: {x: [3], y: [2]}
`
	for _, c := range []struct {
		name, f1, kind, l1, l2, prefix, tail string
	}{
		{"follower step", "x[0]*x[0] + 3*x[0]*y[0] - 2*x[0] + y[0]*y[0]", "stackelberg", "0.05", "2",
			"iteration 335: leader objective f1 is infinite: f1: y[0]*y[0] is +Inf at 1:36 (x = [-1.6817026734510155e+153], y = [-3.125778951561194e+154])",
			"; remedy: lower dynamics.follower_lr: its step 2 is at least 2/K2 = 1 (K2 = 2, the largest curvature of f2 in y at the start), a step with which the follower's gradient step diverges"},
		{"grown", "x[0]*x[0] + 3*x[0]*y[0] - 2*x[0] + y[0]*y[0]", "stackelberg", "5", "0.2", "", "; remedy: the strategies grew without bound: lower dynamics.leader_lr and dynamics.follower_lr, or bound the strategies with game.domain boxes"},
	} {
		src := strings.NewReplacer("F1", c.f1, "KIND", c.kind, "L1", c.l1, "L2", c.l2).Replace(base)
		cfg, err := ParseConfig([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Run(context.Background(), cfg, RunOptions{Out: t.TempDir()})
		if err == nil || !strings.HasPrefix(err.Error(), c.prefix) || !strings.HasSuffix(err.Error(), c.tail) {
			t.Errorf("%s: error %v;\nwant %q … %q", c.name, err, c.prefix, c.tail)
		}
	}
}
