package natsq

import (
	"testing"

	"github.com/stackel/stackel/experiment/sweep"
)

// TestSummariseOneJob46h: the status line of a sweep of one job (the
// sweep's progress, stackel sweep status) says "1 job", not "1 jobs".
func TestSummariseOneJob46h(t *testing.T) {
	if got := Summarise([]State{{Status: sweep.StatusQueued}}); got != "1 job: 1 queued" {
		t.Errorf("Summarise = %q", got)
	}
	if got := Summarise([]State{{Status: sweep.StatusDone}, {Status: sweep.StatusQueued}}); got != "2 jobs: 1 done, 1 queued" {
		t.Errorf("Summarise = %q", got)
	}
}
