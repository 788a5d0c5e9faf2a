package experiment

import (
	"os"
	"path/filepath"
	"testing"
)

// TestParamValueErrorLine: a game parameter whose value does not convert
// (NaN, text, a list element that is no number), which game.ParseParam
// reports as "game.params: param NAME…", is given the parameter's own
// line, as an unknown parameter is (a list's element, the list's line, as
// for init.x[i]). Before session 44 it got the line of params:, one or
// more lines above the value.
func TestParamValueErrorLine(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"builtin NaN", "name: t\ngame:\n  builtin: torus\n  params:\n    alpha2: 1.3\n    alpha1: .nan\ndynamics: {kind: sga}\n",
			"config: line 6: game.params: param alpha1: value NaN is not finite"},
		{"formula text", "name: f\ngame:\n  sense: cost\n  f1: \"k*x[0]*x[0]\"\n  f2: \"y[0]*y[0]\"\n  params:\n    k: abc\ndynamics: {kind: sga}\n",
			"config: line 7: game.params: param k: \"abc\" (a string) is not a number, a list of numbers or a list of lists"},
		{"formula list element", "name: f\ngame:\n  sense: cost\n  f1: \"dot(v, x)\"\n  f2: \"y[0]*y[0]\"\n  params:\n    v:\n      - 1\n      - .inf\ndynamics: {kind: sga}\n",
			"config: line 7: game.params: param v[1]: value +Inf is not finite"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadConfig(path)
			if err == nil {
				err = cfg.Locate(Check(cfg))
			}
			if want := path + ": " + c.want; err == nil || err.Error() != want {
				t.Errorf("config:\n%s\n got %v\nwant %s", c.src, err, want)
			}
		})
	}
}
