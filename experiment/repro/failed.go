package repro

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/stackel/stackel/experiment"
)

// failedJobs returns an error naming the jobs under root whose job.json
// records a failure (nil if none did): a reproduction whose runs failed
// writes its report from the others and then exits non-zero.
func failedJobs(root string, jobs []experiment.Job) error {
	var failed []string
	first := ""
	for _, j := range jobs {
		rec, ok, err := experiment.ReadJobRecord(filepath.Join(root, j.Out))
		if err != nil || !ok || rec.Status != experiment.JobFailed {
			continue
		}
		failed = append(failed, j.Out)
		if first == "" {
			first = rec.Error
		}
	}
	if len(failed) == 0 {
		return nil
	}
	covers := "the report covers the others"
	if len(failed) == len(jobs) {
		covers = "the report marks them failed"
	}
	return fmt.Errorf("%d of %d runs failed (%s; the first: %s); %s", len(failed), len(jobs), strings.Join(failed, ", "), first, covers)
}
