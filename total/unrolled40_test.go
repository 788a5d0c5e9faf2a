package total

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestUnrolledSingularNamed: on the singular positive semidefinite
// H = diag(1, 0), λ = 0, η = 0.5, b = (1, 1), the series' second
// component never shrinks: before, 1000 steps returned w = (1, 500) and
// 10⁴ steps w = (1, 5000), finite, with no error (no term grows). Now the
// solve stops where the first component's term has decayed enough for the
// step's decrease of ‖t‖² = 1 + 4^{-i} to fall below 1e-10 of it:
// 0.75·4^{-17} = 4.4e-11 at step 18 (1.7e-10 at step 17), an error
// naming the follower Hessian (loop.Diverged). With b in the null space,
// b = (0, 1), it stops at step 1. Well-conditioned cases are unchanged:
// diag(1, 1e-3) (ημ_min = 5e-4) runs its 20000 steps to w within 1e-9 of
// the truncated series (1, 1000·(1 − (1 − 5e-4)^20000)), and
// b = (1, 1e-7) on diag(1, 0), a null-space part below 1e-6‖b‖, runs on.
func TestUnrolledSingularNamed(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		b     []float64
		want  string
		steps int
	}{
		{[]float64{1, 1}, "unrolled follower: follower Hessian ∇yy f2 + λI is singular (λ = 0) or nearly (relative to η = 0.5): the series' term no longer shrinks after 18 steps, at 0.707 times ‖∇y f1‖, so its sum grows linearly", 18},
		{[]float64{0, 1}, "unrolled follower: follower Hessian ∇yy f2 + λI is singular (λ = 0) or nearly (relative to η = 0.5): the series' term no longer shrinks after 1 steps, at 1 times ‖∇y f1‖", 1},
	} {
		w := make([]float64, 2)
		info, err := (&Unrolled{Steps: 1000, Eta: 0.5}).Solve(ctx, diag(1, 0), c.b, w)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || loop.StatusOf(err, false) != loop.Diverged || loop.QuantityOf(err) != singularQuantity || info.Iterations != c.steps {
			t.Errorf("b = %v: w = %v, %+v, error %v; want %q at step %d (diverged, quantity %q)", c.b, w, info, err, c.want, c.steps, singularQuantity)
		}
		dst := []float64{7}
		_, err = Derivative(ctx, &Unrolled{Steps: 1000, Eta: 0.5}, dst, []float64{1}, c.b, diag(1, 0), make([]float64, 2), func(w []float64) []float64 { return []float64{w[0] + w[1]} })
		if err == nil || dst[0] != 7 {
			t.Errorf("b = %v: Derivative gave %v, error %v; want an error and dst unchanged", c.b, dst, err)
		}
	}
	w := make([]float64, 2)
	want := 1000 * (1 - math.Pow(1-5e-4, 20000))
	if _, err := (&Unrolled{Steps: 20000, Eta: 0.5}).Solve(ctx, diag(1, 1e-3), []float64{1, 1}, w); err != nil || abs(w[0]-1) > 1e-9 || abs(w[1]-want) > 1e-9 {
		t.Errorf("diag(1, 1e-3): w = %v, error %v; want (1, %v) within 1e-9", w, err, want)
	}
	// η = 2/‖H‖ exactly: the term flips sign each step without shrinking,
	// not a null space; left as before (w alternates between η b and 0).
	if _, err := (&Unrolled{Steps: 11, Eta: 1}).Solve(ctx, diag(2, 2), []float64{1, 1}, w); err != nil || w[0] != 1 || w[1] != 1 {
		t.Errorf("η = 2/‖H‖: w = %v, error %v; want (1, 1)", w, err)
	}
	if _, err := (&Unrolled{Steps: 1000, Eta: 0.5}).Solve(ctx, diag(1, 0), []float64{1, 1e-7}, w); err != nil || abs(w[0]-1) > 1e-12 || abs(w[1]-5e-5) > 1e-12 {
		t.Errorf("null-space part 1e-7: w = %v, error %v; want (1, 5e-5) within 1e-12", w, err)
	}
}
