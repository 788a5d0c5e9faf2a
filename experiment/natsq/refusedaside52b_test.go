package natsq

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/runplot"
)

// TestRefusedRunAsideIsNoRun52: the local run a collect moves aside is
// kept where stackel plot and stackel eval (runplot.FindRuns, which skip
// hidden directories) do not take it for one of the sweep's runs. Before
// the review (session 52, r2) it went to OUT.refused beside the job's
// directory, so `stackel plot DIR` read two runs of the job: the refused
// one was left out as "a copy of" the job's own run, or, when the
// directory had held another job's outputs, plotted as a series of a
// configuration the sweep does not have.
func TestRefusedRunAsideIsNoRun52(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	log := &lockedWriter{w: &strings.Builder{}}
	c.Log = log
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	j := tinyRLJob(t, 400)
	doneOnServer(t, c, "mixed", j, nil)
	root := t.TempDir()
	dir := filepath.Join(root, j.Out)
	if rec, err := experiment.RunJob(ctx, j, dir, nil); err != nil || rec.Status != experiment.JobDone {
		t.Fatalf("local run: %+v, %v", rec, err)
	}
	otherDefaults(t, dir)
	mine, err := os.ReadFile(filepath.Join(dir, experiment.JobFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Collect(ctx, "mixed", []experiment.Job{j}, root); err != nil {
		t.Fatal(err)
	}
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
	aside := filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".refused")
	if got, err := os.ReadFile(filepath.Join(aside, experiment.JobFile)); err != nil || string(got) != string(mine) {
		t.Errorf("the refused local run is not in %s: %v", aside, err)
	}
	text := logString(log)
	if !strings.Contains(text, "moved to "+aside+", and replaced by the server's outputs") {
		t.Errorf("collect log does not name %s:\n%s", aside, text)
	}
	// The reason without JobState's remedy, which the collect has carried
	// out: "run the set with the stackel that made it, or remove the
	// directory to run the job again" was logged after the run had been
	// moved and replaced.
	const reason = "(ActorLR 0.5 in job.json, 0.001 now): a default changed between the stackel that ran it (job.json's builds) and this one, which the job's ID does not see; its outputs are not this job's and are not reused as finished); moved to "
	if !strings.Contains(text, reason) || strings.Contains(text, "remove the directory") {
		t.Errorf("collect log does not give the reason as %q, without the remedy:\n%s", reason, text)
	}
}
