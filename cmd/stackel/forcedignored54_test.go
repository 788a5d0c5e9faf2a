//go:build unix

package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
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
		ctx, stop := signalContext()
		defer stop()
		fmt.Println("ready")
		<-ctx.Done()
		fmt.Println("stopping")
		time.Sleep(20 * time.Second) // a stop that hangs
		os.Exit(0)
	}
	cmd := exec.Command("/bin/sh", "-c", `trap '' INT; exec "$0" "$@"`, os.Args[0], "-test.run=^TestForcedExitIgnoredSignal54$")
	cmd.Env = append(os.Environ(), "STACKEL_TEST_FORCED_IGNORED=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(out)
	expect := func(want string) {
		t.Helper()
		for lines.Scan() {
			if strings.TrimSpace(lines.Text()) == want {
				return
			}
		}
		t.Fatalf("the child never printed %q", want)
	}
	expect("ready")
	cmd.Process.Signal(syscall.SIGTERM)
	expect("stopping")
	cmd.Process.Signal(syscall.SIGINT)
	for lines.Scan() {
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("after a second signal the child exited with %v, want status 130", err)
	}
	if ws := ee.Sys().(syscall.WaitStatus); ws.Signaled() || ws.ExitStatus() != 130 {
		t.Fatalf("after a second signal the child ended with %v, want exit status 130 (128 + SIGINT)", err)
	}
}
