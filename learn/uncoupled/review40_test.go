package uncoupled

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// counter is an agent whose strategy is the number of stages it has
// observed.
type counter struct{ s []float64 }

func (c *counter) Strategy() []float64 { return c.s }
func (c *counter) Observe([]float64) error {
	c.s[0]++
	return nil
}

// TestPlayRefereeNotFinite: a referee whose payoff is NaN or ±Inf stops
// the play with a *loop.DivergedError naming the stage, the player and the
// value (Outcome.Status diverged); the samples before it, and the one it
// names, are recorded, and the outcome keeps that profile (session 47:
// before, X and Y were nil). Before, the play ran to its end and returned
// the garbage payoffs with no error.
func TestPlayRefereeNotFinite(t *testing.T) {
	for _, c := range []struct {
		name   string
		ref    Referee
		every  int
		stages int
		want   string
		q      string
		nrec   int
	}{
		// Recorded every stage: x = 3 at stage 3.
		{"f2 NaN at a recorded stage", func(x, y []float64) (float64, float64) {
			if x[0] >= 3 {
				return 1, math.NaN()
			}
			return 1, 2
		}, 1, 10, "play: stage 3: referee: second player's payoff f2 = NaN at x = [3], y = [3]", "referee payoff f2", 4},
		// Only stage 0 and the end are recorded: found at the end.
		{"f1 -Inf at the end", func(x, y []float64) (float64, float64) {
			if x[0] >= 5 {
				return math.Inf(-1), 0
			}
			return 1, 2
		}, 0, 5, "play: stage 5: referee: first player's payoff f1 = -Inf at x = [5], y = [5]", "referee payoff f1", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			var tr Trace
			out, err := Play(context.Background(), &counter{s: []float64{0}}, &counter{s: []float64{0}}, c.ref,
				PlayOptions{Settings: loop.Settings{Iterations: c.stages, RecordEvery: c.every}, Recorder: &tr})
			var de *loop.DivergedError
			if err == nil || err.Error() != c.want || !errors.As(err, &de) || de.Quantity != c.q {
				t.Fatalf("error %v, want %q (quantity %q)", err, c.want, c.q)
			}
			// The profile the referee found not finite is kept, at the
			// stage named (x = y = stage: counters).
			if s := float64(out.Stages); out.Status != loop.Diverged || len(out.X) != 1 || out.X[0] != s || len(out.Y) != 1 || out.Y[0] != s {
				t.Errorf("outcome %+v, want status diverged and the profile x = y = [%d] of the stage named", out, out.Stages)
			}
			if len(tr.Stages) != c.nrec {
				t.Errorf("recorded stages %v, want %d samples", tr.Stages, c.nrec)
			}
		})
	}
	// Without a recorder the final payoffs are checked too.
	out, err := Play(context.Background(), &counter{s: []float64{0}}, &counter{s: []float64{0}},
		func(x, y []float64) (float64, float64) { return math.Inf(1), 0 }, PlayOptions{Settings: loop.Settings{Iterations: 2}})
	if err == nil || err.Error() != "play: stage 2: referee: first player's payoff f1 = +Inf at x = [2], y = [2]" || out.Stages != 2 {
		t.Errorf("no recorder: %v, %+v", err, out)
	}
}

// TestRunHiCBurnInLeavesNoUpdate: a burn-in that leaves the leader no
// update in the run's stages is refused before the first stage (status
// failed), as the configuration refuses it; before, RunHiC played every
// stage and returned the leader's x_1 unchanged, with no error. A burn-in
// whose first updating interval ends exactly at the last stage runs.
func TestRunHiCBurnInLeavesNoUpdate(t *testing.T) {
	g, err := game.Builtin("cournot", nil)
	if err != nil {
		t.Fatal(err)
	}
	base := HiCRun{
		Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.5), Commitment: loop.Constant(3)},
		Follower: GradientConfig{LR: loop.Constant(0.1)},
	}
	for _, c := range []struct {
		burnIn, stages int
		want           string
	}{
		{10, 5, "hic run: hic.burn_in = 10: 5 stages hold at most 5 intervals, all of them burn-in: the leader would never update"},
		{5, 5, "hic run: hic.burn_in = 5: 5 stages hold at most 5 intervals, all of them burn-in: the leader would never update"},
		// k_n = 3: intervals 1 and 2 take 6 stages, interval 3 ends at 9.
		{2, 8, "hic run: hic.burn_in = 2: interval 3, the first that updates the leader, does not end within the 8 stages (intervals 1 to 2 take 6): the leader would never update"},
		{2, 4, "hic run: hic.burn_in = 2: interval 3, the first that updates the leader, does not end within the 4 stages (intervals 1 to 1 take 3): the leader would never update"},
		{2, 9, ""},
		{0, 1, ""},
	} {
		run := base
		run.Leader.BurnIn = c.burnIn
		run.Iterations = c.stages
		out, err := RunHiC(context.Background(), g, []float64{10}, []float64{30}, run, rand.New(rand.NewPCG(1, 1)), nil)
		if c.want == "" {
			if err != nil || out.Stages != c.stages {
				t.Errorf("burn_in %d, %d stages: %v, %d stages played", c.burnIn, c.stages, err, out.Stages)
			}
			continue
		}
		if err == nil || err.Error() != c.want || out.Status != loop.Failed || out.Stages != 0 {
			t.Errorf("burn_in %d, %d stages: %v (status %v, %d stages); want %q", c.burnIn, c.stages, err, out.Status, out.Stages, c.want)
		}
	}
}

// TestNegotiateRefereeNotFinite: a referee payoff that is not finite at
// the end of a meta-interval stops Negotiate with a diverged error naming
// the meta-interval, the player and the value, keeping the steps before
// it; before, the NaN was recorded in the result's step and the run went
// on with no error.
func TestNegotiateRefereeNotFinite(t *testing.T) {
	view, cfg := constantNegotiation(2, 1)
	p1, p2 := negotiatorPair(t, view, cfg, 0, 0)
	calls := 0
	ref := func(x, y []float64) (float64, float64) {
		calls++
		if calls == 3 {
			return 1, math.NaN()
		}
		return 1, 2
	}
	res, err := Negotiate(context.Background(), p1, p2, ref, 5)
	if err == nil || !strings.HasPrefix(err.Error(), "negotiate meta-interval 3: referee: player 2 payoff f2 = NaN at x = ") ||
		loop.QuantityOf(err) != "referee payoff f2" || res.Status != loop.Diverged || len(res.Steps) != 2 {
		t.Errorf("error %v (quantity %q), status %v, %d steps; want the NaN of meta-interval 3 named, diverged, 2 steps kept", err, loop.QuantityOf(err), res.Status, len(res.Steps))
	}
}
