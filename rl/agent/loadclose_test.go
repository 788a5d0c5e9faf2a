package agent

import (
	"bytes"
	"encoding/gob"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// closeCounter is Pendulum-v1 behind a type of its own (not a Wrapper)
// counting its Close calls.
type closeCounter struct{ inner env.Env }

var closeCounterCloses atomic.Int64
var registerCloseCounter sync.Once

func (c *closeCounter) ObservationSpace() env.Space                       { return c.inner.ObservationSpace() }
func (c *closeCounter) ActionSpace() env.Space                            { return c.inner.ActionSpace() }
func (c *closeCounter) Reset(r *rand.Rand) []float64                      { return c.inner.Reset(r) }
func (c *closeCounter) Step(a []float64) ([]float64, float64, bool, bool) { return c.inner.Step(a) }
func (c *closeCounter) Close() error                                      { closeCounterCloses.Add(1); return nil }

// TestLoadRefusedClosesItsEnvs: a checkpoint that decodes but is refused
// by Load (a parameter vector of the wrong length) closes the two
// environments New built for it; they were left to the collector (a
// MuJoCo task's memory).
func TestLoadRefusedClosesItsEnvs(t *testing.T) {
	const id = "CloseCounter-v0"
	registerCloseCounter.Do(func() {
		if err := env.Register(env.Spec{ID: id, MaxEpisodeSteps: 200, New: func() env.Env {
			inner, err := env.Make("Pendulum-v1")
			if err != nil {
				panic(err)
			}
			return &closeCounter{inner: inner}
		}}); err != nil {
			t.Fatal(err)
		}
	})
	cfg := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	cfg.Env = id
	s := snapshotOf(t, cfg, 0)
	s.Actor = s.Actor[:1]
	var bad bytes.Buffer
	if err := gob.NewEncoder(&bad).Encode(s); err != nil {
		t.Fatal(err)
	}
	before := closeCounterCloses.Load()
	if _, err := Load(&bad); err == nil {
		t.Fatal("Load took a checkpoint with a 1-parameter actor")
	}
	if got := closeCounterCloses.Load() - before; got != 2 {
		t.Errorf("Load refused the checkpoint and closed %d of the 2 environments it built", got)
	}
}
