package sweep

import (
	"strings"
	"testing"
)

// A seed's error names the value as written: an infinity or an empty
// text showed as nothing (" is not a non-negative integer"), and a whole
// number too large for a seed was said not to be a non-negative integer.
// A grid value that is empty text is shown as "" too.
func TestSeedErrorNamesValue(t *testing.T) {
	for _, tc := range []struct{ seeds, want string }{
		{"[.inf]", "sweep: seeds[0] (line 5): +Inf is not a non-negative integer"},
		{"[-.inf]", "sweep: seeds[0] (line 5): -Inf is not a non-negative integer"},
		{"[.nan]", "sweep: seeds[0] (line 5): NaN is not a non-negative integer"},
		{`[""]`, `sweep: seeds[0] (line 5): "" is not a non-negative integer`},
		{"[2e19]", "sweep: seeds[0] (line 5): 20000000000000000000 is outside the range of a seed (0 to 18446744073709551615)"},
	} {
		spec := "name: x\nconfig:\n  name: x\n  game: {kind: duopoly}\nseeds: " + tc.seeds + "\n"
		_, err := ParseSpec([]byte(spec), t.TempDir())
		if err == nil || err.Error() != tc.want {
			t.Errorf("seeds %s: %v\nwant %s", tc.seeds, err, tc.want)
		}
	}
	spec := "name: x\nconfig:\n  name: x\n  game: {builtin: duopoly}\ngrid:\n  game.builtin: [\"\"]\n"
	s, err := ParseSpec([]byte(spec), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Expand()
	if err == nil || !strings.HasPrefix(err.Error(), `sweep: grid.game.builtin = "" (line 6): `) {
		t.Errorf("an empty grid value: %v", err)
	}
}
