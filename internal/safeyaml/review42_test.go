package safeyaml

import (
	"strings"
	"testing"
)

type review42Doc struct {
	Init struct {
		X []float64 `yaml:"x"`
		Y []float64 `yaml:"y"`
	} `yaml:"init"`
	M map[string]any `yaml:"m" safeyaml:"numeric"`
	L []any          `yaml:"l"`
}

// TestDashInsideFlowIsAnError: "- 1" inside [ ] or { } is not YAML (a
// block sequence entry cannot appear in flow context; other readers
// refuse it), but the parser read it as a one-entry list: `{a: - 1}`
// gave a = [1] and `m: {a: [- 1]}` the matrix [[1]] where -1 was meant,
// a silent change of sign. It is an error naming the key and line; -1,
// [-1] and block lists are still read.
func TestDashInsideFlowIsAnError(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"m: {a: - 1}\n", "line 1: m.a: \"- 1\" inside [ ] or { } is not a number but a block list entry"},
		{"m: {a: [- 1]}\n", "line 1: m.a[0]: \"- 1\" inside [ ] or { } is not a number but a block list entry"},
		{"m: {a: [1, - 2]}\n", "line 1: m.a[1]: \"- 2\" inside [ ] or { } is not a number but a block list entry"},
		{"init: {x: - 1, y: [1]}\n", "line 1: init.x: \"- 1\" inside [ ] or { } is not a number but a block list entry"},
		{"init:\n  x: [0,\n    - 3]\n", "line 3: init.x[1]: \"- 3\" inside [ ] or { } is not a number but a block list entry"},
		{"l: [- a]\n", "line 1: l[0]: \"- a\" inside [ ] or { }"},
	} {
		var d review42Doc
		err := Unmarshal([]byte(c.in), &d, Limits{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v (m = %v, init = %+v), want it to start with %q", c.in, err, d.M, d.Init, c.want)
		}
	}
	for _, in := range []string{
		"m: {a: -1, b: [-1, 2], c: [[1], [-2]]}\ninit: {x: [-1], y: [2]}\n",
		"init:\n  x:\n  - -1\n  y: [1]\nm:\n  a:\n  - 1\n",
		"init:\n  x: &v\n  - 1\n  y: *v\nm: {a: *v}\n", // an alias in flow to a block list
	} {
		var d review42Doc
		if err := Unmarshal([]byte(in), &d, Limits{}); err != nil {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// TestNullDocumentIsNotASecondDocument: a file holding only null (null,
// ~, Null, after a --- or not) is one document, decoded as empty or
// refused by the decoder as null where a mapping is expected (as it
// chooses); it was refused as "a second YAML document (after ---)",
// which it does not have. A document the parser drops after an empty one is still
// refused, also when it begins with null as a key.
func TestNullDocumentIsNotASecondDocument(t *testing.T) {
	for _, in := range []string{"null\n", "~\n", "Null", "--- null\n", "# c\nnull # c\n"} {
		var d review42Doc
		if err := Unmarshal([]byte(in), &d, Limits{}); err != nil && !strings.Contains(err.Error(), "null was used where mapping is expected") {
			t.Errorf("%q: %v", in, err)
		}
	}
	for in, want := range map[string]string{
		"---\n---\nm: {a: 1}\n": "line 3: a second YAML document",
		"---\n---\nnull: 1\n":   "line 3: a second YAML document",
	} {
		var d review42Doc
		if err := Unmarshal([]byte(in), &d, Limits{}); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: error %v, want it to start with %q", in, err, want)
		}
	}
}
