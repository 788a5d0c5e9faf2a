//go:build linux

package natsq

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/tmpfstest"
)

// A worker whose work directory is on a full disk hands back every job
// delivered to it (not an attempt), every DeclineDelay, and says so in
// its log once for as long as the reason lasts: again when the reason
// changes (the disk made read-only) and again after a run has started
// in between (the disk freed, a job run; then full again). The job's
// state notes the reason without the file, a temporary file of another
// name at each hand-back. Before session 48 the log said "started" and
// the hand-back, with its full error, at every hand-back (here 2 lines
// each 40 ms, for ever), and the note named the temporary file
// ("write job.json.123.456.tmp: no space left on device"), a new one
// for the sweep to log at each hand-back.
func TestFullWorkDirSaysOnce48(t *testing.T) {
	mnt := tmpfstest.Mount(t, "64k")
	os.WriteFile(filepath.Join(mnt, "filler"), make([]byte, 1<<20), 0o644) // fills it: no space left on device
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	log := &lockedWriter{w: &strings.Builder{}}
	workDir := filepath.Join(mnt, "w")
	var deliveries lockedCount
	startWorker(t, &Worker{Conn: c, Name: "full", Concurrency: 1, WorkDir: workDir, Log: log, DeclineDelay: 20 * time.Millisecond,
		CanRun: func(experiment.Job) error { deliveries.add(); return nil }})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a bound, not an assertion
	defer cancel()
	submit := func(name, seeds string) []sweep.Job {
		jobs := jobsWithSeeds(t, name, seeds)
		if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
			t.Fatal(err)
		}
		return jobs
	}
	// handBacks waits for 5 more deliveries, each handed back.
	handBacks := func() {
		t.Helper()
		n := deliveries.get() + 5
		if !waitFor(20*time.Second, func() bool { return deliveries.get() >= n }) {
			t.Fatalf("%d deliveries, want %d; log:\n%s", deliveries.get(), n, logString(log))
		}
	}
	remount := func(opts string) {
		t.Helper()
		if out, err := exec.Command("mount", "-o", "remount,"+opts, mnt).CombinedOutput(); err != nil {
			t.Fatalf("remount %s: %v: %s", opts, err, out)
		}
	}

	jobs := submit("full", "[1]")
	handBacks()
	var st State
	waitFor(20*time.Second, func() bool {
		st = states(t, c, "full", jobs)[0]
		return st.Status == sweep.StatusQueued && st.Waiting != ""
	})
	if st.Status != sweep.StatusQueued || st.Attempts != 0 || st.Waiting != "worker full could not run it in "+workDir+": no space left on device" {
		t.Errorf("the job on a full disk: %+v", st)
	}
	remount("ro")
	handBacks()
	remount("rw,size=8m")
	if !waitFor(20*time.Second, func() bool { return states(t, c, "full", jobs)[0].Status == sweep.StatusDone }) {
		t.Fatalf("the job not done once the disk has room; log:\n%s", logString(log))
	}
	os.WriteFile(filepath.Join(mnt, "filler2"), make([]byte, 8<<20), 0o644) // full again
	jobs2 := submit("full2", "[2]")                                         // another job
	handBacks()

	id, id2 := jobs[0].ID, jobs2[0].ID
	tail := "; it hands back every job delivered to it while this lasts, trying again every 20ms, and says so again when the reason changes or a run has started"
	// The error's text depends on which write the full or read-only disk
	// refused first (the delivery's directory, its lock, job.json).
	handBack := func(id, name string) string {
		return "job " + id + " of sweep " + name + " handed back (not an attempt): this worker cannot run it: "
	}
	want := []struct {
		prefix string
		has    []string
		suffix string
	}{
		{"worker full: 1 slot, ack wait 5s, 1 attempt per job", nil, ""},
		{"started full " + id + " (runs/" + id + "), attempt 1", nil, ""},
		{handBack(id, "full"), []string{" " + workDir + "/" + id + "-", ": no space left on device"}, tail},
		{handBack(id, "full"), []string{" " + workDir + "/" + id + "-"}, ": read-only file system" + tail},
		{"started full " + id + " (runs/" + id + "), attempt 1", nil, ""},
		{"completed full " + id + " in ", nil, " s"},
		{"started full2 " + id2 + " (runs/" + id2 + "), attempt 1", nil, ""},
		{handBack(id2, "full2"), []string{" " + workDir + "/" + id2 + "-", ": no space left on device"}, tail},
	}
	lines := strings.Split(strings.TrimSuffix(logString(log), "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines in the worker's log, want %d:\n%s", len(lines), len(want), logString(log))
	}
	for i, l := range lines {
		l = l[len("15:04:05 "):]
		w := want[i]
		ok := strings.HasPrefix(l, w.prefix) && strings.HasSuffix(l, w.suffix)
		for _, h := range w.has {
			ok = ok && strings.Contains(l, h)
		}
		if !ok {
			t.Errorf("line %d of the worker's log:\n%s\nwant\n%s…%s…%s", i+1, l, w.prefix, strings.Join(w.has, "…"), w.suffix)
		}
	}
}
