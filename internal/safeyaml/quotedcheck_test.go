package safeyaml

import (
	"fmt"
	"strings"
	"testing"
)

// refusals runs each input through Unmarshal into a map and wants the
// error text exactly.
func refusals(t *testing.T, cases []struct{ in, want string }) {
	t.Helper()
	for _, c := range cases {
		var v map[string]any
		err := Unmarshal([]byte(c.in), &v, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%.60q: error\n %.300v\nwant\n %s", c.in, err, c.want)
		}
	}
}

const droppedTail = ", which YAML allows but the YAML reader here misreads (it drops the character after the closing quote); write the tab as \\t"

// TestQuotedDroppedLineBreak: a line break that the reader drops after a
// quote with a misread tab made every later line one less, so that a
// later error named the wrong line; such input was refused. The tabs are
// written \t for the reader now: the values are read right and later
// lines keep their numbers. The \r of a \r\n keeps the lines as it is.
func TestQuotedDroppedLineBreak(t *testing.T) {
	for _, c := range []struct{ in, want, b string }{
		{"a: \"x\ty\"\n# c\nb: 1\nc: zz\n", "x\ty", "1"},
		{"a: \"x\ty\"\n\nb: z\n", "x\ty", "z"},
		{"a: \"x\ty\"\n  # note\nb: z\n", "x\ty", "z"},
	} {
		var v map[string]any
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err != nil || v["a"] != c.want || fmt.Sprint(v["b"]) != c.b {
			t.Errorf("%q: %q, error %v; want a = %q, b = %s", c.in, v, err, c.want, c.b)
		}
	}
	type C struct {
		A string `yaml:"a"`
		B int    `yaml:"b"`
		C int    `yaml:"c"`
	}
	for _, c := range []struct{ in, want string }{
		{"a: \"x\ty\"\r\nb: 1\r\nc: zz\r\n", "line 3: c: zz is not an integer"},
		{"a: \"x\ty\" \nb: 1\nc: zz\n", "line 3: c: zz is not an integer"},
		{"a: \"x\ty\"\nb: 1\nc: zz\n", "line 3: c: zz is not an integer"},
		{"a: \"x\ty\"\n# c\nb: 1\nc: zz\n", "line 4: c: zz is not an integer"},
		{"a: \"x\ty\tz\"\n\n\nb: 1\nc: zz\n", "line 5: c: zz is not an integer"},
	} {
		var v C
		err := Unmarshal([]byte(c.in), &v, Limits{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v; want it to begin %q", c.in, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"b: z\na: \"x\ty\"\n", "x\ty"},
		{"b: z\na: \"x\ty\"\n# c\n\n  # d\n", "x\ty"},
		{"b: z\na: \"x\ty\tz\"\r\n\r\n  \n", "x\ty\tz"},
	} {
		var v map[string]string
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err != nil || v["a"] != c.want || v["b"] != "z" {
			t.Errorf("%q: %q, error %v; want a = %q, b = z", c.in, v, err, c.want)
		}
	}
}

// TestQuotedTabCount: the message for the bound on tabs the reader reads
// again counts the line's tabs (6000), not the quoted texts on it (1).
func TestQuotedTabCount(t *testing.T) {
	line := "a: \"" + strings.Repeat("\t", 6000) + "x\""
	want := "line 1: 6000 tabs inside double-quoted text on a line of 6006 characters, which the YAML reader here reads again from each tab to the line's end (in this input more than 16777216 characters in all, time growing as the square of the line); write the tabs as \\t, or break the line"
	refusals(t, []struct{ in, want string }{{line + "\n", want}})
}

// TestQuotedTabFlow: blanks that the reader drops after a quote with a
// misread tab before the ',', ']' or '}' of a flow collection change
// nothing, and the values are read right; so does a dropped line break
// before the collection's end when nothing follows.
func TestQuotedTabFlow(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"a: [\"x\ty\" ]\n", []string{"x\ty"}},
		{"a: [\"x\ty\" , \"z\"]\n", []string{"x\ty", "z"}},
		{"a: [\"x\ty\"\t, \"z\"]\n", []string{"x\ty", "z"}},
		{"a: [\n  \"x\ty\"\n]\n", []string{"x\ty"}},
	} {
		var v struct {
			A []string `yaml:"a"`
		}
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err != nil || strings.Join(v.A, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: %q, error %v; want %q", c.in, v.A, err, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want map[string]any
	}{
		{"a: {b: \"x\ty\" }\n", map[string]any{"b": "x\ty"}},
		{"a: {b: \"x\ty\" , c: 1}\n", map[string]any{"b": "x\ty", "c": 1}},
	} {
		var v struct {
			A map[string]any `yaml:"a"`
		}
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err != nil || len(v.A) != len(c.want) || v.A["b"] != c.want["b"] {
			t.Errorf("%q: %v, error %v; want %v", c.in, v.A, err, c.want)
		}
	}
}

// TestSingleQuotedTrailingTab: YAML drops the blanks ending a line of
// single-quoted text that goes on to the next ('a<TAB>\n  b' is "a b");
// the reader drops only spaces there and keeps a tab ("a\t b"), so such
// a tab is refused, naming its line. Double-quoted text is read right.
func TestSingleQuotedTrailingTab(t *testing.T) {
	const tail = ", which YAML drops with the line break and the YAML reader here keeps; delete the tab, or write the text in double quotes with \\t where a tab is meant"
	refusals(t, []struct{ in, want string }{
		{"k: 'a\t\n  b'\n", `line 1: a tab at the end of a line of the single-quoted text "a\t b"` + tail},
		{"j: z\nk: 'a\n  b \t \n  c'\n", `line 3: a tab at the end of a line of the single-quoted text "a b \t c"` + tail},
		{"k: 'it''s\t\n\n  b'\n", `line 1: a tab at the end of a line of the single-quoted text "it's\t\nb"` + tail},
	})
	for _, c := range []struct{ in, want string }{
		{"k: \"a\t\n  b\"\n", "a b"},
		{"k: \"a \t \n  b\"\n", "a b"},
		{"k: \"a\t\n\n  b\"\n", "a\nb"},
		{"k: 'a\tb'\n", "a\tb"},
		{"k: 'a \n  b'\n", "a b"},
	} {
		var v map[string]string
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err != nil || v["k"] != c.want {
			t.Errorf("%q: %q, error %v; want k = %q", c.in, v, err, c.want)
		}
	}
}

// TestAnchorTab: a tab after an anchor or alias name that text follows
// on its line separates the name from the text in YAML; the reader reads
// it as part of the name (&b<TAB>xy is an anchor "bxy" on nothing), so it
// is refused, naming the line and the name. A tab before a comment or
// the line's end is read right.
func TestAnchorTab(t *testing.T) {
	const tail = ", which YAML reads as the end of the name and the YAML reader here as part of it; write a space"
	refusals(t, []struct{ in, want string }{
		{"a: &b\txy\n", `line 1: a tab after the anchor name &b` + tail},
		{"a: &b\t\"xy\"\nb: 2\n", `line 1: a tab after the anchor name &b` + tail},
		{"a: &b\t\"x\ty\"\nc: *b\n", `line 1: a tab after the anchor name &b` + tail},
		{"x: 1\na: [&b\t\"x\", *b]\n", `line 2: a tab after the anchor name &b` + tail},
		{"a: &b x\nc: [*b\ty]\n", `line 2: a tab after the alias name *b` + tail},
	})
	for _, c := range []struct{ in, want string }{
		{"a: &b\t# c\n  x: 1\nc: *b\t\n", "map[x:1]"},
		{"a: &b \t x\nc: *b \t\n", "x"},
	} {
		var v map[string]any
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err != nil || fmt.Sprint(v["c"]) != c.want {
			t.Errorf("%q: %v, error %v; want c = %s", c.in, v, err, c.want)
		}
	}
}

// TestQuotedBadEscape: YAML refuses a \x, \u or \U escape whose digits
// are not hexadecimal, a lone half of a surrogate pair and a code beyond
// U+10FFFF; the reader read them as other characters (\xZZ was U+02CA),
// so they are refused, naming the line and the escape.
func TestQuotedBadEscape(t *testing.T) {
	refusals(t, []struct{ in, want string }{
		{"a: \"\\xZZ\"\n", `line 1: the escape \xZZ in double-quoted text, which YAML does not allow (\x takes 2 hexadecimal digits); write \\ for a backslash, or the character itself`},
		{"b: 1\na: \"y\\u12G4\"\n", `line 2: the escape \u12G4 in double-quoted text, which YAML does not allow (\u takes 4 hexadecimal digits); write \\ for a backslash, or the character itself`},
		{"a: \"ab\n  \\udc00\"\n", `line 2: the escape \udc00 in double-quoted text, which YAML does not allow (U+DC00 is half of a surrogate pair, not a character); write \\ for a backslash, or the character itself`},
		{"a: \"\\U00110000\"\n", `line 1: the escape \U00110000 in double-quoted text, which YAML does not allow (U+110000 is beyond U+10FFFF, the last character); write \\ for a backslash, or the character itself`},
		{"a: \"\\x4g\"\n", `line 1: the escape \x4g in double-quoted text, which YAML does not allow (\x takes 2 hexadecimal digits); write \\ for a backslash, or the character itself`},
	})
	for _, c := range []struct{ in, want string }{
		{"a: \"\\x41\\u00e9\\U0001F600\\ud83d\\ude00\\U0010FFFF\"\n", "Aé😀😀\U0010FFFF"},
		{"a: \"\\xfF\"\n", "\u00ff"},
	} {
		var v map[string]string
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err != nil || v["a"] != c.want {
			t.Errorf("%q: %q, error %v; want a = %q", c.in, v, err, c.want)
		}
	}
}
