package markov

import (
	"errors"
	"strings"
	"testing"
)

// TestBuiltinGammaLambdaParamError56 checks that a built-in's gamma or
// lambda that Validate refuses comes back as a ParamError naming the
// parameter, as the built-ins' other parameters do (so that a
// configuration's error is placed at game.params.NAME's line), with an
// unstuttered message: it was `markov: built-in "patrol": markov: game:
// gamma = 1.5: must be in [0, 1)`, placed at the markov_builtin line.
func TestBuiltinGammaLambdaParamError56(t *testing.T) {
	for _, c := range []struct {
		name   string
		params map[string]float64
		param  string
		value  float64
		reason string // the start of the reason
		text   string // the start of the error's text
	}{
		{"patrol", map[string]float64{"gamma": 1.5}, "gamma", 1.5, "must be in [0, 1)",
			`markov: built-in "patrol": parameter gamma = 1.5 must be in [0, 1)`},
		{"patrol", map[string]float64{"lambda": -1}, "lambda", -1, "must be finite and >= 0 (0 means an unregularised follower)",
			`markov: built-in "patrol": parameter lambda = -1 must be finite and >= 0 (0 means an unregularised follower)`},
		{"epidemic", map[string]float64{"gamma": -0.5}, "gamma", -0.5, "must be in [0, 1)",
			`markov: built-in "epidemic": parameter gamma = -0.5 must be in [0, 1)`},
		{"random", map[string]float64{"gamma": 1}, "gamma", 1, "must be in [0, 1)",
			`markov: built-in "random": parameter gamma = 1 must be in [0, 1)`},
		{"random", map[string]float64{"lambda": -2}, "lambda", -2, "must be finite and >= 0",
			`markov: built-in "random": parameter lambda = -2 must be finite and >= 0`},
		// Validate's other refusals of gamma and lambda, whose reason is
		// a sentence of its own, follow a colon.
		{"patrol", map[string]float64{"gamma": 0.9999999999999999}, "gamma", 0.9999999999999999, "1 − gamma = 1.11e-16 is below the bound",
			`markov: built-in "patrol": parameter gamma = 0.9999999999999999: 1 − gamma = 1.11e-16 is below the bound`},
		{"patrol", map[string]float64{"lambda": 1e-310}, "lambda", 1e-310, "a positive lambda must be at least",
			`markov: built-in "patrol": parameter lambda = 1e-310: a positive lambda must be at least`},
	} {
		_, err := Builtin(c.name, c.params)
		var pe *ParamError
		if !errors.As(err, &pe) {
			t.Errorf("%s %v: error %v, want a ParamError", c.name, c.params, err)
			continue
		}
		if pe.Param != c.param || pe.Value != c.value || !strings.HasPrefix(pe.Reason, c.reason) {
			t.Errorf("%s %v: ParamError %+v, want param %s = %v, reason starting %q", c.name, c.params, *pe, c.param, c.value, c.reason)
		}
		if !strings.HasPrefix(err.Error(), c.text) || strings.Count(err.Error(), "markov: ") != 1 {
			t.Errorf("%s %v: error\n %q\nwant it to start\n %q\n(one \"markov: \")", c.name, c.params, err, c.text)
		}
	}
}
