package main

import (
	"fmt"
	"testing"

	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
)

// TestDeclinedNoteManyWorkers53: sweep status's note for a job that twelve
// live workers handed back for the waiting note's reason names the first
// ten and counts the rest, as the sweep's wait line (natsq.DeclineText)
// does, instead of every name: a cluster of a hundred workers made a line
// of a hundred names.
func TestDeclinedNoteManyWorkers53(t *testing.T) {
	const why = "built without the engine"
	var ds []natsq.Decline
	for i := 1; i <= 12; i++ {
		ds = append(ds, natsq.Decline{ID: fmt.Sprintf("I%02d", i), Worker: fmt.Sprintf("w%02d", i), Why: why})
	}
	s := natsq.State{Status: sweep.StatusQueued, Waiting: "worker w01 cannot run it: " + why, DeclinedByAll: ds}
	const names = "12: w01, w02, w03, w04, w05, w06, w07, w08, w09, w10 and 2 more"
	if got, want := declinedNote(s), "; declined by every live worker ("+names+")"; got != want {
		t.Errorf("declinedNote\n%q\nwant\n%q", got, want)
	}
	if got, want := natsq.DeclineText(s), "declined by every live worker ("+names+"): "+why; got != want {
		t.Errorf("DeclineText\n%q\nwant\n%q", got, want)
	}
}
