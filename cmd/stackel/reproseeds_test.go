package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment/repro"
)

// TestReproduceDistSeedLimit: --seeds above repro.MaxSeeds is refused
// with --emit slurm (and --nats, which shares the check) as it is in-process. Before, the jobs were
// listed without the check: --seeds 2000000000 --emit slurm ran for
// hours listing them (and a SIGTERM did not stop it), and --seeds
// MaxSeeds+1 wrote a manifest of that many seeds.
func TestReproduceDistSeedLimit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r")
	n := fmt.Sprint(repro.MaxSeeds + 1)
	want := fmt.Sprintf("fiez-duopoly: %s seeds exceed the limit %d (each seed is a run of every variant, listed before any starts)", n, repro.MaxSeeds)
	for _, args := range [][]string{
		{"reproduce", "fiez-duopoly", "--quiet", "--seeds", n, "--out", out},
		{"reproduce", "fiez-duopoly", "--quiet", "--seeds", n, "--out", out, "--emit", "slurm"},
	} {
		_, err := execute(t, args...)
		if err == nil || err.Error() != want {
			t.Errorf("%v: %v, want %q", args, err, want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s", args, out)
			os.RemoveAll(out)
		}
	}
}
