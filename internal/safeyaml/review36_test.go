package safeyaml

import (
	"strings"
	"testing"
)

// textSample has text fields, as a config's name, builtin and f1 are.
type textSample struct {
	Name string `yaml:"name"`
	N    int    `yaml:"n"`
	L    []int  `yaml:"l"`
	A    any    `yaml:"a"`
}

// TestTextFieldKeepsWrittenText: a plain number or boolean in a text
// field is either kept as written or refused: the decoder printed the
// value again, so name: 1.10 became the run name "1.1", 0x1F "31", True
// "true", silently.
func TestTextFieldKeepsWrittenText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"name: 1.10\n", `line 1: name: 1.10 would be read as the text "1.1"; put it in quotes to keep it as written`},
		{"name: 0x1F\n", `line 1: name: 0x1F would be read as the text "31"; put it in quotes`},
		{"name: 1_000\n", `line 1: name: 1_000 would be read as the text "1000"`},
		{"name: True\n", `line 1: name: True would be read as the text "true"`},
		{"name: .inf\n", `line 1: name: .inf would be read as the text "+Inf"`},
		{"a: &x 2.50\nname: *x\n", `line 1: name: 2.50 would be read as the text "2.5"`},
	} {
		var s textSample
		err := Unmarshal([]byte(c.in), &s, Limits{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: got %v (name %q); want an error beginning %s", c.in, err, s.Name, c.want)
		}
	}
	// Kept as written: accepted as before.
	for in, want := range map[string]string{
		"name: 5\n": "5", "name: -5\n": "-5", "name: 0.25\n": "0.25", "name: true\n": "true",
		"name: 1e3\n": "1e3", "name: \"1.10\"\n": "1.10", "name: 12345678901234567890123\n": "12345678901234567890123",
	} {
		var s textSample
		if err := Unmarshal([]byte(in), &s, Limits{}); err != nil || s.Name != want {
			t.Errorf("%q: name %q, error %v; want %q", in, s.Name, err, want)
		}
	}
	// A field of type any keeps the number.
	var s textSample
	if err := Unmarshal([]byte("a: 1.10\n"), &s, Limits{}); err != nil || s.A != 1.1 {
		t.Errorf("a: 1.10: %v, %v", s.A, err)
	}
}

// TestKeysNullThroughAnchorsAndAliases: a key whose value is an anchored
// null (l: &x ~) or an alias to a null decodes as the zero value, as ~
// does, and Keys.Null names it (it did not: markov's spec said "missing
// required key(s) [P]" for P: *nothing instead of "P is null").
func TestKeysNullThroughAnchorsAndAliases(t *testing.T) {
	for in, want := range map[string][]string{
		"l: &x ~\n":                 {"l"},
		"a: &x\nl: *x\n":            {"a", "l"},
		"a: &x ~\nl: *x\nname: b\n": {"a", "l"},
		"a: &x null\nn: 3\n":        {"a"},
		"a: &x [1]\nl: *x\n":        nil,
		"l: ~\n":                    {"l"},
	} {
		var s textSample
		keys, err := UnmarshalKeys([]byte(in), &s, Limits{})
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if len(keys.Null) != len(want) {
			t.Errorf("%q: Null %v; want %v", in, keys.Null, want)
		}
		for _, k := range want {
			if !keys.Null[k] || !keys.Present[k] {
				t.Errorf("%q: Null %v, Present %v; want %s in both", in, keys.Null, keys.Present, k)
			}
		}
	}
}

// TestDepthWithCRLineBreaks: lines ending in \r alone (which the parser
// breaks lines at) are lines to Precheck's depth limit too: such an input was
// one line to Precheck, so 150 levels of indentation passed the limit of
// 100, and "a:\r" and a line of 100 000 "- " kept the parser busy for
// 27 s before it refused it.
func TestDepthWithCRLineBreaks(t *testing.T) {
	var b strings.Builder
	for i := range 150 {
		b.WriteString(strings.Repeat(" ", i) + "a:\r")
	}
	b.WriteString(strings.Repeat(" ", 150) + "1\r")
	for _, c := range []struct{ in, want string }{
		{b.String(), "line 101: nesting deeper than 100 levels"},
		{"a:\r" + strings.Repeat("- ", 1000) + "1\n", "line 2: nesting deeper than 100 levels"},
		{"a:\r\n" + strings.Repeat("- ", 1000) + "1\n", "line 2: nesting deeper than 100 levels"},
		{"a: # c\r" + strings.Repeat("- ", 1000) + "1\n", "line 2: nesting deeper than 100 levels"},
	} {
		// Precheck itself (exported, and the cheap scan before the
		// lexer), and Unmarshal.
		if err := Precheck([]byte(c.in), Limits{}); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Precheck %.40q…: %.200v; want an error beginning %s", c.in, err, c.want)
		}
		var v any
		err := Unmarshal([]byte(c.in), &v, Limits{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%.40q…: %.200v; want an error beginning %s", c.in, err, c.want)
		}
	}
	// A config with \r line breaks still reads.
	var s textSample
	if err := Unmarshal([]byte("name: x\rn: 3\rl:\r- 1\r- 2 # c\r"), &s, Limits{}); err != nil || s.N != 3 || len(s.L) != 2 {
		t.Errorf("\\r config: %+v, %v", s, err)
	}
}

// TestDepthBehindTextThatLooksLikeStructure: a quote or bracket in text
// (a block scalar, a plain scalar) made Precheck's scan take the rest of
// the input for a quoted scalar or a flow collection, whose lines it does
// not count as block levels: 1000 and more levels passed the limit of
// 100, and 100 000 kept the parser busy for 27 s.
func TestDepthBehindTextThatLooksLikeStructure(t *testing.T) {
	deep := strings.Repeat("- ", 1000) + "1\n"
	for _, in := range []string{
		"a: |\n  \"\nb:\n " + deep + "c: \"x\"\n",
		"a: >\n  'x\nb:\n " + deep + "c: 'x'\n",
		"a: |\n  [\nb:\n " + deep,
		"a: x[\nb:\n " + deep,
		"a: x {\nb:\n " + deep,
		"a: |\n  \"\nb: " + strings.Repeat("[", 1000) + strings.Repeat("]", 1000) + "\n",
	} {
		var v any
		err := Unmarshal([]byte(in), &v, Limits{})
		if err == nil || !strings.Contains(err.Error(), "nesting deeper than 100 levels") {
			t.Errorf("%.30q…: %.200v; want the depth limit's error", in, err)
		}
	}
	// Depth 100 is within the limit, in block and flow form and both.
	var b strings.Builder
	for i := range 99 {
		b.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	b.WriteString(strings.Repeat(" ", 99) + "b: 1\n")
	for _, in := range []string{
		b.String(),
		"a: " + strings.Repeat("[", 99) + strings.Repeat("]", 99) + "\n",
		"a:\n  " + strings.Repeat("- ", 48) + strings.Repeat("[", 50) + strings.Repeat("]", 50) + "\n",
		"x: |\n  \"[{\ny:\n " + strings.Repeat("- ", 98) + "1\n",
	} {
		var v any
		if err := Unmarshal([]byte(in), &v, Limits{}); err != nil {
			t.Errorf("%.30q…: %.200v", in, err)
		}
	}
}

// TestKeysNullBelowStructLevels: Keys.Null names a null key at every
// level, not only where the input decodes into a struct: the dynamics
// block's solver is read by a custom decoder, and before session 47 its
// `steps: null` was absent from Null, so the configuration quoted it as
// "steps: 0", a value the file does not hold.
func TestKeysNullBelowStructLevels(t *testing.T) {
	var s struct {
		M map[string]map[string]any `yaml:"m"`
	}
	keys, err := UnmarshalKeys([]byte("m:\n  a:\n    b: ~\n    c: 1\n    d:\n"), &s, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !keys.Null["m.a.b"] || !keys.Null["m.a.d"] || keys.Null["m.a.c"] || keys.Null["m.a"] || len(keys.Null) != 2 {
		t.Errorf("Null %v; want m.a.b and m.a.d alone", keys.Null)
	}
	if keys.Present["m.a.b"] {
		t.Errorf("Present %v holds m.a.b, a key below a map", keys.Present)
	}
}
