package runplot

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// TestFindRunsSweepOrderBelow55r4: a sweep's directory found below the
// DIR given (stackel plot out, out holding the sweeps sa and sb) puts its
// runs in the order of its jobs too, as when it is the DIR given: they
// came in the order of their runs/<job ID> directories (the IDs' hash),
// job 1 before job 0. The sweeps themselves, and runs outside them, keep
// the order of their paths.
func TestFindRunsSweepOrderBelow55r4(t *testing.T) {
	// Job 0 sorts after job 1 by its ID.
	ids := []string{"f000000000000000", "0000000000000000"}
	root := t.TempDir()
	for _, name := range []string{"sa", "sb"} {
		dir := filepath.Join(root, name)
		var jobs []sweep.Job
		var recs []sweep.Record
		for i, id := range ids {
			out := "runs/" + id
			jobs = append(jobs, sweep.Job{Job: experiment.Job{ID: id, Seed: 1, Out: out}, Index: i, Point: i})
			recs = append(recs, sweep.Record{ID: id, Index: i, Point: i, Seed: 1, Status: "done", Dir: out})
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if name == "sa" {
			if err := sweep.WriteManifest(filepath.Join(dir, sweep.ManifestFile), sweep.Manifest{Name: name, Jobs: jobs}); err != nil {
				t.Fatal(err)
			}
		} else if err := experiment.WriteJSON(dir, "sweep.json", sweep.File{Name: name, Jobs: recs}); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range []string{"a-run", "sa/runs/" + ids[1], "sa/runs/" + ids[0], "sa/zz-extra", "sb/runs/" + ids[1], "sb/runs/" + ids[0], "z-run"} {
		d := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		writeMetrics55(t, d)
	}
	runs, _, err := FindRuns([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range runs {
		rel, _ := filepath.Rel(root, r.Dir)
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{"a-run", "sa/runs/" + ids[0], "sa/runs/" + ids[1], "sa/zz-extra", "sb/runs/" + ids[0], "sb/runs/" + ids[1], "z-run"}
	if !slices.Equal(got, want) {
		t.Errorf("runs in order\n%v\nwant\n%v", got, want)
	}
	// The sweep's directory given as "." (stackel plot . in it).
	t.Chdir(filepath.Join(root, "sb"))
	runs, _, err = FindRuns([]string{"."})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, r := range runs {
		got = append(got, filepath.ToSlash(r.Dir))
	}
	if want := []string{"runs/" + ids[0], "runs/" + ids[1]}; !slices.Equal(got, want) {
		t.Errorf("in sb, runs in order %v, want %v", got, want)
	}
}
