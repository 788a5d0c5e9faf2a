package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHiCEq19KeysMissing54r4: eq19's mu, B or p left out read as 0 and
// were refused quoting that 0, and, with beta taken from the follower's
// lr, a beta the file does not give: "eq19: beta·mu = 0.1·0 must lie in
// (0, 1)" for a mu left out. Each is now named missing at eq19's line,
// and a mu written ≤ 0 is refused as itself.
func TestHiCEq19KeysMissing54r4(t *testing.T) {
	eq19 := "      beta: 0.1\n      mu: 2\n      B: 100\n      p: 0.5\n"
	for _, c := range []struct{ from, to, want string }{
		{"      mu: 2\n", "", "line 9: dynamics.commitment.eq19: mu: missing (μ of Assumption 3.8, the strong concavity of the follower's payoff in y, > 0, e.g. mu: 2 for a Cournot follower)"},
		{"      beta: 0.1\n      mu: 2\n", "", "line 9: dynamics.commitment.eq19: mu: missing (μ of Assumption 3.8, the strong concavity of the follower's payoff in y, > 0, e.g. mu: 2 for a Cournot follower)"},
		{"      B: 100\n", "", "line 9: dynamics.commitment.eq19: B: missing (B of Assumption 3.10, twice a bound on ‖y‖ and ‖r(x)‖, > 0, e.g. B: 100)"},
		{"      p: 0.5\n", "", "line 9: dynamics.commitment.eq19: p: missing (the rate p > 0 of Corollary 3.11, ε_n/δ_n ≤ n^−p, e.g. p: 0.5)"},
		{"      beta: 0.1\n      mu: 2\n", "      mu: -1\n", "line 10: dynamics.commitment.eq19.mu = -1: need a finite number > 0 (μ of Assumption 3.8, the strong concavity of the follower's payoff in y)"},
		{"      mu: 2\n", "      mu: 0\n", "line 11: dynamics.commitment.eq19.mu = 0: need a finite number > 0 (μ of Assumption 3.8, the strong concavity of the follower's payoff in y)"},
	} {
		src := strings.Replace(hicEq19YAML, eq19, strings.Replace(eq19, c.from, c.to, 1), 1)
		if src == hicEq19YAML {
			t.Fatal("the test's change was not made")
		}
		file := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(file)
		if err != nil {
			t.Fatal(err)
		}
		err = cfg.Locate(Check(cfg))
		if got := errText(err); !strings.HasSuffix(got, "c.yaml: config: "+c.want) {
			t.Errorf("%q → %q: error %q;\nwant it to end %q", c.from, c.to, got, "c.yaml: config: "+c.want)
		}
	}
}
