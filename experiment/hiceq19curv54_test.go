package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHiCEq19CurvatureChecked54: Corollary 3.11 (Eq. 19) assumes the
// follower's payoff μ-strongly concave and K2-smooth in y (Assumption
// 3.8) and a step β ≤ 1/K2. The curvature of f2 in y at the run's start
// bounds both (K2 is at least its largest |eigenvalue|, μ at most the
// smallest eigenvalue of −∇²_yy f2), so a beta above 1/that K2, or a mu
// above that concavity, violates the Corollary whatever the rest of the
// game: refused at the key's line (beta's, or the follower's lr when beta
// is taken from it), with the bound. On the Cournot game f2 = y(50 − x −
// y) − y the curvature is −2 everywhere: K2 = 2, μ ≤ 2 — the paper's β =
// 0.1, μ = 2 and the bound itself (β = 0.5, μ = 1) pass, the finite
// differences notwithstanding.
func TestHiCEq19CurvatureChecked54(t *testing.T) {
	base := strings.Replace(hicEq19YAML, "init: {uniform: {x: [[0, 50]], y: [[0, 50]]}}\n", "init: {x: [10], y: [10]}\n", 1)
	set := func(beta, mu, lr string) *strings.Replacer {
		b := "      beta: " + beta + "\n"
		if beta == "" {
			b = ""
		}
		return strings.NewReplacer("      beta: 0.1\n", b, "      mu: 2\n", "      mu: "+mu+"\n", "    lr: 0.1\n", "    lr: "+lr+"\n")
	}
	for _, c := range []struct {
		name string
		r    *strings.Replacer
		want string // "": no error
	}{
		{"paper's", set("0.1", "2", "0.1"), ""},
		{"beta = 1/K2", set("0.5", "1", "0.5"), ""},
		{"beta above 1/K2", set("0.6", "1", "0.6"),
			"c.yaml: config: line 10: dynamics.commitment.eq19.beta = 0.6: β·K2 = 1.2 > 1, K2 = 2 being the largest curvature of f2 in y at the start (x = [10], y = [10]): Corollary 3.11 needs β ≤ 1/K2 = 0.5 (a gradient follower's step that Eq. 19's rate holds for); lower beta and dynamics.follower.lr to at most 0.5"},
		{"lr above 1/K2, beta left out", set("", "1", "0.6"),
			"c.yaml: config: line 16: dynamics.follower.lr = 0.6: eq19 takes its beta from it, and β·K2 = 1.2 > 1, K2 = 2 being the largest curvature of f2 in y at the start (x = [10], y = [10]): Corollary 3.11 needs β ≤ 1/K2 = 0.5 (a gradient follower's step that Eq. 19's rate holds for); lower lr to at most 0.5"},
		{"mu above the concavity", set("0.1", "3", "0.1"),
			"c.yaml: config: line 11: dynamics.commitment.eq19.mu = 3: the follower's payoff is only 2-strongly concave in y at the start (x = [10], y = [10]; the smallest eigenvalue of −∇²_yy of f2 there), and Assumption 3.8 needs mu at most that everywhere: with a larger mu Eq. 19 commits too few stages; lower mu to at most 2"},
	} {
		file := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(file, []byte(c.r.Replace(base)), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(file)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = cfg.Locate(Check(cfg))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.HasSuffix(err.Error(), c.want)):
			t.Errorf("%s: error %v;\nwant it to end %q", c.name, err, c.want)
		}
	}

	// A follower payoff that is not concave at the start (f2 = y², a
	// payoff, curvature +2): eq19 assumes what the game lacks.
	src := strings.Replace(base, "game: {builtin: cournot}\n", "game: {sense: payoff, dims: [1, 1], f1: 'x[0]*y[0] - x[0]*x[0]', f2: 'y[0]*y[0] - x[0]*y[0]'}\n", 1)
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "config: dynamics.commitment.eq19.mu = 2: the follower's payoff is not strongly concave in y at the start (x = [10], y = [10]; the largest eigenvalue of ∇²_yy of f2 there is 2 ≥ 0), which eq19 (Corollary 3.11, Assumption 3.8) assumes: use another dynamics.commitment schedule"
	if err := Check(cfg); err == nil || err.Error() != want {
		t.Errorf("convex follower: error %v;\nwant %s", err, want)
	}
	if _, err := runYAML(t, src); err == nil || err.Error() != want {
		t.Errorf("convex follower, run: error %v;\nwant %s", err, want)
	}
}
