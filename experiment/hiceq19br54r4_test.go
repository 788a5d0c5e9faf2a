package experiment

import (
	"strings"
	"testing"
)

// TestHiCEq19BestResponseRemedy54r4: a best-response follower's lr is its
// inner step, which eq19's beta need not equal; a beta above 1/K2 was
// refused with "lower beta and dynamics.follower.lr to at most 0.5" when
// that lr (0.4) was already below it. Now only beta is named; a gradient
// follower's message still names both.
func TestHiCEq19BestResponseRemedy54r4(t *testing.T) {
	base := strings.NewReplacer(
		"init: {uniform: {x: [[0, 50]], y: [[0, 50]]}}\n", "init: {x: [10], y: [10]}\n",
		"      beta: 0.1\n", "      beta: 0.6\n",
		"      mu: 2\n", "      mu: 1\n",
	).Replace(hicEq19YAML)
	for _, c := range []struct{ follower, want string }{
		{"    kind: best-response\n    lr: 0.4\n", "config: dynamics.commitment.eq19.beta = 0.6: β·K2 = 1.2 > 1, K2 = 2 being the largest curvature of f2 in y at the start (x = [10], y = [10]): Corollary 3.11 needs β ≤ 1/K2 = 0.5 (a gradient follower's step that Eq. 19's rate holds for); lower beta to at most 0.5"},
		{"    kind: gradient\n    lr: 0.6\n", "config: dynamics.commitment.eq19.beta = 0.6: β·K2 = 1.2 > 1, K2 = 2 being the largest curvature of f2 in y at the start (x = [10], y = [10]): Corollary 3.11 needs β ≤ 1/K2 = 0.5 (a gradient follower's step that Eq. 19's rate holds for); lower beta and dynamics.follower.lr to at most 0.5"},
	} {
		src := strings.Replace(base, "    kind: gradient\n    lr: 0.1\n", c.follower, 1)
		if !strings.Contains(src, c.follower) {
			t.Fatal("the follower was not put into the configuration")
		}
		cfg, err := ParseConfig([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if got := errText(Check(cfg)); got != c.want {
			t.Errorf("%q: error %q;\nwant %q", c.follower, got, c.want)
		}
	}
}
