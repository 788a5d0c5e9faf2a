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

// TestSecondSignalEndsStopping starts a process that, like a worker whose
// server does not answer, hangs in stopping after its first Ctrl-C, and
// sends it SIGTERM: the second signal must end it at once (killed by that
// signal), not be swallowed while the stop hangs (before, the process ran
// on until its stopping ended by itself: here after 20 s, with exit 0).
func TestSecondSignalEndsStopping(t *testing.T) {
	if os.Getenv("STACKEL_TEST_SECOND_SIGNAL") == "1" {
		hangInStopping()
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondSignalEndsStopping$")
	cmd.Env = append(os.Environ(), "STACKEL_TEST_SECOND_SIGNAL=1")
	err := stopTwice(t, cmd, syscall.SIGINT, syscall.SIGTERM)
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("after a second signal the child exited with %v, want killed by SIGTERM", err)
	}
	ws := ee.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Fatalf("after a second signal the child ended with %v, want killed by SIGTERM", err)
	}
}

// hangInStopping is the child of a second-signal test: it prints "ready",
// waits for the stopping signal (signalContext), prints "stopping" and
// hangs there, as a worker whose server does not answer, until a second
// signal ends it (or 20 s pass: exit 0).
func hangInStopping() {
	ctx, stop := signalContext()
	defer stop()
	fmt.Println("ready")
	<-ctx.Done()
	fmt.Println("stopping")
	time.Sleep(20 * time.Second) // a stop that hangs
	os.Exit(0)
}

// stopTwice starts cmd (a hangInStopping child), sends it first once it
// is ready and second once it is stopping, and returns how it exited.
func stopTwice(t *testing.T, cmd *exec.Cmd, first, second os.Signal) error {
	t.Helper()
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
	cmd.Process.Signal(first)
	expect("stopping")
	cmd.Process.Signal(second)
	for lines.Scan() {
	}
	return cmd.Wait()
}
