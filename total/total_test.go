package total

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/loop"
)

// problem is a total derivative with explicit matrices: follower Hessian
// H (d2×d2, symmetric positive definite), mixed block M = ∇yx f2 (d2×d1,
// row i = ∇x ∂f2/∂y_i) and the gradients g1x, g1y.
type problem struct {
	d1, d2   int
	h, m     []float64
	g1x, g1y []float64
}

func newProblem() problem {
	return problem{d1: 2, d2: 3,
		h:   []float64{4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2},
		m:   []float64{1, -2, 0.5, 0.3, -1, 2},
		g1x: []float64{0.7, -1.1}, g1y: []float64{1, -0.5, 2}}
}

func (p problem) hessian() Hessian {
	return Hessian{
		Apply: func(dst, v []float64) {
			for i := 0; i < p.d2; i++ {
				s := 0.0
				for j := 0; j < p.d2; j++ {
					s += p.h[i*p.d2+j] * v[j]
				}
				dst[i] = s
			}
		},
		Row: func(i int) []float64 { return p.h[i*p.d2 : (i+1)*p.d2] },
	}
}

func (p problem) mixed(buf []float64) func(w []float64) []float64 {
	return func(w []float64) []float64 {
		for j := 0; j < p.d1; j++ {
			s := 0.0
			for i := 0; i < p.d2; i++ {
				s += p.m[i*p.d1+j] * w[i]
			}
			buf[j] = s
		}
		return buf
	}
}

// want is the closed form g1x − Mᵀ(H + λI)⁻¹g1y by gonum.
func (p problem) want(lambda float64) []float64 {
	h := mat.NewDense(p.d2, p.d2, append([]float64(nil), p.h...))
	for i := 0; i < p.d2; i++ {
		h.Set(i, i, h.At(i, i)+lambda)
	}
	var w mat.VecDense
	if err := w.SolveVec(h, mat.NewVecDense(p.d2, append([]float64(nil), p.g1y...))); err != nil {
		panic(err)
	}
	var mw mat.VecDense
	mw.MulVec(mat.NewDense(p.d2, p.d1, p.m).T(), &w)
	out := make([]float64, p.d1)
	for j := range out {
		out[j] = p.g1x[j] - mw.AtVec(j)
	}
	return out
}

// TestSolvers: every solver gives the closed form within its tolerance:
// Exact 1e-14, CG (d2 iterations, tol 1e-14) 1e-12, Unrolled (η = 0.2,
// 400 steps: contraction ‖I − η(H + λI)‖ ≤ 0.78, 0.78^400 ≈ 1e-43) 1e-12.
func TestSolvers(t *testing.T) {
	p := newProblem()
	for _, lambda := range []float64{0, 0.5} {
		want := p.want(lambda)
		for _, s := range []Solver{&Exact{Lambda: lambda}, &CG{Lambda: lambda, Tol: 1e-14, FailOnBreakdown: true}, &Unrolled{Lambda: lambda, Steps: 400, Eta: 0.2}} {
			dst := make([]float64, p.d1)
			w := make([]float64, p.d2)
			if _, err := Derivative(context.Background(), s, dst, p.g1x, p.g1y, p.hessian(), w, p.mixed(make([]float64, p.d1))); err != nil {
				t.Fatalf("%T: %v", s, err)
			}
			for j := range dst {
				if math.Abs(dst[j]-want[j]) > 1e-12 {
					t.Errorf("%T λ=%g: Df1 = %v, want %v", s, lambda, dst, want)
					break
				}
			}
		}
	}
}

// TestUnrolledSeries: m unrolled steps give the truncated Neumann series
// η Σ_{i<m} (I − ηH)^i b, here for m = 1 (ηb) and m = 2 (ηb + η(b − ηHb)),
// exactly up to rounding (1e-15); steps < 1 and a step η that is not
// positive and finite (0, NaN, +Inf) are errors naming both.
func TestUnrolledSeries(t *testing.T) {
	p := newProblem()
	eta := 0.1
	hb := make([]float64, p.d2)
	p.hessian().Apply(hb, p.g1y)
	for m, want := range map[int]func(i int) float64{
		1: func(i int) float64 { return eta * p.g1y[i] },
		2: func(i int) float64 { return eta*p.g1y[i] + eta*(p.g1y[i]-eta*hb[i]) },
	} {
		w := make([]float64, p.d2)
		if _, err := (&Unrolled{Steps: m, Eta: eta}).Solve(context.Background(), p.hessian(), p.g1y, w); err != nil {
			t.Fatal(err)
		}
		for i := range w {
			if math.Abs(w[i]-want(i)) > 1e-15 {
				t.Errorf("m = %d: w = %v", m, w)
			}
		}
	}
	// An infinite η gave w = [NaN …] without an error.
	for _, u := range []*Unrolled{{Steps: 0, Eta: 1}, {Steps: 3, Eta: 0}, {Steps: 3, Eta: math.NaN()}, {Steps: 3, Eta: math.Inf(1)}} {
		want := fmt.Sprintf("unrolled follower: steps = %d and eta = %g must be positive (eta finite)", u.Steps, u.Eta)
		if _, err := u.Solve(context.Background(), p.hessian(), p.g1y, make([]float64, 3)); err == nil || err.Error() != want {
			t.Errorf("steps = %d, eta = %g: error %v, want %q", u.Steps, u.Eta, err, want)
		}
	}
}

// TestGraph: the graph form gives the same numbers as Derivative with
// Exact (1e-13), with and without λ.
func TestGraph(t *testing.T) {
	p := newProblem()
	for _, lambda := range []float64{0, 0.5} {
		tp := ad.NewTape()
		row := func(v []float64) *ad.Node { return tp.Const(ad.NewTensor(1, len(v), append([]float64(nil), v...))) }
		var hRows, mRows []*ad.Node
		for i := 0; i < p.d2; i++ {
			hRows = append(hRows, row(p.h[i*p.d2:(i+1)*p.d2]))
			mRows = append(mRows, row(p.m[i*p.d1:(i+1)*p.d1]))
		}
		got := Graph(row(p.g1x), row(p.g1y), hRows, mRows, lambda).Data()
		want := p.want(lambda)
		for j := range want {
			if math.Abs(got[j]-want[j]) > 1e-13 {
				t.Errorf("λ=%g: graph %v, want %v", lambda, got, want)
			}
		}
	}
}

// TestSingularAndCancelled: a singular Hessian is an error naming it (with
// the advice for λ = 0), for Exact and for CG with FailOnBreakdown; a
// cancelled context stops CG and Unrolled with the context's error.
func TestSingularAndCancelled(t *testing.T) {
	zero := Hessian{Apply: func(dst, v []float64) { clear(dst) }, Row: func(int) []float64 { return []float64{0, 0} }}
	b := []float64{1, 1}
	for _, s := range []Solver{&Exact{}, &CG{FailOnBreakdown: true}} {
		_, err := s.Solve(context.Background(), zero, b, make([]float64, 2))
		if err == nil || !strings.Contains(err.Error(), "singular (λ = 0") || !strings.Contains(err.Error(), "solver.lambda > 0") {
			t.Errorf("%T: %v", s, err)
		}
		// A singular matrix stops a run as diverged (loop.Status), naming it.
		if q := loop.QuantityOf(err); q != "follower Hessian ∇yy f2" || loop.StatusOf(err, false) != loop.Diverged {
			t.Errorf("%T: quantity %q, status %v; want the follower Hessian, diverged", s, q, loop.StatusOf(err, false))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := newProblem()
	for _, s := range []Solver{&CG{Iters: min(1<<40, math.MaxInt), Tol: 1e-300}, &Unrolled{Steps: min(1<<40, math.MaxInt), Eta: 0.1}} {
		_, err := s.Solve(ctx, p.hessian(), p.g1y, make([]float64, p.d2))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%T: %v, want context.Canceled", s, err)
		}
	}
}

// TestCGNearlySingular: a Hessian singular in exact arithmetic but not in
// floating point (rank 1, with b outside its range) gives CG a round-off
// curvature and a step of order 1e16; with FailOnBreakdown that is an
// error naming the singular Hessian, not a solution. The same Hessian with
// λ = 0.1, and an ill-conditioned but regular one (κ = 1e10, truncated to
// 5 iterations, where CG's residual has grown to 500·‖b‖, as it may, by up
// to about 2√κ), are solved without error, the first to the exact solution
// within 1e-10.
func TestCGNearlySingular(t *testing.T) {
	rank1 := func(dst, v []float64) { dst[0], dst[1] = 2*v[0]-2*v[1], -2*v[0]+2*v[1] }
	b := []float64{0.3, 1}
	w := make([]float64, 2)
	_, err := (&CG{FailOnBreakdown: true}).Solve(context.Background(), Hessian{Apply: rank1}, b, w)
	if err == nil || !strings.Contains(err.Error(), "singular to working precision") || !strings.Contains(err.Error(), "solver.lambda > 0") {
		t.Errorf("rank-1 Hessian, λ = 0: err = %v, w = %v; want a singular-Hessian error", err, w)
	}
	_, err = (&CG{Lambda: 0.1, FailOnBreakdown: true}).Solve(context.Background(), Hessian{Apply: rank1}, b, w)
	// (H + 0.1 I)⁻¹ b for H = [[2, −2], [−2, 2]]: along (1, 1)/√2 the
	// eigenvalue is 0.1, along (1, −1)/√2 it is 4.1.
	s, d := (b[0]+b[1])/2, (b[0]-b[1])/2
	want := []float64{s/0.1 + d/4.1, s/0.1 - d/4.1}
	if err != nil || math.Abs(w[0]-want[0]) > 1e-10 || math.Abs(w[1]-want[1]) > 1e-10 {
		t.Errorf("λ = 0.1: w = %v, err = %v; want %v", w, err, want)
	}
	// From a warm start, a b of zero leaves round-off in the residual,
	// which is no growth: a regular Hessian solves without error.
	spd := func(dst, v []float64) { dst[0], dst[1] = 2*v[0]+v[1], v[0]+3*v[1] }
	w = []float64{0.3, -1.7}
	// The solution of H w = 0 is w = 0 (tolerance 1e-12).
	if _, err := (&CG{WarmStart: true, FailOnBreakdown: true}).Solve(context.Background(), Hessian{Apply: spd}, []float64{0, 0}, w); err != nil || math.Abs(w[0]) > 1e-12 || math.Abs(w[1]) > 1e-12 {
		t.Errorf("warm start, b = 0: error %v, w = %v; want no error and w = 0", err, w)
	}
	const n = 6
	diag := func(dst, v []float64) {
		for i := range v {
			dst[i] = math.Pow(1e-2, float64(i)) * v[i] // eigenvalues 1 … 1e-10
		}
	}
	bb := []float64{1, 1, 1, 1, 1, 1}
	info, err := (&CG{Iters: 5, FailOnBreakdown: true}).Solve(context.Background(), Hessian{Apply: diag}, bb, make([]float64, n))
	if err != nil || !(info.Residual > 100*math.Sqrt(n)) {
		t.Errorf("κ = 1e10, 5 iterations: err = %v, residual %g; want no error and a residual above 100·‖b‖", err, info.Residual)
	}
}

// BenchmarkLU compares the package's LU with gonum's LAPACK (Getrf +
// Getrs, as ad.Solve uses) on the follower dimensions of the smooth games.
func BenchmarkLU(b *testing.B) {
	for _, n := range []int{1, 2, 10, 100} {
		a := make([]float64, n*n)
		for i := range a {
			a[i] = math.Sin(float64(i + 1))
		}
		for i := 0; i < n; i++ {
			a[i*n+i] += float64(n)
		}
		rhs := make([]float64, n)
		for i := range rhs {
			rhs[i] = 1
		}
		b.Run(fmt.Sprintf("private/n=%d", n), func(b *testing.B) {
			lu := NewLU(n)
			x := make([]float64, n)
			for b.Loop() {
				copy(lu.A(), a)
				lu.Factorize()
				copy(x, rhs)
				lu.Solve(x)
			}
		})
		b.Run(fmt.Sprintf("lapack/n=%d", n), func(b *testing.B) {
			m := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
			x := blas64.General{Rows: n, Cols: 1, Stride: 1, Data: make([]float64, n)}
			piv := make([]int, n)
			for b.Loop() {
				copy(m.Data, a)
				lapack64.Getrf(m, piv)
				copy(x.Data, rhs)
				lapack64.Getrs(blas.NoTrans, m, x, piv)
			}
		})
	}
}

// TestExactLargeUsesLAPACK: above SmallLU the LAPACK path gives the
// closed form too (a 12×12 tridiagonal Hessian, 1e-12), and a singular
// large Hessian is still an error.
func TestExactLargeUsesLAPACK(t *testing.T) {
	n := 12
	h := make([]float64, n*n)
	for i := 0; i < n; i++ {
		h[i*n+i] = 4
		if i > 0 {
			h[i*n+i-1], h[(i-1)*n+i] = 1, 1
		}
	}
	b := make([]float64, n)
	for i := range b {
		b[i] = float64(i%3) - 1
	}
	hs := Hessian{Row: func(i int) []float64 { return h[i*n : (i+1)*n] }}
	w := make([]float64, n)
	if _, err := (&Exact{Lambda: 0.5}).Solve(context.Background(), hs, b, w); err != nil {
		t.Fatal(err)
	}
	m := mat.NewDense(n, n, append([]float64(nil), h...))
	for i := 0; i < n; i++ {
		m.Set(i, i, m.At(i, i)+0.5)
	}
	var want mat.VecDense
	if err := want.SolveVec(m, mat.NewVecDense(n, append([]float64(nil), b...))); err != nil {
		t.Fatal(err)
	}
	for i := range w {
		if math.Abs(w[i]-want.AtVec(i)) > 1e-12 {
			t.Fatalf("w = %v, want %v", w, want.RawVector().Data)
		}
	}
	zero := make([]float64, n)
	if _, err := (&Exact{}).Solve(context.Background(), Hessian{Row: func(int) []float64 { return zero }}, b, w); err == nil || !strings.Contains(err.Error(), "singular") {
		t.Errorf("singular 12×12: %v", err)
	}
}

// TestExactScalar: the scalar follower's shortcut gives the LU's numbers
// bit for bit (random entries, λ, right-hand sides), and the LU's verdicts:
// a zero H + λI is singular, a NaN Hessian an error naming it.
func TestExactScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 1000; i++ {
		h := []float64{math.Ldexp(r.NormFloat64(), r.IntN(40)-20)}
		lambda := 0.0
		if i%2 == 1 {
			lambda = r.Float64()
		}
		b, w := []float64{r.NormFloat64()}, []float64{0}
		if _, err := (&Exact{Lambda: lambda}).Solve(context.Background(), Hessian{Row: func(int) []float64 { return h }}, b, w); err != nil {
			t.Fatal(err)
		}
		lu := NewLU(1)
		lu.A()[0] = h[0] + lambda
		if !lu.Factorize() {
			t.Fatalf("LU says %v singular", h[0]+lambda)
		}
		want := []float64{b[0]}
		lu.Solve(want)
		if w[0] != want[0] {
			t.Fatalf("H = %v, λ = %v, b = %v: w = %v, LU gives %v", h[0], lambda, b[0], w[0], want[0])
		}
	}
	for _, c := range []struct {
		h, lambda float64
		want      string
	}{{0, 0, "singular (λ = 0)"}, {-0.5, 0.5, "singular (λ = 0.5)"}, {math.NaN(), 0, "follower Hessian ∇yy f2 is NaN"}, {math.Inf(1), 0, "infinite"}} {
		_, err := (&Exact{Lambda: c.lambda}).Solve(context.Background(), Hessian{Row: func(int) []float64 { return []float64{c.h} }}, []float64{1}, []float64{0})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("H = %v, λ = %v: error %v, want one containing %q", c.h, c.lambda, err, c.want)
		}
	}
}
