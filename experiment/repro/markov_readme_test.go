package repro

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/markov"
)

// TestREADMEMarkovRowStatesSettings: the README's summary row of
// markov-patrol and markov-epidemic states the settings the runs take
// (markov.DefaultConfig's steps and iterations, --quick's iterations, the
// built-ins' λ), not only that they are stackel's. It used to name
// markov.DefaultConfig without a number.
func TestREADMEMarkovRowStatesSettings(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var row string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "| `markov-patrol`, `markov-epidemic` |") {
			row = l
		}
	}
	if row == "" {
		t.Fatal("README: no summary row for markov-patrol, markov-epidemic")
	}
	for _, name := range []string{"patrol", "epidemic"} {
		full, err := markovSettings(name, Options{})
		if err != nil {
			t.Fatal(err)
		}
		quick, err := markovSettings(name, Options{Quick: true})
		if err != nil {
			t.Fatal(err)
		}
		g, err := markov.Builtin(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		thousands := func(n int) string { return fmt.Sprintf("%d %03d", n/1000, n%1000) }
		for _, want := range []string{
			fmt.Sprintf("λ (%g, `markov.Builtin`)", g.Lambda),
			fmt.Sprintf("constant steps α = %g for the leader and β = %g for the follower, %s iterations",
				full.LeaderLR.At(1), full.FollowerLR.At(1), thousands(full.Iterations)),
			fmt.Sprintf("a row every %d; `--quick` %d, a row every %d)", full.RecordEvery, quick.Iterations, quick.RecordEvery),
		} {
			if full.Estimator != markov.Exact || !strings.Contains(row, "exact gradients") || !strings.Contains(row, want) {
				t.Errorf("%s: README markov row does not state %q (exact gradients):\n%s", name, want, row)
			}
		}
	}
}
