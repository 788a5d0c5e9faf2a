package fault

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Env is the environment variable naming the fault point to fire.
const Env = "STACKEL_FAULT"

var (
	once   sync.Once
	mu     sync.Mutex
	target string
	nth    = 1
	hits   int
)

// Point kills the process with SIGKILL if STACKEL_FAULT names this point
// (and this is the K-th time it is reached).
func Point(name string) {
	once.Do(func() {
		target = os.Getenv(Env)
		if i := strings.LastIndexByte(target, ':'); i >= 0 {
			if k, err := strconv.Atoi(target[i+1:]); err == nil && k > 0 {
				target, nth = target[:i], k
			}
		}
	})
	if target == "" || target != name {
		return
	}
	mu.Lock()
	hits++
	fire := hits == nth
	mu.Unlock()
	if fire {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is delivered asynchronously
	}
}
