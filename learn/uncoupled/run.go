package uncoupled

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// HiCRun is a complete Hi-C run on a game: the leader's schedules, the
// follower's gradient learner and the length of the run. It is what the
// `dynamics: {kind: hic …}` configuration describes.
type HiCRun struct {
	// Leader configures the Hi-C leader (player 1, strategy x).
	Leader HiCConfig
	// Follower configures the gradient-ascent follower (player 2,
	// strategy y); Noise > 0 makes it a noisy-gradient learner.
	Follower GradientConfig
	// BestResponse, when not nil, replaces the gradient follower by a
	// numerical best responder (config kind best-response).
	BestResponse *BestResponseConfig
	// Settings: Iterations is the number of stages, at least 1 (0 and a
	// negative count are errors naming settings.iterations); RecordEvery records
	// the profile every RecordEvery stages (0: first and last only);
	// StepTol must be 0 (Play has no step-norm test).
	loop.Settings
}

// RunHiC plays Hi-C (player 1) against a gradient learner (player 2) on g
// from x0 and y0, drawing every random number from rng, and sends samples
// to rec (may be nil). The game is used only to build the two players'
// private views (Split) and the referee; the strategies are projected onto
// the game's domains. Costs are turned into payoffs (−f), so the outcome's
// payoffs are −cost for a cost game. A run refused before its first stage
// has Outcome.Status loop.Failed; among them, as in the configuration, a
// run of Settings.Iterations = 0 stages (there is no default) and a
// run whose Leader.BurnIn > 0 leaves the leader no update (its stages end
// before interval BurnIn + 1 does). On a game.Diagnoser (a formula game)
// an objective an agent finds not finite at finite strategies is named
// down to its sub-expression (diagnose). A run that stops with an error
// after its first stage began (a cancelled context, a value that is not
// finite) keeps the profile it reached, Outcome.X and Y at
// Outcome.Stages, as Play does.
func RunHiC(ctx context.Context, g game.Game, x0, y0 []float64, run HiCRun, rng *rand.Rand, rec Recorder) (out Outcome, err error) {
	defer func() {
		if err != nil && out.Status == loop.Running {
			// Refused before the first stage (a bad game, strategies
			// or configuration): nothing ran, and the run failed.
			out.Status = loop.StatusOf(err, false)
		}
	}()
	if g == nil {
		return Outcome{}, errors.New("hic run: no game")
	}
	if err := game.Check(g); err != nil {
		// As learn.Run does: an objective that is not a scalar, panics
		// on the strategies' shapes or has an unknown sense or domain is
		// an error here, not a panic inside ad at the first stage.
		return Outcome{}, fmt.Errorf("hic run: %w", err)
	}
	if run.Iterations < 0 {
		// Refused here in the wording of 0, not by Play's settings check
		// after the agents are built ("play: settings.iterations: -1 is
		// negative").
		return Outcome{}, fmt.Errorf("hic run: settings.iterations = %d: a negative number of stages; set Iterations to the stages to play (>= 1)", run.Iterations)
	}
	if err := checkStages("hic run", run.Iterations); err != nil {
		return Outcome{}, err
	}
	d1, d2 := g.Dims()
	if len(x0) != d1 || len(y0) != d2 {
		return Outcome{}, fmt.Errorf("hic run: initial strategies of lengths %d and %d, game %s has dimensions %d and %d", len(x0), len(y0), g.Name(), d1, d2)
	}
	ev := game.NewEvaluator(g)
	first, second := Split(ev, g.Sense())
	dx, dy := g.Domains()
	leader, err := NewHiC(first.Payoff, x0, dx, run.Leader, rng)
	if err != nil {
		return Outcome{}, err
	}
	if err := checkBurnIn(run.Leader, run.Iterations); err != nil {
		return Outcome{}, err
	}
	var follower Agent
	var br *BestResponder
	if run.BestResponse != nil {
		br, err = NewNumericalBestResponder(second.Gradient, y0, dy, *run.BestResponse)
		follower = br
	} else {
		follower, err = NewGradientAscent(second.Gradient, y0, dy, run.Follower, rng)
	}
	if err != nil {
		return Outcome{}, err
	}
	out, err = Play(ctx, leader, follower, NewReferee(ev, g.Sense()), PlayOptions{Settings: run.Settings, Recorder: rec})
	if br != nil {
		out.BestResponseCapped, out.BestResponseCappedStep = br.Capped()
	}
	if err != nil {
		err = diagnose(g, ev, err)
	}
	return out, err
}

// checkBurnIn refuses a burn-in (c.BurnIn > 0) that leaves the leader no
// update in a run of the given stages, as the configuration layer does:
// the leader first updates at the end of interval BurnIn + 1, so the run
// needs k_1 + … + k_{BurnIn+1} ≤ stages (the k_n as played, rounded up).
// BurnIn = 0 is never refused, nor is a commitment value that is not
// usable (the run reports it at its stage).
func checkBurnIn(c HiCConfig, stages int) error {
	if c.BurnIn <= 0 {
		return nil
	}
	if c.BurnIn >= stages {
		// Every interval lasts at least one stage.
		return fmt.Errorf("hic run: hic.burn_in = %d: %d stages hold at most %d intervals, all of them burn-in: the leader would never update", c.BurnIn, stages, stages)
	}
	played := 0 // stages of intervals 1 … n−1
	for n := 1; n <= c.BurnIn+1; n++ {
		k, err := commitmentLength(c.Commitment, n)
		if err != nil {
			return nil
		}
		if played+k > stages {
			return fmt.Errorf("hic run: hic.burn_in = %d: interval %d, the first that updates the leader, does not end within the %d stages (intervals 1 to %d take %d): the leader would never update", c.BurnIn, c.BurnIn+1, stages, n-1, played)
		}
		played += k
	}
	return nil
}

// diagnose adds to the error of a diverged play on a game that can name
// the part of an objective that is not finite (game.Diagnoser: a formula
// game) what it names at the profile played at the failing stage, e.g.
// "stage 3: first agent: hic interval 2: leader payoff f1(x̃, ỹ) = NaN: f1:
// sqrt(x[0] - 2) is NaN at 1:1 (x = [1.5], y = [0])". Only the failing
// agent's objective is diagnosed (f1 for the first agent, f2 for the
// second), so that a follower's error is not blamed on the leader's
// payoff: a game.ObjectiveDiagnoser is asked about that objective alone;
// a game that is only a Diagnoser (which names f1 when f1 is not finite,
// else f2) is asked only when f1's finiteness agrees with the failing
// agent. Other errors, games and profiles with a strategy that is not
// finite (whose objectives say nothing more) are returned as they are.
// Only the error path pays.
func diagnose(g game.Game, ev game.Evaluator, err error) error {
	d, ok := g.(game.Diagnoser)
	od, okObjective := g.(game.ObjectiveDiagnoser)
	var pe *profileError
	if !(ok || okObjective) || loop.StatusOf(err, false) != loop.Diverged || !errors.As(err, &pe) {
		return err
	}
	if loop.CheckFinite("x", pe.x) != nil || loop.CheckFinite("y", pe.y) != nil {
		return err
	}
	var de error
	if okObjective {
		de = od.DiagnoseObjective(pe.agent, pe.x, pe.y)
	} else {
		f1 := ev.Value1(pe.x, pe.y)
		if f1Bad := math.IsNaN(f1) || math.IsInf(f1, 0); f1Bad != (pe.agent == 1) {
			return err
		}
		de = d.Diagnose(pe.x, pe.y)
	}
	if de != nil {
		return fmt.Errorf("%w: %v", err, de)
	}
	return err
}
