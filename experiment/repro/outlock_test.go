package repro

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// A reproduction claims its output directory before it looks at or runs
// any job: while another holds it (here a claim of this process, as a
// second `stackel reproduce` into the same --out sees the first's lock),
// Execute is refused at once with ErrDirInUse, running nothing and writing
// nothing. Before, the second process ran the jobs the first had not
// reached and stopped at the first job the other held, and two started a
// second apart could both stop so (`fiez-duopoly --out d` twice, 1.2 s
// apart: both exited 1, with no report.md).
func TestReproductionClaimsOut(t *testing.T) {
	rep, err := Lookup("fiez-duopoly")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	held, err := experiment.ClaimRunDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Quick: true, Seeds: 1, Workers: 1, Out: dir}
	opt.Progress = func(done, total int) { t.Errorf("jobs ran in a claimed directory (%d of %d)", done, total) }
	err = rep.Execute(context.Background(), opt)
	if !errors.Is(err, experiment.ErrDirInUse) {
		t.Fatalf("Execute in a claimed directory: %v, want ErrDirInUse", err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.Name() != experiment.LockFile {
			t.Errorf("the refused reproduction wrote %s", e.Name())
		}
	}
	if err := held.Release(); err != nil {
		t.Fatal(err)
	}

	// Released: it runs, and leaves no lock file behind; a directory it
	// made for a refused run is removed again.
	opt.Progress = nil
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, experiment.LockFile)); err == nil {
		t.Errorf("%s left in the output directory", experiment.LockFile)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.md")); err != nil {
		t.Error(err)
	}
}
