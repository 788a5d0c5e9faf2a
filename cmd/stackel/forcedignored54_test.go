//go:build unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
)

// TestForcedExitIgnoredSignal54 starts a process with SIGINT ignored (as
// a non-interactive shell starts a command run in the background, `stackel
// worker … &` in a script), stops it with SIGTERM and, while its stop
// hangs, sends SIGINT: the second signal ends it at once with the
// shell's 128 + SIGINT (130), as the README says. SIGINT taken back to
// its disposition at the start is ignored, so that sending it again does
// not end the process; before, it then exited with status 1.
func TestForcedExitIgnoredSignal54(t *testing.T) {
	if os.Getenv("STACKEL_TEST_FORCED_IGNORED") == "1" {
		hangInStopping()
	}
	cmd := exec.Command("/bin/sh", "-c", `trap '' INT; exec "$0" "$@"`, os.Args[0], "-test.run=^TestForcedExitIgnoredSignal54$")
	cmd.Env = append(os.Environ(), "STACKEL_TEST_FORCED_IGNORED=1")
	err := stopTwice(t, cmd, syscall.SIGTERM, syscall.SIGINT)
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("after a second signal the child exited with %v, want status 130", err)
	}
	if ws := ee.Sys().(syscall.WaitStatus); ws.Signaled() || ws.ExitStatus() != 130 {
		t.Fatalf("after a second signal the child ended with %v, want exit status 130 (128 + SIGINT)", err)
	}
}
