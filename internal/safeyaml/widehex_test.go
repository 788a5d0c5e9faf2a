package safeyaml

import (
	"testing"
)

// TestWideBaseIntegerInFloat: an integer written in hexadecimal, octal or
// binary beyond 64 bits is refused in a number field (float64, float32)
// and below a safeyaml:"numeric" field with an error saying why and how
// to write it (in decimal, or as a hexadecimal float with p0): the YAML
// reader leaves it as text, which a number field called "not a number"
// and a numeric field kept as the word. The source is not rewritten, so
// an alias of an anchored one in a text field is the text as written.
func TestWideBaseIntegerInFloat(t *testing.T) {
	type doc struct {
		F float64        `yaml:"f"`
		G float32        `yaml:"g"`
		S string         `yaml:"s"`
		T string         `yaml:"t"`
		P map[string]any `yaml:"p" safeyaml:"numeric"`
		A any            `yaml:"a" safeyaml:"numeric"`
	}
	const hexTail = " is a hexadecimal integer beyond 64 bits, which the YAML reader does not take as a number; write it in decimal (18446744073709551616) or with p0 as a hexadecimal float (0x10000000000000000p0)"
	for _, c := range []struct {
		in, want string
	}{
		{"f: 0x10000000000000000", "line 1: f: 0x10000000000000000" + hexTail},
		// 0X is text to the reader (and to YAML 1.2), short or long.
		{"f: 0X10000000000000000", "line 1: f: 0X10000000000000000 is not a number"},
		{"f: 0x1_0000_0000_0000_0000", "line 1: f: 0x1_0000_0000_0000_0000 is a hexadecimal integer beyond 64 bits, which the YAML reader does not take as a number; write it in decimal (18446744073709551616) or with p0 as a hexadecimal float (0x1_0000_0000_0000_0000p0)"},
		{"f: -0x10000000000000001", "line 1: f: -0x10000000000000001 is a hexadecimal integer beyond 64 bits, which the YAML reader does not take as a number; write it in decimal (-18446744073709551617) or with p0 as a hexadecimal float (-0x10000000000000001p0)"},
		{"g: 0x10000000000000000", "line 1: g: 0x10000000000000000" + hexTail},
		{"f: 0o2000000000000000000000", "line 1: f: 0o2000000000000000000000 is an octal integer beyond 64 bits, which the YAML reader does not take as a number; write it in decimal (18446744073709551616)"},
		{"f: 0b1" + zeros(64), "line 1: f: 0b1" + zeros(37) + "… is a binary integer beyond 64 bits, which the YAML reader does not take as a number; write it in decimal (18446744073709551616)"},
		// Beyond the largest float64, written in any base.
		{"f: 0x1" + zeros(256), "line 1: f: 0x1" + zeros(37) + "… is not a finite number (beyond the range of a float64, about ±1.8e308)"},
		// Too long to give the digits in the message.
		{"f: 0x1" + zeros(40), "line 1: f: 0x1" + zeros(37) + "… is a hexadecimal integer beyond 64 bits, which the YAML reader does not take as a number; write it in decimal or with p0 as a hexadecimal float (0x1" + zeros(37) + "…p0)"},
		{"p: {a: 0x10000000000000000}", "line 1: p.a: 0x10000000000000000" + hexTail},
		{"p: {a: [1, 0x10000000000000000]}", "line 1: p.a[1]: 0x10000000000000000" + hexTail},
		{"a: 0x10000000000000000", "line 1: a: 0x10000000000000000" + hexTail},
		// Through an alias: the checks of the place the alias is used, at
		// the line of the anchored value (as for every check of an alias).
		{"s: &n 0x10000000000000000\nf: *n", "line 1: f: 0x10000000000000000" + hexTail},
		{"s: &n 0x10000000000000000\np: {a: *n}", "line 1: p.a: 0x10000000000000000" + hexTail},
		{"f: &n 0x10000000000000000\ns: *n", "line 1: f: 0x10000000000000000" + hexTail},
	} {
		var v doc
		err := Unmarshal([]byte(c.in+"\n"), &v, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%.60s: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}

	// What the messages suggest is read, as the float nearest the value
	// (2⁶⁴ exactly; 2⁶⁴+1 rounds to it, the spacing there being 4096).
	var v doc
	in := "f: 18446744073709551617\ng: 0x10000000000000000p0\np: {a: 0x1_0000_0000_0000_0001p0, b: 0xFFFFFFFFFFFFFFFF}\n"
	if err := Unmarshal([]byte(in), &v, Limits{}); err != nil || v.F != 0x1p64 || v.G != 0x1p64 || v.P["a"] != "0x1_0000_0000_0000_0001p0" || v.P["b"] != uint64(1<<64-1) {
		t.Errorf("%q: %+v, error %v; want f = g = 2⁶⁴, p.a the text of a number, p.b 2⁶⁴−1", in, v, err)
	}

	// In text fields the value is the text as written, also through an
	// alias (the source is not rewritten: 0x1p64 was seen there).
	v = doc{}
	in = "s: &n 0x10000000000000000\nt: *n\n"
	if err := Unmarshal([]byte(in), &v, Limits{}); err != nil || v.S != "0x10000000000000000" || v.T != "0x10000000000000000" {
		t.Errorf("%q: s = %q, t = %q, error %v; want both 0x10000000000000000", in, v.S, v.T, err)
	}
	var m map[string]string
	in = "a: &n 0x1_0000_0000_0000_0000\nb: *n\n"
	if err := Unmarshal([]byte(in), &m, Limits{}); err != nil || m["a"] != "0x1_0000_0000_0000_0000" || m["b"] != "0x1_0000_0000_0000_0000" {
		t.Errorf("%q: %v, error %v; want both the text as written", in, m, err)
	}
}

// zeros returns n zeros.
func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}
