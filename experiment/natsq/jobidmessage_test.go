package natsq

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// A job message whose ID cannot name the job's keys (a task job, whose ID
// the worker cannot recompute, from another version or a broken client)
// is handed back with one log line naming it, rather than failing on the
// key-value bucket and being handed back every second, with a line each
// time, for ever.
func TestMessageWithBadJobID(t *testing.T) {
	job, err := experiment.NewTaskJob("natsq-test/echo", map[string]int{"x": 3}, 1, "echo/seed1")
	if err != nil {
		t.Fatal(err)
	}
	job.ID = "a*b"
	lines, log := deliverRawMessage(t, jobSubject("badid", "x"), message{Sweep: "badid", Job: job})
	want := `left badid a*b (echo/seed1) to other workers: job ID "a*b": use letters, digits, - and _ only, at most 128 of them (another stackel version?)`
	if len(lines) != 1 || !strings.HasSuffix(lines[0], want) {
		t.Errorf("want one line ending %q; log:\n%s", want, log)
	}
}
