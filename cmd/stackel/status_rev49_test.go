package main

import (
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
)

// stackel sweep status's line escapes what a terminal would not show as
// written: a job's error and waiting note, stored by a worker on another
// machine, can name a path no one quoted, and the label writes the grid's
// values. Before review 49 they were printed raw (an ESC reached the
// terminal).
func TestStatusLineEscapes(t *testing.T) {
	j := sweep.Job{Job: experiment.Job{ID: "0a1b", Seed: 3}, Index: 7,
		Grid: []sweep.Assign{{Key: "game.name", Value: "a\x1b[2Jb"}}}
	for _, tc := range []struct {
		s    natsq.State
		want string
	}{
		{natsq.State{Status: sweep.StatusFailed, Attempts: 2, Worker: "w1", Error: "open /d/x\x1b]0;t\x07.yaml: no such file"},
			`   7 0a1b failed    attempts 2 worker w1  game.name=a\x1b[2Jb seed 3  error: open /d/x\x1b]0;t\a.yaml: no such file`},
		{natsq.State{Status: sweep.StatusQueued, Waiting: "worker w\u202e2 could not run it"},
			`   7 0a1b queued    attempts 0  game.name=a\x1b[2Jb seed 3  waiting: worker w\u202e2 could not run it`},
	} {
		if got := statusLine(j, tc.s); got != tc.want {
			t.Errorf("got\n%s\nwant\n%s", got, tc.want)
		}
	}
}
