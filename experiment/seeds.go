package experiment

import (
	"context"
	"runtime"
	"sync"
)

// ForSeeds runs fn for seeds 0..n−1 on up to workers goroutines (all cores
// when workers ≤ 0) and returns the first error. Results are written by fn
// into caller-owned slots indexed by seed, so the outcome does not depend
// on scheduling.
func ForSeeds(ctx context.Context, n, workers int, progress ProgressFunc, fn func(ctx context.Context, seed int) error) error {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		done     int
		wg       sync.WaitGroup
	)
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range next {
				err := fn(ctx, s)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				done++
				if progress != nil {
					progress(done, n)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for s := 0; s < n; s++ {
		select {
		case next <- s:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return firstErr
}
