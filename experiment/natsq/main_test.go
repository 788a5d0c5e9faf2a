package natsq

import (
	"os"
	"testing"
	"time"
)

// TestMain shortens the package's fixed waits for its tests, none of which
// asserts a duration: an idle worker's fetch (fetchWait, which each test's
// stop of its workers waited out, about 1 s a test), the retries of a wait
// on a server that does not answer (retryEvery), the delay of a job
// handed back (retryDelay), each 1 s outside tests, and the poll of a
// sweep's wait (waitPoll, 300 ms).
func TestMain(m *testing.M) {
	fetchWait = 100 * time.Millisecond
	retryEvery = 100 * time.Millisecond
	retryDelay = 100 * time.Millisecond
	waitPoll = 100 * time.Millisecond
	os.Exit(m.Run())
}
