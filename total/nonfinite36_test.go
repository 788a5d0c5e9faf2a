package total

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/loop"
)

// TestDerivativeNonFiniteG1y: a NaN or infinite ∇y f1 is an error naming
// it (loop.Diverged) for every solver, with dst unchanged (CG names it as
// its right-hand side). Before, CG from zero stopped at once (‖b‖ NaN made
// its stopping test false) with w = 0, and Derivative returned
// Df1 = ∇x f1 = (1, 1) without an error.
func TestDerivativeNonFiniteG1y(t *testing.T) {
	p := newProblem()
	for _, c := range []struct {
		g1y  []float64
		want string
	}{
		{[]float64{math.NaN(), 1, 2}, "leader gradient ∇y f1 is NaN"},
		{[]float64{1, math.Inf(1), 2}, "leader gradient ∇y f1 is infinite"},
	} {
		for _, s := range []Solver{&CG{}, &CG{FailOnBreakdown: true}, &Exact{}, &Unrolled{Steps: 3, Eta: 0.1}} {
			dst := []float64{7, 7}
			_, err := Derivative(context.Background(), s, dst, []float64{1, 1}, c.g1y, p.hessian(), make([]float64, p.d2), p.mixed(make([]float64, p.d1)))
			want := c.want
			if _, cg := s.(*CG); cg {
				want = "cg solver: " + strings.Replace(want, "leader gradient", "right-hand side", 1)
			}
			if err == nil || err.Error() != want || loop.StatusOf(err, false) != loop.Diverged || dst[0] != 7 || dst[1] != 7 {
				t.Errorf("%T, g1y = %v: %v, dst %v; want %q (diverged), dst unchanged", s, c.g1y, err, dst, want)
			}
		}
	}
}

// TestCGNonFinite: a CG solve whose residual is NaN or infinite is an
// error naming what made it so, with or without FailOnBreakdown. Before,
// a Hessian–vector product returning NaN gave, with FailOnBreakdown, "…
// is singular to working precision (… CG's residual grew to NaN …)" (the
// Hessian is not singular, its products are NaN), and without it no error
// at all; a NaN b from zero gave w = 0 and no error.
func TestCGNonFinite(t *testing.T) {
	nanH := Hessian{Apply: func(dst, v []float64) {
		for i := range dst {
			dst[i] = math.NaN()
		}
	}}
	spd := Hessian{Apply: func(dst, v []float64) { dst[0], dst[1] = 2*v[0]+v[1], v[0]+3*v[1] }}
	for _, c := range []struct {
		name string
		cg   *CG
		h    Hessian
		b    []float64
		want string
	}{
		{"NaN products, FailOnBreakdown", &CG{FailOnBreakdown: true}, nanH, []float64{1, 2}, "cg solver: the residual is NaN after 1 iterations: the follower Hessian–vector products ∇yy f2·p are not finite or overflowed"},
		{"NaN products", &CG{}, nanH, []float64{1, 2}, "cg solver: the residual is NaN after 1 iterations"},
		{"NaN b", &CG{}, spd, []float64{math.NaN(), 2}, "cg solver: right-hand side ∇y f1 is NaN"},
		{"infinite b, FailOnBreakdown", &CG{FailOnBreakdown: true}, spd, []float64{math.Inf(-1), 2}, "cg solver: right-hand side ∇y f1 is infinite"},
	} {
		_, err := c.cg.Solve(context.Background(), c.h, c.b, make([]float64, 2))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || loop.StatusOf(err, false) != loop.Diverged || strings.Contains(err.Error(), "singular") {
			t.Errorf("%s: %v; want %q… (diverged)", c.name, err, c.want)
		}
	}
}

// TestExactOverflow: a Hessian with finite entries whose elimination
// overflows (a pivot of +Inf) is an error, for the package's LU (2×2) and
// LAPACK's (the same block padded with the identity to 6×6). Before, the
// Inf pivot passed the singularity test and the solve returned a finite,
// wrong w: for H = [[0.9e308, 1e308], [1e308, −1e308]] and b = (1, 1),
// w = (1e-308, 0) against the true (2/1.9·1e-308, 0.1/1.9·1e-308).
func TestExactOverflow(t *testing.T) {
	block := [][]float64{{0.9e308, 1e308}, {1e308, -1e308}}
	for _, n := range []int{2, 6} {
		rows := make([][]float64, n)
		for i := range rows {
			rows[i] = make([]float64, n)
			if i < 2 {
				copy(rows[i], block[i])
			} else {
				rows[i][i] = 1
			}
		}
		b := make([]float64, n)
		for i := range b {
			b[i] = 1
		}
		w := make([]float64, n)
		_, err := (&Exact{}).Solve(context.Background(), Hessian{Row: func(i int) []float64 { return rows[i] }}, b, w)
		const want = "exact solver: the LU factorisation of the follower Hessian ∇yy f2 + λI (λ = 0) overflowed"
		if err == nil || !strings.HasPrefix(err.Error(), want) || loop.QuantityOf(err) != "follower Hessian ∇yy f2" {
			t.Errorf("n = %d: %v (w = %v); want %q…", n, err, w, want)
		}
	}
	// The LU on its own reports the Inf pivot as a failure (its doc: "or
	// not finite").
	lu := NewLU(2)
	copy(lu.A(), []float64{0.9e308, 1e308, 1e308, -1e308})
	if lu.Factorize() {
		t.Errorf("LU of [[0.9e308, 1e308], [1e308, −1e308]] factors: pivot %v", lu.A()[3])
	}
	// H + λI overflowing is named the same way, not "singular".
	_, err := (&Exact{Lambda: 1e308}).Solve(context.Background(), Hessian{Row: func(i int) []float64 { return [][]float64{{1.7e308, 0}, {0, 1}}[i] }}, []float64{1, 1}, make([]float64, 2))
	if err == nil || !strings.Contains(err.Error(), "overflowed") {
		t.Errorf("H + λI = +Inf: %v; want an overflow error", err)
	}
}

// TestCGSingularInRange documents what CG does with a singular H whose
// range contains b (the open item of session 36): from zero its iterates
// stay in range(H), so it converges to the least-norm solution H⁺b, the
// limit λ → 0+ of the regularised (H + λI)⁻¹b, with no error even under
// FailOnBreakdown (CG cannot see the null space); Exact reports the
// matrix singular. From a warm start the start's null-space component is
// kept. H = [[2, −2], [−2, 2]], b = (1, −1): H⁺b = (1, −1)/4.
func TestCGSingularInRange(t *testing.T) {
	rank1 := Hessian{
		Apply: func(dst, v []float64) { dst[0], dst[1] = 2*v[0]-2*v[1], -2*v[0]+2*v[1] },
		Row:   func(i int) []float64 { return [][]float64{{2, -2}, {-2, 2}}[i] },
	}
	b := []float64{1, -1}
	w := make([]float64, 2)
	if _, err := (&CG{FailOnBreakdown: true}).Solve(context.Background(), rank1, b, w); err != nil || math.Abs(w[0]-0.25) > 1e-15 || math.Abs(w[1]+0.25) > 1e-15 {
		t.Errorf("cold start: w = %v, %v; want (0.25, −0.25), no error", w, err)
	}
	w = []float64{1, 1} // null-space component (1, 1)
	if _, err := (&CG{WarmStart: true, FailOnBreakdown: true}).Solve(context.Background(), rank1, b, w); err != nil || math.Abs(w[0]-1.25) > 1e-15 || math.Abs(w[1]-0.75) > 1e-15 {
		t.Errorf("warm start (1, 1): w = %v, %v; want (1.25, 0.75), no error", w, err)
	}
	if _, err := (&Exact{}).Solve(context.Background(), rank1, b, make([]float64, 2)); err == nil || !strings.Contains(err.Error(), "singular") {
		t.Errorf("exact: %v; want singular", err)
	}
}

// TestGraphSingularNaN pins Graph's documented answer to a singular
// ∇yy f2 + λI: NaN entries (ad.Solve), not a panic.
func TestGraphSingularNaN(t *testing.T) {
	tp := ad.NewTape()
	row := func(v ...float64) *ad.Node { return tp.Const(ad.NewTensor(1, len(v), v)) }
	out := Graph(row(1, 2), row(1, 1), []*ad.Node{row(1, 1), row(1, 1)}, []*ad.Node{row(1, 0), row(0, 1)}, 0).Value().Data
	if len(out) != 2 || !math.IsNaN(out[0]) || !math.IsNaN(out[1]) {
		t.Errorf("H = [[1, 1], [1, 1]], λ = 0: Df1 = %v, want [NaN NaN]", out)
	}
}
