package fault

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
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
	// A signal's death has no exit code (-1); Windows' TerminateProcess
	// gives 1.
	wantCode := -1
	if runtime.GOOS == "windows" {
		wantCode = 1
	}
	if err == nil || cmd.ProcessState.ExitCode() != wantCode {
		t.Fatalf("child not killed: %v %s", err, out)
	}
	if string(out) != "after 1\n" {
		t.Errorf("child printed %q; want it killed at the second hit", out)
	}
	// Without the variable nothing happens.
	Point("p")
}

// TestPointRefusesBadK: STACKEL_FAULT=p:0 (and other malformed values)
// named no point before (the whole "p:0" was taken as the name), so the
// child ran to its end and a fault test silently injected nothing. Now
// Point panics, naming the value.
func TestPointRefusesBadK(t *testing.T) {
	if v := os.Getenv("FAULT_BAD_CHILD"); v != "" {
		Point("p")
		os.Stdout.WriteString("ran on\n")
		os.Exit(0)
	}
	for _, v := range []string{"p:0", "p:-1", "p:x", "p:", ":2"} {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestPointRefusesBadK$")
		cmd.Env = append(os.Environ(), "FAULT_BAD_CHILD=1", Env+"="+v)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err == nil || strings.Contains(string(out), "ran on") {
			t.Errorf("%s=%s: child ran on (%v, stdout %q); want a panic", Env, v, err, out)
			continue
		}
		if want := "fault: " + Env + "=\"" + v + "\""; !strings.Contains(stderr.String(), want) {
			t.Errorf("%s=%s: stderr %q does not contain %q", Env, v, stderr.String(), want)
		}
	}
}

// TestParse pins the accepted forms.
func TestParse(t *testing.T) {
	for _, c := range []struct {
		v    string
		name string
		k    int
	}{{"", "", 1}, {"p", "p", 1}, {"p:1", "p", 1}, {"checkpoint-write:3", "checkpoint-write", 3}} {
		name, k, err := parse(c.v)
		if err != nil || name != c.name || k != c.k {
			t.Errorf("parse(%q) = %q, %d, %v; want %q, %d", c.v, name, k, err, c.name, c.k)
		}
	}
}
