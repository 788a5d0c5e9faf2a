package learn

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestUnrolledSolverRefusesCGKeys: iters and tol are the CG solver's
// keys; the exact solver refused them, but `solver: {kind: unrolled,
// steps: 3, lr: 0.1, iters: 50}` was accepted and the 50 ignored without
// a word (the unrolled solver's length is `steps`). Both are now refused
// naming the unrolled solver, from the Go API and from the parameters.
func TestUnrolledSolverRefusesCGKeys(t *testing.T) {
	const want = "solver: iters and tol are keys of the cg solver, not of the unrolled one (give kind: cg to use them)"
	for _, s := range []Solver{
		{Kind: SolverUnrolled, Steps: 3, LR: 0.1, Iters: 50},
		{Kind: SolverUnrolled, Steps: 3, LR: 0.1, Tol: 1e-3},
	} {
		if err := (&StackelbergParams{Solver: &s}).Validate(); err == nil || err.Error() != want {
			t.Errorf("%+v: Validate error %v, want %q", s, err, want)
		}
		if _, err := NewStackelberg(paperDuopoly, StackelbergConfig{LeaderLR: loop.Constant(0.1), FollowerLR: loop.Constant(0.1), Solver: s}); err == nil || err.Error() != want {
			t.Errorf("%+v: NewStackelberg error %v, want %q", s, err, want)
		}
	}
	// The exact solver's message is unchanged, and CG takes both keys.
	if err := (Solver{Iters: 5}).validate(); err == nil || err.Error() != "solver: iters and tol are keys of the cg solver, not of the exact one (give kind: cg to use them)" {
		t.Errorf("exact: error %v", err)
	}
	if err := (Solver{Kind: SolverCG, Iters: 5, Tol: 1e-3}).validate(); err != nil {
		t.Errorf("cg: %v", err)
	}
}

// TestStepRefusesWrongLengths: Step is exported and called outside Run
// (experiment/repro calls it directly); with strategies of the wrong
// length every dynamic panicked inside ad ("ad: Set with 2 values on a
// 1x1 leaf"). Each now returns an error naming the lengths and the
// game's dimensions (in the game's order, also when the y player leads)
// and leaves x and y as they were.
func TestStepRefusesWrongLengths(t *testing.T) {
	g := fd42Game(t) // dims (3, 2)
	r := Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.1)}
	sga, err := NewSGA(g, r)
	if err != nil {
		t.Fatal(err)
	}
	lola, err := NewLOLA(g, LOLAConfig{Rates: r})
	if err != nil {
		t.Fatal(err)
	}
	eg, err := NewExtragradient(g, r)
	if err != nil {
		t.Fatal(err)
	}
	cons, err := NewConsensus(g, r, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	ds := map[string]Dynamics{"sga": sga, "lola": lola, "extragradient": eg, "consensus": cons}
	for _, lead := range []bool{false, true} {
		for _, m := range []int{1, 3} {
			st := mustStackelberg(t, g, StackelbergConfig{LeaderLR: loop.Constant(0.1), FollowerLR: loop.Constant(0.1), FollowerLeads: lead, Unroll: m})
			ds[fmt.Sprintf("stackelberg leader y %v unroll %d", lead, m)] = st
		}
	}
	for name, d := range ds {
		for _, c := range []struct {
			x, y []float64
			want string
		}{
			{[]float64{1, 2}, []float64{1, 2}, "step: x has 2 and y 2 coordinates; the game has dimensions (3, 2)"},
			{[]float64{1, 2, 3}, []float64{1, 2, 3}, "step: x has 3 and y 3 coordinates; the game has dimensions (3, 2)"},
			{[]float64{1, 2}, []float64{1, 2, 3}, "step: x has 2 and y 3 coordinates; the game has dimensions (3, 2)"},
		} {
			x0, y0 := append([]float64(nil), c.x...), append([]float64(nil), c.y...)
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						err = fmt.Errorf("panic: %v", p)
					}
				}()
				_, err = d.Step(context.Background(), 1, c.x, c.y, nil)
			}()
			if err == nil || err.Error() != c.want {
				t.Errorf("%s: Step(x %v, y %v): error %v, want %q", name, x0, y0, err, c.want)
			}
			if !slices.Equal(c.x, x0) || !slices.Equal(c.y, y0) {
				t.Errorf("%s: Step moved (x, y) from (%v, %v) to (%v, %v)", name, x0, y0, c.x, c.y)
			}
		}
		// The right lengths still step.
		if _, err := d.Step(context.Background(), 1, []float64{0.1, 0.2, 0.3}, []float64{0.1, -0.2}, nil); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
