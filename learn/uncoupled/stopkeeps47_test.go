package uncoupled

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// seededPair returns a Hi-C leader and a noisy-gradient follower on the
// Cournot game, both drawing from one source seeded with seed, and the
// referee: the same seed gives the same play, stage by stage.
func seededPair(t *testing.T, seed uint64) (*HiC, *GradientAscent, Referee) {
	t.Helper()
	c := cournot{50, 1, 1}
	p1, p2 := Split(c, game.Payoff)
	rng := rand.New(rand.NewPCG(seed, 7))
	h, err := NewHiC(p1.Payoff, []float64{10}, quantityBox, paperHiC(100, Baseline{Kind: PreviousBaseline}, 0), rng)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewGradientAscent(p2.Gradient, []float64{10}, quantityBox, GradientConfig{LR: loop.Constant(0.2), Noise: 0.5}, rng)
	if err != nil {
		t.Fatal(err)
	}
	return h, f, NewReferee(c, game.Payoff)
}

// cancelAt is a recorder that cancels its context when it records stage at.
type cancelAt struct {
	at     int
	cancel context.CancelFunc
}

func (c cancelAt) Record(s Sample) error {
	if s.Stage == c.at {
		c.cancel()
	}
	return nil
}

// TestPlayStoppedKeepsProfile: a seeded play cancelled after 3000 stages
// returns, with context.Canceled, the profile the agents reached at the
// stage it stopped (Outcome.Stages) and the referee's payoffs there: bit
// for bit those of an uncancelled play of that many stages. Before, X and
// Y were nil and the strategies reached were lost.
func TestPlayStoppedKeepsProfile(t *testing.T) {
	const n = 3000
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h, f, ref := seededPair(t, 11)
	out, err := Play(ctx, h, f, ref, PlayOptions{Settings: loop.Settings{Iterations: 1e9, RecordEvery: 1}, Recorder: cancelAt{n, cancel}})
	if !errors.Is(err, context.Canceled) || out.Status != loop.Cancelled {
		t.Fatalf("error %v, status %v; want context.Canceled and Cancelled", err, out.Status)
	}
	// Cancelled while recording stage n, seen at the next poll (at most
	// poll.MaxPeriod stages later).
	if out.Stages <= n || out.Stages > n+257 {
		t.Fatalf("stopped at stage %d, want within (%d, %d]", out.Stages, n, n+257)
	}
	if want := fmt.Sprintf("play: stopped at stage %d: context canceled", out.Stages); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	h2, f2, ref2 := seededPair(t, 11)
	whole, err := Play(context.Background(), h2, f2, ref2, PlayOptions{Settings: loop.Settings{Iterations: out.Stages}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.X, whole.X) || !slices.Equal(out.Y, whole.Y) ||
		math.Float64bits(out.F1) != math.Float64bits(whole.F1) || math.Float64bits(out.F2) != math.Float64bits(whole.F2) {
		t.Errorf("cancelled at stage %d: x = %v, y = %v, f = (%v, %v); the uncancelled run of %d stages: x = %v, y = %v, f = (%v, %v)",
			out.Stages, out.X, out.Y, out.F1, out.F2, out.Stages, whole.X, whole.Y, whole.F1, whole.F2)
	}
	if len(out.X) == 1 && out.X[0] == 10 && out.Y[0] == 10 {
		t.Errorf("profile (%v, %v) is the start: the play did not move", out.X, out.Y)
	}
}

// failAt is an agent that plays s, adds 1 to it at each stage, and fails
// (a diverged payoff) when it observes at stage at.
type failAt struct {
	s  []float64
	t  int
	at int
}

func (a *failAt) Strategy() []float64 { return a.s }
func (a *failAt) Observe([]float64) error {
	if a.t == a.at {
		return loop.Diverge("payoff", "payoff = NaN")
	}
	a.t++
	a.s[0]++
	return nil
}

// TestPlayFailedKeepsProfile: an agent's error at stage 4 returns the
// profile played at that stage (the last finite one: both agents' strategies
// after 4 stages), with Outcome.Stages 4 and the referee's payoffs there.
func TestPlayFailedKeepsProfile(t *testing.T) {
	for _, first := range []bool{true, false} {
		a, b := &failAt{s: []float64{0}, at: 4}, &failAt{s: []float64{10}, at: 100}
		if !first {
			a.at, b.at = 100, 4
		}
		ref := func(x, y []float64) (float64, float64) { return x[0] + y[0], x[0] - y[0] }
		out, err := Play(context.Background(), a, b, ref, PlayOptions{Settings: loop.Settings{Iterations: 10}})
		if out.Status != loop.Diverged || err == nil {
			t.Fatalf("first agent fails %v: error %v, status %v; want diverged", first, err, out.Status)
		}
		if !slices.Equal(out.X, []float64{4}) || !slices.Equal(out.Y, []float64{14}) || out.F1 != 18 || out.F2 != -10 || out.Stages != 4 {
			t.Errorf("first agent fails %v: outcome %+v, want x = [4], y = [14], f = (18, -10) at stage 4", first, out)
		}
	}
}
