package markov

import (
	"errors"
	"testing"

	"github.com/goccy/go-yaml"
)

// TestValueBoundRefused54: a game whose values can leave float64's range,
// |V1| ≤ max|R1|/(1−γ) or |V2λ| ≤ (max|R2| + λ ln|A2|)/(1−γ) (Eq. 1, 3)
// beyond math.MaxFloat64, is refused when it is parsed, naming the
// reward (or lambda) at fault, its line, the bound and what to do. It
// was accepted, and the run stopped at its first record with "iteration
// 0: V1: non-finite value". Just within the bound the game is accepted.
func TestValueBoundRefused54(t *testing.T) {
	spec := func(gamma, lambda, r1, r2 string) string {
		return "gamma: " + gamma + "\nlambda: " + lambda + "\nstates: 1\nactions: [2, 2]\nrho: [1]\n" +
			"P: [[[[1], [1]], [[1], [1]]]]\n" +
			"R1:\n  - [[0, 1], [" + r1 + ", 0]]\n" +
			"R2:\n  - [[0, " + r2 + "], [0, 1]]\n"
	}
	for _, c := range []struct {
		name, src, path, want string
	}{
		{"R1", spec("0.99", "0", "-1e308", "1"), "R1[0][1][0]",
			"markov: game spec: line 8: R1[0][1][0] = -1e+308: with gamma = 0.99 the leader's values reach up to max|R1|/(1 − gamma) = 1e+308/0.01, " +
				"beyond 1.796e+308, float64's largest number less the values' rounding (V1 would overflow to ±Inf); scale R1 down by a positive factor (the leader's best policies stay the same)"},
		{"R1 at gamma 0.5", spec("0.5", "0", "1e308", "1"), "R1[0][1][0]",
			"markov: game spec: line 8: R1[0][1][0] = 1e+308: with gamma = 0.5 the leader's values reach up to max|R1|/(1 − gamma) = 1e+308/0.5, " +
				"beyond 1.796e+308, float64's largest number less the values' rounding (V1 would overflow to ±Inf); scale R1 down by a positive factor (the leader's best policies stay the same)"},
		{"R2 before MinLambda", spec("0.99", "0.1", "1", "1e308"), "R2[0][0][1]",
			"markov: game spec: line 10: R2[0][0][1] = 1e+308: with gamma = 0.99 and lambda = 0.1 the follower's values reach up to (max|R2| + lambda·ln 2)/(1 − gamma) = 1e+308/0.01, " +
				"beyond 1.796e+308, float64's largest number less the values' rounding (V2λ would overflow to ±Inf); max|R2|/lambda = 1e+308/0.1 is beyond (1 − gamma)·MaxFloat64/8 = 2.247e+305 (markov.MinLambda), a ratio that scaling R2 and lambda by the same factor keeps: " +
				"scale R2 alone down by a factor above 4451, keeping lambda = 0.1 (the follower's best responses change: they depend on R2/lambda), or set lambda to 0 (an unregularised follower) and scale R2 down by a factor above 55.69"},
		{"lambda", spec("0.9", "1e308", "1", "1"), "lambda",
			"markov: game spec: line 2: lambda = 1e+308: with gamma = 0.9 and lambda = 1e+308 the follower's values reach up to (max|R2| + lambda·ln 2)/(1 − gamma) = 6.931e+307/0.1, " +
				"beyond 1.796e+308, float64's largest number less the values' rounding (V2λ would overflow to ±Inf); scale R2 and lambda down by the same factor, above 3.86 (the follower's best responses stay the same)"},
		{"within", spec("0.5", "0", "8.9e307", "8.9e307"), "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := ParseGame([]byte(c.src))
			if c.want == "" {
				if err != nil {
					t.Fatalf("want accepted, got %v", err)
				}
				e, err := NewEvaluator(g)
				if err != nil {
					t.Fatal(err)
				}
				// V1 = V2 = max|R|/(1−γ)·π(1,0) at θ1 = (0, 30), θ2 = (30, 0)
				// (π ≈ 1 − 1e-13): finite, 1.78e308 within 1e-12.
				pt := e.Eval([]float64{0, 30}, []float64{30, 0}, OrderValues)
				if !finite(pt.V1) || !(pt.V1 > 1.7799e308) || !finite(pt.V2) {
					t.Errorf("V1 = %v, V2λ = %v; want finite, V1 ≈ 1.78e308", pt.V1, pt.V2)
				}
				return
			}
			if err == nil || err.Error() != c.want {
				t.Errorf("got  %v\nwant %s", err, c.want)
			}
			// The game's own check names the same field.
			var ve *validationError
			if err := gameOf(t, c.src).Validate(); !errors.As(err, &ve) || ve.path != c.path {
				t.Errorf("Validate: %v, want a validation error at %s", err, c.path)
			}
		})
	}
}

// gameOf decodes a spec without validating it.
func gameOf(t *testing.T, src string) *Game {
	t.Helper()
	var g Game
	if err := yaml.Unmarshal([]byte(src), &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

// TestValueBoundBuiltin54: a built-in whose parameters scale its rewards
// beyond the bound is refused too (patrol with penalty 1e308 and gamma
// 0.99: the attacker's R2 reaches −9e307), before the follower's λ scale
// (MinLambda) is blamed; at penalty 1e300 it is accepted with λ = 0.
func TestValueBoundBuiltin54(t *testing.T) {
	_, err := Builtin("patrol", map[string]float64{"penalty": 1e308, "gamma": 0.99, "lambda": 0.2})
	// Named by the parameter given (TestValueBoundBuiltinParam54p).
	want := `markov: built-in "patrol": parameter penalty = 1e+308 puts the follower's values beyond float64's range: with gamma = 0.99 and lambda = 0.2 they reach up to (max|R2| + lambda·ln 5)/(1 − gamma) = 9e+307/0.01, ` +
		"beyond 1.796e+308, float64's largest number less the values' rounding (V2λ would overflow to ±Inf); scale penalty down by a factor above 2003, for lambda = 0.2 to stay at least the scaled rewards' markov.MinLambda"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	if _, err := Builtin("patrol", map[string]float64{"penalty": 1e300, "gamma": 0.99, "lambda": 0}); err != nil {
		t.Errorf("penalty 1e300, λ = 0: %v", err)
	}
}
