package agent

import (
	"fmt"
	"io"
	"reflect"

	"github.com/stackel/stackel/internal/gobwire"
	"github.com/stackel/stackel/rl/optim"
)

// The snapshot's message is written as gob.Encoder writes it, byte for
// byte, but streamed: gob encodes the type definitions and the fields
// before the networks (Version, Config, Epoch, Steps, and for a
// NewWithEnv run's EnvFactory and EnvSpaces), and the rest is
// written by hand in gob's wire format (package gobwire), the networks'
// parameters and the optimisers' states (their MarshalBinary bytes,
// written by their WriteTo from their moments) from their storage. gob
// encodes a whole message into a buffer of its own, grown by doubling,
// before it writes it: with the optimisers' MarshalBinary copies (each
// encoded in a growing buffer too), the in-memory encoder allocated
// about 7 times the snapshot's bytes (TestSaveSnapshotAllocates55);
// streamed, a few kilobytes at a time.

// written returns the value whose gob encoding is s's message: s
// itself for a NewWithEnv run's (version 3), and for a registry run's s
// without EnvFactory and EnvSpaces, in a struct of the fields (and the
// name: gob writes it in the type's definition) of the snapshot before
// they existed, so that a registry run's checkpoint is, byte for byte,
// the one of the builds before them.
func (s *snapshot) written() any {
	if s.EnvFactory {
		return s
	}
	// The snapshot before EnvFactory and EnvSpaces: its name is the
	// package's type's, which it shadows here.
	type snapshot struct {
		Version                   int
		Config                    Config
		Epoch, Steps              int
		Actor, Critic, Target     []float64
		ActorOpt, CriticOpt       []byte
		AgentRng, EnvRng, TestRng []byte
		DiagRng                   []byte
		NoiseRng                  []byte
		ReplayFollows             bool
		Replay                    []byte
	}
	return &snapshot{Version: s.Version, Config: s.Config, Epoch: s.Epoch, Steps: s.Steps,
		Actor: s.Actor, Critic: s.Critic, Target: s.Target, ActorOpt: s.ActorOpt, CriticOpt: s.CriticOpt,
		AgentRng: s.AgentRng, EnvRng: s.EnvRng, TestRng: s.TestRng, DiagRng: s.DiagRng, NoiseRng: s.NoiseRng,
		ReplayFollows: s.ReplayFollows, Replay: s.Replay}
}

// snapFields are the gob field numbers of the snapshot's fields written
// by hand, in order, in one of the written layouts (their indices: gob
// numbers a struct's fields in order, all exported).
type snapFields struct {
	actor, critic, target, actorOpt, criticOpt                 int
	agentRng, envRng, testRng, diagRng, noiseRng, follows, rep int
}

// fieldsOf returns the numbers of the hand-written fields in the
// struct *v (a value written returns).
func fieldsOf(v any) snapFields {
	t := reflect.TypeOf(v).Elem()
	n := func(name string) int {
		f, ok := t.FieldByName(name)
		if !ok {
			panic("agent: snapshot has no field " + name)
		}
		return f.Index[0]
	}
	return snapFields{n("Actor"), n("Critic"), n("Target"), n("ActorOpt"), n("CriticOpt"),
		n("AgentRng"), n("EnvRng"), n("TestRng"), n("DiagRng"), n("NoiseRng"), n("ReplayFollows"), n("Replay")}
}

// The field numbers of a registry run's snapshot and a NewWithEnv run's.
var (
	registryFields = fieldsOf((&snapshot{}).written())
	factoryFields  = fieldsOf((&snapshot{EnvFactory: true}).written())
)

// streamedState is an optimiser whose state streams: MarshalBinary's
// bytes, written by WriteTo, BinarySize of them (optim.Adam, optim.SGD).
type streamedState interface {
	BinarySize() int64
	io.WriterTo
}

// writeSnapshot writes the snapshot's gob message to w: s (as snapshot
// returns it, its optimiser states left out) with the states of
// a.actorOpt and a.criticOpt, the bytes gob.Encoder writes for s with
// ActorOpt and CriticOpt their MarshalBinary bytes. It returns w's error,
// or gob's for a message too big.
func (a *Agent) writeSnapshot(w io.Writer, s *snapshot) error {
	// The optimisers' states are sized (and so encoded by gob, but for
	// their moments) before the snapshot is: gob numbers a type when the
	// process first encodes it, and the messages' type definitions carry
	// the numbers. The in-memory encoder encoded the states
	// (MarshalBinary) before the snapshot, so that in a process's first
	// checkpoint the states' types took the first numbers; so they do
	// here, and the bytes are the same.
	var opts [2]streamedState
	var sizes [2]int64
	for i, o := range []optim.Optimizer{a.actorOpt, a.criticOpt} {
		st, ok := o.(streamedState)
		if !ok { // a programmer's error: newOptimizer makes Adam or SGD
			panic(fmt.Sprintf("agent: checkpoint: optimiser %T has no streamed state", o))
		}
		opts[i], sizes[i] = st, st.BinarySize()
	}
	// Everything before the networks, and a placeholder for the actor.
	// (A registry run's without EnvFactory and EnvSpaces: written.)
	fs := registryFields
	if s.EnvFactory {
		fs = factoryFields
	}
	head := snapshot{Version: s.Version, Config: s.Config, Epoch: s.Epoch, Steps: s.Steps,
		EnvFactory: s.EnvFactory, EnvSpaces: s.EnvSpaces, Actor: []float64{0}}
	m, err := gobwire.Split(head.written(), fs.actor)
	if err != nil {
		return err
	}
	_, err = m.Encode(w, func(f *gobwire.StructWriter) {
		f.Floats(fs.actor, s.Actor)
		f.Floats(fs.critic, s.Critic)
		f.Floats(fs.target, s.Target)
		f.Stream(fs.actorOpt, sizes[0], opts[0])
		f.Stream(fs.criticOpt, sizes[1], opts[1])
		f.Bytes(fs.agentRng, s.AgentRng)
		f.Bytes(fs.envRng, s.EnvRng)
		f.Bytes(fs.testRng, s.TestRng)
		f.Bytes(fs.diagRng, s.DiagRng)
		f.Bytes(fs.noiseRng, s.NoiseRng)
		f.Bool(fs.follows, s.ReplayFollows)
		f.Bytes(fs.rep, s.Replay)
	})
	return err
}
