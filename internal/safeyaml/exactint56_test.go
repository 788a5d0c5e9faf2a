package safeyaml

import (
	"strings"
	"testing"
)

// through56 is the reason of the error for a whole number that the float64
// the decoder reads it through rounds.
const through56 = ": the YAML reader takes a number written with a point or an exponent through a float64, which holds whole numbers exactly only up to 2⁵³; write it out: "

// TestIntegerExact56 checks that a whole number written with a point or
// an exponent in an integer field is judged by its exact value, not by
// the float64 the YAML reader turns it into: 12345678901234567.0 was
// read as 12345678901234568, 2.9999999999999999 as 3, both silently, and
// 18446744073709551615.0 (2⁶⁴−1) was called out of range. A number the
// reader would round is refused with the digits to write instead; every
// spelling that a float64 holds exactly still decodes to its value.
func TestIntegerExact56(t *testing.T) {
	type ints struct {
		U  uint64 `yaml:"u"`
		I  int64  `yaml:"i"`
		N  int    `yaml:"n"`
		U8 uint8  `yaml:"u8"`
	}
	const through = through56
	refused := []struct{ in, want string }{
		{"u: 12345678901234567.0", "line 2: u: 12345678901234567.0 would be rounded to 12345678901234568" + through + "12345678901234567"},
		{"u: 9007199254740993.0", "line 2: u: 9007199254740993.0 would be rounded to 9007199254740992" + through + "9007199254740993"},
		{"u: 18446744073709551615.0", "line 2: u: 18446744073709551615.0 would be rounded to 18446744073709551616" + through + "18446744073709551615"},
		{"u: 1.8446744073709551615e19", "line 2: u: 1.8446744073709551615e19 would be rounded to 18446744073709551616" + through + "18446744073709551615"},
		{"u: 12345678901234567e0", "line 2: u: 12345678901234567e0 would be rounded to 12345678901234568" + through + "12345678901234567"},
		{"i: 9223372036854775807.0", "line 2: i: 9223372036854775807.0 would be rounded to 9223372036854775808" + through + "9223372036854775807"},
		{"i: -9007199254740993.0", "line 2: i: -9007199254740993.0 would be rounded to -9007199254740992" + through + "-9007199254740993"},
		{"n: 2.9999999999999999", "line 2: n: 2.9999999999999999 is not an integer"},
		{"n: 1.00000000000000000001e3", "line 2: n: 1.00000000000000000001e3 is not an integer"},
		{"n: 100.7", "line 2: n: 100.7 is not an integer"},
		{"u: 18446744073709551616.0", "line 2: u: 18446744073709551616.0 is outside the range of uint64 (0 to 18446744073709551615)"},
		{"i: 9223372036854775808.0", "line 2: i: 9223372036854775808.0 is outside the range of int64 (-9223372036854775808 to 9223372036854775807)"},
		{"u8: 255.00000000000000001", "line 2: u8: 255.00000000000000001 is not an integer"},
		{"u8: 256.0", "line 2: u8: 256.0 is outside the range of uint8 (0 to 255)"},
		{"n: -1e2", "line 2: n: -1e2 is a negative integer in exponent form, which the YAML reader cannot take; write it out: -100"},
	}
	for _, c := range refused {
		var v ints
		err := Unmarshal([]byte("# x\n"+c.in+"\n"), &v, Limits{})
		if err == nil {
			t.Errorf("%s: accepted as %+v", c.in, v)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("%s: error\n %q\nwant\n %q", c.in, err, c.want)
		}
	}
	accepted := []struct {
		in   string
		want ints
	}{
		{"u: 1e3", ints{U: 1000}},
		{"u: 100.0", ints{U: 100}},
		{"u: 0x10", ints{U: 16}},
		{"u: 1_500", ints{U: 1500}},
		{"n: 1_0.5e1", ints{N: 105}},
		{"u: 0x1p4", ints{U: 16}},
		{"u: 0o17", ints{U: 15}},
		{"u: 0b101", ints{U: 5}},
		{"n: -1.0", ints{N: -1}},
		{"n: -0.0", ints{}},
		{"u: +5.0", ints{U: 5}},
		{"n: .5e1", ints{N: 5}},
		{"n: 5.", ints{N: 5}},
		{"n: 2.00000000000000000000", ints{N: 2}},
		{"u: 1e19", ints{U: 1e19}},
		{"u: 9007199254740992.0", ints{U: 1 << 53}},
		{"u: 9007199254740994.0", ints{U: 1<<53 + 2}}, // a float64 holds it
		{"u: 1.8446744073709549568e19", ints{U: 18446744073709549568}},
		{"u: 18446744073709551615", ints{U: 1<<64 - 1}},
		{"i: -9.223372036854775808e18", ints{I: -1 << 63}},
		{"i: 12345678901234567", ints{I: 12345678901234567}},
		{"u8: 255.0", ints{U8: 255}},
	}
	for _, c := range accepted {
		var v ints
		if err := Unmarshal([]byte(c.in+"\n"), &v, Limits{}); err != nil || v != c.want {
			t.Errorf("%s: %+v, %v; want %+v", c.in, v, err, c.want)
		}
	}
}

// TestIntegerManyDigits56 checks that a number with more significant
// digits than a whole number within 64 bits can have is judged without
// parsing all of them exactly (math/big took 4 s on the 10⁶ zeros of
// 1.000…01, and, past its exponent limit, left the float64's 1 to be
// accepted), and that trailing zeros are no significant digits.
func TestIntegerManyDigits56(t *testing.T) {
	type ints struct {
		N int64 `yaml:"n"` // int64: the same range on 32-bit platforms
	}
	zeros := strings.Repeat("0", 200000)
	for _, c := range []struct {
		in   string
		want string // "" accepted as want
		n    int64
	}{
		{"n: 1." + zeros + "1", "line 1: n: 1.00000000000000000000000000000000000000… is not an integer", 0},
		{"n: 1." + zeros, "", 1},
		{"n: 0x1." + zeros + "p4", "", 16},
		{"n: 0x1." + zeros + "1p4", "line 1: n: 0x1.000000000000000000000000000000000000… is not an integer", 0},
		{"n: 1234567890123456789012e-4", "line 1: n: 1234567890123456789012e-4 is not an integer", 0},
		{"n: 1234567890123456780000e-4", "line 1: n: 1234567890123456780000e-4 would be rounded to 123456789012345680" + through56 + "123456789012345678", 0},
		{"n: 12345678901234567890123e-3", "line 1: n: 12345678901234567890123e-3 is not an integer", 0},
		{"n: 12345678901234567890000e-3", "line 1: n: 12345678901234567890000e-3 is outside the range of int64 (-9223372036854775808 to 9223372036854775807)", 0},
		{"n: 99999999999999999999999", "line 1: n: 99999999999999999999999 is outside the range of int64 (-9223372036854775808 to 9223372036854775807)", 0},
	} {
		var v ints
		err := Unmarshal([]byte(c.in+"\n"), &v, Limits{})
		switch {
		case c.want == "" && (err != nil || v.N != c.n):
			t.Errorf("%.40s: %+v, %v; want n = %d", c.in, v, err, c.n)
		case c.want != "" && (err == nil || err.Error() != c.want):
			t.Errorf("%.40s: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}
}
