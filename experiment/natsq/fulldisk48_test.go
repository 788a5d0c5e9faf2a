//go:build linux

package natsq

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/tmpfstest"
)

// An embedded server whose store's disk fills (`stackel sweep` with its
// --out on a full disk) takes no more writes until it restarts: the
// sweep's wait ends with the error that names the file and says that the
// disk is full, once, and the queued job is neither lost nor marked done,
// so that the same command, with space freed, continues; the server's
// Log (stackel server's output) says it once. Before session 48
// the wait went on for ever, its workers logging that the server did not
// answer ("storing its outputs: nats: timeout waiting for ack"), and a
// store that filled as the sweep started ended it with "error creating
// store for stream (is JetStream enabled?)" or "storing the manifest:
// nats: timeout waiting for ack".
func TestFullStoreEndsWait48(t *testing.T) {
	mnt := tmpfstest.Mount(t, "1m")
	store := filepath.Join(mnt, ".nats")
	log := &lockedWriter{w: &strings.Builder{}}
	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: store, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // a bound, not an assertion
	defer cancel()
	c, err := Connect(ctx, ConnOptions{InProcess: srv})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Setup(ctx, QueueOptions{}); err != nil {
		t.Fatal(err)
	}
	jobs := jobsWithSeeds(t, "full", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "full", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	// Fill the disk, then write to the store.
	filler := filepath.Join(mnt, "filler")
	os.WriteFile(filler, make([]byte, 1<<20), 0o644)
	pctx, pcancel := context.WithTimeout(ctx, 300*time.Millisecond)
	c.Obj.PutBytes(pctx, "x", make([]byte, 256<<10)) // no answer: the server keeps the write error
	pcancel()
	for srv.StoreFull() == nil && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	_, err = c.Wait(ctx, "full", sweep.Plain(jobs), t.TempDir(), nil, nil)
	if err == nil || ctx.Err() != nil || strings.Count(err.Error(), "no space left on device") != 1 ||
		!strings.Contains(err.Error(), "the NATS server's JetStream store in "+store+" is full: write "+store+string(filepath.Separator)) {
		t.Fatalf("wait on a full store: %v (context: %v); want the error naming the file once", err, ctx.Err())
	}
	// The server's own log (stackel server's) says it once too.
	if out := logString(log); strings.Count(out, "no space left on device") != 1 || !strings.HasSuffix(out, err.Error()+"\n") {
		t.Errorf("the server's log: %q; want the error once", out)
	}
	c.Close()
	srv.Shutdown()
	// Space freed, the server restarted on its store: the job is queued.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	srv, err = StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: store})
	if err != nil {
		t.Fatal(err)
	}
	c, err = Connect(ctx, ConnOptions{InProcess: srv})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	st, err := c.States(ctx, "full", sweep.Plain(jobs))
	if err != nil {
		t.Fatal(err)
	}
	if st[0].Status != sweep.StatusQueued {
		t.Errorf("the job after the restart: %+v, want queued", st[0])
	}
	if err := srv.StoreFull(); err != nil {
		t.Errorf("the restarted server's store: %v, want nil", err)
	}
}
