package markov

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// stepAt is a step-size schedule that gives 1 at every iteration except
// bad, where it gives badValue (a schedule passes ValidatePositive,
// which looks at iterations 1, 2, 10 and 1000 only).
type stepAt struct {
	bad      int
	badValue float64
}

func (s stepAt) At(k int) float64 {
	if k == s.bad {
		return s.badValue
	}
	return 1
}

// TestFollowerAscentRefusesBadStep checks that the follower's ascent of
// Eq. 15 takes only finite positive steps β_k (Assumption 1: β_k > 0):
// a step that is NaN, +Inf or negative at iteration k stops it with a
// *ScheduleError naming the follower step and k, and the θ2 returned is
// the last one reached with good steps (that of k−1 iterations), finite.
// Before, a non-finite step at the last iteration returned a non-finite
// θ2 with no error, one earlier was reported one iteration late as a
// non-finite ∇θ2V2λ, and a negative step descended silently.
func TestFollowerAscentRefusesBadStep(t *testing.T) {
	g, err := RandomGame(3, 2, 3, 4, 0.9, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	n, m1, m2 := g.Dims()
	th1 := make([]float64, n*m1)
	th1[0] = 1
	th2 := make([]float64, n*m2)
	const iters = 5
	for _, c := range []struct {
		name string
		bad  int
		v    float64
	}{
		{"NaN at the last iteration", iters, math.NaN()},
		{"+Inf at the last iteration", iters, math.Inf(1)},
		{"+Inf before the last", 3, math.Inf(1)},
		{"negative", 3, -1},
		{"zero", 4, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := FollowerAscent(g, th1, th2, stepAt{c.bad, c.v}, iters)
			var se *ScheduleError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T); want a *ScheduleError", err, err)
			}
			if se.Iteration != c.bad || !strings.Contains(se.Quantity, "follower step") {
				t.Errorf("error at iteration %d naming %q; want iteration %d naming the follower step", se.Iteration, se.Quantity, c.bad)
			}
			want, err := FollowerAscent(g, th1, th2, loop.Constant(1), c.bad-1)
			if err != nil {
				t.Fatal(err)
			}
			if !allFinite(got) {
				t.Fatalf("θ2 returned = %v: not finite", got)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("θ2 returned = %v; want the θ2 after %d good steps %v", got, c.bad-1, want)
				}
			}
		})
	}
}
