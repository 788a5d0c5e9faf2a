package natsq

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// TestNameRefusalGivesURL55n: the refusal of a sweep under the name of a
// running one with another grid advises `stackel sweep cancel --nats` with
// the server's URL (its token as ***), not the word URL, and counts the
// running sweep's jobs the new one does not have in words that read: all
// of them active ("2 jobs that this one does not have, still queued or
// running"), or some ("3 jobs …, 2 of them still …"; it said "2 of 3
// jobs this one does not have still …").
func TestNameRefusalGivesURL55n(t *testing.T) {
	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Token: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	url := strings.Replace(srv.ClientURL(), "://", "://s3cret@", 1)
	c, err := Connect(context.Background(), ConnOptions{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); srv.Shutdown() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := c.Setup(ctx, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2}); err != nil {
		t.Fatal(err)
	}
	first := jobsWithSeeds(t, "named", "[1, 2, 3]")
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "named", Jobs: first}, sweep.Plain(first), nil); err != nil || q != 3 {
		t.Fatalf("first sweep: %d queued, %v", q, err)
	}
	shown := strings.Replace(srv.ClientURL(), "://", "://***@", 1)
	tail := ` queued or running (a different grid under the same name); give this sweep another name, stop that one first (stackel sweep cancel --nats ` + shown + ` named), or replace it (--replace cancels just those jobs)`
	other := jobsWithSeeds(t, "named", "[4]")
	refusal := func() error {
		_, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "named", Jobs: other}, sweep.Plain(other), nil)
		return err
	}
	err = refusal()
	want := `the sweep's name is in use: sweep "named" on this server has 3 jobs that this one does not have, still` + tail
	if !errors.Is(err, ErrNameInUse) || err.Error() != want {
		t.Errorf("refusal:\n%v\nwant\n%s", err, want)
	}
	// One of the three done: two still active.
	if err := c.PutState(ctx, "named", first[0].ID, State{Status: sweep.StatusDone, Attempts: 1, FinishedAttempt: 1, Worker: "w", Completions: 1}); err != nil {
		t.Fatal(err)
	}
	err = refusal()
	want = `the sweep's name is in use: sweep "named" on this server has 3 jobs that this one does not have, 2 of them still` + tail
	if !errors.Is(err, ErrNameInUse) || err.Error() != want {
		t.Errorf("refusal with one job done:\n%v\nwant\n%s", err, want)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("the refusal shows the token: %v", err)
	}
}

// TestNameRefusalEmbeddedRandomPort55n: a sweep connected in process to
// its own server on a port picked at random (--listen HOST:0) is given
// the word URL in the advice: that server stops with the refused sweep,
// and its port is not the next one's.
func TestNameRefusalEmbeddedRandomPort55n(t *testing.T) {
	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Connect(context.Background(), ConnOptions{InProcess: srv})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); srv.Shutdown() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := c.Setup(ctx, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2}); err != nil {
		t.Fatal(err)
	}
	first := jobsWithSeeds(t, "embedded", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "embedded", Jobs: first}, sweep.Plain(first), nil); err != nil {
		t.Fatal(err)
	}
	other := jobsWithSeeds(t, "embedded", "[2]")
	_, _, _, err = c.Submit(ctx, sweep.Manifest{Name: "embedded", Jobs: other}, sweep.Plain(other), nil)
	want := `the sweep's name is in use: sweep "embedded" on this server has 1 job that this one does not have, still queued or running (a different grid under the same name); give this sweep another name, stop that one first (stackel sweep cancel --nats URL embedded), or replace it (--replace cancels just those jobs)`
	if !errors.Is(err, ErrNameInUse) || err.Error() != want {
		t.Errorf("refusal:\n%v\nwant\n%s", err, want)
	}
}
