package markov

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const specYAML = `gamma: 0.9
lambda: 0.2          # entropy weight of the follower (Eq. 3)
states: 2
actions: [2, 2]      # leader, follower
rho: [0.5, 0.5]
P:
  - [[[0.9, 0.1], [0.2, 0.8]], [[0.5, 0.5], [0.3, 0.7]]]
  - [[[0.6, 0.4], [0.1, 0.9]], [[1.0, 0.0], [0.25, 0.75]]]
R1: [[[1, 0], [0, 1]], [[0.5, 0.2], [0.1, 0.3]]]
R2: [[[0, 1], [1, 0]], [[0.2, 0.5], [0.3, 0.1]]]
`

func TestParseGameYAMLAndJSON(t *testing.T) {
	g, err := ParseGame([]byte(specYAML))
	if err != nil {
		t.Fatal(err)
	}
	if g.Gamma != 0.9 || g.Lambda != 0.2 || g.States != 2 || g.P[1][1][0][0] != 1 || g.R2[1][0][1] != 0.5 {
		t.Fatalf("decoded %+v", g)
	}
	// The JSON form of the same game, and Spec() round trips.
	js := `{"gamma": 0.9, "lambda": 0.2, "states": 2, "actions": [2, 2], "rho": [0.5, 0.5],
	 "P": [[[[0.9, 0.1], [0.2, 0.8]], [[0.5, 0.5], [0.3, 0.7]]], [[[0.6, 0.4], [0.1, 0.9]], [[1.0, 0.0], [0.25, 0.75]]]],
	 "R1": [[[1, 0], [0, 1]], [[0.5, 0.2], [0.1, 0.3]]], "R2": [[[0, 1], [1, 0]], [[0.2, 0.5], [0.3, 0.1]]]}`
	gj, err := ParseGame([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	spec, err := g.Spec()
	if err != nil {
		t.Fatal(err)
	}
	gs, err := ParseGame(spec)
	if err != nil {
		t.Fatalf("%v\n%s", err, spec)
	}
	e, _ := NewEvaluator(g)
	th1, th2 := []float64{0.1, -0.2, 0.3, 0}, []float64{0.5, 0, -0.5, 0.2}
	want := e.Eval(th1, th2, OrderValues).V1
	for name, other := range map[string]*Game{"json": gj, "spec": gs} {
		o, _ := NewEvaluator(other)
		if got := o.Eval(th1, th2, OrderValues).V1; got != want {
			t.Errorf("%s: V1 %v, want %v", name, got, want)
		}
	}
	// LoadGame from a file.
	path := filepath.Join(t.TempDir(), "g.yaml")
	os.WriteFile(path, []byte(specYAML), 0o644)
	if _, err := LoadGame(path); err != nil {
		t.Error(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	if _, err := LoadGame(missing); err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: error %v, want a not-exist error naming %s", err, missing)
	}
}

// TestParseGameErrors: every malformed spec is an error naming the field
// (and index or line).
func TestParseGameErrors(t *testing.T) {
	for _, c := range []struct {
		name, edit, want string
	}{
		{"unknown key", "gamma: 0.9\n", "gamma: 0.9\ndelta: 1\n|[2:1] unknown field \"delta\""},
		{"missing key", "lambda: 0.2          # entropy weight of the follower (Eq. 3)\n", "|missing required key(s) [lambda]"},
		{"gamma range", "gamma: 0.9", "gamma: 1|gamma = 1"},
		{"negative gamma", "gamma: 0.9", "gamma: -0.1|gamma = -0.1"},
		{"lambda", "lambda: 0.2", "lambda: -1|lambda = -1"},
		{"states", "states: 2", "states: 3|rho has 2 entries"},
		{"actions arity", "actions: [2, 2]", "actions: [2]|actions has 1 entries"},
		{"actions value", "actions: [2, 2]", "actions: [0, 2]|actions[0] = 0"},
		{"rho sum", "rho: [0.5, 0.5]", "rho: [0.5, 0.6]|rho sums to 1.1"},
		{"rho negative", "rho: [0.5, 0.5]", "rho: [1.5, -0.5]|rho[1] = -0.5"},
		{"P row sum", "[0.2, 0.8]], [[0.5", "[0.2, 0.7]], [[0.5|P[0][0][1] sums to 0.9"},
		{"P shape", "[[1.0, 0.0], [0.25, 0.75]]", "[[1.0, 0.0]]|P[1][1] has 1 rows"},
		{"R shape", "R1: [[[1, 0], [0, 1]]", "R1: [[[1], [0, 1]]|R1[0][0] has 1 entries"},
		{"R finite", "R2: [[[0, 1]", "R2: [[[.nan, 1]|R2[0][0][0] = NaN"},
		{"type", "states: 2", "states: two|states: two is not an integer"},
	} {
		parts := strings.SplitN(c.want, "|", 2)
		src := strings.Replace(specYAML, c.edit, parts[0], 1)
		if src == specYAML && parts[0] != c.edit {
			t.Fatalf("%s: edit %q not applied", c.name, c.edit)
		}
		_, err := ParseGame([]byte(src))
		if err == nil || !strings.Contains(err.Error(), parts[1]) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, parts[1])
		}
	}
	if _, err := ParseGame([]byte("  \n")); err == nil || err.Error() != "markov: game spec is empty" {
		t.Errorf("empty spec: error %v, want %q", err, "markov: game spec is empty")
	}
}
