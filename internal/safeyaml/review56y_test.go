package safeyaml

import "testing"

// TestNBSPInCommentedBlockScalar56y: a block scalar's text is left alone
// (doc.go, README), also with a comment after its header (| # note), where
// the token before the text is the comment: a line "a:\u00a0b" of the text
// was refused as a key.
func TestNBSPInCommentedBlockScalar56y(t *testing.T) {
	var v struct {
		S string `yaml:"s"`
	}
	for in, want := range map[string]string{
		"s: | # note\n  a:\u00a0b\n":      "a:\u00a0b\n",
		"s: >- # note\n  a:\u00a0b\n":     "a:\u00a0b",
		"s: |- # one\n  x\n  a:\u00a0b\n": "x\na:\u00a0b",
	} {
		v.S = ""
		if err := Unmarshal([]byte(in), &v, Limits{}); err != nil || v.S != want {
			t.Errorf("%q: %q, error %v; want %q", in, v.S, err, want)
		}
	}
	// The text of an empty block scalar is the empty string token: a
	// later key's value is still checked.
	in := "s: | # note\n\nt:\n  a:\u00a0b\n"
	var m map[string]any
	err := Unmarshal([]byte(in), &m, Limits{})
	want := `line 4: "a:\u00a0b": a non-breaking space (U+00A0) follows the colon, which YAML does not read as a space: the line is text to it, not key: value; write an ordinary space after the colon`
	if err == nil || err.Error() != want {
		t.Errorf("%q: error %v; want %s", in, err, want)
	}
}
