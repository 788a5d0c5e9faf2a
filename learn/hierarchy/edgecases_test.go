package hierarchy

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestRunRejectsNonFiniteStart: a non-finite initial strategy is an error
// naming the player and the coordinate, before any step. Before, a NaN
// start ran, stopped at step 0 blaming the objective ("hierarchy: player 0
// (firm1) objective = NaN") and returned the NaN as its "last finite"
// profile; a +Inf start was silently clamped to the box's A.
func TestRunRejectsNonFiniteStart(t *testing.T) {
	g, _ := Oligopoly(50, 1, 3)
	e, err := NewEvaluator(g, Staggered(3))
	if err != nil {
		t.Fatal(err)
	}
	rates := []loop.Schedule{loop.Constant(0.05), loop.Constant(0.1), loop.Constant(0.3)}
	for _, c := range []struct {
		x0   [][]float64
		want string
	}{
		{[][]float64{{math.NaN()}, {1}, {2}}, "hierarchy: initial strategy of player 0 (firm1): x0[0] = NaN; want finite numbers"},
		{[][]float64{{1}, {2}, {math.Inf(1)}}, "hierarchy: initial strategy of player 2 (firm3): x0[0] = +Inf; want finite numbers"},
	} {
		res, err := Run(context.Background(), e, c.x0, Config{Rates: rates, Settings: loop.Settings{Iterations: 5}})
		if err == nil || err.Error() != c.want || res.X != nil || len(res.Trace) != 0 || res.Status != loop.Failed {
			t.Errorf("x0 = %v: %v (X %v, %d records, status %v); want %q, no profile, failed", c.x0, err, res.X, len(res.Trace), res.Status, c.want)
		}
	}
}

// TestRunObjectiveOverflowNamesStep: in the unbounded two-firm chain
// (a = 49) with rates 0.05 and 3 the directions are, by hand,
// D1 = a − 1.5q1 − q2 and D2 = a − q1 − 2q2, so q2 is multiplied by
// 1 − 6 = −5 each step and firm 2's profit q2(a − q1 − q2) overflows to
// −Inf while the strategies are still finite. The run stops at the record
// of that step with an error naming the step (the same step as this
// recursion in plain float64), the player and the objective, as
// diverged, keeping the records before it and the finite profile of that
// step. Before, the error did not name the step ("hierarchy: player 1
// (firm2) objective = -Inf").
func TestRunObjectiveOverflowNamesStep(t *testing.T) {
	g, _ := Oligopoly(50, 1, 2)
	for p := range g.Players {
		g.Players[p].Domain = game.Domain{}
	}
	e, err := NewEvaluator(g, Staggered(2))
	if err != nil {
		t.Fatal(err)
	}
	const a = 49.0
	q1, q2, step := 1.0, 2.0, 0
	for ; !math.IsInf(q2*(a-q1-q2), 0); step++ {
		q1, q2 = q1+0.05*(a-1.5*q1-q2), q2+3*(a-q1-2*q2)
	}
	res, err := Run(context.Background(), e, [][]float64{{1}, {2}}, Config{Rates: []loop.Schedule{loop.Constant(0.05), loop.Constant(3)}, Settings: loop.Settings{Iterations: 2000, RecordEvery: 1}})
	want := fmt.Sprintf("hierarchy step %d: hierarchy: player 1 (firm2) objective = -Inf", step)
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if res.Status != loop.Diverged || loop.QuantityOf(err) != "player 1 objective" || len(res.Trace) != step || res.Trace[step-1].K != step-1 {
		t.Errorf("status %v, quantity %q, %d records; want diverged, player 1 objective, records 0…%d", res.Status, loop.QuantityOf(err), len(res.Trace), step-1)
	}
	if res.X == nil || math.Abs(res.X[1][0]-q2) > 1e-9*math.Abs(q2) || math.Abs(res.X[0][0]-q1) > 1e-9*math.Abs(q1) || res.F != nil {
		t.Errorf("profile %v, F %v; want the finite step-%d profile (%g, %g) and no objectives", res.X, res.F, step, q1, q2)
	}
}

// TestStructureSizes: a structure built for n < 1 is an error of
// NewEvaluator naming what is wrong. Before, Staggered(−1) and
// LeaderFollowers(−1) panicked ("makeslice: len out of range") and
// Staggered(0) was reported as "player 0 (firm1) is in no level".
func TestStructureSizes(t *testing.T) {
	g, _ := Oligopoly(50, 1, 3)
	noLevels := "hierarchy: the structure has no levels (Staggered(n) and LeaderFollowers(n) need n ≥ 1)"
	for _, c := range []struct {
		name string
		s    func() Structure
		want string
	}{
		{"Staggered(-1)", func() Structure { return Staggered(-1) }, noLevels},
		{"Staggered(0)", func() Structure { return Staggered(0) }, noLevels},
		{"LeaderFollowers(-1)", func() Structure { return LeaderFollowers(-1) }, "hierarchy: level 1 is empty"},
		{"LeaderFollowers(0)", func() Structure { return LeaderFollowers(0) }, "hierarchy: level 1 is empty"},
	} {
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			_, err = NewEvaluator(g, c.s())
		}()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// TestOligopolyCostRange: the closed forms are the game's outcomes only
// for −A ≤ c ≤ A (inside the box [0, A]). Before, Oligopoly(10, 20, 3)
// was accepted and its leader–followers run ended at (0, 0, 0) while
// OligopolyLeaderFollowers said (−5, −5/3); Oligopoly(10, −30, 3) ended
// at (10, 10, 10) against (20, 20/3). Now such a game is an error and the
// closed forms are NaN there; at the boundary c = −A (a = 20) the run
// reaches the closed form (A, a/6, a/6) = (10, 10/3, 10/3) to 1e-6.
// OligopolyStaggered(n = −1) panicked ("makeslice: len out of range").
func TestOligopolyCostRange(t *testing.T) {
	for _, c := range []struct {
		A, c float64
		want string
	}{
		{10, 20, "oligopoly: c = 20 outside [−A, A] = [-10, 10]: the Stackelberg quantities (A − c)/2, (A − c)/(2(n + 1)), (A − c)/2^i would leave each firm's box [0, A]"},
		{10, -30, "oligopoly: c = -30 outside [−A, A] = [-10, 10]: the Stackelberg quantities (A − c)/2, (A − c)/(2(n + 1)), (A − c)/2^i would leave each firm's box [0, A]"},
	} {
		if _, err := Oligopoly(c.A, c.c, 3); err == nil || err.Error() != c.want {
			t.Errorf("A = %g, c = %g: %v, want %q", c.A, c.c, err, c.want)
		}
		l, f := OligopolyLeaderFollowers(c.A, c.c, 2)
		q := OligopolyStaggered(c.A, c.c, 3)
		if !math.IsNaN(l) || !math.IsNaN(f) || len(q) != 3 || !math.IsNaN(q[0]) || !math.IsNaN(q[2]) {
			t.Errorf("A = %g, c = %g: closed forms %v %v %v, want NaN", c.A, c.c, l, f, q)
		}
	}
	if l, f := OligopolyLeaderFollowers(10, 1, 0); !math.IsNaN(l) || !math.IsNaN(f) {
		t.Errorf("0 followers: %v %v, want NaN", l, f)
	}
	if q := OligopolyStaggered(10, 1, -1); q != nil {
		t.Errorf("OligopolyStaggered(n = -1) = %v, want nil", q)
	}
	g, err := Oligopoly(10, -10, 3)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEvaluator(g, LeaderFollowers(2))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), e, [][]float64{{5}, {5}, {5}}, Config{Rates: []loop.Schedule{loop.Constant(0.05), loop.Constant(0.2)}, Settings: loop.Settings{Iterations: 3000}})
	if err != nil {
		t.Fatal(err)
	}
	l, f := OligopolyLeaderFollowers(10, -10, 2)
	if l != 10 || math.Abs(f-10.0/3) > 1e-15 {
		t.Errorf("closed form (%v, %v), want (10, 10/3)", l, f)
	}
	for p, w := range []float64{l, f, f} {
		if math.Abs(res.X[p][0]-w) > 1e-6 {
			t.Errorf("c = −A: firm %d ends at %v, want %v", p+1, res.X[p][0], w)
		}
	}
}

// TestOligopolyClosedFormsOtherSizes: with A = 30, c = 6 (a = 24), one
// leader against N = 4 Nash followers converges to (a/2, a/10 × 4) =
// (12, 2.4, 2.4, 2.4, 2.4) and the chain of four firms to (a/2, a/4, a/8,
// a/16) = (12, 6, 3, 1.5), the closed forms derived in the package doc
// (q_0 = a/2 from maximising q_0(a − q_0)/(N + 1); in the chain each firm
// produces half of what the earlier firms leave), to 1e-6.
func TestOligopolyClosedFormsOtherSizes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		firms int
		s     Structure
		rates []loop.Schedule
		want  []float64
	}{
		{"leader+4 Nash followers", 5, LeaderFollowers(4), []loop.Schedule{loop.Constant(0.02), loop.Constant(0.15)}, []float64{12, 2.4, 2.4, 2.4, 2.4}},
		{"staggered chain of 4", 4, Staggered(4), []loop.Schedule{loop.Constant(0.02), loop.Constant(0.05), loop.Constant(0.1), loop.Constant(0.3)}, []float64{12, 6, 3, 1.5}},
	} {
		g, err := Oligopoly(30, 6, tc.firms)
		if err != nil {
			t.Fatal(err)
		}
		e, err := NewEvaluator(g, tc.s)
		if err != nil {
			t.Fatal(err)
		}
		x0 := make([][]float64, tc.firms)
		for p := range x0 {
			x0[p] = []float64{20 - 3*float64(p)}
		}
		res, err := Run(context.Background(), e, x0, Config{Rates: tc.rates, Settings: loop.Settings{Iterations: 8000}})
		if err != nil {
			t.Fatal(err)
		}
		for p, w := range tc.want {
			if math.Abs(res.X[p][0]-w) > 1e-6 {
				t.Errorf("%s: firm %d ends at %v, want %v", tc.name, p+1, res.X[p][0], w)
			}
		}
	}
	l, f := OligopolyLeaderFollowers(30, 6, 4)
	if q := OligopolyStaggered(30, 6, 4); l != 12 || f != 2.4 || q[0] != 12 || q[1] != 6 || q[2] != 3 || q[3] != 1.5 {
		t.Errorf("closed forms %v %v %v; want 12, 2.4 and [12 6 3 1.5]", l, f, q)
	}
}

// TestDirectionsNonFiniteStrategy: a NaN or infinite strategy handed to
// Directions is an error naming the player and the coordinate (diverged,
// quantity "player p strategy"). Before, the error blamed another
// player's direction, "hierarchy: player 0 (firm1) direction[0] = NaN"
// (and, in a game whose Jacobians depend on the strategies, a level's
// "singular or non-finite" Jacobian).
func TestDirectionsNonFiniteStrategy(t *testing.T) {
	g, _ := Oligopoly(50, 1, 3)
	e, err := NewEvaluator(g, Staggered(3))
	if err != nil {
		t.Fatal(err)
	}
	d := [][]float64{{0}, {0}, {0}}
	err = e.Directions(d, [][]float64{{1}, {math.NaN()}, {2}})
	if want := "hierarchy: player 1 (firm2) strategy[0] = NaN"; err == nil || err.Error() != want || loop.QuantityOf(err) != "player 1 strategy" {
		t.Errorf("NaN strategy: %v (quantity %q), want %q naming player 1 strategy", err, loop.QuantityOf(err), want)
	}
}
