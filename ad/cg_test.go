package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// spd returns a random symmetric positive-definite n×n matrix QᵀQ + I.
func spd(r *rand.Rand, n int) *mat.SymDense {
	q := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			q.Set(i, j, r.NormFloat64())
		}
	}
	var s mat.SymDense
	s.SymOuterK(1, q.T())
	for i := 0; i < n; i++ {
		s.SetSym(i, i, s.At(i, i)+1)
	}
	return &s
}

func matOperator(m mat.Matrix) LinearOperator {
	return func(dst, v []float64) {
		mat.NewVecDense(len(dst), dst).MulVec(m, mat.NewVecDense(len(v), v))
	}
}

// TestCGAgainstDenseSolve solves (A + λI)x = b by CG and by gonum's dense
// solver (tolerance 1e-8 relative to ‖x‖), from zero and from a random warm
// start x₀ (whose first residual b − (A + λI)x₀ includes the λx₀ term), and
// checks that the reported residual is ‖b − (A+λI)x‖ recomputed
// independently (to 1e-12·‖b‖).
func TestCGAgainstDenseSolve(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, c := range []struct {
		n      int
		lambda float64
	}{{1, 0}, {5, 0}, {20, 0}, {20, 0.5}, {40, 3}} {
		t.Run(fmt.Sprintf("n=%d/λ=%g", c.n, c.lambda), func(t *testing.T) {
			A := spd(r, c.n)
			b := make([]float64, c.n)
			for i := range b {
				b[i] = r.NormFloat64()
			}
			x0 := make([]float64, c.n)
			for i := range x0 {
				x0[i] = r.NormFloat64()
			}
			for _, warm := range []bool{false, true} {
				x := make([]float64, c.n)
				if warm {
					copy(x, x0)
				}
				res := CG(matOperator(A), b, x, CGSettings{Lambda: c.lambda, Tol: 1e-12, MaxIter: 10 * c.n}, nil)
				reg := mat.NewDense(c.n, c.n, nil)
				reg.Copy(A)
				for i := 0; i < c.n; i++ {
					reg.Set(i, i, reg.At(i, i)+c.lambda)
				}
				var want mat.VecDense
				if err := want.SolveVec(reg, mat.NewVecDense(c.n, b)); err != nil {
					t.Fatal(err)
				}
				xn := mat.Norm(&want, 2)
				for i := range x {
					if math.Abs(x[i]-want.AtVec(i)) > 1e-8*xn {
						t.Errorf("warm start %v: x[%d] = %.12g, dense solve %.12g", warm, i, x[i], want.AtVec(i))
					}
				}
				var ax mat.VecDense
				ax.MulVec(reg, mat.NewVecDense(c.n, x))
				rr := 0.0
				for i := range b {
					rr += (b[i] - ax.AtVec(i)) * (b[i] - ax.AtVec(i))
				}
				bn := mat.Norm(mat.NewVecDense(c.n, b), 2)
				if math.Abs(math.Sqrt(rr)-res.Residual) > 1e-12*bn {
					t.Errorf("reported residual %g, recomputed %g", res.Residual, math.Sqrt(rr))
				}
				if res.Residual > 1e-12*bn*10 || res.Iterations < 1 || res.Iterations > 10*c.n {
					t.Errorf("warm start %v: result %+v", warm, res)
				}
			}
		})
	}
}

// TestCGLargeLambdaLimit: as λ → ∞, (A + λI)⁻¹b → b/λ (Proposition 2 of the
// Stackelberg actor-critic paper); with λ = 1e8 and ‖A‖ ≈ 10² the relative
// gap is about ‖A‖/λ, so the test allows 1e-5.
func TestCGLargeLambdaLimit(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	n := 12
	A := spd(r, n)
	b := make([]float64, n)
	for i := range b {
		b[i] = r.NormFloat64()
	}
	const lambda = 1e8
	x := make([]float64, n)
	CG(matOperator(A), b, x, CGSettings{Lambda: lambda}, nil)
	for i := range x {
		if math.Abs(x[i]*lambda-b[i]) > 1e-5*math.Abs(b[i])+1e-12 {
			t.Errorf("λ·x[%d] = %.10g, b = %.10g", i, x[i]*lambda, b[i])
		}
	}
}

// TestCGSettings checks the iteration cap, a warm start at the solution
// (zero iterations), b = 0, and that a supplied work buffer means no
// allocation.
func TestCGSettings(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 30
	A := spd(r, n)
	b := make([]float64, n)
	for i := range b {
		b[i] = r.NormFloat64()
	}
	x := make([]float64, n)
	res := CG(matOperator(A), b, x, CGSettings{MaxIter: 3}, nil)
	if res.Iterations != 3 || !(res.Residual > 1e-6) {
		t.Errorf("MaxIter 3: %+v, want 3 iterations and an unconverged residual", res)
	}
	// Continue from there to convergence, then restart at the solution.
	CG(matOperator(A), b, x, CGSettings{Tol: 1e-13, MaxIter: 1000}, nil)
	res = CG(matOperator(A), b, x, CGSettings{Tol: 1e-6}, nil)
	if res.Iterations != 0 {
		t.Errorf("warm start at the solution: %+v, want 0 iterations", res)
	}
	// Operator applications: one per iteration from x₀ = 0 (r₀ = b needs
	// no product), one more from a non-zero start.
	calls := 0
	counted := func(dst, v []float64) { calls++; matOperator(A)(dst, v) }
	clear(x)
	res = CG(counted, b, x, CGSettings{MaxIter: 5}, nil)
	if calls != res.Iterations || res.Iterations != 5 {
		t.Errorf("zero start: %d applications for %d iterations", calls, res.Iterations)
	}
	calls = 0
	res = CG(counted, b, x, CGSettings{MaxIter: 2}, nil)
	if calls != res.Iterations+1 {
		t.Errorf("warm start: %d applications for %d iterations, want one more", calls, res.Iterations)
	}
	zero := make([]float64, n)
	clear(x)
	if res = CG(matOperator(A), zero, x, CGSettings{}, nil); res.Iterations != 0 || res.Residual != 0 {
		t.Errorf("b = 0: %+v", res)
	}
	// b = 0 from a warm start: the solution is x = 0 exactly (as from a
	// cold start), with no iteration and no operator application; before,
	// CG iterated against a stopping test of 0 to its cap.
	for _, s := range []CGSettings{{}, {MaxIter: 4}, {Lambda: 0.5}} {
		for i := range x {
			x[i] = float64(i + 1)
		}
		calls = 0
		if res = CG(counted, zero, x, s, nil); res.Iterations != 0 || res.Residual != 0 || calls != 0 {
			t.Errorf("b = 0 from a warm start, %+v: %+v after %d applications, want 0 iterations, residual 0", s, res, calls)
		}
		for i, v := range x {
			if v != 0 {
				t.Fatalf("b = 0 from a warm start, %+v: x[%d] = %g, want 0", s, i, v)
			}
		}
	}
	diag := func(dst, v []float64) {
		for i := range dst {
			dst[i] = float64(i+1) * v[i]
		}
	}
	work := make([]float64, 3*n)
	if a := testing.AllocsPerRun(10, func() {
		clear(x)
		CG(diag, b, x, CGSettings{}, work)
	}); a != 0 {
		t.Errorf("CG with a work buffer: %v allocations, want 0", a)
	}
	for i := range x {
		if !near(x[i], b[i]/float64(i+1), 1e-9) {
			t.Errorf("diagonal solve x[%d] = %g, want %g", i, x[i], b[i]/float64(i+1))
		}
	}
}

// TestCGWithHVPOperator solves H x = b matrix-free, with H·v an HVP of the
// quadratic game recorded once as a compiled Program, and compares with the
// closed-form Hessian's dense solve (tolerance 1e-8).
func TestCGWithHVPOperator(t *testing.T) {
	n := 4
	q := newQuadGame(3, n)
	// Make the game convex in (x, y): A, C ← A Aᵀ + n·I, B small.
	for _, M := range []*Tensor{&q.A, &q.C} {
		m := mat.NewDense(n, n, M.Data)
		var s mat.Dense
		s.Mul(m, m.T())
		for i := 0; i < n; i++ {
			s.Set(i, i, s.At(i, i)+float64(n))
		}
		copy(M.Data, s.RawMatrix().Data)
	}
	for i := range q.B.Data {
		q.B.Data[i] *= 0.1
	}
	tp := NewTape()
	x, y := tp.Var(Zeros(1, n)), tp.Var(Zeros(1, n))
	vx, vy := tp.Const(Zeros(1, n)), tp.Const(Zeros(1, n))
	_, _, hx, hy := gradHVP(q.record(x, y), x, y, vx, vy)
	p := Compile([]*Node{vx, vy}, []*Node{hx, hy})
	op := func(dst, v []float64) {
		p.SetInput(0, v[:n])
		p.SetInput(1, v[n:])
		p.Run()
		copy(dst[:n], p.Output(0))
		copy(dst[n:], p.Output(1))
	}
	b := []float64{1, -1, 2, 0.5, 0, 3, -2, 1}
	sol := make([]float64, 2*n)
	CG(op, b, sol, CGSettings{Tol: 1e-13, MaxIter: 100}, nil)
	H := q.hessian()
	var want mat.VecDense
	if err := want.SolveVec(mat.NewDense(2*n, 2*n, H.Data), mat.NewVecDense(2*n, b)); err != nil {
		t.Fatal(err)
	}
	for i := range sol {
		if !near(sol[i], want.AtVec(i), 1e-8) {
			t.Errorf("x[%d] = %.12g, dense %.12g", i, sol[i], want.AtVec(i))
		}
	}
}
