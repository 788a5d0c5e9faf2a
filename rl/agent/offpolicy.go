package agent

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/nn"
	"github.com/stackel/stackel/rl/optim"
	"github.com/stackel/stackel/rl/replay"
)

// game is an off-policy actor-critic formulation (DDPG, SAC) as a
// two-player game on the current mini-batch ξ ~ D: the actor's objective
// J(θ, w), which it maximises, and the critic's loss L(θ, w), which it
// minimises. Both are recorded on a tape so that the Stackelberg total
// derivatives of Eq. 15–16 can be taken through them (Section 4.3).
type game interface {
	J(t *ad.Tape, theta, w nn.Bound) *ad.Node
	L(t *ad.Tape, theta, w nn.Bound) *ad.Node
	// prepare loads a mini-batch and draws the noise the objectives use, so
	// that J and L are deterministic functions of (θ, w) until the next
	// prepare.
	prepare(b *replay.Batch, rng *rand.Rand)
	// explore writes the behaviour policy's action for obs, its draws
	// from rng (the agent's stream in training).
	explore(a *Agent, rng *rand.Rand, obs, dst []float64)
	// testAction writes the deterministic test policy's action for obs.
	testAction(a *Agent, obs, dst []float64)
}

// offPolicy is the loop shared by DDPG, SAC and their Stackelberg versions
// (Spinning Up's, with Algorithms 1–2 as the update rule).
type offPolicy struct {
	g     game
	buf   *replay.Buffer // nil in an agent LoadPolicy loaded
	batch *replay.Batch
	space *env.Box
	act   []float64
}

func newOffPolicy(a *Agent, g game) (*offPolicy, error) {
	box, ok := a.env.ActionSpace().(*env.Box)
	if !ok {
		return nil, fmt.Errorf("rl.algo: %s needs a continuous (Box) action space, %s has %v", a.cfg.Algo, a.cfg.Env, a.env.ActionSpace())
	}
	o := &offPolicy{
		g:     g,
		batch: replay.NewBatch(a.cfg.BatchSize, a.obsDim, a.actDim),
		space: box,
		act:   make([]float64, a.actDim),
	}
	if !a.policyOnly { // LoadPolicy's agent plays the policy and keeps no buffer
		capacity := min(a.cfg.ReplaySize, a.cfg.Steps)
		if err := replayFits(capacity, a.obsDim, a.actDim); err != nil {
			return nil, err
		}
		o.buf = replay.New(capacity, a.obsDim, a.actDim)
	}
	return o, nil
}

// replayFits refuses a replay buffer of capacity rows that a checkpoint
// could not hold once full: its message (writeReplay) would reach gob's
// bound on a message, and the first checkpoint written after it filled —
// an epoch or more into the run — would fail. The error names the key and
// the largest capacity that fits.
func replayFits(capacity, obsDim, actDim int) error {
	if replayFitsHeader(capacity, obsDim, actDim) == nil {
		return nil
	}
	perRow := replay.FullBinarySize(1, obsDim, actDim) - replay.FullBinarySize(0, obsDim, actDim)
	largest := (int64(gobTooBig) - replay.FullBinarySize(0, obsDim, actDim)) / perRow
	for largest > 0 && replayFitsHeader(int(largest), obsDim, actDim) != nil {
		largest-- // the message's own header: a row at most
	}
	return fmt.Errorf("rl.options.replay_size: a replay buffer of %d transitions (min(replay_size, steps)) of %d bytes each (observation %d and next observation, action %d, reward, done) is %.3g GB, which a checkpoint cannot hold (%.3g GB, gob's largest message on this platform): lower replay_size to at most %d",
		capacity, perRow, obsDim, actDim, float64(replay.FullBinarySize(capacity, obsDim, actDim))/1e9, float64(gobTooBig)/1e9, largest)
}

// replayFitsHeader is replayHeader's error for a full buffer of capacity
// rows.
func replayFitsHeader(capacity, obsDim, actDim int) error {
	_, err := replayHeader(replay.FullBinarySize(capacity, obsDim, actDim))
	return err
}

func (o *offPolicy) testAction(a *Agent, obs, dst []float64) error {
	o.g.testAction(a, obs, dst)
	return nil
}

// behaviour is the game's behaviour policy: μθ(s) plus the exploration
// noise (DDPG), a draw of π_θ (SAC).
func (o *offPolicy) behaviour(a *Agent, rng *rand.Rand, obs, dst []float64) error {
	o.g.explore(a, rng, obs, dst)
	return nil
}

func (o *offPolicy) epoch(ctx context.Context, a *Agent, n int, st *EpochStats) error {
	c := a.cfg
	var eps episodes
	var acc accum
	for t := 0; t < n; t++ {
		if t%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		// Act: uniformly at random for the first StartSteps, then with the
		// behaviour policy (μθ plus noise, or a sample of π_θ).
		if a.steps < c.StartSteps {
			o.space.Sample(a.rng, o.act)
		} else {
			o.g.explore(a, a.rng, a.obs, o.act)
		}
		if q := nonFiniteIn("action", o.act); q != "" {
			return fmt.Errorf("%s step %d: %s, the behaviour policy's", a.cfg.Env, a.steps+1, q)
		}
		next, r, term, trunc := a.env.Step(o.act)
		a.steps++
		if q := a.badStep(next, r); q != "" {
			return fmt.Errorf("%s step %d: %s", a.cfg.Env, a.steps, q)
		}
		eps.step(r)
		// Only termination is stored as done: a time-limit cut still
		// bootstraps from s'.
		o.buf.Add(a.obs, o.act, r, next, term)
		if term || trunc {
			eps.end()
			obs := a.env.Reset(a.envRng)
			if q := a.badStep(obs, 0); q != "" {
				return fmt.Errorf("%s reset after step %d: %s", a.cfg.Env, a.steps, q)
			}
			copy(a.obs, obs)
		} else {
			copy(a.obs, next)
		}
		if a.steps >= c.UpdateAfter && a.steps%c.UpdateEvery == 0 {
			for j := 0; j < c.UpdateEvery; j++ {
				if err := o.update(ctx, a, st.Lambda, &acc); err != nil {
					return fmt.Errorf("update %d: %w", acc.n+1, err)
				}
			}
		}
	}
	eps.fill(st)
	acc.fill(st)
	if c.LanczosIters > 0 && acc.n > 0 {
		f2, leader, follower := o.followerCost(a)
		lo, hi, err := a.lz.extremes(a.solver.hessian(f2, leader, follower), follower.Len(), c.LanczosIters, a.diagRng)
		if err != nil {
			return err
		}
		st.HessMin, st.HessMax = lo, hi
	}
	return nil
}

// followerCost returns the follower's cost as f2(leader, follower) with the
// two parameter vectors: L(θ, w) when the actor leads (and for the plain
// algorithms), −J(θ, w) when the critic leads.
func (o *offPolicy) followerCost(a *Agent) (objective, *nn.Params, *nn.Params) {
	if a.cfg.Leader == CriticLeads {
		return swap(neg(o.g.J)), a.critic, a.actor
	}
	return o.g.L, a.actor, a.critic
}

func (o *offPolicy) sample(a *Agent) {
	o.buf.Sample(a.rng, o.batch)
	o.g.prepare(o.batch, a.rng)
}

// update is one iteration k of Algorithm 1 (m = 1) or Algorithm 2 on fresh
// mini-batches, followed by the Polyak update of the target critic.
func (o *offPolicy) update(ctx context.Context, a *Agent, lambda float64, acc *accum) error {
	c := a.cfg
	s := a.solver
	J, L := o.g.J, o.g.L
	th, w := a.actor, a.critic
	o.sample(a)

	var jVal, lVal, actorNorm, criticNorm float64
	switch {
	case !c.Algo.Stackelberg():
		// Eq. 5–6: both players follow their individual gradients at
		// (θ_k, w_k): ∇θJ(θ, w) (ascent) and ∇wL(θ, w) (descent). (Spinning
		// Up takes the actor's at the critic after its step; see the
		// package documentation.)
		jVal, lVal = s.partials(J, L, th, w, a.actorGrad, a.criticGrad)
		scale(a.actorGrad, -1)
		actorNorm, criticNorm = s.norm(a.actorGrad), s.norm(a.criticGrad)
	case c.Leader == ActorLeads:
		// Eq. 11–12: the actor leads with the total derivative of Eq. 15,
		//   ∇J = ∇θJ − ∇wθᵀL (∇²_w L + λI)⁻¹ ∇wJ,
		// computed as the total derivative of its cost −J; the critic
		// follows ∇wL.
		ts, err := s.total(ctx, neg(J), L, th, w, c.CG, lambda, a.actorGrad, a.criticGrad)
		if err != nil {
			return err
		}
		acc.addTotal(ts)
		jVal, lVal = -ts.Value, ts.FollowerValue
		// total measured both: ‖∇^λ f1‖ of the actor's step, ‖∇_F f2‖ of
		// the critic's.
		actorNorm, criticNorm = ts.TotalNorm, ts.FollowerGradNorm
	default:
		// Eq. 13–14: the critic leads with the total derivative of Eq. 16,
		//   ∇L = ∇wL − ∇θwᵀJ (∇²_θ J)⁻¹ ∇θL,
		// regularised as Section 4.5 describes, on the follower's cost −J
		// (as the authors' code does; Algorithm 2 prints ∇²_θ J + λI
		// instead, see the package documentation):
		//   ∇L = ∇wL + ∇θwᵀJ (−∇²_θ J + λI)⁻¹ ∇θL;
		// the actor follows ∇θJ.
		ts, err := s.total(ctx, swap(L), swap(neg(J)), w, th, c.CG, lambda, a.criticGrad, a.actorGrad)
		if err != nil {
			return err
		}
		acc.addTotal(ts)
		lVal, jVal = ts.Value, -ts.FollowerValue
		criticNorm, actorNorm = ts.TotalNorm, ts.FollowerGradNorm
	}
	// The stage is the caller's "update k" ("update 2: update: …" said
	// it twice).
	if err := checkFinite("", []string{"actor objective J", "critic loss L", "actor step norm", "critic step norm"},
		jVal, lVal, actorNorm, criticNorm); err != nil {
		return err
	}

	// Follower: m steps (Algorithm 2), the first with the gradient at
	// (θ_k, w_{k,0}) computed above, the others on fresh mini-batches with
	// the leader still at its iterate k.
	leaderOpt, followerOpt := a.actorOpt, a.criticOpt
	if c.Leader == CriticLeads {
		leaderOpt, followerOpt = a.criticOpt, a.actorOpt
	}
	if err := a.step(followerOpt); err != nil {
		return err
	}
	for l := 1; l < c.Unroll; l++ {
		if err := ctx.Err(); err != nil { // each step is a network gradient: look every time
			return err
		}
		o.sample(a)
		var v float64
		if c.Leader == CriticLeads {
			v = s.partial(J, th, w, true, a.actorGrad)
			scale(a.actorGrad, -1)
		} else {
			v = s.partial(L, th, w, false, a.criticGrad)
		}
		if err := checkFinite("follower step", []string{"follower objective"}, v); err != nil {
			return err
		}
		if err := a.step(followerOpt); err != nil {
			return err
		}
	}
	if err := a.step(leaderOpt); err != nil {
		return err
	}

	// Target critic: w₀ ← ρ w₀ + (1 − ρ) w, elementwise, so split over the
	// agent's threads with the same bits.
	polyakSplit(a.Threads(), a.target.Data, a.critic.Data, 1-c.Polyak)
	// Counted once the update is complete: epoch's error for a failed
	// update k is "update k" (acc.n+1), also when a step failed.
	acc.add(-jVal, lVal, actorNorm, criticNorm)
	return nil
}

// polyakSplit is optim.PolyakSlice(dst, src, tau) over blocks of elements
// on up to threads goroutines (ad.ParallelFor).
func polyakSplit(threads int, dst, src []float64, tau float64) {
	if threads <= 1 || len(dst) != len(src) {
		optim.PolyakSlice(dst, src, tau)
		return
	}
	ad.ParallelFor(threads, len(dst), 8, func(lo, hi int) { optim.PolyakSlice(dst[lo:hi], src[lo:hi], tau) })
}
