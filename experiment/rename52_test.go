package experiment

import (
	"errors"
	"testing"
	"time"
)

// TestRetryRename52: a rename refused because a reader holds the file
// (busy) is tried again, renameWait apart, until it succeeds or
// renameRetries tries have failed; any other error is returned at once.
// On Windows a `stackel eval` loading a run's checkpoint made the run's
// write of its next checkpoint fail at once, stopping the run.
func TestRetryRename52(t *testing.T) {
	errBusy, errOther := errors.New("busy"), errors.New("other")
	busy := func(err error) bool { return errors.Is(err, errBusy) }
	for _, c := range []struct {
		name          string
		fails         int   // the calls that fail before one succeeds
		err           error // what they fail with
		want          error
		calls, sleeps int
	}{
		{"free", 0, nil, nil, 1, 0},
		{"held twice", 2, errBusy, nil, 3, 2},
		{"held throughout", 1000, errBusy, errBusy, renameRetries, renameRetries - 1},
		{"other error", 1000, errOther, errOther, 1, 0},
	} {
		calls, sleeps := 0, 0
		var slept time.Duration
		rename := func(tmp, path string) error {
			if calls++; calls <= c.fails {
				return c.err
			}
			return nil
		}
		sleep := func(d time.Duration) { sleeps++; slept += d }
		err := retryRename(rename, busy, sleep, "a.tmp", "a")
		if !errors.Is(err, c.want) || err != nil && c.want == nil || calls != c.calls || sleeps != c.sleeps || slept != time.Duration(c.sleeps)*renameWait {
			t.Errorf("%s: %v after %d calls and %d sleeps (%v); want %v, %d, %d", c.name, err, calls, sleeps, slept, c.want, c.calls, c.sleeps)
		}
	}
	if renameBusy(errBusy) {
		t.Errorf("renameBusy took an unrelated error for a reader's hold")
	}
}
