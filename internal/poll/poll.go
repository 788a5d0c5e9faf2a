package poll

import (
	"context"
	"time"
)

// MaxPeriod is the longest period, in steps, between two polls; a step
// with inner loops (follower unrolling, CG) polls inside itself too.
const MaxPeriod = 256

// Work is about the work between two polls: the period is Work divided
// by the steps' mean duration since the last poll, between 1 and
// MaxPeriod, so that a step that takes milliseconds (learn's exact
// solver with a follower of dimension 200: 9.5 ms) is followed by a poll
// every time, and one of 0.5 µs every 256th.
const Work = time.Millisecond

// Poller polls a context before some of a loop's steps. The zero value
// polls before the first step; the period is set again at each poll from
// the steps' mean duration since the one before, so a slow first step (a
// cold cache, a pause) does not fix it for the whole loop.
type Poller struct {
	n, next, period int
	polled          time.Time
	now             func() time.Time // time.Now if nil (tests set a clock)
}

// Err is called once before each step: before the first and every
// period steps after it, it returns ctx.Err(); before the others, nil.
func (p *Poller) Err(ctx context.Context) error {
	n := p.n
	p.n++
	if n != p.next {
		return nil // inlined: the cost of a step that is not polled
	}
	return p.poll(ctx, n)
}

// poll is Err before step n, one that is polled.
func (p *Poller) poll(ctx context.Context, n int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := time.Now
	if p.now != nil {
		now = p.now
	}
	t := now()
	if n == 0 {
		p.period = 1
	} else { // p.period steps since the last poll
		perStep := t.Sub(p.polled) / time.Duration(p.period)
		p.period = int(min(MaxPeriod, max(1, Work/max(1, perStep))))
	}
	p.polled, p.next = t, n+p.period
	return nil
}
