package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

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
// keeps what it recorded. Once cancelled, the signals get their default
// action again, so that a second Ctrl-C or SIGTERM ends a process whose
// stopping hangs (a worker handing its jobs back to a server that does not
// answer) at once, as a kill would, instead of being swallowed.
// The context is cancelled only after that default is back, so that
// whatever sees the cancellation can count on it.
func signalContext() (context.Context, context.CancelFunc) {
	sig, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-sig.Done():
			stop()
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		cancel()
		stop()
	}
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
