package sweep

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/stackel/stackel/experiment"
)

// slurmFinishNote is the report's note on how to finish the jobs of a
// Slurm sweep not finished yet (recs: missing, queued or running; a
// failed or cancelled job is not run again by its task), when dir holds
// the sweep's sbatch script and the manifest of these jobs (WriteSlurm):
// the array submitted again runs only those (the task of a finished job
// says "already done … nothing run"), or `stackel run --manifest
// --index` one (only that, in a directory moved since the script was
// written: the script runs the manifest of its first place). It names the jobs by grid point and seeds (up to
// namedJobsMax of them) and their array indices. "" when every job is
// finished, or dir is not such a sweep's (a NATS sweep's, a local one's).
func slurmFinishNote(dir string, jobs []Job, recs []Record) string {
	var idx, indices []int
	running := 0
	for i, r := range recs {
		switch r.Status {
		case StatusMissing, StatusQueued, StatusRunning:
			idx = append(idx, i)
			indices = append(indices, jobs[i].Index)
			if r.Status == StatusRunning {
				running++
			}
		case StatusDone, StatusFailed, StatusCancelled:
		default:
			idx = append(idx, i) // another version's status: not finished here
			indices = append(indices, jobs[i].Index)
		}
	}
	if len(idx) == 0 || len(recs) != len(jobs) {
		return ""
	}
	script, err := os.ReadFile(filepath.Join(dir, SbatchFile))
	if err != nil {
		return ""
	}
	m, err := ReadManifest(filepath.Join(dir, ManifestFile))
	if err != nil || len(m.Jobs) != len(jobs) {
		return ""
	}
	for i, j := range m.Jobs {
		if j.ID != jobs[i].ID || j.Index != jobs[i].Index {
			return ""
		}
	}
	word := "index"
	if len(indices) > 1 {
		word = "indices"
	}
	which := word + " " + indexRanges(indices)
	if len(idx) <= namedJobsMax {
		which = jobNames(jobs, idx) + ": " + which
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	path := func(name string) string {
		p := filepath.Join(abs, name)
		if safeArg.MatchString(p) {
			return p
		}
		return strconv.Quote(p)
	}
	note := fmt.Sprintf("Not finished: %d of %s (%s)", len(idx), experiment.CountOf(len(jobs), "job"), which)
	if running > 0 {
		note += fmt.Sprintf(", %d of them running (its task may still be at work: wait for it)", running)
		if running > 1 {
			note = strings.Replace(note, "(its task may still be at work: wait for it)", "(their tasks may still be at work: wait for them)", 1)
		}
	}
	if !strings.Contains(string(script), " run --manifest "+filepath.Join(abs, ManifestFile)+" ") {
		// A directory moved since the script was written: the script
		// runs the manifest at its first place.
		return note + fmt.Sprintf(". Finish them with stackel run --manifest %s --index I, one at a time (%s runs the manifest of the directory it was written in, not this one's), then stackel sweep collect %s again.",
			path(ManifestFile), path(SbatchFile), path(""))
	}
	return note + fmt.Sprintf(". Finish them with the Slurm array (sbatch %s again runs only the jobs not finished: a finished job's task says \"already done … nothing run\"; or stackel run --manifest %s --index I for one), then stackel sweep collect %s again.",
		path(SbatchFile), path(ManifestFile), path(""))
}

// indexRanges writes ascending indices with each run of three or more
// consecutive ones as a range, as Slurm's --array takes them: "0-3, 7,
// 9, 10".
func indexRanges(v []int) string {
	var parts []string
	for i := 0; i < len(v); {
		k := i
		for k+1 < len(v) && v[k+1] == v[k]+1 {
			k++
		}
		if k-i >= 2 {
			parts = append(parts, fmt.Sprintf("%d-%d", v[i], v[k]))
			i = k + 1
			continue
		}
		parts = append(parts, strconv.Itoa(v[i]))
		i++
	}
	return strings.Join(parts, ", ")
}
