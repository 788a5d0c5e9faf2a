package natsq

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// escapingTar is an archive untar refuses: its entry leaves the directory.
func escapingTar(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	if err := tw.WriteHeader(&tar.Header{Name: "../escape", Mode: 0o644, Size: 1, Typeflag: tar.TypeReg}); err != nil {
		t.Fatal(err)
	}
	tw.Write([]byte("x"))
	tw.Close()
	return buf.Bytes()
}

// checkBrokenRerun runs two small jobs of sweep name to their end, stores
// over the first one's outputs.tar what broken returns (given the stored
// archives of both jobs), and checks that a collect reports the job
// failed (an error saying wantWhy and ending ": the stored archive "+what+
// " and has been deleted (…)"), leaves the job's directory (holding a
// file of the user's) as it was, and deletes the archive, that submitting
// the sweep again queues the job (only it), and that a worker runs it
// again, the wait reporting both jobs done with their outputs on disk.
func checkBrokenRerun(t *testing.T, name, wantWhy string, broken func(stored []byte) []byte) {
	t.Helper()
	checkBrokenRerunWhat(t, name, wantWhy, "is unreadable", func(stored, _ []byte) []byte { return broken(stored) })
}

func checkBrokenRerunWhat(t *testing.T, name, wantWhy, what string, broken func(stored, other []byte) []byte) {
	t.Helper()
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := smallJobs(t, name)
	plain := sweep.Plain(jobs)
	m := sweep.Manifest{Name: name, Jobs: jobs}
	if _, q, _, err := c.Submit(ctx, m, plain, nil); err != nil || q != 2 {
		t.Fatalf("first submission: %d queued, %v", q, err)
	}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir()})
	if _, err := c.Wait(ctx, name, plain, t.TempDir(), nil, nil); err != nil {
		t.Fatal(err)
	}
	id := jobs[0].ID
	stored, err := c.Obj.GetBytes(ctx, outputsObject(id))
	if err != nil {
		t.Fatal(err)
	}
	other, err := c.Obj.GetBytes(ctx, outputsObject(jobs[1].ID))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Obj.PutBytes(ctx, outputsObject(id), broken(stored, other)); err != nil {
		t.Fatal(err)
	}

	croot := t.TempDir()
	mine := filepath.Join(croot, plain[0].Out, "mine.txt")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("the user's"), 0o644); err != nil {
		t.Fatal(err)
	}
	states, err := c.Collect(ctx, name, plain, croot)
	fe := FetchErrors(err)
	if len(fe) != 1 || fe[0].ID != id || !strings.Contains(fe[0].Error(), wantWhy) ||
		!strings.HasSuffix(fe[0].Error(), ": the stored archive "+what+" and has been deleted (submitting the sweep again runs the job again)") {
		t.Fatalf("collect: %v, want one FetchError for %s saying %q and that the archive was deleted", err, id, wantWhy)
	}
	if ents, err := os.ReadDir(filepath.Dir(mine)); err != nil || len(ents) != 1 || ents[0].Name() != "mine.txt" {
		t.Errorf("the job's directory after the collect: %v, %v; want mine.txt alone, as before", ents, err)
	}
	if b, err := os.ReadFile(mine); err != nil || string(b) != "the user's" {
		t.Errorf("mine.txt after the collect: %q, %v", b, err)
	}
	if len(states) != 2 || states[0].Status != sweep.StatusDone {
		t.Fatalf("collect's states: %+v", states)
	}
	if _, err := c.Obj.GetInfo(ctx, outputsObject(id)); !errors.Is(err, jetstream.ErrObjectNotFound) {
		t.Errorf("the unreadable outputs.tar after collect: %v, want it deleted", err)
	}

	_, queued, done, err := c.Submit(ctx, m, plain, nil)
	if err != nil || queued != 1 || done != 1 {
		t.Fatalf("resubmission: %d queued, %d done, %v; want 1 queued (the job whose archive was unreadable), 1 done", queued, done, err)
	}
	root := t.TempDir()
	got, err := c.Wait(ctx, name, plain, root, nil, nil)
	if err != nil {
		t.Fatalf("wait: %v", err)
	}
	for i, s := range got {
		if s.Status != sweep.StatusDone || s.Completions != 1 {
			t.Errorf("job %d: %+v, want done", i, s)
		}
		if _, finished, err := experiment.JobState(filepath.Join(root, plain[i].Out), plain[i]); err != nil || !finished {
			t.Errorf("job %d's outputs: finished %v, %v", i, finished, err)
		}
	}
}

// A done job whose stored outputs.tar cannot be unpacked (an entry
// ../escape) is reported failed by a collect, which deletes the archive;
// submitting the sweep again runs the job again. Before, the archive
// stayed: the job was done for ever, every wait and collect reporting it
// failed, and a resubmission counted it done (2 done, 0 queued).
func TestUnreadableOutputsDeletedAndRerun(t *testing.T) {
	checkBrokenRerun(t, "escout", `archive entry "../escape": not a relative regular file`, func([]byte) []byte {
		return escapingTar(t)
	})
}

// Likewise for an archive cut short.
func TestTruncatedOutputsDeletedAndRerun(t *testing.T) {
	checkBrokenRerun(t, "cutout", "unexpected EOF", func(stored []byte) []byte {
		return stored[:len(stored)/2+1]
	})
}

// An unreadable archive is deleted only if it is still the object that
// was downloaded: one stored since (a worker that ran the job again while
// another process collected) is kept.
func TestUnreadableOutputsKeepsNewerArchive(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	old, err := c.Obj.PutBytes(ctx, outputsObject("j1"), escapingTar(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Obj.PutBytes(ctx, outputsObject("j1"), []byte("newer")); err != nil {
		t.Fatal(err)
	}
	err = c.dropUnreadableOutputs(ctx, "j1", old.NUID, errors.New("unreadable"))
	if err == nil || err.Error() != "unreadable: the stored archive is unreadable, but another has been stored since (collecting the sweep again downloads it)" {
		t.Errorf("error %v", err)
	}
	if b, err := c.Obj.GetBytes(ctx, outputsObject("j1")); err != nil || string(b) != "newer" {
		t.Errorf("the newer archive: %q, %v; want it kept", b, err)
	}
}

// A done job whose stored outputs.tar unpacks but is another job's (the
// other job of the sweep) is reported failed by a collect, which leaves
// the job's directory as it was and deletes the archive; submitting the
// sweep again runs the job again. Before, the collect replaced the job's
// directory with the other job's outputs (the user's file in it gone) and
// kept the archive: the job was done for ever, every wait and collect
// reporting it failed.
func TestOtherJobsOutputsDeletedAndRerun(t *testing.T) {
	checkBrokenRerunWhat(t, "otherout", "the stored archive holds no finished run of the job: its job.json is job ", "is not the job's outputs",
		func(_, other []byte) []byte { return other })
}

// Likewise for an archive without job.json.
func TestOutputsWithoutRecordDeletedAndRerun(t *testing.T) {
	checkBrokenRerunWhat(t, "norecout", "the stored archive holds no finished run of the job (no job.json)", "is not the job's outputs",
		func([]byte, []byte) []byte { return tarOf(t, "metrics.csv", "epoch\n") })
}
