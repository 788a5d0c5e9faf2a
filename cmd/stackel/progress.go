package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
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
	progress, _, finish := newRunsProgress(quiet, what)
	return progress, finish
}

// newRunsProgress is newProgress for a run of several jobs (a
// reproduction): it also returns a callback for the progress within each
// job (nil when quiet). When stderr is not a terminal its lines include the
// running jobs' shares (progressLines); on a terminal the bar counts the
// jobs until the first job reports its own progress, and from then on the
// share of the work done, with the jobs finished and running in its
// description.
func newRunsProgress(quiet bool, what string) (experiment.ProgressFunc, func(index, done, total int), func()) {
	if quiet {
		return nil, nil, func() {}
	}
	if !term.IsTerminal(int(os.Stderr.Fd())) {
		l := newProgressLines(os.Stderr, what, time.Now, progressLineEvery)
		return l.runs, l.jobs, l.finish
	}
	return newBarProgress(os.Stderr, what, time.Now)
}

// barRedrawEvery is how often, at most, the bar of a run's share of the
// work is drawn again while its description stays the same.
const barRedrawEvery = 100 * time.Millisecond

// newBarProgress is newRunsProgress on a terminal w, by the clock now:
// a bar, once the run has lasted a second.
func newBarProgress(w io.Writer, what string, now func() time.Time) (experiment.ProgressFunc, func(index, done, total int), func()) {
	var (
		mu          sync.Mutex
		bar         *progressbar.ProgressBar
		start       = now()
		shares      jobShares
		done, total int
		desc        string    // the share bar's description last drawn
		drawn       time.Time // when the share bar was last drawn
	)
	// barUnits is the bar's resolution when it shows the share of the work.
	const barUnits = 1000
	var barShares bool // the bar shows the share of the work
	show := func() {
		if bar != nil && shares.any() && !barShares {
			// The first report of a job's own progress after the bar
			// started counting jobs: a bar of the share replaces it.
			_ = bar.Finish()
			bar = nil
		}
		t := now()
		if bar == nil {
			if t.Sub(start) < time.Second {
				return
			}
			barShares = shares.any()
			if barShares {
				// Not throttled by the bar itself: its Describe draws
				// the bar, with the value before the Set that follows,
				// which a throttle then kept from being drawn (the bar
				// showed "11/12 runs finished" at 0%). Throttled here.
				bar = progressbar.NewOptions(barUnits,
					progressbar.OptionSetWriter(w),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionClearOnFinish())
				desc, drawn = "", time.Time{}
			} else {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(w),
					progressbar.OptionSetDescription(what),
					progressbar.OptionShowCount(),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish())
			}
		}
		if !shares.any() {
			_ = bar.Set(done)
			return
		}
		c := shares.tally(done, total)
		d := fmt.Sprintf("%s: %d/%d runs finished, %d running", what, c.ended, total, c.running)
		if d == desc && t.Sub(drawn) < barRedrawEvery {
			return
		}
		_ = bar.Set(int(barUnits * c.share))
		bar.Describe(d) // draws the bar with its new value
		desc, drawn = d, t
	}
	report := func(d, n int) {
		mu.Lock()
		defer mu.Unlock()
		done, total = d, n
		show()
	}
	jobs := func(index, d, n int) {
		mu.Lock()
		defer mu.Unlock()
		if shares.add(index, d, n) {
			show()
		}
	}
	finish := func() {
		mu.Lock()
		defer mu.Unlock()
		if bar != nil {
			_ = bar.Finish()
		}
	}
	return report, jobs, finish
}

// jobShares holds the progress of the jobs of a run that report their own
// (experiment.Local.JobProgress), as shares of each job.
type jobShares struct {
	// perJob holds each job that reported its own progress: its share
	// done and the share it had when this process first heard of it.
	perJob map[int]*jobShare
}

// jobShare is one job's progress as a share of the job: now, and when
// this process first heard of it (base).
type jobShare struct{ now, base float64 }

// add records that done of total units of job index are complete; false
// for a report without a total.
func (s *jobShares) add(index, done, total int) bool {
	if total <= 0 {
		return false
	}
	if s.perJob == nil {
		s.perJob = map[int]*jobShare{}
	}
	j, ok := s.perJob[index]
	if !ok {
		// The report comes after a unit of work: that unit was done here.
		j = &jobShare{base: max(0, float64(done-1)/float64(total))}
		s.perJob[index] = j
	}
	j.now = min(1, float64(done)/float64(total))
	return true
}

// any tells whether a job has reported its own progress.
func (s *jobShares) any() bool { return len(s.perJob) > 0 }

// shareTally is what jobShares.tally counts.
type shareTally struct {
	// ended and running count the jobs; share is the share of the whole
	// run done, here the jobs' worth of work done in this process and
	// left the jobs' worth still to do.
	ended, running    int
	share, here, left float64
}

// tally counts the jobs ended and running and the shares of the work, given
// that done of total jobs are counted finished by the executor. The
// executor reports every job's end as its whole share before it counts the
// job in done (experiment.Local.JobProgress), so a job at share 1 has
// ended.
func (s *jobShares) tally(done, total int) shareTally {
	var t shareTally
	partial, base := 0.0, 0.0
	for _, j := range s.perJob {
		base += j.base
		if j.now < 1 {
			t.running++
			partial += j.now
		} else {
			t.ended++
		}
	}
	t.ended = max(t.ended, done)
	if total > 0 {
		t.share = min(1, (float64(t.ended)+partial)/float64(total))
	}
	t.here = float64(t.ended) + partial - base
	t.left = max(0, float64(total-t.ended)-partial)
	return t
}

// lineProgress returns a progress callback that writes to w, at most once
// every interval (by the clock now), a line such as
//
//	stddpg-mujoco: 4/15 (27%) after 31m0s, about 1h25m left
//
// (what is left extrapolated from the rate so far in this process, so that
// a run resumed from its checkpoint does not count the epochs before it
// as done in the time since it started), nothing for a run that
// ends within the first interval; and the function to call when the run
// ends, which writes the last count reached if it moved since the last
// line.
func lineProgress(w io.Writer, what string, now func() time.Time, interval time.Duration) (experiment.ProgressFunc, func()) {
	l := newProgressLines(w, what, now, interval)
	return l.runs, l.finish
}

// progressLines writes the progress lines of lineProgress. A run of several
// jobs (a reproduction) may also report the progress within each job
// (jobs): its lines then count the jobs finished and give the share of the
// work done with the running jobs' parts, e.g.
//
//	stddpg-mujoco: 4/15 runs finished, 2 running, 37% done after 1h2m0s, about 1h45m0s left
//
// so that jobs of hours show progress before the first one ends. What is
// left is extrapolated from the work done in this process: a job resumed
// from a checkpoint counts from the unit before its first report.
type progressLines struct {
	w        io.Writer
	what     string
	now      func() time.Time
	interval time.Duration

	mu             sync.Mutex
	start, last    time.Time
	done, total    int
	shares         jobShares
	written, moved bool
	// base is the count done before this process (a run resumed from its
	// checkpoint at epoch k first reports k+1; base is then k), known
	// once reported is set: what is left is extrapolated from done − base.
	base     int
	reported bool
}

func newProgressLines(w io.Writer, what string, now func() time.Time, interval time.Duration) *progressLines {
	t := now()
	return &progressLines{w: w, what: what, now: now, interval: interval, start: t, last: t}
}

// runs is told that done of total jobs (or units of work) are complete.
func (l *progressLines) runs(done, total int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.reported {
		// The report comes after a unit of work: that unit was done here
		// (a run that starts afresh reports 0 or 1 first).
		l.base, l.reported = max(0, done-1), true
	}
	l.done, l.total, l.moved = done, total, true
	l.maybeLine()
}

// jobs is told that done of total units of job index's work are complete.
func (l *progressLines) jobs(index, done, total int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.shares.add(index, done, total) {
		l.moved = true
		l.maybeLine()
	}
}

// finish writes a last line if anything moved since the last one (and a
// line was written at all).
func (l *progressLines) finish() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.written && l.moved {
		l.line(l.now())
	}
}

func (l *progressLines) maybeLine() {
	if t := l.now(); t.Sub(l.last) >= l.interval {
		l.line(t)
	}
}

func (l *progressLines) line(t time.Time) {
	elapsed := t.Sub(l.start)
	var text string
	if !l.shares.any() {
		text = fmt.Sprintf("%s: %d/%d", l.what, l.done, l.total)
		if l.total > 0 {
			text += fmt.Sprintf(" (%d%%)", 100*l.done/l.total)
		}
		text += " after " + roundDuration(elapsed)
		if here := l.done - l.base; here > 0 && l.done < l.total {
			left := time.Duration(float64(elapsed) * float64(l.total-l.done) / float64(here))
			text += ", about " + roundDuration(left) + " left"
		}
	} else {
		c := l.shares.tally(l.done, l.total)
		text = fmt.Sprintf("%s: %d/%d runs finished", l.what, c.ended, l.total)
		if c.running > 0 {
			text += fmt.Sprintf(", %d running", c.running)
		}
		text += fmt.Sprintf(", %d%% done after %s", int(100*c.share), roundDuration(elapsed))
		if c.here > 0 && c.ended < l.total {
			text += ", about " + roundDuration(time.Duration(float64(elapsed)*c.left/c.here)) + " left"
		}
	}
	fmt.Fprintln(l.w, text)
	l.last, l.written, l.moved = t, true, false
}

// wallDuration writes a wall time of sec seconds as the progress lines
// write durations (roundDuration), to a tenth of a second under a minute:
// "0.4s", "20m34s", "2h1m0s" (sweep status wrote "%.1f s", 7260.0 s for a
// job of two hours).
func wallDuration(sec float64) string {
	if sec < 59.95 {
		return strconv.FormatFloat(sec, 'f', 1, 64) + "s"
	}
	return roundDuration(time.Duration(sec * float64(time.Second)))
}

// roundDuration writes d to the second (to the minute from an hour on).
func roundDuration(d time.Duration) string {
	if d >= time.Hour {
		return d.Round(time.Minute).String()
	}
	return d.Round(time.Second).String()
}
