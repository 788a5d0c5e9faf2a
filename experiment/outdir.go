package experiment

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// runFiles are the files and directories a run writes into its output
// directory (with the temporary files of their atomic writes).
var runFiles = []string{ConfigFile, MetricsFile, SummaryFile, CheckpointFile, TensorBoardDir,
	ConfigFile + ".tmp", MetricsFile + ".tmp", SummaryFile + ".tmp", CheckpointFile + ".tmp"}

// ErrOccupied is returned by PrepareRunDir for a directory that holds
// another run.
var ErrOccupied = errors.New("the output directory holds another run")

// PrepareRunDir makes dir ready for a fresh run, enforcing the rule that
// outputs of different runs never mix: a missing or run-free directory is
// created or used as is; a directory holding a run's files (config.yaml,
// metrics.csv, summary.json, checkpoint.gob, tb/) is refused with
// ErrOccupied, unless force is set, in which case exactly those files are
// deleted first (other files are left alone). Resuming (stackel run
// --resume DIR) does not go through here.
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
