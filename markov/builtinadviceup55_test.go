package markov

import (
	"regexp"
	"strconv"
	"testing"
)

// TestBuiltinAdviceFactorHolds55 checks that the factor a built-in's
// refused params are told to scale down by holds as written: the param
// divided by a hair more than it (1 + 1e-9) is accepted. The factor was
// written %.4g, rounded to nearest: patrol's penalty 1.4981e307 with
// gamma 0.99 was told "a factor above 300", and 1.4981e307/(300·(1 +
// 1e-9)) was refused again ("a factor above 1").
func TestBuiltinAdviceFactorHolds55(t *testing.T) {
	factorRe := regexp.MustCompile(`down by (?:the same factor, )?(?:a factor )?above ([0-9.e+]+)`)
	for _, penalty := range []float64{1.4981e307, 1e308, 3.3e307} {
		params := map[string]float64{"penalty": penalty, "gamma": 0.99}
		_, err := Builtin("patrol", params)
		if err == nil {
			t.Fatalf("penalty %g: accepted, want refused", penalty)
		}
		m := factorRe.FindStringSubmatch(err.Error())
		if m == nil {
			t.Fatalf("penalty %g: no factor in %q", penalty, err)
		}
		factor, perr := strconv.ParseFloat(m[1], 64)
		if perr != nil {
			t.Fatalf("penalty %g: factor %q: %v", penalty, m[1], perr)
		}
		scaled := map[string]float64{"penalty": penalty / (factor * (1 + 1e-9)), "gamma": 0.99}
		if _, err := Builtin("patrol", scaled); err != nil {
			t.Errorf("penalty %g told to scale down by a factor above %s; penalty %g (a hair more) refused: %v", penalty, m[1], scaled["penalty"], err)
		}
	}
}
