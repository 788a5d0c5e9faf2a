package sweep

import (
	"strings"
	"testing"
)

// TestGridNestedExponentTextStaysText: within a grid value that is a map
// (grid: {game: [{f1: 1e3, …}, …]}), an unquoted 1e3 in a text field (a
// formula f1 = 1e3, a constant) is the text 1e3, as `stackel run` reads
// it and as sweeps read it before session 42. Session 42's reading of
// exponent numbers inside grid values made it the number 1000, which the
// configuration then took as the text "1000": the job's config.yaml said
// f1: "1000" and its ID changed (65a05f30587cfe24, the ID the sweep gave
// before, became 65e0fffff716c4db), so a sweep run again redid its
// finished jobs. An exclude entry spelling it alike still matches, and a
// number field's 1e-3 within a map is still the number 0.001.
func TestGridNestedExponentTextStaysText(t *testing.T) {
	const spec = "name: d\nconfig:\n  dynamics: {kind: stackelberg, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\n  iterations: 100\n" +
		"grid:\n  game: [{f1: 1e3, f2: \"x*y\", dims: [1, 1], sense: cost}, {f1: \"x*y\", f2: \"x*y\", dims: [1, 1], sense: cost}]\n"
	expand := func(spec string) ([]Job, error) {
		s, err := ParseSpec([]byte(spec), t.TempDir())
		if err != nil {
			return nil, err
		}
		return s.Expand()
	}
	jobs, err := expand(spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2 {
		t.Fatalf("%d jobs, want 2", len(jobs))
	}
	// The ID of fdd40bf (before session 42's change) for this spec.
	if jobs[0].ID != "65a05f30587cfe24" || !strings.Contains(jobs[0].Config, "f1: 1e3\n") {
		t.Errorf("job 0: id %s, want 65a05f30587cfe24; config:\n%s", jobs[0].ID, jobs[0].Config)
	}
	ex, err := expand(spec + "exclude:\n  - {game: {f1: 1e3, f2: \"x*y\", dims: [1, 1], sense: cost}}\n")
	if err != nil {
		t.Fatalf("exclude: %v", err)
	}
	if len(ex) != 1 || ex[0].ID != jobs[1].ID {
		t.Errorf("exclude of f1: 1e3: %d jobs, want job 1 alone", len(ex))
	}
	// A number field within a map value is still read as a number.
	num, err := expand("name: d\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: stackelberg, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\n  iterations: 100\n" +
		"grid:\n  dynamics.leader_lr: [{constant: 1e-3}, {constant: 0.01}]\n")
	if err != nil {
		t.Fatalf("{constant: 1e-3}: %v", err)
	}
	if !strings.Contains(num[0].Config, "constant: 0.001\n") {
		t.Errorf("{constant: 1e-3}:\n%s", num[0].Config)
	}
}
