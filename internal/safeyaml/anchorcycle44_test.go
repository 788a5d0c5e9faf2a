package safeyaml

import (
	"fmt"
	"testing"
)

// numericBlock has a map whose values are walked as numbers, so that an
// alias in it is walked again as the value it stands for.
type numericBlock struct {
	P map[string]any `yaml:"p" safeyaml:"numeric"`
}

// TestAliasInsideItsOwnAnchor: an alias inside the value of the anchor
// of its own name (b: &a [*a]) was checked as the anchor before it but
// decoded as null (b = [null]); and walked again through a later alias
// (c: *a) it stood for its own value, a walk without end that overflowed
// the stack (a FuzzConfig crasher). It is now refused, with its line.
func TestAliasInsideItsOwnAnchor(t *testing.T) {
	for _, in := range []string{
		"p:\n  a: &a 0\n  b: &a [*a]\n  c: *a\n",
		"p:\n  a: &a 0\n  b: &a [*a]\n",
		"p:\n  b: &a [1, {x: *a}]\n",
	} {
		var v numericBlock
		err := Unmarshal([]byte(in), &v, Limits{})
		want := "line 3: p.b[0]: alias *a is inside the value of its own anchor &a, which the decoder reads as null; give the inner anchor another name"
		if in == "p:\n  b: &a [1, {x: *a}]\n" {
			want = "line 2: p.b[1].x: alias *a is inside the value of its own anchor &a, which the decoder reads as null; give the inner anchor another name"
		}
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

// TestAliasThroughRedefinedAnchor: an alias walked again as the value it
// stands for looked the aliases inside that value up by name, so that
// with the name redefined since (z: &a [*b], b's value holding *a) the
// walk went round z, b, z without end; the decoder reads each alias as
// the anchor before it, w = [[0]].
func TestAliasThroughRedefinedAnchor(t *testing.T) {
	var v numericBlock
	in := "p:\n  x: &a 0\n  y: &b [*a]\n  z: &a [*b]\n  w: *a\n"
	if err := Unmarshal([]byte(in), &v, Limits{}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(v.P["w"]); got != "[[0]]" {
		t.Errorf("w = %s, want [[0]]", got)
	}
}
