package agent

import (
	"encoding/gob"
	"fmt"
	"io"
)

// LoadPolicy reads a checkpoint written by Save, as Load does, for
// evaluation only (Agent.Evaluate): the replay buffer of an off-policy run
// (hundreds of MB for a MuJoCo task of 10⁶ steps) is neither decoded nor
// kept, so the agent holds the networks, optimiser states, random streams
// and counters alone. Every check of Load on those parts applies, with
// the same errors: the configuration, the counters, the networks' shapes,
// their values finite (and within float32's range with a float32 tape),
// the optimisers' hyperparameters and the random streams. Load's checks of
// the buffer (its shape, capacity, count and finite transitions, and its
// absence in an on-policy run's checkpoint) are left out, since nothing
// here reads it. Evaluate plays the same episodes, to the bit, as on the
// agent Load returns; RunEpoch, Save and Extend refuse the agent, which
// cannot continue the run (see PolicyOnly).
func LoadPolicy(r io.Reader) (*Agent, error) { return load(r, true) }

// PolicyOnly reports whether the agent was loaded by LoadPolicy, for
// evaluation only: it then refuses RunEpoch, Save and Extend.
func (a *Agent) PolicyOnly() bool { return a.policyOnly }

// trainable is usable for what continues the run (RunEpoch, Save,
// Extend), which an agent LoadPolicy loaded, without the run's replay
// buffer, cannot do.
func (a *Agent) trainable(what string) error {
	if a.policyOnly {
		return fmt.Errorf("agent: %s: the agent was loaded for evaluation only (agent.LoadPolicy), without its checkpoint's replay buffer, and cannot continue the run; load the checkpoint with agent.Load to train it", what)
	}
	return a.usable(what)
}

// policySnapshot is snapshot without the replay buffer: gob skips a
// field of the stream that the value decoded into lacks, reading past its
// bytes without allocating them, so the buffer's bytes (most of an
// off-policy checkpoint) are never copied out of the decoder's message.
// Its fields are snapshot's, in order, but Replay (a test checks).
type policySnapshot struct {
	Version                   int
	Config                    Config
	Epoch, Steps              int
	Actor, Critic, Target     []float64
	ActorOpt, CriticOpt       []byte
	AgentRng, EnvRng, TestRng []byte
	DiagRng                   []byte
	NoiseRng                  []byte
}

// decodeSnapshot decodes a checkpoint's snapshot from r, without its
// replay buffer (Replay left nil) when policyOnly.
func decodeSnapshot(r io.Reader, policyOnly bool) (snapshot, error) {
	var s snapshot
	if !policyOnly {
		err := gob.NewDecoder(r).Decode(&s)
		return s, err
	}
	var p policySnapshot
	if err := gob.NewDecoder(r).Decode(&p); err != nil {
		return s, err
	}
	return snapshot{Version: p.Version, Config: p.Config, Epoch: p.Epoch, Steps: p.Steps,
		Actor: p.Actor, Critic: p.Critic, Target: p.Target, ActorOpt: p.ActorOpt, CriticOpt: p.CriticOpt,
		AgentRng: p.AgentRng, EnvRng: p.EnvRng, TestRng: p.TestRng, DiagRng: p.DiagRng, NoiseRng: p.NoiseRng}, nil
}
