package markov

import (
	"strings"
	"testing"
)

// TestParseGameNullKey: a key written with a null value was reported as
// missing ("missing required key(s) [gamma]") although the file has it;
// the error names the key as null, with its line.
func TestParseGameNullKey(t *testing.T) {
	spec := `lambda: 0.2
gamma:
states: 1
actions: [1, 1]
rho: [1]
P: [[[[1]]]]
R1: [[[0]]]
R2: [[[0]]]
`
	_, err := ParseGame([]byte(spec))
	want := "markov: game spec: line 2: gamma is null: want a value"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	_, err = ParseGame([]byte(strings.Replace(spec, "gamma:\n", "", 1)))
	if want := "missing required key(s) [gamma]"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("absent key: err = %v, want %q", err, want)
	}
}
