package uncoupled

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestRestartResetRefuseNonFinite50: HiC.Restart and GradientAscent.Reset
// (role negotiation's hand-over of a strategy) refuse a start that is not
// finite with an error naming the value, and leave the agent as it was.
// Before, Restart took NaN and the leader played x̃ = NaN (the failure
// surfaced later as the payoff's, or as the follower's gradient), and Reset
// clipped +Inf to the box's bound.
func TestRestartResetRefuseNonFinite50(t *testing.T) {
	box := game.Domain{Kind: game.Box, Lo: []float64{0}, Hi: []float64{50}}
	p1, p2 := Split(cournot{50, 1, 1}, game.Payoff)
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{math.NaN(), "hic restart: x0[0] = NaN is not finite"},
		{math.Inf(1), "hic restart: x0[0] = +Inf is not finite"},
	} {
		h, err := NewHiC(p1.Payoff, []float64{1}, box, HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.5), Commitment: loop.Constant(3)}, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		before := append([]float64(nil), h.Strategy()...)
		if err := h.Restart([]float64{tc.v}); err == nil || err.Error() != tc.want {
			t.Errorf("Restart(%v): error %v, want %q", tc.v, err, tc.want)
		}
		if h.Strategy()[0] != before[0] || h.Mean()[0] != 1 {
			t.Errorf("Restart(%v) refused but moved the leader: x̃ = %v, x = %v", tc.v, h.Strategy(), h.Mean())
		}
		g, err := NewGradientAscent(p2.Gradient, []float64{1}, box, GradientConfig{LR: loop.Constant(0.1)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := "gradient reset: y0[0] = " + map[bool]string{true: "NaN", false: "+Inf"}[math.IsNaN(tc.v)] + " is not finite"
		if err := g.Reset([]float64{tc.v}); err == nil || err.Error() != want {
			t.Errorf("Reset(%v): error %v, want %q", tc.v, err, want)
		}
		if g.Strategy()[0] != 1 {
			t.Errorf("Reset(%v) refused but moved the learner to %v", tc.v, g.Strategy())
		}
	}
}
