package runplot

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// TestFindRunsSweepOrder55: the runs of a sweep's directory come in the
// order of its jobs (manifest.json, else sweep.json), not in the order
// of their runs/<job ID> directories, which the IDs' hash sets: the grid
// rl.algo: [ddpg, stddpg] gave stddpg's series first, in the palette's
// first colour. A run the sweep does not list comes after its jobs.
func TestFindRunsSweepOrder55(t *testing.T) {
	// Job 0 (ddpg) sorts after job 1 (stddpg) by its ID.
	ids := []string{"f000000000000000", "0000000000000000"}
	for _, withManifest := range []bool{true, false} {
		dir := t.TempDir()
		var jobs []sweep.Job
		var recs []sweep.Record
		for i, id := range ids {
			out := "runs/" + id
			jobs = append(jobs, sweep.Job{Job: experiment.Job{ID: id, Seed: 1, Out: out}, Index: i, Point: i})
			recs = append(recs, sweep.Record{ID: id, Index: i, Point: i, Seed: 1, Status: "done", Dir: out})
		}
		if withManifest {
			if err := sweep.WriteManifest(filepath.Join(dir, sweep.ManifestFile), sweep.Manifest{Name: "s", Jobs: jobs}); err != nil {
				t.Fatal(err)
			}
		} else if err := experiment.WriteJSON(dir, "sweep.json", sweep.File{Name: "s", Jobs: recs}); err != nil {
			t.Fatal(err)
		}
		for _, rel := range []string{"runs/" + ids[1], "runs/" + ids[0], "extra"} {
			d := filepath.Join(dir, filepath.FromSlash(rel))
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
			writeMetrics55(t, d)
		}
		runs, _, err := FindRuns([]string{dir})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range runs {
			rel, _ := filepath.Rel(dir, r.Dir)
			got = append(got, filepath.ToSlash(rel))
		}
		want := []string{"runs/" + ids[0], "runs/" + ids[1], "extra"}
		if !slices.Equal(got, want) {
			t.Errorf("manifest %v: runs in order %v, want %v", withManifest, got, want)
		}
	}
}

func writeMetrics55(t *testing.T, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, MetricsFile), []byte("steps,avg_return\n100,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
