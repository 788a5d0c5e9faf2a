//go:build linux

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/internal/tmpfstest"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines and the
// test's reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServerSaysStoreFull48: `stackel server` whose --store fills takes
// no more writes until it restarts, and the sweeps and workers on it see
// only timeouts; it now says why on stderr, once, naming the file. Before
// session 48 it printed nothing.
func TestServerSaysStoreFull48(t *testing.T) {
	mnt := tmpfstest.Mount(t, "1m")
	store := filepath.Join(mnt, ".nats")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // a bound, not an assertion
	defer cancel()
	var stdout, stderr syncBuffer
	cmd := newRootCmd()
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SetArgs([]string{"server", "--listen", "127.0.0.1:0", "--store", store})
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	url := regexp.MustCompile(`listening at (\S+)`)
	for url.FindStringSubmatch(stdout.String()) == nil && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	m := url.FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("no URL printed: %q %q", stdout.String(), stderr.String())
	}
	c, err := natsq.Connect(ctx, natsq.ConnOptions{URL: m[1]})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := os.WriteFile(filepath.Join(mnt, "filler"), make([]byte, 1<<20), 0o644); err == nil {
		t.Fatal("the filler fit: the disk is not full")
	}
	pctx, pcancel := context.WithTimeout(ctx, 300*time.Millisecond)
	c.Obj.PutBytes(pctx, "x", make([]byte, 256<<10)) // no answer: the server keeps the write error
	pcancel()
	for !strings.Contains(stderr.String(), "no space left on device") && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	out := stderr.String()
	if strings.Count(out, "no space left on device") != 1 || !strings.Contains(out, "the NATS server's JetStream store in "+store+" is full: write "+store+"/") {
		t.Errorf("stderr: %q; want the full store named once", out)
	}
}
