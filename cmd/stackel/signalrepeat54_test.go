package main

import (
	"os"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestStopSignalsRule54 feeds stopSignals sequences of signals at given
// offsets from the first: a repeat of the first signal less than
// repeatWindow (1 s) after it is dropped (GNU timeout's second SIGTERM,
// sent to the process group), while another signal, or the same one 1 s
// or more after the first, ends the process. Before, every signal after
// the first ended it.
func TestStopSignalsRule54(t *testing.T) {
	type step struct {
		sig  os.Signal
		at   time.Duration // after the first
		want signalAction
	}
	term, intr := os.Signal(syscall.SIGTERM), os.Interrupt
	tests := []struct {
		name  string
		steps []step
	}{
		{"timeout's two SIGTERMs, then one a second later", []step{
			{term, 0, stopGracefully}, {term, time.Millisecond, dropRepeat}, {term, time.Second, exitNow}}},
		{"repeats within the window, counted from the first", []step{
			{term, 0, stopGracefully}, {term, 300 * time.Millisecond, dropRepeat}, {term, 999 * time.Millisecond, dropRepeat}, {term, 1200 * time.Millisecond, exitNow}}},
		{"Ctrl-C twice at once is one Ctrl-C", []step{
			{intr, 0, stopGracefully}, {intr, 0, dropRepeat}, {intr, 2 * time.Second, exitNow}}},
		{"another signal at once ends it", []step{
			{intr, 0, stopGracefully}, {term, 10 * time.Millisecond, exitNow}}},
		{"SIGTERM then Ctrl-C at once ends it", []step{
			{term, 0, stopGracefully}, {intr, 0, exitNow}}},
	}
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r stopSignals
			for i, s := range tt.steps {
				if got := r.next(s.sig, t0.Add(s.at)); got != s.want {
					t.Fatalf("signal %d (%v at +%v): action %d, want %d", i, s.sig, s.at, got, s.want)
				}
			}
		})
	}
}

// TestWatchSignalsDropsRepeat54 runs watchSignals on a fake signal
// channel and clock: the first SIGTERM cancels the context, its copy at
// the same instant is dropped, and a Ctrl-C after it ends the process
// (force gets SIGINT: had the copy ended it, force would have got
// SIGTERM, and once only).
func TestWatchSignalsDropsRepeat54(t *testing.T) {
	ch := make(chan os.Signal)
	forced := make(chan os.Signal, 2)
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	ctx, stop := watchSignals(ch, func() time.Time { return t0 }, func(s os.Signal) { forced <- s }, nil)
	defer stop()
	ch <- syscall.SIGTERM
	<-ctx.Done()
	ch <- syscall.SIGTERM // GNU timeout's copy, to the process group
	select {
	case ch <- os.Interrupt:
	case s := <-forced:
		t.Fatalf("forced by %v, the SIGTERM's copy taken as a second signal", s)
	}
	if s := <-forced; s != os.Interrupt {
		t.Fatalf("forced by %v, want %v (the SIGTERM's copy was taken as a second signal)", s, os.Interrupt)
	}
	stop()
	if len(forced) != 0 {
		t.Fatalf("forced %d more times", len(forced))
	}
}

// TestWatchSignalsSecondSignalLater54: a SIGTERM 2 s after the first
// (by the fake clock) ends the process, as a second signal while a stop
// hangs must (TestSecondSignalEndsStopping, with real signals).
func TestWatchSignalsSecondSignalLater54(t *testing.T) {
	ch := make(chan os.Signal)
	forced := make(chan os.Signal, 2)
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	var offset atomic.Int64
	now := func() time.Time { return t0.Add(time.Duration(offset.Load())) }
	ctx, stop := watchSignals(ch, now, func(s os.Signal) { forced <- s }, nil)
	defer stop()
	ch <- syscall.SIGTERM
	<-ctx.Done() // the first signal's time was read before the cancel
	offset.Store(int64(2 * time.Second))
	ch <- syscall.SIGTERM
	if s := <-forced; s != syscall.SIGTERM {
		t.Fatalf("forced by %v, want SIGTERM", s)
	}
}

// TestWatchSignalsStopCancels54: stop, without any signal, ends the
// watch and cancels the context (the command has returned).
func TestWatchSignalsStopCancels54(t *testing.T) {
	ch := make(chan os.Signal)
	ctx, stop := watchSignals(ch, time.Now, func(os.Signal) { t.Error("forced without a signal") }, nil)
	if ctx.Err() != nil {
		t.Fatal("cancelled before any signal")
	}
	stop()
	stop() // twice: no panic
	if ctx.Err() == nil {
		t.Fatal("not cancelled by stop")
	}
}
