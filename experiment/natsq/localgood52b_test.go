package natsq

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// TestCollectKeepsLocalRunOverServerOfOtherDefaults52: the job's
// directory holds a finished run this stackel takes (run here, or
// collected before a worker of another build ran the job again and stored
// its own run), while the server's stored run was made by a stackel with
// other defaults. The collect has the job's run already: it reports the
// job done, with no error, and leaves the directory as it was. Before
// the review (session 52, r2) the server's record was judged first, so
// the collect failed the job ("done on the server, but by a stackel with
// other defaults … not downloaded") although its run was there, whole.
func TestCollectKeepsLocalRunOverServerOfOtherDefaults52(t *testing.T) {
	c, ctx, j := mixedSweep(t, func(dir string) { otherDefaults(t, dir) })
	root := t.TempDir()
	dir := filepath.Join(root, j.Out)
	runLocally(t, ctx, j, dir)
	mine, err := os.ReadFile(filepath.Join(dir, experiment.JobFile))
	if err != nil {
		t.Fatal(err)
	}
	states, err := c.Collect(ctx, "mixed", []experiment.Job{j}, root)
	if err != nil || len(states) != 1 || states[0].Status != sweep.StatusDone {
		t.Fatalf("collect: %+v, %v; want the job done, no error", states, err)
	}
	if ids := FetchFailed(states, []experiment.Job{j}, err); len(ids) != 0 {
		t.Errorf("FetchFailed: %v; want none", ids)
	}
	if got, err := os.ReadFile(filepath.Join(dir, experiment.JobFile)); err != nil || string(got) != string(mine) {
		t.Errorf("the local run's job.json changed: %v\n%s", err, got)
	}
	if ents, _ := os.ReadDir(filepath.Dir(dir)); len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("beside the job's directory: %s; want it alone", strings.Join(names, ", "))
	}
}
