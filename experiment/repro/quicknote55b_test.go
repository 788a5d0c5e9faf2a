package repro

import (
	"strings"
	"testing"
)

// TestRLQuickNoteSaysLambda55b: --quick runs STAC at λ = 0 (quickOnPolicy)
// where stac-mujoco's full runs, on continuous actions, take λ = 500, in
// batches of 500 steps and with 2 test episodes: the quick note says all
// three, which it left out; on CartPole (λ 0 either way) it names no λ.
func TestRLQuickNoteSaysLambda55b(t *testing.T) {
	t.Parallel()
	r, err := Lookup("stac-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	note := r.quickNote(Options{Quick: true})
	for _, want := range []string{
		"batches (epochs) of 500 steps instead of 4000",
		"2 test episodes instead of 10",
		"λ = 0 instead of 500 (STAC (m = 1), STAC (m = 80))",
	} {
		if !strings.Contains(note, want) {
			t.Errorf("stac-mujoco: quick note %q lacks %q", note, want)
		}
	}
	if note := r.quickNote(Options{Quick: true, Variants: []string{"ac-m1"}}); strings.Contains(note, "λ") {
		t.Errorf("stac-mujoco --variants ac-m1: quick note %q speaks of λ", note)
	}
	c, err := Lookup("stac-cartpole")
	if err != nil {
		t.Fatal(err)
	}
	if note := c.quickNote(Options{Quick: true}); strings.Contains(note, "λ") {
		t.Errorf("stac-cartpole: quick note %q speaks of λ (0 in both)", note)
	}
}
