package sweep

import (
	"strings"
	"testing"
)

// TestGridNestedExponentNumbers: a grid value that is a map or a list
// (dynamics.leader_lr: [{constant: 1e-3}, …], init.x: [[1e1], …]) may
// spell its numbers in exponent form as a scalar grid value may. They
// were left as the text the YAML decoder makes of 1e-3, and the grid
// value refused with `dynamics.leader_lr.constant: "1e-3" is quoted text
// where a number is expected` (nothing was quoted); an exclude entry
// {dynamics.leader_lr: {constant: 1e-3}} matched no point of the grid
// value {constant: 0.001} although values are compared as numbers. Now
// each makes the jobs of the grid spelt 0.001 and 10, IDs and all; a
// quoted "1e-3" within a value is still text, refused where a config
// takes a number.
func TestGridNestedExponentNumbers(t *testing.T) {
	const base = "name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: stackelberg, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\n  iterations: 100\n"
	expand := func(spec string) ([]Job, error) {
		s, err := ParseSpec([]byte(spec), t.TempDir())
		if err != nil {
			return nil, err
		}
		return s.Expand()
	}
	for _, c := range []struct{ plain, exp string }{
		{"grid:\n  dynamics.leader_lr: [{constant: 0.001}, {constant: 0.01}]\n", "grid:\n  dynamics.leader_lr: [{constant: 1e-3}, {constant: 0.01}]\n"},
		{"grid:\n  init.x: [[10], [20]]\n", "grid:\n  init.x: [[1e1], [20]]\n"},
		{"grid:\n  dynamics.leader_lr: [{constant: 0.001}, {constant: 0.01}, {constant: 0.1}]\nexclude:\n  - {dynamics.leader_lr: {constant: 0.001}}\n",
			"grid:\n  dynamics.leader_lr: [{constant: 0.001}, {constant: 0.01}, {constant: 0.1}]\nexclude:\n  - {dynamics.leader_lr: {constant: 1e-3}}\n"},
	} {
		want, err := expand(base + c.plain)
		if err != nil {
			t.Fatalf("%s: %v", c.plain, err)
		}
		got, err := expand(base + c.exp)
		if err != nil {
			t.Errorf("%s: %v", c.exp, err)
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d jobs, want %d", c.exp, len(got), len(want))
			continue
		}
		for i := range got {
			if got[i].ID != want[i].ID || got[i].Label() != want[i].Label() {
				t.Errorf("%s: job %d %s (%s), want %s (%s)", c.exp, i, got[i].ID, got[i].Label(), want[i].ID, want[i].Label())
			}
		}
	}
	_, err := expand(base + "grid:\n  dynamics.leader_lr: [{constant: \"1e-3\"}, {constant: 0.01}]\n")
	if err == nil || !strings.Contains(err.Error(), `"1e-3" is quoted text where a number is expected`) {
		t.Errorf("quoted \"1e-3\" in a grid value: %v", err)
	}
}
