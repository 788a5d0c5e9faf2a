package sweep

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A hand-edited manifest.json in which two jobs share an ID or a
// directory, or one job's directory is within another's, is refused by ReadManifest (and so by `stackel run --manifest`) naming
// both jobs: before, both array tasks ran into one directory.
func TestManifestSharedDirectoryRefused(t *testing.T) {
	spec := string(oneJobSpec("s")) + "grid:\n  iterations: [5, 6, 7]\n"
	s, err := ParseSpec([]byte(spec), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Expand()
	if err != nil || len(jobs) != 3 {
		t.Fatalf("expand: %d jobs, %v", len(jobs), err)
	}
	a, b, c := jobs[0].ID, jobs[1].ID, jobs[2].ID
	dir := t.TempDir()
	man := filepath.Join(dir, ManifestFile)
	for _, tc := range []struct {
		name string
		edit func(js []Job, m *Manifest)
		want string
	}{
		{"same id", func(js []Job, _ *Manifest) { js[1].ID = a; js[1].Out = "runs/" + a },
			man + ": jobs 0 and 1 have the same id " + a},
		{"same out", func(js []Job, _ *Manifest) { js[2].Out = "runs/" + a },
			man + `: jobs 0 (` + a + `) and 2 (` + c + `) have the same out "runs/` + a + `"`},
		{"nested out", func(js []Job, _ *Manifest) { js[1].Out = "runs/" + a + "/x" },
			man + `: job 1 (` + b + `): out "runs/` + a + `/x" is within job 0's (` + a + `), "runs/` + a + `"`},
		// A reproduction's directories are its own, but still distinct
		// and not one within another.
		{"repro same out", func(js []Job, m *Manifest) {
			m.Reproduce = &ReproduceSpec{Name: "r"}
			js[0].Out, js[1].Out, js[2].Out = "v/seed0", "v/seed1", "v/./seed0/"
		}, man + `: jobs 0 (` + a + `) and 2 (` + c + `) have the same out "v/./seed0/"`},
		{"repro nested out", func(js []Job, m *Manifest) {
			m.Reproduce = &ReproduceSpec{Name: "r"}
			js[0].Out, js[1].Out, js[2].Out = "v/seed0/x", "v/seed1", "v/seed0"
		}, man + `: job 0 (` + a + `): out "v/seed0/x" is within job 2's (` + c + `), "v/seed0"`},
	} {
		js := append([]Job(nil), jobs...)
		m := Manifest{Name: "s", Jobs: js}
		tc.edit(js, &m)
		if err := WriteManifest(man, m); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadManifest(man); err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v\nwant %s", tc.name, err, tc.want)
		}
		if _, _, err := RunManifestIndex(context.Background(), man, 1, RunOptions{}); err == nil || err.Error() != tc.want {
			t.Errorf("%s: run --manifest: %v\nwant %s", tc.name, err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "runs")); !os.IsNotExist(err) {
		t.Errorf("a refused manifest's job ran: %v", err)
	}
	// A reproduction's own layout reads back.
	js := append([]Job(nil), jobs...)
	js[0].Out, js[1].Out, js[2].Out = "v/seed0", "v/seed1", "w/seed0"
	if err := WriteManifest(man, Manifest{Name: "s", Jobs: js, Reproduce: &ReproduceSpec{Name: "r"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadManifest(man); err != nil {
		t.Errorf("a reproduction's manifest: %v", err)
	}
}
