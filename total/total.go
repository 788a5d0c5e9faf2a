package total

import (
	"context"
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/loop"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// Hessian is the follower Hessian ∇yy f2 at the current point, given as
// Hessian–vector products (for CG and Unrolled) and, where available, as
// dense rows (for Exact).
type Hessian struct {
	// Apply sets dst = ∇yy f2 · v.
	Apply ad.LinearOperator
	// Apply32, when not nil, is Apply computed in float32 (a Hessian
	// recorded on a float32 tape): Apply(dst, v) must equal Apply32 on v
	// rounded to float32, widened. CG then runs ad.CG32, which gives the
	// same numbers as CG on Apply without its conversion passes.
	Apply32 ad.LinearOperator32
	// Row returns row i of ∇yy f2 (nil when only products are
	// available).
	Row func(i int) []float64
}

// Info reports how the implicit term was computed.
type Info struct {
	// Iterations is the number of CG iterations or unrolled steps (0 for
	// Exact).
	Iterations int
	// Residual is the norm of CG's final recurrence residual
	// (r ← r − α(H + λI)p, ad.CGResult.Residual), 0 for the other
	// solvers. It equals ‖b − (H + λI)w‖ in exact arithmetic but may fall
	// far below it in floating point once the iterates stop improving.
	Residual float64
	// RelResidual is Residual/‖b‖, the quantity CG's tolerance bounds (0
	// when b = 0 and for the other solvers).
	RelResidual float64
	// Capped reports a CG solve that stopped at its iteration cap (CG.Iters,
	// or len(b) for 0) with RelResidual above its tolerance (CG.Tol, or
	// 1e-10 for 0): w is then not (H + λI)⁻¹b to the tolerance asked, and
	// the solve is no error (not even with FailOnBreakdown). False for the
	// other solvers.
	Capped bool
}

// Solver computes the implicit term w = (H + λI)⁻¹ b of the total
// derivative into w (of length len(b)), starting from the w passed in when
// the solver is iterative and warm starts are wanted.
type Solver interface {
	// Solve writes the solution for b into w as above, polling ctx when it
	// iterates, and reports its work in Info. It only reads b, which w must
	// not overlap; on error w's contents are unspecified.
	Solve(ctx context.Context, h Hessian, b, w []float64) (Info, error)
}

// Derivative writes Df1^λ = g1x − (∇yx f2)ᵀ w into dst, where
// w = (∇yy f2 + λI)⁻¹ g1y is computed by s into w, and mixed(w) returns
// (∇yx f2)ᵀ w = ∇x(∇y f2 · w) (the mixed product, in a buffer of dst's
// length that mixed owns). dst may alias g1x. On error
// dst is left unchanged. A nil s or mixed is an error; so are lengths that
// do not fit (dst and g1x, w and g1y, the mixed product and dst), and so
// is a NaN or infinite g1x, g1y, w or mixed product, named
// (loop.Diverged): with one of them non-finite Df1 would be too (or, for g1y, silently wrong: CG stops at
// once on a non-finite ‖g1y‖).
func Derivative(ctx context.Context, s Solver, dst, g1x, g1y []float64, h Hessian, w []float64, mixed func(w []float64) []float64) (Info, error) {
	switch {
	case s == nil:
		return Info{}, fmt.Errorf("total derivative: no solver (Exact, CG or Unrolled)")
	case mixed == nil:
		return Info{}, fmt.Errorf("total derivative: no mixed product function")
	}
	if len(dst) != len(g1x) || len(w) != len(g1y) {
		return Info{}, fmt.Errorf("total derivative: dst, ∇x f1, w and ∇y f1 have %d, %d, %d and %d elements (want dst and ∇x f1, w and ∇y f1 equally long)", len(dst), len(g1x), len(w), len(g1y))
	}
	if err := checkFinite("leader gradient ∇x f1", g1x); err != nil {
		return Info{}, err
	}
	info, err := s.Solve(ctx, h, g1y, w)
	if err != nil {
		return info, err
	}
	if err := checkFinite("leader implicit term (∇yy f2 + λI)⁻¹ ∇y f1", w); err != nil {
		// A non-finite ∇y f1 makes w non-finite (CG reports it itself:
		// from zero it stopped at once, with w = 0): name it. Checked
		// here rather than before the solve, which would cost a pass
		// over ∇y f1 every update.
		if gerr := checkFinite("leader gradient ∇y f1", g1y); gerr != nil {
			return info, gerr
		}
		return info, err
	}
	m := mixed(w)
	if len(m) != len(dst) {
		return info, fmt.Errorf("total derivative: the mixed product has %d elements, ∇x f1 %d", len(m), len(dst))
	}
	if err := checkFinite("mixed product (∇yx f2)ᵀ w", m); err != nil {
		return info, err
	}
	for i := range dst {
		dst[i] = g1x[i] - m[i]
	}
	return info, nil
}

// Exact solves (H + λI)w = b with the dense Hessian rows and an LU
// factorisation with partial pivoting: the package's LU for follower
// dimensions up to SmallLU, gonum's LAPACK (Getrf/Getrs) above, the faster
// of the two at each size (BenchmarkLU: 1×1 56 against 202 ns, 2×2 143
// against 373 ns, 10×10 4.6 against 3.0 µs, 100×100 1.0 against 0.50 ms,
// one core of the shared machine). Both treat a pivot of at most 1e-13 of
// the largest entry of H + λI as singular, and a non-finite H + λI or
// pivot (finite entries whose elimination overflowed) as an overflow, both
// errors naming the follower Hessian (loop.Diverged). A matrix found
// singular so is factored again equilibrated, D(H + λI)D with D diagonal
// (powers of 2 near 1/√ of each row's largest entry), and called singular
// only if that fails the same test: a follower whose coordinates have
// curvatures of very different sizes, diag(2e6, 2e-8), is regular (not
// "singular: the implicit map is undefined", as without the second
// factorisation), and a matrix that factors without it gives the same
// bits as without it. Its buffers grow to
// the follower dimension on first use; an Exact value is not safe for
// concurrent use.
type Exact struct {
	// Lambda is λ ≥ 0.
	Lambda float64
	lu     *LU
	piv    []int
	d      []float64 // the equilibration's scale factors (equilibrate)
}

// SmallLU is the largest dimension Exact factors with the package's LU.
const SmallLU = 4

// Solve factors H + λI and solves. A singular matrix is an error that
// says what to do about it.
func (e *Exact) Solve(_ context.Context, h Hessian, b, w []float64) (Info, error) {
	if err := checkArgs("exact", h.Row != nil, "dense rows (Hessian.Row)", e.Lambda, b, w); err != nil {
		return Info{}, err
	}
	n := len(b)
	switch n {
	case 0:
		// No follower coordinates: the 0×0 system has the empty solution,
		// and Df1 is ∇x f1 (as CG and Unrolled give it).
		return Info{}, nil
	case 1:
		return e.solve1(h, b, w)
	}
	if e.lu == nil || e.lu.n != n {
		e.lu = NewLU(n)
	}
	if err := e.fill(h); err != nil {
		return Info{}, err
	}
	res := e.factorize()
	scaled := false
	if res == singular {
		// The pivot test is relative to the largest entry, so it calls a
		// regular H + λI singular when its coordinates' curvatures differ
		// by 10¹³ (diag(2e6, 2e-8)): factor it again in other units.
		if err := e.fill(h); err != nil {
			return Info{}, err
		}
		res, scaled = e.equilibrate(), true
		if res == factored {
			res = e.factorize()
		}
	}
	switch res {
	case singular:
		return Info{}, e.singular()
	case overflown:
		return Info{}, e.overflow()
	}
	copy(w, b)
	if scaled {
		// D(H + λI)D z = Db, w = Dz.
		for i, d := range e.d {
			w[i] *= d
		}
	}
	if n <= SmallLU {
		e.lu.Solve(w)
	} else {
		lapack64.Getrs(blas.NoTrans, e.general(), blas64.General{Rows: n, Cols: 1, Stride: 1, Data: w}, e.piv)
	}
	if scaled {
		for i, d := range e.d {
			w[i] *= d
		}
	}
	return Info{}, nil
}

// fill copies the rows of H + λI into the LU's matrix, checking each row's
// length and that it is finite.
func (e *Exact) fill(h Hessian) error {
	n := e.lu.n
	a := e.lu.A()
	for i := 0; i < n; i++ {
		row := h.Row(i)
		if err := checkRow(row, i, n); err != nil {
			return err
		}
		if err := checkFinite("follower Hessian ∇yy f2", row); err != nil {
			return err
		}
		copy(a[i*n:], row)
		a[i*n+i] += e.Lambda
	}
	return nil
}

// equilibrate scales the LU's matrix A = H + λI to DAD in place, with
// D = diag(d_i) and d_i the power of 2 nearest 1/√r_i, r_i = max_j |a_ij|
// (so that every entry of DAD is at most about 2 in size, and a row of
// small entries is no longer negligible next to a row of large ones). The
// factors are powers of 2, so the scaling itself is exact unless an entry
// underflows (one at most 2⁻⁹⁷⁰ of its row's and column's maxima). DAD is
// singular exactly when A is. It reports singular for a zero row, and
// overflown if a scaled entry is not finite.
func (e *Exact) equilibrate() factorResult {
	n, a := e.lu.n, e.lu.a
	if len(e.d) != n {
		e.d = make([]float64, n)
	}
	d, ok := equilibration(ad.Tensor{Rows: n, Cols: n, Data: a})
	if !ok {
		return singular // a zero row (the rows are finite)
	}
	copy(e.d, d)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := a[i*n+j] * e.d[i] * e.d[j]
			if !finite(v) {
				return overflown
			}
			a[i*n+j] = v
		}
	}
	return factored
}

// solve1 is Solve for a scalar follower (the duopolies), where the
// factorisation is one division: the same arithmetic and the same verdicts
// as the LU (a zero pivot is singular, an infinite one an overflow; the
// row and λ are finite, so the pivot is not NaN), without its buffers and
// loops.
func (e *Exact) solve1(h Hessian, b, w []float64) (Info, error) {
	row := h.Row(0)
	if err := checkRow(row, 0, 1); err != nil {
		return Info{}, err
	}
	if err := checkFinite("follower Hessian ∇yy f2", row); err != nil {
		return Info{}, err
	}
	a := row[0] + e.Lambda
	if math.IsInf(a, 0) {
		return Info{}, e.overflow()
	}
	if a == 0 {
		return Info{}, e.singular()
	}
	w[0] = b[0] / a
	return Info{}, nil
}

// checkArgs returns an error, naming the solver, when the Hessian lacks
// what the solver needs (has is false) or when w is not of b's length
// (Solver: the solution is written into all of w, which a shorter w would
// truncate and a longer one leave partly stale).
func checkArgs(solver string, has bool, what string, lambda float64, b, w []float64) error {
	if !has {
		return fmt.Errorf("%s solver: the follower Hessian has no %s", solver, what)
	}
	if !(lambda >= 0) || math.IsInf(lambda, 0) {
		// A negative λ shifts the spectrum towards 0 (or past it): the
		// solve is of another system than (∇yy f2 + λI), λ ≥ 0.
		return fmt.Errorf("%s solver: λ = %g; want a finite λ ≥ 0", solver, lambda)
	}
	if len(w) != len(b) {
		return fmt.Errorf("%s solver: w has %d elements, b has %d", solver, len(w), len(b))
	}
	return nil
}

// checkRow returns an error unless row i of an n×n Hessian has n elements
// (a shorter row would leave stale entries of the previous factorisation
// in the matrix).
func checkRow(row []float64, i, n int) error {
	if len(row) != n {
		return fmt.Errorf("exact solver: row %d of the follower Hessian has %d elements, want %d", i, len(row), n)
	}
	return nil
}

// singularQuantity is the quantity a singular H + λI names
// (loop.QuantityOf): the runs that meet one stop as loop.Diverged.
const singularQuantity = "follower Hessian ∇yy f2"

// singular is the error of a singular H + λI.
func (e *Exact) singular() error {
	if e.Lambda == 0 {
		return loop.Diverge(singularQuantity, "follower Hessian ∇yy f2 is singular (λ = 0): the implicit map is undefined; set solver.lambda > 0 (Stackelberg actor-critic, Prop. 2) or start elsewhere")
	}
	return loop.Diverge(singularQuantity, "follower Hessian ∇yy f2 + λI is singular (λ = %g)", e.Lambda)
}

// overflow is the error of an LU factorisation of H + λI that overflowed
// (H finite: H + λI, or the elimination, reached ±Inf).
func (e *Exact) overflow() error {
	return loop.Diverge(singularQuantity, "exact solver: the LU factorisation of the follower Hessian ∇yy f2 + λI (λ = %g) overflowed: its entries are too large to solve with in float64", e.Lambda)
}

func (e *Exact) general() blas64.General {
	return blas64.General{Rows: e.lu.n, Cols: e.lu.n, Stride: e.lu.n, Data: e.lu.a}
}

// factorize factors e.lu.a in place (the package's LU, or LAPACK's Getrf
// with the same verdicts: a non-finite entry or pivot is an overflow, a
// pivot at most singularRel of the largest entry singular).
func (e *Exact) factorize() factorResult {
	n := e.lu.n
	if n <= SmallLU {
		return e.lu.factor()
	}
	scale := 0.0
	for _, v := range e.lu.a {
		scale = max(scale, math.Abs(v)) // the builtin: inlined, NaN-propagating as math.Max
	}
	if math.IsNaN(scale) || math.IsInf(scale, 0) {
		return overflown
	}
	if scale == 0 {
		return singular
	}
	if len(e.piv) != n {
		e.piv = make([]int, n)
	}
	ok := lapack64.Getrf(e.general(), e.piv)
	// Getrf reports only an exact zero pivot, and goes on past a failing
	// one: the first failing pivot decides, as in LU.factor, which stops
	// there.
	for k := 0; k < n; k++ {
		d := math.Abs(e.lu.a[k*n+k])
		if math.IsNaN(d) || math.IsInf(d, 0) {
			return overflown
		}
		if d <= singularRel*scale {
			return singular
		}
	}
	if !ok {
		return singular
	}
	return factored
}

// CG solves (H + λI)w = b by conjugate gradients on Hessian–vector
// products (ad.CG), from zero unless WarmStart, polling ctx every
// iteration. It stops when the recurrence residual is at most Tol·‖b‖,
// after Iters iterations, or on a zero curvature pᵀ(H + λI)p. A NaN or
// infinite residual (a non-finite b or Hessian–vector product) is always
// an error.
//
// CG sees H only on the Krylov space of its first residual. An indefinite
// but regular H + λI is solved as Exact solves it when CG converges
// (negative curvatures are stepped along, not flagged). A singular H + λI
// whose range contains b (λ = 0 and ∇y f1 orthogonal to the null space of
// ∇yy f2) is not detected, even with FailOnBreakdown, where Exact reports
// it singular: from zero the iterates stay in the range, and CG, when it
// converges (always for a positive semidefinite H), gives the least-norm
// solution H⁺b — the limit λ → 0+ of the regularised (H + λI)⁻¹b, so a
// finite and meaningful Df1. From a warm start the start's null-space component is kept, so the
// result then depends on the previous solves. Detecting the null space
// would take work outside the Krylov space (CG's own Lanczos estimates
// cannot see it); runs that need a defined implicit map use λ > 0.
type CG struct {
	// Lambda is λ ≥ 0.
	Lambda float64
	// Iters caps the iterations (0: len(b); negative is an error).
	Iters int
	// Tol is the relative residual tolerance (0: 1e-10; negative, NaN or
	// infinite is an error).
	Tol float64
	// WarmStart starts from the w passed in instead of zero.
	WarmStart bool
	// FailOnBreakdown makes a solve that stopped before Iters iterations
	// without reaching Tol (a zero curvature pᵀ(H + λI)p: a singular or
	// indefinite matrix), or whose residual grew far beyond ‖b‖ (a matrix
	// singular to working precision, or indefinite: see residualGrowth), an
	// error instead of returning its iterate. A singular H with b in its range is no
	// breakdown (see CG).
	FailOnBreakdown bool
	// Threads splits the vector passes of a float32 operator's solve
	// (ad.CG32) over up to Threads goroutines; the numbers are the same
	// bits for every value.
	Threads int
	work    []float64
	work32  []float32
}

// Solve runs CG; a cancelled context is an error wrapping ctx's error.
func (c *CG) Solve(ctx context.Context, h Hessian, b, w []float64) (Info, error) {
	if err := checkArgs("cg", h.Apply != nil || h.Apply32 != nil, "Hessian–vector product (Hessian.Apply)", c.Lambda, b, w); err != nil {
		return Info{}, err
	}
	if err := c.checkSettings(); err != nil {
		return Info{}, err
	}
	if !c.WarmStart {
		clear(w)
	}
	if cap(c.work) < 3*len(b) {
		c.work = make([]float64, 3*len(b))
	}
	settings := ad.CGSettings{Lambda: c.Lambda, MaxIter: c.Iters, Tol: c.Tol, Context: ctx, Threads: c.Threads}
	var res ad.CGResult
	if h.Apply32 != nil {
		if cap(c.work32) < 2*len(b) {
			c.work32 = make([]float32, 2*len(b))
		}
		res = ad.CG32(h.Apply32, b, w, settings, c.work[:3*len(b)], c.work32[:2*len(b)])
	} else {
		res = ad.CG(h.Apply, b, w, settings, c.work[:3*len(b)])
	}
	info := Info{Iterations: res.Iterations, Residual: res.Residual}
	if res.Err != nil {
		return info, fmt.Errorf("conjugate gradient stopped after %d iterations: %w", res.Iterations, res.Err)
	}
	if math.IsNaN(res.Residual) || math.IsInf(res.Residual, 0) {
		return info, c.nonFinite(res, b)
	}
	maxIter, tol := c.limits(len(b))
	bn := 0.0
	for _, v := range b {
		bn += v * v
	}
	bn = math.Sqrt(bn)
	if bn > 0 {
		info.RelResidual = res.Residual / bn
	}
	// ad.CG's own test: it stops once ‖r‖ ≤ tol·‖b‖.
	info.Capped = res.Iterations >= maxIter && res.Residual > tol*bn
	if c.FailOnBreakdown {
		return info, c.breakdown(res, bn, maxIter, tol)
	}
	return info, nil
}

// limits returns the iteration cap and the relative tolerance of a solve
// of n unknowns, the defaults (n, 1e-10) standing for 0 as in ad.CG.
func (c *CG) limits(n int) (maxIter int, tol float64) {
	maxIter, tol = c.Iters, c.Tol
	if maxIter <= 0 {
		maxIter = n
	}
	if tol <= 0 {
		tol = 1e-10
	}
	return maxIter, tol
}

// checkSettings returns an error for an iteration cap or a tolerance that
// CG cannot use: a negative Iters or Tol would silently mean the default,
// and a NaN Tol made ad.CG panic.
func (c *CG) checkSettings() error {
	if c.Iters < 0 {
		return fmt.Errorf("cg solver: iters = %d; want iters ≥ 0 (0: the follower dimension)", c.Iters)
	}
	if !(c.Tol >= 0) || math.IsInf(c.Tol, 0) {
		return fmt.Errorf("cg solver: tol = %g; want a finite tol ≥ 0 (0: 1e-10)", c.Tol)
	}
	return nil
}

// residualGrowth bounds how far CG's residual may grow above ‖b‖ before
// the solve counts as a breakdown. On a symmetric positive definite matrix
// of condition number κ the residual of CG from zero stays within about
// 2√κ·‖b‖, so a growth beyond 2/√ε means κ > 1/ε: the matrix is singular to
// working precision, and CG took a step along a direction of round-off
// curvature (pᵀ(H + λI)p tiny but not zero), whose solution is of the order
// of 1/ε and meaningless. An indefinite matrix, however well conditioned,
// can give CG such a curvature too (between its positive and negative
// eigenvalues), so the error says singular to working precision or
// indefinite.
var residualGrowth = 2 / math.Sqrt(0x1p-52)

// nonFinite is the error of a solve whose residual is NaN or infinite:
// from a non-finite b (CG then stops at once, from zero with w = 0), or
// from Hessian–vector products (or a warm start) that are not finite or
// overflowed. It is an error with or without FailOnBreakdown: the iterate
// is meaningless, and breakdown's tests would call the matrix singular.
func (c *CG) nonFinite(res ad.CGResult, b []float64) error {
	if err := loop.CheckFinite("right-hand side ∇y f1", b); err != nil {
		return loop.Diverge("leader gradient ∇y f1", "cg solver: %w", err)
	}
	start := ""
	if c.WarmStart {
		start = " (or the warm start w)"
	}
	return loop.Diverge("follower Hessian–vector product ∇yy f2·p", "cg solver: the residual is %g after %d iterations: the follower Hessian–vector products ∇yy f2·p%s are not finite or overflowed (λ = %g)", res.Residual, res.Iterations, start, c.Lambda)
}

// indefiniteAdvice is the hint of a singular-or-indefinite error for λ:
// for λ = 0 the implicit map is undefined, or CG does not apply.
func indefiniteAdvice(lambda float64) string {
	if lambda == 0 {
		return ": the implicit map is undefined, or CG does not apply; set solver.lambda > 0 (Stackelberg actor-critic, Prop. 2) or start elsewhere"
	}
	return ": CG does not apply"
}

// breakdown reports a CG solve that stopped early without converging, or,
// started from zero, whose residual grew beyond residualGrowth·‖b‖ (a
// matrix singular to working precision; from a warm start the first
// residual is not b's, and a tiny b leaves a residual of round-off size
// far above it). bn is ‖b‖, maxIter and tol the solve's limits.
func (c *CG) breakdown(res ad.CGResult, bn float64, maxIter int, tol float64) error {
	if !c.WarmStart && !(res.Residual <= residualGrowth*bn) {
		// Not a zero curvature but a tiny one: a matrix singular to working
		// precision, and a step of the order of 1/ε; or an indefinite one,
		// regular and even well conditioned (diag(1, −1 + 1e-12) from
		// b = (1, 1): bᵀHb = 1e-12), whose Krylov space CG cannot tell
		// from a singular one (its next curvature, −5e-13 of ‖p‖², is as
		// small).
		return loop.Diverge(singularQuantity, "follower Hessian ∇yy f2 + λI is singular to working precision or indefinite (λ = %g; CG's residual grew to %.3g, %.3g times ‖∇y f1‖, after %d iterations, on a direction p with pᵀ(∇yy f2 + λI)p about 0)%s; solver.kind: exact solves a regular indefinite one", c.Lambda, res.Residual, res.Residual/bn, res.Iterations, indefiniteAdvice(c.Lambda))
	}
	if res.Iterations >= maxIter || res.Residual <= tol*bn {
		// At the cap: an inexact solve, not a breakdown (Info.Capped).
		return nil
	}
	if c.Lambda == 0 {
		return loop.Diverge(singularQuantity, "follower Hessian ∇yy f2 is singular (λ = 0; CG broke down after %d iterations with residual %.3g, on a direction p with pᵀ∇yy f2 p = 0) or indefinite: the implicit map is undefined, or CG does not apply; set solver.lambda > 0 (Stackelberg actor-critic, Prop. 2) or start elsewhere", res.Iterations, res.Residual)
	}
	return loop.Diverge(singularQuantity, "follower Hessian ∇yy f2 + λI is singular (λ = %g; CG broke down after %d iterations with residual %.3g, on a direction p with pᵀ(∇yy f2 + λI)p = 0) or indefinite", c.Lambda, res.Iterations, res.Residual)
}

// Unrolled approximates (H + λI)⁻¹ b by differentiating through Steps
// gradient steps of size Eta of the follower on f2 + (λ/2)‖y‖²: the
// truncated Neumann series w = η Σ_{i<m} (I − η(H + λI))^i b, exact as
// m → ∞ when 0 < η < 2/‖H + λI‖ and H + λI is positive definite. It polls
// ctx every 1024 steps. Under those conditions every term is at most the
// first, ‖t_i‖ ≤ ‖b‖; a term t_i = (I − η(H + λI))^i b longer than
// unrolledGrowth·‖b‖ at any step i means the series diverges (η beyond
// 2/‖H + λI‖, or H + λI not positive definite): an error naming η, the
// step and the growth (loop.Diverged), not a finite but meaningless w. A
// singular positive semidefinite H + λI (H = diag(1, 0), λ = 0) gives no
// growth of the terms but none of the shrinking either: the terms tend to
// the part of b in the null space, and w grows linearly in m without
// converging. A term that shrinks by less than unrolledStall (relative,
// in ‖t‖²) in a step while still above unrolledStallFloor·‖b‖² in ‖t‖²,
// and without changing sign (which η at 2/‖H + λI‖ does), is that case
// (to working precision: ημ < 5e-11 for every eigenvalue μ of H + λI the
// term still has weight on): an error naming the follower Hessian
// (loop.Diverged) and the step. A convergent series never meets it: its
// terms shrink by at least (1 − ημ_min)² a step.
type Unrolled struct {
	// Lambda is λ ≥ 0.
	Lambda float64
	// Steps is m ≥ 1.
	Steps int
	// Eta is the follower's step: finite, η > 0.
	Eta  float64
	t, u []float64
}

// Solve sums the series: t_0 = b, t_{i+1} = t_i − η(H + λI)t_i,
// w = η Σ t_i.
func (u *Unrolled) Solve(ctx context.Context, h Hessian, b, w []float64) (Info, error) {
	if u.Steps < 1 || !(u.Eta > 0) || math.IsInf(u.Eta, 0) {
		// An infinite η made every term of the series Inf or NaN.
		return Info{}, fmt.Errorf("unrolled follower: steps = %d and eta = %g must be positive (eta finite)", u.Steps, u.Eta)
	}
	if err := checkArgs("unrolled", h.Apply != nil, "Hessian–vector product (Hessian.Apply)", u.Lambda, b, w); err != nil {
		return Info{}, err
	}
	n := len(b)
	if cap(u.t) < n {
		u.t, u.u = make([]float64, n), make([]float64, n)
	}
	t, hv := u.t[:n], u.u[:n]
	copy(t, b)
	clear(w)
	// ‖t_{i+1}‖² is summed in the pass that computes t_{i+1}. Growth is
	// checked only against a finite ‖b‖ and for a finite ‖t‖: a non-finite
	// ∇y f1 or Hessian–vector product makes w non-finite, which
	// Derivative names.
	bn2 := 0.0
	for _, v := range b {
		bn2 += v * v
	}
	limit := unrolledGrowth * unrolledGrowth * bn2
	check := finite(bn2)
	floor := max(unrolledStallFloor*bn2, 1e-290) // no stall test in the subnormals
	prev := bn2                                  // ‖t_i‖²
	for i := 0; i < u.Steps; i++ {
		if ctx != nil && i%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return Info{Iterations: i}, fmt.Errorf("unrolled follower stopped after %d steps: %w", i, err)
			}
		}
		for j := range w {
			w[j] += u.Eta * t[j]
		}
		h.Apply(hv, t)
		tn2, dot := 0.0, 0.0
		for j := range t {
			old := t[j]
			t[j] = old - u.Eta*(hv[j]+u.Lambda*old)
			tn2 += t[j] * t[j]
			dot += t[j] * old
		}
		if check && tn2 > limit && finite(tn2) {
			return Info{Iterations: i + 1}, loop.Diverge(unrolledQuantity, "unrolled follower: the series diverges: its term after %d steps is %.3g times ‖∇y f1‖ (η = %g, λ = %g); it converges only for η < 2/‖∇yy f2 + λI‖ with ∇yy f2 + λI positive definite: lower solver.lr, or raise solver.lambda", i+1, math.Sqrt(tn2/bn2), u.Eta, u.Lambda)
		}
		if check && tn2 >= floor && dot > 0 && tn2 >= (1-unrolledStall)*prev && finite(tn2) {
			return Info{Iterations: i + 1}, loop.Diverge(singularQuantity, "unrolled follower: follower Hessian ∇yy f2 + λI is singular (λ = %g) or nearly (relative to η = %g): the series' term no longer shrinks after %d steps, at %.3g times ‖∇y f1‖, so its sum grows linearly with the steps and does not converge; set solver.lambda > 0 (Stackelberg actor-critic, Prop. 2) or start elsewhere", u.Lambda, u.Eta, i+1, math.Sqrt(tn2/bn2))
		}
		prev = tn2
	}
	return Info{Iterations: u.Steps}, nil
}

// unrolledQuantity is the quantity a divergent unrolled series names
// (loop.QuantityOf).
const unrolledQuantity = "unrolled follower series"

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return v-v == 0 }

// unrolledGrowth is how far the last term of the unrolled series may grow
// above its first before the series counts as divergent: 1 in exact
// arithmetic (the terms of a convergent series never grow), with room for
// the round-off of many steps.
const unrolledGrowth = 1 + 1e-6

// unrolledStall is the least relative decrease of ‖t_i‖² a step below
// which the unrolled series' term counts as no longer shrinking: a
// convergent series' term shrinks by at least 1 − (1 − ημ_min)² ≈ 2ημ_min,
// so only ημ_min < 5e-11 (H + λI singular to working precision relative
// to η) meets it; the margin over round-off (≈ 1e-16 a step, ≈ 1e-14 in a
// long ‖t‖² sum) is a factor of 10⁴.
const unrolledStall = 1e-10

// unrolledStallFloor is the size of ‖t_i‖² relative to ‖b‖² below which
// a term that no longer shrinks is not an error: a part of b in the null
// space of H + λI of round-off size (1e-6 ‖b‖ and less) adds to w at most
// η·1e-6‖b‖ a step.
const unrolledStallFloor = 1e-12

// Graph records Df1^λ on the tape of x and y as differentiable nodes,
// with the dense Hessian and an exact solve (ad.Solve), so that the result
// can itself be differentiated (the Jacobian J_S of equilib). g1x and g1y
// are ∇x f1 and ∇y f1 (1×d1, 1×d2), hRows the d2 rows of ∇yy f2 and mRows
// the d2 rows of ∇yx f2 (row i = ∇x ∂f2/∂y_i). A follower of dimension 0
// (no rows) has no implicit term: the result is g1x. A singular
// ∇yy f2 + λI gives NaN entries (ad.Solve), not a panic: the caller checks
// the value. One that ad.Solve refuses (a reciprocal condition number
// below 1e-16) is solved again rescaled, D(∇yy f2 + λI)D, and gives NaN
// only if that fails too (diag(2e6, 1e-17), regular, gave NaN without
// the rescaling); the choice is made on every evaluation of a compiled
// program, not on the recorded values. Shapes that do not
// fit and a λ that is not finite and ≥ 0 panic with a message naming them
// (as ad's graph builders do).
func Graph(g1x, g1y *ad.Node, hRows, mRows []*ad.Node, lambda float64) *ad.Node {
	checkGraph(g1x, g1y, hRows, mRows, lambda)
	if len(hRows) == 0 {
		return g1x
	}
	h, m := ad.ConcatRows(hRows...), ad.ConcatRows(mRows...)
	if lambda != 0 {
		n := len(hRows)
		eye := ad.Zeros(n, n)
		for i := 0; i < n; i++ {
			eye.Data[i*n+i] = lambda
		}
		h = ad.Add(h, h.Tape().Const(eye))
	}
	z := scaledSolve(h, ad.Transpose(g1y))            // (∇yy f2 + λI)⁻¹ ∇y f1, d2×1
	return ad.Sub(g1x, ad.MatMulT(z, m, true, false)) // 1×d1
}

// scaledSolve records z = A⁻¹b (A n×n, b n×1) so that the choice between
// a plain and a rescaled solve is made each time the graph is evaluated,
// on that evaluation's A, not once on the values the graph was recorded
// with (a compiled ad.Program replays the nodes, and equilib records its
// program at the origin: with the branch taken in Go on the recorded
// values, a program recorded where A was badly scaled solved every later
// A rescaled by the recorded D, NaN for A = I after diag(2e6, 1e-17), and
// one recorded at a well-scaled A never rescaled). A probe ad.Solve(A, b)
// decides: where it is finite (ad.Solve accepted A) the solve is of A and
// b themselves, the same values bit for bit as ad.Solve(A, b), and the
// derivatives too (the rescaled branch receives exact zeros); where it is
// not (a reciprocal condition number below 1e-16), of D A D and D b, with
// d_i = 1/√max_j |a_ij|, and z = D z'. D(DAD)⁻¹D b = A⁻¹b for every
// regular D, so D's dependence on A adds nothing to the derivatives in
// exact arithmetic. A zero row makes D infinite and z NaN, as a matrix
// singular in any units should. The probe only feeds a mask, through
// which no gradient flows.
func scaledSolve(a, b *ad.Node) *ad.Node {
	if a.Value().Rows == 1 {
		// A nonzero 1×1 matrix has reciprocal condition number 1: no
		// scaling changes what ad.Solve accepts (the duopolies).
		return ad.Solve(a, b)
	}
	t := a.Tape()
	probe := ad.Solve(a, b)
	ok := ad.Less(ad.Abs(ad.Sum(probe)), t.Const(ad.Scalar(math.Inf(1)))) // 1×1: 1 where every entry is finite
	d := ad.Div(t.Const(ad.Scalar(1)), ad.Sqrt(ad.RowMax(ad.Abs(a))))     // n×1
	as := ad.Where(ok, a, ad.Mul(a, ad.MatMulT(d, d, false, true)))
	bs := ad.Where(ok, b, ad.Mul(b, d))
	return ad.Mul(ad.Solve(as, bs), ad.Where(ok, t.Const(ad.Scalar(1)), d))
}

// equilibration returns the diagonal scaling of Exact.equilibrate for the
// n×n matrix a: d_i the power of 2 nearest 1/√max_j |a_ij|. ok is false
// when a row is zero or not finite (no scaling makes a regular matrix).
func equilibration(a ad.Tensor) (d []float64, ok bool) {
	n := a.Rows
	d = make([]float64, n)
	for i := 0; i < n; i++ {
		r := 0.0
		for _, v := range a.Data[i*n : i*n+n] {
			r = max(r, math.Abs(v))
		}
		if r == 0 || !finite(r) {
			return nil, false
		}
		_, k := math.Frexp(r) // r = f·2^k, f ∈ [½, 1)
		d[i] = math.Ldexp(1, -k/2)
	}
	return d, true
}

// checkGraph panics unless g1x is 1×d1, g1y 1×d2, hRows d2 rows 1×d2,
// mRows d2 rows 1×d1, and λ finite and ≥ 0 (a NaN λ made every entry NaN
// and a negative one solved another system, without a word; mismatched
// rows panicked inside ad without naming Graph's arguments).
func checkGraph(g1x, g1y *ad.Node, hRows, mRows []*ad.Node, lambda float64) {
	if !(lambda >= 0) || math.IsInf(lambda, 0) {
		panic(fmt.Sprintf("total.Graph: λ = %g; want a finite λ ≥ 0", lambda))
	}
	d1, d2 := g1x.Cols(), g1y.Cols()
	if g1x.Rows() != 1 || g1y.Rows() != 1 || len(hRows) != d2 || len(mRows) != d2 {
		panic(fmt.Sprintf("total.Graph: ∇x f1 is %dx%d, ∇y f1 %dx%d, with %d Hessian rows and %d mixed rows; want 1×d1, 1×d2, d2 and d2", g1x.Rows(), g1x.Cols(), g1y.Rows(), g1y.Cols(), len(hRows), len(mRows)))
	}
	for i := range hRows {
		if hRows[i].Rows() != 1 || hRows[i].Cols() != d2 || mRows[i].Rows() != 1 || mRows[i].Cols() != d1 {
			panic(fmt.Sprintf("total.Graph: Hessian row %d is %dx%d and mixed row %d is %dx%d; want 1x%d and 1x%d", i, hRows[i].Rows(), hRows[i].Cols(), i, mRows[i].Rows(), mRows[i].Cols(), d2, d1))
		}
	}
}

// checkFinite is loop.CheckFinite: the error names the quantity and makes
// the run's status loop.Diverged.
var checkFinite = loop.CheckFinite
