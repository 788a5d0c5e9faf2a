package repro

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stackel/stackel/experiment"
)

// failedRuns returns the jobs whose job.json records a failure, with
// their errors ("" when none failed).
func failedRuns(root string, jobs []experiment.Job) (failed map[string]string) {
	for _, j := range jobs {
		rec, ok, err := experiment.ReadJobRecord(filepath.Join(root, j.Out))
		if err != nil || !ok || rec.Status != experiment.JobFailed {
			continue
		}
		if failed == nil {
			failed = map[string]string{}
		}
		failed[j.ID] = rec.Error
	}
	return failed
}

// seedGroups splits jobs, r's runs for opt, into the runs of each seed
// (groups[k]: seed k's, in order), when r lists its runs seed-major (the
// runs of seed 0, then seed 1, …; Jobs with Seeds = n the first n
// groups); nil for a reproduction without seeds (markov-patrol, stac-toy)
// or whose runs are listed otherwise (negotiation-schedules with more
// than one schedule).
func (r Reproduction) seedGroups(opt Options, jobs []experiment.Job) [][]experiment.Job {
	prefix := func(n int) bool {
		o := opt
		o.Seeds = n
		sub, err := r.Jobs(o)
		if err != nil || len(sub) > len(jobs) {
			return false
		}
		for i, j := range sub {
			if j.ID != jobs[i].ID || j.Out != jobs[i].Out {
				return false
			}
		}
		return true
	}
	o := opt
	o.Seeds = 1
	one, err := r.Jobs(o)
	g := len(one)
	if err != nil || g == 0 || g >= len(jobs) || len(jobs)%g != 0 {
		return nil
	}
	n := len(jobs) / g
	if !prefix(1) || !prefix(2) || !prefix(n) {
		return nil
	}
	o.Seeds = 2
	if two, err := r.Jobs(o); err != nil || len(two) != 2*g {
		return nil
	}
	groups := make([][]experiment.Job, n)
	for k := range groups {
		groups[k] = jobs[k*g : (k+1)*g]
	}
	return groups
}

// reportWithoutFailed writes r's report of jobs, run or on disk, leaving
// out the seeds with a failed run (failed maps their job IDs to their
// errors; keep, when not nil, says which seeds may be reported at all):
// the report covers the other seeds, as a run with that many seeds would
// (the same numbers for them), and report.md and opt.Log name the runs
// left out. With no seed to report it is an error naming the failed runs,
// and nothing is written. A reproduction without seeds (groups nil:
// markov-*, stac-toy, negotiation-schedules) or whose Report marks failed
// runs itself (MarksFailed: negotiation-schedules with one schedule, the
// seeds keep allows) hands every run to its
// Report, which marks the failed ones in its tables, and report.md and
// opt.Log name them (with every run failed, a report of failed rows);
// when Report cannot, it is an error naming them, wrapping Report's.
// It returns the number of seeds reported and the seeds left out.
func (r Reproduction) reportWithoutFailed(ctx context.Context, opt Options, jobs []experiment.Job, groups [][]experiment.Job, failed map[string]string, keep func(k int) bool) (int, error) {
	total := len(jobs)
	if r.MarksFailed && groups != nil {
		// Its Report marks the failed runs itself: the seeds that may be
		// reported are handed to it whole, as without seeds.
		var kept []experiment.Job
		n := 0
		for k, g := range groups {
			if keep == nil || keep(k) {
				kept, n = append(kept, g...), n+1
			}
		}
		opt.Seeds, jobs, groups = n, kept, nil
	}
	var names []string
	for _, j := range jobs {
		if e, ok := failed[j.ID]; ok {
			names = append(names, fmt.Sprintf("%s (%s)", j.Out, e))
		}
	}
	if groups == nil {
		// Its Report decides whether it can do without them.
		if err := r.report(ctx, opt, jobs); err != nil {
			return 0, fmt.Errorf("%d of %d runs failed: %s; %s has no seeds to leave them out of, so no report was written (%w)", len(names), total, strings.Join(names, ", "), r.Name, err)
		}
		logf(opt.Log, "%d of %d runs failed, marked failed in the report: %s\n", len(names), total, strings.Join(names, "; "))
		covers := "The report covers the runs that finished; the failed ones are marked failed in the tables and left out of the figures."
		if len(names) == total {
			covers = "No run finished: the tables mark every run failed, and no figure is drawn."
		}
		return 0, appendFile(filepath.Join(opt.Out, "report.md"), fmt.Sprintf("\n> **Failed runs**: %d of the reproduction's %d runs failed: %s. %s\n",
			len(names), total, strings.Join(names, "; "), covers))
	}
	var kept []experiment.Job
	var seeds, dropped, beyond []string
	first := -1
	for k, g := range groups {
		if keep != nil && !keep(k) {
			// A seed the report does not reach (after a --report-only's
			// first unfinished one): its failed runs are named apart, not
			// as seeds left out for them.
			for _, j := range g {
				if e, ok := failed[j.ID]; ok {
					beyond = append(beyond, fmt.Sprintf("%s (%s)", j.Out, e))
				}
			}
			continue
		}
		bad := false
		for _, j := range g {
			if _, ok := failed[j.ID]; ok {
				bad = true
			}
		}
		if bad {
			dropped = append(dropped, fmt.Sprint(k))
			continue
		}
		if first < 0 {
			first = k
		}
		seeds = append(seeds, fmt.Sprint(k))
		kept = append(kept, g...)
	}
	if len(seeds) == 0 {
		return 0, fmt.Errorf("%d of %d runs failed: %s; no seed without a failed run is left to report, so no report was written", len(names), len(jobs), strings.Join(names, ", "))
	}
	o := opt
	o.Seeds = len(seeds)
	if err := r.report(ctx, o, kept); err != nil {
		return 0, err
	}
	if len(dropped) == 0 {
		// Every failed run is in a seed after those reported: no seed was
		// left out for it.
		note := fmt.Sprintf("\n> **Failed runs**: %d of the reproduction's %d runs failed, in seeds after those reported: %s.\n",
			len(beyond), len(jobs), strings.Join(beyond, "; "))
		logf(opt.Log, "%d of %d runs failed, in seeds after those reported: %s\n", len(beyond), len(jobs), strings.Join(beyond, "; "))
		return len(seeds), appendFile(filepath.Join(opt.Out, "report.md"), note)
	}
	names = slices.DeleteFunc(names, func(n string) bool { return slices.Contains(beyond, n) })
	note := fmt.Sprintf("\n> **Failed runs**: %d of the reproduction's %d runs failed, and their seeds (%s) are left out: %s. The report covers the other %d seed(s) (%s), the same numbers as a run with only those seeds",
		len(names), len(jobs), strings.Join(dropped, ", "), strings.Join(names, "; "), len(seeds), strings.Join(seeds, ", "))
	if first != 0 {
		note += fmt.Sprintf("; the figures of a single seed show the first seed reported, seed %d, and say so", first)
	}
	if len(beyond) > 0 {
		note += fmt.Sprintf("; %s failed in seeds after those reported: %s", experiment.CountOf(len(beyond), "more run"), strings.Join(beyond, "; "))
	}
	note += ".\n"
	logf(opt.Log, "%d of %d runs failed, seeds %s left out of the report: %s\n", len(names), len(jobs), strings.Join(dropped, ", "), strings.Join(names, "; "))
	if len(beyond) > 0 {
		logf(opt.Log, "%d more failed in seeds after those reported: %s\n", len(beyond), strings.Join(beyond, "; "))
	}
	return len(seeds), appendFile(filepath.Join(opt.Out, "report.md"), note)
}
