package safeyaml

import (
	"math"
	"strings"
	"testing"
)

type review40CG struct {
	Iters int     `yaml:"iters"`
	Tol   float64 `yaml:"tol"`
}

type review40Doc struct {
	RL struct {
		CG review40CG `yaml:"cg"`
	} `yaml:"rl"`
	List []review40CG   `yaml:"list"`
	X    float64        `yaml:"x"`
	M    map[string]any `yaml:"m" safeyaml:"numeric"`
}

// TestPlusInfNamedAsInfinity: +.inf (YAML 1.2's infinity with a sign,
// which the reader leaves as text while it reads .inf and -.inf) is
// refused as infinity it cannot take, naming the key and line, in a
// number field and below a numeric one; before, it was "not a number" in
// a number field and the word "+.inf" below a numeric one, silently.
// .inf and -.inf still read as ±Inf (the keys' own checks decide).
func TestPlusInfNamedAsInfinity(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"x: +.inf\n", "line 1: x: +.inf is infinity written with a plus sign, which the YAML reader cannot take; write .inf"},
		{"x: +.INF\n", "line 1: x: +.INF is infinity written with a plus sign"},
		{"m:\n  a: 1\n  b: +.Inf\n", "line 3: m.b: +.Inf is infinity written with a plus sign"},
	} {
		var d review40Doc
		err := Unmarshal([]byte(c.in), &d, Limits{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to start with %q", c.in, err, c.want)
		}
	}
	for in, want := range map[string]float64{"x: .inf\n": math.Inf(1), "x: -.inf\n": math.Inf(-1)} {
		var d review40Doc
		if err := Unmarshal([]byte(in), &d, Limits{}); err != nil || d.X != want {
			t.Errorf("%q: x = %v, error %v; want %v", in, d.X, err, want)
		}
	}
}

// TestDuplicateKeyFullPath: a key written twice in one mapping is named
// by its full path with both lines (before: only its last part, `mapping
// key "iters" already defined`, which rl.cg and another mapping may both
// hold); the parser's own words still begin the message.
func TestDuplicateKeyFullPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"rl:\n  cg:\n    iters: 3\n    tol: 1\n    iters: 4\n",
			`[5:5] mapping key "iters" already defined at [3:5]: rl.cg.iters is written twice, at lines 3 and 5`},
		{"list:\n  - iters: 1\n  - tol: 2\n    tol: 3\n",
			`[4:5] mapping key "tol" already defined at [3:5]: list[1].tol is written twice, at lines 3 and 4`},
		{"m: {a: 1, \"a\": 2}\n", `[1:11] mapping key "a" already defined at [1:5]: m.a is written twice, at line 1, columns 5 and 11`},
		{"x: 1\nx: 2\n", `[2:1] mapping key "x" already defined at [1:1]: x is written twice, at lines 1 and 2`},
	} {
		var d review40Doc
		err := Unmarshal([]byte(c.in), &d, Limits{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v\nwant it to start with %q", c.in, err, c.want)
		}
	}
}
