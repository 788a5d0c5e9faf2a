package experiment

import (
	"bytes"
	"context"
	"testing"
)

// TestHiCFollowerStepWarnedNoBox54r4: the warning on a follower step lr ≥
// 2/K2 said "the box kept the strategies finite" of a game without a
// domain whose run ended before they overflowed (60 stages, lr = 1.5 on
// K2 = 2: y reached −3.6e19). Without a box it now says so.
func TestHiCFollowerStepWarnedNoBox54r4(t *testing.T) {
	const src = `name: short
seed: 1
game:
  sense: payoff
  dims: [1, 1]
  f1: "x[0]*(A - x[0] - y[0]) - c1*x[0]"
  f2: "y[0]*(A - x[0] - y[0]) - c2*y[0]"
  params: {A: 120, c1: 10, c2: 20}
dynamics:
  kind: hic
  alpha: {power: {a: 0.05, b: 0, p: 0.75}}
  delta: {power: {a: 1, b: 0, p: 0.2}}
  commitment: {constant: 50}
  baseline: previous
  follower: {kind: gradient, lr: 1.5}
stages: 60
init: {x: [10], y: [10]}
`
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	if _, err := Run(context.Background(), cfg, RunOptions{Out: t.TempDir(), Warnings: &warn}); err != nil {
		t.Fatal(err)
	}
	const want = "warning: dynamics.follower.lr = 1.5 is at least 2/K2 = 1 (K2 = 2, the largest curvature of f2 in y at the start, x = [10], y = [10]): the follower's gradient ascent diverges with this step, so it never tracked its best response and the leader's estimates are not Hi-C's (the run ended before the strategies overflowed, hiding the divergence); lower lr below 1\n"
	if warn.String() != want {
		t.Errorf("warnings %q;\nwant %q", warn.String(), want)
	}
}
