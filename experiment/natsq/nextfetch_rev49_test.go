package natsq

import (
	"testing"
	"time"
)

// A worker of several slots whose DeclineDelay is shorter than fetchWait
// keeps every fetch shorter than DeclineDelay minus the guard: a fetch one
// slot began just before another slot hands a job back then ends a guard
// before the job returns. Before review 49 it waited the whole fetchWait
// (1 s), past the job's return 500 ms later, and took it back. One slot,
// or a delay of at least fetchWait plus the guard, keeps fetchWait.
func TestNextFetchSeveralSlotsShortDelay(t *testing.T) {
	old := fetchWait
	fetchWait = time.Second
	defer func() { fetchWait = old }()
	now := time.Now()
	for _, tc := range []struct {
		slots int
		delay time.Duration
		want  time.Duration
	}{
		{2, 500 * time.Millisecond, 375 * time.Millisecond}, // 500 ms less its guard of 125 ms
		{4, 100 * time.Millisecond, 75 * time.Millisecond},
		{2, 1250 * time.Millisecond, time.Second}, // 1250 - 250 = 1 s
		{2, 0, time.Second},                       // the default 2 s
		{1, 500 * time.Millisecond, time.Second},
	} {
		w := &Worker{Concurrency: tc.slots, DeclineDelay: tc.delay}
		if wait, pause := w.nextFetch(now); wait != tc.want || pause != 0 {
			t.Errorf("%d slots, delay %v: wait %v, pause %v; want %v, 0", tc.slots, tc.delay, wait, pause, tc.want)
		}
	}
	// With a hand-back pending, the shorter of the two.
	w := &Worker{Concurrency: 2, DeclineDelay: 500 * time.Millisecond, comebacks: []time.Time{now.Add(time.Second)}}
	if wait, pause := w.nextFetch(now); wait != 375*time.Millisecond || pause != 0 {
		t.Errorf("a comeback in 1 s: wait %v, pause %v; want 375ms, 0", wait, pause)
	}
	w.comebacks = []time.Time{now.Add(300 * time.Millisecond)}
	if wait, pause := w.nextFetch(now); wait != 175*time.Millisecond || pause != 0 {
		t.Errorf("a comeback in 300 ms: wait %v, pause %v; want 175ms, 0", wait, pause)
	}
}
