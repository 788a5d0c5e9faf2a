package experiment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Executor runs a list of jobs, each into root/job.Out (a relative path
// inside root, another for every job of the list), and returns when every
// job has ended or ctx is cancelled. Jobs already finished in their
// directory are not run again (RunJob skips them). It reports progress as
// jobs end. A job that fails with an error of its own (a bad config, a
// diverged run) is recorded as failed in its job.json and does not stop the
// others: the caller reads the records (a report says which runs failed).
// Execute returns ctx's error when cancelled, and the first error that kept
// a job from running or recording its state (an unwritable directory, a
// directory holding another job's outputs). The
// outputs of every job end up under root, whichever machine ran it, so that
// a report can be built from root.
//
// Local (goroutines in this process) is the first implementation; a
// distributed one (a work queue, a cluster scheduler) implements the same
// method, running each job with RunJob (or `stackel run --job FILE --out
// DIR`) wherever it likes and delivering the outputs into root/job.Out.
type Executor interface {
	// Execute runs jobs, delivering each one's outputs into
	// root/job.Out, and tells progress (when not nil) how many of them
	// have ended, as described above.
	Execute(ctx context.Context, root string, jobs []Job, progress ProgressFunc) error
}

// Local runs jobs in this process, on up to Workers goroutines (all cores
// when Workers ≤ 0), in the order given. An error that keeps a job from
// running cancels the jobs not yet started and is returned; the outcome of
// each job does not depend on scheduling.
type Local struct {
	// Workers is the number of jobs run at once (default: all cores).
	Workers int
	// JobProgress, when not nil, receives the progress within each job
	// (e.g. epochs of an RL run), with the job's index in the list, and
	// once more with done = total when the job ends (done or failed; a job
	// that reports nothing on its way ends with 1 of 1).
	JobProgress func(index int, done, total int)
	// Warnings, when not nil, receives each job's warning lines
	// (JobOptions.Warnings) once the job has ended, each line begun
	// "job ID (OUT): ", one job's lines at a time.
	Warnings io.Writer
}

// Execute implements Executor. It refuses, before running any job, a list
// in which two jobs write into the same directory (their Out the same once
// cleaned) or a job's Out is absolute, leads out of root ("../x") or is
// root itself ("" or "."), naming the jobs and the directory, and one
// holding an empty Job (no ID, configuration or task: Job{}).
// Each job may split its work over the cores the jobs running beside it
// leave (RunOptions.Threads; one each when there are as many jobs at once
// as cores).
func (l Local) Execute(ctx context.Context, root string, jobs []Job, progress ProgressFunc) error {
	workers := l.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if err := checkJobDirs(jobs); err != nil {
		return err
	}
	threads := max(1, runtime.GOMAXPROCS(0)/max(1, min(workers, len(jobs))))
	var warnMu sync.Mutex // one job's warning lines at a time
	return ForSeeds(ctx, len(jobs), l.Workers, progress, func(ctx context.Context, i int) error {
		var (
			p        ProgressFunc
			mu       sync.Mutex
			lastUnit = 1 // the job's last total
		)
		if l.JobProgress != nil {
			p = func(done, total int) {
				mu.Lock()
				lastUnit = max(1, total)
				mu.Unlock()
				l.JobProgress(i, done, total)
			}
		}
		var warnings bytes.Buffer
		opt := JobOptions{Progress: p, Threads: threads}
		if l.Warnings != nil {
			opt.Warnings = &warnings
		}
		rec, err := runJob(ctx, jobs[i], filepath.Join(root, jobs[i].Out), opt)
		if warnings.Len() > 0 {
			warnMu.Lock()
			for line := range strings.Lines(warnings.String()) {
				fmt.Fprintf(l.Warnings, "job %s (%s): %s", jobs[i].ID, jobs[i].Out, line)
			}
			warnMu.Unlock()
		}
		switch {
		case err == nil, rec.Status == JobFailed:
			if l.JobProgress != nil {
				mu.Lock()
				unit := lastUnit
				mu.Unlock()
				l.JobProgress(i, unit, unit) // the job has ended
			}
			return nil // a failed job is recorded in its job.json
		case ctx.Err() != nil:
			return err
		default:
			return fmt.Errorf("job %s (%s): %w", jobs[i].ID, jobs[i].Out, err)
		}
	})
}

// checkJobDirs reports an empty job (Job.empty), a job whose directory is
// not inside the executor's root or is the root itself, and two jobs that
// would write into one directory (which, run at once, would race on its
// files). Jobs are numbered from 1 in the order given.
func checkJobDirs(jobs []Job) error {
	seen := make(map[string]int, len(jobs))
	for i, j := range jobs {
		if j.empty() {
			return fmt.Errorf("job %d: %s", i+1, emptyJob)
		}
		dir := filepath.Clean(j.Out)
		if dir == "." {
			// NewJob's out "" (a sweep's jobs get runs/ID after it):
			// the job's files were written among the jobs' directories.
			return fmt.Errorf("job %d (%s): out %q would run the job into the root directory itself, beside the other jobs' directories: give it a directory of its own (NewJob's out, e.g. runs/%s)", i+1, j.ID, j.Out, j.ID)
		}
		if !filepath.IsLocal(j.Out) {
			return fmt.Errorf("job %d (%s): out %q must be a relative path inside the root directory", i+1, j.ID, j.Out)
		}
		if k, ok := seen[dir]; ok {
			return fmt.Errorf("jobs %d (%s) and %d (%s) both write into %q: give each job its own out", k+1, jobs[k].ID, i+1, j.ID, filepath.ToSlash(dir))
		}
		seen[dir] = i
	}
	return nil
}

// Pending splits jobs into those not yet finished under root and those
// finished (done or failed) there. It is an error for a job's directory to
// hold another job's outputs, or another run without a job.json (a
// `stackel run --out DIR` of another configuration or seed), which RunJob
// would refuse: so a reproduction is refused before any job runs. So is
// a run recorded done whose outputs are not whole or not this binary's
// job (JobState).
func Pending(root string, jobs []Job) (pending, finished []Job, err error) {
	var errs []error
	for _, j := range jobs {
		dir := filepath.Join(root, j.Out)
		rec, done, err := JobState(dir, j)
		if err == nil && rec.ID == "" {
			err = refuseUnrecordedRun(dir, j)
		}
		switch {
		case err != nil:
			errs = append(errs, err)
		case done:
			finished = append(finished, j)
		default:
			pending = append(pending, j)
		}
	}
	return pending, finished, errors.Join(errs...)
}

// ForSeeds runs fn for seeds 0..n−1 on up to workers goroutines (all cores
// when workers ≤ 0). The first error cancels the ctx given to the seeds
// running and keeps the seeds not yet handed out from starting; ForSeeds
// returns the error of the lowest seed that failed on its own before the
// cancel (the cancellation errors of seeds it stopped are not counted):
// among seeds that fail together, which one's error is returned does not
// depend on the number of workers, but a seed stopped by another's
// failure before its own is not counted, so with more workers a higher
// seed that fails sooner can be the one reported. Without an error of a
// seed, it returns ctx's error when ctx was cancelled. progress, when not nil, is told (0, n) at the start and
// (k, n) as the k-th seed ends. Results are written by fn into
// caller-owned slots indexed by seed, so the outcome does not depend on
// scheduling.
func ForSeeds(ctx context.Context, n, workers int, progress ProgressFunc, fn func(ctx context.Context, seed int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// No more goroutines than seeds: Workers: 1<<40 asks for as many at
	// once as there are, not for 1<<40 idle goroutines.
	workers = max(1, min(workers, n))
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu      sync.Mutex
		next    int  // the next seed to hand out
		failed  = -1 // the lowest seed whose error is its own, or -1
		stopped = -1 // the lowest seed that ended with a cancellation error, or -1
		errs    = map[int]error{}
		done    int
		wg      sync.WaitGroup
	)
	if progress != nil {
		progress(0, n) // the total, before the first seed ends
	}
	// take hands out the next seed, or false once every seed is handed out
	// or ctx is done: a seed is never started after the cancel of an error
	// (made under mu, as is this check).
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= n || ctx.Err() != nil {
			return 0, false
		}
		next++
		return next - 1, true
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				s, ok := take()
				if !ok {
					return
				}
				err := fn(ctx, s)
				mu.Lock()
				switch {
				case err == nil:
				case ctx.Err() != nil && Interrupted(err):
					// Stopped by the cancel (of another seed's error,
					// or of the caller's ctx), not failed of its own
					// (Interrupted: also an error that quotes the
					// cancellation without wrapping it).
					if stopped < 0 || s < stopped {
						stopped = s
					}
					errs[s] = err
				default:
					if failed < 0 || s < failed {
						failed = s
					}
					errs[s] = err
					cancel()
				}
				done++
				if progress != nil {
					progress(done, n)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	switch {
	case failed >= 0:
		return errs[failed]
	case parent.Err() == nil:
		return nil
	case stopped >= 0:
		return errs[stopped]
	default:
		return parent.Err()
	}
}
