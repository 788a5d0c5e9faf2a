package agent

import (
	"bytes"
	"context"
	"encoding/gob"
	"strings"
	"testing"
)

// A checkpoint of a run with gradient noise (grad_noise σ > 0) that lacks
// the gradient-noise random stream cannot be resumed as the run it
// configures: Save always writes the stream, and only checkpoints from
// before gradient noise existed lack it (and those have σ = 0). Load used
// to accept it and restart the stream from the seed, so the resumed run
// drew the first epoch's noise again and silently differed from the
// uninterrupted one. It is now an error naming the stream; the same
// checkpoint with σ = 0 (the old checkpoints') still loads.
func TestLoadRejectsMissingNoiseStreamWithGradNoise(t *testing.T) {
	c := tinyConfig(t, "CartPole-v1", AC, ActorLeads)
	c.GradNoise = 0.05
	s := snapshotOf(t, c, 1)
	s.NoiseRng = nil
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
		t.Fatal(err)
	}
	_, err := Load(&buf)
	if err == nil || !strings.Contains(err.Error(), "gradient-noise random stream") || !strings.Contains(err.Error(), "grad_noise 0.05") {
		t.Fatalf("Load of a grad_noise checkpoint without its noise stream: error %v, want one naming the missing gradient-noise random stream and grad_noise 0.05", err)
	}

	// Without gradient noise the stream is never drawn from: a checkpoint
	// without it (one written before the field existed) loads and runs.
	c.GradNoise = 0
	s = snapshotOf(t, c, 1)
	s.NoiseRng = nil
	buf.Reset()
	if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
		t.Fatal(err)
	}
	a, err := Load(&buf)
	if err != nil {
		t.Fatalf("Load of a checkpoint without the noise stream, grad_noise 0: %v", err)
	}
	if _, err := a.RunEpoch(context.Background()); err != nil {
		t.Fatalf("RunEpoch after Load: %v", err)
	}
}
