package fault

import (
	"os"
	"os/exec"
	"testing"
)

// TestPointKillsOnKthHit runs this test binary as a child that reaches
// the point "p" three times with STACKEL_FAULT=p:2 and checks that it was
// killed by SIGKILL after the first hit and before the third.
func TestPointKillsOnKthHit(t *testing.T) {
	if os.Getenv("FAULT_CHILD") == "1" {
		Point("other")
		Point("p")
		os.Stdout.WriteString("after 1\n")
		Point("p")
		os.Stdout.WriteString("after 2\n")
		Point("p")
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestPointKillsOnKthHit$")
	cmd.Env = append(os.Environ(), "FAULT_CHILD=1", Env+"=p:2")
	out, err := cmd.Output()
	if err == nil || cmd.ProcessState.ExitCode() != -1 {
		t.Fatalf("child not killed: %v %s", err, out)
	}
	if string(out) != "after 1\n" {
		t.Errorf("child printed %q; want it killed at the second hit", out)
	}
	// Without the variable nothing happens.
	Point("p")
}
