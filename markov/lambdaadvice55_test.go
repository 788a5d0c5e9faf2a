package markov

import (
	"strconv"
	"strings"
	"testing"
)

// TestLambdaRatioAdvice55: a spec whose max|R2|/lambda is beyond
// (1 − γ)·MaxFloat64/8 (MinLambda's bound) was told to scale R2 and
// lambda down by the same factor, which keeps that ratio: the game was
// refused at every common scale. The advice is R2 alone down by the
// factor it names, lambda kept (or lambda 0 with R2 down by its own
// factor), and each holds: 0.1 % above the factor the game is accepted,
// 0.1 % below it is refused. With the ratio within the bound the common
// factor is named and holds alike.
func TestLambdaRatioAdvice55(t *testing.T) {
	spec := func(gamma, lambda string, r2 float64) string {
		return "gamma: " + gamma + "\nlambda: " + lambda + "\nstates: 1\nactions: [2, 2]\nrho: [1]\n" +
			"P: [[[[1], [1]], [[1], [1]]]]\n" +
			"R1:\n  - [[0, 1], [1, 0]]\n" +
			"R2:\n  - [[0, " + strconv.FormatFloat(r2, 'g', -1, 64) + "], [0, 1]]\n"
	}
	accepted := func(src string) bool { _, err := ParseGame([]byte(src)); return err == nil }
	// The old advice fails at every common scale: γ = 0.99, λ = 0.1,
	// max|R2| = 1e308, ratio 1e309 over the bound 0.01·MaxFloat64/8 =
	// 2.247e305.
	for _, f := range []float64{10, 1e3, 1e6, 1e100} {
		if accepted(spec("0.99", strconv.FormatFloat(0.1/f, 'g', -1, 64), 1e308/f)) {
			t.Errorf("R2 and lambda down by %g: accepted, so the ratio was not the obstacle", f)
		}
	}
	for _, c := range []struct {
		name, gamma, lambda string
		r2                  float64
		// want is the advice's text with the factor, factor its value:
		// 1e308/(0.1·2.247e305) = 4450.148, 1e308/(0.01·MaxFloat64/1.001)
		// = 55.6825 with λ = 0; (1e308 + 1e307·ln 2)/(0.1·MaxFloat64/1.001)
		// = 5.954209 in common; the advice writes each rounded up (4451,
		// 55.69, 5.955), a bound that holds as written.
		want    string
		factor  float64
		lambdaF bool // the factor scales lambda too
		lambda0 bool // the advice is for lambda set to 0
	}{
		{"R2 alone, lambda kept", "0.99", "0.1", 1e308, "scale R2 alone down by a factor above 4451, keeping lambda = 0.1", 4450.148, false, false},
		{"lambda 0", "0.99", "0.1", 1e308, "or set lambda to 0 (an unregularised follower) and scale R2 down by a factor above 55.69", 55.6825, false, true},
		{"common factor", "0.9", "1e307", 1e308, "scale R2 and lambda down by the same factor, above 5.955", 5.954209, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseGame([]byte(spec(c.gamma, c.lambda, c.r2)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v\nlacks %q", err, c.want)
			}
			lambda, _ := strconv.ParseFloat(c.lambda, 64)
			for _, m := range []struct {
				mul  float64
				want bool
			}{{1.001, true}, {0.999, false}} {
				f := c.factor * m.mul
				l := lambda
				if c.lambdaF {
					l /= f
				}
				if c.lambda0 {
					l = 0
				}
				if got := accepted(spec(c.gamma, strconv.FormatFloat(l, 'g', -1, 64), c.r2/f)); got != m.want {
					t.Errorf("factor %.6g (lambda %g): accepted %v, want %v", f, l, got, m.want)
				}
			}
		})
	}
}

// TestMinLambdaAdvice55: checkLambdaScale's refusal said to raise lambda
// or use 0; it names the other way now, with its number: R2 down by
// max|R2|/(λ·(1 − γ)·MaxFloat64/8) = 1e306/(0.2·2.247e306) = 2.225
// (γ = 0.9, λ = 0.2), which holds 0.1 % above and fails 0.1 % below, as
// λ at the bound 0.445 does.
func TestMinLambdaAdvice55(t *testing.T) {
	spec := func(lambda, r2 float64) string {
		return "gamma: 0.9\nlambda: " + strconv.FormatFloat(lambda, 'g', -1, 64) + "\nstates: 1\nactions: [1, 2]\nrho: [1]\n" +
			"P: [[[[1], [1]]]]\nR1: [[[0, 0]]]\nR2: [[[" + strconv.FormatFloat(r2, 'g', -1, 64) + ", 0]]]\n"
	}
	_, err := ParseGame([]byte(spec(0.2, 1e306)))
	for _, want := range []string{"lambda = 0.2: a positive lambda must be at least 0.446 ", "raise lambda to at least that, or scale R2 down by a factor above 2.226 to keep lambda = 0.2 ",
		"(R2 and lambda scaled by the same factor keep max|R2|/lambda, which the bound limits to (1 − gamma)·MaxFloat64/8 = 2.247e+306), or use 0 for an unregularised follower"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nlacks %q", err, want)
		}
	}
	for _, c := range []struct {
		lambda, r2 float64
		want       bool
	}{
		{0.2, 1e306 / 2.2275, true}, {0.2, 1e306 / 2.2231, false},
		{0.4456, 1e306, true}, {0.4446, 1e306, false},
	} {
		if _, err := ParseGame([]byte(spec(c.lambda, c.r2))); (err == nil) != c.want {
			t.Errorf("lambda %g, R2 %g: error %v, want accepted %v", c.lambda, c.r2, err, c.want)
		}
	}
}
