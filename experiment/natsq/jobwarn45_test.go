package natsq

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// A worker writes the warnings of the job it ran (the leader's CG solves
// stopped at their cap: solver.iters = 1 on a follower Hessian diag(1, 3),
// which needs 2) to its log, each line naming the job and its sweep; they
// were dropped.
func TestWorkerLogsJobWarnings(t *testing.T) {
	c, log := startQueue(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	spec := `name: cap
config:
  name: c
  game: {sense: cost, dims: [1, 2], f1: '0.5*x[0]*x[0] + y[0] + y[1]', f2: '0.5*y[0]*y[0] + 1.5*y[1]*y[1] + x[0]*(y[0] - y[1])'}
  dynamics: {kind: stackelberg, solver: {kind: cg, iters: 1}}
  iterations: 5
`
	jobs := expandSpec(t, spec)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	exec := Executor{Conn: c, Name: "cap", Manifest: sweep.Manifest{Name: "cap", Jobs: jobs}}
	if err := exec.Execute(ctx, t.TempDir(), sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	want := " job " + jobs[0].ID + " of sweep cap: warning: in 5 steps the leader's CG solve stopped at its cap dynamics.solver.iters = 1 above its tolerance dynamics.solver.tol unset (1e-10) (largest relative residual ‖r‖/‖∇y f1‖ 0.5)"
	if n := strings.Count(logString(log), want); n != 1 {
		t.Errorf("the log has %d lines with %q, want 1:\n%s", n, want, logString(log))
	}
}
