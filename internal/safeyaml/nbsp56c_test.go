package safeyaml

import (
	"testing"
)

// nbspColon56c and nbspLead56c are the two endings of the errors for a
// non-breaking space (U+00A0) where a space was meant.
const (
	nbspColon56c = "a non-breaking space (U+00A0) follows the colon, which YAML does not read as a space: the line is text to it, not key: value; write an ordinary space after the colon"
	nbspLead56c  = "the value begins with a non-breaking space (U+00A0), which YAML does not read as a space: it is part of the value; write an ordinary space"
)

type nbspDoc56c struct {
	S    string           `yaml:"s"`
	Name string           `yaml:"name"`
	L    []int            `yaml:"l"`
	LS   []string         `yaml:"ls"`
	Subs []map[string]int `yaml:"subs"`
}

// TestNBSPWhereSpaceMeant56c checks the error for a non-breaking space
// (U+00A0) at the start of a plain value whatever stands before the value
// (an anchor, a tag, a list's '-', '[' or ','), where the value was kept
// with it as text or read as " 3 is not an integer" with the character
// invisible; and after a colon that begins its line inside a value of
// several lines, on that line (it was given the value's first line).
func TestNBSPWhereSpaceMeant56c(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"s: &x \u00a0b\n", `line 1: "\u00a0b": ` + nbspLead56c},
		{"s: !!str \u00a0b\n", `line 1: "\u00a0b": ` + nbspLead56c},
		{"ls:\n  - \u00a0x\n", `line 2: "\u00a0x": ` + nbspLead56c},
		{"ls: [\u00a0x]\n", `line 1: "\u00a0x": ` + nbspLead56c},
		{"ls: [a, \u00a0x]\n", `line 1: "\u00a0x": ` + nbspLead56c},
		{"l: [1,\u00a02]\n", `line 1: "\u00a02": ` + nbspLead56c},
		{"l:\n  - 1\n  - \u00a03\n", `line 3: "\u00a03": ` + nbspLead56c},
		{"s: a\n  b:\u00a0c\n", `line 2: "b:\u00a0c": ` + nbspColon56c},
		{"s: a\r\n  b:\u00a0c\r\n", `line 2: "b:\u00a0c": ` + nbspColon56c},
		{"name: x\ns: a\n  b\n  c:\u00a0d e\n", `line 4: "c:\u00a0d e": ` + nbspColon56c},
		{"subs:\n  - a:\u00a03\n", `line 2: "a:\u00a03": ` + nbspColon56c},
		{"subs: [a:\u00a03]\n", `line 1: "a:\u00a03": ` + nbspColon56c},
		{"s: &x\n  a:\u00a0b\n", `line 2: "a:\u00a0b": ` + nbspColon56c},
	} {
		var d nbspDoc56c
		err := Unmarshal([]byte(c.in), &d, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}
}

// TestNBSPInValueKept56c checks that a colon and a non-breaking space
// inside a plain value on the line of its key's colon (name: run
// A:\u00a0fast), which is a key and a value, is kept as written, as is
// one in quotes, a comment or a block of text, and one inside a value
// that is not at its start.
func TestNBSPInValueKept56c(t *testing.T) {
	for _, c := range []struct{ in, name string }{
		{"name: run A:\u00a0fast\n", "run A:\u00a0fast"},
		{"name: &n run A:\u00a0fast\n", "run A:\u00a0fast"},
		{"name: a:\u00a0b:\u00a0c\n", "a:\u00a0b:\u00a0c"},
		{"{name: run A:\u00a0fast}\n", "run A:\u00a0fast"},
		{"name: run A:\u00a0fast\n  and B\n", "run A:\u00a0fast and B"},
		{"name: a\u00a0b\n", "a\u00a0b"},
		{"name: \"\u00a0b\"\n", "\u00a0b"},
		{"name: '\u00a0b'\n", "\u00a0b"},
		{"name: x # \u00a0b\n", "x"},
		{"name: |\n  \u00a0b\n", "\u00a0b\n"},
		{"name: >-\n  \u00a0b\n", "\u00a0b"},
	} {
		var d nbspDoc56c
		if err := Unmarshal([]byte(c.in), &d, Limits{}); err != nil || d.Name != c.name {
			t.Errorf("%q: name %q, error %v; want name %q", c.in, d.Name, err, c.name)
		}
	}
}
