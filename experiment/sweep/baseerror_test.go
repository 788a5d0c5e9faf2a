package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An error of the base configuration is named as the base's, with the base
// file's path and the key's line (as `stackel run BASE` names it), whether
// or not the spec has a grid; before, a base failing validation was
// reported as "grid point {base} seed 0" without file or line, and a base
// with an unknown key was blamed on the first grid value. An error of a
// grid value gives the grid key's line only, not "line 1" of the
// one-line configuration the sweep builds.
func TestBaseErrorsNameTheBase(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("zero.yaml", "game: {builtin: duopoly}\ndynamics: {kind: stackelberg}\n\niterations: 0\n")
	write("typo.yaml", "game: {builtin: duopoly}\ndynamics: {kind: stackelberg}\nitrations: 5\n")
	base := func(file string) string { return filepath.Join(dir, file) }
	cases := []struct{ spec, want, not string }{
		{"name: s\nbase: zero.yaml\n",
			"sweep: base: " + base("zero.yaml") + ": config: line 4: iterations: 0 is not a valid count", "grid point"},
		{"name: s\nbase: zero.yaml\nseeds: [1, 2]\n",
			"sweep: base: " + base("zero.yaml") + ": config: line 4: iterations: 0 is not a valid count", "grid point"},
		{"name: s\nbase: typo.yaml\ngrid:\n  iterations: [3, 4]\n",
			"sweep: base: " + base("typo.yaml") + ": config: [3:1] unknown field \"itrations\"", "grid.iterations"},
		{"name: s\nbase: typo.yaml\n",
			"sweep: base: " + base("typo.yaml") + ": config: [3:1] unknown field \"itrations\"", "{\"dynamics\""},
		{"name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: stackelberg}\n  iterations: 0\n",
			"sweep: config: line 5: iterations: 0 is not a valid count", "grid point"},
		{"name: s\nbase: zero.yaml\ngrid:\n  iterations: [10, ten]\n",
			"sweep: grid.iterations = ten (line 4): config: iterations: \"ten\": need a number", "line 1"},
	}
	for _, c := range cases {
		s, err := ParseSpec([]byte(c.spec), dir)
		if err == nil {
			_, err = s.Expand()
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), c.not) {
			t.Errorf("spec\n%s\nerror %v\nwant it to start with %q, without %q", c.spec, err, c.want, c.not)
		}
	}
}
