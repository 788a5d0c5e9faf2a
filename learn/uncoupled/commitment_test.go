package uncoupled

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
)

// TestLearnCommitment: in A = [[2, 4], [1, 3]], B = [[1, 0], [0, 1]] the
// exact strong-Stackelberg commitment is p = (½, ½) with the follower on
// action 1 and value 3.5. With an entropy term τ = 0.03 the follower's
// soft best response makes the leader stay on the safe side of the
// indifference point: Hi-C learns p0 ≈ 0.43 (tolerance: within 0.1 of ½,
// and below ½), the follower plays action 1 with probability > 0.99, and
// the value is within 0.1 of 3.5, for each of 3 seeds.
func TestLearnCommitment(t *testing.T) {
	g, err := game.NewBimatrix([][]float64{{2, 4}, {1, 3}}, [][]float64{{1, 0}, {0, 1}}, game.BimatrixOptions{Entropy: 0.03})
	if err != nil {
		t.Fatal(err)
	}
	for s := uint64(0); s < 3; s++ {
		lc, err := LearnCommitment(context.Background(), g, BimatrixHiC(400000), rand.New(rand.NewPCG(s, 3)))
		if err != nil {
			t.Fatal(err)
		}
		if lc.FollowerAction != 1 || lc.Follower[1] < 0.99 {
			t.Errorf("seed %d: follower %v (action %d), want action 1 with probability > 0.99", s, lc.Follower, lc.FollowerAction)
		}
		if p0 := lc.Leader[0]; p0 > 0.5 || p0 < 0.4 {
			t.Errorf("seed %d: leader %v, want p0 in [0.4, 0.5]", s, lc.Leader)
		}
		if math.Abs(lc.PureValue-3.5) > 0.1 || math.Abs(lc.Value-3.5) > 0.1 {
			t.Errorf("seed %d: value %v (pure %v), want 3.5 ± 0.1", s, lc.Value, lc.PureValue)
		}
	}
}

// TestCompareCommitment: the exact commitment of A = [[2, 4], [1, 3]],
// B = [[1, 0], [0, 1]] is (½, ½), follower action 1, value 3.5 (to 1e-9),
// and the learned one agrees on the follower's action.
func TestCompareCommitment(t *testing.T) {
	g, err := game.NewBimatrix([][]float64{{2, 4}, {1, 3}}, [][]float64{{1, 0}, {0, 1}}, game.BimatrixOptions{Entropy: 0.03})
	if err != nil {
		t.Fatal(err)
	}
	c, err := CompareCommitment(context.Background(), g, BimatrixHiC(200000), rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Exact.Leader[0]-0.5) > 1e-9 || math.Abs(c.Exact.Value-3.5) > 1e-9 || c.Exact.FollowerAction != 1 {
		t.Errorf("exact commitment %+v, want (0.5, 0.5), action 1, value 3.5", c.Exact)
	}
	if c.Learned.FollowerAction != c.Exact.FollowerAction || math.Abs(c.Learned.PureValue-c.Exact.Value) > 0.15 {
		t.Errorf("learned %+v far from exact %+v (tolerance 0.15 in value)", c.Learned, c.Exact)
	}
}
