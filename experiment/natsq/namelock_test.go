package natsq

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment/sweep"
)

// queuedSubjects returns the subjects of the messages of sweep name on the
// stream.
func queuedSubjects(t *testing.T, c *Conn, name string, jobs ...[]sweep.Job) []string {
	t.Helper()
	ctx := context.Background()
	stream, err := c.JS.Stream(ctx, StreamName)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, js := range jobs {
		for _, j := range js {
			_, err := stream.GetLastMsgForSubject(ctx, jobSubject(name, j.ID))
			if err == nil {
				got = append(got, j.ID)
			} else if !errors.Is(err, jetstream.ErrMsgNotFound) {
				t.Fatal(err)
			}
		}
	}
	return got
}

// Two submissions of the same name with different grids at once: the one
// that passes the name check first is held between its check and its
// storing of the manifest until the other either is seen waiting for the
// name's lock (with the lock) or has finished (without it, having passed
// the same check). Exactly one is accepted; the other is refused with
// ErrNameInUse, and only the accepted grid's job is queued, under its
// manifest.
func TestSameNameRaceHeldBetweenCheckAndStore(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first := jobsWithSeeds(t, "rival", "[1]")
	second := jobsWithSeeds(t, "rival", "[2]")

	checked := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	open := func() { once.Do(func() { close(release) }) }
	var mu sync.Mutex
	calls := 0
	afterNameCheck = func(string) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n != 1 {
			return
		}
		close(checked)
		select {
		case <-release:
		case <-ctx.Done():
		}
	}
	nameLockWaits = func(string) { open() }
	t.Cleanup(func() { afterNameCheck, nameLockWaits = nil, nil })

	submit := func(jobs []sweep.Job, errc chan<- error) {
		_, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "rival", Jobs: jobs}, sweep.Plain(jobs), nil)
		errc <- err
	}
	errA, errB := make(chan error, 1), make(chan error, 1)
	go submit(first, errA)
	select {
	case <-checked:
	case err := <-errA:
		t.Fatalf("the first submission ended before its name check: %v", err)
	case <-ctx.Done():
		t.Fatal("the first submission never passed its name check")
	}
	go func() { submit(second, errB); open() }()
	a, b := <-errA, <-errB
	if a != nil {
		t.Fatalf("the first submission (its check passed first): %v", a)
	}
	if !errors.Is(b, ErrNameInUse) {
		t.Fatalf("the second submission, with another grid while the first's job is queued: %v (want ErrNameInUse)", b)
	}
	if got := manifestIDs(t, c, "rival"); !slices.Equal(got, []string{first[0].ID}) {
		t.Errorf("manifest: %v, want [%s]", got, first[0].ID)
	}
	if got := queuedSubjects(t, c, "rival", first, second); !slices.Equal(got, []string{first[0].ID}) {
		t.Errorf("queued jobs: %v, want only the accepted sweep's [%s]", got, first[0].ID)
	}
	// The lock is released: the same grid again is accepted (nothing new
	// to queue), and the other grid still refused.
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "rival", Jobs: first}, sweep.Plain(first), nil); err != nil || q != 0 {
		t.Fatalf("the first grid again: %d queued, %v", q, err)
	}
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "rival", Jobs: second}, sweep.Plain(second), nil); !errors.Is(err, ErrNameInUse) {
		t.Fatalf("the second grid again: %v", err)
	}
}

// Several submissions of one name, each with a grid of its own, started
// together: exactly one is accepted, and its manifest and jobs alone are
// on the server.
func TestSameNameRaceMany(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	grids := [][]sweep.Job{
		jobsWithSeeds(t, "crowd", "[1]"), jobsWithSeeds(t, "crowd", "[2]"),
		jobsWithSeeds(t, "crowd", "[3]"), jobsWithSeeds(t, "crowd", "[4]"),
	}
	start := make(chan struct{})
	errs := make([]error, len(grids))
	var wg sync.WaitGroup
	for i, jobs := range grids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, _, _, errs[i] = c.Submit(ctx, sweep.Manifest{Name: "crowd", Jobs: jobs}, sweep.Plain(jobs), nil)
		}()
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("submissions %d and %d were both accepted", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, ErrNameInUse):
			t.Fatalf("submission %d: %v", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no submission was accepted")
	}
	want := []string{grids[winner][0].ID}
	if got := manifestIDs(t, c, "crowd"); !slices.Equal(got, want) {
		t.Errorf("manifest: %v, want the accepted sweep's %v", got, want)
	}
	if got := queuedSubjects(t, c, "crowd", grids...); !slices.Equal(got, want) {
		t.Errorf("queued jobs: %v, want the accepted sweep's %v", got, want)
	}
}

// A name lock left by a submitter that died holding it is taken over once
// it has kept its revision for nameLockStale, and released after the
// submission.
func TestNameLockStale(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nameLockStale = 300 * time.Millisecond
	t.Cleanup(func() { nameLockStale = nameLockStaleDefault })
	if _, err := c.KV.Create(ctx, nameLockKey("orphan"), []byte("dead:1")); err != nil {
		t.Fatal(err)
	}
	jobs := jobsWithSeeds(t, "orphan", "[1]")
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "orphan", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil || q != 1 {
		t.Fatalf("behind a dead submitter's lock: %d queued, %v", q, err)
	}
	if _, err := c.KV.Get(ctx, nameLockKey("orphan")); !errors.Is(err, jetstream.ErrKeyNotFound) {
		t.Fatalf("the lock after the submission: %v (want it released)", err)
	}
	// A cancellation behind a dead lock says why it waits on the Conn's
	// Log (`stackel sweep cancel` sets it; it waited silently).
	if _, err := c.KV.Create(ctx, nameLockKey("orphan"), []byte("dead:2")); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	c.Log = &log
	defer func() { c.Log = nil }()
	if n, err := c.Cancel(ctx, "orphan"); err != nil || n != 1 {
		t.Fatalf("cancel behind a dead lock: %d cancelled, %v", n, err)
	}
	if want := "sweep orphan: another submission or cancellation of this name (dead:2) is in progress; waiting for it (a lock its process stopped renewing is taken over after 300ms)"; strings.Count(log.String(), want) != 1 {
		t.Errorf("the cancellation's log %q; want once %q", log.String(), want)
	}
}

// A rewrite of a held lock that the server stored but whose reply was
// lost leaves the key at a later revision than the holder knows, still
// holding its value: the next rewrite adopts that revision rather than
// cancelling the submission as if another had taken the lock over. The
// lost reply is simulated by rewriting the key with the holder's own
// value behind its back.
func TestNameLockLostReplyNotATakeover(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nameLockRefresh = 20 * time.Millisecond
	renewed := make(chan error, 100)
	nameLockRenewed = func(err error) { renewed <- err }
	t.Cleanup(func() { nameLockRefresh, nameLockRenewed = 4*time.Second, nil })
	key := nameLockKey("slow")
	err := c.withNameLock(ctx, "slow", nil, func(lctx context.Context) error {
		e, err := c.KV.Get(ctx, key)
		if err != nil {
			return err
		}
		if _, err := c.KV.Put(ctx, key, e.Value()); err != nil { // stored, reply "lost"
			return err
		}
		for range 3 { // three rewrites after it
			select {
			case err := <-renewed:
				if err != nil {
					return fmt.Errorf("a rewrite failed: %w", err)
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return context.Cause(lctx)
	})
	if err != nil {
		t.Fatalf("the submission was cancelled or failed: %v", err)
	}
}
