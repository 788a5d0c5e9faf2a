package safeyaml

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestNBSPInCommentedBlockScalar56y: a block scalar's text is left alone
// (doc.go, README), also with a comment after its header (| # note), where
// the token before the text is the comment: a line "a:\u00a0b" of the text
// was refused as a key.
func TestNBSPInCommentedBlockScalar56y(t *testing.T) {
	var v struct {
		S string `yaml:"s"`
	}
	for in, want := range map[string]string{
		"s: | # note\n  a:\u00a0b\n":      "a:\u00a0b\n",
		"s: >- # note\n  a:\u00a0b\n":     "a:\u00a0b",
		"s: |- # one\n  x\n  a:\u00a0b\n": "x\na:\u00a0b",
	} {
		v.S = ""
		if err := Unmarshal([]byte(in), &v, Limits{}); err != nil || v.S != want {
			t.Errorf("%q: %q, error %v; want %q", in, v.S, err, want)
		}
	}
	// The text of an empty block scalar is the empty string token: a
	// later key's value is still checked.
	in := "s: | # note\n\nt:\n  a:\u00a0b\n"
	var m map[string]any
	err := Unmarshal([]byte(in), &m, Limits{})
	want := `line 4: "a:\u00a0b": a non-breaking space (U+00A0) follows the colon, which YAML does not read as a space: the line is text to it, not key: value; write an ordinary space after the colon`
	if err == nil || err.Error() != want {
		t.Errorf("%q: error %v; want %s", in, err, want)
	}
}

// TestHexFloatBeyond64Bits56y: in a float field an integer beyond 64 bits
// written in hexadecimal (octal, binary) was "not a number", where
// 0xFFFFFFFFFFFFFFFF and 18446744073709551616 are read: it is read
// exactly and rounded to a float64 as the same integer in decimal is.
func TestHexFloatBeyond64Bits56y(t *testing.T) {
	type cfg struct {
		F float64            `yaml:"f"`
		G float32            `yaml:"g"`
		L []float64          `yaml:"l"`
		M map[string]float64 `yaml:"m"`
	}
	dec := func(s string) float64 { // the decimal integer s as the parser reads it
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for in, want := range map[string]float64{
		"f: 0x10000000000000000\n":                              18446744073709551616,
		"f: 0X1_0000_0000_0000_0000 # 2^64\n":                   18446744073709551616,
		"f: -0x8000000000000001\n":                              -9223372036854775809,
		"f: 0o2000000000000000000000\n":                         18446744073709551616,
		"f: 0b1" + strings.Repeat("0", 64) + "\n":               18446744073709551616,
		"f: 0x10000000000000800\n":                              dec("18446744073709553664"), // a tie: to even, 2⁶⁴
		"f: 0x10000000000000801\n":                              dec("18446744073709553665"), // 2⁶⁴+2¹²
		"f: 0x1fffffffffffff800\n":                              dec("36893488147419101184"),
		"f: 0xfffffffffffff8" + strings.Repeat("0", 242) + "\n": math.MaxFloat64,
		"m: {é: 1, a: 0x10000000000000001}\n":                   18446744073709551616,
		"l: [0x30000000000000000, 2]\n":                         dec("55340232221128654848"),
		"g: &a 0x10000000000000000\nf: *a\n":                    18446744073709551616,
		"f: 0x123456789abcdef0123456789abcdef0\n":               dec("24197857203266734864793317670504947440"),
		"f: 0x1_23456789abcdef0123456789abcdef0\n":              dec("24197857203266734864793317670504947440"),
	} {
		var v cfg
		if err := Unmarshal([]byte(in), &v, Limits{}); err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		got := v.F
		switch {
		case len(v.L) > 0:
			got = v.L[0]
			if v.L[1] != 2 {
				t.Errorf("%q: l[1] = %g", in, v.L[1])
			}
		case v.M != nil:
			got = v.M["a"]
		}
		if got != want {
			t.Errorf("%q: %g (%b), want %g (%b)", in, got, got, want, want)
		}
	}
	// Tabs before the number (which the lexer's column does not count),
	// and the same text in a text field before it on its line.
	in := "s: \"ü\"\r\n# é\nf: \t 0x10000000000000000\nl: [\t0x10000000000000000,  \t0x20000000000000000]\nt: {s: 0x10000000000000000, f: 0x20000000000000000}\n"
	var w struct {
		S string    `yaml:"s"`
		F float64   `yaml:"f"`
		L []float64 `yaml:"l"`
		T struct {
			S string  `yaml:"s"`
			F float64 `yaml:"f"`
		} `yaml:"t"`
	}
	if err := Unmarshal([]byte(in), &w, Limits{}); err != nil || w.F != 18446744073709551616 || len(w.L) != 2 || w.L[0] != 18446744073709551616 || w.L[1] != 36893488147419103232 || w.T.S != "0x10000000000000000" || w.T.F != 36893488147419103232 {
		t.Errorf("%q: %+v, error %v", in, w, err)
	}
	// In a float32 field, as 18446744073709551616 is.
	var v cfg
	if err := Unmarshal([]byte("g: 0x10000000000000000\n"), &v, Limits{}); err != nil || v.G != 18446744073709551616 {
		t.Errorf("g = %g, error %v", v.G, err)
	}
	// Beyond a float64: refused as 1e400 is.
	for in, want := range map[string]string{
		"f: 0x1" + strings.Repeat("0", 256) + "\n":     "line 1: f: 0x10000000000000000000000000000000000000… is not a finite number (beyond the range of a float64, about ±1.8e308)",
		"f: 0x" + strings.Repeat("f", 256) + "\n":      "line 1: f: 0xffffffffffffffffffffffffffffffffffffff… is not a finite number (beyond the range of a float64, about ±1.8e308)", // rounds to 2¹⁰²⁴
		"f: -0o1_" + strings.Repeat("7", 60000) + "\n": "line 1: f: -0o1_77777777777777777777777777777777777… is not a finite number (beyond the range of a float64, about ±1.8e308)", // not read: beyond 1024 bits
		"f: 1e400\n":                   "line 1: f: 1e400 is not a finite number (beyond the range of a float64, about ±1.8e308)",
		"f: 0x10000000000000000x\n":    "line 1: f: 0x10000000000000000x is not a number",
		"f: \"0x10000000000000000\"\n": `line 1: f: "0x10000000000000000": need a number`,
	} {
		var v cfg
		if err := Unmarshal([]byte(in), &v, Limits{}); err == nil || err.Error() != want {
			t.Errorf("%q: error %v; want %s", in, err, want)
		}
	}
	// An error elsewhere quotes the input as written.
	in = "f: 0x10000000000000000\nh: 1\n"
	var u cfg
	err := Unmarshal([]byte(in), &u, Limits{})
	if err == nil || !strings.Contains(err.Error(), "0x10000000000000000") || strings.Contains(err.Error(), "0x1p64") {
		t.Errorf("%q: error %v; want the input quoted as written", in, err)
	}
}

// TestHexFloatNodeDecoder56y: a NodeDecoder reads such an integer into a
// float field as Unmarshal does.
func TestHexFloatNodeDecoder56y(t *testing.T) {
	var v struct {
		Blk block `yaml:"blk"`
	}
	in := "blk: {n: 3, x: 0x10000000000000000, y: -0o2000000000000000000000}\n"
	if err := Unmarshal([]byte(in), &v, Limits{}); err != nil || v.Blk.N != 3 || v.Blk.Rest["x"] != 18446744073709551616 || v.Blk.Rest["y"] != -18446744073709551616 {
		t.Errorf("%q: %+v, error %v", in, v.Blk, err)
	}
}
