package natsq

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/stackel/stackel/markov"
)

// A Markov run whose follower's best response B(θ1) reaches its iteration
// limit at the current θ1 of the Backtracking rule's leader line search
// fails alike at every attempt (the exact computation at a θ1 that follows
// from the configuration and seed), but deterministicFailure returned ""
// for it (before session 42 markov returned it as a plain error), so the
// worker retried the job up to its attempt bound. Its error, a
// *markov.BestResponseLimitError whose chain holds
// markov.ErrBestResponseLimit, must be taken as deterministic, wrapped or
// not; one that also holds a system error, or the same text without the
// sentinel, must not.
func TestBestResponseLimitNotRetried(t *testing.T) {
	j := configJob(t, "name: brlimit\ngame: {markov_builtin: random, params: {states: 2, actions1: 2, actions2: 2}}\n"+
		"dynamics: {kind: stackelberg-pg, step_rule: backtracking}\niterations: 5\n", "brlimit/seed1").Job
	const text = "at the current θ1 of the leader's line search on V1(θ1 + α d, B(θ1 + α d)): " +
		"markov: best response: soft policy iteration did not converge in 500 iterations (last change 0.1)"
	brErr := &markov.BestResponseLimitError{Iteration: 3, Quantity: "follower best response B(θ1) (Eq. 13-14)",
		Err: fmt.Errorf("at the current θ1 of the leader's line search on V1(θ1 + α d, B(θ1 + α d)): %w", markov.ErrBestResponseLimit)}
	write := &fs.PathError{Op: "write", Path: "/w/metrics.csv", Err: syscall.ENOSPC}
	const reason = "its follower's best response reaches its iteration limit at every attempt"
	for _, tc := range []struct {
		what string
		err  error
		want string
	}{
		{"best response limit", brErr, reason},
		{"best response limit, wrapped", fmt.Errorf("run: %w", brErr), reason},
		{"best response limit and a failed write", errors.Join(brErr, write), ""},
		{"the same text without the sentinel", errors.New("markov: iteration 3: step sizes (backtracking): " + text), ""},
	} {
		if got := deterministicFailure(j, tc.err); got != tc.want {
			t.Errorf("%s (%v): deterministicFailure %q, want %q", tc.what, tc.err, got, tc.want)
		}
	}
}
