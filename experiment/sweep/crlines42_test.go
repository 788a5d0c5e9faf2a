package sweep

import (
	"strings"
	"testing"
)

// TestInlineConfigErrorLineWithCRLineEnds: a spec's inline config: block
// is re-read on the spec's own lines, so that an error in it names the
// spec's line. With bare \r line ends (which the YAML parser reads as line
// breaks) the block was cut from lines split on \n alone: the whole spec
// one line, and the error named "sweep: config (line 2)" where the same
// spec with \n or \r\n line ends names "config: line 4".
func TestInlineConfigErrorLineWithCRLineEnds(t *testing.T) {
	src := "name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: sga, bogus: 1}\ngrid:\n  iterations: [10, 20]\n"
	const want = `sweep: config: line 4: dynamics.bogus: unknown key`
	for _, end := range []string{"\n", "\r\n", "\r"} {
		text := strings.ReplaceAll(src, "\n", end)
		s, err := ParseSpec([]byte(text), t.TempDir())
		if err == nil {
			_, err = s.Expand()
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("line end %q: error %v; want %q", end, err, want)
		}
	}
}
