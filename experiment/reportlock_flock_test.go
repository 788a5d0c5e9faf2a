//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package experiment

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// reportLockHelperEnv names the directory TestReportLockHelperProcess
// locks.
const reportLockHelperEnv = "STACKEL_TEST_REPORT_LOCK_DIR"

// TestReportLockHelperProcess is the other stackel process of
// TestReportLockOtherProcess (this test binary run again): it takes the
// report lock of the directory, says so, and holds it until its stdin is
// closed; then it writes the file "helper-wrote" (its report's last file)
// and releases the lock.
func TestReportLockHelperProcess(t *testing.T) {
	dir := os.Getenv(reportLockHelperEnv)
	if dir == "" {
		t.Skip("the helper process of TestReportLockOtherProcess")
	}
	release, err := LockReport(dir, nil)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	fmt.Println("locked")
	io.Copy(io.Discard, os.Stdin)
	if err := os.WriteFile(filepath.Join(dir, "helper-wrote"), []byte("x"), 0o644); err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	release()
	os.Exit(0)
}

// startReportLockHelper starts TestReportLockHelperProcess on dir and
// returns it with its stdin once it holds the lock.
func startReportLockHelper(t *testing.T, dir string) (*exec.Cmd, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestReportLockHelperProcess$")
	cmd.Env = append(os.Environ(), reportLockHelperEnv+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("the helper process: %q, %v", line, err)
	}
	return cmd, stdin
}

// While another process holds a directory's report lock, LockReport says
// it waits (its waiting func, once) and waits; it gets the lock once the
// other has written its last file and released it, and its release
// leaves no ReportLockFile. A holder killed (SIGKILL: no release, its
// ReportLockFile left) holds nothing: the lock is taken at once, the file
// reused and then removed.
func TestReportLockOtherProcess(t *testing.T) {
	dir := t.TempDir()
	_, stdin := startReportLockHelper(t, dir)
	waited := make(chan struct{})
	type result struct {
		release func()
		err     error
		wrote   bool // the helper's last file was there when the lock was taken
	}
	got := make(chan result, 1)
	calls := 0
	go func() {
		release, err := LockReport(dir, func() { calls++; close(waited) })
		_, serr := os.Stat(filepath.Join(dir, "helper-wrote"))
		got <- result{release, err, serr == nil}
	}()
	<-waited
	select {
	case r := <-got:
		t.Fatalf("LockReport returned (%v) while the other process held the lock", r.err)
	default:
	}
	stdin.Close() // the helper writes its last file and releases
	r := <-got
	if r.err != nil {
		t.Fatal(r.err)
	}
	if !r.wrote {
		t.Error("the lock was taken before the other process had written its last file")
	}
	if calls != 1 {
		t.Errorf("waiting called %d times, want 1", calls)
	}
	r.release()
	r.release() // twice: nothing more
	if _, err := os.Stat(filepath.Join(dir, ReportLockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s left after the release (%v)", ReportLockFile, err)
	}

	// A killed holder.
	cmd, _ := startReportLockHelper(t, dir)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if _, err := os.Stat(filepath.Join(dir, ReportLockFile)); err != nil {
		t.Fatalf("the killed process left no %s: %v", ReportLockFile, err)
	}
	release, err := LockReport(dir, func() { t.Error("LockReport waited for a killed process") })
	if err != nil {
		t.Fatal(err)
	}
	release()
	if _, err := os.Stat(filepath.Join(dir, ReportLockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s left after the release (%v)", ReportLockFile, err)
	}
}
