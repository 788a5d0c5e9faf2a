package total

import (
	"context"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestCGIndefiniteGrowthNotSingular50: on the regular, perfectly
// conditioned but indefinite H = diag(1, −1 + 1e-12) from b = (1, 1), CG's
// first curvature bᵀHb = 1e-12 is tiny, its step of order 10¹² makes the
// residual grow to 6.4e8 ≫ 2/√ε·‖b‖ (its next curvature, −5e-13 of ‖p‖²,
// is as small: CG cannot tell this H from a singular one). With
// FailOnBreakdown the error said only "singular to working precision …
// the implicit map is undefined" (before session 50), which is false:
// Exact solves it, w = (1, −1/(1 − 1e-12)). It now says singular to
// working precision or indefinite, as the zero-curvature breakdown does,
// and that the exact solver solves a regular indefinite Hessian; the
// quantity is still the follower Hessian (loop.Diverged). The same for
// λ = 0.5 on diag(0.5, −1.5 + 1e-12).
func TestCGIndefiniteGrowthNotSingular50(t *testing.T) {
	for _, c := range []struct {
		h      Hessian
		lambda float64
		want   string
	}{
		{diag(1, -1+1e-12), 0, "follower Hessian ∇yy f2 + λI is singular to working precision or indefinite (λ = 0; CG's residual grew to 6.36e+08, 4.49e+08 times ‖∇y f1‖, after 2 iterations, on a direction p with pᵀ(∇yy f2 + λI)p about 0): the implicit map is undefined, or CG does not apply; set solver.lambda > 0 (Stackelberg actor-critic, Prop. 2) or start elsewhere; solver.kind: exact solves a regular indefinite one"},
		{diag(0.5, -1.5+1e-12), 0.5, "follower Hessian ∇yy f2 + λI is singular to working precision or indefinite (λ = 0.5; CG's residual grew to 3.06e+08, 2.17e+08 times ‖∇y f1‖, after 2 iterations, on a direction p with pᵀ(∇yy f2 + λI)p about 0): CG does not apply; solver.kind: exact solves a regular indefinite one"},
	} {
		_, err := (&CG{Lambda: c.lambda, FailOnBreakdown: true}).Solve(context.Background(), c.h, []float64{1, 1}, make([]float64, 2))
		if err == nil || err.Error() != c.want {
			t.Errorf("λ = %g: error %v\nwant %s", c.lambda, err, c.want)
		}
		if q := loop.QuantityOf(err); q != "follower Hessian ∇yy f2" {
			t.Errorf("λ = %g: quantity %q, want the follower Hessian", c.lambda, q)
		}
	}
	// Exact solves the first.
	w := make([]float64, 2)
	if _, err := (&Exact{}).Solve(context.Background(), Hessian{Row: func(i int) []float64 { return [][]float64{{1, 0}, {0, -1 + 1e-12}}[i] }}, []float64{1, 1}, w); err != nil || w[0] != 1 || w[1] != 1/(-1+1e-12) {
		t.Errorf("exact: w = %v, error %v; want (1, %v)", w, err, 1/(-1+1e-12))
	}
}
