package natsq

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/internal/textcut"
)

// A sweep's name lock, the key <sweep>._submit of the key-value bucket,
// makes a submission's check of the name (ErrNameInUse) and its storing of
// the manifest and queueing of the jobs one step for every other
// submission, replacement or cancellation of the sweep: two submitters
// racing with different grids would otherwise both find the name free and
// both queue their jobs, under a manifest that has only one's. The key is
// created (KeyValue.Create, which fails if it exists) to take the lock,
// rewritten with its last revision while the lock is held (so a submitter
// that died holding it is recognised), and deleted with its last revision
// to release it.
const (
	// nameLockStaleDefault is nameLockStale's value.
	nameLockStaleDefault = 20 * time.Second
	// nameLockPoll is how often a waiter looks at the key again.
	nameLockPoll = 50 * time.Millisecond
)

// nameLockStale is how long a lock whose key keeps its revision is taken
// for one that a dead submitter left (tests shorten it). It is measured on
// the waiter's clock (the server's timestamps may be skewed from it).
var nameLockStale = nameLockStaleDefault

// nameLockRefresh is how often the holder rewrites the key (tests shorten
// it).
var nameLockRefresh = 4 * time.Second

func nameLockKey(name string) string { return name + "._submit" }

// Test hooks: afterNameCheck runs in a submission that is not a
// replacement between its name check and its storing of the manifest;
// nameLockWaits runs when a submission finds its sweep's name lock held
// by another; nameLockRenewed runs after each rewrite of a held lock,
// with its error. All are nil outside tests.
var (
	afterNameCheck  func(name string)
	nameLockWaits   func(name string)
	nameLockRenewed func(err error)
)

// withNameLock runs f holding sweep name's lock (see nameLockKey), waiting
// while another submitter holds it (saying so once to log, or to c.Log
// when log is nil; silently when both are).
// f's context is cancelled if the lock
// is lost (another submitter took it over, after this one failed to
// rewrite it for nameLockStale); then withNameLock returns an error saying
// so.
func (c *Conn) withNameLock(ctx context.Context, name string, log io.Writer, f func(ctx context.Context) error) error {
	if log == nil {
		log = c.Log
	}
	host, _ := os.Hostname()
	val := []byte(fmt.Sprintf("%s:%d %s", host, os.Getpid(), time.Now().UTC().Format(time.RFC3339Nano)))
	key := nameLockKey(name)
	rev, err := c.takeNameLock(ctx, name, key, val, log)
	if err != nil {
		return err
	}
	lctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var mu sync.Mutex // guards rev
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(nameLockRefresh)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-lctx.Done():
				return
			case <-t.C:
			}
			mu.Lock()
			r, err := c.KV.Update(context.Background(), key, val, rev)
			if errors.Is(err, jetstream.ErrKeyRevisionMismatch) || errors.Is(err, jetstream.ErrKeyExists) {
				// An earlier rewrite may have been stored though its
				// reply was lost (a slow server): the key then still
				// holds this holder's value, at a later revision.
				if e, gerr := c.KV.Get(context.Background(), key); gerr == nil && bytes.Equal(e.Value(), val) {
					r, err = c.KV.Update(context.Background(), key, val, e.Revision())
				}
			}
			if err == nil {
				rev = r
			}
			mu.Unlock()
			if nameLockRenewed != nil {
				nameLockRenewed(err)
			}
			if errors.Is(err, jetstream.ErrKeyRevisionMismatch) || errors.Is(err, jetstream.ErrKeyExists) {
				cancel(fmt.Errorf("sweep %s: another submitter took over this one's lock of the name (this one did not renew it for %s)", name, nameLockStale))
				return
			}
			// Another error (the server unreachable for a moment): try
			// again at the next tick; the lock goes stale only after
			// nameLockStale without a rewrite.
		}
	}()
	ferr := f(lctx)
	close(stop)
	wg.Wait()
	if cause := context.Cause(lctx); ferr != nil && cause != nil && ctx.Err() == nil {
		ferr = fmt.Errorf("%w (%v)", cause, ferr)
	}
	mu.Lock()
	last := rev
	mu.Unlock()
	// Best effort: a lock left behind is taken over after nameLockStale.
	c.KV.Delete(context.Background(), key, jetstream.LastRevision(last))
	return ferr
}

// lockHolder is a name lock's value, "host:pid time", as the log writes it:
// as it is when short and printable, else quoted and cut. Any client with
// the server's credentials can write the key: before review 49 a value
// with an ESC reached the terminal raw, and one of 3000 bytes was written
// whole.
func lockHolder(v []byte) string { return textcut.Word(string(v), 120) }

// takeNameLock creates key (the lock of sweep name) with val and returns
// its revision, waiting while another holds it; a lock whose revision
// stays the same for nameLockStale is taken over.
func (c *Conn) takeNameLock(ctx context.Context, name, key string, val []byte, log io.Writer) (uint64, error) {
	var seenRev uint64
	var seenAt time.Time
	told := false
	for {
		rev, err := c.KV.Create(ctx, key, val)
		if err == nil {
			return rev, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return 0, fmt.Errorf("sweep %s: taking the lock of its name: %w", name, err)
		}
		e, err := c.KV.Get(ctx, key)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
			continue // released in between
		case err != nil:
			return 0, fmt.Errorf("sweep %s: reading the lock of its name: %w", name, err)
		}
		if e.Revision() != seenRev {
			seenRev, seenAt = e.Revision(), time.Now()
		} else if time.Since(seenAt) >= nameLockStale {
			// Its holder has not rewritten it for that long: dead.
			if rev, err := c.KV.Update(ctx, key, val, seenRev); err == nil {
				return rev, nil
			}
			continue
		}
		if !told {
			if nameLockWaits != nil {
				nameLockWaits(name)
			}
			if log != nil {
				fmt.Fprintf(log, "%s sweep %s: another submission or cancellation of this name (%s) is in progress; waiting for it (a lock its process stopped renewing is taken over after %s)\n",
					time.Now().Format("15:04:05"), name, lockHolder(e.Value()), nameLockStale)
			}
		}
		told = true
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(nameLockPoll):
		}
	}
}
