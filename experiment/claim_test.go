package experiment

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// dirNames returns the names in dir, sorted, joined by spaces.
func dirNames(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return strings.Join(names, " ")
}

// dirState maps every file and directory under dir but LockFile to its
// content ("" for a directory), to check that a refused run changed
// nothing.
func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case rel == LockFile:
		case d.IsDir():
			m[rel+"/"] = ""
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameState reports the difference between two dirStates.
func sameState(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for k, v := range before {
		if w, ok := after[k]; !ok {
			t.Errorf("%s: %s was deleted", what, k)
		} else if w != v {
			t.Errorf("%s: %s was changed", what, k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s: %s was written", what, k)
		}
	}
}

// runForeign runs foreignConfig into dir, as `stackel run` does after
// PrepareRunDir, with progress (if not nil) told of its iterations.
func runForeign(t *testing.T, dir string, progress ProgressFunc) {
	t.Helper()
	cfg, err := ParseConfig([]byte(foreignConfig))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), cfg, RunOptions{Out: dir, Progress: progress}); err != nil {
		t.Fatal(err)
	}
}

// inUse checks that err is a claim's refusal: ErrDirInUse, naming dir and
// saying what runs there.
func inUse(t *testing.T, what string, err error, dir, who string) {
	t.Helper()
	if !errors.Is(err, ErrDirInUse) || !strings.Contains(err.Error(), who+" is running in "+dir) {
		t.Errorf("%s: error %v; want ErrDirInUse saying %q", what, err, who+" is running in "+dir)
	}
}

// While one run holds its directory, a second claim of it in the same
// process — a plain run (with --force too), a job, a claim through
// another spelling of the path — fails at once with ErrDirInUse naming the
// directory, and neither writes nor deletes anything there. Before
// claims, --force deleted the first run's files and the job took the
// directory over (the outputs of two runs mixed).
func TestClaimRunDirTwiceInProcess(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "d")
	first, err := PrepareRunDir(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Release()
	runForeign(t, dir, nil)
	before := dirState(t, dir)
	if _, ok := before[ConfigFile]; !ok {
		t.Fatalf("the first run wrote no %s: %v", ConfigFile, before)
	}
	task, err := NewTaskJob("test/square", map[string]float64{"X": 3}, 2, "d")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(claimAttempts(t, dir),
		claimAttempt{"RunJob of a task", func() error { _, err := RunJob(context.Background(), task, dir, nil); return err }}) {
		inUse(t, c.name, c.try(), dir, "another run of this stackel process")
		sameState(t, c.name, before, dirState(t, dir))
	}
	// Another name of the directory is the same directory.
	other := root + "/./d/"
	if c, err := ClaimRunDir(other); !errors.Is(err, ErrDirInUse) {
		c.Release()
		t.Errorf("ClaimRunDir(%q) while %q is claimed: %v; want ErrDirInUse", other, dir, err)
	}
}

// A claim is held for the whole run and released when the run ends: during
// a plain run and a job (seen from their progress reports) the directory
// is refused; after them it can be claimed again, a job run again (it
// finds itself finished) and a plain run replaced with --force, and no
// LockFile is left. A directory that does not exist is not claimed (nor
// created).
func TestClaimReleasedAfterRun(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "d")
	lock := filepath.Join(dir, LockFile)

	claim, err := PrepareRunDir(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	var during []error
	runForeign(t, dir, func(done, total int) {
		if len(during) == 0 {
			c, err := PrepareRunDir(dir, true)
			c.Release()
			during = append(during, err)
		}
	})
	if len(during) == 0 {
		t.Fatal("the run reported no progress")
	}
	inUse(t, "PrepareRunDir during the run", during[0], dir, "another run of this stackel process")
	if err := claim.Release(); err != nil {
		t.Fatal(err)
	}
	if err := claim.Release(); err != nil {
		t.Errorf("a second Release: %v", err)
	}
	if _, err := os.Stat(lock); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s left after the release (%v)", LockFile, err)
	}
	if c, err := PrepareRunDir(dir, false); !errors.Is(err, ErrOccupied) {
		c.Release()
		t.Errorf("PrepareRunDir after the run: %v; want ErrOccupied (the run is there, nobody runs in it)", err)
	}
	c, err := PrepareRunDir(dir, true)
	if err != nil {
		t.Fatalf("PrepareRunDir with force after the run: %v", err)
	}
	c.Release()

	// A job: refused during the run, run again after it.
	j := mustJob(t, jobTestConfig, 3, "d")
	during = nil
	rec, err := RunJob(context.Background(), j, dir, func(done, total int) {
		if len(during) == 0 {
			c, err := ClaimRunDir(dir)
			c.Release()
			during = append(during, err)
		}
	})
	if err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %v, status %q", err, rec.Status)
	}
	if len(during) == 0 {
		t.Fatal("the job reported no progress")
	}
	inUse(t, "ClaimRunDir during the job", during[0], dir, "another run of this stackel process")
	before := dirState(t, dir)
	rec, err = RunJob(context.Background(), j, dir, nil)
	if err != nil || rec.Status != JobDone {
		t.Errorf("RunJob again: %v, status %q; want the finished job", err, rec.Status)
	}
	sameState(t, "the finished job run again", before, dirState(t, dir))
	if _, err := os.Stat(lock); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s left after the job (%v)", LockFile, err)
	}

	missing := filepath.Join(root, "missing")
	if c, err := ClaimRunDir(missing); !errors.Is(err, fs.ErrNotExist) {
		c.Release()
		t.Errorf("ClaimRunDir of a missing directory: %v; want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ClaimRunDir created the missing directory")
	}
}

// The temporary files of a run's atomic writes, which only a kill leaves
// behind, are the run's: PrepareRunDir refuses a directory holding one and
// --force deletes it (with the old fixed name too), and nothing else.
func TestPrepareRunDirFindsTempFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"summary.json.3048123.tmp", "config.yaml.tmp", "notes.txt", "notes.txt.12.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := PrepareRunDir(dir, false)
	if !errors.Is(err, ErrOccupied) || !strings.Contains(err.Error(), "summary.json.3048123.tmp") || !strings.Contains(err.Error(), "config.yaml.tmp") {
		t.Fatalf("PrepareRunDir: %v; want ErrOccupied naming both temporary files", err)
	}
	c, err := PrepareRunDir(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	c.Release()
	if got := dirNames(t, dir); got != "notes.txt notes.txt.12.tmp" {
		t.Errorf("after --force the directory holds %q, want the two files that are not a run's", got)
	}
}

// isAtomicTemp names the temporary files of writeFileAtomic and of the
// stackel before it, and nothing else.
func TestIsAtomicTemp(t *testing.T) {
	for _, c := range []struct {
		name string
		want bool
	}{
		{"config.yaml.tmp", true},
		{"config.yaml.4021987.tmp", true},
		{"checkpoint.gob.1.tmp", true},
		{"config.yaml", false},
		{"config.yaml..tmp", false},
		{"config.yaml.x1.tmp", false},
		{"config.yaml.tmp.1", false},
		{"config.yaml.123", false},
		{"notes.txt.123.tmp", false},
		{"tb.123.tmp", false},
	} {
		if got := isAtomicTemp(c.name, runFileNames); got != c.want {
			t.Errorf("isAtomicTemp(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}

// claimAttempt is one way of starting a run in a directory, for the tests
// that it is refused while another run holds the directory.
type claimAttempt struct {
	name string
	try  func() error
}

// claimAttempts are the ways of starting a run in dir: preparing it for a
// plain run (with and without --force), claiming it, and running a
// configuration job into it.
func claimAttempts(t *testing.T, dir string) []claimAttempt {
	return []claimAttempt{
		{"PrepareRunDir", func() error { c, err := PrepareRunDir(dir, false); c.Release(); return err }},
		{"PrepareRunDir with force", func() error { c, err := PrepareRunDir(dir, true); c.Release(); return err }},
		{"ClaimRunDir", func() error { c, err := ClaimRunDir(dir); c.Release(); return err }},
		{"RunJob", func() error {
			_, err := RunJob(context.Background(), mustJob(t, jobTestConfig, 3, "d"), dir, nil)
			return err
		}},
	}
}
