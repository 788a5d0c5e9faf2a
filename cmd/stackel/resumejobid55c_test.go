package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestResumeKeepsJobID55c: run --resume DIR of a job's directory continues
// the job as job.json records it: its ID (that of its config's text as
// written, which a job file made by hand need not spell as stackel does)
// and its labels are kept, so that the sweep or reproduction owning the
// directory still knows the job. The job was rebuilt from config.yaml
// and recorded under another ID, without its labels.
func TestResumeKeepsJobID55c(t *testing.T) {
	dir := t.TempDir()
	id := experiment.JobID([]byte(interruptedRL), 3)
	b, err := json.Marshal(experiment.Job{ID: id, Config: interruptedRL, Seed: 3, Labels: map[string]string{"variant": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	jobPath := writeFile(t, dir, "job.json", string(b))
	out := filepath.Join(dir, "o")
	if _, err := executeStopped(t, "run", "--job", jobPath, "--out", out, "--quiet"); err == nil {
		t.Fatal("the stopped job was not interrupted")
	}
	got, err := execute(t, "run", "--resume", out, "--quiet")
	if err != nil || !strings.HasSuffix(got, "job "+id+" done; wrote "+out+"\n") {
		t.Fatalf("run --resume: %v, output\n%s\nwant job %s done", err, got, id)
	}
	rec, ok, err := experiment.ReadJobRecord(out)
	if err != nil || !ok {
		t.Fatalf("job.json: %v (found %v)", err, ok)
	}
	if rec.ID != id || rec.Config != interruptedRL || rec.Labels["variant"] != "v" || rec.Status != experiment.JobDone {
		t.Errorf("job.json records job %s (labels %v, status %s, config %q); want job %s (labels map[variant:v], done, config %q)",
			rec.ID, rec.Labels, rec.Status, rec.Config, id, interruptedRL)
	}
	// The same job given again is found finished under its ID.
	if got, err = execute(t, "run", "--job", jobPath, "--out", out, "--quiet"); err != nil || got != "job "+id+" already done in "+out+"; nothing run\n" {
		t.Errorf("run --job again: %v, output\n%s", err, got)
	}
}
