package uncoupled

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestZeroStagesRefused57: Settings.Iterations = 0 is no play of 0 stages
// returned as success (Stages 0, Status "iteration limit"): Play, RunHiC
// and LearnCommitment refuse it before any stage with an error naming
// settings.iterations, Status Failed; the agents have not moved. One stage
// still plays one stage.
func TestZeroStagesRefused57(t *testing.T) {
	const msg = "settings.iterations = 0: a play has no default number of stages; set Iterations to the stages to play (>= 1)"
	ref := func(x, y []float64) (float64, float64) { return -x[0] * x[0], -y[0] * y[0] }
	newAgents := func() (*countingAgent, *countingAgent) {
		return &countingAgent{x: []float64{1}}, &countingAgent{x: []float64{2}}
	}

	a, b := newAgents()
	out, err := Play(context.Background(), a, b, ref, PlayOptions{})
	if err == nil || err.Error() != "play: "+msg {
		t.Errorf("Play, zero settings: err = %v, want %q", err, "play: "+msg)
	}
	if out.Status != loop.Failed || out.Stages != 0 || out.X != nil || a.observed != 0 || b.observed != 0 {
		t.Errorf("Play, zero settings: status %v, stages %d, X %v, observations %d, %d; want failed, 0, nil, 0, 0",
			out.Status, out.Stages, out.X, a.observed, b.observed)
	}
	a, b = newAgents()
	out, err = Play(context.Background(), a, b, ref, PlayOptions{Settings: loop.Settings{Iterations: 1}})
	if err != nil || out.Stages != 1 || out.Status != loop.IterationLimit || a.observed != 1 || b.observed != 1 {
		t.Errorf("Play, 1 stage: err %v, stages %d, status %v, observations %d, %d", err, out.Stages, out.Status, a.observed, b.observed)
	}

	g, err := game.Builtin("cournot", nil)
	if err != nil {
		t.Fatal(err)
	}
	run := HiCRun{
		Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.5), Commitment: loop.Constant(2), Baseline: Baseline{Kind: PreviousBaseline}},
		Follower: GradientConfig{LR: loop.Constant(0.1)},
	}
	out, err = RunHiC(context.Background(), g, []float64{3}, []float64{40}, run, rand.New(rand.NewPCG(1, 2)), nil)
	if err == nil || err.Error() != "hic run: "+msg {
		t.Errorf("RunHiC, zero settings: err = %v, want %q", err, "hic run: "+msg)
	}
	if out.Status != loop.Failed || out.Stages != 0 {
		t.Errorf("RunHiC, zero settings: status %v, stages %d; want failed, 0", out.Status, out.Stages)
	}

	bm, err := game.NewBimatrix([][]float64{{1, 0}, {0, 1}}, [][]float64{{0, 1}, {1, 0}}, game.BimatrixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = LearnCommitment(context.Background(), bm, BimatrixHiC(0), rand.New(rand.NewPCG(1, 1)))
	if err == nil || err.Error() != "learn commitment: play: "+msg {
		t.Errorf("LearnCommitment, 0 stages: err = %v, want %q", err, "learn commitment: play: "+msg)
	}
}
