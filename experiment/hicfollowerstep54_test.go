package experiment

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHiCFollowerStepWarned54: on a game with a box, a gradient follower
// whose step lr is at least 2/K2 (K2 = 2 the curvature of f2 = y(120 − x
// − y) − 20y in y) bounces between the box's bounds instead of diverging:
// the run ends quietly at a point that is not Hi-C's (y = 0 at x near the
// box's edge, as the walkthrough saw). It still runs, but stackel run
// prints a warning naming the key, its bound and the remedy; lr = 0.1
// gets none.
func TestHiCFollowerStepWarned54(t *testing.T) {
	const cfgText = `name: hic120
seed: 1
game:
  sense: payoff
  dims: [1, 1]
  f1: "x[0]*(A - x[0] - y[0]) - c1*x[0]"
  f2: "y[0]*(A - x[0] - y[0]) - c2*y[0]"
  params: {A: 120, c1: 10, c2: 20}
  domain: {x: {box: [[0, 120]]}, y: {box: [[0, 120]]}}
dynamics:
  kind: hic
  alpha: {power: {a: 0.05, b: 0, p: 0.75}}
  delta: {power: {a: 1, b: 0, p: 0.2}}
  commitment: {constant: 50}
  baseline: previous
  follower: {kind: gradient, lr: LR}
stages: 20000
init: {x: [10], y: [10]}
`
	for _, c := range []struct{ lr, want string }{
		{"5", "warning: dynamics.follower.lr = 5 is at least 2/K2 = 1 (K2 = 2, the largest curvature of f2 in y at the start, x = [10], y = [10]): the follower's gradient ascent diverges with this step, so it never tracked its best response and the leader's estimates are not Hi-C's (the box kept the strategies finite, hiding the divergence); lower lr below 1\n"},
		{"0.1", ""},
	} {
		cfg, err := ParseConfig([]byte(strings.Replace(cfgText, "LR", c.lr, 1)))
		if err != nil {
			t.Fatal(err)
		}
		var warn bytes.Buffer
		if _, err := Run(context.Background(), cfg, RunOptions{Out: t.TempDir(), Warnings: &warn}); err != nil {
			t.Fatalf("lr %s: %v", c.lr, err)
		}
		if warn.String() != c.want {
			t.Errorf("lr %s: warnings %q;\nwant %q", c.lr, warn.String(), c.want)
		}
	}
}
