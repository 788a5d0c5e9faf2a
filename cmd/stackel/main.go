package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/textcut"
)

func main() {
	// The fastest matrix products of this build (ad's packed kernel, or
	// OpenBLAS under the openblas tag) back gonum for the whole program;
	// libraries never install it themselves.
	ad.UseFastBLAS()
	// Every job.json records the binary that ran it (experiment.Build).
	experiment.BinaryVersion = version
	ignoreBrokenPipes()
	ctx, stop := signalContext()
	defer stop()
	if err := newRootCmd().ExecuteContext(ctx); err != nil {
		printError(os.Stderr, err)
		os.Exit(1)
	}
}

// printError writes err as the command's last line, "stackel: …", with
// any character a terminal would not show as written escaped
// (textcut.Printable): an operating system's error names a path as the
// user gave it, and an escape sequence in it would otherwise reach the
// terminal raw (`stackel run "$(printf 'a\x1bb.yaml')"`).
func printError(w io.Writer, err error) {
	fmt.Fprintln(w, "stackel:", textcut.Printable(err.Error()))
}

// signalContext returns a context that Ctrl-C (SIGINT) or SIGTERM cancels:
// a run stops at its next check, writes summary.json with the error and
// keeps what it recorded. A second Ctrl-C or SIGTERM while the process
// stops ends it at once, by that signal, as a kill would, so that a stop
// that hangs (a worker handing its jobs back to a server that does not
// answer) can be cut short; but a repeat of the first signal within
// repeatWindow of it is the same stop asked twice, and is dropped
// (stopSignals): GNU timeout sends its SIGTERM to the process and then
// to its process group, the process among them, and a worker stopped by
// it died of the second copy before it removed its presence.
func signalContext() (context.Context, context.CancelFunc) {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	ctx, stop := watchSignals(ch, time.Now, forceExit, os.Stderr)
	return ctx, func() {
		stop()
		signal.Stop(ch)
	}
}

// repeatWindow is how long after the first stopping signal a repeat of
// the same signal is taken as a copy of it, not as a second signal.
const repeatWindow = time.Second

// signalAction is what the process does on a stopping signal.
type signalAction int

const (
	// stopGracefully cancels the command's context (the first signal).
	stopGracefully signalAction = iota
	// dropRepeat ignores a copy of the first signal (stopSignals).
	dropRepeat
	// exitNow ends the process by the signal (a second signal).
	exitNow
)

// stopSignals is the rule of the stopping signals: the first stops the
// process gracefully; a repeat of the same signal less than repeatWindow
// after the first is dropped, as a copy of that delivery (GNU timeout's
// second SIGTERM, sent to the process group); any other signal, or the
// same one repeatWindow or more after the first, ends the process at once.
type stopSignals struct {
	first os.Signal
	at    time.Time
}

// next returns what to do on signal s received at now.
func (r *stopSignals) next(s os.Signal, now time.Time) signalAction {
	switch {
	case r.first == nil:
		r.first, r.at = s, now
		return stopGracefully
	case s == r.first && now.Sub(r.at) < repeatWindow:
		return dropRepeat
	}
	return exitNow
}

// watchSignals applies stopSignals to the signals received on ch (read
// by now): the returned context is cancelled on the first, and force is
// called on a second (after which ch is no longer read). A repeat it
// drops as a copy of the first is said on w, once (repeatNote), so that a
// user who pressed Ctrl-C twice knows the second did not end the
// process; nil w: not said. stop ends the watch, and cancels the
// context, once the watch has ended.
func watchSignals(ch <-chan os.Signal, now func() time.Time, force func(os.Signal), w io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	quit, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		var rule stopSignals
		said := false
		for {
			select {
			case s := <-ch:
				switch rule.next(s, now()) {
				case stopGracefully:
					cancel()
				case dropRepeat:
					if w != nil && !said {
						fmt.Fprintln(w, repeatNote(s))
						said = true
					}
				case exitNow:
					force(s)
					return
				}
			case <-quit:
				return
			}
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			close(quit)
			<-ended
			cancel()
		})
	}
}

// repeatNote is the line watchSignals writes when it drops a repeat of
// the first stopping signal s as a copy of it.
func repeatNote(s os.Signal) string {
	return fmt.Sprintf("%s again within %v of the first: taken as a copy of it and ignored; the process is still stopping, and a signal %v or more after the first ends it at once",
		signalName(s), repeatWindow, repeatWindow)
}

// signalName names a stopping signal as a user sends it.
func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT (Ctrl-C)"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// forceExit ends the process by signal s: s gets its default action
// back and is sent to the process again (the shell then sees 128 +
// the signal's number, as for a kill). A signal ignored when the process
// started (SIGINT of a command a non-interactive shell runs in the
// background) is ignored again once reset: the process then exits with
// that same 128 + number itself. Where a process cannot signal itself
// so (Windows), it exits with status 1.
func forceExit(s os.Signal) {
	signal.Reset(os.Interrupt, syscall.SIGTERM)
	if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(s) == nil {
		time.Sleep(time.Second) // the signal's default action ends it
		if n, ok := s.(syscall.Signal); ok {
			os.Exit(128 + int(n))
		}
	}
	os.Exit(1)
}

// ignoreBrokenPipes makes a write to a stdout or stderr whose reader went
// away (`stackel reproduce NAME | head`) fail with EPIPE, which the
// progress and log writers drop, instead of killing the process with
// SIGPIPE: a long computation whose products go to disk finishes every
// file (before, the process died after report.md, before results.json
// and the figures). A command whose last word is its stdout line (run's
// summary) still exits 1 saying that writing it failed.
func ignoreBrokenPipes() {
	signal.Ignore(syscall.SIGPIPE)
}
