package sweep

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/stackel/stackel/experiment"
)

// NotDone returns nil when every one of recs is done, and otherwise an
// error counting the jobs that are not, by status, e.g.
//
//	sweep grid: 3 of 6 jobs not done: 2 failed, 1 cancelled (see out/grid/report.md)
//
// so that a sweep whose jobs failed does not end as if it had succeeded.
// dir is the sweep's directory, named in the error.
func NotDone(name, dir string, recs []Record) error {
	order := []string{StatusFailed, StatusCancelled, StatusRunning, StatusQueued, StatusMissing}
	count := map[string]int{}
	bad := 0
	for _, r := range recs {
		if r.Status != StatusDone {
			count[r.Status]++
			bad++
		}
	}
	if bad == 0 {
		return nil
	}
	return fmt.Errorf("sweep %s: %d of %s not done: %s (see %s)", name, bad, experiment.CountOf(len(recs), "job"), strings.Join(StatusCounts(count, order), ", "), filepath.Join(dir, "report.md"))
}

// StatusCounts returns "N status" for each status with a positive count:
// those of order first, in that order, then the others (a later version's
// statuses, or a state edited by hand) sorted and shown by StatusText, so
// that the counts add up to every job counted.
func StatusCounts(count map[string]int, order []string) []string {
	var parts []string
	listed := map[string]bool{}
	for _, st := range order {
		if n := count[st]; n > 0 && !listed[st] {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
		listed[st] = true
	}
	rest := make([]string, 0, len(count))
	for st, n := range count {
		if !listed[st] && n > 0 {
			rest = append(rest, st)
		}
	}
	sort.Strings(rest)
	for _, st := range rest {
		parts = append(parts, fmt.Sprintf("%d %s", count[st], StatusText(st)))
	}
	return parts
}

// StatusText is a job's status as a count of statuses shows it: as it is
// when a plain word (ValidName), else in Go's quotes, so that an empty
// status or one with a line break or a comma, which another version or a
// hand-edited state may hold, does not break the count's text.
func StatusText(status string) string {
	if ValidName(status) {
		return status
	}
	return strconv.Quote(status)
}
