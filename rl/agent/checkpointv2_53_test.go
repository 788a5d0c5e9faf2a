package agent

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// Save writes version 2 for an off-policy run (its replay buffer in a
// message after the snapshot) and version 1 for an on-policy one (no
// buffer, the layout older builds read); a checkpoint of version 1's layout (the buffer
// inside the snapshot, as every checkpoint written before 2026-12-07
// holds it) still loads, with Load and LoadPolicy, to the same agent: the
// same counters, parameters and buffer, the same next epoch's numbers and
// the same evaluation episodes, bit for bit (DDPG, float32 and float64;
// STAC, whose checkpoint has no buffer message). Load of Save's bytes
// reads them to their end, as a following reader expects.
func TestCheckpointVersion1StillLoads53(t *testing.T) {
	for _, c := range []struct {
		env  string
		algo Algo
		dt   ad.DType
	}{{"Pendulum-v1", DDPG, ad.Float64}, {"Pendulum-v1", DDPG, ad.Float32}, {"CartPole-v1", STAC, ad.Float32}} {
		name := string(c.algo) + "/" + c.dt.String()
		cfg := policyConfig53(t, c.env, c.algo, c.dt)
		v2 := trainedCheckpoint53(t, cfg)
		var head snapshot
		if err := gob.NewDecoder(bytes.NewReader(v2)).Decode(&head); err != nil {
			t.Fatal(err)
		}
		wantVersion := 2
		if c.algo.OnPolicy() {
			wantVersion = 1 // no buffer: version 1's layout, which older builds resume
		}
		if head.Version != wantVersion || head.ReplayFollows != !c.algo.OnPolicy() || len(head.Replay) != 0 {
			t.Errorf("%s: Save's snapshot: version %d, ReplayFollows %v, %d replay bytes inside; want %d, %v, 0", name, head.Version, head.ReplayFollows, len(head.Replay), wantVersion, !c.algo.OnPolicy())
		}
		s, err := decodeSaved(bytes.NewReader(v2))
		if err != nil {
			t.Fatal(err)
		}
		s.Version = 1
		v1 := encodeSnapshot53(t, s)
		type outcome struct {
			epoch, steps  int
			actor, critic []float64
			replay        []byte
			next          EpochStats
			episodes      []Episode
		}
		play := func(data []byte, policyOnly bool) outcome {
			t.Helper()
			r := bytes.NewReader(data)
			load := Load
			if policyOnly {
				load = LoadPolicy
			}
			a, err := load(r)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			defer a.Close()
			if !policyOnly && r.Len() != 0 {
				t.Errorf("%s: Load left %d of the checkpoint's %d bytes unread", name, r.Len(), len(data))
			}
			o := outcome{epoch: a.Epoch(), steps: a.Steps(), actor: slices.Clone(a.actor.Data), critic: slices.Clone(a.critic.Data)}
			if o.episodes, err = a.Evaluate(context.Background(), EvalOptions{Episodes: 2, Seed: 5, Stochastic: true}); err != nil {
				t.Fatal(err)
			}
			if !policyOnly {
				if off, ok := a.algo.(*offPolicy); ok {
					if o.replay, err = off.buf.MarshalBinary(); err != nil {
						t.Fatal(err)
					}
				}
				if o.next, err = a.RunEpoch(context.Background()); err != nil {
					t.Fatal(err)
				}
				o.next.Seconds = 0
			}
			return o
		}
		for _, policyOnly := range []bool{false, true} {
			// %v writes each float64 in its shortest exact form, and NaN
			// (the columns an algorithm does not compute) as NaN, which
			// reflect.DeepEqual would take for a difference.
			if got, want := fmt.Sprintf("%+v", play(v1, policyOnly)), fmt.Sprintf("%+v", play(v2, policyOnly)); got != want {
				t.Errorf("%s (policy only %v): version 1's layout loads to another agent than version 2's:\n%s\n%s", name, policyOnly, got, want)
			}
		}
	}
}

// A version 2 checkpoint whose replay message is missing (cut after the
// snapshot) is refused by Load, which needs the buffer, and read by
// LoadPolicy, which stops before it; one holding a buffer inside the
// snapshot while saying one follows is refused by Load.
func TestCheckpointReplayMessage53(t *testing.T) {
	cfg := policyConfig53(t, "Pendulum-v1", DDPG, ad.Float64)
	data := trainedCheckpoint53(t, cfg)
	var s snapshot
	var first bytes.Buffer
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		t.Fatal(err)
	}
	if err := gob.NewEncoder(&first).Encode(&s); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bytes.NewReader(first.Bytes())); err == nil || err.Error() != "agent: reading checkpoint: replay buffer: EOF" {
		t.Errorf("Load of a checkpoint without its replay message: %v", err)
	}
	a, err := LoadPolicy(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Errorf("LoadPolicy of a checkpoint without its replay message: %v", err)
	} else {
		a.Close()
	}
	both, err := decodeSaved(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	both.ReplayFollows = true
	_, err = Load(bytes.NewReader(encodeSnapshot53(t, both)))
	if want := "agent: reading checkpoint: the snapshot holds a replay buffer ("; err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "bytes) and says one follows it") {
		t.Errorf("Load of a snapshot holding a buffer and saying one follows: %v", err)
	}
}
