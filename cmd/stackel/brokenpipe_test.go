package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrokenPipeDoesNotKill: with stdout and stderr pipes whose reader has
// gone (`stackel reproduce NAME | head`), the process set up as main sets
// it up (ignoreBrokenPipes) keeps running after its writes fail and writes
// the file it writes last. Before session 39 the first write to the
// broken stdout killed it by SIGPIPE, so that a reproduction left
// report.md without results.json and the figures.
func TestBrokenPipeDoesNotKill(t *testing.T) {
	if os.Getenv("STACKEL_TEST_BROKEN_PIPE") != "" {
		ignoreBrokenPipes()
		var werr error
		for i := 0; i < 1000; i++ { // far more than a pipe buffer holds
			if _, err := fmt.Fprintf(os.Stdout, "progress line %d %s\n", i, strings.Repeat("x", 100)); err != nil {
				werr = err
			}
			fmt.Fprintf(os.Stderr, "progress %d\n", i)
		}
		if werr == nil {
			werr = errors.New("no error")
		}
		os.WriteFile(os.Getenv("STACKEL_TEST_BROKEN_PIPE"), []byte(werr.Error()), 0o644)
		os.Exit(0)
	}
	marker := filepath.Join(t.TempDir(), "finished")
	cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenPipeDoesNotKill$")
	cmd.Env = append(os.Environ(), "STACKEL_TEST_BROKEN_PIPE="+marker)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader is gone before the first write
	cmd.Stdout, cmd.Stderr = w, w
	err = cmd.Run()
	w.Close()
	b, rerr := os.ReadFile(marker)
	if rerr != nil {
		t.Fatalf("the process did not finish its file (exit: %v)", err)
	}
	if err != nil {
		t.Fatalf("exit: %v", err)
	}
	if !strings.Contains(string(b), "broken pipe") {
		t.Errorf("write to the broken stdout: %q, want a broken pipe error", b)
	}
}
