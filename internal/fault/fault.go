package fault

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Env is the environment variable naming the fault point to fire.
const Env = "STACKEL_FAULT"

var (
	once     sync.Once
	mu       sync.Mutex
	target   string
	nth      = 1
	hits     int
	parseErr error
)

// parse reads a STACKEL_FAULT value: NAME, or NAME:K with K a decimal
// integer ≥ 1 (the K-th time the point is reached; NAME alone is NAME:1).
// An empty value names no point. Any other value is an error: a K of 0, a
// negative or non-numeric K, or an empty NAME would otherwise name a point
// that is never reached, and the fault test would silently test nothing.
func parse(v string) (name string, k int, err error) {
	if v == "" {
		return "", 1, nil
	}
	name, k = v, 1
	if i := strings.LastIndexByte(v, ':'); i >= 0 {
		n, err := strconv.Atoi(v[i+1:])
		if err != nil || n < 1 {
			return "", 0, fmt.Errorf("fault: %s=%q: K in NAME:K must be an integer ≥ 1 (the K-th time the point is reached, counting from 1), got %q", Env, v, v[i+1:])
		}
		name, k = v[:i], n
	}
	if name == "" {
		return "", 0, fmt.Errorf("fault: %s=%q: no point name (want NAME or NAME:K)", Env, v)
	}
	return name, k, nil
}

// Point kills the process (with SIGKILL; on Windows with TerminateProcess)
// if STACKEL_FAULT names this point (and this is the K-th time it is
// reached). A STACKEL_FAULT that is not NAME or NAME:K with K ≥ 1 makes
// Point panic, naming the value, rather than fire nowhere.
func Point(name string) {
	once.Do(func() {
		target, nth, parseErr = parse(os.Getenv(Env))
	})
	if parseErr != nil {
		panic(parseErr)
	}
	if target == "" || target != name {
		return
	}
	mu.Lock()
	hits++
	fire := hits == nth
	mu.Unlock()
	if fire {
		killSelf()
	}
}
