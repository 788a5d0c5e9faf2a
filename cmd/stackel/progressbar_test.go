package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// lastFrame returns the last bar drawn in a terminal's output: the last
// text between carriage returns that is not blank.
func lastFrame(out string) string {
	parts := strings.Split(out, "\r")
	for i := len(parts) - 1; i >= 0; i-- {
		if strings.TrimSpace(parts[i]) != "" {
			return parts[i]
		}
	}
	return ""
}

// On a terminal, a reproduction's bar shows the share of the work with
// the jobs finished and running as its description: the share drawn is
// the one of the description drawn beside it. Before, the bar's Describe
// drew it with the share of the previous report and its own throttle
// kept the Set that followed from being drawn: `stackel reproduce
// negotiation --quick` on a terminal showed "11/12 runs finished" at 0%.
func TestBarProgressShowsShareOfItsDescription(t *testing.T) {
	var out bytes.Buffer
	t0 := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	now := t0
	report, jobs, finish := newBarProgress(&out, "negotiation", func() time.Time { return now })
	now = t0.Add(2 * time.Second) // the bar appears after a second
	report(0, 12)                 // the total, before the first job ends (experiment.ForSeeds)
	for i := 0; i < 11; i++ {
		now = now.Add(time.Second)
		jobs(i, 1, 1) // the job has ended (experiment.Local.JobProgress)
		report(i+1, 12)
	}
	got := lastFrame(out.String())
	if !strings.Contains(got, "negotiation: 11/12 runs finished, 0 running") || !strings.Contains(got, " 91% ") {
		t.Errorf("last bar drawn %q, want the description of 11/12 runs finished at 91%%", got)
	}
	// A job halfway: 11.5 of 12 runs' work, 95%, one running.
	now = now.Add(time.Second)
	jobs(11, 5, 10)
	got = lastFrame(out.String())
	if !strings.Contains(got, "negotiation: 11/12 runs finished, 1 running") || !strings.Contains(got, " 95% ") {
		t.Errorf("last bar drawn %q, want the description of 11/12 runs finished, 1 running at 95%%", got)
	}
	finish()
	// Cleared: overwritten with blanks, the cursor back at the line's start.
	parts := strings.Split(out.String(), "\r")
	if n := len(parts); n < 2 || parts[n-1] != "" || strings.TrimSpace(parts[n-2]) != "" || len(parts[n-2]) == 0 {
		t.Errorf("the bar is not cleared at the end: output ends %q", out.String()[max(0, out.Len()-200):])
	}
}
