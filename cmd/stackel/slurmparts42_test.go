package main

import (
	"strings"
	"testing"
)

// slurmPartsHint says nothing for an array a default Slurm takes
// (≤ 1001 jobs) and, beyond, how to submit it in parts of 1000: 2500 jobs
// are three parts, the last one --array=0-499 with offset 2000.
func TestSlurmPartsHint(t *testing.T) {
	var b strings.Builder
	slurmPartsHint(&b, 1001, "D/sweep.sbatch")
	if b.Len() != 0 {
		t.Errorf("1001 jobs: %q, want nothing", b.String())
	}
	slurmPartsHint(&b, 2500, "D/sweep.sbatch")
	const want = "2500 jobs: a Slurm with the default MaxArraySize (1001) refuses the whole array; submit it in 3 parts: " +
		"sbatch --array=0-999 D/sweep.sbatch, then sbatch --array=0-999 --export=ALL,STACKEL_INDEX_OFFSET=1000 D/sweep.sbatch, " +
		"and so on to the last part, sbatch --array=0-499 --export=ALL,STACKEL_INDEX_OFFSET=2000 D/sweep.sbatch\n"
	if b.String() != want {
		t.Errorf("2500 jobs:\n%q\nwant\n%q", b.String(), want)
	}
	b.Reset()
	slurmPartsHint(&b, 2000, "D/sweep.sbatch")
	if !strings.Contains(b.String(), "in 2 parts") || !strings.HasSuffix(b.String(), "sbatch --array=0-999 --export=ALL,STACKEL_INDEX_OFFSET=1000 D/sweep.sbatch\n") {
		t.Errorf("2000 jobs: %q", b.String())
	}
}
