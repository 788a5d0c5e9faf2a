package experiment

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCancelHugeUnroll: a run whose follower unrolls 10¹² steps per leader
// step (one leader step would take hours) stops when its context is
// cancelled, with the context's error, and keeps what it recorded. The
// latency is logged, not asserted (a timed assertion would be flaky on a
// shared machine); the test's own guard is 30 s.
func TestCancelHugeUnroll(t *testing.T) {
	for _, solver := range []string{"exact", "cg"} {
		t.Run(solver, func(t *testing.T) {
			cfg, err := ParseConfig([]byte(`
name: huge-unroll
game: {builtin: duopoly}
dynamics:
  kind: stackelberg
  leader_lr: {constant: 0.01}
  follower_lr: {constant: 0.01}
  solver: {kind: ` + solver + `}
  unroll: 1000000000000
iterations: 10
init: {x: [10], y: [10]}
`))
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				_, err := Run(ctx, cfg, RunOptions{Out: out})
				done <- err
			}()
			time.Sleep(100 * time.Millisecond)
			start := time.Now()
			cancel()
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("run still going 30 s after cancel")
			}
			t.Logf("returned %v after cancel", time.Since(start))
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v, want context.Canceled", err)
			}
			sum, err := os.ReadFile(filepath.Join(out, "summary.json"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(sum), "canceled") {
				t.Errorf("summary.json does not record the cancellation: %s", sum)
			}
			csv, err := os.ReadFile(filepath.Join(out, "metrics.csv"))
			if err != nil || !strings.Contains(string(csv), "\n0,10,10,") {
				t.Errorf("metrics.csv lost the starting row: %q (%v)", csv, err)
			}
		})
	}
}
