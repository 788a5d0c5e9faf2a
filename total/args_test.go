package total

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/loop"
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

// TestZeroDimFollower: a follower of dimension 0 has no implicit term, so
// Df1 = ∇x f1 exactly, from every solver and from Graph. Before, Exact
// called the empty 0×0 system singular ("follower Hessian ∇yy f2 is
// singular (λ = 0): …") while CG and Unrolled returned ∇x f1, and Graph
// panicked ("ad.ConcatRows: nothing to join"); NewLU(0).Factorize()
// reported false.
func TestZeroDimFollower(t *testing.T) {
	g1x := []float64{1.5, -2}
	h := Hessian{Apply: func(dst, v []float64) {}, Row: func(int) []float64 { return nil }}
	mixed := func(w []float64) []float64 { return []float64{0, 0} }
	for _, s := range []Solver{&Exact{}, &Exact{Lambda: 0.5}, &CG{FailOnBreakdown: true}, &Unrolled{Steps: 3, Eta: 0.1}} {
		dst := []float64{7, 7}
		if _, err := Derivative(context.Background(), s, dst, g1x, []float64{}, h, []float64{}, mixed); err != nil || dst[0] != 1.5 || dst[1] != -2 {
			t.Errorf("%T: Df1 = %v, %v; want [1.5 -2], no error", s, dst, err)
		}
	}
	tp := ad.NewTape()
	got := Graph(tp.Const(ad.NewTensor(1, 2, g1x)), tp.Const(ad.NewTensor(1, 0, nil)), nil, nil, 0).Data()
	if len(got) != 2 || got[0] != 1.5 || got[1] != -2 {
		t.Errorf("Graph: %v, want [1.5 -2]", got)
	}
	if !NewLU(0).Factorize() {
		t.Error("NewLU(0).Factorize() = false; the 0×0 matrix is regular")
	}
}

// TestCGSettings: an iteration cap or a tolerance CG cannot use is an
// error naming it. Before, a NaN tol panicked in ad.CG ("ad.CG:
// CGSettings.Tol is NaN") and a negative iters or tol silently meant the
// default.
func TestCGSettings(t *testing.T) {
	apply := Hessian{Apply: func(dst, v []float64) { copy(dst, v) }}
	for _, c := range []struct {
		cg   CG
		want string
	}{
		{CG{Tol: math.NaN()}, "cg solver: tol = NaN; want a finite tol ≥ 0 (0: 1e-10)"},
		{CG{Tol: -1e-8}, "cg solver: tol = -1e-08; want a finite tol ≥ 0 (0: 1e-10)"},
		{CG{Tol: math.Inf(1)}, "cg solver: tol = +Inf; want a finite tol ≥ 0 (0: 1e-10)"},
		{CG{Iters: -3}, "cg solver: iters = -3; want iters ≥ 0 (0: the follower dimension)"},
	} {
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			_, err = c.cg.Solve(context.Background(), apply, []float64{1, 2}, make([]float64, 2))
		}()
		if err == nil || err.Error() != c.want {
			t.Errorf("iters = %d, tol = %g: %v; want %q", c.cg.Iters, c.cg.Tol, err, c.want)
		}
	}
}

// TestDerivativeNonFinite: a NaN or infinite ∇x f1 or mixed product is an
// error naming it (loop.Diverged), with dst unchanged. Before, both gave a
// non-finite Df1 without an error (only the implicit term w was checked).
func TestDerivativeNonFinite(t *testing.T) {
	h := Hessian{Row: func(i int) []float64 { return [][]float64{{2, 0}, {0, 4}}[i] }}
	finite := func(w []float64) []float64 { return []float64{w[0], w[1]} }
	for _, c := range []struct {
		g1x   []float64
		mixed func(w []float64) []float64
		want  string
	}{
		{[]float64{math.NaN(), 1}, finite, "leader gradient ∇x f1 is NaN"},
		{[]float64{1, 1}, func(w []float64) []float64 { return []float64{math.Inf(-1), 0} }, "mixed product (∇yx f2)ᵀ w is infinite"},
	} {
		dst := []float64{7, 7}
		_, err := Derivative(context.Background(), &Exact{}, dst, c.g1x, []float64{1, 2}, h, make([]float64, 2), c.mixed)
		if err == nil || err.Error() != c.want || loop.StatusOf(err, false) != loop.Diverged || dst[0] != 7 || dst[1] != 7 {
			t.Errorf("g1x = %v: %v, dst %v; want %q (diverged), dst unchanged", c.g1x, err, dst, c.want)
		}
	}
	dst := make([]float64, 2)
	if _, err := Derivative(context.Background(), &Exact{}, dst, []float64{1, 1}, []float64{1, 2}, h, make([]float64, 2), finite); err != nil || dst[0] != 0.5 || dst[1] != 0.5 {
		t.Errorf("finite: %v, %v; want [0.5 0.5] (1 − 1/2, 1 − 2/4)", dst, err)
	}
}

// TestGraphArguments: Graph panics with a message naming its arguments for
// a λ that is not finite and ≥ 0 (before: NaN entries, or the solve of
// H − |λ|I, silently) and for rows that do not fit (before: a panic inside
// ad not naming Graph's arguments, "ad.MatMul: inner dimensions differ:
// 2x1ᵀ · 1x1" or "ad.ConcatRows: column counts differ: 1x1 and 1x2").
func TestGraphArguments(t *testing.T) {
	tp := ad.NewTape()
	row := func(v ...float64) *ad.Node { return tp.Const(ad.NewTensor(1, len(v), v)) }
	g1x, g1y := row(1), row(1, 2)
	hRows, mRows := []*ad.Node{row(2, 0), row(0, 4)}, []*ad.Node{row(1), row(1)}
	panicOf := func(f func()) (msg string) {
		defer func() { msg = fmt.Sprint(recover()) }()
		f()
		return ""
	}
	for _, c := range []struct {
		name string
		f    func()
		want string
	}{
		{"NaN λ", func() { Graph(g1x, g1y, hRows, mRows, math.NaN()) }, "total.Graph: λ = NaN; want a finite λ ≥ 0"},
		{"negative λ", func() { Graph(g1x, g1y, hRows, mRows, -1) }, "total.Graph: λ = -1; want a finite λ ≥ 0"},
		{"one mixed row", func() { Graph(g1x, g1y, hRows, mRows[:1], 0) }, "total.Graph: ∇x f1 is 1x1, ∇y f1 1x2, with 2 Hessian rows and 1 mixed rows; want 1×d1, 1×d2, d2 and d2"},
		{"long mixed row", func() { Graph(g1x, g1y, hRows, []*ad.Node{row(1), row(1, 3)}, 0) }, "total.Graph: Hessian row 1 is 1x2 and mixed row 1 is 1x2; want 1x2 and 1x1"},
	} {
		if got := panicOf(c.f); got != c.want {
			t.Errorf("%s: panic %q, want %q", c.name, got, c.want)
		}
	}
	if got := Graph(g1x, g1y, hRows, mRows, 0).Data(); len(got) != 1 || got[0] != 0 {
		t.Errorf("Graph = %v, want [0] (1 − (1/2 + 2/4))", got)
	}
}
