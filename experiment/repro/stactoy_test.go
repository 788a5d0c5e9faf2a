package repro

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/learn"
)

// scripted is a Dynamics that visits a prescribed sequence of θ (w = 0).
type scripted struct{ th []float64 }

func (s scripted) Step(_ context.Context, k int, x, y []float64, _ *rand.Rand) (learn.StepInfo, error) {
	x[0], y[0] = s.th[k-1], 0
	return learn.StepInfo{}, nil
}

// toyRun's metrics on a scripted path from θ = 0.9: errors θ² of 0.25,
// 1e-6 (first below at 2), 0.04 (back above), 1e-6, 4e-6, 9e-6: stays below
// from iteration 4; θ changes sign four times (0.9 → −0.5 → 0.001 → −0.2,
// −0.001 → 0.002).
func TestToyRunMetrics(t *testing.T) {
	d := scripted{th: []float64{-0.5, 0.001, -0.2, -0.001, 0.002, 0.003}}
	m := toyRun(d, 0.9, 0, len(d.th))
	if m.First != 2 || m.Settle != 4 || m.SignChanges != 4 || m.Final != 9e-6 {
		t.Fatalf("metrics %+v; want first 2, settle 4, 4 sign changes (0.9→−0.5→0.001→−0.2 …→0.002), final 9e-6", m)
	}
	d = scripted{th: []float64{0.001, 0.5}}
	if m := toyRun(d, 0.9, 0, 2); m.Settle != -1 || m.First != 1 {
		t.Fatalf("a path that leaves the target at the end: %+v, want settle −1, first 1", m)
	}
}
