package safeyaml

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
)

type typed struct {
	B    bool      `yaml:"b"`
	F    float64   `yaml:"f"`
	N    int       `yaml:"n"`
	S    string    `yaml:"s"`
	L    []float64 `yaml:"l"`
	Sub  *typed    `yaml:"sub"`
	Rest any       `yaml:"rest"`
}

// TestTypeErrorsNameTheKey checks that a value of the wrong type is an
// error naming the line, the key path and the value in words, never Go's
// types and struct fields (the decoder's "cannot unmarshal string into Go
// struct field …"), wherever it stands (through an alias too), and that
// what the decoder takes is still taken.
func TestTypeErrorsNameTheKey(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"float overflow", "l: [1e400]\n", []string{"line 1", "l[0]: 1e400 is not a finite number"}},
		{"float overflow in a field", "sub:\n  f: -1e999\n", []string{"line 2", "sub.f: -1e999 is not a finite number"}},
		{"word in a float", "f: abc\n", []string{"line 1", "f: abc is not a number"}},
		{"bool in a float list", "l: [1, true]\n", []string{"line 1", "l[1]: true is not a number"}},
		{"yes in a bool", "sub: {b: yes}\n", []string{"line 1", "sub.b: yes is not true or false"}},
		{"number in a bool", "b: 1\n", []string{"line 1", "b: 1 is not true or false"}},
		{"quoted word in a bool", "b: \"true\"\n", []string{"line 1", `b: "true" is not true or false`}},
		{"bool in an int", "n: true\n", []string{"line 1", "n: true is not an integer"}},
		{"word in an int", "n: abc\n", []string{"line 1", "n: abc is not an integer"}},
		{"negative exponent form in an int", "n: -1e2\n", []string{"line 1", "n: -1e2", "write it out: -100"}},
		{"list in an int", "n: [1]\n", []string{"line 1", "n: need an integer, not a list"}},
		{"mapping in a string", "s: {a: 1}\n", []string{"line 1", "s: need text, not a mapping"}},
		{"scalar in a struct", "sub: 5\n", []string{"line 1", "sub: need a mapping (key: value), not 5"}},
		{"scalar in a list", "l: 5\n", []string{"line 1", "l: need a list, not 5"}},
		{"mapping in a list", "sub:\n  l: {a: 1}\n", []string{"line 2", "sub.l: need a list, not a mapping"}},
		{"block text in an int", "n: |\n  5\n", []string{"line 1", "n: a block of text is not an integer"}},
		{"through an alias", "s: &w yes\nsub: {sub: {b: *w}}\n", []string{"sub.sub.b: yes is not true or false"}},
		{"JSON", `{"sub": {"b": "yes"}}`, []string{"line 1", `sub.b: "yes" is not true or false`}},
	} {
		var v typed
		err := Unmarshal([]byte(c.in), &v, Limits{})
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.name, err, w)
			}
		}
		for _, bad := range []string{"Go struct field", "Go value", "cannot unmarshal"} {
			if strings.Contains(err.Error(), bad) {
				t.Errorf("%s: error %q shows the decoder's %q", c.name, err, bad)
			}
		}
	}
	var v typed
	in := "b: true\nf: 1e-3\nn: 1e2\ns: 5\nl: [1, .5, 2E+1, .inf]\nsub: {s: true, f: 7}\nrest: {x: [yes]}\n"
	if err := Unmarshal([]byte(in), &v, Limits{}); err != nil {
		t.Fatalf("well-typed input: %v", err)
	}
	if !v.B || v.F != 1e-3 || v.N != 100 || v.S != "5" || len(v.L) != 4 || v.L[2] != 20 || v.Sub.S != "true" || v.Sub.F != 7 {
		t.Errorf("well-typed input decoded as %+v", v)
	}
}

// block is a type that decodes its mapping itself, key by key, with a
// NodeDecoder (as package experiment's dynamics block does): its key n
// into N, the others into Rest.
type block struct {
	N    int
	Rest map[string]float64
}

func (b *block) UnmarshalYAML(ctx context.Context, n ast.Node) error {
	dec, err := NewNodeDecoderContext(ctx, n)
	if err != nil {
		return err
	}
	pairs, _ := Pairs(n)
	b.Rest = map[string]float64{}
	for _, p := range pairs {
		if Key(p) == "n" {
			if err := dec.DecodeAt(p.Value, &b.N, "blk.n"); err != nil {
				return err
			}
			continue
		}
		var f float64
		if err := dec.DecodeAt(p.Value, &f, "blk."+Key(p)); err != nil {
			return err
		}
		b.Rest[Key(p)] = f
	}
	return nil
}

// ctxBlock is block decoded without the document (NewNodeDecoder).
type ctxBlock struct{ N int }

func (b *ctxBlock) UnmarshalYAML(n ast.Node) error {
	dec, err := NewNodeDecoder(n)
	if err != nil {
		return err
	}
	pairs, _ := Pairs(n)
	for _, p := range pairs {
		if err := dec.DecodeAt(p.Value, &b.N, "blk."+Key(p)); err != nil {
			return err
		}
	}
	return nil
}

type withBlock struct {
	Seed  int      `yaml:"seed"`
	F     float64  `yaml:"f"`
	Words []string `yaml:"words"`
	Blk   block    `yaml:"blk"`
	Late  int      `yaml:"late"`
}

// TestNodeDecoderOuterAnchors checks that in a mapping decoded key by key
// with a NodeDecoder, an alias may refer to an anchor defined before the
// mapping in the document (in a flow or a block mapping, in a nested
// value, alongside the mapping's own anchors), is checked as the key it
// stands under (a fraction in an integer key, a quoted number, a word
// where a number is expected) and counts against the node limit; that an
// alias to an anchor defined after it is still an error; and that
// without the document's context the decoder sees the mapping's anchors
// only.
func TestNodeDecoderOuterAnchors(t *testing.T) {
	for _, c := range []struct {
		name, in string
		n        int
		rest     map[string]float64
	}{
		{"flow", "seed: &g 3\nblk: {n: *g, x: *g}\n", 3, map[string]float64{"x": 3}},
		{"block", "seed: &g 3\nf: &h 0.25\nblk:\n  n: *g\n  x: *h\n", 3, map[string]float64{"x": 0.25}},
		{"own and outer", "seed: &g 3\nblk: {y: &k 2.5, n: *g, x: *k}\n", 3, map[string]float64{"y": 2.5, "x": 2.5}},
		{"redefined before", "seed: &g 3\nf: &g 9\nblk: {n: *g}\n", 9, map[string]float64{}},
	} {
		var v withBlock
		if err := Unmarshal([]byte(c.in), &v, Limits{}); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if v.Blk.N != c.n || fmt.Sprint(v.Blk.Rest) != fmt.Sprint(c.rest) {
			t.Errorf("%s: decoded %+v, want n %d, rest %v", c.name, v.Blk, c.n, c.rest)
		}
	}
	for _, c := range []struct {
		name, in string
		want     []string
		limit    bool
	}{
		{"fraction through an outer alias", "f: &h 2.5\nblk: {n: *h}\n", []string{"line 1", "blk.n: 2.5 is not an integer"}, false},
		{"quoted number through an outer alias", "words: [&q \"5\"]\nblk: {x: *q}\n", []string{`blk.x: "5" is quoted text where a number is expected`}, false},
		{"word through an outer alias", "words: [&q abc]\nblk: {x: *q}\n", []string{"blk.x: abc is not a number"}, false},
		{"alias before its anchor", "blk: {n: *g}\nlate: &g 1\n", []string{"line 1", "blk.n: alias *g refers to no anchor defined before it"}, false},
		{"node limit", "words: &w [a, b, c, d, e, f, g, h]\nblk: {x: *w}\n", []string{"expands", EnvMaxNodes}, true},
	} {
		var v withBlock
		lim := Limits{}
		if c.limit {
			lim.MaxNodes = 12
		}
		err := Unmarshal([]byte(c.in), &v, lim)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.name, err, w)
			}
		}
		var le *LimitError
		if errors.As(err, &le) != c.limit {
			t.Errorf("%s: limit error %v, want %v", c.name, !c.limit, c.limit)
		}
	}
	var v struct {
		Seed int      `yaml:"seed"`
		Blk  ctxBlock `yaml:"blk"`
	}
	err := Unmarshal([]byte("seed: &g 3\nblk: {n: *g}\n"), &v, Limits{})
	if err == nil || !strings.Contains(err.Error(), `could not find alias "g"`) {
		t.Errorf("NewNodeDecoder without the document: error %v, want the outer anchor unknown", err)
	}
}
