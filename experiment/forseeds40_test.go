package experiment

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

// When several seeds fail, ForSeeds returns the error of the lowest of
// them, whatever the number of workers: with two workers, seed 1 is made to
// fail (and end) before seed 0 does (seed 0 waits for the progress callback
// to report one seed ended). Before, the error of whichever seed failed
// first was returned: "seed 1" with two workers, "seed 0" with one.
func TestForSeedsLowestSeedError(t *testing.T) {
	for _, workers := range []int{1, 2} {
		oneEnded := make(chan struct{})
		var once sync.Once
		progress := func(done, _ int) {
			if done == 1 {
				once.Do(func() { close(oneEnded) })
			}
		}
		err := ForSeeds(context.Background(), 4, workers, progress, func(ctx context.Context, s int) error {
			switch s {
			case 0:
				if workers > 1 {
					<-oneEnded
				}
				return errors.New("seed 0 failed")
			case 1:
				return errors.New("seed 1 failed")
			}
			return nil
		})
		if err == nil || err.Error() != "seed 0 failed" {
			t.Errorf("workers %d: error %v, want seed 0's", workers, err)
		}
	}
}

// A seed stopped by the cancel of another seed's error (it returns ctx's
// error) does not hide the error that caused the cancel, even though its
// seed is lower.
func TestForSeedsIgnoresCancelOfOthers(t *testing.T) {
	err := ForSeeds(context.Background(), 2, 2, nil, func(ctx context.Context, s int) error {
		if s == 0 {
			<-ctx.Done()
			return fmt.Errorf("seed 0 stopped: %w", ctx.Err())
		}
		return errors.New("seed 1 failed")
	})
	if err == nil || err.Error() != "seed 1 failed" {
		t.Errorf("error %v, want seed 1's", err)
	}
	// An error quoting the cancellation without wrapping it (Interrupted).
	err = ForSeeds(context.Background(), 2, 2, nil, func(ctx context.Context, s int) error {
		if s == 0 {
			<-ctx.Done()
			return errors.New("seed 0 stopped: " + ctx.Err().Error())
		}
		return errors.New("seed 1 failed")
	})
	if err == nil || err.Error() != "seed 1 failed" {
		t.Errorf("quoted cancel: error %v, want seed 1's", err)
	}
	// The caller's cancel, with no seed failing of its own, is returned.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ForSeeds(ctx, 3, 1, nil, func(context.Context, int) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: error %v, want context.Canceled", err)
	}
}

// Once a seed has failed, no seed not yet handed out starts: with one
// worker and seed 0 failing, no other seed runs. Before, the seed feeder
// chose at random between handing out the next seed and seeing the
// cancel, so that seed 1 (and more) often ran after seed 0's error.
func TestForSeedsNoSeedAfterError(t *testing.T) {
	for range 30 {
		var mu sync.Mutex
		var ran []int
		err := ForSeeds(context.Background(), 10, 1, nil, func(_ context.Context, s int) error {
			mu.Lock()
			ran = append(ran, s)
			mu.Unlock()
			if s == 0 {
				return errors.New("seed 0 failed")
			}
			return nil
		})
		if err == nil || len(ran) != 1 {
			t.Fatalf("error %v, seeds run %v; want seed 0's error and only seed 0 run", err, ran)
		}
	}
}
