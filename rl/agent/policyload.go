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
// and counters alone. Save's checkpoint of an off-policy run (version 2)
// holds the buffer in a gob message after the snapshot's, and LoadPolicy
// reads the snapshot's alone, leaving r at the buffer's message if r is
// an io.ByteReader (gob reads any other reader ahead, through a buffer);
// a version 1 checkpoint holds it inside the snapshot, which LoadPolicy
// reads whole and skips. Every check of Load on those parts applies, with
// the same errors: the configuration, the counters, the networks' shapes,
// their values finite (and within float32's range with a float32 tape),
// the optimisers' hyperparameters and the random streams. Load's checks of
// the buffer (its shape, capacity, count and finite transitions, and its
// absence in an on-policy run's checkpoint) are left out, since nothing
// here reads it. Evaluate plays the same episodes, to the bit, as on the
// agent Load returns; RunEpoch, Save and Extend refuse the agent, which
// cannot continue the run (see PolicyOnly). As Load, it refuses the
// checkpoint of an agent NewWithEnv built: LoadPolicyWithEnv reads it.
func LoadPolicy(r io.Reader) (*Agent, error) { return load(r, true, nil) }

// PolicyOnly reports whether the agent was loaded by LoadPolicy, for
// evaluation only: it then refuses RunEpoch, Save and Extend.
func (a *Agent) PolicyOnly() bool { return a.policyOnly }

// trainable is usable for what continues the run (RunEpoch, Save,
// Extend), which an agent LoadPolicy loaded, without the run's replay
// buffer, cannot do.
func (a *Agent) trainable(what string) error {
	if a.policyOnly {
		without := ", without its checkpoint's replay buffer," // an on-policy run's holds none
		if a.cfg.Algo.OnPolicy() {
			without = ""
		}
		return fmt.Errorf("agent: %s: the agent was loaded for evaluation only (agent.LoadPolicy)%s and cannot continue the run; load the checkpoint with agent.Load to train it", what, without)
	}
	return a.usable(what)
}

// policySnapshot is snapshot without the replay buffer: gob skips a
// field of the stream that the value decoded into lacks, reading past its
// bytes without allocating them, so a version 1 checkpoint's buffer
// (inside the snapshot, most of an off-policy checkpoint) is never copied
// out of the decoder's message.
// Its fields are snapshot's, in order, but Replay (a test checks).
type policySnapshot struct {
	Version                   int
	Config                    Config
	Epoch, Steps              int
	EnvFactory                bool
	EnvSpaces                 string
	Actor, Critic, Target     []float64
	ActorOpt, CriticOpt       []byte
	AgentRng, EnvRng, TestRng []byte
	DiagRng                   []byte
	NoiseRng                  []byte
	ReplayFollows             bool
}

// decodeHead decodes a checkpoint's snapshot, the first gob message of r
// (an io.ByteReader, which gob reads exactly: exactReader), and, for a
// snapshot whose replay buffer follows it (ReplayFollows, version 2),
// the header of the buffer's message (replayMessage), r then left at the
// buffer's bytes, n of them; n is -1 when no buffer's message is read.
// The message after the snapshot is read only for a snapshot of a
// version this build reads and of an off-policy run, and not when
// policyOnly: load refuses the others, by their version or run, and
// LoadPolicy reads no buffer. When policyOnly, the snapshot is decoded
// without a buffer inside it (policySnapshot), Replay left nil.
func decodeHead(r io.Reader, policyOnly bool) (s snapshot, n int64, err error) {
	dec := gob.NewDecoder(r)
	if policyOnly {
		var p policySnapshot
		if err := dec.Decode(&p); err != nil {
			return s, -1, err
		}
		return snapshot{Version: p.Version, Config: p.Config, Epoch: p.Epoch, Steps: p.Steps,
			EnvFactory: p.EnvFactory, EnvSpaces: p.EnvSpaces, Actor: p.Actor, Critic: p.Critic, Target: p.Target, ActorOpt: p.ActorOpt, CriticOpt: p.CriticOpt,
			AgentRng: p.AgentRng, EnvRng: p.EnvRng, TestRng: p.TestRng, DiagRng: p.DiagRng, NoiseRng: p.NoiseRng,
			ReplayFollows: p.ReplayFollows}, -1, nil
	}
	if err := dec.Decode(&s); err != nil {
		return s, -1, err
	}
	if !s.ReplayFollows || s.Version < 2 || s.Version > checkpointVersion || s.Config.Algo.OnPolicy() {
		return s, -1, nil
	}
	if len(s.Replay) > 0 {
		return s, -1, fmt.Errorf("the snapshot holds a replay buffer (%d bytes) and says one follows it", len(s.Replay))
	}
	if n, err = replayMessage(r); err != nil {
		return s, -1, fmt.Errorf("replay buffer: %w", err)
	}
	return s, n, nil
}
