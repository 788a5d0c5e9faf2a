package experiment

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// attemptFile is sweep.AttemptFile (who ran a job's last attempt), which
// this package cannot import.
const attemptFile = "attempt.json"

// runFiles are the files and directories a run writes into its output
// directory (with the temporary files of their atomic writes): a plain
// run's, and the records a job adds (job.json, and attempt.json from a
// sweep's worker), which name the run as that job's. Deleting a run's
// outputs but not its job record would leave a record that vouches for
// whatever runs there next (a reproduction would reuse it as its job).
var runFiles = []string{ConfigFile, MetricsFile, SummaryFile, CheckpointFile, TensorBoardDir, JobFile, attemptFile,
	ConfigFile + ".tmp", MetricsFile + ".tmp", SummaryFile + ".tmp", CheckpointFile + ".tmp", JobFile + ".tmp", attemptFile + ".tmp"}

// ErrOccupied is returned by PrepareRunDir for a directory that holds
// another run.
var ErrOccupied = errors.New("the output directory holds another run")

// PrepareRunDir makes dir ready for a fresh run, enforcing the rule that
// outputs of different runs never mix: a missing or run-free directory is
// created or used as is; a directory holding a run's files (config.yaml,
// metrics.csv, summary.json, checkpoint.gob, tb/, and a job's job.json and
// attempt.json) is refused with ErrOccupied, unless force is set, in which
// case exactly those files are deleted first (other files are left
// alone). Resuming (stackel run --resume DIR) does not go through here.
func PrepareRunDir(dir string, force bool) error {
	var found []string
	for _, name := range runFiles {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			found = append(found, name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if len(found) > 0 {
		if !force {
			return fmt.Errorf("%w: %s has %s; continue it with --resume %s (RL runs), delete it with --force, or choose another --out",
				ErrOccupied, dir, strings.Join(found, ", "), dir)
		}
		for _, name := range found {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("--force: clearing %s: %w", dir, err)
			}
		}
	}
	return os.MkdirAll(dir, 0o755)
}
