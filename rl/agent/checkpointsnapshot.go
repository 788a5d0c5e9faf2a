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
// before the networks (Version, Config, Epoch, Steps, EnvFactory,
// EnvSpaces), and the rest is
// written by hand in gob's wire format (package gobwire), the networks'
// parameters and the optimisers' states (their MarshalBinary bytes,
// written by their WriteTo from their moments) from their storage. gob
// encodes a whole message into a buffer of its own, grown by doubling,
// before it writes it: with the optimisers' MarshalBinary copies (each
// encoded in a growing buffer too), the in-memory encoder allocated
// about 7 times the snapshot's bytes (TestSaveSnapshotAllocates55);
// streamed, a few kilobytes at a time.

// snapField is the gob field number of the snapshot's field name (its
// index: gob numbers a struct's fields in order, all exported).
func snapField(name string) int {
	f, ok := reflect.TypeFor[snapshot]().FieldByName(name)
	if !ok {
		panic("agent: snapshot has no field " + name)
	}
	return f.Index[0]
}

// The numbers of the snapshot's fields written by hand, in order.
var (
	fieldActor     = snapField("Actor")
	fieldCritic    = snapField("Critic")
	fieldTarget    = snapField("Target")
	fieldActorOpt  = snapField("ActorOpt")
	fieldCriticOpt = snapField("CriticOpt")
	fieldAgentRng  = snapField("AgentRng")
	fieldEnvRng    = snapField("EnvRng")
	fieldTestRng   = snapField("TestRng")
	fieldDiagRng   = snapField("DiagRng")
	fieldNoiseRng  = snapField("NoiseRng")
	fieldFollows   = snapField("ReplayFollows")
	fieldReplay    = snapField("Replay")
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
	m, err := gobwire.Split(&snapshot{Version: s.Version, Config: s.Config, Epoch: s.Epoch, Steps: s.Steps,
		EnvFactory: s.EnvFactory, EnvSpaces: s.EnvSpaces, Actor: []float64{0}}, fieldActor)
	if err != nil {
		return err
	}
	_, err = m.Encode(w, func(f *gobwire.StructWriter) {
		f.Floats(fieldActor, s.Actor)
		f.Floats(fieldCritic, s.Critic)
		f.Floats(fieldTarget, s.Target)
		f.Stream(fieldActorOpt, sizes[0], opts[0])
		f.Stream(fieldCriticOpt, sizes[1], opts[1])
		f.Bytes(fieldAgentRng, s.AgentRng)
		f.Bytes(fieldEnvRng, s.EnvRng)
		f.Bytes(fieldTestRng, s.TestRng)
		f.Bytes(fieldDiagRng, s.DiagRng)
		f.Bytes(fieldNoiseRng, s.NoiseRng)
		f.Bool(fieldFollows, s.ReplayFollows)
		f.Bytes(fieldReplay, s.Replay)
	})
	return err
}
