package agent

import (
	"fmt"
	"math"
)

// EpochStats is what one epoch reports. Means are over the epoch's updates;
// a quantity that does not apply (CG statistics of a plain algorithm, an
// average return when no episode finished) is NaN.
type EpochStats struct {
	// Epoch counts from 1; Steps is the total number of environment steps
	// after it.
	Epoch, Steps int
	// Episodes is the number of episodes that finished during the epoch,
	// AvgReturn and AvgLength their mean undiscounted return and length:
	// NaN when Episodes is 0 (metrics.csv writes NaN, summary.json's
	// final avg_return null).
	Episodes             int
	AvgReturn, AvgLength float64
	// TestReturn and TestLength are the means over Config.TestEpisodes
	// episodes of the deterministic policy (mode, mean or μθ) after the
	// epoch.
	TestReturn, TestLength float64
	// ActorLoss is −J off-policy (Eq. 7 for DDPG, Eq. 9 for SAC) and, for
	// AC and STAC, the policy-gradient surrogate
	// −(1/N)Σ_t log π(a_t|s_t)·Â_t, whose gradient is −∇θJ (Eq. 3 with
	// GAE advantages; Spinning Up's LossPi) but whose value is not −J
	// (Eq. 2); CriticLoss is L (Eq. 8, Eq. 10; for AC and STAC Eq. 4 with
	// a state-value critic). Both at the start of each update.
	ActorLoss, CriticLoss float64
	// ActorGradNorm and CriticGradNorm are the norms of the directions the
	// players stepped along: the total derivative for the leader, the
	// individual gradient for the follower.
	ActorGradNorm, CriticGradNorm float64
	// LeaderIndividualNorm is ‖∇_L f1‖, the leader's individual gradient,
	// to compare with its total derivative.
	LeaderIndividualNorm float64
	// CGIters and CGResidual are the mean conjugate-gradient iterations and
	// final residual of the inverse-Hessian–vector products: the norm of
	// CG's recurrence residual r ← r − α(H+λI)p (total.Info.Residual),
	// ‖b − (H+λI)z‖ in exact arithmetic but possibly far below it on an
	// ill-conditioned Hessian (the README's cg_residual).
	CGIters, CGResidual float64
	// HessMin and HessMax are Lanczos estimates of the extreme eigenvalues
	// of the follower's Hessian (∇²_w L, or −∇²_θ J with the critic
	// leading) on the epoch's last batch, at the networks after the
	// epoch's updates: for STAC after the critic's m steps, so not the
	// Hessian that the epoch's CG solve inverted (the critic's before them).
	HessMin, HessMax float64
	// Lambda is the regularisation λ used during the epoch.
	Lambda float64
	// Updates is the number of leader updates in the epoch.
	Updates int
	// Seconds is the wall-clock time of the epoch (not part of the
	// deterministic output).
	Seconds float64
}

// Columns names the values of Values, in order (the header of metrics.csv).
func (EpochStats) Columns() []string {
	return []string{"epoch", "steps", "episodes", "avg_return", "avg_length", "test_return", "test_length",
		"actor_loss", "critic_loss", "actor_grad_norm", "critic_grad_norm", "leader_individual_grad_norm",
		"cg_iters", "cg_residual", "hess_min", "hess_max", "lambda", "updates", "seconds"}
}

// Values returns the statistics in the order of Columns.
func (s EpochStats) Values() []float64 {
	return []float64{float64(s.Epoch), float64(s.Steps), float64(s.Episodes), s.AvgReturn, s.AvgLength,
		s.TestReturn, s.TestLength, s.ActorLoss, s.CriticLoss, s.ActorGradNorm, s.CriticGradNorm,
		s.LeaderIndividualNorm, s.CGIters, s.CGResidual, s.HessMin, s.HessMax, s.Lambda,
		float64(s.Updates), s.Seconds}
}

// accum averages per-update statistics over an epoch.
type accum struct {
	n                                        int
	actorLoss, criticLoss, actorNorm, critic float64
	indiv, cgIters, cgRes                    float64
	cgN                                      int
}

func (a *accum) add(actorLoss, criticLoss, actorNorm, criticNorm float64) {
	a.n++
	a.actorLoss += actorLoss
	a.criticLoss += criticLoss
	a.actorNorm += actorNorm
	a.critic += criticNorm
}

func (a *accum) addTotal(t totalStats) {
	a.cgN++
	a.indiv += t.IndividualNorm
	a.cgIters += float64(t.CG.Iterations)
	a.cgRes += t.CG.Residual
}

func (a *accum) fill(s *EpochStats) {
	div := func(x float64, n int) float64 {
		if n == 0 {
			return math.NaN()
		}
		return x / float64(n)
	}
	s.Updates = a.n
	s.ActorLoss, s.CriticLoss = div(a.actorLoss, a.n), div(a.criticLoss, a.n)
	s.ActorGradNorm, s.CriticGradNorm = div(a.actorNorm, a.n), div(a.critic, a.n)
	s.LeaderIndividualNorm = div(a.indiv, a.cgN)
	s.CGIters, s.CGResidual = div(a.cgIters, a.cgN), div(a.cgRes, a.cgN)
}

// checkFinite returns an error naming the stage (left out when "", for a
// caller whose error already names it) and the first non-finite quantity.
func checkFinite(stage string, names []string, values ...float64) error {
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			if stage == "" {
				return fmt.Errorf("%s is %v", names[i], v)
			}
			return fmt.Errorf("%s: %s is %v", stage, names[i], v)
		}
	}
	return nil
}

// nonFinite returns the first non-finite quantity of what an environment
// returned, "the reward is NaN" or "observation[3] is +Inf", or "" when
// every one is finite. The loops check each transition: without it a NaN
// from the physics (or a user's environment) would enter the rollout or
// the replay buffer and surface later as a NaN loss, naming the update
// rather than its source. It allocates only when it finds one.
func nonFinite(obs []float64, r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return fmt.Sprintf("the reward is %v", r)
	}
	return nonFiniteIn("observation", obs)
}

// beyondFloat32 returns the first element of v whose float32 value is ±Inf
// (finite in float64, beyond float32's range) as "name[i] is v[i], beyond
// float32's range", or "" when there is none.
func beyondFloat32(name string, v []float64) string {
	for i, x := range v {
		if y := float32(x); y-y != 0 {
			return fmt.Sprintf("%s[%d] is %v, beyond float32's range (the run's float32 tapes would hold %v)", name, i, x, y)
		}
	}
	return ""
}

// nonFiniteIn returns the first non-finite element of v as "name[i] is
// v[i]", or "" when every one is finite.
func nonFiniteIn(name string, v []float64) string {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Sprintf("%s[%d] is %v", name, i, x)
		}
	}
	return ""
}
