package sweep

import (
	"strings"
	"testing"
)

// An exclude entry with several keys that are not grid keys fails naming
// the first in key order on every parse (it used to range over the entry's
// map, so the message changed from run to run).
func TestExcludeUnknownKeyErrorIsStable(t *testing.T) {
	spec := "name: s\nconfig: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}\n" +
		"grid: {dynamics.leader_lr.constant: [0.1, 0.2]}\nseeds: {count: 2}\n" +
		"exclude: [{dynamics.leader_lr.constant: 0.2, iterations: 5, b: 1, a: 2, d: 3}]\n"
	for i := 0; i < 100; i++ {
		_, err := ParseSpec([]byte(spec), t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "a is not a grid key") {
			t.Fatalf("parse %d: error %v, want one naming a", i+1, err)
		}
	}
}
