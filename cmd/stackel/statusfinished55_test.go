package main

import (
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
)

// TestStatusLineFinishedAttempt55: a job done by attempt 1 while a
// redelivery (a server outage past the ack wait) had started attempt 2,
// stopped as superseded, records attempts 2 and its run's attempt 1
// (State.FinishedAttempt); stackel sweep status gave "attempts 2 worker
// W" while the run's attempt.json says 1. The line names the attempt
// whose run is recorded when it is not the last; otherwise it is as it
// was.
func TestStatusLineFinishedAttempt55(t *testing.T) {
	j := sweep.Job{Job: experiment.Job{ID: "0a1b", Seed: 3}, Index: 7,
		Grid: []sweep.Assign{{Key: "game.name", Value: "duo"}}}
	for _, tc := range []struct {
		s    natsq.State
		want string
	}{
		{natsq.State{Status: sweep.StatusDone, Attempts: 2, FinishedAttempt: 1, Worker: "vm:3007"},
			"   7 0a1b done      attempts 2 worker vm:3007 (its run: attempt 1)  game.name=duo seed 3"},
		{natsq.State{Status: sweep.StatusDone, Attempts: 2, FinishedAttempt: 2, Worker: "vm:3007"},
			"   7 0a1b done      attempts 2 worker vm:3007  game.name=duo seed 3"},
		{natsq.State{Status: sweep.StatusDone, Attempts: 1, Worker: "vm:3007"},
			"   7 0a1b done      attempts 1 worker vm:3007  game.name=duo seed 3"},
	} {
		if got := statusLine(j, tc.s); got != tc.want {
			t.Errorf("got\n%q\nwant\n%q", got, tc.want)
		}
	}
}
