package safeyaml

import (
	"testing"
)

type review39Config struct {
	X   float64            `yaml:"x"`
	F32 float32            `yaml:"f32"`
	N   int                `yaml:"n"`
	L   []float64          `yaml:"l"`
	M   map[string]float64 `yaml:"m"`
	Any map[string]any     `yaml:"any" safeyaml:"numeric"`
	Sub struct {
		Y float64 `yaml:"y"`
	} `yaml:"sub"`
}

// TestUnderflowRefused: a number too small for its field, not zero as
// written, was read as 0 without a word (x: 1.0e-400 ran with x = 0; so
// did 1e-400, 2e-324, n: 1e-400, and 1e-50 in a float32 field).
func TestUnderflowRefused(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"x: 1.0e-400", "line 1: x: 1.0e-400 underflows: it is below 4.9e-324, the smallest float64 above 0, and would be read as 0; write 0 if zero is meant"},
		{"x: 1e-400", "line 1: x: 1e-400 underflows: it is below 4.9e-324, the smallest float64 above 0, and would be read as 0; write 0 if zero is meant"},
		{"x: -2e-324", "line 1: x: -2e-324 underflows: it is below 4.9e-324, the smallest float64 above 0, and would be read as 0; write 0 if zero is meant"},
		{"x: 0x1p-2000", "line 1: x: 0x1p-2000 underflows: it is below 4.9e-324, the smallest float64 above 0, and would be read as 0; write 0 if zero is meant"},
		{"sub:\n  y: 1\nl:\n  - 1\n  - 1.5e-999", "line 5: l[1]: 1.5e-999 underflows: it is below 4.9e-324, the smallest float64 above 0, and would be read as 0; write 0 if zero is meant"},
		{"sub:\n  y: 1.0e-400", "line 2: sub.y: 1.0e-400 underflows: it is below 4.9e-324, the smallest float64 above 0, and would be read as 0; write 0 if zero is meant"},
		{"m: {a: 1e-400}", "line 1: m.a: 1e-400 underflows: it is below 4.9e-324, the smallest float64 above 0, and would be read as 0; write 0 if zero is meant"},
		{"any: {a: 1.0e-400}", "line 1: any.a: 1.0e-400 underflows: it is below 4.9e-324, the smallest float64 above 0, and would be read as 0; write 0 if zero is meant"},
		{"f32: 1e-50", "line 1: f32: 1e-50 underflows: it is below 1.4e-45, the smallest float32 above 0, and would be read as 0; write 0 if zero is meant"},
		{"n: 1e-400", "line 1: n: 1e-400 is not an integer"},
	} {
		var cfg review39Config
		err := Unmarshal([]byte(c.in), &cfg, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
	// Zero written with any exponent, and the smallest subnormals, stay.
	for _, c := range []struct {
		in   string
		want float64
	}{
		{"x: 0.0e-400", 0}, {"x: -0e-999", 0}, {"x: 4e-324", 5e-324}, {"x: 1e-320", 1e-320}, {"x: 1_0e-5", 1e-4},
	} {
		var cfg review39Config
		if err := Unmarshal([]byte(c.in), &cfg, Limits{}); err != nil || cfg.X != c.want {
			t.Errorf("%q: x = %v, error %v; want %v", c.in, cfg.X, err, c.want)
		}
	}
}

// TestNonTextKeyRefused: a key that is not text (a number, true/false,
// null) at a level decoded into a struct made the decoder skip the whole
// mapping, silently: "x: 1" above "2: 3" decoded x as 0, and "sub: {y: 1,
// 2: 3}" left sub.y at 0, with no error.
func TestNonTextKeyRefused(t *testing.T) {
	const top = "(the top level takes x, f32, n, l, m, any, sub); a key that is a number, true/false or null names no setting"
	for _, c := range []struct{ in, want string }{
		{"x: 1\n2: 3", `line 2: unknown field "2" ` + top},
		{"x: 1\ntrue: 3", `line 2: unknown field "true" ` + top},
		{"x: 1\n~: 3", `line 2: unknown field "~" ` + top},
		{"x: 1\n1.5: 3", `line 2: unknown field "1.5" ` + top},
		{"x: 5\nsub:\n  y: 1\n  2: 3", `line 4: unknown field "2" (sub takes y); a key that is a number, true/false or null names no setting`},
	} {
		var cfg review39Config
		err := Unmarshal([]byte(c.in), &cfg, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v (x = %v, sub.y = %v), want %q", c.in, err, cfg.X, cfg.Sub.Y, c.want)
		}
	}
	// In a map the key is the map's: a number key is decoded as text.
	var cfg review39Config
	if err := Unmarshal([]byte("x: 2\nm:\n  1: 2.5"), &cfg, Limits{}); err != nil || cfg.X != 2 || cfg.M["1"] != 2.5 {
		t.Errorf("number key in a map: x = %v, m = %v, error %v; want 2, map[1:2.5], nil", cfg.X, cfg.M, err)
	}
}
