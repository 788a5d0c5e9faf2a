package safeyaml

import (
	"testing"
)

// TestWideIntegerSpelling: an integer is refused as beyond 64 bits
// exactly when the YAML reader reads its short form as a number. The
// reader deletes every '_' before it looks at the prefix (0x10_, 0_x10
// and 0x1__0 are 16) and takes the prefixes 0x, 0o and 0b in lowercase
// only (0X10, 0O17 and 0B1 are text, as in YAML 1.2); below a numeric
// field the short forms are the numbers or the words the reader makes of
// them, and the wide forms are refused, or kept as words, in the same way.
func TestWideIntegerSpelling(t *testing.T) {
	type doc struct {
		P map[string]any `yaml:"p" safeyaml:"numeric"`
	}
	var v doc
	in := "p: {a: 0x10_, b: 0_x10, c: 0x1__0, d: 0b1_, e: 0X10, f: 0XDEADBEEFDEADBEEFDEAD, g: 0O2000000000000000000000, h: 0B1" + zeros(70) + "}\n"
	want := map[string]any{"a": uint64(16), "b": uint64(16), "c": uint64(16), "d": uint64(1),
		"e": "0X10", "f": "0XDEADBEEFDEADBEEFDEAD", "g": "0O2000000000000000000000", "h": "0B1" + zeros(70)}
	if err := Unmarshal([]byte(in), &v, Limits{}); err != nil || len(v.P) != len(want) {
		t.Fatalf("%q: %v, error %v; want %v", in, v.P, err, want)
	}
	for k, w := range want {
		if v.P[k] != w {
			t.Errorf("%q: p.%s = %#v, want %#v", in, k, v.P[k], w)
		}
	}
	const tail = " is a hexadecimal integer beyond 64 bits, which the YAML reader does not take as a number; write it in decimal (18446744073709551616) or with p0 as a hexadecimal float ("
	for _, c := range []struct {
		in, want string
	}{
		// A float reader takes the p0 form of one with underscores
		// between digits only; the others get the reader's normal form.
		{"0x10000000000000000_", "0x10000000000000000_" + tail + "0x10000000000000000p0)"},
		{"0x1__0000000000000000", "0x1__0000000000000000" + tail + "0x10000000000000000p0)"},
		{"0_x10000000000000000", "0_x10000000000000000" + tail + "0x10000000000000000p0)"},
		{"-0x1_0000_0000_0000_0000", "-0x1_0000_0000_0000_0000 is a hexadecimal integer beyond 64 bits, which the YAML reader does not take as a number; write it in decimal (-18446744073709551616) or with p0 as a hexadecimal float (-0x1_0000_0000_0000_0000p0)"},
		{"0o2_000000000000000000000", "0o2_000000000000000000000 is an octal integer beyond 64 bits, which the YAML reader does not take as a number; write it in decimal (18446744073709551616)"},
	} {
		v = doc{}
		err := Unmarshal([]byte("p: {a: "+c.in+"}\n"), &v, Limits{})
		if want := "line 1: p.a: " + c.want; err == nil || err.Error() != want {
			t.Errorf("%s: error\n %v\nwant\n %s", c.in, err, want)
		}
	}
}
