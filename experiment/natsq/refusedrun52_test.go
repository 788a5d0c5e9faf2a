package natsq

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/runplot"
	"github.com/stackel/stackel/experiment/sweep"
)

// otherDefaults writes into dir's job.json the settings of a stackel
// whose default actor step is 0.5: a run of the same job ID that this
// binary refuses (experiment.JobState: checkSettings).
func otherDefaults(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, experiment.JobFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	s, ok := m["settings"].(map[string]any)
	if !ok {
		t.Fatalf("job.json has no settings: %s", b)
	}
	s["ActorLR"] = 0.5
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// doneOnServer runs job j to its end in a directory of its own, lets
// edit change it, and stores its outputs on c as a worker does, the job
// recorded done in sweep name.
func doneOnServer(t *testing.T, c *Conn, name string, j experiment.Job, edit func(dir string)) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	rec, err := sweep.RunJob(ctx, j, dir, sweep.RunOptions{Worker: "old", Attempt: 1})
	if err != nil || rec.Status != sweep.StatusDone {
		t.Fatalf("running the job: %+v, %v", rec, err)
	}
	if edit != nil {
		edit(dir)
	}
	if err := c.storeOutputs(ctx, j.ID, dir, rec.Status); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, name, j.ID, State{Status: sweep.StatusDone, Attempts: 1, Worker: "old", Completions: 1}); err != nil {
		t.Fatal(err)
	}
}

// TestCollectMovesRefusedLocalRunAside52: a collect finds the job's
// directory holding a run recorded done that this stackel refuses (run
// with other effective settings). The server's copy, which this stackel
// takes, replaces it, but the local run is moved aside, whole, to
// .NAME.refused beside it (a hidden directory, which stackel plot and
// stackel eval do not read as a run),
// and the collect's log says so, naming the job, the
// directory, why it was refused and where it went. Before, the local run
// was removed without a word.
func TestCollectMovesRefusedLocalRunAside52(t *testing.T) {
	c, ctx, j := mixedSweep(t, nil)
	log := &lockedWriter{w: &strings.Builder{}}
	c.Log = log
	root := t.TempDir()
	dir := filepath.Join(root, j.Out)
	runLocally(t, ctx, j, dir)
	otherDefaults(t, dir)
	mine, err := os.ReadFile(filepath.Join(dir, experiment.JobFile))
	if err != nil {
		t.Fatal(err)
	}
	states, err := c.Collect(ctx, "mixed", []experiment.Job{j}, root)
	if err != nil || len(states) != 1 || states[0].Status != sweep.StatusDone {
		t.Fatalf("collect: %+v, %v", states, err)
	}
	if _, finished, err := experiment.JobState(dir, j); err != nil || !finished {
		t.Errorf("the job's directory after the collect: finished %v, %v; want the server's run", finished, err)
	}
	aside := filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".refused")
	if got, err := os.ReadFile(filepath.Join(aside, experiment.JobFile)); err != nil || string(got) != string(mine) {
		t.Errorf("the refused local run is not in %s: %v", aside, err)
	}
	want := "job " + j.ID + " (" + j.Out + "): the run in " + dir + " was refused ("
	text := logString(log)
	for _, w := range []string{want, "ActorLR 0.5 in job.json", "moved to " + aside + ", and replaced by the server's outputs"} {
		if !strings.Contains(text, w) {
			t.Errorf("collect log lacks %q:\n%s", w, text)
		}
	}
	// The reason without JobState's remedy, which the collect has carried
	// out: "run the set with the stackel that made it, or remove the
	// directory to run the job again" was logged after the run had been
	// moved and replaced (review r2).
	const reason = "(ActorLR 0.5 in job.json, 0.001 now): a default changed between the stackel that ran it (job.json's builds) and this one, which the job's ID does not see; its outputs are not this job's and are not reused as finished); moved to "
	if !strings.Contains(text, reason) || strings.Contains(text, "remove the directory") {
		t.Errorf("collect log does not give the reason as %q, without the remedy:\n%s", reason, text)
	}
	// The run moved aside is no run to stackel plot and stackel eval
	// (runplot.FindRuns skips hidden directories): at OUT.refused, as
	// before review r2, it was read as a second run of the job, left out
	// as "a copy of" the job's own run, or, when the directory had held
	// another job's outputs, plotted as a series the sweep does not have.
	runs, notes, err := runplot.FindRuns([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Dir != dir || len(notes) != 0 {
		var dirs []string
		for _, r := range runs {
			dirs = append(dirs, r.Dir)
		}
		t.Errorf("runs found below the sweep's directory after the collect: %q, notes %q; want only %s", dirs, notes, dir)
	}
	// A second refused run goes beside the first, not over it.
	otherDefaults(t, dir)
	if _, err := c.Collect(ctx, "mixed", []experiment.Job{j}, root); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(aside+"-2", experiment.JobFile)); err != nil {
		t.Errorf("the second refused run is not in %s-2: %v", aside, err)
	}
	if got, err := os.ReadFile(filepath.Join(aside, experiment.JobFile)); err != nil || string(got) != string(mine) {
		t.Errorf("the first refused run in %s was changed: %v", aside, err)
	}
}
