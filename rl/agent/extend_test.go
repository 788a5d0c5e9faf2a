package agent

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// A run of two epochs, saved, restored and extended (Extend) to three
// gives the third epoch and the final parameters of a three-epoch run, bit
// for bit: with the replay buffer grown from 400 to 600 rows, and with a
// buffer that had already wrapped at ReplaySize (300) and stays that size.
func TestExtendIsBitIdentical(t *testing.T) {
	for _, tc := range runCases {
		for _, replaySize := range []int{1000, 300} {
			if tc.algo.OnPolicy() && replaySize != 1000 {
				continue // no replay buffer
			}
			t.Run(tc.env+"/"+string(tc.algo)+"-"+string(tc.leader)+fmt.Sprintf("/replay%d", replaySize), func(t *testing.T) {
				c := tinyConfig(t, tc.env, tc.algo, tc.leader)
				c.ReplaySize = replaySize
				if tc.unroll > 0 {
					c.Unroll = tc.unroll
				}
				ctx := context.Background()
				// The uninterrupted run is read only: shared with the
				// checkpoint tests where its configuration is theirs.
				stats, full := sharedRunAll(t, c)
				want := stats[len(stats)-1]

				short := c
				short.Steps = 2 * c.StepsPerEpoch
				if !Extends(c, short) || Extends(short, c) || Extends(c, c) {
					t.Fatal("Extends: wrong answer for the longer, the shorter or the same run")
				}
				a, err := New(short)
				if err != nil {
					t.Fatal(err)
				}
				for !a.Done() {
					if _, err := a.RunEpoch(ctx); err != nil {
						t.Fatal(err)
					}
				}
				b := reload(t, a)
				if err := b.Extend(c.Steps); err != nil {
					t.Fatal(err)
				}
				if !SameConfig(b.Config(), c) || b.Done() {
					t.Fatalf("extended config %+v (done %v), want %+v", b.Config(), b.Done(), c)
				}
				got, err := b.RunEpoch(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !sameStats(got, want) || !b.Done() {
					t.Fatalf("third epoch of the extended run differs:\n got %+v\nwant %+v", got, want)
				}
				if !sameBits(b.actor.Data, full.actor.Data) || !sameBits(b.critic.Data, full.critic.Data) {
					t.Fatal("parameters of the extended run differ from the longer run's")
				}
			})
		}
	}
}

// A run cannot be shortened, nor continued past a last epoch that was cut
// short (a longer run's epoch would have gone on).
func TestExtendRefuses(t *testing.T) {
	c := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	c.Steps = 2*c.StepsPerEpoch + 50
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	for !a.Done() {
		if _, err := a.RunEpoch(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Extend(c.Steps - 1); err == nil || !strings.Contains(err.Error(), "cannot be shortened") {
		t.Fatalf("shortening: %v", err)
	}
	if err := a.Extend(c.Steps + c.StepsPerEpoch); err == nil || !strings.Contains(err.Error(), "cut short at step 450") {
		t.Fatalf("after a partial epoch: %v", err)
	}
	if err := a.Extend(c.Steps); err != nil || !a.Done() {
		t.Fatalf("extending to the same length: %v, done %v", err, a.Done())
	}
}
