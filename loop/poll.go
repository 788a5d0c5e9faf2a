package loop

import "context"

// Poll checks a context every Every calls of Err, so that a loop whose
// single iteration takes nanoseconds (a follower's unrolled gradient step,
// a Hi-C stage) can look at its context at a cost of one counter
// increment per iteration, and one whose iteration is expensive (a
// Hessian–vector product of a network) can look at every one. The zero
// value never reports cancellation.
type Poll struct {
	ctx   context.Context
	every int
	n     int
}

// NewPoll returns a Poll of ctx that looks every `every` calls (at least 1).
// A nil ctx is never cancelled. It is a value, so that a Poll made per
// step stays on the stack.
func NewPoll(ctx context.Context, every int) Poll {
	return Poll{ctx: ctx, every: max(every, 1)}
}

// Err returns ctx.Err() on every Every-th call (the first call included)
// and nil otherwise.
func (p *Poll) Err() error {
	if p == nil || p.ctx == nil {
		return nil
	}
	if p.n--; p.n > 0 {
		return nil
	}
	p.n = p.every
	return p.ctx.Err()
}
