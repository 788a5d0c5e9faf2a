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

// TestLineProgressJobs drives the lines of a run of several jobs that
// report their own progress (a reproduction's RL runs): before any job
// ends the line gives the share of the work done, a job counts as finished
// when the executor reports its end, and what is left counts only the
// work done in this process (a job resumed at half way).
func TestLineProgressJobs(t *testing.T) {
	var out strings.Builder
	t0 := time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC)
	clock := t0
	at := func(d time.Duration) { clock = t0.Add(d) }
	l := newProgressLines(&out, "stsac-pendulum", func() time.Time { return clock }, time.Minute)
	want := ""
	expect := func(line string) {
		t.Helper()
		want += line
		if got := out.String(); got != want {
			t.Fatalf("got %q\nwant %q", got, want)
		}
	}
	l.runs(0, 4) // the executor tells the total at the start
	// Four jobs of 10 epochs. Job 0 starts afresh, job 1 resumes from its
	// checkpoint at epoch 5 (its first report is epoch 6).
	at(30 * time.Second)
	l.jobs(0, 1, 10)
	l.jobs(1, 6, 10)
	at(59 * time.Second)
	l.jobs(1, 8, 10)
	expect("") // no line within the first minute
	// At 2 min: job 0 at 4/10, job 1 at 8/10. Done: (0.4 + 0.8)/4 = 30 %.
	// Done here: 0.4 + (0.8 − 0.5) = 0.7 jobs in 120 s; left 4 − 1.2 = 2.8
	// jobs at 120/0.7 s each: 480 s.
	at(2 * time.Minute)
	l.jobs(0, 4, 10)
	expect("stsac-pendulum: 0/4 runs finished, 2 running, 30% done after 2m0s, about 8m0s left\n")
	// Job 1 ends: its last epoch, the executor's end report, then the
	// count (at 3 min, between the last two). Job 2, which reports
	// nothing on its way (a task job), ends at 3:10 as 1 of 1.
	at(2*time.Minute + 50*time.Second)
	l.jobs(1, 10, 10)
	at(3 * time.Minute)
	l.jobs(1, 10, 10)
	// Done: (1 + 0.4)/4 = 35 %; here 1 − 0.5 + 0.4 = 0.9 in 180 s; left
	// 4 − 1.4 = 2.6 jobs at 200 s: 520 s.
	expect("stsac-pendulum: 1/4 runs finished, 1 running, 35% done after 3m0s, about 8m40s left\n")
	l.runs(1, 4)
	at(3*time.Minute + 10*time.Second)
	l.jobs(2, 1, 1)
	l.runs(2, 4)
	// At 4 min: job 0 at 8/10, job 3 at 2/10. Done (2 + 1.0)/4 = 75 %; here
	// 0.5 + 1 + 0.8 + 0.2 = 2.5 in 240 s; left 1 job: 96 s.
	at(3*time.Minute + 20*time.Second)
	l.jobs(3, 1, 10)
	l.jobs(0, 8, 10)
	at(4 * time.Minute)
	l.jobs(3, 2, 10)
	expect("stsac-pendulum: 2/4 runs finished, 2 running, 75% done after 4m0s, about 1m36s left\n")
	// The end, within a minute of the last line: finish writes a last
	// line with what moved.
	at(4*time.Minute + 30*time.Second)
	for _, i := range []int{0, 3} {
		l.jobs(i, 10, 10)
	}
	l.runs(4, 4)
	l.finish()
	expect("stsac-pendulum: 4/4 runs finished, 100% done after 4m30s\n")
}

// A run resumed from its checkpoint at epoch 9000 of 10000 (its first
// report is epoch 9001) extrapolates what is left from the epochs it ran
// in this process, not from all 9000 before it: 100 epochs in a minute
// leave 900 epochs, 9 minutes (the line used to say "about 6s left").
func TestLineProgressResumedRun(t *testing.T) {
	var out strings.Builder
	t0 := time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC)
	clock := t0
	report, _ := lineProgress(&out, "rl", func() time.Time { return clock }, time.Minute)
	clock = t0.Add(time.Second)
	report(9001, 10000)
	clock = t0.Add(time.Minute)
	report(9100, 10000)
	if want := "rl: 9100/10000 (91%) after 1m0s, about 9m0s left\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}
