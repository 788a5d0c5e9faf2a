package experiment

import (
	"strings"
	"testing"
)

// TestHiCEq19CurvatureLargeTerms54: the curvature of the follower's
// payoff must not carry rounding that grows with the payoff's terms: on
// the Cournot game f2 = y(A − x − y) − y with A = 10¹² at x = 0.999·10¹² +
// 0.123, y = 1.3 (curvature −2 everywhere) central differences of the
// gradient gave a concavity of 1.999 and refused the paper's μ = 2. The
// curvature is now the payoff's Hessian by automatic differentiation:
// μ = 2 passes there, and μ = 2.5 (25 % above the concavity) is refused.
func TestHiCEq19CurvatureLargeTerms54(t *testing.T) {
	base := strings.NewReplacer(
		"init: {uniform: {x: [[0, 50]], y: [[0, 50]]}}\n", "init: {x: [999000000000.123], y: [1.3]}\n",
		"game: {builtin: cournot}\n", "game: {sense: payoff, dims: [1, 1], f1: 'x[0]*(1e12 - x[0] - y[0])', f2: 'y[0]*(1e12 - x[0] - y[0]) - y[0]'}\n",
	).Replace(hicEq19YAML)
	if !strings.Contains(base, "1e12 - x[0]") || !strings.Contains(base, "999000000000.123") {
		t.Fatal("the test's game or start was not put into the configuration")
	}
	for _, c := range []struct {
		mu   string
		want string // "": no error
	}{
		{"2", ""},
		{"2.5", "dynamics.commitment.eq19.mu = 2.5: the follower's payoff is only "},
	} {
		cfg, err := ParseConfig([]byte(strings.Replace(base, "      mu: 2\n", "      mu: "+c.mu+"\n", 1)))
		if err != nil {
			t.Fatal(err)
		}
		err = Check(cfg)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("mu = %s: %v", c.mu, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("mu = %s: error %v; want it to hold %q", c.mu, err, c.want)
		}
	}
}
