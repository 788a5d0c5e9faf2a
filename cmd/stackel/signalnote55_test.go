package main

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRepeatSignalSaid55: a repeat of the first stopping signal within
// 1 s of it was dropped as a copy without a word, and a user who pressed
// Ctrl-C twice could not tell why the process went on stopping. The drop
// is said, once, on the watch's writer; the exit is unchanged: a
// different signal still ends the process (force is called with it).
func TestRepeatSignalSaid55(t *testing.T) {
	for _, c := range []struct {
		first, other os.Signal
		want         string
	}{
		{os.Interrupt, syscall.SIGTERM, "SIGINT (Ctrl-C) again within 1s of the first: taken as a copy of it and ignored; the process is still stopping, and a signal 1s or more after the first ends it at once\n"},
		{syscall.SIGTERM, os.Interrupt, "SIGTERM again within 1s of the first: taken as a copy of it and ignored; the process is still stopping, and a signal 1s or more after the first ends it at once\n"},
	} {
		ch := make(chan os.Signal)
		forced := make(chan os.Signal, 2)
		var note strings.Builder
		t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
		ctx, stop := watchSignals(ch, func() time.Time { return t0 }, func(s os.Signal) { forced <- s }, &note)
		ch <- c.first
		<-ctx.Done()
		if note.Len() != 0 {
			t.Errorf("%v: the first signal wrote %q", c.first, note.String())
		}
		ch <- c.first // the copy
		ch <- c.first // and another: said once
		ch <- c.other
		if s := <-forced; s != c.other {
			t.Fatalf("forced by %v, want %v", s, c.other)
		}
		stop()
		// The watch wrote before it called force (read after <-forced).
		if note.String() != c.want {
			t.Errorf("%v repeated: wrote %q, want %q", c.first, note.String(), c.want)
		}
	}
}
