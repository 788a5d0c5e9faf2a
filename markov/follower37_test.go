package markov

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestFollowerAscentRefusesBadInput: a non-finite θ1 or θ2 was taken in
// and reported as "iteration 1: ∇θ2 V2λ: non-finite value" (a divergence
// of the follower's gradient, loop.Diverged, where the caller's input was
// at fault), and a negative iteration count returned θ2 unchanged without
// a word. Both are now errors naming the argument, as Run's config
// validation names theta1[i] and theta2[i].
func TestFollowerAscentRefusesBadInput(t *testing.T) {
	g, err := Builtin("patrol", nil)
	if err != nil {
		t.Fatal(err)
	}
	n, m1, m2 := g.Dims()
	lr := loop.Constant(0.1)
	for _, c := range []struct {
		name   string
		th1    []float64
		th2    []float64
		iters  int
		wanted string
	}{
		{"θ1 +Inf", withAt(make([]float64, n*m1), 1, math.Inf(1)), make([]float64, n*m2), 3, "theta1[1] = +Inf is not finite"},
		{"θ2 NaN", make([]float64, n*m1), withAt(make([]float64, n*m2), 0, math.NaN()), 3, "theta2[0] = NaN is not finite"},
		{"iterations < 0", make([]float64, n*m1), make([]float64, n*m2), -1, "iterations = -1: want >= 0"},
	} {
		_, err := FollowerAscent(g, c.th1, c.th2, lr, c.iters)
		if err == nil || !strings.Contains(err.Error(), c.wanted) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.wanted)
		}
		var re *RunError
		if errors.As(err, &re) {
			t.Errorf("%s: a *RunError (a divergence) for bad input: %v", c.name, err)
		}
	}
}

func withAt(v []float64, i int, x float64) []float64 {
	v[i] = x
	return v
}
