package safeyaml

import (
	"reflect"
	"strings"
	"testing"
)

// TestTabDropsLineBreak: a tab in double-quoted text made the YAML reader
// drop the line break after the closing quote, joining the next line to
// the text's (an error, or every later line's number one too low); such
// text was refused. It is read now, as YAML reads it: each input must
// decode as the same input with its tabs written \t does.
func TestTabDropsLineBreak(t *testing.T) {
	for _, in := range []string{
		"a: \"x\ty\"\nb: 1\n",
		"a: \"x\ty\"\n# c\nb: 1\nc: zz\n",
		"a: \"x\ty\"\n\nb: z\n",
		"a: \"x\ty\"\n  # note\nb: z\n",
		"a: \"x\ty\tz\"\n\nb: z\n",
		"a: \"x\ty\tz\"\r\nb: z\r\n",
		"a: \"x\ty\"\rb: z\r",
		"a: [\n  \"x\ty\"\n]\nb: 1\n",
		"a: [\"x\ty\"\n, \"z\"]\n",
		"a:\n  b: \"x\ty\"\n  c: 1\nd: 2\n",
		"a:\n  - \"x\ty\"\n  - b\nc: |\n  t\n  u\nd: 1\n",
		"- \"x\ty\"\n- z\n",
		"s: \"\\x41\ty\"\nt: z\n",
		"s: \"\\ud83d\\ude00\ty\"\nt: z\n",
		"r: 1\ns: \"a\n  \\x41\ty\"\nt: z\n",
		"s: \"a\n  b\tc\n  d\"\nt: z\n",
		"s: \"a\tb\" # c\tc\nt: \"u\tv\"\nw: 1\n",
	} {
		var got, want any
		if err := Unmarshal([]byte(in), &got, Limits{}); err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		escaped := strings.ReplaceAll(in, "\t", `\t`)
		if err := Unmarshal([]byte(escaped), &want, Limits{}); err != nil {
			t.Fatalf("%q: %v", escaped, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %#v, want %#v", in, got, want)
		}
	}
}

// TestTabDropsLineBreakLines: the lines after such text keep their
// numbers, in the keys' lines and in the errors of the reader and of this
// package's checks.
func TestTabDropsLineBreakLines(t *testing.T) {
	type doc struct {
		A string `yaml:"a"`
		B int    `yaml:"b"`
		C string `yaml:"c"`
	}
	var v doc
	keys, err := UnmarshalKeys([]byte("a: \"x\ty\"\n# c\nb: 1\n\nc: \"p\tq\"\n\n"), &v, Limits{})
	if err != nil || v.A != "x\ty" || v.B != 1 || v.C != "p\tq" {
		t.Fatalf("%+v, error %v", v, err)
	}
	for k, l := range map[string]int{"a": 1, "b": 3, "c": 5} {
		if keys.Lines[k] != l {
			t.Errorf("Lines[%q] = %d, want %d", k, keys.Lines[k], l)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"a: \"x\ty\"\nb: 1\nzz: 1\n", "[3:1] unknown field \"zz\""},
		{"a: \"x\ty\"\n\nb: 1.5\n", "line 3: b: 1.5 "},
		{"a: \"x\ty\"\nb: 1\nc: [1, 2]\n", "line 3: c: "},
		{"a: \"x\ty\"\nb: 1\nb: 2\n", "[3:1]"},
	} {
		var v doc
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v; want one holding %q", c.in, err, c.want)
		}
	}
}
