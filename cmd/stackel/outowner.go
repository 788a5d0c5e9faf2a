package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/safeyaml"
)

// checkSweepOut refuses, for a sweep, an output directory that holds a
// reproduction (its repro.ReproductionFile): the sweep's manifest.json
// (which the array tasks of a reproduction emitted there read as they
// start), report.md and sweep.sbatch would replace the reproduction's.
// Another reproduction refuses such a directory the same way
// (Reproduction.CheckOut); sweeps of other specs may share one.
func checkSweepOut(dir string) error {
	if _, err := missingDirs(dir); err != nil {
		return err
	}
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, repro.ReproductionFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var rec struct {
		Reproduction string `json:"reproduction"`
	}
	name := "a reproduction"
	if json.Unmarshal(b, &rec) == nil && rec.Reproduction != "" {
		name = "the reproduction " + rec.Reproduction
	}
	return fmt.Errorf("%s holds %s (%s), whose manifest.json, report.md and sweep.sbatch a sweep's would replace: use another output directory", dir, name, repro.ReproductionFile)
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
