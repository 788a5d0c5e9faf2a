package markov

import (
	"errors"
	"testing"
)

// TestValueBoundBuiltinParam54p: a built-in whose parameters put the
// values beyond float64's range is refused naming the parameter the user
// gave (a ParamError, which a config locates at game.params.NAME's line),
// not the game's internal entry ("R2[0][0][1] = -9e+306", which the user
// never wrote), and says to scale the given parameters that scale the
// player's rewards (lambda with them for the follower) down by more than
// the bound's excess (patrol, penalty 1e307, γ = 0.99: max|R2| = 0.9·1e307,
// (9e306 + 0.2·ln 5)/0.01 over 0.01·MaxFloat64/(1 + 1e-3) = 5.011). Below
// that factor the game is accepted.
func TestValueBoundBuiltinParam54p(t *testing.T) {
	const tail = ", beyond 1.796e+308, float64's largest number less the values' rounding "
	for _, c := range []struct {
		name      string
		builtin   string
		params    map[string]float64
		param     string
		value     float64
		wantError string
	}{
		// λ = 0.2 left as it is: penalty must also come down by
		// 8·9e306/(0.2·0.01·MaxFloat64) = 200.3 for λ ≥ MinLambda.
		{"penalty", "patrol", map[string]float64{"penalty": 1e307, "gamma": 0.99}, "penalty", 1e307,
			`markov: built-in "patrol": parameter penalty = 1e+307 puts the follower's values beyond float64's range: with gamma = 0.99 and lambda = 0.2 they reach up to (max|R2| + lambda·ln 5)/(1 − gamma) = 9e+306/0.01` + tail +
				"(V2λ would overflow to ±Inf); scale penalty down by a factor above 200.3, for lambda = 0.2 to stay at least the scaled rewards' markov.MinLambda"},
		{"penalty, lambda 0", "patrol", map[string]float64{"penalty": 1e307, "gamma": 0.99, "lambda": 0}, "penalty", 1e307,
			`markov: built-in "patrol": parameter penalty = 1e+307 puts the follower's values beyond float64's range: with gamma = 0.99 and lambda = 0 they reach up to (max|R2| + lambda·ln 5)/(1 − gamma) = 9e+306/0.01` + tail +
				"(V2λ would overflow to ±Inf); scale penalty down by a factor above 5.012"},
		// Both terms beyond the range (λ·ln 5 = 1.61e308, max|R2| =
		// 9e307, room 1.796e306): both by the same factor, 139.7; the
		// reward's parameter is named, as checkValueBound names R2 when
		// it is beyond the range by itself.
		{"penalty and lambda", "patrol", map[string]float64{"penalty": 1e308, "gamma": 0.99, "lambda": 1e308}, "penalty", 1e308,
			`markov: built-in "patrol": parameter penalty = 1e+308 puts the follower's values beyond float64's range: with gamma = 0.99 and lambda = 1e+308 they reach up to (max|R2| + lambda·ln 5)/(1 − gamma) = +Inf/0.01` + tail +
				"(V2λ would overflow to ±Inf); scale penalty and lambda down by the same factor, above 139.8"},
		{"lambda of random", "random", map[string]float64{"lambda": 1e307, "gamma": 0.99}, "lambda", 1e307,
			`markov: built-in "random": parameter lambda = 1e+307 puts the follower's values beyond float64's range: with gamma = 0.99 and lambda = 1e+307 they reach up to (max|R2| + lambda·ln 2)/(1 − gamma) = 6.931e+306/0.01` + tail +
				"(V2λ would overflow to ±Inf); scale lambda down by a factor above 3.86"},
		// epidemic: |R2| = sick_cost·i_s·(1 − 0.5δ) + test_cost·(1.5 − τ)
		// at most 0.9·1e308 + 1.3·1e307 = 1.03e308 (s = L−1, minimal
		// testing, tested: δ = τ = 0.2); γ = 0.9, λ = 0.2 (MinLambda:
		// 8·1.03e308/(0.2·0.1·MaxFloat64) = 229.2).
		{"epidemic's two costs", "epidemic", map[string]float64{"sick_cost": 1e308, "test_cost": 1e307}, "sick_cost", 1e308,
			`markov: built-in "epidemic": parameter sick_cost = 1e+308 puts the follower's values beyond float64's range: with gamma = 0.9 and lambda = 0.2 they reach up to (max|R2| + lambda·ln 2)/(1 − gamma) = 1.03e+308/0.1` + tail +
				"(V2λ would overflow to ±Inf); scale sick_cost and test_cost down by the same factor, above 229.2, for lambda = 0.2 to stay at least the scaled rewards' markov.MinLambda"},
		// patrol's leader: R1 = detect·catch_reward − … at a catch,
		// 0.9·1e308 = 9e307 over 0.5·1.796e308.
		{"catch_reward", "patrol", map[string]float64{"catch_reward": 1e308, "gamma": 0.5}, "catch_reward", 1e308,
			`markov: built-in "patrol": parameter catch_reward = 1e+308 puts the leader's values beyond float64's range: with gamma = 0.5 they reach up to max|R1|/(1 − gamma) = 9e+307/0.5` + tail +
				"(V1 would overflow to ±Inf); scale catch_reward down by a factor above 1.003"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Builtin(c.builtin, c.params)
			if err == nil || err.Error() != c.wantError {
				t.Fatalf("got  %v\nwant %s", err, c.wantError)
			}
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Param != c.param || pe.Value != c.value {
				t.Errorf("ParamError %+v, want parameter %s = %v", pe, c.param, c.value)
			}
		})
	}
	// The advice holds: each factor, 0.1 % larger, gives a game that is
	// accepted.
	for _, c := range []struct {
		builtin string
		params  map[string]float64
	}{
		{"patrol", map[string]float64{"penalty": 1e307 / 200.5, "gamma": 0.99}},
		{"patrol", map[string]float64{"penalty": 1e307 / 5.02, "gamma": 0.99, "lambda": 0}},
		{"patrol", map[string]float64{"penalty": 1e308 / 139.9, "gamma": 0.99, "lambda": 1e308 / 139.9}},
		{"random", map[string]float64{"lambda": 1e307 / 3.87, "gamma": 0.99}},
		{"epidemic", map[string]float64{"sick_cost": 1e308 / 229.5, "test_cost": 1e307 / 229.5}},
		{"patrol", map[string]float64{"catch_reward": 1e308 / 1.003, "gamma": 0.5}},
	} {
		if _, err := Builtin(c.builtin, c.params); err != nil {
			t.Errorf("%s %v: %v", c.builtin, c.params, err)
		}
	}
}
