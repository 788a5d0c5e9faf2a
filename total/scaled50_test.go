package total

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
)

// scaledHessian returns H = D A D for a symmetric A (n×n, row-major) and
// the diagonal d of D: the follower Hessian of a game whose coordinates
// are A's measured in other units (y_i = d_i z_i).
func scaledHessian(a, d []float64) []float64 {
	n := len(d)
	h := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			h[i*n+j] = d[i] * a[i*n+j] * d[j]
		}
	}
	return h
}

// TestExactBadlyScaledRegular50: a regular follower Hessian whose
// coordinates have curvatures of very different sizes is solved, not
// called singular. Before session 50 Exact refused any H whose pivot was
// at most 1e-13 of H's largest entry, so diag(2e6, 2e-8) — f2 = 1e6·y0² +
// 1e-8·y1², two independent coordinates, each of which alone Exact solves —
// was "singular (λ = 0): the implicit map is undefined". The cases: that
// diagonal (w = (5e-7, 5e7)), a 6×6 diagonal holding both entries (the
// LAPACK path); the coupled [[1e6, 0.05], [0.05, 1e-8]]
// against its explicit inverse; and D A D for random well-conditioned
// symmetric A (n = 2, 3, 4 for the package's LU, 6 and 9 for LAPACK) with
// D spanning 1e-5…1e5, against D⁻¹A⁻¹D⁻¹b by gonum on A. Each w within
// 1e-10 relative per entry. A matrix singular in exact arithmetic stays
// singular under the same scaling ([[1e8, 1], [1, 1e-8]], and D A D for a
// rank-deficient A of n = 6).
func TestExactBadlyScaledRegular50(t *testing.T) {
	type solve struct {
		name string
		h    []float64
		b    []float64
		want []float64
	}
	det := 1e6*1e-8 - 0.05*0.05
	cases := []solve{
		{"diag(2e6, 2e-8)", []float64{2e6, 0, 0, 2e-8}, []float64{1, 1}, []float64{5e-7, 5e7}},
		{"[[1e6, 0.05], [0.05, 1e-8]]", []float64{1e6, 0.05, 0.05, 1e-8}, []float64{1, 2},
			[]float64{(1e-8*1 - 0.05*2) / det, (-0.05*1 + 1e6*2) / det}},
	}
	diag6 := make([]float64, 36) // LAPACK's path
	for i, v := range []float64{2e6, 1, 3, 0.5, 1, 2e-8} {
		diag6[i*6+i] = v
	}
	cases = append(cases, solve{"diag(2e6, 1, 3, 0.5, 1, 2e-8)", diag6, []float64{1, 1, 1, 1, 1, 1}, []float64{5e-7, 1, 1.0 / 3, 2, 1, 5e7}})
	r := rand.New(rand.NewPCG(50, 1))
	for _, n := range []int{2, 3, 4, 6, 9} {
		g := make([]float64, n*n)
		for i := range g {
			g[i] = r.NormFloat64()
		}
		a := make([]float64, n*n) // GᵀG/n + I: symmetric positive definite
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				s := 0.0
				for k := 0; k < n; k++ {
					s += g[k*n+i] * g[k*n+j]
				}
				a[i*n+j] = s / float64(n)
			}
			a[i*n+i]++
		}
		d, b := make([]float64, n), make([]float64, n)
		for i := range d {
			d[i] = math.Pow(10, -5+10*float64(i)/float64(n-1))
			b[i] = r.NormFloat64()
		}
		// D A D w = b ⇔ A (D w) = D⁻¹ b.
		rhs := make([]float64, n)
		for i := range rhs {
			rhs[i] = b[i] / d[i]
		}
		var z mat.VecDense
		if err := z.SolveVec(mat.NewDense(n, n, append([]float64(nil), a...)), mat.NewVecDense(n, rhs)); err != nil {
			t.Fatal(err)
		}
		want := make([]float64, n)
		for i := range want {
			want[i] = z.AtVec(i) / d[i]
		}
		cases = append(cases, solve{"D A D, n = " + string(rune('0'+n)), scaledHessian(a, d), b, want})
	}
	for _, c := range cases {
		n := len(c.b)
		w := make([]float64, n)
		h := Hessian{Row: func(i int) []float64 { return c.h[i*n : (i+1)*n] }}
		if _, err := (&Exact{}).Solve(context.Background(), h, c.b, w); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range w {
			if !(math.Abs(w[i]-c.want[i]) <= 1e-10*math.Abs(c.want[i])) {
				t.Errorf("%s: w[%d] = %.17g, want %.17g (relative 1e-10)", c.name, i, w[i], c.want[i])
			}
		}
	}
	// Singular in exact arithmetic, whatever the units.
	sing := [][]float64{{1e8, 1, 1, 1e-8}}
	a := make([]float64, 36) // rank 1: u uᵀ
	d := make([]float64, 6)
	for i := 0; i < 6; i++ {
		d[i] = math.Pow(10, float64(2*i-5))
		for j := 0; j < 6; j++ {
			a[i*6+j] = float64((i+1)*(j+1)) / 7
		}
	}
	sing = append(sing, scaledHessian(a, d))
	for _, hs := range sing {
		n := int(math.Sqrt(float64(len(hs))))
		h := Hessian{Row: func(i int) []float64 { return hs[i*n : (i+1)*n] }}
		b := make([]float64, n)
		b[0] = 1
		_, err := (&Exact{}).Solve(context.Background(), h, b, make([]float64, n))
		if err == nil || !strings.Contains(err.Error(), "follower Hessian ∇yy f2 is singular (λ = 0)") {
			t.Errorf("singular %d×%d: error %v, want the singular Hessian's", n, n, err)
		}
	}
}

// TestGraphBadlyScaledRegular50: Graph (equilib's differentiable total
// derivative) gave NaN for the regular follower Hessian diag(2e6, 1e-17)
// (ad.Solve refuses a reciprocal condition number below 1e-16) where Exact
// solves it; it now solves it rescaled, as Exact does: with ∇x f1 = 0,
// ∇y f1 = (1, 1) and mixed rows (1), (3), Df1 = −(1/2e6 + 3/1e-17), within
// 1e-12 relative, and its derivative in the Hessian's entries (through
// the tape) is the closed form ∂Df1/∂h22 = 3/h22² (1e-12 relative). A
// singular Hessian still gives NaN.
func TestGraphBadlyScaledRegular50(t *testing.T) {
	tp := ad.NewTape()
	g1x := tp.Const(ad.NewTensor(1, 1, []float64{0}))
	g1y := tp.Const(ad.NewTensor(1, 2, []float64{1, 1}))
	h22 := tp.Var(ad.NewTensor(1, 1, []float64{1e-17}))
	rows := []*ad.Node{tp.Const(ad.NewTensor(1, 2, []float64{2e6, 0})), ad.ConcatCols(tp.Const(ad.NewTensor(1, 1, []float64{0})), h22)}
	m := []*ad.Node{tp.Const(ad.NewTensor(1, 1, []float64{1})), tp.Const(ad.NewTensor(1, 1, []float64{3}))}
	out := Graph(g1x, g1y, rows, m, 0)
	want := -(1/2e6 + 3/1e-17)
	if got := out.Value().Data[0]; !(math.Abs(got-want) <= 1e-12*math.Abs(want)) {
		t.Errorf("Df1 = %v, want %v", got, want)
	}
	d := ad.Grad(out, h22)[0].Value().Data[0]
	if wantD := 3 / (1e-17 * 1e-17); !(math.Abs(d-wantD) <= 1e-12*wantD) {
		t.Errorf("∂Df1/∂h22 = %v, want %v", d, wantD)
	}
	tp = ad.NewTape()
	sing := []*ad.Node{tp.Const(ad.NewTensor(1, 2, []float64{1e8, 1})), tp.Const(ad.NewTensor(1, 2, []float64{1, 1e-8}))}
	out = Graph(tp.Const(ad.NewTensor(1, 1, []float64{0})), tp.Const(ad.NewTensor(1, 2, []float64{1, 0})), sing,
		[]*ad.Node{tp.Const(ad.NewTensor(1, 1, []float64{1})), tp.Const(ad.NewTensor(1, 1, []float64{1}))}, 0)
	if v := out.Value().Data[0]; !math.IsNaN(v) {
		t.Errorf("singular [[1e8, 1], [1, 1e-8]]: Df1 = %v, want NaN", v)
	}
}
