package sweep

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A manifest.json whose job's directory leaves the sweep's (../, an
// absolute path) is refused by ReadManifest, naming the file and the job,
// so `stackel run --manifest` writes no run outside DIR (before, job 0
// ran into DIR/../victim) and `sweep collect DIR` reads none from there.
func TestManifestJobOutsideRefused(t *testing.T) {
	s, err := ParseSpec(oneJobSpec("s"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Expand()
	if err != nil || len(jobs) != 1 {
		t.Fatalf("expand: %d jobs, %v", len(jobs), err)
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "sweep")
	man := filepath.Join(dir, ManifestFile)
	for _, tc := range []struct{ out, id, want string }{
		{"../victim", jobs[0].ID, man + `: job 0 (` + jobs[0].ID + `): out "../victim": not a directory inside the sweep's`},
		{"/abs/victim", jobs[0].ID, man + `: job 0 (` + jobs[0].ID + `): out "/abs/victim": not a directory inside the sweep's`},
		{"", jobs[0].ID, man + `: job 0 (` + jobs[0].ID + `): out "": not a directory inside the sweep's`},
		{"runs/x", "../x", man + `: job 0: id "../x": not a job's (use letters, digits, - and _ only, at most 128 of them)`},
	} {
		j := jobs[0]
		j.Out, j.ID = tc.out, tc.id
		if err := WriteManifest(man, Manifest{Name: "s", Jobs: []Job{j}}); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadManifest(man); err == nil || err.Error() != tc.want {
			t.Errorf("out %q id %q: %v\nwant %s", tc.out, tc.id, err, tc.want)
		}
		if _, _, err := RunManifestIndex(context.Background(), man, 0, RunOptions{}); err == nil || err.Error() != tc.want {
			t.Errorf("run --manifest, out %q id %q: %v\nwant %s", tc.out, tc.id, err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(parent, "victim")); !os.IsNotExist(err) {
		t.Errorf("a run outside the sweep's directory: %v", err)
	}
	// The sweep's own manifest reads back.
	if err := WriteManifest(man, Manifest{Name: "s", Jobs: jobs}); err != nil {
		t.Fatal(err)
	}
	if m, err := ReadManifest(man); err != nil || len(m.Jobs) != 1 || m.Jobs[0].Out != "runs/"+jobs[0].ID {
		t.Errorf("the sweep's manifest: %+v, %v", m, err)
	}
}
