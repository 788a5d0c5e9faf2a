// Package fault holds the fault-injection points of stackel's fault tests.
// It implements no paper equation.
//
// A test sets STACKEL_FAULT=NAME in the environment of a stackel process;
// when that process reaches Point(NAME) it kills itself with SIGKILL, the
// way a power cut or the OOM killer would stop it, at a chosen moment (in
// the middle of a checkpoint write, of the metrics rewrite of a resume, of
// a report write). Without the variable Point does nothing.
package fault

import (
	"os"
	"sync"
	"syscall"
)

// Env is the environment variable naming the fault point to fire.
const Env = "STACKEL_FAULT"

var (
	once   sync.Once
	target string
)

// Point kills the process with SIGKILL if STACKEL_FAULT names this point.
func Point(name string) {
	once.Do(func() { target = os.Getenv(Env) })
	if target != "" && target == name {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is delivered asynchronously
	}
}
