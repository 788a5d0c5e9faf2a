//go:build !unix

package fault

import (
	"fmt"
	"os"
	"time"
)

// killSelf kills the process with os.Process.Kill (TerminateProcess on
// Windows, exit code 1): no deferred function runs and no buffer is
// flushed. Where the process cannot kill itself it panics, so that a
// fault test fails instead of running on past the point.
func killSelf() {
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = p.Kill()
	}
	if err != nil {
		panic(fmt.Sprintf("fault: killing the process at a fault point: %v", err))
	}
	for {
		time.Sleep(time.Second) // termination is asynchronous
	}
}
