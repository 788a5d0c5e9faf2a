package natsq

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// breakFinalDigest rewrites the meta entry of job id's final.json with
// a digest its chunks do not have: every download of it then fails
// (jetstream.ErrDigestMismatch), while the object is listed, not
// deleted and not empty, as a stored record is. It is a download of
// final.json that fails for another reason than a missing object or a
// server that does not answer.
func breakFinalDigest(t *testing.T, ctx context.Context, c *Conn, id string) {
	t.Helper()
	info, err := c.Obj.GetInfo(ctx, finalObject(id))
	if err != nil {
		t.Fatal(err)
	}
	info.Digest = "SHA-256=" + base64.URLEncoding.EncodeToString(make([]byte, 32))
	b, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	subj := fmt.Sprintf("$O.%s.M.%s", ObjectBucket, base64.URLEncoding.EncodeToString([]byte(finalObject(id))))
	if _, err := c.JS.Publish(ctx, subj, b); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.getLimited(ctx, finalObject(id), maxRecordBytes); !errors.Is(err, jetstream.ErrDigestMismatch) {
		t.Fatalf("reading the broken final.json: %v, want %v", err, jetstream.ErrDigestMismatch)
	}
}

// TestCollectFinalUnreadableNotDownloaded54: an RL job done on the
// server whose final.json (the record of the settings it was run with)
// cannot be downloaded is neither downloaded nor counted done by a
// collect: whether a stackel with other defaults ran it is not known.
// Collect returns the error naming the job and final.json, and
// FetchFailed records it failed; its directory is not made. Before, a
// failed read of final.json counted as "not refused": the outputs were
// downloaded and the job counted done, with no error.
func TestCollectFinalUnreadableNotDownloaded54(t *testing.T) {
	c, ctx, j := mixedSweep(t, nil)
	breakFinalDigest(t, ctx, c, j.ID)
	root := t.TempDir()
	c.Log = &lockedWriter{w: &strings.Builder{}}
	jobs := []experiment.Job{j}
	states, err := c.Collect(ctx, "mixed", jobs, root)
	if len(states) != 1 {
		t.Fatalf("collect: %+v, %v", states, err)
	}
	want := "job " + j.ID + " (" + j.Out + ") is done on the server, but whether this stackel takes its stored run is not known: job " + j.ID +
		": reading its stored " + j.ID + "/final.json: " + jetstream.ErrDigestMismatch.Error() + "; not downloaded (" + filepath.Join(root, j.Out) + " is left as it was)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("collect's error\n%v\nwant it to hold\n%s", err, want)
	}
	if ids := FetchFailed(states, jobs, err); len(ids) != 1 || ids[0] != j.ID || states[0].Status != sweep.StatusFailed {
		t.Errorf("FetchFailed: %v, state %+v; want the job failed", ids, states[0])
	}
	if _, err := os.Stat(filepath.Join(root, j.Out)); !os.IsNotExist(err) {
		t.Errorf("the job's directory: %v; want none (not downloaded)", err)
	}
}

// TestStatusFinalUnreadableSaysSo54: sweep status of that job keeps it
// done, not marked run with other defaults (OtherSettings), with a note
// saying its record could not be read. Before, it said nothing.
func TestStatusFinalUnreadableSaysSo54(t *testing.T) {
	c, ctx, j := mixedSweep(t, nil)
	breakFinalDigest(t, ctx, c, j.ID)
	states, err := c.StatusStates(ctx, "mixed", []experiment.Job{j})
	if err != nil || len(states) != 1 {
		t.Fatalf("status: %+v, %v", states, err)
	}
	want := "whether this stackel takes its stored run is not known: job " + j.ID + ": reading its stored " + j.ID + "/final.json: " + jetstream.ErrDigestMismatch.Error()
	if s := states[0]; s.Status != sweep.StatusDone || s.OtherSettings || s.Error != want {
		t.Errorf("status: %q, other settings %v, error\n%q\nwant done, no other settings, error\n%q", s.Status, s.OtherSettings, s.Error, want)
	}
}

// TestRecordStoredDoneFinalUnreadable54: recordStoredDone, behind a
// submission's and a worker's "finished by another sweep", ends with the
// error of a final.json it cannot read in storedRefused, rather than
// record the job done (the store's record read a moment before by
// storedAttempt). Here the read fails in storedRefused alone: the object
// is broken between the two reads (hook).
func TestRecordStoredDoneFinalUnreadable54(t *testing.T) {
	c, ctx, j := mixedSweep(t, nil)
	c.beforeRefusedRead = func() { breakFinalDigest(t, ctx, c, j.ID) }
	stored, err := c.recordStoredDone(ctx, "other54", j)
	want := "job " + j.ID + ": reading its stored " + j.ID + "/final.json: " + jetstream.ErrDigestMismatch.Error()
	if stored || err == nil || err.Error() != want {
		t.Fatalf("recordStoredDone: %v, %v; want false and\n%s", stored, err, want)
	}
	if _, ok, err := c.GetState(ctx, "other54", j.ID); ok || err != nil {
		t.Errorf("the job has a state in sweep other54 (%v): recorded done", err)
	}
}
