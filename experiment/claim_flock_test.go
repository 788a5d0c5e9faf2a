//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package experiment

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// claimHelperEnv names the directory TestClaimHelperProcess claims.
const claimHelperEnv = "STACKEL_TEST_CLAIM_DIR"

// TestClaimHelperProcess is the other stackel process of
// TestClaimOtherProcess (this test binary run again): it claims the
// directory, says so, and holds the claim until it is killed.
func TestClaimHelperProcess(t *testing.T) {
	dir := os.Getenv(claimHelperEnv)
	if dir == "" {
		t.Skip("the helper process of TestClaimOtherProcess")
	}
	if _, err := ClaimRunDir(dir); err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	fmt.Println("claimed")
	io.Copy(io.Discard, os.Stdin) // the test keeps stdin open
	os.Exit(3)
}

// A directory that another process claims is refused at once, by
// PrepareRunDir (with --force too), ClaimRunDir and RunJob, with an error
// naming the directory and saying that another stackel process is running
// there, and nothing in it is written or deleted. Once that process is
// killed (SIGKILL: no release, its LockFile left behind) the directory is
// claimed (a killed write's temporary file deleted) and run into again.
func TestClaimOtherProcess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	c, err := PrepareRunDir(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	runForeign(t, dir, nil)
	c.Release()
	// What a write killed halfway leaves behind.
	stale := filepath.Join(dir, CheckpointFile+".4021987.tmp")
	if err := os.WriteFile(stale, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestClaimHelperProcess$")
	cmd.Env = append(os.Environ(), claimHelperEnv+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "claimed\n" {
		t.Fatalf("the helper process: %q, %v", line, err)
	}

	before := dirState(t, dir)
	for _, c := range claimAttempts(t, dir) {
		err := c.try()
		inUse(t, c.name, err, dir, "another stackel process")
		if err != nil && !strings.Contains(err.Error(), filepath.Join(dir, LockFile)) {
			t.Errorf("%s: error %q does not name the lock file", c.name, err)
		}
		sameState(t, c.name, before, dirState(t, dir))
	}

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed = true
	if err := cmd.Wait(); err == nil {
		t.Fatal("the helper process ended without error; want it killed")
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); err != nil {
		t.Fatalf("the killed process left no %s: %v", LockFile, err)
	}
	// Its lock went with it: the directory is claimed again (the stale
	// file reused, the killed write's temporary file deleted), and a job
	// runs there.
	if c, err := ClaimRunDir(dir); err != nil {
		t.Fatalf("ClaimRunDir after the holder was killed: %v", err)
	} else if err := c.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the claim left %s (%v)", stale, err)
	}
	// RunJob claims it too: refused now for the foreign run it holds
	// without a job.json (not the job's to delete), not for a claim; once
	// that run is deleted (--force), the job runs there.
	job := mustJob(t, jobTestConfig, 3, "d")
	if _, err := RunJob(context.Background(), job, dir, nil); !errors.Is(err, ErrOccupied) || errors.Is(err, ErrDirInUse) {
		t.Fatalf("RunJob after the holder was killed, over the foreign run: %v; want it refused as another run's directory", err)
	}
	if c, err := PrepareRunDir(dir, true); err != nil {
		t.Fatal(err)
	} else if err := c.Release(); err != nil {
		t.Fatal(err)
	}
	rec, err := RunJob(context.Background(), job, dir, nil)
	if err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob after the holder was killed: %v, status %q", err, rec.Status)
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s left after the job (%v)", LockFile, err)
	}
}
