package equilib

import (
	"math"
	"testing"
)

// TestOptimalCommitmentValueTiesScaleWithA: the strong Stackelberg
// commitment is equivariant under scaling the leader's payoffs, A ↦ sA
// (s > 0): the leader's strategy and the follower's action stay, the value
// scales by s. Closed forms: in the 1×2 game A = s·[[1, 2]], B = [[0, 0]]
// the indifferent follower breaks the tie for the leader, action 1, value
// 2s; in A = s·[[2, 4], [1, 3]], B = [[1, 0], [0, 1]] action 1 needs
// p1 ≥ p0 and gives s(4p0 + 3p1), at most 3.5s at p = (½, ½), while action
// 0 gives at most 2s. Values were compared with an absolute floor of 1e-12,
// so for s = 1e-12 the first game returned action 0 with value 1e-12 and
// for s = 1e-15 the second returned p = (1, 0), action 0, value 2e-15.
// Tolerance: 1e-12 relative.
func TestOptimalCommitmentValueTiesScaleWithA(t *testing.T) {
	near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-12*math.Abs(want) }
	for _, s := range []float64{1, 1e-6, 1e-12, 1e-15, 1e-200} {
		c, err := OptimalCommitment([][]float64{{s, 2 * s}}, [][]float64{{0, 0}})
		if err != nil || c.FollowerAction != 1 || !near(c.Value, 2*s) {
			t.Errorf("s = %g, 1×2: %+v, %v; want action 1, value %g", s, c, err, 2*s)
		}
		c, err = OptimalCommitment([][]float64{{2 * s, 4 * s}, {s, 3 * s}}, [][]float64{{1, 0}, {0, 1}})
		if err != nil || c.FollowerAction != 1 || !near(c.Value, 3.5*s) || math.Abs(c.Leader[0]-0.5) > 1e-12 {
			t.Errorf("s = %g, 2×2: %+v, %v; want p = (0.5, 0.5), action 1, value %g", s, c, err, 3.5*s)
		}
	}
}
