package markov

import (
	"math"
	"strings"
	"testing"
)

// Of several bad parameters, Builtin's error names the first in key order
// on every call: it used to range over the parameter map, whose order
// changes from call to call, so the same configuration failed with a
// different message from run to run.
func TestBuiltinBadParameterErrorIsStable(t *testing.T) {
	for _, c := range []struct {
		params map[string]float64
		want   string
	}{
		{map[string]float64{"foo": 1, "bar": 2, "baz": 3, "qux": 4, "gamma": 0.5}, `unknown parameter "bar"`},
		{map[string]float64{"slip": math.NaN(), "gamma": math.Inf(1), "penalty": math.NaN(), "detect": math.Inf(-1)}, "parameter detect = -Inf"},
	} {
		for i := 0; i < 100; i++ {
			_, err := Builtin("patrol", c.params)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("call %d: error %v, want one with %q", i+1, err, c.want)
			}
		}
	}
}
