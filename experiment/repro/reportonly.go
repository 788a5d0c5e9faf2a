package repro

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/stackel/stackel/experiment"
)

// reportFromDisk is Execute with Options.ReportOnly for a reproduction
// whose Report needs finished runs: it runs nothing, and writes the report
// from the jobs' outputs on disk when they have all finished, or else from
// the largest number of seeds n whose jobs (Jobs with Seeds = n: the same
// runs, a prefix of the seeds) have all finished, with a note in report.md
// naming the runs left out. With no such n (nothing finished, or a
// reproduction without seeds) it is an error naming the runs that are
// missing, and nothing is written.
func (r Reproduction) reportFromDisk(ctx context.Context, opt Options, jobs []experiment.Job) error {
	pending, _, err := experiment.Pending(opt.Out, jobs)
	if err != nil {
		return err
	}
	failed := failedRuns(opt.Out, jobs)
	if len(pending) == 0 && failed == nil {
		return r.report(ctx, opt, jobs)
	}
	missing := make([]string, len(pending))
	for i, j := range pending {
		missing[i] = j.Out
	}
	if failed != nil {
		return r.reportFromDiskWithFailed(ctx, opt, jobs, pending, missing, failed)
	}
	best, bestJobs := r.completeSeeds(opt, jobs, pending)
	by, finish, finishNote := reportWords(opt)
	if best == 0 {
		return fmt.Errorf("%s: no complete seed on disk to report on in %s; %d of %d runs are not finished (%s); %s", by, opt.Out, len(pending), len(jobs), strings.Join(missing, ", "), finish)
	}
	// Said only when a report on fewer seeds follows: with none, the
	// error says it, and a log line beside it would say it twice.
	logf(opt.Log, "%s: %d of %d runs are not finished in %s: %s\n", by, len(pending), len(jobs), opt.Out, strings.Join(missing, ", "))
	o := opt
	o.Seeds = best
	if err := r.report(ctx, o, bestJobs); err != nil {
		return err
	}
	cmd := "--report-only"
	if opt.ReportedBy != "" {
		cmd = opt.ReportedBy
	}
	note := fmt.Sprintf("\n> **Partial report (`%s`)**: written from the runs on disk, covering the first %d seed(s), whose %d runs have all finished; %d of the reproduction's %d runs are not finished and are left out: %s. %s\n",
		cmd, best, len(bestJobs), len(pending), len(jobs), strings.Join(missing, ", "), finishNote)
	logf(opt.Log, "%s: reported the first %d seed(s) (%d runs)\n", by, best, len(bestJobs))
	return appendFile(filepath.Join(opt.Out, "report.md"), note)
}

// completeSeeds returns the largest number of seeds n whose jobs (Jobs
// with Seeds = n) are all among jobs, in their directories, and none of
// them pending, with those jobs; 0 and nil when there is none (nothing
// finished, or a reproduction without seeds, whose Jobs lists the same
// jobs for every n). A reproduction's jobs for n seeds are the runs of
// its first n seeds, so they are among those for n + 1 seeds, and a
// pending job among them is pending for every larger n: whether n is
// complete goes from true to false once as n grows, and a binary search
// finds the last n that is. It lists the jobs of about log₂(seeds)
// seed counts; trying every n listed the jobs of each, so a report from
// disk of many seeds took time quadratic in them (200 seeds of
// fiez-duopoly --quick: over 3 minutes, against 3 s with every run
// finished).
func (r Reproduction) completeSeeds(opt Options, jobs, pending []experiment.Job) (int, []experiment.Job) {
	ids := make(map[string]string, len(jobs))
	for _, j := range jobs {
		ids[j.ID] = j.Out
	}
	unfinished := make(map[string]bool, len(pending))
	for _, j := range pending {
		unfinished[j.ID] = true
	}
	complete := func(n int) []experiment.Job {
		o := opt
		o.Seeds = n
		sub, err := r.Jobs(o)
		if err != nil || len(sub) == 0 || len(sub) >= len(jobs) || !within(sub, ids) {
			return nil // a reproduction without seeds lists the same jobs
		}
		for _, j := range sub {
			if unfinished[j.ID] {
				return nil
			}
		}
		return sub
	}
	// hi: a number of seeds too large to be complete — jobs holds at most
	// len(jobs) seeds, and the jobs of one seed, when there are several,
	// bound it by len(jobs)/len(one).
	hi := len(jobs)
	o := opt
	o.Seeds = 1
	if one, err := r.Jobs(o); err == nil && len(one) > 0 {
		hi = min(hi, len(jobs)/len(one)+1)
	}
	best, bestJobs := 0, []experiment.Job(nil)
	lo := 0 // complete (no seed at all), or best
	for lo+1 < hi {
		mid := lo + (hi-lo)/2
		if sub := complete(mid); sub != nil {
			lo, best, bestJobs = mid, mid, sub
		} else {
			hi = mid
		}
	}
	return best, bestJobs
}

// within reports whether every job of sub is one of the jobs whose IDs
// map to their directories in ids, in the same directory.
func within(sub []experiment.Job, ids map[string]string) bool {
	for _, j := range sub {
		if out, ok := ids[j.ID]; !ok || out != j.Out {
			return false
		}
	}
	return true
}

// logf writes to w when it is not nil.
func logf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format, args...)
	}
}

// appendFile appends text to the file at path, which must exist,
// atomically (appendAtomic).
func appendFile(path, text string) error {
	return appendAtomic(path, text, false, nil)
}

// reportWords are the words of a report from disk for opt: the command
// that asked for it, how to finish the runs it lacks, and that as a
// sentence of report.md.
func reportWords(opt Options) (by, finish, finishNote string) {
	by, finish, finishNote = "report-only", "run the reproduction without --report-only to finish them", "Rerun without `--report-only` to finish them."
	if opt.ReportedBy != "" {
		by = opt.ReportedBy
	}
	if opt.Finish != "" {
		finish = opt.Finish
		finishNote = strings.ToUpper(finish[:1]) + finish[1:] + "."
	}
	return by, finish, finishNote
}

// reportFromDiskWithFailed is reportFromDisk when some runs on disk
// failed (failed maps their job IDs to their errors): it reports the seeds
// before the first seed with an unfinished run (pending, whose directories
// are missing), leaving out those with a failed run, as a run of the
// reproduction reports its seeds without a failed run
// (reportWithoutFailed), and names the runs left out of either kind.
func (r Reproduction) reportFromDiskWithFailed(ctx context.Context, opt Options, jobs, pending []experiment.Job, missing []string, failed map[string]string) error {
	by, finish, finishNote := reportWords(opt)
	groups := r.seedGroups(opt, jobs)
	unfinished := make(map[string]bool, len(pending))
	for _, j := range pending {
		unfinished[j.ID] = true
	}
	limit := len(groups)
	for k, g := range groups {
		for _, j := range g {
			if unfinished[j.ID] && limit == len(groups) {
				limit = k
			}
		}
	}
	if groups != nil && len(pending) > 0 {
		complete := 0
		for _, g := range groups[:limit] {
			ok := true
			for _, j := range g {
				if _, bad := failed[j.ID]; bad {
					ok = false
				}
			}
			if ok || r.MarksFailed { // MarksFailed: a seed with a failed run is reported too
				complete++
			}
		}
		if complete == 0 {
			return fmt.Errorf("%s: no complete seed on disk to report on in %s; %d of %d runs are not finished (%s) and %d failed; %s", by, opt.Out, len(pending), len(jobs), strings.Join(missing, ", "), len(failed), finish)
		}
	}
	if _, err := r.reportWithoutFailed(ctx, opt, jobs, groups, failed, func(k int) bool { return k < limit }); err != nil {
		return fmt.Errorf("%s: %w", by, err)
	}
	if len(pending) == 0 {
		return nil
	}
	logf(opt.Log, "%s: %d of %d runs are not finished in %s: %s\n", by, len(pending), len(jobs), opt.Out, strings.Join(missing, ", "))
	cmd := "--report-only"
	if opt.ReportedBy != "" {
		cmd = opt.ReportedBy
	}
	note := fmt.Sprintf("\n> **Partial report (`%s`)**: written from the runs on disk, covering seeds before %d only; %d of the reproduction's %d runs are not finished and are left out: %s. %s\n",
		cmd, limit, len(pending), len(jobs), strings.Join(missing, ", "), finishNote)
	return appendFile(filepath.Join(opt.Out, "report.md"), note)
}
