package markov

import (
	"context"
	"testing"

	"github.com/stackel/stackel/loop"
)

// A nil context is refused with an error, as learn.Run, uncoupled.Play and
// hierarchy.Run refuse it; Run dereferenced it at its first update
// (ctx.Err) and panicked, and so did Compare.
func TestRunNilContext(t *testing.T) {
	g, err := Builtin("patrol", nil)
	if err != nil {
		t.Fatal(err)
	}
	const want = "markov: nil context (use context.Background())"
	//lint:ignore SA1012 a nil context is the input under test
	if _, err := Run(nil, g, Config{}, nil); err == nil || err.Error() != want { //nolint:staticcheck
		t.Errorf("Run(nil ctx): err = %v, want %q", err, want)
	}
	//lint:ignore SA1012 a nil context is the input under test
	if _, err := Compare(nil, g, Config{}, nil, nil); err == nil || err.Error() != StackelbergPG+": "+want { //nolint:staticcheck
		t.Errorf("Compare(nil ctx): err = %v, want %q", err, StackelbergPG+": "+want)
	}
}

// A run refused before its first update says so in its Status (Failed),
// as learn.Run's and uncoupled.Play's refused runs do; it was the zero
// value loop.Running ("running"), for a run that never started.
func TestRunRefusedStatus(t *testing.T) {
	g, err := Builtin("patrol", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		g    *Game
		cfg  Config
		want string
	}{
		{"nil game", nil, Config{}, "markov: nil game"},
		{"leader_lr", g, Config{LeaderLR: loop.Constant(-1)}, "markov: config: leader_lr: value -1 at iteration 1 is not a finite positive number"},
		{"dynamics", g, Config{Dynamics: "x"}, `markov: config: dynamics "x": want "stackelberg-pg" or "simultaneous-pg"`},
	} {
		res, err := Run(context.Background(), c.g, c.cfg, nil)
		if err == nil || err.Error() != c.want || res.Status != loop.Failed || res.Iterations != 0 || res.History != nil {
			t.Errorf("%s: status %v, %d iterations, %d records, err %v; want failed, 0, 0, %q", c.name, res.Status, res.Iterations, len(res.History), err, c.want)
		}
	}
}
