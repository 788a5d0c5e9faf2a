package safeyaml

import (
	"fmt"
	"strings"
	"testing"
)

// TestQuotedTabAfterEscape: a tab after an escape with hexadecimal
// digits (\x41, \u00e9, \U0001F600) in double quotes is misread like any
// other (the reader drops the character after the closing quote) and is
// refused at its line when what is dropped is not a blank or a line break;
// the token's own text, which leaves the digits out, made it look like an
// escaped tab. (Dropped line breaks: TestTabDropsLineBreak.)
func TestQuotedTabAfterEscape(t *testing.T) {
	const tail = ", which YAML allows but the YAML reader here misreads (it drops the character after the closing quote); write the tab as \\t"
	for _, c := range []struct {
		in, want string
	}{
		{"a: {b: \"\\x41\ty\"}", `line 1: a tab in the double-quoted text "A\ty"` + tail},
		{"s: [\"\\x41\ty\"]", `line 1: a tab in the double-quoted text "A\ty"` + tail},
		{"s: [\"\\u00e9\ty\", z]", `line 1: a tab in the double-quoted text "é\ty"` + tail},
		{"s: {t: \"\\U0001F600\ty\"}", `line 1: a tab in the double-quoted text "😀\ty"` + tail},
		{"s: [\"\\ud83d\\ude00\ty\"]", `line 1: a tab in the double-quoted text "😀\ty"` + tail},
		{"r: 1\ns: [\"a\n  \\x41\ty\"]", `line 3: a tab in the double-quoted text "a A\ty"` + tail},
	} {
		var v map[string]any
		err := Unmarshal([]byte(c.in+"\n"), &v, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}
}

// TestQuotedTabHarmless: at a tab inside double quotes that more text
// follows on its line the reader drops one character after the closing
// quote; when that is a blank before the line's end, a comment or the
// end of a flow collection, the \r of a \r\n, or a line break that only
// blank or comment lines follow, the value is read right (as YAML reads
// it) and accepted. Blanks and line breaks dropped otherwise are read
// right too, the tabs written \t for the reader (TestTabDropsLineBreak).
// Dropping anything else is refused.
func TestQuotedTabHarmless(t *testing.T) {
	for _, c := range []struct {
		in   string
		want map[string]string
	}{
		{"a: \"x\ty\"\r\nb: z\r\n", map[string]string{"a": "x\ty", "b": "z"}},
		{"a: \"x\ty\" # note\nb: z\n", map[string]string{"a": "x\ty", "b": "z"}},
		{"a: \"x\ty\tz\"  # note\nb: z\n", map[string]string{"a": "x\ty\tz", "b": "z"}},
		{"a: \"x\ty\"\t\nb: z\n", map[string]string{"a": "x\ty", "b": "z"}},
		{"b: z\na: \"x\ty\"\n", map[string]string{"a": "x\ty", "b": "z"}},
		{"b: z\na: \"x\ty\"", map[string]string{"a": "x\ty", "b": "z"}},
		{"b: z\na: \"x\ty\tz\"\r\n\r\n  \n", map[string]string{"a": "x\ty\tz", "b": "z"}},
		{"a: \"x\ty\tz\"\r\nb: z\r\n", map[string]string{"a": "x\ty\tz", "b": "z"}}, // \r and \n
		{"a: \"x\ty\"\rb: z\r", map[string]string{"a": "x\ty", "b": "z"}},           // a line break
		{"a: \"x\ty\tz\"\n\nb: z\n", map[string]string{"a": "x\ty\tz", "b": "z"}},   // two line breaks
		{"a: \"x\ty\"\n\nb: z\n", map[string]string{"a": "x\ty", "b": "z"}},
		{"a: \"x\ty\"\n  # note\nb: z\n", map[string]string{"a": "x\ty", "b": "z"}},
	} {
		var v map[string]any
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err != nil {
			t.Errorf("%q: error %v", c.in, err)
			continue
		}
		if len(v) != len(c.want) || v["a"] != c.want["a"] || v["b"] != c.want["b"] {
			t.Errorf("%q: %q; want %q", c.in, v, c.want)
		}
	}
	const tail = ", which YAML allows but the YAML reader here misreads (it drops the character after the closing quote); write the tab as \\t"
	for _, c := range []struct {
		in, want string
	}{
		{"a: \"x\ty\tz\" #c\nb: z\n", `line 1: a tab in the double-quoted text "x\ty\tz"` + tail}, // the '#'
		{"a: \"x\ty\"#c\nb: z\n", `line 1: a tab in the double-quoted text "x\ty"` + tail},        // the '#'
		{"a: [\"x\ty\", b]\n", `line 1: a tab in the double-quoted text "x\ty"` + tail},           // the ','
		{"a: \"x\ty\tz\"\nb: z\n", `line 1: a tab in the double-quoted text "x\ty\tz"` + tail},    // the 'b'
	} {
		var v map[string]any
		err := Unmarshal([]byte(c.in), &v, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}
}

// TestQuotedCRLF: YAML folds a line break inside double-quoted text to a
// space and an empty line to a new line ("a<CRLF>  b" is "a b",
// "a<CRLF><CRLF>  b" is "a\nb"); the reader reads each \r\n there as two
// line breaks ("a\nb", "a\n\n\nb"), so such text is refused, naming its
// line; the same for single-quoted text. Text on one line, an escaped
// line break and lines ending at \n or \r alone are read right.
func TestQuotedCRLF(t *testing.T) {
	const tail = " goes on past a line break written \\r\\n (a Windows line end), which the YAML reader here misreads (it reads each such line break as two, where YAML joins the lines with a space); write the text on one line, with \\n where a new line is meant, or save the file with \\n line ends"
	for _, c := range []struct {
		in, want string
	}{
		{"s: \"a\r\n\r\n  b\"\r\nt: z\r\n", `line 1: the double-quoted text "a\n\n\nb"` + tail},
		{"t: z\r\ns: \"a\r\n  b\"\r\n", `line 2: the double-quoted text "a\nb"` + tail},
		{"s: \"a\\\r\n  b\r\n  c\"\r\n", `line 2: the double-quoted text "ab\nc"` + tail},
		{"s: \"a\r\n  b\tc\"\r\nt: z", `line 1: the double-quoted text "a\nb\tc"` + tail}, // before the tab it holds
		{"s: 'a\r\n  b'\r\nt: z\r\n", `line 1: the single-quoted text "a\nb"` + tail},
		{"s: 'it''s\r\n\r\n  b'\r\n", `line 1: the single-quoted text "it's\n\n\nb"` + tail},
	} {
		var v map[string]any
		err := Unmarshal([]byte(c.in), &v, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}
	for _, c := range []struct {
		in, want string
	}{
		{"s: \"a b\"\r\nt: z\r\n", "a b"},
		{"s: \"a\\\r\n  b\"\r\nt: z\r\n", "ab"},
		{"s: \"a\n\n  b\"\nt: z\n", "a\nb"},
		{"s: \"a\r  b\"\rt: z\r", "a b"},
		{"s: 'it''s'\r\nt: z\r\n", "it's"},
	} {
		var v map[string]string
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err != nil || v["s"] != c.want || v["t"] != "z" {
			t.Errorf("%q: %q, error %v; want s = %q, t = z", c.in, v, err, c.want)
		}
	}
}

// TestQuotedTabBound: at each tab inside double quotes the reader reads
// the rest of the tab's line, so a line of n tabs takes time growing as
// n times the line's length (28 s for 160 KB of ["<TAB>",…]). Beyond
// maxQuotedTabScan characters read again (2²⁴) the input is refused,
// naming the line that costs most, its tabs and its length; below it the
// tabs are read (each value one tab).
func TestQuotedTabBound(t *testing.T) {
	line := "a: [" + strings.Repeat("\"\t\",", 5000) + "]"
	in := "b: z\n" + line + "\n"
	want := fmt.Sprintf("line 2: 5000 tabs inside double-quoted text on a line of %d characters, which the YAML reader here reads again from each tab to the line's end (in this input more than 16777216 characters in all, time growing as the square of the line); write the tabs as \\t, or break the line", len(line))
	var v map[string]any
	if err := Unmarshal([]byte(in), &v, Limits{}); err == nil || err.Error() != want {
		t.Errorf("5000 tabs on a line of %d: error\n %v\nwant\n %s", len(line), err, want)
	}
	// 1000 tabs on a line of 4005 characters: about 2·10⁶ read again.
	in = "a: [" + strings.Repeat("\"\t\",", 1000) + "]\n"
	v = nil
	if err := Unmarshal([]byte(in), &v, Limits{}); err != nil {
		t.Fatalf("1000 tabs: error %v", err)
	}
	if l, ok := v["a"].([]any); !ok || len(l) != 1000 || l[0] != "\t" || l[999] != "\t" {
		t.Errorf("1000 tabs: %.80v; want 1000 values of one tab", v)
	}
}

// BenchmarkQuotedTabs: 1000 tabs in double quotes on one line of 4 KB
// (read), 5000 on a line of 20 KB and 40000 on one of 160 KB (refused
// before the reader reads them: reading took 0.3 s and 23 s).
func BenchmarkQuotedTabs(b *testing.B) {
	for _, n := range []int{1000, 5000, 40000} {
		in := []byte("a: [" + strings.Repeat("\"\t\",", n) + "]\n")
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				var v map[string]any
				_ = Unmarshal(in, &v, Limits{})
			}
		})
	}
}
