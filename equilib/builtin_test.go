package equilib

import (
	"testing"

	"github.com/stackel/stackel/game"
)

// TestBuiltinTorus repeats the torus acceptance on package game's built-in
// "torus" (default parameters α = (1, 1.3), φ = (π/8, π/8)): two DNE, two
// DSE, four other critical points, with the same coordinates to 1e-9 as
// the test game of this package.
func TestBuiltinTorus(t *testing.T) {
	g, err := game.Builtin("torus", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Search(g, SearchOptions{Starts: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Search(paperTorus, SearchOptions{Starts: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 8 || len(got) != len(want) {
		t.Fatalf("built-in torus: %d points, own test game %d; want 8", len(got), len(want))
	}
	for i := range got {
		if !near(got[i].X[0], want[i].X[0], 1e-9) || !near(got[i].Y[0], want[i].Y[0], 1e-9) ||
			got[i].DNE != want[i].DNE || got[i].DSE != want[i].DSE {
			t.Errorf("point %d: built-in %+v, test game %+v", i, got[i], want[i])
		}
	}
}
