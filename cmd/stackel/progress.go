package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/stackel/stackel/experiment"
)

// progressLineEvery is how often, at most, a run whose stderr is not a
// terminal (a log file, nohup, a Slurm job) writes a progress line.
const progressLineEvery = time.Minute

// newProgress returns a progress callback for a run called what, and the
// function to call when it ends. On a terminal it shows a bar on stderr
// once the run has lasted more than a second; otherwise it writes a line
// to stderr at most once a minute (lineProgress), so that a run of hours
// logged to a file shows how far it is. With quiet it does neither.
func newProgress(quiet bool, what string) (experiment.ProgressFunc, func()) {
	if quiet {
		return nil, func() {}
	}
	if !term.IsTerminal(int(os.Stderr.Fd())) {
		return lineProgress(os.Stderr, what, time.Now, progressLineEvery)
	}
	var (
		mu    sync.Mutex
		bar   *progressbar.ProgressBar
		start = time.Now()
	)
	report := func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if bar == nil {
			if time.Since(start) < time.Second {
				return
			}
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(os.Stderr),
				progressbar.OptionSetDescription(what),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish())
		}
		_ = bar.Set(done)
	}
	finish := func() {
		mu.Lock()
		defer mu.Unlock()
		if bar != nil {
			_ = bar.Finish()
		}
	}
	return report, finish
}

// lineProgress returns a progress callback that writes to w, at most once
// every interval (by the clock now), a line such as
//
//	stddpg-mujoco: 4/15 (27%) after 31m0s, about 1h25m left
//
// (what is left extrapolated from the rate so far), nothing for a run that
// ends within the first interval; and the function to call when the run
// ends, which writes the last count reached if it moved since the last
// line.
func lineProgress(w io.Writer, what string, now func() time.Time, interval time.Duration) (experiment.ProgressFunc, func()) {
	var (
		mu                sync.Mutex
		start             = now()
		last              = start
		done, total       int
		written, lastDone = false, -1
	)
	line := func(t time.Time) {
		elapsed := t.Sub(start)
		text := fmt.Sprintf("%s: %d/%d", what, done, total)
		if total > 0 {
			text += fmt.Sprintf(" (%d%%)", 100*done/total)
		}
		text += " after " + roundDuration(elapsed)
		if done > 0 && done < total {
			left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
			text += ", about " + roundDuration(left) + " left"
		}
		fmt.Fprintln(w, text)
		last, written, lastDone = t, true, done
	}
	report := func(d, n int) {
		mu.Lock()
		defer mu.Unlock()
		done, total = d, n
		if t := now(); t.Sub(last) >= interval {
			line(t)
		}
	}
	finish := func() {
		mu.Lock()
		defer mu.Unlock()
		if written && done != lastDone {
			line(now())
		}
	}
	return report, finish
}

// roundDuration writes d to the second (to the minute from an hour on).
func roundDuration(d time.Duration) string {
	if d >= time.Hour {
		return d.Round(time.Minute).String()
	}
	return d.Round(time.Second).String()
}
