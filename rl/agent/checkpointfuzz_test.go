package agent

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"hash/crc32"
	"testing"
)

// FuzzLoad loads checkpoints made from real ones (Pendulum DDPG and
// CartPole STAC, one epoch of tinyConfig) with one part replaced by fuzzed
// bytes (an optimiser state, a random stream, the replay buffer with its
// checksums made valid, the counters or a network parameter).
// Properties: Load returns an error or an agent, never panics; a loaded
// agent saves a checkpoint that loads again and saves the same bytes; and
// its next epoch runs without a panic.
func FuzzLoad(f *testing.F) {
	var bases []snapshot
	for _, c := range []Config{tinyConfig(f, "Pendulum-v1", DDPG, ActorLeads), tinyConfig(f, "CartPole-v1", STAC, ActorLeads)} {
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
		for which := range 11 {
			part := bases[kind].ActorOpt
			switch which {
			case 7:
				part = bases[kind].Replay
			case 2, 3, 4, 5, 6:
				part = bases[kind].AgentRng
			}
			f.Add(uint8(kind), uint8(which), int64(bases[kind].Epoch), int64(bases[kind].Steps), bytes.Clone(part), 0.5)
		}
	}
	f.Fuzz(func(t *testing.T, kind, which uint8, epoch, steps int64, part []byte, param float64) {
		s := bases[int(kind)%len(bases)]
		part = bytes.Clone(part)
		switch which % 11 {
		case 0:
			s.ActorOpt = part
		case 1:
			s.CriticOpt = part
		case 2:
			s.AgentRng = part
		case 3:
			s.EnvRng = part
		case 4:
			s.TestRng = part
		case 5:
			s.DiagRng = part
		case 6:
			s.NoiseRng = part
		case 7:
			if len(part) >= 64+4 {
				binary.LittleEndian.PutUint32(part[60:], crc32.ChecksumIEEE(part[:60]))
				binary.LittleEndian.PutUint32(part[len(part)-4:], crc32.ChecksumIEEE(part[:len(part)-4]))
			}
			s.Replay = part
		case 8:
			s.Epoch, s.Steps = int(epoch), int(steps)
		case 9:
			s.Actor = append([]float64(nil), s.Actor...)
			s.Actor[int(uint64(epoch)%uint64(len(s.Actor)))] = param
		case 10:
			s.Critic = append([]float64(nil), s.Critic...)
			s.Critic[int(uint64(epoch)%uint64(len(s.Critic)))] = param
		}
		var in bytes.Buffer
		if err := gob.NewEncoder(&in).Encode(&s); err != nil {
			t.Fatal(err)
		}
		a, err := Load(&in)
		if err != nil {
			return
		}
		defer a.Close()
		var out1, out2 bytes.Buffer
		if err := a.Save(&out1); err != nil {
			t.Fatalf("loaded agent does not save: %v", err)
		}
		b, err := Load(bytes.NewReader(out1.Bytes()))
		if err != nil {
			t.Fatalf("saved checkpoint of a loaded one does not load: %v", err)
		}
		defer b.Close()
		if err := b.Save(&out2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out1.Bytes(), out2.Bytes()) {
			t.Fatal("checkpoint changed in a Save-Load-Save round trip")
		}
		if !a.Done() {
			a.RunEpoch(context.Background())
		}
	})
}
