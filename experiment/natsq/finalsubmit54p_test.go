package natsq

import (
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// TestSubmitFinalUnreadableAdvice54p: a submission that ends on a stored
// final.json it cannot read (the job done on the server, the record's
// chunks not matching its digest) says what to do: the same command again
// once the server answers, and, if it keeps failing, the NATS CLI command
// that deletes the damaged record. Before, the error ended with the read's
// own ("job X: reading its stored X/final.json: …"). The advice holds:
// with the record deleted, the same submission queues the job afresh.
func TestSubmitFinalUnreadableAdvice54p(t *testing.T) {
	c, ctx, j := mixedSweep(t, nil)
	breakFinalDigest(t, ctx, c, j.ID)
	jobs := []experiment.Job{j}
	m := sweep.Manifest{Name: "mixed", Jobs: sweep.Wrap("mixed", jobs)}
	_, _, _, err := c.Submit(ctx, m, jobs, nil)
	want := "job " + j.ID + ": reading its stored " + j.ID + "/final.json: " + jetstream.ErrDigestMismatch.Error() +
		"; give the same command again once the server answers; if it keeps failing, the stored record is damaged: " +
		"delete it with the NATS command-line tool (nats --server URL object del stackel_runs " + j.ID + "/final.json) and give the command again, which runs the job afresh"
	if err == nil || err.Error() != want {
		t.Fatalf("submit's error\n%v\nwant\n%s", err, want)
	}
	if err := c.Obj.Delete(ctx, finalObject(j.ID)); err != nil {
		t.Fatal(err)
	}
	if _, queued, done, err := c.Submit(ctx, m, jobs, nil); err != nil || queued != 1 || done != 0 {
		t.Errorf("submit with the record deleted: %d queued, %d done, %v; want the job queued", queued, done, err)
	}
}
