package learn

import (
	"context"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestRunRefusedStatus: a run refused before its first step (bad
// settings, start or dynamics) reports why it stopped, as the Result.Status
// documentation says, and as uncoupled.RunHiC and Negotiate do. Before,
// Run returned the zero Result, whose Status is loop.Running ("the run has
// not stopped"), beside the error.
func TestRunRefusedStatus(t *testing.T) {
	sga, err := NewSGA(paperDuopoly, Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		d      Dynamics
		x0, y0 []float64
		s      loop.Settings
		err    string
	}{
		{"negative iterations", sga, []float64{20}, []float64{30}, loop.Settings{Iterations: -1}, "settings.iterations: -1 is negative"},
		{"start of the wrong length", sga, []float64{20, 1}, []float64{30}, loop.Settings{}, `start: x0 has 2 and y0 1 coordinates; game "duopoly" has dimensions (1, 1)`},
		{"nil dynamics", nil, []float64{20}, []float64{30}, loop.Settings{}, "learn.Run: nil dynamics"},
	} {
		res, err := Run(ctx, paperDuopoly, c.d, c.x0, c.y0, Settings{Settings: c.s}, nil)
		if err == nil || err.Error() != c.err {
			t.Errorf("%s: error %v, want %q", c.name, err, c.err)
		}
		if res.Status != loop.Failed || res.Iterations != 0 {
			t.Errorf("%s: status %v after %d iterations, want failed after 0", c.name, res.Status, res.Iterations)
		}
	}
}
