package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/safeyaml"
)

// checkSweepOut refuses, for a sweep, an output directory that holds a
// reproduction (its repro.ReproductionFile): the sweep's manifest.json
// (which the array tasks of a reproduction emitted there read as they
// start), report.md and sweep.sbatch would replace the reproduction's.
// Another reproduction refuses such a directory the same way
// (Reproduction.CheckOut); sweeps of other specs may share one. A
// directory a single run wrote into (runFilesIn) is refused too: the
// sweep's manifest.json, report.md and runs/ would mix with that run's
// files, as a reproduction's would (checkReproduceOut).
func checkSweepOut(dir string) error {
	if _, err := missingDirs(dir); err != nil {
		return err
	}
	if found := runFilesIn(dir); len(found) > 0 {
		return fmt.Errorf("%s holds a run (%s), not a sweep: use another output directory (a sweep's runs go into DIR/runs/<job-id>/)", dir, strings.Join(found, ", "))
	}
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, repro.ReproductionFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("%s holds %s (%s), whose manifest.json, report.md and sweep.sbatch a sweep's would replace: use another output directory", dir, reproductionIn(b), repro.ReproductionFile)
}

// reproductionIn names the reproduction whose repro.ReproductionFile holds
// b: "the reproduction NAME", or "a reproduction" when b names none.
func reproductionIn(b []byte) string {
	var rec struct {
		Reproduction string `json:"reproduction"`
	}
	if json.Unmarshal(b, &rec) == nil && rec.Reproduction != "" {
		return "the reproduction " + rec.Reproduction
	}
	return "a reproduction"
}

// checkReproduceOut refuses, for reproduction name, an output directory
// that holds a sweep: its sweep.json, or a manifest.json of a sweep (not
// of a reproduction emitted as a Slurm array), whose report.md, manifest
// and sweep.sbatch the reproduction's would replace.
func checkReproduceOut(dir, name string) error {
	if _, err := missingDirs(dir); err != nil {
		return err
	}
	if _, err := os.Lstat(filepath.Join(dir, "sweep.json")); err == nil {
		return fmt.Errorf("%s: %s holds a sweep (sweep.json), whose report.md %s would replace: use another output directory", name, dir, name)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if found := runFilesIn(dir); len(found) > 0 {
		// A `stackel run` (or `run --job`) wrote into dir itself: the
		// reproduction's runs, report.md and results.json would mix with
		// that run's files, which no reproduction writes there.
		return fmt.Errorf("%s: %s holds a run (%s), not a reproduction: use another output directory (a reproduction's runs go into DIR/VARIANT/seedN/)", name, dir, strings.Join(found, ", "))
	}
	path := filepath.Join(dir, sweep.ManifestFile)
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	m, err := sweep.ReadManifest(path)
	if err != nil {
		return fmt.Errorf("%s: %s holds a %s that does not read (%w): use another output directory", name, dir, sweep.ManifestFile, err)
	}
	if m.Reproduce == nil {
		return fmt.Errorf("%s: %s holds the sweep %s (%s), whose manifest and sweep.sbatch %s would replace: use another output directory", name, dir, m.Name, sweep.ManifestFile, name)
	}
	return nil
}

// runFilesIn returns which of the files a single run writes into its own
// directory (config.yaml, metrics.csv, summary.json, checkpoint.gob,
// job.json) dir holds.
func runFilesIn(dir string) []string {
	var found []string
	for _, f := range []string{experiment.ConfigFile, experiment.MetricsFile, experiment.SummaryFile, experiment.CheckpointFile, experiment.JobFile} {
		if _, err := os.Lstat(filepath.Join(dir, f)); err == nil {
			found = append(found, f)
		}
	}
	return found
}

// checkRunOut refuses, for a single run (`run CONFIG`, `run --job`), an
// output directory that holds a reproduction (its repro.ReproductionFile)
// or a sweep (sweep.json, or the manifest.json of one emitted for Slurm
// or still running): the run's config.yaml, metrics.csv and
// summary.json would be written beside the reproduction's or sweep's
// report, and the outputs of different runs never mix.
func checkRunOut(dir string) error {
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, repro.ReproductionFile))
	if err == nil {
		return fmt.Errorf("output directory %s holds %s (%s), not a run: use another --out (a reproduction's runs are in its VARIANT/seedN/ directories)", dir, reproductionIn(b), repro.ReproductionFile)
	} else if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
		return err
	}
	for _, f := range []string{"sweep.json", sweep.ManifestFile} {
		// manifest.json: a sweep emitted for Slurm, or one running, has
		// no sweep.json yet (before, a run was written beside it).
		if _, err := os.Lstat(filepath.Join(dir, f)); err == nil {
			return fmt.Errorf("output directory %s holds a sweep (%s), not a run: use another --out (a sweep's runs are in its runs/<job-id>/ directories)", dir, f)
		}
	}
	return nil
}
