package learn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// Dynamics is one learning dynamic on a smooth two-player game: simultaneous
// gradient play, Stackelberg dynamics, LOLA, … Run drives every Dynamics
// with the same loop.
type Dynamics interface {
	// Step performs iteration k (counting from 1) of the dynamic, updating
	// the leader's strategy x and the follower's strategy y in place (of
	// the game's dimensions: other lengths are an error). Noise
	// is drawn from rng (which may be nil when the dynamic has no noise).
	// A dynamic with inner loops (follower unrolling, CG) polls ctx in them
	// (loop.Poll) and returns its error, leaving x and y as they were.
	//
	// On error, x and y are left as they were before the step and the error
	// names the quantity that failed (for instance "leader total derivative
	// is NaN"); Run prefixes the iteration.
	Step(ctx context.Context, k int, x, y []float64, rng *rand.Rand) (StepInfo, error)
}

// StepInfo reports solver statistics of one step.
type StepInfo struct {
	// CGIters is the number of conjugate-gradient iterations used for the
	// leader's implicit term (0 for other solvers and dynamics).
	CGIters int
	// CGResidual is the final CG residual ‖b − (∇yy f2 + λI)w‖ (0 when CG
	// was not used).
	CGResidual float64
	// CGCapped reports that the CG solve stopped at its iteration cap
	// (solver.iters) with its relative residual CGRelResidual =
	// CGResidual/‖∇y f1‖ above its tolerance (solver.tol): the step
	// followed an inexact total derivative (total.Info.Capped).
	CGCapped      bool
	CGRelResidual float64
}

// Rates are the step-size schedules of the two players (γ_{1,k}, γ_{2,k}
// of Eq. 4) and the standard deviations of their Gaussian gradient noise
// w_{i,k} ~ N(0, σ_i² I). Eq. 4 (Assumption A1c) asks only for zero-mean
// martingale-difference noise; the Gaussian is that of the examples of
// Section 4, whose N(0, 10) and N(0, 0.01) stackel reads as variances
// (σ = √10 and 0.1).
type Rates struct {
	// Leader is the leader's step-size schedule: the player choosing x,
	// or the one choosing y for stackelberg with `leader: y`
	// (StackelbergParams.Leader, StackelbergConfig.FollowerLeads).
	Leader loop.Schedule
	// Follower is the follower's step-size schedule (the player choosing
	// y, or x when y leads).
	Follower loop.Schedule
	// NoiseLeader is σ_1, the standard deviation of each coordinate of the
	// leader's gradient noise (the y player's when y leads); 0 means
	// noiseless.
	NoiseLeader float64
	// NoiseFollower is σ_2, likewise for the follower.
	NoiseFollower float64
}

func (r Rates) validate() error {
	if err := loop.Validate("leader step size", r.Leader); err != nil {
		return err
	}
	if err := loop.Validate("follower step size", r.Follower); err != nil {
		return err
	}
	return validateNoise(r.NoiseLeader, r.NoiseFollower)
}

// begin starts step k of a kind with rates r at the point (x, y) of a
// game of dimensions (d1, d2): it checks the point's lengths (checkStep)
// and that noise has a random source (needRNG), and returns the step
// sizes γ1, γ2 at k (stepSizes).
func (r Rates) begin(x, y []float64, d1, d2, k int, rng *rand.Rand) (g1, g2 float64, err error) {
	if err := checkStep(x, y, d1, d2); err != nil {
		return 0, 0, err
	}
	if err := needRNG(r.NoiseLeader, r.NoiseFollower, rng); err != nil {
		return 0, 0, err
	}
	return stepSizes(r.Leader, r.Follower, k)
}

// stepSizes returns γ_{1,k} and γ_{2,k} of the leader's and the
// follower's schedules at iteration k, or an error naming the schedule
// and k when either is not a finite non-negative number: loop.Validate
// checks a schedule at its first iterations only, and one that breaks
// later (a power with p < 0 overflowing to +Inf, a Go schedule) is caught
// here, where it is used, before any update.
func stepSizes(leader, follower loop.Schedule, k int) (g1, g2 float64, err error) {
	if g1, err = loop.NonNegative("leader step size", leader, k); err != nil {
		return 0, 0, err
	}
	if g2, err = loop.NonNegative("follower step size", follower, k); err != nil {
		return 0, 0, err
	}
	return g1, g2, nil
}

func validateNoise(s1, s2 float64) error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"leader noise σ", s1}, {"follower noise σ", s2}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("%s: %g is not a finite non-negative number", c.name, c.v)
		}
	}
	return nil
}

// descend performs v ← v − γ(g + σξ), ξ ~ N(0, I), drawing len(v) normal
// variates from rng when σ > 0 (Eq. 4, 6–7). The noise is added to the
// descent direction of the cost, which is the same in law as adding it to a
// payoff gradient.
// The caller checks with needRNG that rng is set when σ > 0.
func descend(v, g []float64, gamma, sigma float64, rng *rand.Rand) {
	if sigma > 0 {
		for i := range v {
			v[i] -= gamma * (g[i] + sigma*rng.NormFloat64())
		}
		return
	}
	for i := range v {
		v[i] -= gamma * g[i]
	}
}

// checkStep returns an error unless x and y have the dimensions d1 and d2
// of the game's players 1 and 2: Step is exported and called outside Run,
// and strategies of the wrong length panicked inside ad.
func checkStep(x, y []float64, d1, d2 int) error {
	if len(x) != d1 || len(y) != d2 {
		return fmt.Errorf("step: x has %d and y %d coordinates; the game has dimensions (%d, %d)", len(x), len(y), d1, d2)
	}
	return nil
}

// needRNG returns an error when noise is asked for without a random source.
func needRNG(s1, s2 float64, rng *rand.Rand) error {
	if rng == nil && (s1 > 0 || s2 > 0) {
		return fmt.Errorf("noise σ = (%g, %g) needs a random source; rng is nil", s1, s2)
	}
	return nil
}

// checkFinite is loop.CheckFinite: the error names the quantity and makes
// the run's status loop.Diverged.
var checkFinite = loop.CheckFinite

// builtOn is implemented by the dynamics of this package: the game each
// was built on (before any role swap), which Run checks against its own.
type builtOn interface{ builtOn() game.Game }

func (d *SGA) builtOn() game.Game           { return d.g }
func (d *Stackelberg) builtOn() game.Game   { return d.game0 }
func (d *LOLA) builtOn() game.Game          { return d.g }
func (d *Extragradient) builtOn() game.Game { return d.g }
func (d *Consensus) builtOn() game.Game     { return d.g }
func (d *Symplectic) builtOn() game.Game    { return d.g }

// checkGame validates a game's dimensions, domains and objectives for a
// dynamic (game.Check).
func checkGame(g game.Game) error {
	return game.Check(g)
}
