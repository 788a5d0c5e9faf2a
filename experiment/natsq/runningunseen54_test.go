package natsq

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// unseenLine54 is the line a sweep name's wait with a declined
// timeout logs for job j recorded running by worker (attempt n) while no
// worker is live, on c's server.
func unseenLine54(c *Conn, name string, j experiment.Job, worker string, n int) string {
	return name + ": job " + j.ID + " (" + j.Out + ") is recorded running by worker " + worker + " (attempt " + strconv.Itoa(n) + "), but no worker is live (none in the NATS bucket stackel_workers): the declined timeout does not run while a job runs; if " + worker + " was killed, the job runs again only once a worker is started (" + workerCommand55(c) + "); a worker of a stackel before main at 53c4b20 records no presence, and " + worker + " may be one still running it"
}

// TestRunningJobWithoutLiveWorkerSaid54: a job left running (by a worker
// killed, say) on a server where no worker is live holds a wait's
// declined timeout off for ever; the wait says so once, after two
// listings of the live workers presenceEvery apart have found none with
// the job's state unchanged (not at the first: a worker that joined
// since may be running it), and not again while nothing changes. A
// worker that joins silences it; the job taken up by another attempt is
// said again once no worker is live. Before, the wait logged "1 job: 1
// running" and nothing else, for ever.
func TestRunningJobWithoutLiveWorkerSaid54(t *testing.T) {
	j := tinyRLJob(t, 400)
	const name = "unseen54"
	clock, c, ctx, log, done := noWorkerWait54(t, name, []experiment.Job{j})
	if err := c.PutState(ctx, name, j.ID, State{Status: sweep.StatusRunning, Attempts: 1, Worker: "gone"}); err != nil {
		t.Fatal(err)
	}
	if !waitFor(20*time.Second, func() bool { return hasLine(log, name+": 1 job: 1 running") }) {
		t.Fatalf("the wait did not see the job running; log:\n%s", logString(log))
	}
	clock.waitPolls(t, 5)
	first := unseenLine54(c, name, j, "gone", 1)
	if strings.Contains(logString(log), first) {
		t.Fatalf("said at the first listing; log:\n%s", logString(log))
	}
	clock.move(presenceEvery)
	if !waitFor(20*time.Second, func() bool { return strings.Contains(logString(log), first) }) {
		t.Fatalf("no line saying the job runs with no worker live; log:\n%s", logString(log))
	}
	clock.move(presenceEvery)
	clock.waitPolls(t, 5)
	clock.move(20 * time.Minute)
	clock.waitPolls(t, 5)
	if n := strings.Count(logString(log), first); n != 1 {
		t.Errorf("said %d times, want 1; log:\n%s", n, logString(log))
	}
	select {
	case err := <-done:
		t.Fatalf("the wait ended (%v) while a job ran; log:\n%s", err, logString(log))
	default:
	}
	// A worker joins and takes the job up (attempt 2), then is gone.
	remove := putPresence(t, c, "joined54u", "w2")
	clock.move(presenceEvery)
	if err := c.PutState(ctx, name, j.ID, State{Status: sweep.StatusRunning, Attempts: 2, Worker: "w2"}); err != nil {
		t.Fatal(err)
	}
	clock.waitPolls(t, 5)
	second := unseenLine54(c, name, j, "w2", 2)
	clock.move(presenceEvery)
	clock.waitPolls(t, 5)
	if strings.Contains(logString(log), second) {
		t.Fatalf("said while a worker is live; log:\n%s", logString(log))
	}
	remove()
	clock.move(presenceEvery)
	clock.waitPolls(t, 5)
	clock.move(presenceEvery)
	if !waitFor(20*time.Second, func() bool { return strings.Contains(logString(log), second) }) {
		t.Fatalf("no line for the second attempt once its worker was gone; log:\n%s", logString(log))
	}
}
