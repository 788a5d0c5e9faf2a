package natsq

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// A collect of a sweep with a job whose stored outputs cannot be unpacked
// (an entry outside its directory, as a broken or hostile worker stores)
// downloads the other jobs' outputs all the same, and its error names the
// broken job. Before, it stopped at that job: a job listed after it was
// never downloaded, whatever the collect was run again.
func TestCollectPastBrokenOutputs(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx := context.Background()
	jobs := sweep.Plain(smallJobs(t, "partial"))
	broken, good := jobs[0], jobs[1]
	dir := t.TempDir()
	rec, err := sweep.RunJob(ctx, good, dir, sweep.RunOptions{Worker: "w", Attempt: 1})
	if err != nil || rec.Status != sweep.StatusDone {
		t.Fatalf("running the job: %+v, %v", rec, err)
	}
	if err := c.storeOutputs(ctx, good.ID, dir, rec.Status); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Obj.PutBytes(ctx, outputsObject(broken.ID), tarOf(t, "../escape", "x")); err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if err := c.PutState(ctx, "partial", j.ID, State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}); err != nil {
			t.Fatal(err)
		}
	}
	root := t.TempDir()
	states, err := c.Collect(ctx, "partial", jobs, root)
	if err == nil || !strings.Contains(err.Error(), "outputs of job "+broken.ID+" into ") || !strings.Contains(err.Error(), `archive entry "../escape": not a relative regular file`) {
		t.Errorf("error: %v", err)
	}
	if len(states) != 2 || states[0].Status != sweep.StatusDone || states[1].Status != sweep.StatusDone {
		t.Errorf("states: %+v", states)
	}
	if r, finished, err := experiment.JobState(filepath.Join(root, good.Out), good); err != nil || !finished || r.Status != experiment.JobDone {
		t.Errorf("the good job after the collect: %+v finished %v, %v", r, finished, err)
	}
}

// A done job whose stored outputs.tar unpacks but holds no finished run of
// it (here: a metrics.csv alone, no job.json) is a collect error naming
// the job, which deletes the archive (submitting the sweep again runs the
// job again), and a wait records it failed. Before, both took it as
// downloaded: the job was reported done over a directory without its run;
// then (session 37) the error was reported but the archive kept, the job
// done on the server for ever.
func TestCollectOutputsWithoutJobRecord(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := sweep.Plain(smallJobs(t, "norecord"))[:1]
	j := jobs[0]
	if _, err := c.Obj.PutBytes(ctx, outputsObject(j.ID), tarOf(t, "metrics.csv", "epoch\n")); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "norecord", j.ID, State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	_, err := c.Collect(ctx, "norecord", jobs, root)
	dir := filepath.Join(root, j.Out)
	want := "outputs of job " + j.ID + " into " + dir + ": the stored archive holds no finished run of the job (no job.json) (" + dir +
		" is left as it was): the stored archive is not the job's outputs and has been deleted (submitting the sweep again runs the job again)"
	if err == nil || err.Error() != want || len(FetchErrors(err)) != 1 {
		t.Errorf("collect: error %v,\nwant one FetchError %q", err, want)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the job's directory after the collect: %v, want none", err)
	}
	if _, err := c.Obj.GetInfo(ctx, outputsObject(j.ID)); !errors.Is(err, jetstream.ErrObjectNotFound) {
		t.Errorf("the archive after the collect: %v, want it deleted", err)
	}
	states, err := c.Wait(ctx, "norecord", jobs, t.TempDir(), nil, nil)
	if err == nil || len(states) != 1 || states[0].Status != sweep.StatusFailed {
		t.Errorf("wait: %+v, %v; want the job failed with an error", states, err)
	}
}

// An archive whose job.json is the job's but with a status stackel does
// not write (another stackel version's, or edited) is reported, but not
// deleted, nor unpacked over the job's directory: a newer stackel may read
// it. Likewise a job.json that is JSON but does not decode as a job
// record (a field of another type).
func TestCollectOutputsOfOtherVersionKept(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := sweep.Plain(smallJobs(t, "otherver"))[:1]
	j := jobs[0]
	rec, _ := json.Marshal(experiment.JobRecord{Job: j, Status: "Done"})
	for _, tc := range []struct {
		jobJSON, why string
	}{
		{string(rec), `job.json (job "` + j.ID + `") has status "Done", which stackel does not write`},
		{`{"seed": "one"}`, "the stored archive's job.json: the archive/job.json: json: cannot unmarshal string into Go struct field"},
	} {
		if _, err := c.Obj.PutBytes(ctx, outputsObject(j.ID), tarOf(t, "job.json", tc.jobJSON)); err != nil {
			t.Fatal(err)
		}
		if err := c.PutState(ctx, "otherver", j.ID, State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}); err != nil {
			t.Fatal(err)
		}
		root := t.TempDir()
		dir := filepath.Join(root, j.Out)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		_, err := c.Collect(ctx, "otherver", jobs, root)
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.HasSuffix(err.Error(), "("+dir+" is left as it was)") {
			t.Errorf("collect: %v, want an error saying %q, ending that %s is left as it was", err, tc.why, dir)
		}
		if ents, err := os.ReadDir(dir); err != nil || len(ents) != 0 {
			t.Errorf("the job's directory after the collect: %v, %v; want it empty, as before", ents, err)
		}
		if _, err := c.Obj.GetInfo(ctx, outputsObject(j.ID)); err != nil {
			t.Errorf("the archive after the collect: %v, want it kept", err)
		}
	}
}

// An archive whose job.json is the job's but says it still runs holds no
// finished run of it, whatever fetching it again: it is deleted, and the
// job's directory left as it was.
func TestCollectOutputsOfRunningJobDeleted(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := sweep.Plain(smallJobs(t, "stillruns"))[:1]
	j := jobs[0]
	rec, _ := json.Marshal(experiment.JobRecord{Job: j, Status: experiment.JobRunning})
	if _, err := c.Obj.PutBytes(ctx, outputsObject(j.ID), tarOf(t, "job.json", string(rec))); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "stillruns", j.ID, State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	_, err := c.Collect(ctx, "stillruns", jobs, root)
	dir := filepath.Join(root, j.Out)
	want := "outputs of job " + j.ID + " into " + dir + ": the stored archive holds no finished run of the job: its job.json says running (" + dir +
		" is left as it was): the stored archive is not the job's outputs and has been deleted (submitting the sweep again runs the job again)"
	if err == nil || err.Error() != want {
		t.Errorf("collect: error %v,\nwant %q", err, want)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the job's directory after the collect: %v, want none", err)
	}
	if _, err := c.Obj.GetInfo(ctx, outputsObject(j.ID)); !errors.Is(err, jetstream.ErrObjectNotFound) {
		t.Errorf("the archive after the collect: %v, want it deleted", err)
	}
}

// An archive whose job.json is not JSON at all (cut short, or garbage)
// holds no finished run of the job that any stackel version wrote: it is
// deleted like one without a job.json, and submitting the sweep again
// runs the job again. Before, it was reported but kept, the job done on
// the server for ever.
func TestCollectOutputsNotJSONDeleted(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := sweep.Plain(smallJobs(t, "notjson"))[:1]
	j := jobs[0]
	if _, err := c.Obj.PutBytes(ctx, outputsObject(j.ID), tarOf(t, "job.json", `{"status": "do`)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Obj.PutBytes(ctx, finalObject(j.ID), []byte(`{"status":"done","attempts":1}`)); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "notjson", j.ID, State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	_, err := c.Collect(ctx, "notjson", jobs, root)
	dir := filepath.Join(root, j.Out)
	want := "outputs of job " + j.ID + " into " + dir + ": the stored archive holds no finished run of the job: its job.json is not JSON: the archive/job.json: unexpected end of JSON input (" + dir +
		" is left as it was): the stored archive is not the job's outputs and has been deleted (submitting the sweep again runs the job again)"
	if err == nil || err.Error() != want || len(FetchErrors(err)) != 1 {
		t.Errorf("collect: error %v,\nwant one FetchError %q", err, want)
	}
	if _, err := c.Obj.GetInfo(ctx, outputsObject(j.ID)); !errors.Is(err, jetstream.ErrObjectNotFound) {
		t.Errorf("the archive after the collect: %v, want it deleted", err)
	}
	// Submitted again, the job is queued to run again.
	_, queued, done, err := c.Submit(ctx, sweep.Manifest{Name: "notjson", Jobs: sweep.Wrap("notjson", jobs)}, jobs, nil)
	if err != nil || queued != 1 || done != 0 {
		t.Errorf("resubmission: %d queued, %d done, %v; want the job queued again", queued, done, err)
	}
}
