package game

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestHostileNamesAreCut48: a built-in game's name, a built-in's
// parameter name and a formula's parameter or matrix name given in Go
// (the config's checks cut them first) are quoted cut to 80 characters
// in the error: they were quoted whole (700 characters).
func TestHostileNamesAreCut48(t *testing.T) {
	long := strings.Repeat("k", 700)
	cut := strings.Repeat("k", 80) + "…"
	spec := func(params map[string]ad.Tensor, matrices []string) FormulaSpec {
		return FormulaSpec{F1: "x[0]*x[0]", F2: "y[0]*y[0]", Dims: [2]int{1, 1}, Sense: Cost, Params: params, Matrices: matrices}
	}
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"builtin", func() error { _, err := Builtin(long, nil); return err },
			`unknown built-in game "` + cut + `" (valid: ac-toy, bimatrix, cournot, duopoly, quadratic, soft-ac-toy, torus)`},
		{"builtin param", func() error { _, err := Builtin("duopoly", map[string]ad.Tensor{long: ad.Scalar(1)}); return err },
			`duopoly: unknown param "` + cut + `" (valid: A, c1, c2)`},
		{"builtin param, none taken", func() error { _, err := Builtin("ac-toy", map[string]ad.Tensor{long: ad.Scalar(1)}); return err },
			`ac-toy: unknown param "` + cut + `" (the game takes no parameters)`},
		{"param not an identifier", func() error {
			_, err := NewFormula(spec(map[string]ad.Tensor{"-" + long: ad.Scalar(1)}, nil))
			return err
		},
			`params: name "-` + strings.Repeat("k", 79) + `…" is not an identifier`},
		{"matrix not a param", func() error { _, err := NewFormula(spec(nil, []string{long})); return err },
			`matrices: "` + cut + `" is not a parameter`},
		{"param unused", func() error { _, err := NewFormula(spec(map[string]ad.Tensor{long: ad.Scalar(1)}, nil)); return err },
			`params: param ` + cut + ` is used by neither f1 nor f2, which use no params (remove it, or fix the name in the formula)`},
	} {
		err := c.run()
		if err == nil || !strings.HasSuffix(err.Error(), c.want) || len(err.Error()) > len(c.want)+40 {
			t.Errorf("%s: %.300v\nwant …%q", c.name, err, c.want)
		}
	}
}
