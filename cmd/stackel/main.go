package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/experiment"
)

func main() {
	// The fastest matrix products of this build (ad's packed kernel, or
	// OpenBLAS under the openblas tag) back gonum for the whole program;
	// libraries never install it themselves.
	ad.UseFastBLAS()
	// Every job.json records the binary that ran it (experiment.Build).
	experiment.BinaryVersion = version
	// Ctrl-C and SIGTERM cancel the context: a run stops at its next
	// check, writes summary.json with the error and keeps what it recorded.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCmd().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "stackel:", err)
		os.Exit(1)
	}
}
