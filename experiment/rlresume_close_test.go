package experiment

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// closeCounted is Pendulum-v1 behind a type of its own (not a Wrapper, so
// that env.Unwrapped stops at it) that counts its Close calls, as a MuJoCo
// task's Close frees its memory.
type closeCounted struct{ inner env.Env }

var closed atomic.Int64

func (c *closeCounted) ObservationSpace() env.Space { return c.inner.ObservationSpace() }
func (c *closeCounted) ActionSpace() env.Space      { return c.inner.ActionSpace() }
func (c *closeCounted) Reset(r *rand.Rand) []float64 {
	return c.inner.Reset(r)
}
func (c *closeCounted) Step(a []float64) ([]float64, float64, bool, bool) { return c.inner.Step(a) }
func (c *closeCounted) Close() error                                      { closed.Add(1); return nil }

var registerCloseCounted sync.Once

// closeCountedEnv registers CloseCounted-v0 (once) and returns its name.
func closeCountedEnv(t *testing.T) string {
	t.Helper()
	const id = "CloseCounted-v0"
	registerCloseCounted.Do(func() {
		if err := env.Register(env.Spec{ID: id, MaxEpisodeSteps: 200, New: func() env.Env {
			inner, err := env.Make("Pendulum-v1")
			if err != nil {
				panic(err)
			}
			return &closeCounted{inner: inner}
		}}); err != nil {
			t.Fatal(err)
		}
	})
	return id
}

// finishedCloseCountedRun runs a one-epoch run (seed 5) on
// CloseCounted-v0 and returns the environment's name, the run's config
// and its directory.
func finishedCloseCountedRun(t *testing.T) (id string, rc RLConfig, dir string) {
	t.Helper()
	id = closeCountedEnv(t)
	rc = tinyRL()
	rc.Env, rc.Steps = id, 200
	dir = t.TempDir()
	if _, err := RunRL(context.Background(), rc, 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	return id, rc, dir
}

// TestRefusedCheckpointClosesItsAgent: a checkpoint refused after it was
// decoded (another dtype, another configuration) closes the agent it
// built, whose two environments are freed at once (a MuJoCo task's 10 MB
// each); they were left to the garbage collector.
func TestRefusedCheckpointClosesItsAgent(t *testing.T) {
	id, _, dir := finishedCloseCountedRun(t)
	for _, c := range []struct {
		name string
		edit func(*RLConfig)
		want string
	}{
		{"dtype", func(c *RLConfig) { c.DType = "float64" }, "written by a float32 run"},
		{"config", func(c *RLConfig) { c.Hidden = []int{9} }, "different configuration"},
	} {
		other := tinyRL()
		other.Env, other.Steps = id, 200
		c.edit(&other)
		before := closed.Load()
		_, err := RunRL(context.Background(), other, 5, dir, true, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if n := closed.Load() - before; n != 2 {
			t.Errorf("%s: the refused checkpoint's agent closed %d environments, want 2", c.name, n)
		}
	}
}

// TestRefusedResumeClosesItsAgent: a resume or a lengthening refused
// because metrics.csv lacks the checkpoint's epochs, after the checkpoint
// was loaded, closes the agent it built (runRL returned before its
// deferred Close).
func TestRefusedResumeClosesItsAgent(t *testing.T) {
	_, rc, dir := finishedCloseCountedRun(t)
	mp := filepath.Join(dir, MetricsFile)
	b, err := os.ReadFile(mp)
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(string(b), "\n")
	if err := os.WriteFile(mp, []byte(header+"\n"), 0o644); err != nil { // the checkpoint's row lost
		t.Fatal(err)
	}
	for _, steps := range []int{200, 400} { // a resume, a lengthening
		c := rc
		c.Steps = steps
		before := closed.Load()
		_, err := RunRL(context.Background(), c, 5, dir, true, nil)
		if err == nil || !strings.Contains(err.Error(), "resuming: "+mp+" has 0 rows") {
			t.Fatalf("steps %d: error %v", steps, err)
		}
		if n := closed.Load() - before; n != 2 {
			t.Errorf("steps %d: closed %d environments, want 2", steps, n)
		}
	}
}
