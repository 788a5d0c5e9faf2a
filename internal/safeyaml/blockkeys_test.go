package safeyaml

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// keyLines returns n lines "k0: 1", "k1: 1", … each indented by indent.
func keyLines(n int, indent string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%sk%d: 1\n", indent, i)
	}
	return b.String()
}

// BenchmarkLongBlockMapping times Unmarshal of one block mapping of
// 5000 keys (read) and of 30 000 keys (beyond the default limit of keys
// in one block mapping: refused by Precheck before the parser, whose time
// grows as the square of the keys).
func BenchmarkLongBlockMapping(b *testing.B) {
	for _, n := range []int{5000, 30_000} {
		data := []byte(keyLines(n, ""))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var v map[string]any
				_ = Unmarshal(data, &v, Limits{})
			}
		})
	}
}

// TestBlockMappingKeys: Precheck refuses a block mapping of more keys
// than Limits.MaxKeys (default 20 000, STACKEL_MAX_INPUT_KEYS), naming
// the line where the mapping begins and the limit; the keys of other
// mappings, of the mappings that "- " begins and of flow mappings are
// not counted with them.
func TestBlockMappingKeys(t *testing.T) {
	const over = "a block mapping of more than "
	for _, c := range []struct {
		name, in string
		lim      Limits
		want     string // a part of the error; "" for none
	}{
		{"30 000 keys", keyLines(30_000, ""), Limits{}, "line 1: " + over + "20000 keys (the YAML reader takes time growing as the square of them) (limit 20000; set STACKEL_MAX_INPUT_KEYS to raise it)"},
		{"20 001 keys", keyLines(20_001, ""), Limits{}, "line 1: " + over + "20000 keys"},
		{"20 000 keys", keyLines(20_000, ""), Limits{}, ""},
		{"nested, after a comment", "# c\ntop:\n" + keyLines(20_001, "  "), Limits{}, "line 3: " + over + "20000 keys"},
		{"two mappings of 15 000", "a:\n" + keyLines(15_000, "  ") + "b:\n" + keyLines(15_000, "  "), Limits{}, ""},
		{"4 keys, limit 3", "a: 1\nb: 1\n\nc: 1 # d: 1\nd: 1\n", Limits{MaxKeys: 3}, "line 1: " + over + "3 keys"},
		{"3 keys around a nested mapping", "a: 1\nb:\n  x: 1\n  y: 1\n  z: {p: 1, q: 2, r: 3, s: 4}\nc: 1\n", Limits{MaxKeys: 3}, ""},
		{"4 keys nested after a list", "a:\n  - 1\nb:\n  w: 1\n  x: 1\n  y: 1\n  z: 1\n", Limits{MaxKeys: 3}, "line 4: " + over + "3 keys"},
		{"mappings in a list", "- a: 1\n  b: 1\n  c: 1\n- d: 1\n  e: 1\n  f: 1\n- g: 1\n", Limits{MaxKeys: 3}, ""},
		// The mapping after "- " is named at its second key, the first one
		// on a line of its own.
		{"4 keys in a list's mapping", "- x: 1\n- a: 1\n  b: 1\n  c: 1\n  d: 1\n  e: 1\n", Limits{MaxKeys: 3}, "line 3: " + over + "3 keys"},
		{"flow mapping", "{a: 1, b: 1, c: 1, d: 1}\n", Limits{MaxKeys: 3}, ""},
		{"quoted keys", "\"a\": 1\n'b': 1\n\"c\": 1\n\"d\": 1\n", Limits{MaxKeys: 3}, "line 1: " + over + "3 keys"},
		{"CRLF", "a: 1\r\nb: 1\r\nc: 1\r\nd: 1\r\n", Limits{MaxKeys: 3}, "line 1: " + over + "3 keys"},
	} {
		err := Precheck([]byte(c.in), c.lim)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var le *LimitError
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.As(err, &le) || le.Env != EnvMaxKeys {
			t.Errorf("%s: error %v; want a LimitError holding %q", c.name, err, c.want)
		}
	}
	t.Setenv(EnvMaxKeys, "3e4")
	if lim := DefaultLimits(); lim.MaxKeys != 30_000 {
		t.Errorf("%s=3e4: MaxKeys %d, want 30000", EnvMaxKeys, lim.MaxKeys)
	}
	if err := Precheck([]byte(keyLines(30_000, "")), DefaultLimits()); err != nil {
		t.Errorf("%s=3e4, 30 000 keys: %v", EnvMaxKeys, err)
	}
	var v map[string]any
	if err := Unmarshal([]byte(keyLines(30_001, "")), &v, Limits{}); err == nil || !strings.Contains(err.Error(), "line 1: "+over+"20000 keys") {
		t.Errorf("Unmarshal of 30 001 keys with %s=3e4 and Limits{}: error %v; want the default limit", EnvMaxKeys, err)
	}
}
