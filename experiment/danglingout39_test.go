package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutDirDanglingSymlink: an output directory that is a symbolic link
// to a missing target (or has such a link as a parent) is refused naming
// the link and its target, by PrepareRunDir (stackel run's) and by
// RunJob. Before, the error was
// os.MkdirAll's "mkdir DIR: file exists", of a directory that is not
// there.
func TestOutDirDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "out")
	target := filepath.Join(dir, "unmounted", "disk")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlink: %v", err)
	}
	cfg, err := ParseConfig([]byte(duopolyYAML))
	if err != nil {
		t.Fatal(err)
	}
	want := "output directory " + link + " is a symbolic link to " + target + ", which does not exist: create the link's target or give another directory"
	if _, err := PrepareRunDir(link, false); err == nil || err.Error() != want {
		t.Errorf("PrepareRunDir of a dangling link: %v\nwant %s", err, want)
	}
	sub := filepath.Join(link, "run")
	wantSub := link + ", a parent of the output directory " + sub + ", is a symbolic link to " + target + ", which does not exist"
	if _, err := PrepareRunDir(sub, false); err == nil || !strings.HasPrefix(err.Error(), wantSub) {
		t.Errorf("PrepareRunDir under a dangling link: %v\nwant %s", err, wantSub)
	}
	j := mustJob(t, jobTestConfig, 3, "run")
	_, err = RunJob(context.Background(), j, link, nil)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("RunJob into a dangling link: %v\nwant %s", err, want)
	}
	if _, err := os.Lstat(target); err == nil {
		t.Errorf("the link's target %s was created", target)
	}
	// A link to an existing directory is run into, as before.
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	claim, err := PrepareRunDir(link, false)
	if err != nil {
		t.Fatalf("PrepareRunDir of a link to a directory: %v", err)
	}
	defer claim.Release()
	if _, err := Run(context.Background(), cfg, RunOptions{Out: link}); err != nil {
		t.Fatalf("Run into a link to a directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(target, SummaryFile)); err != nil {
		t.Errorf("no summary in the link's target: %v", err)
	}
}
