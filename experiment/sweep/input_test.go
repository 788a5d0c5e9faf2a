package sweep

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/fifotest"
	"github.com/stackel/stackel/internal/safeyaml"
)

// TestInputFilesRefuseSpecialFiles checks that a sweep spec, its base
// config and a manifest that are a named pipe (whose open would block) or
// a device (/dev/zero, read without end) are refused by name without being
// read.
func TestInputFilesRefuseSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := fifotest.Mkfifo(fifo); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	paths := map[string]string{fifo: "is a named pipe (FIFO), not a regular file"}
	if _, err := os.Stat("/dev/zero"); err == nil {
		paths["/dev/zero"] = "is a device, not a regular file"
	}
	for path, what := range paths {
		want := path + ": " + what
		if _, err := LoadSpec(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadSpec(%s): %v, want %q", path, err, want)
		}
		spec := filepath.Join(dir, "s.yaml")
		os.WriteFile(spec, []byte("name: s\nbase: "+path+"\nseeds: [1]\n"), 0o644)
		if _, err := LoadSpec(spec); err == nil || !strings.Contains(err.Error(), "sweep: base: "+want) {
			t.Errorf("base %s: %v, want %q", path, err, "sweep: base: "+want)
		}
		if _, err := ReadManifest(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadManifest(%s): %v, want %q", path, err, want)
		}
	}
}

// TestInputFilesSizeLimits checks a spec, its base and a manifest at their
// size limits, lowered through their environment variables: a file of
// exactly the limit is read, one byte more is refused naming the file,
// the limit and the variable. A manifest has its own limit
// (STACKEL_MAX_MANIFEST_BYTES): it holds the config of every job.
func TestInputFilesSizeLimits(t *testing.T) {
	dir := t.TempDir()
	base := "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 5\n"
	spec := "name: s\nbase: b.yaml\nseeds: [1, 2]\n"
	spec += strings.Repeat("#", len(base)-len(spec)-1) + "\n" // as long as base
	os.WriteFile(filepath.Join(dir, "b.yaml"), []byte(base), 0o644)
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(spec), 0o644)
	limit := strconv.Itoa(len(base))
	t.Setenv(safeyaml.EnvMaxBytes, limit)
	s, err := LoadSpec(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatalf("spec and base of %s bytes at the limit %s: %v", limit, limit, err)
	}
	over := func(what, path string, err error, limit, env string) {
		t.Helper()
		for _, w := range []string{path + ": file of ", " bytes is too large", "limit " + limit, env} {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s one byte over the limit: %v; want it to name %q", what, err, w)
			}
		}
	}
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(spec+"\n"), 0o644)
	_, err = LoadSpec(filepath.Join(dir, "s.yaml"))
	over("spec", filepath.Join(dir, "s.yaml"), err, limit, safeyaml.EnvMaxBytes)
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(spec), 0o644)
	os.WriteFile(filepath.Join(dir, "b.yaml"), []byte(base+"\n"), 0o644)
	_, err = LoadSpec(filepath.Join(dir, "s.yaml"))
	over("base", filepath.Join(dir, "b.yaml"), err, limit, safeyaml.EnvMaxBytes)

	// The manifest: far over the config limit, within its own.
	t.Setenv(safeyaml.EnvMaxBytes, "") // the jobs' configs, with their seeds, are longer than the base
	jobs, err := s.Expand()
	if err != nil || len(jobs) != 2 {
		t.Fatalf("expand: %d jobs, %v", len(jobs), err)
	}
	man := filepath.Join(dir, "out", ManifestFile)
	if err := WriteManifest(man, Manifest{Name: "s", Jobs: jobs}); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(man)
	t.Setenv(safeyaml.EnvMaxBytes, limit)
	t.Setenv(EnvMaxManifestBytes, strconv.FormatInt(st.Size(), 10))
	m, err := ReadManifest(man)
	if err != nil || len(m.Jobs) != 2 || m.Jobs[1].Seed != 2 || m.Jobs[1].ID != jobs[1].ID {
		t.Fatalf("manifest of %d bytes at its limit: %+v, %v", st.Size(), m, err)
	}
	mlimit := strconv.FormatInt(st.Size()-1, 10)
	t.Setenv(EnvMaxManifestBytes, mlimit)
	_, err = ReadManifest(man)
	over("manifest", man, err, mlimit, EnvMaxManifestBytes)
	// Writing one a byte over the limit is refused too, leaving the
	// manifest there as it was.
	man2 := filepath.Join(dir, "out2", ManifestFile)
	err = WriteManifest(man2, Manifest{Name: "s", Jobs: jobs})
	for _, w := range []string{man2 + ": the manifest of 2 jobs would be " + strconv.FormatInt(st.Size(), 10) + " bytes", "limit " + mlimit, EnvMaxManifestBytes} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("writing a manifest one byte over the limit: %v; want it to name %q", err, w)
		}
	}
	if _, err := os.Stat(filepath.Dir(man2)); !os.IsNotExist(err) {
		t.Errorf("a refused manifest left %s behind (%v)", filepath.Dir(man2), err)
	}
	// A limit that is no whole number is an error naming it, for writing
	// as for reading (not the default in its place).
	t.Setenv(EnvMaxManifestBytes, "1MB")
	for what, err := range map[string]error{"write": WriteManifest(man2, Manifest{Name: "s", Jobs: jobs}), "read": func() error { _, err := ReadManifest(man); return err }()} {
		if err == nil || !strings.Contains(err.Error(), EnvMaxManifestBytes+`="1MB"`) {
			t.Errorf("%s with %s=1MB: %v", what, EnvMaxManifestBytes, err)
		}
	}
	if DefaultMaxManifestBytes < MaxJobs*1024 {
		t.Errorf("DefaultMaxManifestBytes %d leaves less than 1 KB a job of the largest sweep", DefaultMaxManifestBytes)
	}
}
