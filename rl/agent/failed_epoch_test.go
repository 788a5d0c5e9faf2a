package agent

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// cancelAfter is a context whose Err reports cancellation from its n+1-th
// call on: RunEpoch polls it during the epoch, so the epoch stops part-way
// at a point fixed by n, without timing.
type cancelAfter struct {
	context.Context
	n int
}

func (c *cancelAfter) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

// An epoch that stops part-way leaves the agent inside it (steps taken,
// streams advanced, the epoch not counted). Before the fix a second
// RunEpoch went on from there: DDPG's "epoch 1" ended at step 328 instead
// of 200, and Save wrote a checkpoint that Load refused as assembled from
// different runs. Now RunEpoch, Save and Extend refuse the agent, naming
// the earlier failure.
func TestFailedEpochIsNotContinued(t *testing.T) {
	for _, algo := range []Algo{DDPG, STAC} {
		t.Run(string(algo), func(t *testing.T) {
			env := "Pendulum-v1"
			c := tinyConfig(t, env, algo, ActorLeads)
			a, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			_, err = a.RunEpoch(&cancelAfter{context.Background(), 2})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("first epoch: %v, want context.Canceled", err)
			}
			if a.Steps() == 0 || a.Epoch() != 0 {
				t.Fatalf("after the cancelled epoch: steps %d epoch %d, want some steps inside epoch 1", a.Steps(), a.Epoch())
			}
			st, err := a.RunEpoch(context.Background())
			if err == nil || !strings.Contains(err.Error(), "an earlier epoch stopped part-way") || !errors.Is(err, context.Canceled) {
				t.Fatalf("RunEpoch after a failed epoch: stats %+v, error %v; want a refusal naming the cancellation", st, err)
			}
			var buf bytes.Buffer
			if err := a.Save(&buf); err == nil || !strings.Contains(err.Error(), "agent: checkpoint: an earlier epoch stopped part-way") {
				t.Fatalf("Save after a failed epoch: %v, want a refusal", err)
			}
			if buf.Len() != 0 {
				t.Fatalf("Save wrote %d bytes", buf.Len())
			}
			if err := a.Extend(2 * c.Steps); err == nil || !strings.Contains(err.Error(), "stopped part-way") {
				t.Fatalf("Extend after a failed epoch: %v, want a refusal", err)
			}
		})
	}
}

// A refusal that changes nothing (all steps taken) does not poison the
// agent: it still saves.
func TestDoneRefusalKeepsAgentUsable(t *testing.T) {
	c := tinyConfig(t, "CartPole-v1", AC, ActorLeads)
	c.Steps = c.StepsPerEpoch
	_, a := runAll(t, c)
	if _, err := a.RunEpoch(context.Background()); err == nil || !strings.Contains(err.Error(), "already taken") {
		t.Fatalf("RunEpoch after the last epoch: %v", err)
	}
	var buf bytes.Buffer
	if err := a.Save(&buf); err != nil {
		t.Fatalf("Save after the done refusal: %v", err)
	}
}

// After Close the agent refuses to run (a MuJoCo task's closed simulator
// panics when stepped; the others ran on although Close's documentation
// says the agent cannot), and its state can still be saved.
func TestRunEpochAfterClose(t *testing.T) {
	c := tinyConfig(t, "CartPole-v1", AC, ActorLeads)
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RunEpoch(context.Background()); err == nil || !strings.Contains(err.Error(), "environments are closed") {
		t.Fatalf("RunEpoch after Close: %v, want a refusal", err)
	}
	if a.Steps() != 0 {
		t.Fatalf("steps %d after the refused epoch", a.Steps())
	}
	var buf bytes.Buffer
	if err := a.Save(&buf); err != nil {
		t.Fatalf("Save after Close: %v", err)
	}
}
