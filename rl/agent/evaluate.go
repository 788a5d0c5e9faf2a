package agent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/stackel/stackel/rl/env"
)

// The evaluation's own streams (see Evaluate), apart from the agent's.
const (
	streamEvalResets = 7 // the evaluation environment's resets
	streamEvalPolicy = 8 // the policy's draws with EvalOptions.Stochastic
)

// EvalOptions says how Evaluate plays the agent's policy.
type EvalOptions struct {
	// Episodes is the number of episodes to play, at least 1.
	Episodes int
	// Seed seeds the evaluation's two random streams: the environment's
	// resets, and with Stochastic the policy's draws. The same Seed gives
	// the same initial states whatever Stochastic is.
	Seed uint64
	// Stochastic plays the policy that acts in training instead of the
	// deterministic test policy: a draw of π_θ for AC, STAC, SAC and STSAC
	// (clipped to the action box with Config.ClipActions, as in
	// training), μθ(s) plus the exploration noise (Config.ActNoise) for
	// DDPG and STDDPG. The training batches' average return (AC and
	// STAC's measure in Zheng et al., Appendix E) is this policy's.
	Stochastic bool
}

// Episode is one episode played by Evaluate.
type Episode struct {
	// Return is the sum of the episode's rewards (undiscounted).
	Return float64 `json:"return"`
	// Length is its number of steps.
	Length int `json:"length"`
	// Terminated is true when the environment reached a terminal state,
	// false when the episode was truncated (the environment's time limit,
	// or the cap of an environment registered without one).
	Terminated bool `json:"terminated"`
}

// Evaluate plays opts.Episodes episodes of the agent's current policy (the
// deterministic test policy of RunEpoch's test episodes, or with
// opts.Stochastic the behaviour policy) on a new instance of the run's
// environment, and returns them in order. An episode ends as RunEpoch's
// test episodes end: when the environment terminates or truncates it, or,
// for an environment registered without a time limit, after
// max(StepsPerEpoch, 1000) steps.
//
// The evaluation draws from its own streams, seeded by opts.Seed, and
// leaves the agent as it was: its streams, environments, networks and
// counters. An agent evaluated between epochs runs on exactly as one that
// was not, so a run can be evaluated as it trains.
//
// It stops with an error on a non-finite (or, in a float32 run, beyond
// float32's range) observation, reward or action, naming the episode and
// step, or with ctx's error once ctx is done, returning with it the
// episodes finished before. Evaluate refuses an agent
// whose epoch stopped part-way, a closed agent, a nil ctx and fewer than
// one episode.
func (a *Agent) Evaluate(ctx context.Context, opts EvalOptions) ([]Episode, error) {
	if ctx == nil {
		return nil, errors.New("agent: evaluate: nil context (use context.Background())")
	}
	if opts.Episodes < 1 {
		return nil, fmt.Errorf("agent: evaluate: %d episodes; give at least 1", opts.Episodes)
	}
	if err := a.usable("evaluate"); err != nil {
		return nil, err
	}
	if a.closed {
		return nil, errors.New("agent: evaluate: the agent is closed (Agent.Close); load its checkpoint to evaluate it")
	}
	e, err := a.makeEnv()
	if err != nil {
		return nil, fmt.Errorf("agent: evaluate: %w", err)
	}
	defer func() {
		if c, ok := env.Unwrapped(e).(io.Closer); ok {
			c.Close()
		}
	}()
	resets := rand.New(rand.NewPCG(opts.Seed, seedConstant+streamEvalResets))
	act := a.testAction
	if opts.Stochastic {
		draws := rand.New(rand.NewPCG(opts.Seed, seedConstant+streamEvalPolicy))
		act = func(obs, dst []float64) error { return a.algo.behaviour(a, draws, obs, dst) }
	}
	eps := make([]Episode, 0, min(opts.Episodes, 1<<16))
	var ret float64
	p := episodePlay{env: e, resets: resets, act: act, what: "evaluation episode",
		step: func(r float64) { ret += r },
		end: func(length int, terminated bool) {
			eps = append(eps, Episode{Return: ret, Length: length, Terminated: terminated})
			ret = 0
		}}
	if err := a.play(ctx, p, opts.Episodes); err != nil {
		return eps, fmt.Errorf("agent: evaluate: %w", err)
	}
	return eps, nil
}
