package safeyaml

import (
	"strings"
	"testing"
)

// TestContentAfterEmptyDocument checks that a document after an empty one
// ("---" twice) is an error: the parser dropped it, and the input decoded
// as empty (every field its zero value) without a word.
func TestContentAfterEmptyDocument(t *testing.T) {
	for in, want := range map[string]string{
		"---\n---\nn: 1\n":        "line 3: a second YAML document",
		"---\n# x\n---\nn: 1\n":   "line 4: a second YAML document",
		"--- # c\n--- \n{n: 1}\n": "line 3: a second YAML document",
	} {
		var s sample
		err := Unmarshal([]byte(in), &s, Limits{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v (decoded n = %d), want a second document's", in, err, s.N)
		}
	}
	// Empty documents alone, or after the content, stay accepted.
	for _, in := range []string{"---\n---\n", "# only\n", "n: 1\n---\n"} {
		if err := Unmarshal([]byte(in), new(sample), Limits{}); err != nil {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// TestDirectiveBeforeDocument checks that a %YAML directive before the
// one document is not taken for a first document (it was refused as "a
// second YAML document").
func TestDirectiveBeforeDocument(t *testing.T) {
	var s sample
	if err := Unmarshal([]byte("%YAML 1.2\n---\nn: 7\n"), &s, Limits{}); err != nil || s.N != 7 {
		t.Errorf("n = %d, error %v; want 7, nil", s.N, err)
	}
	err := Unmarshal([]byte("%YAML 1.2\n---\nn: 7\n---\nn: 8\n"), new(sample), Limits{})
	if err == nil || !strings.Contains(err.Error(), "line 5: a second YAML document") {
		t.Errorf("two documents after a directive: %v", err)
	}
}
