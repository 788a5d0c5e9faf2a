package main

import (
	"fmt"
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

// TestSlurmPartsHintTwoParts: with two parts the second is the last, and
// the hint gave it twice, first as a full part of 1000: for 1002 jobs
// "then sbatch --array=0-999 --export=ALL,STACKEL_INDEX_OFFSET=1000",
// which runs indices 1000…1999 of a manifest of 1002 (998 tasks failing),
// before "and so on to the last part, sbatch --array=0-1 …". Now two
// parts are named once each, the second with its own length.
func TestSlurmPartsHintTwoParts(t *testing.T) {
	for _, c := range []struct {
		n    int
		last string
	}{{1002, "0-1"}, {1999, "0-998"}, {2000, "0-999"}} {
		var b strings.Builder
		slurmPartsHint(&b, c.n, "D/sweep.sbatch")
		want := fmt.Sprintf("%d jobs: a Slurm with the default MaxArraySize (1001) refuses the whole array; submit it in 2 parts: "+
			"sbatch --array=0-999 D/sweep.sbatch, then sbatch --array=%s --export=ALL,STACKEL_INDEX_OFFSET=1000 D/sweep.sbatch\n", c.n, c.last)
		if b.String() != want {
			t.Errorf("%d jobs:\n%q\nwant\n%q", c.n, b.String(), want)
		}
	}
	// Three parts: the last is 0-0 at offset 2000.
	var b strings.Builder
	slurmPartsHint(&b, 2001, "D/sweep.sbatch")
	if !strings.Contains(b.String(), "in 3 parts") || !strings.HasSuffix(b.String(), "the last part, sbatch --array=0-0 --export=ALL,STACKEL_INDEX_OFFSET=2000 D/sweep.sbatch\n") {
		t.Errorf("2001 jobs: %q", b.String())
	}
}
