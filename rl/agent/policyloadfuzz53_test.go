package agent

import (
	"bytes"
	"context"
	"encoding/gob"
	"testing"

	"github.com/stackel/stackel/ad"
)

// FuzzLoadPolicy loads checkpoints made from real ones (one epoch of
// DDPG on Pendulum and of STAC on CartPole) with one part replaced by
// fuzzed bytes (an optimiser state, a random stream, the replay buffer,
// the counters or an actor parameter), with LoadPolicy and with Load.
// Properties: LoadPolicy returns an error or an agent, never panics; it
// accepts every checkpoint Load accepts, at the same counters, and the
// agent plays the same episode (Evaluate) bit for bit; and where both
// refuse, for a part other than the replay buffer, with the same error.
func FuzzLoadPolicy(f *testing.F) {
	var bases []snapshot
	for _, c := range []Config{policyConfig53(f, "Pendulum-v1", DDPG, ad.Float64), policyConfig53(f, "CartPole-v1", STAC, ad.Float32)} {
		a, err := New(c)
		if err != nil {
			f.Fatal(err)
		}
		if _, err := a.RunEpoch(context.Background()); err != nil {
			f.Fatal(err)
		}
		var buf bytes.Buffer
		if err := a.Save(&buf); err != nil {
			f.Fatal(err)
		}
		a.Close()
		s, err := decodeSaved(&buf)
		if err != nil {
			f.Fatal(err)
		}
		bases = append(bases, s)
	}
	for kind := range bases {
		for which := range 6 {
			part := bases[kind].ActorOpt
			switch which {
			case 1:
				part = bases[kind].TestRng
			case 2:
				part = bases[kind].Replay
			}
			f.Add(uint8(kind), uint8(which), int64(bases[kind].Epoch), int64(bases[kind].Steps), bytes.Clone(part), 0.5)
		}
	}
	f.Fuzz(func(t *testing.T, kind, which uint8, epoch, steps int64, part []byte, param float64) {
		s := bases[int(kind)%len(bases)]
		part = bytes.Clone(part)
		switch which % 6 {
		case 0:
			s.ActorOpt = part
		case 1:
			s.TestRng = part
		case 2:
			s.Replay = part
		case 3:
			s.Epoch, s.Steps = int(epoch), int(steps)
		case 4:
			s.Actor = cloneSet53(s.Actor, int(uint64(epoch)%uint64(len(s.Actor))), param)
		case 5:
			s.NoiseRng = part
		}
		var in bytes.Buffer
		if err := gob.NewEncoder(&in).Encode(&s); err != nil {
			t.Fatal(err)
		}
		pol, errPol := LoadPolicy(bytes.NewReader(in.Bytes()))
		if pol != nil {
			defer pol.Close()
		}
		full, errFull := Load(bytes.NewReader(in.Bytes()))
		if errFull != nil {
			if which%6 != 2 && (errPol == nil || errPol.Error() != errFull.Error()) {
				t.Fatalf("Load: %v; LoadPolicy: %v", errFull, errPol)
			}
			return
		}
		defer full.Close()
		if errPol != nil {
			t.Fatalf("Load accepts the checkpoint, LoadPolicy refuses it: %v", errPol)
		}
		if pol.Epoch() != full.Epoch() || pol.Steps() != full.Steps() {
			t.Fatalf("LoadPolicy: epoch %d, steps %d; Load: %d, %d", pol.Epoch(), pol.Steps(), full.Epoch(), full.Steps())
		}
		o := EvalOptions{Episodes: 1, Seed: uint64(steps)}
		want, errW := full.Evaluate(context.Background(), o)
		got, errG := pol.Evaluate(context.Background(), o)
		if (errW == nil) != (errG == nil) || len(got) != len(want) || len(got) == 1 && got[0] != want[0] {
			t.Fatalf("LoadPolicy's agent plays %+v (%v), Load's %+v (%v)", got, errG, want, errW)
		}
	})
}
