package main

import (
	"strings"
	"testing"
	"time"
)

// TestLineProgress drives lineProgress with a fake clock: no line within
// the first interval, then at most one per interval with the count, the
// share, the time so far and what is left at the rate so far, and a last
// line at the end if the count moved since.
func TestLineProgress(t *testing.T) {
	var out strings.Builder
	clock := time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC)
	at := func(d time.Duration) { clock = time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC).Add(d) }
	report, finish := lineProgress(&out, "stddpg-mujoco", func() time.Time { return clock }, time.Minute)
	steps := []struct {
		at        time.Duration
		done, tot int
		wantSoFar string
	}{
		{10 * time.Second, 1, 15, ""},
		{59 * time.Second, 2, 15, ""},
		// 3 of 15 after 61 s: 12 more at 61/3 s each, 244 s.
		{61 * time.Second, 3, 15, "stddpg-mujoco: 3/15 (20%) after 1m1s, about 4m4s left\n"},
		{90 * time.Second, 4, 15, ""}, // within a minute of the last line
		// 5 of 15 after 2 h 1 min: 10 more at 24.2 min each, 4 h 2 min.
		{2*time.Hour + time.Minute, 5, 15, "stddpg-mujoco: 5/15 (33%) after 2h1m0s, about 4h2m0s left\n"},
		{2*time.Hour + 90*time.Second, 15, 15, ""},
	}
	want := ""
	for _, s := range steps {
		at(s.at)
		report(s.done, s.tot)
		want += s.wantSoFar
		if got := out.String(); got != want {
			t.Fatalf("after %d/%d at %v:\n%q\nwant\n%q", s.done, s.tot, s.at, got, want)
		}
	}
	finish()
	want += "stddpg-mujoco: 15/15 (100%) after 2h2m0s\n"
	if got := out.String(); got != want {
		t.Fatalf("at the end:\n%q\nwant\n%q", got, want)
	}

	// A run that ends within the first interval writes nothing.
	out.Reset()
	at(0)
	report, finish = lineProgress(&out, "short", func() time.Time { return clock }, time.Minute)
	at(30 * time.Second)
	report(10, 10)
	finish()
	if out.Len() != 0 {
		t.Errorf("a 30 s run wrote %q", out.String())
	}
}
