package markov

import (
	"errors"
	"testing"
)

// TestBuiltinParamError46e: Builtin's refusal of one parameter's value is a
// *ParamError naming the parameter and its value (errors.As), whether the
// generic checks refuse it (a fraction) or the built-in's own builder (a
// size below 1, a range); so a caller can name it by its own key.
func TestBuiltinParamError46e(t *testing.T) {
	for _, c := range []struct {
		name  string
		p     map[string]float64
		param string
		value float64
		text  string
	}{
		{"random", map[string]float64{"states": 4.5}, "states", 4.5, `markov: built-in "random": parameter states = 4.5 must be an integer`},
		{"random", map[string]float64{"actions2": 0}, "actions2", 0, `markov: built-in "random": parameter actions2 = 0 must be >= 1`},
		{"patrol", map[string]float64{"targets": 2}, "targets", 2, `markov: built-in "patrol": parameter targets = 2 must be in [3, 64]`},
		{"epidemic", map[string]float64{"recovery": -0.5}, "recovery", -0.5, `markov: built-in "epidemic": parameter recovery = -0.5 must be in [0, 1]`},
	} {
		_, err := Builtin(c.name, c.p)
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != c.param || pe.Value != c.value || err.Error() != c.text {
			t.Errorf("Builtin(%q, %v): error %v (ParamError %+v), want %q naming %s = %g", c.name, c.p, err, pe, c.text, c.param, c.value)
		}
	}
}
