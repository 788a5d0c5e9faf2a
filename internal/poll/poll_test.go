package poll

import (
	"context"
	"errors"
	"testing"
	"time"
)

// errCounter is a context that counts the calls of its Err.
type errCounter struct {
	context.Context
	calls int
}

func (c *errCounter) Err() error { c.calls++; return c.Context.Err() }

// clock is a fake time that the steps advance.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// TestPollerPeriod: with steps of a given duration on a fake clock, the
// polls fall before the first step and then at the period Work/duration
// (1 to MaxPeriod); a slow first step does not fix the period.
func TestPollerPeriod(t *testing.T) {
	const steps = 1000
	for _, c := range []struct {
		name  string
		dur   func(k int) time.Duration // the duration of step k (from 0)
		polls []int                     // the steps polled before
	}{
		// 0.5 µs: polled before step 0, then step 1 (the period is 1
		// until a step's duration is known), then every 256.
		{"fast", func(int) time.Duration { return 500 * time.Nanosecond }, []int{0, 1, 257, 513, 769}},
		// 2 ms: every step.
		{"slow", func(int) time.Duration { return 2 * time.Millisecond }, nil},
		// 10 µs: every 100.
		{"medium", func(int) time.Duration { return 10 * time.Microsecond }, []int{0, 1, 101, 201, 301, 401, 501, 601, 701, 801, 901}},
		// A 2 ms first step, then 0.5 µs: every step until the poll
		// after the first fast one, then every 256.
		{"slow-first", func(k int) time.Duration {
			if k == 0 {
				return 2 * time.Millisecond
			}
			return 500 * time.Nanosecond
		}, []int{0, 1, 2, 258, 514, 770}},
	} {
		t.Run(c.name, func(t *testing.T) {
			clk := &clock{t: time.Unix(0, 0)}
			p := Poller{now: clk.now}
			ctx := &errCounter{Context: context.Background()}
			var polls []int
			for k := range steps {
				before := ctx.calls
				if err := p.Err(ctx); err != nil {
					t.Fatal(err)
				}
				if ctx.calls != before {
					polls = append(polls, k)
				}
				clk.t = clk.t.Add(c.dur(k))
			}
			want := c.polls
			if want == nil {
				for k := range steps {
					want = append(want, k)
				}
			}
			if len(polls) != len(want) {
				t.Fatalf("%d polls at %v, want %d at %v", len(polls), polls, len(want), want)
			}
			for i := range want {
				if polls[i] != want[i] {
					t.Fatalf("polls at %v, want %v", polls, want)
				}
			}
		})
	}
}

// TestPollerCancelled: a cancelled context is seen at the first call,
// before any step.
func TestPollerCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var p Poller
	if err := p.Err(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("first Err of a cancelled context: %v, want context canceled", err)
	}
}
