package natsq

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// renamed returns jobs as jobs of sweep name.
func renamed(jobs []sweep.Job, name string) []sweep.Job {
	out := make([]sweep.Job, len(jobs))
	for i, j := range jobs {
		j.Sweep = name
		out[i] = j
	}
	return out
}

// A sweep name longer than sweep.MaxNameLen is refused before anything is
// sent, naming its length, and the connection (which a sweep's local
// workers share) stays usable. Before, a name of 5000 characters went into
// a subject longer than the server's control line: the server closed the
// connection, and the sweep failed with "nats: connection closed" (its
// workers with it). A name of the maximum length runs end to end.
func TestLongSweepName(t *testing.T) {
	c, _ := startQueue(t, QueueOptions{AckWait: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := smallJobs(t, "x")

	long := strings.Repeat("n", 5000)
	want := `sweep name "` + strings.Repeat("n", 32) + `"… (5000 bytes): use letters, digits, - and _ only, at most 128 of them (it names the sweep's NATS subjects and keys)`
	lj := renamed(jobs, long)
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: long, Jobs: lj}, sweep.Plain(lj), nil); err == nil || err.Error() != want {
		t.Errorf("Submit with a name of 5000 bytes: %v\nwant %s", err, want)
	}
	if _, err := c.Cancel(ctx, long); err == nil || err.Error() != want {
		t.Errorf("Cancel with a name of 5000 bytes: %v\nwant %s", err, want)
	}
	if err := CheckName(strings.Repeat("m", 129)); err == nil || !strings.HasPrefix(err.Error(), `sweep name "`+strings.Repeat("m", 32)+`"… (129 bytes): `) {
		t.Errorf("CheckName of 129 bytes: %v", err)
	}

	// The connection still works: a sweep whose name has the maximum
	// length runs to its end on it.
	name := strings.Repeat("a", sweep.MaxNameLen)
	mj := renamed(jobs, name)
	root := t.TempDir()
	if err := (Executor{Conn: c, Name: name, Manifest: sweep.Manifest{Name: name, Jobs: mj}}).Execute(ctx, root, sweep.Plain(mj), nil); err != nil {
		t.Fatal(err)
	}
	for i, st := range states(t, c, name, mj) {
		if st.Status != sweep.StatusDone || st.Attempts != 1 {
			t.Errorf("job %d of the sweep with a %d-byte name: %+v", i, len(name), st)
		}
	}
	if m, err := c.Manifest(ctx, name); err != nil || m.Name != name || len(m.Jobs) != 2 {
		t.Errorf("its manifest: %v", err)
	}
}
