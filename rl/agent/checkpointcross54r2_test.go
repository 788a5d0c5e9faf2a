package agent

import (
	"bytes"
	"context"
	"encoding/gob"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestSaveSameBytesEveryRun54r2: Save, which writes the replay buffer's
// gob message by hand, writes the bytes one gob.Encoder writes for the
// snapshot and the buffer's MarshalBinary (saveInMemory54w), byte for
// byte, for every algorithm in both dtypes and both leaders where
// allowed, with the snapshot's gob message of each configuration before
// it: an agent before its first epoch (an empty buffer, its message a
// 68-byte string), after one epoch, after the whole run (a buffer of
// capacity 1, wrapped 599 times; and one of replay_size 250, wrapped);
// with SetThreads(2), which the snapshot does not record. Load reads
// each back, and the loaded agent saves the same bytes.
func TestSaveSameBytesEveryRun54r2(t *testing.T) {
	type variant struct {
		name    string
		replay  int
		epochs  int
		threads int
	}
	variants := []variant{
		{"new", 0, 0, 0},
		{"one epoch", 0, 1, 0},
		{"capacity 1, run done", 1, 3, 0},
		{"replay 250, run done, 2 threads", 250, 3, 2},
	}
	for _, algo := range []Algo{AC, STAC, DDPG, STDDPG, SAC, STSAC} {
		env := "Pendulum-v1"
		if algo.OnPolicy() {
			env = "CartPole-v1"
		}
		for _, dt := range []ad.DType{ad.Float64, ad.Float32} {
			for _, leader := range []Leader{ActorLeads, CriticLeads} {
				if leader == CriticLeads && algo != STDDPG && algo != STSAC {
					continue
				}
				for _, v := range variants {
					if algo.OnPolicy() && v.replay != 0 {
						continue
					}
					name := string(algo) + "/" + dt.String() + "/" + string(leader) + "/" + v.name
					t.Run(name, func(t *testing.T) {
						cfg := policyConfig53(t, env, algo, dt)
						cfg.Leader = leader
						if v.replay > 0 {
							cfg.ReplaySize = v.replay
						}
						a, err := New(cfg)
						if err != nil {
							t.Fatal(err)
						}
						defer a.Close()
						if v.threads > 0 {
							a.SetThreads(v.threads)
						}
						for range v.epochs {
							if _, err := a.RunEpoch(context.Background()); err != nil {
								t.Fatal(err)
							}
						}
						want := saveInMemory54w(t, a)
						var got bytes.Buffer
						if err := a.Save(&got); err != nil {
							t.Fatal(err)
						}
						if !bytes.Equal(got.Bytes(), want) {
							t.Fatalf("Save wrote %d bytes, one gob.Encoder %d", got.Len(), len(want))
						}
						b, err := Load(bytes.NewReader(want))
						if err != nil {
							t.Fatal(err)
						}
						defer b.Close()
						var again bytes.Buffer
						if err := b.Save(&again); err != nil {
							t.Fatal(err)
						}
						if !bytes.Equal(again.Bytes(), want) {
							t.Errorf("the loaded agent saves %d bytes, not the %d it was loaded from", again.Len(), len(want))
						}
					})
				}
			}
		}
	}
}

// TestAppendGobUintIsGobs54r2: appendGobUint, which writes the replay
// buffer message's count and length, encodes an unsigned integer as gob
// does, and readGobUint reads it back with its width, at every width:
// 0, 0x7f and 0x80 (one byte, then two), 2^(8k)−1 and 2^(8k) for k = 1…7,
// and the largest uint64. gob's own encoding is taken from a top-level
// uint64's message (count, type id 3 as gob's int 6, delta 0, the value).
func TestAppendGobUintIsGobs54r2(t *testing.T) {
	xs := []uint64{0, 1, 0x7f, 0x80, 0xff, 1<<64 - 1}
	for k := 1; k < 8; k++ {
		xs = append(xs, 1<<(8*k)-1, 1<<(8*k), 1<<(8*k)+1)
	}
	for _, x := range xs {
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(x); err != nil {
			t.Fatal(err)
		}
		msg := b.Bytes()
		if len(msg) < 4 || int(msg[0]) != len(msg)-1 || msg[1] != 6 || msg[2] != 0 {
			t.Fatalf("x=%#x: gob's message % x is not count, uint's type id, delta 0, value", x, msg)
		}
		want := msg[3:]
		got := appendGobUint(nil, x)
		if !bytes.Equal(got, want) {
			t.Errorf("x=%#x: appendGobUint % x, gob % x", x, got, want)
		}
		y, w, err := readGobUint(bytes.NewReader(got))
		if err != nil || y != x || w != len(got) {
			t.Errorf("x=%#x: readGobUint reads %#x, width %d, %v; want width %d", x, y, w, err, len(got))
		}
	}
}
