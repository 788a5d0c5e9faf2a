package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// stopAfter is a context cancelled by its own n-th call of Err (counted
// over all goroutines): a deterministic stop at a chosen point inside an
// epoch, with no timing involved. Done's channel is closed at the same
// moment.
type stopAfter struct {
	context.Context
	left atomic.Int64
	once sync.Once
	done chan struct{}
}

func newStopAfter(n int64) *stopAfter {
	s := &stopAfter{Context: context.Background(), done: make(chan struct{})}
	s.left.Store(n)
	return s
}

func (s *stopAfter) Err() error {
	if s.left.Add(-1) < 0 {
		s.once.Do(func() { close(s.done) })
		return context.Canceled
	}
	return nil
}

func (s *stopAfter) Done() <-chan struct{} { return s.done }

// stopped reports that Err has reported the cancellation.
func (s *stopAfter) stopped() bool { return s.left.Load() < 0 }

// resumeCase is one small run of one algorithm.
type resumeCase struct {
	name string
	rc   RLConfig
}

// resumeCases are short runs (3 epochs) of every algorithm and leader on
// Pendulum-v1 and CartPole-v1, with small networks. An off-policy epoch
// is 70 steps: the first 30 of the run act at random, then the policy
// acts, and network updates (15 at a time, each with a CG solve for
// stddpg and stsac) come from step 30 on, so that every epoch, the first
// one too, has updates; the context is looked at on steps 0 and 64 of an
// epoch (and in the updates of stddpg and stsac), so that ddpg and sac
// too are stopped inside an epoch after some of its updates. Its test
// episodes (200 steps on Pendulum-v1) end; its training episode does not,
// and the next epoch starts with a reset.
func resumeCases() []resumeCase {
	off := func(algo, leader string, cg bool) RLConfig {
		rc := RLConfig{
			Env: "Pendulum-v1", Algo: algo, Leader: leader,
			Steps: 210, StepsPerEpoch: 70, Hidden: []int{8},
			Extra: map[string]any{
				"start_steps": 30, "update_after": 30, "update_every": 15, "batch_size": 16,
				"replay_size": 1000, "test_episodes": 2, "lanczos_iters": 3,
			},
		}
		if cg {
			rc.CG = &RLCGConfig{Iters: 3, Lambda: new(10.0)}
		}
		return rc
	}
	on := func(env, algo string) RLConfig {
		rc := RLConfig{
			Env: env, Algo: algo, Leader: "actor",
			Steps: 900, StepsPerEpoch: 300, Hidden: []int{8}, Unroll: 5,
			Extra: map[string]any{"test_episodes": 2, "lanczos_iters": 3},
		}
		if algo == "stac" {
			rc.CG = &RLCGConfig{Iters: 3}
		}
		return rc
	}
	return []resumeCase{
		{"ac-cartpole", on("CartPole-v1", "ac")},
		{"stac-cartpole", on("CartPole-v1", "stac")},
		{"stac-pendulum", on("Pendulum-v1", "stac")},
		{"ddpg", off("ddpg", "actor", false)},
		{"stddpg-actor", off("stddpg", "actor", true)},
		{"stddpg-critic", off("stddpg", "critic", true)},
		{"sac", off("sac", "actor", false)},
		{"stsac-actor", off("stsac", "actor", true)},
		{"stsac-critic", off("stsac", "critic", true)},
	}
}

// runOutputs returns what a finished run in dir recorded that must not
// depend on interruptions: metrics.csv without its seconds column, the
// checkpoint's bytes, and summary.json without its timing and resume
// fields.
func runOutputs(t *testing.T, dir string) (metrics, checkpoint, summary string) {
	t.Helper()
	ck, err := os.ReadFile(filepath.Join(dir, CheckpointFile))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "steps_per_second")
	delete(m, "resumed_from_epoch")
	delete(m, "threads")
	delete(m, "metrics_sha256") // of metrics.csv's seconds column too
	js, _ := json.Marshal(m)
	return metricsWithoutTime(t, dir), string(ck), string(js)
}

// TestRLResumeMatrix stops every algorithm's run (ac, stac, ddpg, stddpg
// and stsac with either leader, sac; CartPole-v1 and Pendulum-v1) at
// chosen points — right after the checkpoint of epoch 1 or 2, and where a
// context is cancelled at its n-th check, n spread over the run's checks
// (counted on an uninterrupted run), so inside epochs, in their updates
// and CG solves, before the first checkpoint and between checkpoints —
// once or several times in a row, in both element types, with a
// checkpoint every epoch or every 2 or 3 epochs (under the race detector
// every epoch only), alternating one and two threads between the
// attempts; resumes until the run ends; and compares
// metrics.csv (but the seconds column), checkpoint.gob and summary.json
// (but steps_per_second, resumed_from_epoch, threads and metrics_sha256,
// a digest of the seconds column too) with those of
// the uninterrupted run on one thread, byte for byte.
func TestRLResumeMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	type variant struct {
		dtype string
		every int
	}
	variants := []variant{{"float32", 1}, {"float64", 1}, {"float32", 2}, {"float64", 3}}
	if raceDetector {
		// The race pass runs both element types with a checkpoint every
		// epoch (every plan, stop and thread switch of the plain pass),
		// not the every-2 and every-3 variants, half of its 220 s of
		// race time: RunRL writes its checkpoints on the run's own
		// goroutine, so the interval changes which epochs are saved and
		// replayed, no data any goroutine shares; the race build
		// compiles the same code (no file of the module has a race build
		// constraint), and the plain pass compares all four variants
		// byte for byte.
		variants = variants[:2]
	}
	for _, tc := range resumeCases() {
		for _, v := range variants {
			t.Run(fmt.Sprintf("%s/%s/every%d", tc.name, v.dtype, v.every), func(t *testing.T) {
				t.Parallel() // each case runs in directories of its own
				rc := tc.rc
				rc.DType, rc.Checkpoint = v.dtype, v.every
				rc.Threads = 1
				// The uninterrupted run counts its context checks: a
				// context that never stops changes nothing in it.
				full := t.TempDir()
				counter := newStopAfter(1 << 62)
				if _, err := RunRL(counter, rc, 3, full, false, nil); err != nil {
					t.Fatal(err)
				}
				wantM, wantC, wantS := runOutputs(t, full)
				checks := 1<<62 - counter.left.Load()
				t.Logf("%d context checks in the run", checks)
				plans := [][]int64{{0}, {1}, {checks / 7}, {checks / 3, 0, checks / 5}, {checks / 2, checks / 2}, {checks - 1}, {checks / 4, checks / 4, checks / 4, checks / 4}}
				for _, plan := range plans {
					dir := t.TempDir()
					threads := 1
					resume := false
					for attempt := 0; ; attempt++ {
						r := rc
						r.Threads = threads
						n := int64(1 << 62)
						if attempt < len(plan) {
							n = plan[attempt]
						}
						ctx := newStopAfter(n)
						_, err := RunRL(ctx, r, 3, dir, resume, nil)
						resume = true
						threads = 3 - threads
						if err == nil {
							break
						}
						if !ctx.stopped() || attempt > len(plan) {
							t.Fatalf("plan %v attempt %d: %v", plan, attempt, err)
						}
					}
					gotM, gotC, gotS := runOutputs(t, dir)
					if gotM != wantM {
						t.Errorf("plan %v: metrics differ:\n%s\n---\n%s", plan, gotM, wantM)
					}
					if gotC != wantC {
						t.Errorf("plan %v: checkpoint differs (%d vs %d bytes)", plan, len(gotC), len(wantC))
					}
					if gotS != wantS {
						t.Errorf("plan %v: summary differs:\n%s\n%s", plan, gotS, wantS)
					}
				}
				for _, after := range []int{1, 2} {
					// Stopped by its progress callback right after the
					// checkpoint of epoch `after` (the next epoch stops at
					// its first check), then resumed on two threads.
					dir := t.TempDir()
					ctx, cancel := context.WithCancel(context.Background())
					_, err := RunRL(ctx, rc, 3, dir, false, func(done, total int) {
						if done == after {
							cancel()
						}
					})
					cancel()
					if !Interrupted(err) {
						t.Fatalf("stopping after epoch %d: %v", after, err)
					}
					r := rc
					r.Threads = 2
					if _, err := RunRL(context.Background(), r, 3, dir, true, nil); err != nil {
						t.Fatal(err)
					}
					gotM, gotC, gotS := runOutputs(t, dir)
					if gotM != wantM || gotC != wantC || gotS != wantS {
						t.Errorf("stopped after epoch %d: outputs differ:\n%s\n%s\n---\n%s\n%s", after, gotM, gotS, wantM, wantS)
					}
				}
			})
		}
	}
}
