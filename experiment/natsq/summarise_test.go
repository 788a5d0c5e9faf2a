package natsq

import (
	"testing"

	"github.com/stackel/stackel/experiment/sweep"
)

// TestSummariseCountsEveryStatus: a state whose status stackel does not
// write (another version's, an empty one written by hand) is counted, so
// that the counts add up to the jobs. It was left out: "3 jobs: 1 done".
func TestSummariseCountsEveryStatus(t *testing.T) {
	got := Summarise([]State{{Status: sweep.StatusDone}, {Status: "paused"}, {Status: ""}, {Status: "paused"}})
	want := `4 jobs: 1 done, 1 "", 2 paused`
	if got != want {
		t.Errorf("Summarise = %q, want %q", got, want)
	}
}
