package safeyaml

import (
	"strings"
	"testing"
)

// TestKeyMistakesSaid56 checks the words of three errors of a config's
// keys that named something else than the mistake: an anchor on a key
// (`&k iterations: 3`) was an unknown field "&" that "a key that is a
// number, true/false or null names no setting"; a non-breaking space
// (U+00A0) after a key's colon, which makes YAML read the line as text,
// was the parser's "non-map value is specified" or a need for a mapping;
// a key written twice on one line (a one-line JSON config) was "at
// lines 1 and 1".
func TestKeyMistakesSaid56(t *testing.T) {
	type sub struct {
		A int `yaml:"a"`
	}
	type doc struct {
		Iterations int    `yaml:"iterations"`
		Name       string `yaml:"name"`
		Sub        sub    `yaml:"sub"`
	}
	const nbsp = "a non-breaking space (U+00A0) follows the colon, which YAML does not read as a space: the line is text to it, not key: value; write an ordinary space after the colon"
	const lead = "the value begins with a non-breaking space (U+00A0), which YAML does not read as a space: it is part of the value; write an ordinary space"
	for _, c := range []struct{ in, want string }{
		{"&k iterations: 3\n", "line 1: anchor &k on key iterations is not supported; remove it (an anchor goes before a value: key: &k value)"},
		{"name: x\n&k iterations: 3\n", "line 2: anchor &k on key iterations is not supported; remove it (an anchor goes before a value: key: &k value)"},
		{"sub: {&k a: 1}\n", "line 1: sub: anchor &k on key a is not supported; remove it (an anchor goes before a value: key: &k value)"},
		{"iterations:\u00a03\n", `line 1: "iterations:\u00a03": ` + nbsp},
		{"name: x\niterations:\u00a03\n", `line 2: "iterations:\u00a03": ` + nbsp},
		{"sub:\n  a:\u00a03\n", `line 2: "a:\u00a03": ` + nbsp},
		// In { } the colon ends the key, and the space begins the value.
		{"name: x\nsub: {a:\u00a03}\n", `line 2: "\u00a03": ` + lead},
		{"iterations: \u00a03\n", `line 1: "\u00a03": ` + lead},
		{"name: \u00a0x\n", `line 1: "\u00a0x": ` + lead},
	} {
		var d doc
		err := Unmarshal([]byte(c.in), &d, Limits{})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error\n %v\nwant\n %s", c.in, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{`{"iterations": 1, "iterations": 2}`, `[1:19] mapping key "iterations" already defined at [1:2]: iterations is written twice, at line 1, columns 2 and 19`},
		{`{"sub": {"a": 1, "a": 2}}`, `[1:18] mapping key "a" already defined at [1:10]: sub.a is written twice, at line 1, columns 10 and 18`},
		{"name: a\nname: b\n", `[2:1] mapping key "name" already defined at [1:1]: name is written twice, at lines 1 and 2`},
	} {
		var d doc
		err := Unmarshal([]byte(c.in), &d, Limits{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error\n %v\nwant it to start with\n %s", c.in, err, c.want)
		}
	}
	// A non-breaking space inside quotes, a comment or a block of text,
	// and after a colon that ends no key, is left alone.
	for _, in := range []string{
		"name: \"a:\u00a0b\"\n", "name: 'a:\u00a0b'\n", "name: x # a:\u00a0b\n", "name: |\n  a:\u00a0b\n", "name: >\n  a:\u00a0b\n",
	} {
		var d doc
		if err := Unmarshal([]byte(in), &d, Limits{}); err != nil || !strings.Contains(d.Name, "\u00a0") && !strings.HasPrefix(d.Name, "x") {
			t.Errorf("%q: name %q, error %v", in, d.Name, err)
		}
	}
}
