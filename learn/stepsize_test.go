package learn

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// brokenAt is the constant 0.05, but v at the one iteration n (a Go
// schedule that passes loop.Validate, which looks at iterations 1, 2, 10
// and 1000 only).
type brokenAt struct {
	n int
	v float64
}

func (s brokenAt) At(k int) float64 {
	if k == s.n {
		return s.v
	}
	return 0.05
}

// TestStepSizeBreaksMidRun: every smooth dynamic checks its step sizes
// where it uses them. A leader step size that is +Inf at iteration 5 (on
// the Cournot game's box it used to be applied, the strategy clipped to
// the box's edge and the run go on) or a follower step size that is
// negative at iteration 5 (the follower would ascend its cost) stops the
// run with an error naming the schedule and the iteration, at the point
// of a 4-iteration run (exactly); so does a LOLA look-ahead of +Inf.
func TestStepSizeBreaksMidRun(t *testing.T) {
	g, err := game.Builtin("cournot", nil)
	if err != nil {
		t.Fatal(err)
	}
	ok := loop.Constant(0.05)
	build := map[string]func(l, f loop.Schedule) (Dynamics, error){
		"sga":           func(l, f loop.Schedule) (Dynamics, error) { return NewSGA(g, Rates{Leader: l, Follower: f}) },
		"extragradient": func(l, f loop.Schedule) (Dynamics, error) { return NewExtragradient(g, Rates{Leader: l, Follower: f}) },
		"consensus":     func(l, f loop.Schedule) (Dynamics, error) { return NewConsensus(g, Rates{Leader: l, Follower: f}, 0.1) },
		"lola": func(l, f loop.Schedule) (Dynamics, error) {
			return NewLOLA(g, LOLAConfig{Rates: Rates{Leader: l, Follower: f}})
		},
		"stackelberg": func(l, f loop.Schedule) (Dynamics, error) {
			return NewStackelberg(g, StackelbergConfig{LeaderLR: l, FollowerLR: f})
		},
		"lola-lookahead": func(l, f loop.Schedule) (Dynamics, error) {
			return NewLOLA(g, LOLAConfig{Rates: Rates{Leader: ok, Follower: ok}, LookAhead: brokenAt{5, math.Inf(1)}})
		},
	}
	run := func(d Dynamics, iters int) (Result, error) {
		return Run(context.Background(), g, d, []float64{10}, []float64{30}, Settings{Settings: loop.Settings{Iterations: iters}}, nil)
	}
	for name, b := range build {
		for _, c := range []struct {
			leader, follower loop.Schedule
			want             string
		}{
			{brokenAt{5, math.Inf(1)}, ok, "iteration 5: leader step size: value +Inf at iteration 5 is not a finite non-negative number"},
			{ok, brokenAt{5, -0.05}, "iteration 5: follower step size: value -0.05 at iteration 5 is not a finite non-negative number"},
		} {
			if name == "lola-lookahead" {
				c.want = "iteration 5: lookahead: value +Inf at iteration 5 is not a finite non-negative number"
			}
			good, err := b(ok, ok)
			if err != nil {
				t.Fatal(err)
			}
			four, err := run(good, 4)
			if err != nil {
				t.Fatal(err)
			}
			d, err := b(c.leader, c.follower)
			if err != nil {
				t.Fatal(err)
			}
			res, err := run(d, 100)
			if err == nil || err.Error() != c.want || res.Iterations != 4 || res.X[0] != four.X[0] || res.Y[0] != four.Y[0] {
				t.Errorf("%s: %v after %d iterations at (%v, %v); want %q after 4 at (%v, %v)", name, err, res.Iterations, res.X[0], res.Y[0], c.want, four.X[0], four.Y[0])
			}
		}
	}
}
