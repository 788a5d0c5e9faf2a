package safeyaml

import (
	"strings"
	"testing"
)

// TestMisreadTabs: YAML 1.2 allows a tab in quoted and plain text, but
// the YAML reader misreads two kinds. At a tab inside double-quoted text
// that more text follows on its line it drops the character after the
// closing quote: a '}' or ']' (`a: {b: "x<TAB>y"}` was "could not find
// flow mapping end token", with the caret on the '{') or a ',' (a line
// break or blanks dropped are read right: TestTabDropsLineBreak). A tab between two characters of plain text
// it drops: x: 1<TAB>5 was the number 15, name: run<TAB>A the text
// "runA". Each is an error naming its line and saying how to write it;
// a tab the reader reads right (just before the closing quote, at the
// end of a line of text continued on the next, written \t or as a
// backslash and a tab, in single quotes, around plain text, in a comment
// or in a block of text) is kept.
func TestMisreadTabs(t *testing.T) {
	const tail = ", which YAML allows but the YAML reader here misreads (it drops the character after the closing quote); write the tab as \\t"
	for _, c := range []struct {
		in, want string
	}{
		{"a: {b: \"x\ty\"}", `line 1: a tab in the double-quoted text "x\ty"` + tail},
		{"a: [\"x\ty\"]", `line 1: a tab in the double-quoted text "x\ty"` + tail},
		{"a: {b: \"x\ty\", c: \"z\"}", `line 1: a tab in the double-quoted text "x\ty"` + tail},
		{"a: {b: \"x\t \"}", `line 1: a tab in the double-quoted text "x\t "` + tail},
		{"n: 1\ns: [\"x\ty\"]", `line 2: a tab in the double-quoted text "x\ty"` + tail},
		{"s: [\"a\n  b\tc\n  d\"]", `line 2: a tab in the double-quoted text "a b\tc d"` + tail},
		{"s: [\"a\r  b\tc\"]\rt: z", `line 2: a tab in the double-quoted text "a b\tc"` + tail}, // lines ending at \r
		{"s: [\"a\\\n  b\tc\"]\nt: z", `line 2: a tab in the double-quoted text "ab\tc"` + tail},
		{"s: [\"\\\"\tc\"]\nt: z", `line 1: a tab in the double-quoted text "\"\tc"` + tail},
		{"\"k\tx\": 1", `line 1: a tab in the double-quoted text "k\tx"` + tail},
	} {
		var v map[string]any
		err := Unmarshal([]byte(c.in+"\n"), &v, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}
	const plain = ", which YAML reads as part of it and the YAML reader here drops"
	for _, c := range []struct {
		in, want string
	}{
		{"name: run\tA", `line 1: a tab inside the plain text "run\tA"` + plain + ` (it reads "runA"); write a space, or put the text in double quotes and write the tab as \t`},
		{"x: 1\t5", `line 1: a tab inside the plain text "1\t5"` + plain + ` (it reads "15"); write a space, or put the text in double quotes and write the tab as \t`},
		{"x: 0.1\t5", `line 1: a tab inside the plain text "0.1\t5"` + plain + ` (it reads "0.15"); write a space, or put the text in double quotes and write the tab as \t`},
		{"x: tr\tue", `line 1: a tab inside the plain text "tr\tue"` + plain + ` (it reads "true"); write a space, or put the text in double quotes and write the tab as \t`},
		{"x\ty: 1", `line 1: a tab inside the plain text "x\ty"` + plain + ` (it reads "xy"); write a space, or put the text in double quotes and write the tab as \t`},
		{"a: [b, x \ty]", `line 1: a tab inside the plain text "x \ty"` + plain + ` (it reads "x y"); write a space, or put the text in double quotes and write the tab as \t`},
		{"a: {b: x\ty}", `line 1: a tab inside the plain text "x\ty"` + plain + ` (it reads "xy"); write a space, or put the text in double quotes and write the tab as \t`},
		{"a: x\n  y\tz", `line 2: a tab inside the plain text "y\tz"` + plain + ` (it reads "x yz"); write a space, or put the text in double quotes and write the tab as \t`},
		{"a:\r  x\r  y\tz", `line 3: a tab inside the plain text "y\tz"` + plain + ` (it reads "x yz"); write a space, or put the text in double quotes and write the tab as \t`},
	} {
		var v map[string]any
		err := Unmarshal([]byte(c.in+"\n"), &v, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want map[string]string
	}{
		{"a: \"x\t\"\nt: z", map[string]string{"a": "x\t", "t": "z"}},
		{"a: \"x\\ty\"\nt: z", map[string]string{"a": "x\ty", "t": "z"}},
		{"a: \"x\\\ty\"\nt: z", map[string]string{"a": "x\ty", "t": "z"}},
		{"a: 'x\ty'\nt: z", map[string]string{"a": "x\ty", "t": "z"}},
		{"a:\tx\t\nt: z\t# \tnote", map[string]string{"a": "x", "t": "z"}},
		{"a: &k x\t\nt: *k", map[string]string{"a": "x", "t": "x"}},
		{"a: \"x\" # \"b\tc\"\nt: z", map[string]string{"a": "x", "t": "z"}},
		{"a: |\n  \"b\tc\"\nt: z", map[string]string{"a": "\"b\tc\"\n", "t": "z"}},
		{"a: \"x \t\n  y\"\nt: z", map[string]string{"a": "x y", "t": "z"}},
	} {
		var v map[string]string
		if err := Unmarshal([]byte(c.in+"\n"), &v, Limits{}); err != nil || len(v) != len(c.want) || v["a"] != c.want["a"] || v["t"] != c.want["t"] {
			t.Errorf("%q: %q, error %v; want %q", c.in, v, err, c.want)
		}
	}
	var v struct {
		A map[string]string `yaml:"a"`
	}
	if err := Unmarshal([]byte("a: {b: 'x\ty', c: \"x\t\"}\n"), &v, Limits{}); err != nil || v.A["b"] != "x\ty" || v.A["c"] != "x\t" {
		t.Errorf("tabs the reader reads right in a flow mapping: %q, error %v", v.A, err)
	}
}

// TestMisreadTabsLinear: the tabs of a long run in double-quoted text
// that only blanks follow on its line, at the end of a line the text goes
// on after, are not misread (the reader drops them, as YAML folds the
// line), and the scan for misread tabs skips such a run at once rather
// than scanning the line's rest again at each tab.
func TestMisreadTabsLinear(t *testing.T) {
	tabs := strings.Repeat("\t", 1<<20)
	in := "a: \"x" + tabs + "\n  y\"\nb: z\n"
	var v map[string]string
	if err := Unmarshal([]byte(in), &v, Limits{MaxBytes: 4 << 20}); err != nil || v["a"] != "x y" || v["b"] != "z" {
		t.Errorf("a line of %d tabs in double quotes: a = %.10q…, b = %q, error %v", len(tabs), v["a"], v["b"], err)
	}
}
