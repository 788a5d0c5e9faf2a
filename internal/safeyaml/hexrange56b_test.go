package safeyaml

import (
	"testing"
)

// TestHexIntegerBeyondRange56b: a hexadecimal integer too long for 64 bits
// in an integer field is outside the field's range, as the same number
// written in decimal is: it was called "not an integer" (the type check
// read it as a float, which a hexadecimal number without a p exponent is
// not). Within 64 bits but beyond a smaller field the range error was
// already given; a negative hexadecimal integer in an unsigned field
// (-0x1) is outside its range, as -1 is (it was "the YAML reader cannot
// take this as an integer (uint64); write it as a plain integer").
func TestHexIntegerBeyondRange56b(t *testing.T) {
	type ints struct {
		N  int64  `yaml:"n"`
		U  uint64 `yaml:"u"`
		I8 int8   `yaml:"i8"`
	}
	const intRange = "is outside the range of int64 (-9223372036854775808 to 9223372036854775807)"
	const uintRange = "is outside the range of uint64 (0 to 18446744073709551615)"
	for _, c := range []struct {
		in, want string
	}{
		{"n: 0x1FFFFFFFFFFFFFFFFF", "line 1: n: 0x1FFFFFFFFFFFFFFFFF " + intRange},
		{"n: 2361183241434822606847", "line 1: n: 2361183241434822606847 " + intRange}, // the same number in decimal
		{"n: -0x1FFFFFFFFFFFFFFFFF", "line 1: n: -0x1FFFFFFFFFFFFFFFFF " + intRange},
		{"n: 0x8000000000000000", "line 1: n: 0x8000000000000000 " + intRange},
		{"u: 0x1FFFFFFFFFFFFFFFFF", "line 1: u: 0x1FFFFFFFFFFFFFFFFF " + uintRange},
		{"u: 0x10000000000000000", "line 1: u: 0x10000000000000000 " + uintRange},
		{"u: 0X1_0000_0000_0000_0000", "line 1: u: 0X1_0000_0000_0000_0000 " + uintRange},
		{"i8: 0x1FFFFFFFFFFFFFFFFF", "line 1: i8: 0x1FFFFFFFFFFFFFFFFF is outside the range of int8 (-128 to 127)"},
		{"i8: 0x80", "line 1: i8: 0x80 is outside the range of int8 (-128 to 127)"},
		{"u: -0x1FFFFFFFFFFFFFFFFF", "line 1: u: -0x1FFFFFFFFFFFFFFFFF " + uintRange},
		{"u: -0x1", "line 1: u: -0x1 " + uintRange}, // as -1
		{"u: -1", "line 1: u: -1 " + uintRange},
		{"n: 0o3777777777777777777777777", "line 1: n: 0o3777777777777777777777777 " + intRange},
		{"n: 0x1G", "line 1: n: 0x1G is not an integer"},
	} {
		var v ints
		err := Unmarshal([]byte(c.in+"\n"), &v, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}
	var v ints
	if err := Unmarshal([]byte("u: 0xFFFFFFFFFFFFFFFF\nn: 0x7FFFFFFFFFFFFFFF\n"), &v, Limits{}); err != nil || v.U != 1<<64-1 || v.N != 1<<63-1 {
		t.Errorf("the largest hexadecimal integers: %+v, %v", v, err)
	}
}
