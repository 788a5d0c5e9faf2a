package experiment

import (
	"context"
	"strings"
	"testing"
)

// TestSmoothRemedyLeaderY54r4: with leader: y the player choosing x
// follows, with dynamics.follower_lr on f1; the remedy took the curvature
// of f2 in y (the leader's, K = 100) and said to lower follower_lr (0.1,
// stable on f1's curvature 2) when the leader's step diverged. It now
// reads the follower's payoff in its own strategy: the strategies grew
// under a stable follower step.
func TestSmoothRemedyLeaderY54r4(t *testing.T) {
	const src = `name: swap
seed: 1
game:
  sense: cost
  dims: [1, 1]
  f1: "x[0]*x[0] + x[0]*y[0]"
  f2: "50*y[0]*y[0] + x[0]*y[0]"
dynamics:
  kind: stackelberg
  leader: LEAD
  leader_lr: {constant: 0.1}
  follower_lr: {constant: FLR}
iterations: 2000
init: {x: [1], y: [1]}
`
	for _, c := range []struct{ lead, flr, tail string }{
		{"y", "0.1", "; remedy: the strategies grew without bound: lower dynamics.leader_lr and dynamics.follower_lr, or bound the strategies with game.domain boxes"},
		{"y", "1.5", "; remedy: lower dynamics.follower_lr: its step 1.5 is at least 2/K2 = 1 (K2 = 2, the largest curvature of the follower's objective f1 in x at the start), a step with which the follower's gradient step diverges"},
		{"x", "0.1", "; remedy: lower dynamics.follower_lr: its step 0.1 is at least 2/K2 = 0.02 (K2 = 100, the largest curvature of f2 in y at the start), a step with which the follower's gradient step diverges"},
	} {
		cfg, err := ParseConfig([]byte(strings.NewReplacer("LEAD", c.lead, "FLR", c.flr).Replace(src)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Run(context.Background(), cfg, RunOptions{Out: t.TempDir()})
		if err == nil || !strings.HasSuffix(err.Error(), c.tail) {
			t.Errorf("leader %s, follower_lr %s: error %v;\nwant it to end %q", c.lead, c.flr, err, c.tail)
		}
	}
}
