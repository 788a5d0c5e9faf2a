package markov

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/loop"
)

// A Backtracking run on a game whose value is ≈ 0 at its solution must
// converge as on the same game with its value away from 0. Shifting R1 (or
// R2) by a constant c shifts V1 (V2λ) by c/(1−γ) and changes neither the
// gradients nor the solution; a rounding allowance relative to |V| alone
// is ≈ 0 there, so the line searches took rounding noise for a failed
// Armijo test and the steps collapsed: after 3000 iterations on the user
// game shifted to V1* ≈ 0, hier_grad_norm was 7.3e-7 against 2.5e-8
// unshifted (29×), shifted to V2λ* ≈ 0, 1.6e-7 (6.5×). With the
// allowance's absolute floor 1e-12·min(1, s), s the game's value scale,
// the V1 shift ends within 1 % of the unshifted run (the leader's search
// is never at its margin) and the V2λ shift within 4× (2.1×: the
// follower's searches at their margin accept other steps when the
// allowance is 1e-12 instead of 8e-12).
func TestBacktrackingValueNearZero(t *testing.T) {
	cfg := Config{StepRule: Backtracking, LeaderLR: loop.Constant(0.5), FollowerLR: loop.Constant(2),
		Settings: loop.Settings{Iterations: 3000}}
	base, err := ParseGame([]byte(userSpec))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := Run(context.Background(), base, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []int{1, 2} {
		g, err := ParseGame([]byte(userSpec))
		if err != nil {
			t.Fatal(err)
		}
		r, v := g.R1, ref.LeaderValue
		if who == 2 {
			r, v = g.R2, ref.FollowerValue
		}
		for s := range r {
			for a := range r[s] {
				for b := range r[s][a] {
					r[s][a][b] -= (1 - g.Gamma) * v
				}
			}
		}
		if err := g.Validate(); err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), g, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := res.LeaderValue
		if who == 2 {
			got = res.FollowerValue
		}
		if tol := []float64{1.01, 4}[who-1]; math.Abs(got) > 1e-6 || res.HierGradNorm > tol*ref.HierGradNorm {
			t.Errorf("R%d shifted to V ≈ 0: value %.3g, hier_grad_norm %.4g; want |value| ≤ 1e-6 and hier_grad_norm ≤ %g × %.4g (unshifted)",
				who, got, res.HierGradNorm, tol, ref.HierGradNorm)
		}
	}
}
