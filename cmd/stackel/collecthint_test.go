package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// `sweep collect DIR` of a reproduction run as a Slurm array, with runs
// missing, speaks of the array, not of --report-only (which the user did
// not give): with no complete seed, the error says how to finish the runs
// (sbatch again, or stackel run --manifest); with a partial report, its
// note and log lines do.
func TestCollectMissingRunsSaysSlurm(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sl")
	if _, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--emit", "slurm", "--out", dir); err != nil {
		t.Fatal(err)
	}
	man := filepath.Join(dir, "manifest.json")
	// Jobs 0 and 1 (seed 0) are not run: no complete seed.
	for i := 2; i < 8; i++ {
		if _, err := execute(t, "run", "--manifest", man, "--index", strconv.Itoa(i), "--quiet"); err != nil {
			t.Fatal(err)
		}
	}
	_, err := execute(t, "sweep", "collect", dir)
	if err == nil || !strings.Contains(err.Error(), "no complete seed") || strings.Contains(err.Error(), "report-only") ||
		!strings.Contains(err.Error(), "sbatch "+filepath.Join(dir, "sweep.sbatch")) || !strings.Contains(err.Error(), "stackel run --manifest "+man) {
		t.Errorf("collect with seed 0 missing: %v", err)
	}
	// Seed 0 run, seed 3 not: a report on seeds 0–2 whose note says how
	// to finish seed 3.
	for i := range 2 {
		if _, err := execute(t, "run", "--manifest", man, "--index", strconv.Itoa(i), "--quiet"); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, "sga", "seed3")); err != nil {
		t.Fatal(err)
	}
	out, err := execute(t, "sweep", "collect", dir)
	if err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.Contains(string(md), "Partial report (`sweep collect`)") || strings.Contains(string(md), "report-only") ||
		!strings.Contains(string(md), "Finish them with the Slurm array") {
		t.Errorf("report.md's partial note:\n%s", md)
	}
	if strings.Contains(out, "report-only") || !strings.Contains(out, "sweep collect: 1 of 8 runs are not finished") {
		t.Errorf("collect's log:\n%s", out)
	}
	// `reproduce --report-only` keeps its words.
	if _, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--report-only", "--out", filepath.Join(t.TempDir(), "e")); err == nil ||
		!strings.Contains(err.Error(), "run the reproduction without --report-only to finish them") {
		t.Errorf("--report-only with nothing on disk: %v", err)
	}
}
