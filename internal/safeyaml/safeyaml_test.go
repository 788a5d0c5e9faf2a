package safeyaml

import (
	"errors"
	"strings"
	"testing"
)

type sample struct {
	N    int            `yaml:"n"`
	F    float64        `yaml:"f"`
	Dims []int          `yaml:"dims"`
	P    map[string]any `yaml:"p"`
	Sub  *struct {
		K int `yaml:"k"`
	} `yaml:"sub"`
}

// TestRejects checks each class of rejected input and the words its error
// must contain.
func TestRejects(t *testing.T) {
	bomb := "p:\n  a0: &a0 [1,1,1,1,1,1,1,1,1,1]\n"
	for i := 1; i < 9; i++ {
		bomb += "  a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat("*a"+string(rune('0'+i-1))+",", 9) + "*a" + string(rune('0'+i-1)) + "]\n"
	}
	cases := []struct {
		name, in string
		want     []string
		limit    bool
	}{
		{"tag on list", "dims: !foo\n", []string{"line 1", "dims", "tag !foo"}, false},
		{"tag in flow", `{"p": {"R1": !000 0000}}`, []string{"tag"}, false},
		{"tag on key", "!x n: 1\n", []string{"tag"}, false},
		{"second document", "n: 1\n---\nn: 2\n", []string{"line 3", "second YAML document"}, false},
		{"fraction in int", "n: 100.7\n", []string{"line 1", "n", "100.7", "not an integer"}, false},
		{"fraction in int list", "dims: [1, 2.5]\n", []string{"dims[1]", "2.5"}, false},
		{"fraction in nested int", "sub: {k: 0.5}\n", []string{"sub.k"}, false},
		{"inf in int", "n: .inf\n", []string{"not an integer"}, false},
		{"alias bomb", bomb, []string{"expands", "STACKEL_MAX_INPUT_NODES"}, true},
		{"deep flow", "p: {a: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}\n", []string{"nesting deeper than 100", "STACKEL_MAX_INPUT_DEPTH"}, true},
		{"deep block", "p:\n  a:\n    " + strings.Repeat("- ", 1000) + "1\n", []string{"nesting"}, true},
		{"deep indentation", func() string {
			s := "p:\n"
			for i := 1; i < 300; i++ {
				s += strings.Repeat(" ", i) + "k:\n"
			}
			return s
		}(), []string{"nesting"}, true},
		{"too many values", "p: {a: [" + strings.Repeat("1,", 300000) + "1]}\n", []string{"more than 250000 values", "STACKEL_MAX_INPUT_VALUES"}, true},
		{"undefined alias", "n: *x\n", []string{"alias"}, false},
		// 100 000 values below a key of 100 000 bytes: the decoder would
		// copy the key into the path of each (10¹⁰ bytes; before the
		// limit, 96 s and 20 GB for a 300 KB config).
		{"long key above a long list", "p:\n  " + strings.Repeat("k", 100000) + ": [" + strings.Repeat("1,", 100000) + "1]\n",
			[]string{"line 2", "key of 100000 bytes", "STACKEL_MAX_INPUT_PATH_BYTES"}, true},
		{"long quoted key over two lines", "p:\n  \"" + strings.Repeat("k", 50000) + "\n  " + strings.Repeat("k", 50000) + "\": [" + strings.Repeat("1,", 100000) + "1]\n",
			[]string{"line 3", "key of 100005 bytes", "STACKEL_MAX_INPUT_PATH_BYTES"}, true},
		{"explicit key", "p:\n  ? a\n  : 1\n", []string{"line 2", "explicit keys"}, false},
		{"explicit key in flow", "p: {? a: 1}\n", []string{"line 1", "explicit keys"}, false},
		{"long quoted key in flow", `{"p": {"` + strings.Repeat("k k ", 25000) + `":[` + strings.Repeat("1,", 100000) + "1]}}",
			[]string{"key of 100002 bytes", "STACKEL_MAX_INPUT_PATH_BYTES"}, true},
		{"unknown key", "m: 1\n", []string{"unknown field \"m\""}, false},
	}
	for _, c := range cases {
		var s sample
		err := Unmarshal([]byte(c.in), &s, Limits{})
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", c.name, err, w)
			}
		}
		var le *LimitError
		if errors.As(err, &le) != c.limit {
			t.Errorf("%s: LimitError %v, want %v (%v)", c.name, !c.limit, c.limit, err)
		}
	}
	if err := Unmarshal(make([]byte, 100), new(sample), Limits{MaxBytes: 99}); err == nil || !strings.Contains(err.Error(), "STACKEL_MAX_INPUT_BYTES") {
		t.Errorf("over MaxBytes: %v", err)
	}
}

// TestAccepts checks inputs that must decode, with their values.
func TestAccepts(t *testing.T) {
	var s sample
	in := "# a comment with [[[ brackets\nn: 1e2\nf: 1e-3\ndims: [3, 4.0]\np: {s: \"]]]]\", a: &A [1, 2], b: *A, q: 'it''s [' }\nsub: {k: 7}\n---\n"
	if err := Unmarshal([]byte(in), &s, Limits{MaxDepth: 3}); err != nil {
		t.Fatal(err)
	}
	if s.N != 100 || s.F != 1e-3 || len(s.Dims) != 2 || s.Dims[1] != 4 || s.Sub.K != 7 || s.P["s"] != "]]]]" {
		t.Errorf("decoded %+v", s)
	}
	// Within limits: 100 levels of flow nesting.
	deep := "p: {a: " + strings.Repeat("[", 98) + strings.Repeat("]", 98) + "}\n"
	if err := Unmarshal([]byte(deep), new(sample), Limits{}); err != nil {
		t.Errorf("100 levels: %v", err)
	}
	t.Setenv(EnvMaxDepth, "300")
	if DefaultLimits().MaxDepth != 300 {
		t.Errorf("env override: %+v", DefaultLimits())
	}
}

// TestLongErrorShortened checks that a decoder error quoting a huge line is
// cut.
func TestLongErrorShortened(t *testing.T) {
	err := Unmarshal([]byte("n: [\""+strings.Repeat("x", 100000)+"\"]\n"), new(sample), Limits{})
	if err == nil || len(err.Error()) > 4000 {
		t.Errorf("error of %d bytes", len(err.Error()))
	}
}

// TestKeyLines checks the lines UnmarshalKeys gives keys at struct levels,
// keys of maps and sequence elements (block and flow style), which keys
// count as present, and that the record stays bounded on an input with a
// long key above a long list.
func TestKeyLines(t *testing.T) {
	in := "n: 1\n" + // 1
		"# a comment\n" + // 2
		"dims:\n" + // 3
		"  - 4\n" + // 4
		"  - 5\n" + // 5
		"p: {alpha: 1,\n" + // 6
		"    beta: [1, 2]}\n" + // 7
		"sub:\n" + // 8
		"  k: 3\n" // 9
	var s sample
	keys, err := UnmarshalKeys([]byte(in), &s, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"n": 1, "dims": 3, "dims[0]": 4, "dims[1]": 5, "p": 6, "p.alpha": 6,
		"p.beta": 7, "p.beta[1]": 7, "sub": 8, "sub.k": 9}
	for path, line := range want {
		if got := keys.Lines[path]; got != line {
			t.Errorf("line of %s = %d, want %d", path, got, line)
		}
	}
	if len(keys.Lines) != len(want)+1 { // + p.beta[0]
		t.Errorf("%d paths with lines, want %d: %v", len(keys.Lines), len(want)+1, keys.Lines)
	}
	for _, k := range []string{"n", "dims", "p", "sub", "sub.k"} {
		if !keys.Present[k] {
			t.Errorf("%s not present", k)
		}
	}
	if keys.Present["p.alpha"] {
		t.Error("a key of a map counted as present (only struct levels count)")
	}

	long := "p:\n  " + strings.Repeat("k", 300) + ": [" + strings.Repeat("1,", 5000) + "1]\n"
	keys, err = UnmarshalKeys([]byte(long), new(sample), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys.Lines) != 1 || keys.Lines["p"] != 1 {
		t.Errorf("long key: %d paths recorded (want only p, line 1: longer paths are not kept)", len(keys.Lines))
	}
	many := "p: {a: [" + strings.Repeat("1,", 200000) + "1]}\n"
	keys, err = UnmarshalKeys([]byte(many), new(sample), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys.Lines) != maxLinePaths {
		t.Errorf("long list: %d paths recorded, want the bound %d", len(keys.Lines), maxLinePaths)
	}
}
