package total

import (
	"context"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestUnrolledDivergenceNamed: on H = diag(2, 0.5) (2/‖H‖ = 1) with
// b = (1, 1), η = 1.1 makes the series' first component grow by |1 − 2.2|
// = 1.2 a step. Before, 50 steps returned w[0] = −4549.7 (exact 0.5)
// without an error, and through Derivative with 500 steps a Df1 of
// 1.9e39; now the solve stops at step 2, where ‖t_2‖/‖b‖ = 1.03 first
// exceeds 1, with an error naming η (loop.Diverged). An indefinite
// H = diag(1, −1) (η = 0.5) stops at step 1. η = 0.9 on the same H
// converges (w within 1e-4 of (0.5, 2)), with no error.
func TestUnrolledDivergenceNamed(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		h     Hessian
		eta   float64
		steps int
		want  string
	}{
		{diag(2, 0.5), 1.1, 50, "unrolled follower: the series diverges: its term after 2 steps is 1.03 times ‖∇y f1‖ (η = 1.1, λ = 0)"},
		{diag(2, 0.5), 1.1, 500, "unrolled follower: the series diverges: its term after 2 steps"},
		{diag(1, -1), 0.5, 50, "unrolled follower: the series diverges: its term after 1 steps is 1.12 times ‖∇y f1‖ (η = 0.5, λ = 0)"},
	} {
		w := make([]float64, 2)
		info, err := (&Unrolled{Steps: c.steps, Eta: c.eta}).Solve(ctx, c.h, []float64{1, 1}, w)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || loop.StatusOf(err, false) != loop.Diverged || loop.QuantityOf(err) != unrolledQuantity {
			t.Errorf("η = %g, %d steps: w = %v, %+v, error %v; want %q (diverged)", c.eta, c.steps, w, info, err, c.want)
		}
		dst := []float64{7}
		_, err = Derivative(ctx, &Unrolled{Steps: c.steps, Eta: c.eta}, dst, []float64{1}, []float64{1, 1}, c.h, make([]float64, 2), func(w []float64) []float64 { return []float64{w[0] + w[1]} })
		if err == nil || dst[0] != 7 {
			t.Errorf("η = %g: Derivative gave %v, error %v; want an error and dst unchanged", c.eta, dst, err)
		}
	}
	w := make([]float64, 2)
	if _, err := (&Unrolled{Steps: 50, Eta: 0.9}).Solve(ctx, diag(2, 0.5), []float64{1, 1}, w); err != nil || abs(w[0]-0.5) > 1e-4 || abs(w[1]-2) > 1e-4 {
		t.Errorf("η = 0.9: w = %v, error %v; want (0.5, 2) within 1e-4", w, err)
	}
}

// diag is the Hessian diag(d...).
func diag(d ...float64) Hessian {
	return Hessian{Apply: func(dst, v []float64) {
		for i := range v {
			dst[i] = d[i] * v[i]
		}
	}}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// TestCGZeroCurvatureSaysIndefinite: CG with FailOnBreakdown on the
// regular but indefinite H = diag(1, −1) from b = (1, 1) meets pᵀHp = 0 at
// its first direction (p = b) and breaks down. The error said the Hessian
// "is singular", which it is not (Exact solves it: w = (1, −1)); it now
// says singular or indefinite, naming the zero-curvature direction, for
// λ = 0 and for λ > 0 (diag(0.5, −1.5) + 0.5·I).
func TestCGZeroCurvatureSaysIndefinite(t *testing.T) {
	for _, c := range []struct {
		h      Hessian
		lambda float64
		want   string
	}{
		{diag(1, -1), 0, "follower Hessian ∇yy f2 is singular (λ = 0; CG broke down after 0 iterations with residual 1.41, on a direction p with pᵀ∇yy f2 p = 0) or indefinite: "},
		{diag(0.5, -1.5), 0.5, "follower Hessian ∇yy f2 + λI is singular (λ = 0.5; CG broke down after 0 iterations with residual 1.41, on a direction p with pᵀ(∇yy f2 + λI)p = 0) or indefinite"},
	} {
		w := make([]float64, 2)
		_, err := (&CG{Lambda: c.lambda, FailOnBreakdown: true}).Solve(context.Background(), c.h, []float64{1, 1}, w)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || loop.StatusOf(err, false) != loop.Diverged {
			t.Errorf("λ = %g: error %v; want one starting %q (diverged)", c.lambda, err, c.want)
		}
	}
}
