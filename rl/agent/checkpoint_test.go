package agent

import (
	"bytes"
	"context"
	"encoding/gob"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// snapshotOf runs epochs epochs of c and returns the agent's decoded
// checkpoint.
func snapshotOf(t *testing.T, c Config, epochs int) snapshot {
	t.Helper()
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < epochs; i++ {
		if _, err := a.RunEpoch(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := a.Save(&buf); err != nil {
		t.Fatal(err)
	}
	s, err := decodeSaved(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A checkpoint whose parts do not belong together — a replay buffer of
// another task, of another capacity or of another point of the run, or
// step and epoch counters that no run reaches — is an error naming the
// part when it is loaded, not a panic (or a silently different run) in the
// next epoch.
func TestLoadRejectsInconsistentCheckpoint(t *testing.T) {
	c := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads) // 3 epochs of 200 steps, replay 1000
	one := snapshotOf(t, c, 1)
	two := snapshotOf(t, c, 2)
	mc := snapshotOf(t, tinyConfig(t, "MountainCarContinuous-v0", DDPG, ActorLeads), 1)
	small := c
	small.ReplaySize = 50
	smallCap := snapshotOf(t, small, 1)
	onPol := snapshotOf(t, tinyConfig(t, "CartPole-v1", STAC, ActorLeads), 1) // 300-step epochs

	cases := []struct {
		name   string
		base   snapshot
		mutate func(s *snapshot)
		want   string // in the error; "" for a checkpoint that loads
	}{
		{"as saved", one, func(*snapshot) {}, ""},
		{"as saved, on-policy", onPol, func(*snapshot) {}, ""},
		{"replay buffer of another task", one, func(s *snapshot) { s.Replay = mc.Replay }, "replay buffer"},
		{"replay buffer of another capacity", one, func(s *snapshot) { s.Replay = smallCap.Replay }, "replay buffer"},
		{"replay buffer of a later epoch", one, func(s *snapshot) { s.Replay = two.Replay }, "replay buffer"},
		{"negative steps", one, func(s *snapshot) { s.Steps = -5 }, "steps"},
		{"steps not those of the epochs", one, func(s *snapshot) { s.Steps = 150 }, "steps"},
		{"epoch beyond the run", one, func(s *snapshot) { s.Epoch, s.Steps = 7, 1400 }, "epoch"},
		{"negative epoch", onPol, func(s *snapshot) { s.Epoch = -1 }, "epoch"},
		{"on-policy steps not those of the epochs", onPol, func(s *snapshot) { s.Steps = 299 }, "steps"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.base
			tc.mutate(&s)
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
				t.Fatal(err)
			}
			a, err := Load(&buf)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if _, err := a.RunEpoch(context.Background()); err != nil {
					t.Fatalf("RunEpoch after Load: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load: error %v, want one naming %q", err, tc.want)
			}
		})
	}
}

// Resuming from the checkpoint written at any epoch boundary (after epoch
// 1 and after epoch 2 of three) gives the uninterrupted run's statistics,
// actor, critic and target critic bit for bit, for every algorithm and
// leader of runCases in both element types (TestCheckpointResumeIsBitIdentical
// covers float32 after epoch 1, with a killed epoch in between: it checks
// the same statistics and parameters as this test does and more, so float32
// starts here at epoch 2; its uninterrupted float32 runs are shared with
// this test, sharedRunAll).
func TestCheckpointResumeEveryBoundaryBothDTypes(t *testing.T) {
	for _, d := range []ad.DType{ad.Float32, ad.Float64} {
		for _, tc := range runCases {
			t.Run(d.String()+"/"+tc.env+"/"+string(tc.algo)+"-"+string(tc.leader), func(t *testing.T) {
				c := tc.config(t)
				if c.DType != ad.Float32 {
					t.Fatalf("runCases' dtype %v; TestCheckpointResumeIsBitIdentical covers float32 after epoch 1", c.DType)
				}
				c.DType = d
				ctx := context.Background()
				want, full := sharedRunAll(t, c)
				first := 1
				if d == ad.Float32 {
					first = 2 // after epoch 1: TestCheckpointResumeIsBitIdentical
				}
				for k := first; k < len(want); k++ {
					a, err := New(c)
					if err != nil {
						t.Fatal(err)
					}
					for i := 0; i < k; i++ {
						if _, err := a.RunEpoch(ctx); err != nil {
							t.Fatal(err)
						}
					}
					b := reload(t, a)
					for i := k; i < len(want); i++ {
						st, err := b.RunEpoch(ctx)
						if err != nil {
							t.Fatal(err)
						}
						if !sameStats(st, want[i]) {
							t.Fatalf("resumed after epoch %d, epoch %d differs:\n got %+v\nwant %+v", k, i+1, st, want[i])
						}
					}
					if !sameBits(b.actor.Data, full.actor.Data) || !sameBits(b.critic.Data, full.critic.Data) ||
						(full.target != nil && !sameBits(b.target.Data, full.target.Data)) {
						t.Fatalf("resumed after epoch %d: parameters differ from the uninterrupted run", k)
					}
				}
			})
		}
	}
}
