package uncoupled

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// meanTrace keeps, of every sample, the played x̃, the leader's mean and
// its perturbation size.
type meanTrace struct {
	stages  []int
	x, mean [][]float64
	delta   []float64
}

func (m *meanTrace) Record(s Sample) error {
	m.stages = append(m.stages, s.Stage)
	m.x = append(m.x, append([]float64(nil), s.X...))
	m.mean = append(m.mean, append([]float64(nil), s.Mean...))
	m.delta = append(m.delta, s.Delta)
	return nil
}

// TestSampleRecordsLeaderMean54: a Hi-C run's samples carry, beside the
// perturbed strategy played (Sample.X = x̃_n = x_n + δ_n Δ_n, Algorithm 1
// line 5), the leader's mean x_n (Sample.Mean, what Theorem 3.6 is about)
// and δ_n (Sample.Delta) of the interval in progress. With k = 3 stages
// an interval and δ_n = n^−0.6, the sample at stage t is in interval
// n = ⌊t/3⌋ + 1 (also the last, taken after the final stage's update):
// Delta is n^−0.6 bit for bit, each coordinate of X is Mean ± Delta as
// computed there, and Mean is the leader's own mean at the end (exact).
// Outcome.Mean and Delta are those at the end. A sample (and outcome) of
// an agent that is not a Hi-C leader has neither (nil, 0).
func TestSampleRecordsLeaderMean54(t *testing.T) {
	delta := loop.Power{A: 1, P: 0.6}
	cfg := HiCConfig{Alpha: loop.Constant(0.01), Delta: delta, Commitment: loop.Constant(3), Baseline: Baseline{Kind: PreviousBaseline}}
	box := game.Domain{Kind: game.Box, Lo: []float64{0, 0}, Hi: []float64{1000, 1000}}
	p1, p2 := Split(cournot{50, 1, 1}, game.Payoff)
	// Two leader coordinates: the Cournot quantity against the
	// follower's, and one of its own with payoff x₂(40 − x₂) (maximal at
	// 20), both inside the box.
	leaderPay := func(own, other []float64) float64 { return p1.Payoff(own[:1], other) + own[1]*(40-own[1]) }
	h, err := NewHiC(leaderPay, []float64{20, 30}, box, cfg, rand.New(rand.NewPCG(7, 1)))
	if err != nil {
		t.Fatal(err)
	}
	fol, err := NewGradientAscent(func(dst, own, other []float64) { p2.Gradient(dst, own, other[:1]) }, []float64{10}, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := func(x, y []float64) (float64, float64) { return leaderPay(x, y), 0 }
	var tr meanTrace
	const stages = 300
	out, err := Play(context.Background(), h, fol, ref, PlayOptions{Settings: loop.Settings{Iterations: stages, RecordEvery: 7}, Recorder: &tr})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.stages) != 44 { // 0, 7, …, 294 and 300
		t.Fatalf("%d samples; want 44", len(tr.stages))
	}
	for i, st := range tr.stages {
		n := st/3 + 1
		if want := delta.At(n); tr.delta[i] != want {
			t.Errorf("stage %d: Delta %v; want δ_%d = %v", st, tr.delta[i], n, want)
		}
		if len(tr.mean[i]) != 2 {
			t.Fatalf("stage %d: Mean %v; want 2 coordinates", st, tr.mean[i])
		}
		for j := range tr.x[i] {
			if x, m, d := tr.x[i][j], tr.mean[i][j], tr.delta[i]; x != m+d && x != m-d {
				t.Errorf("stage %d: X[%d] = %v is not Mean ± Delta = %v ± %v", st, j, x, m, d)
			}
		}
	}
	last := tr.mean[len(tr.mean)-1]
	if m := h.Mean(); last[0] != m[0] || last[1] != m[1] {
		t.Errorf("last sample's Mean %v; the leader ends at %v", last, m)
	}
	// The outcome's, a copy: interval 101 began after the last stage.
	if m := h.Mean(); len(out.Mean) != 2 || out.Mean[0] != m[0] || out.Mean[1] != m[1] || &out.Mean[0] == &m[0] || out.Delta != delta.At(101) {
		t.Errorf("Outcome.Mean %v, Delta %v; want a copy of %v and δ_101 = %v", out.Mean, out.Delta, m, delta.At(101))
	}
	// The mean moves (the leader learns): it is no copy of x0.
	if math.Abs(last[0]-20)+math.Abs(last[1]-30) < 1e-3 {
		t.Errorf("the mean %v never moved from (20, 30)", last)
	}

	// Two gradient learners: no mean, no perturbation.
	a, _ := NewGradientAscent(p1.Gradient, []float64{20}, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	b, _ := NewGradientAscent(p2.Gradient, []float64{10}, quantityBox, GradientConfig{LR: loop.Constant(0.1)}, nil)
	var plain meanTrace
	po, err := Play(context.Background(), a, b, NewReferee(cournot{50, 1, 1}, game.Payoff), PlayOptions{Settings: loop.Settings{Iterations: 5, RecordEvery: 1}, Recorder: &plain})
	if err != nil || po.Mean != nil || po.Delta != 0 {
		t.Fatalf("gradient play: %v, Mean %v, Delta %v; want no error, no mean", err, po.Mean, po.Delta)
	}
	for i, m := range plain.mean {
		if m != nil && len(m) != 0 || plain.delta[i] != 0 {
			t.Errorf("gradient play, stage %d: Mean %v, Delta %v; want none", plain.stages[i], m, plain.delta[i])
		}
	}
}
