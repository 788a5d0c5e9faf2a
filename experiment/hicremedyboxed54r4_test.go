package experiment

import (
	"context"
	"strings"
	"testing"
)

// TestHiCRemedyBoxedFollower54r4: the remedy for strategies grown without
// bound under a follower payoff not concave in y said to bound y with a
// box whatever grew; with y already in the box [−1, 1] and the leader's
// x grown (f1 = x⁴ + y, alpha a = 1), the advice was one the config
// already follows. The box remedy is now given only when y grew; a grown
// x gets the leader's (alpha, baseline, game.domain).
func TestHiCRemedyBoxedFollower54r4(t *testing.T) {
	const src = `name: grow
seed: 2
game:
  sense: payoff
  dims: [1, 1]
  f1: "x[0]*x[0]*x[0]*x[0] + y[0]"
  f2: "y[0]*y[0] + x[0]*y[0]"
  domain: {y: {box: [[-1, 1]]}}
dynamics:
  kind: hic
  alpha: {power: {a: 1, b: 0, p: 0.75}}
  delta: {power: {a: 0.5, b: 0, p: 0.2}}
  commitment: {constant: 10}
  follower: {kind: gradient, lr: 0.1}
stages: 20000
init: {x: [3], y: [0]}
`
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), cfg, RunOptions{Out: t.TempDir()})
	const tail = "; remedy: the strategies grew without bound while the follower's step is stable (lr·K2 = 0.2 < 2 at the start): lower dynamics.alpha (the leader's step is α_n·(f1 − baseline)/δ_n), set a dynamics.baseline, or bound the strategies with game.domain boxes"
	if err == nil || !strings.HasPrefix(err.Error(), "stage 40: leader objective f1 is +Inf (not finite)") || !strings.HasSuffix(err.Error(), tail) {
		t.Errorf("error %v;\nwant it to end %q", err, tail)
	}
}
