package uncoupled

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestMetaTauTooLongRefused56r2: a τ_n beyond 2^40 stages is refused by
// MetaConfig.Validate, naming meta.tau and the meta-interval, as Hi-C's
// Validate refuses such a commitment; it passed and Negotiate failed at
// its meta-interval with "meta.tau: commitment k_1 = 1e+300 …", calling
// τ a commitment, after the run had begun.
func TestMetaTauTooLongRefused56r2(t *testing.T) {
	c := MetaConfig{Beta: loop.Constant(0.1), Kappa: loop.Constant(0.3), Tau: loop.Constant(1e300)}
	err := c.Validate()
	want := "meta.tau: τ_1 = 1e+300 at meta-interval n = 1 is not a usable number of stages (a finite number up to " + maxStagesText + ")"
	if err == nil || err.Error() != want {
		t.Fatalf("Validate: %v; want %q", err, want)
	}
	// Later meta-intervals (a list) are refused by Negotiate before the
	// meta-interval, with the same wording.
	dom := game.Domain{Kind: game.Box, Lo: []float64{0}, Hi: []float64{1}}
	nc := NegotiatorConfig{
		Meta:     MetaConfig{Beta: loop.Constant(0), Kappa: loop.Constant(0.3), Tau: loop.List{2, 2, 3e12, 2}},
		Leader:   HiCConfig{Alpha: loop.Constant(0.1), Delta: loop.Constant(0.1), Commitment: loop.Constant(1)},
		Follower: GradientConfig{LR: loop.Constant(0.1)},
		Domain:   dom,
	}
	v := View{Payoff: func(x, y []float64) float64 { return -x[0] * x[0] }, Gradient: func(dst, x, y []float64) { dst[0] = -2 * x[0] }}
	p1, err := NewNegotiator(v, []float64{0.5}, nc, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	p2, err := NewNegotiator(v, []float64{0.5}, nc, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	ref := func(x, y []float64) (float64, float64) { return 0, 0 }
	res, err := Negotiate(context.Background(), p1, p2, ref, 3)
	want = "negotiate: meta.tau: τ_3 = 3e+12 at meta-interval n = 3 is not a usable number of stages (a finite number up to " + maxStagesText + ")"
	if err == nil || err.Error() != want || len(res.Steps) != 2 {
		t.Fatalf("Negotiate: %d steps, %v; want 2 steps and %q", len(res.Steps), err, want)
	}
}
