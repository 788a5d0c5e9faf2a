package experiment

import (
	"strings"
	"testing"
)

// TestNegotiationInitSaysPlayers56e: a negotiation has no leader and
// follower roles fixed in advance, yet its init errors said "the leader
// has 1 dimensions" and "the follower has 1 dimension"; they say player
// 1 and player 2.
func TestNegotiationInitSaysPlayers56e(t *testing.T) {
	for _, tc := range []struct{ name, init, want string }{
		{"x too long", "init: {x: [1, 2], y: [3]}", "config: line 10: init.x has 2 values, player 1 has 1 dimension"},
		{"y too long", "init: {x: [1], y: [3, 4, 5]}", "config: line 10: init.y has 3 values, player 2 has 1 dimension"},
		{"uniform y missing", "init: {uniform: {x: [[0, 50]]}}", "config: line 10: init.uniform: y: missing (a run draws both players' starts from init.uniform: give y's [lo, hi] ranges, one per dimension — player 2 has 1 dimension — or one for all)"},
		{"uniform x missing", "init: {uniform: {y: [[0, 50]]}}", "config: line 10: init.uniform: x: missing (a run draws both players' starts from init.uniform: give x's [lo, hi] ranges, one per dimension — player 1 has 1 dimension — or one for all)"},
		{"fits", "init: {x: [1], y: [3]}", ""},
	} {
		src := strings.Replace(negFrozenConfig56e("{constant: 100}", "{constant: 50}", "0", 5), "init: {x: [10], y: [10]}", tc.init, 1)
		if got := configErrorText(t, src); got != tc.want {
			t.Errorf("%s: error %q;\nwant %q", tc.name, got, tc.want)
		}
	}
}
