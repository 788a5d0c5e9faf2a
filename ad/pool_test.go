package ad

import (
	"runtime"
	"testing"
	"time"
)

// TestPoolBacksOffOnlyOnLateHelpers checks the helper pool's back-off
// rule (helperMisses, missWindow) with one P, so that no helper can start
// while the caller runs: dispatches whose blocks the caller finishes
// within microseconds leave the helpers' blocks unclaimed but tell nothing
// about the machine, and helperMisses of them in a row must not back off
// (they did, on an idle machine, before missWindow); dispatches whose
// caller block runs past missWindow with the helper's block still
// unclaimed are misses, and helperMisses of them in a row back off.
func TestPoolBacksOffOnlyOnLateHelpers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	reset := func() {
		pool.mu.Lock()
		pool.misses, pool.serialUntil = 0, time.Time{}
		pool.serial.Store(0)
		pool.mu.Unlock()
	}
	reset()
	defer reset()
	backedOff := func() bool {
		pool.mu.Lock()
		defer pool.mu.Unlock()
		return time.Now().Before(pool.serialUntil)
	}
	ran := make([]int, 2)
	dispatch := func(callerWork time.Duration) {
		parRun(2, func(part int) {
			ran[part]++
			if part == 0 {
				for start := time.Now(); time.Since(start) < callerWork; {
				}
			}
		})
	}
	for range helperMisses {
		dispatch(0)
	}
	if backedOff() {
		t.Fatalf("%d quick dispatches in a row backed the pool off", helperMisses)
	}
	if ran[0] != helperMisses || ran[1] != helperMisses {
		t.Fatalf("blocks ran %v times, want %d each", ran, helperMisses)
	}
	// With one P a helper can still start inside the caller's block when
	// the runtime stops it there (a GC cycle: 3 in 50 runs on session 36's
	// VM), and that dispatch rightly resets the run of misses; so up to
	// ten runs of helperMisses are given. A back-off that never comes
	// fails all of them.
	for round := 0; !backedOff(); round++ {
		if round == 10 {
			t.Fatalf("10 runs of %d dispatches whose helper had not started after %v did not back the pool off", helperMisses, 2*missWindow)
		}
		for range helperMisses {
			dispatch(2 * missWindow)
		}
	}
}
