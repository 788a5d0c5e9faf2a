package uncoupled

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestRunHiCStagesWording: RunHiC refuses 0 and a negative
// Settings.Iterations alike, before any stage, with one wording naming
// settings.iterations and its value (a negative count was refused by
// Play, as "play: settings.iterations: -1 is negative"). Compared exactly.
func TestRunHiCStagesWording(t *testing.T) {
	g, err := game.Builtin("cournot", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "hic run: settings.iterations = 0: a play has no default number of stages; set Iterations to the stages to play (>= 1)"},
		{-1, "hic run: settings.iterations = -1: a negative number of stages; set Iterations to the stages to play (>= 1)"},
	} {
		run := HiCRun{
			Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.5), Commitment: loop.Constant(2), Baseline: Baseline{Kind: PreviousBaseline}},
			Follower: GradientConfig{LR: loop.Constant(0.1)},
			Settings: loop.Settings{Iterations: c.n},
		}
		out, err := RunHiC(context.Background(), g, []float64{3}, []float64{40}, run, rand.New(rand.NewPCG(1, 2)), nil)
		if err == nil || err.Error() != c.want {
			t.Errorf("Iterations %d: err = %v, want %q", c.n, err, c.want)
		}
		if out.Status != loop.Failed || out.Stages != 0 {
			t.Errorf("Iterations %d: status %v, stages %d; want failed, 0", c.n, out.Status, out.Stages)
		}
	}
}
