package safeyaml

import "testing"

// TestIntegerSpelling pins how the reader spells an integer in another
// base (wideInt): one optional '+' and then one optional '-' before it
// (negative when the text begins with '-'), underscores anywhere but
// first, deleted, and the lowercase prefix 0x, 0o or 0b with at least
// one digit of its base after it.
func TestIntegerSpelling(t *testing.T) {
	for _, c := range []struct {
		in             string
		ok, neg        bool
		prefix, digits string
	}{
		{"0x1", true, false, "0x", "1"},
		{"-0x1", true, true, "0x", "1"},
		{"+0x1", true, false, "0x", "1"},
		{"+-0x1", true, false, "0x", "1"},
		{"-_0x1", true, true, "0x", "1"},
		{"+_0x1", true, false, "0x", "1"},
		{"0_x1_0_", true, false, "0x", "10"},
		{"-0b1_01", true, true, "0b", "101"},
		{"0o17", true, false, "0o", "17"},
		{"0xDeadBeef", true, false, "0x", "DeadBeef"},
		{"+_-0x1", false, false, "", ""},
		{"_0x1", false, false, "", ""},
		{"--0x1", false, false, "", ""},
		{"-+0x1", false, false, "", ""},
		{"++0x1", false, false, "", ""},
		{"0x", false, false, "", ""},
		{"0x_", false, false, "", ""},
		{"0X10", false, false, "", ""},
		{"0o18", false, false, "", ""},
		{"0b12", false, false, "", ""},
		{"0xg", false, false, "", ""},
		{"12", false, false, "", ""},
		{"", false, false, "", ""},
		{"-", false, false, "", ""},
	} {
		neg, prefix, digits, ok := integerSpelling(c.in)
		if ok != c.ok || ok && (neg != c.neg || prefix != c.prefix || digits != c.digits) {
			t.Errorf("integerSpelling(%q) = %v, %q, %q, %v; want %v, %q, %q, %v", c.in, neg, prefix, digits, ok, c.neg, c.prefix, c.digits, c.ok)
		}
	}
}
