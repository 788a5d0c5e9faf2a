package total

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestSolverArguments: a Hessian without what a solver needs, a w not of
// b's length and a dense row of the wrong length are errors naming the
// solver. Before, Exact and CG dereferenced a nil Row or Apply, Unrolled
// with a short w summed only its first elements, and Exact with a short
// row kept the previous solve's entries in the rest of it: after solving
// with H = [[2, 1], [1, 4]], a Hessian whose rows are [1] and [0, 1] gave
// w = (−1, 2) for b = (1, 2), from the stale factor 1, instead of an
// error.
func TestSolverArguments(t *testing.T) {
	ctx := context.Background()
	b := []float64{1, 2}
	apply := func(dst, v []float64) { copy(dst, v) }
	rows := func(r ...[]float64) func(int) []float64 { return func(i int) []float64 { return r[i] } }
	e := &Exact{}
	w := make([]float64, 2)
	if _, err := e.Solve(ctx, Hessian{Row: rows([]float64{2, 1}, []float64{1, 4})}, b, w); err != nil || math.Abs(w[0]-2.0/7) > 1e-15 || math.Abs(w[1]-3.0/7) > 1e-15 {
		t.Fatalf("[[2, 1], [1, 4]]: w = %v, %v; want [2/7 3/7]", w, err)
	}
	cases := []struct {
		name string
		s    Solver
		h    Hessian
		w    []float64
		want string
	}{
		{"exact no rows", &Exact{}, Hessian{Apply: apply}, make([]float64, 2), "exact solver: the follower Hessian has no dense rows (Hessian.Row)"},
		{"exact short w", &Exact{}, Hessian{Row: rows([]float64{1, 0}, []float64{0, 1})}, make([]float64, 1), "exact solver: w has 1 elements, b has 2"},
		{"exact short row (stale entries)", e, Hessian{Row: rows([]float64{1}, []float64{0, 1})}, make([]float64, 2), "exact solver: row 0 of the follower Hessian has 1 elements, want 2"},
		{"exact long row", &Exact{}, Hessian{Row: rows([]float64{1, 0, 0}, []float64{0, 1})}, make([]float64, 2), "row 0 of the follower Hessian has 3 elements, want 2"},
		{"cg no apply", &CG{}, Hessian{}, make([]float64, 2), "cg solver: the follower Hessian has no Hessian–vector product"},
		{"cg long w", &CG{}, Hessian{Apply: apply}, make([]float64, 3), "cg solver: w has 3 elements, b has 2"},
		{"unrolled no apply", &Unrolled{Steps: 1, Eta: 0.1}, Hessian{}, make([]float64, 2), "unrolled solver: the follower Hessian has no Hessian–vector product"},
		{"unrolled short w", &Unrolled{Steps: 1, Eta: 0.1}, Hessian{Apply: apply}, make([]float64, 1), "unrolled solver: w has 1 elements, b has 2"},
		// λ < 0 solved another system without a word (CG without
		// FailOnBreakdown returned its iterate).
		{"exact negative lambda", &Exact{Lambda: -0.5}, Hessian{Row: rows([]float64{1, 0}, []float64{0, 1})}, make([]float64, 2), "exact solver: λ = -0.5; want a finite λ ≥ 0"},
		{"cg negative lambda", &CG{Lambda: -2, Iters: 5}, Hessian{Apply: apply}, make([]float64, 2), "cg solver: λ = -2"},
		{"unrolled NaN lambda", &Unrolled{Steps: 1, Eta: 0.1, Lambda: math.NaN()}, Hessian{Apply: apply}, make([]float64, 2), "unrolled solver: λ = NaN"},
	}
	for _, c := range cases {
		_, err := c.s.Solve(ctx, c.h, b, c.w)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	// A scalar follower: an empty row.
	if _, err := (&Exact{}).Solve(ctx, Hessian{Row: rows([]float64{})}, []float64{1}, make([]float64, 1)); err == nil || !strings.Contains(err.Error(), "row 0 of the follower Hessian has 0 elements, want 1") {
		t.Errorf("empty scalar row: %v", err)
	}
	// Derivative: dst not of ∇x f1's length, and a mixed product of the
	// wrong length, are errors with dst unchanged.
	dst := []float64{7, 7}
	mixed := func(w []float64) []float64 { return []float64{1} }
	h := Hessian{Row: rows([]float64{1, 0}, []float64{0, 1})}
	if _, err := Derivative(ctx, &Exact{}, dst[:1], []float64{1, 1}, b, h, make([]float64, 2), mixed); err == nil || !strings.Contains(err.Error(), "dst, ∇x f1, w and ∇y f1 have 1, 2, 2 and 2 elements") {
		t.Errorf("short dst: %v", err)
	}
	if _, err := Derivative(ctx, &Exact{}, dst, []float64{1, 1}, b, h, make([]float64, 2), mixed); err == nil || !strings.Contains(err.Error(), "the mixed product has 1 elements, ∇x f1 2") || dst[0] != 7 || dst[1] != 7 {
		t.Errorf("short mixed product: %v, dst %v", err, dst)
	}
}
