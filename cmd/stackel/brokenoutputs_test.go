package main

import (
	"archive/tar"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment/sweep"
)

// brokenOutputsTar is an outputs.tar that cannot be unpacked: its entry
// leaves the job's directory.
func brokenOutputsTar(t *testing.T) []byte {
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

// A job done on the server whose stored outputs cannot be unpacked (an
// entry ../escape) does not cost the sweep its report. `sweep collect
// --nats` downloads the other job, writes sweep.json and report.md with
// the broken job failed (why in its record and a note; not done over
// outputs that are not there), and exits 1 naming the job; before, it
// exited with the download's error and wrote no report. A second sweep of
// the same spec into another directory (whose jobs are done on the
// server) writes its report the same way; before, it recorded the job
// done, with a note that collect would fetch its outputs, which it never
// could. Each download deletes the unreadable archive from the server
// (since session 37): a third sweep queues the job again and its worker
// runs it, every job done (before, the job stayed done for ever, and a
// resubmission counted it done).
func TestBrokenOutputsReportedFailed(t *testing.T) {
	url := startLoopbackServer(t)
	dir := t.TempDir()
	spec := writeFile(t, dir, "a.yaml", strings.Replace(replaceSpec, "%s", "[1, 2]", 1))
	first := filepath.Join(dir, "first")
	if o, err := execute(t, "sweep", spec, "--nats", url, "--workers", "1", "--out", first); err != nil {
		t.Fatalf("%v\n%s", err, o)
	}
	ctx, c := dialNATS(t, url)
	m, err := c.Manifest(ctx, "grid")
	if err != nil || len(m.Jobs) != 2 {
		t.Fatalf("manifest: %d jobs, %v", len(m.Jobs), err)
	}
	broken, good := m.Jobs[0], m.Jobs[1]
	if _, err := c.Obj.PutBytes(ctx, broken.ID+"/outputs.tar", brokenOutputsTar(t)); err != nil {
		t.Fatal(err)
	}
	wantErr := "sweep grid: the outputs of 1 finished job could not be downloaded: " + broken.ID + " (recorded as failed in "
	check := func(what, out, o string, err error) {
		t.Helper()
		if err == nil || !strings.HasPrefix(err.Error(), wantErr+filepath.Join(out, "report.md")+"): outputs of job "+broken.ID+" into ") ||
			!strings.Contains(err.Error(), `archive entry "../escape": not a relative regular file`) {
			t.Errorf("%s: error %v\n%s", what, err, o)
		}
		sf, rerr := sweep.ReadFile(filepath.Join(out, "sweep.json"))
		if rerr != nil {
			t.Fatalf("%s: %v", what, rerr)
		}
		if r := sf.Jobs[0]; r.Status != sweep.StatusFailed || !strings.HasPrefix(r.Error, "finished on the NATS server, but its outputs could not be downloaded: outputs of job "+broken.ID) {
			t.Errorf("%s: the broken job's record: %+v", what, r)
		}
		if r := sf.Jobs[1]; r.Status != sweep.StatusDone {
			t.Errorf("%s: the good job's record: %+v", what, r)
		}
		if _, err := os.Stat(filepath.Join(good.OutDir(out), "metrics.csv")); err != nil {
			t.Errorf("%s: the good job's outputs: %v", what, err)
		}
		md, _ := os.ReadFile(filepath.Join(out, "report.md"))
		for _, want := range []string{"Jobs: 1 done, 1 failed.", "(" + broken.ID + ") failed: finished on the NATS server, but its outputs could not be downloaded: "} {
			if !strings.Contains(string(md), want) {
				t.Errorf("%s: report.md lacks %q:\n%s", what, want, md)
			}
		}
		if strings.Contains(string(md), "sweep collect fetches them") {
			t.Errorf("%s: report.md says collect fetches outputs it cannot:\n%s", what, md)
		}
	}
	second := filepath.Join(dir, "second")
	o, err := execute(t, "sweep", spec, "--nats", url, "--workers", "0", "--out", second)
	check("second sweep", second, o, err)
	// The download deleted the unreadable archive: stored again for the
	// collect.
	if _, err := c.Obj.PutBytes(ctx, broken.ID+"/outputs.tar", brokenOutputsTar(t)); err != nil {
		t.Fatal(err)
	}
	col := filepath.Join(dir, "collected")
	o, err = execute(t, "sweep", "collect", "--nats", url, "grid", "--out", col)
	check("collect", col, o, err)
	if !strings.Contains(o, "wrote "+col+"\n") {
		t.Errorf("collect's output:\n%s", o)
	}
	if err == nil || !strings.Contains(err.Error(), "the stored archive is unreadable and has been deleted (submitting the sweep again runs the job again)") {
		t.Errorf("collect's error does not say the archive was deleted: %v", err)
	}
	// Submitting the sweep again queues the job again (before, it counted
	// it done for ever), and its worker runs it.
	third := filepath.Join(dir, "third")
	o, err = execute(t, "sweep", spec, "--nats", url, "--workers", "1", "--out", third)
	if err != nil || !strings.Contains(o, "sweep grid: 2 jobs, 1 queued, 1 already done") {
		t.Fatalf("third sweep: %v\n%s", err, o)
	}
	sf, err := sweep.ReadFile(filepath.Join(third, "sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range sf.Jobs {
		if r.Status != sweep.StatusDone {
			t.Errorf("third sweep: job %d's record: %+v", i, r)
		}
	}
	for _, j := range []sweep.Job{broken, good} {
		if _, err := os.Stat(filepath.Join(j.OutDir(third), "metrics.csv")); err != nil {
			t.Errorf("third sweep: job %s's outputs: %v", j.ID, err)
		}
	}
}

// A reproduction on NATS one of whose jobs is done on the server with
// outputs that cannot be unpacked (here: run into another directory after
// the first run, the broken archive stored over the job's) waits for the
// other jobs, downloads their outputs and exits with an error naming the
// job and saying that its run is missing (its report, when one can be
// written from the other runs, is); before, it ended at the broken job
// with the download's error alone, the jobs after it not downloaded.
func TestReproduceBrokenOutputsReport(t *testing.T) {
	url := startLoopbackServer(t)
	dir := t.TempDir()
	first := filepath.Join(dir, "first")
	if o, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--nats", url, "--local-workers", "1", "--out", first); err != nil {
		t.Fatalf("%v\n%s", err, o)
	}
	ctx, c := dialNATS(t, url)
	m, err := c.Manifest(ctx, "fiez-duopoly")
	if err != nil || len(m.Jobs) < 2 {
		t.Fatalf("manifest: %d jobs, %v", len(m.Jobs), err)
	}
	broken := m.Jobs[0]
	if _, err := c.Obj.PutBytes(ctx, broken.ID+"/outputs.tar", brokenOutputsTar(t)); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(dir, "second")
	o, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--nats", url, "--out", second)
	want := "fiez-duopoly: sweep fiez-duopoly: the outputs of 1 finished job could not be downloaded: " + broken.ID + " (their runs are not in " + second + ", nor in the reproduction's report): outputs of job " + broken.ID + " into "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want it to begin %q\n%s", err, want, o)
	}
	for _, j := range m.Jobs[1:] {
		if _, err := os.Stat(filepath.Join(j.OutDir(second), "metrics.csv")); err != nil {
			t.Errorf("job %s's outputs: %v", j.ID, err)
		}
	}
}
