package safeyaml

import (
	"strings"
	"testing"
)

// TestLongIntegerPart56c checks that a number written with more than 400
// digits before its point (leading zeros aside) is refused in every
// numeric field: Go's float reader misplaces the point past 800 such
// digits (golang/go#42436), so that 1 followed by 800 zeros and e-800 was
// accepted in a float field as 0.1, and in an integer field blamed on a
// float64's rounding with the false value 0. A number of 400 digits
// before its point, leading zeros, and a long fraction are read as before.
func TestLongIntegerPart56c(t *testing.T) {
	type doc struct {
		F float64        `yaml:"f"`
		G float32        `yaml:"g"`
		N int            `yaml:"n"`
		P map[string]any `yaml:"p" safeyaml:"numeric"`
	}
	z := strings.Repeat("0", 800)
	const tail = "before the point, more than the 400 that can be read exactly (the YAML reader misplaces the point after 800, and a float64 has at most 309 there); write it with fewer digits and an exponent"
	cut := "1" + strings.Repeat("0", 39) + "…"
	for _, c := range []struct {
		in   string
		want string // "" accepted with f = 1, n = 1
	}{
		{"f: 1" + z + "e-800", "line 1: f: " + cut + " has 801 digits " + tail},
		{"f: -1" + z + ".5e-800", "line 1: f: -" + cut[:len(cut)-4] + "… has 801 digits " + tail},
		{"g: 1" + z + "e-800", "line 1: g: " + cut + " has 801 digits " + tail},
		{"n: 1" + z + "e-800", "line 1: n: " + cut + " has 801 digits " + tail},
		{"n: 1" + z, "line 1: n: " + cut + " has 801 digits " + tail},
		{"n: 1_" + z[:400], "line 1: n: 1_" + cut[1:len(cut)-4] + "… has 401 digits " + tail},
		{"p: {a: 1" + z + "e-800}", "line 1: p.a: " + cut + " has 801 digits " + tail},
		{"f: 1" + z + "x", "line 1: f: " + cut + " is not a number"},
		{"f: 1" + z[:399] + "e-399\nn: 1" + z[:399] + "e-399", ""},
		{"f: 1." + z + "\nn: 1." + z + z, ""},
		{"f: 0.1" + z + z + "e1\nn: 1", ""},
		{"f: 0." + z + "1e801\nn: 1", ""},
	} {
		var v doc
		err := Unmarshal([]byte(c.in+"\n"), &v, Limits{})
		switch {
		case c.want == "" && (err != nil || v.F != 1 || v.N != 1):
			t.Errorf("%.40s: f = %v, n = %d, error %v; want 1, 1", c.in, v.F, v.N, err)
		case c.want != "" && (err == nil || err.Error() != c.want):
			t.Errorf("%.40s: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}
}
