package repro

import (
	"context"
	"fmt"
	"io"
	"os"
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
	if len(pending) == 0 {
		return r.report(ctx, opt, jobs)
	}
	missing := make([]string, len(pending))
	for i, j := range pending {
		missing[i] = j.Out
	}
	best, bestJobs := 0, []experiment.Job(nil)
	ids := make(map[string]string, len(jobs))
	for _, j := range jobs {
		ids[j.ID] = j.Out
	}
	for n := 1; n < len(jobs); n++ {
		o := opt
		o.Seeds = n
		sub, err := r.Jobs(o)
		if err != nil || len(sub) >= len(jobs) {
			break // a reproduction without seeds lists the same jobs
		}
		if !within(sub, ids) {
			continue
		}
		if p, _, err := experiment.Pending(opt.Out, sub); err == nil && len(p) == 0 {
			best, bestJobs = n, sub
		}
	}
	by, finish, finishNote := "report-only", "run the reproduction without --report-only to finish them", "Rerun without `--report-only` to finish them."
	if opt.ReportedBy != "" {
		by = opt.ReportedBy
	}
	if opt.Finish != "" {
		finish = opt.Finish
		finishNote = strings.ToUpper(finish[:1]) + finish[1:] + "."
	}
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

// appendFile appends text to the file at path.
func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
