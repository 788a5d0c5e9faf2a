package game

import (
	"math"
	"strings"
	"testing"
)

// evalCall is one call of an Evaluator: a value (grad false) or an own
// gradient of player i (0 the leader, 1 the follower) at (x, y).
type evalCall struct {
	i    int
	grad bool
	x, y []float64
}

// do makes the call on e and returns its numbers.
func (c evalCall) do(e Evaluator) []float64 {
	switch {
	case c.i == 0 && !c.grad:
		return []float64{e.Value1(c.x, c.y)}
	case c.i == 1 && !c.grad:
		return []float64{e.Value2(c.x, c.y)}
	case c.i == 0:
		dst := make([]float64, len(c.x))
		e.Grad1(dst, c.x, c.y)
		return dst
	}
	dst := make([]float64, len(c.y))
	e.Grad2(dst, c.x, c.y)
	return dst
}

// negotiationCalls is the sequence of calls of role negotiation on a
// 1-d game: at each stage both values and then the follower's gradient
// at the played profile, the roles swapping after half the stages, the
// leader's value again at every 5th stage (the end of a Hi-C
// interval), the follower's strategy moving every stage and, among the
// points, (−0, +0), (+0, +0), (+0, −0) at stages 3 to 5 and NaN.
func negotiationCalls(stages int) []evalCall {
	rng := newRand(46)
	var calls []evalCall
	x, y := []float64{0.3}, []float64{-0.7}
	for t := range stages {
		follower := 1
		if t >= stages/2 {
			follower = 0
		}
		switch t {
		case 3:
			x, y = []float64{math.Copysign(0, -1)}, []float64{0}
		case 4:
			x, y = []float64{0}, []float64{0}
		case 5:
			x, y = []float64{0}, []float64{math.Copysign(0, -1)}
		case 7:
			y = []float64{math.NaN()}
		}
		calls = append(calls, evalCall{0, false, x, y}, evalCall{1, false, x, y}, evalCall{follower, true, x, y})
		if t%5 == 4 {
			calls = append(calls, evalCall{1 - follower, false, x, y})
		}
		x, y = append([]float64(nil), x...), append([]float64(nil), y...)
		if follower == 1 {
			y[0] = rng.Float64()*2 - 1
		} else {
			x[0] = rng.Float64()*2 - 1
		}
	}
	return calls
}

// TestCompiledEvaluatorReusesRuns: on the calls of role negotiation a
// compiled evaluator runs three programs a stage and none for the
// leader's value at the end of a Hi-C interval (the one of its stage,
// computed for the average); and every number is the one a fresh evaluator gives for
// that call alone, bit for bit — at −0 and +0 (f1 = 1/x is −Inf and
// +Inf there), at NaN, and for the nonlinear functions of a formula.
func TestCompiledEvaluatorReusesRuns(t *testing.T) {
	for _, fs := range [][2]string{
		{"-(x[0]-1)*(x[0]-1) - (y[0]-1)*(y[0]-1) - (x[0]-y[0])*(x[0]-y[0])", "-y[0]*y[0]/2 + x[0]*y[0]/2 + y[0] + x[0]"},
		{"1/x[0] + sin(x[0]*y[0])", "exp(y[0])*tanh(x[0]) - pow(y[0], 3) + 1/y[0]"},
	} {
		g, err := NewFormula(FormulaSpec{Name: "reuse", Sense: Payoff, Dims: [2]int{1, 1}, F1: fs[0], F2: fs[1]})
		if err != nil {
			t.Fatal(err)
		}
		e := NewEvaluator(g).(*compiled)
		const stages = 20
		calls := negotiationCalls(stages)
		for k, c := range calls {
			got, want := c.do(e), c.do(NewEvaluator(g))
			for j := range got {
				if math.Float64bits(got[j]) != math.Float64bits(want[j]) {
					t.Errorf("%s: call %d (player %d, gradient %v at x = %v, y = %v): %v, want %v bit for bit", fs[0], k, c.i, c.grad, c.x, c.y, got, want)
				}
			}
		}
		if want := 3 * stages; e.runs != want {
			t.Errorf("%s: %d program runs for %d stages of negotiation calls, want %d", fs[0], e.runs, stages, want)
		}
	}
}

// TestCompiledEvaluatorLengthPanics: a strategy of the wrong length
// panics with a message naming both lengths, also when its first values
// are those of the last run (a shorter x is not served from it).
func TestCompiledEvaluatorLengthPanics(t *testing.T) {
	g, err := NewFormula(FormulaSpec{Dims: [2]int{2, 1}, F1: "x[0] + x[1]*y[0]", F2: "y[0]*x[0]"})
	if err != nil {
		t.Fatal(err)
	}
	e := NewEvaluator(g)
	e.Value1([]float64{1, 2}, []float64{3})
	defer func() {
		msg, _ := recover().(string)
		if want := "game: evaluator called with 1 and 1 values for strategies of 2 and 1"; !strings.Contains(msg, want) {
			t.Errorf("panic %q, want %q", msg, want)
		}
	}()
	v := e.Value1([]float64{1}, []float64{3})
	t.Errorf("Value1 with a 1-value x returned %v, want a panic", v)
}
