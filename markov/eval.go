package markov

import (
	"fmt"

	"github.com/stackel/stackel/ad"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// Order selects how much an Evaluator computes.
type Order int

const (
	// OrderValues computes V1 and V2λ (Eq. 1-6).
	OrderValues Order = iota
	// OrderGradients adds the four gradients ∇θi Vj.
	OrderGradients
	// OrderHessians adds the follower's Hessian blocks ∇²θ2 V2λ and
	// ∇θ1 ∇θ2 V2λ.
	OrderHessians
)

// Point is the exact first- and second-order information of a game at
// (θ1, θ2). Parameters and gradients are flat: index s*|A1|+a for the
// leader, s*|A2|+b for the follower. Slices and matrices are owned by the
// Evaluator that produced the Point and are overwritten by its next call.
type Point struct {
	// V1 = V1(θ1,θ2)(ρ) (Eq. 5) and V2 = V2λ(θ1,θ2)(ρ) (Eq. 6).
	V1, V2 float64
	// Values1[s] = V̄1(s) (Eq. 1), Values2[s] = V̄2λ(s) (Eq. 3).
	Values1, Values2 []float64
	// Visitation[s] = Σ_τ γ^τ Pr(s^τ = s | s^0 ~ ρ), the unnormalised
	// discounted state visitation (it sums to 1/(1-γ)).
	Visitation []float64
	// Pi1, Pi2 are the softmax policies of Eq. 7, flat like θ.
	Pi1, Pi2 []float64

	// Grad11 = ∇θ1 V1, Grad12 = ∇θ2 V1, Grad21 = ∇θ1 V2λ, Grad22 = ∇θ2 V2λ.
	// With Q the state-action values and d the visitation,
	// ∇θi(s,a) V = d(s) πi(a|s) (Qi(s,a) - V(s)), where for V2λ the
	// Q-function carries the entropy term -λ log π2 (soft advantage).
	Grad11, Grad12, Grad21, Grad22 []float64

	// Hess22 = ∇²θ2 V2λ, |S||A2| × |S||A2|, symmetric. It is always
	// singular along the |S| directions that add a constant to θ2(s,·)
	// (the softmax ignores them, Remark 2); see HierGrad.
	Hess22 *mat.Dense
	// Mixed = ∂(∇θ2 V2λ)/∂θ1, |S||A2| × |S||A1|: Mixed[i][j] =
	// ∂²V2λ/∂θ2_i∂θ1_j. The paper's ∇θ1,θ2 V2λ (Eq. 17-19) is its
	// transpose.
	Mixed *mat.Dense
}

// Evaluator computes exact values, gradients and Hessian blocks of a game
// by linear solves with (I - γ P_π), reusing its workspaces between calls.
// It is not safe for concurrent use; make one per goroutine.
type Evaluator struct {
	g         *flatGame
	n, m1, m2 int
	order     Order

	Point

	logpi2 []float64
	p1bar  []float64 // [(s*m2+b)*n+t] = Σ_a π1(a|s) P(t|s,a,b)   (Eq. 14)
	p2bar  []float64 // [(s*m1+a)*n+t] = Σ_b π2(b|s) P(t|s,a,b)
	r1, r2 []float64 // expected one-step rewards under π (r2 has the entropy term)
	ppi    *mat.Dense
	a      *mat.Dense // I - γ P_π
	ipiv   []int
	iwork  []int      // n, luInverse's permutation
	fwork  []float64  // n, luInverse's row buffer
	minv   *mat.Dense // M = (I - γ P_π)^{-1}
	q2     []float64  // [(s*m1+a)*m2+b] = R2 + γ Σ_t P v2 (no entropy term; dense Mixed only)
	r1a    []float64  // Σ_b π2 R1 (n*m1); r2a likewise for R2
	r2a    []float64
	r1b    []float64 // Σ_a π1 R1 (n*m2); r2b likewise for R2
	r2b    []float64
	q11    []float64 // Σ_b π2 Q1          (n*m1)
	q12    []float64 // Σ_a π1 Q1          (n*m2)
	q21    []float64 // Σ_b π2 (Q2 - λ log π2)   (n*m1)
	q22    []float64 // Σ_a π1 Q2 - λ log π2     (n*m2)
	q2bar  []float64 // Σ_a π1 Q2                 (n*m2)
	ev1a   []float64 // P̄2 v1 (n*m1); ev2a = P̄2 v2
	ev2a   []float64
	ev1b   []float64 // P̄1 v1 (n*m2); ev2b = P̄1 v2
	ev2b   []float64

	k1, k2   *mat.Dense // K_i = γ P̄ M - S M + S  (n*mi × n)
	k1t, k2t []float64  // their transposes, n × n*mi
	dp2, pa2 []float64  // d(s)π2(b|s), π2(b|s)α2(s,b)
	dp1, pa1 []float64  // d(s)π1(a|s), π1(a|s)α1(s,a) with α1 the V2λ advantage

	hw *hierWork // hierarchical-gradient workspace (dense)
	// out lists the states Eq. 19 leaves out at the last Eval and outMask
	// marks them (leftOut).
	out     []int
	outMask []bool
	sw      *structWork // structured step workspace

	br      *brWork   // best-response oracle
	brTheta []float64 // θ2 = log B(θ1) for Hierarchical
}

// NewEvaluator returns an Evaluator for g (validating g).
func NewEvaluator(g *Game) (*Evaluator, error) {
	f, err := g.prepared()
	if err != nil {
		return nil, err
	}
	n, m1, m2 := f.n, f.m1, f.m2
	e := &Evaluator{g: f, n: n, m1: m1, m2: m2}
	e.Pi1 = make([]float64, n*m1)
	e.Pi2 = make([]float64, n*m2)
	e.logpi2 = make([]float64, n*m2)
	e.p1bar = make([]float64, n*m2*n)
	e.p2bar = make([]float64, n*m1*n)
	e.r1 = make([]float64, n)
	e.r2 = make([]float64, n)
	e.ppi = mat.NewDense(n, n, nil)
	e.a = mat.NewDense(n, n, nil)
	e.minv = mat.NewDense(n, n, nil)
	e.ipiv = make([]int, n)
	e.iwork = make([]int, n)
	e.fwork = make([]float64, n)
	e.Values1 = make([]float64, n)
	e.Values2 = make([]float64, n)
	e.Visitation = make([]float64, n)
	e.r1a = make([]float64, n*m1)
	e.r2a = make([]float64, n*m1)
	e.r1b = make([]float64, n*m2)
	e.r2b = make([]float64, n*m2)
	e.q2 = make([]float64, n*m1*m2)
	e.q11 = make([]float64, n*m1)
	e.q12 = make([]float64, n*m2)
	e.q21 = make([]float64, n*m1)
	e.q22 = make([]float64, n*m2)
	e.q2bar = make([]float64, n*m2)
	e.ev1a = make([]float64, n*m1)
	e.ev2a = make([]float64, n*m1)
	e.ev1b = make([]float64, n*m2)
	e.ev2b = make([]float64, n*m2)
	e.Grad11 = make([]float64, n*m1)
	e.Grad12 = make([]float64, n*m2)
	e.Grad21 = make([]float64, n*m1)
	e.Grad22 = make([]float64, n*m2)
	return e, nil
}

func (e *Evaluator) ensureHess() {
	if e.Hess22 != nil {
		return
	}
	n, m1, m2 := e.n, e.m1, e.m2
	e.Hess22 = mat.NewDense(n*m2, n*m2, nil)
	e.Mixed = mat.NewDense(n*m2, n*m1, nil)
	e.k1 = mat.NewDense(n*m1, n, nil)
	e.k2 = mat.NewDense(n*m2, n, nil)
	e.k1t = make([]float64, n*n*m1)
	e.k2t = make([]float64, n*n*m2)
	e.dp1 = make([]float64, n*m1)
	e.pa1 = make([]float64, n*m1)
	e.dp2 = make([]float64, n*m2)
	e.pa2 = make([]float64, n*m2)
}

// Dims returns the dimensions (|S|, |A1|, |A2|) of the Evaluator's game,
// so Eval takes len(θ1) = |S||A1| and len(θ2) = |S||A2|.
func (e *Evaluator) Dims() (states, actions1, actions2 int) { return e.n, e.m1, e.m2 }

// Eval evaluates the game at (θ1, θ2) up to the given order and returns
// the Point, which aliases the Evaluator's workspaces. It panics if the
// parameter lengths are not |S||A1| and |S||A2|.
func (e *Evaluator) Eval(theta1, theta2 []float64, order Order) *Point {
	n, m1, m2 := e.n, e.m1, e.m2
	if len(theta1) != n*m1 || len(theta2) != n*m2 {
		panic(fmt.Sprintf("markov: Eval: len(θ1)=%d, len(θ2)=%d; want %d, %d", len(theta1), len(theta2), n*m1, n*m2))
	}
	f := e.g
	gamma, lambda := f.gamma, f.lambda
	e.order = order
	for s := range n {
		softmaxRow(e.Pi1[s*m1:(s+1)*m1], theta1[s*m1:(s+1)*m1])
		softmaxRow(e.Pi2[s*m2:(s+1)*m2], theta2[s*m2:(s+1)*m2])
		logSoftmaxRow(e.logpi2[s*m2:(s+1)*m2], theta2[s*m2:(s+1)*m2])
	}
	// Averaged transitions (Eq. 14) for both players and P_π.
	ppi := e.ppi.RawMatrix()
	for s := range n {
		pi1 := e.Pi1[s*m1 : (s+1)*m1]
		pi2 := e.Pi2[s*m2 : (s+1)*m2]
		lp2 := e.logpi2[s*m2 : (s+1)*m2]
		p1b := e.p1bar[s*m2*n : (s+1)*m2*n]
		p2b := e.p2bar[s*m1*n : (s+1)*m1*n]
		clear(p1b)
		clear(p2b)
		clear(e.r1a[s*m1 : (s+1)*m1])
		clear(e.r2a[s*m1 : (s+1)*m1])
		clear(e.r1b[s*m2 : (s+1)*m2])
		clear(e.r2b[s*m2 : (s+1)*m2])
		// P̄2[(s,a),:] = Σ_b π2(b|s) P(·|s,a,b) and P̄1[(s,b),:] =
		// Σ_a π1(a|s) P(·|s,a,b) (Eq. 14), each entry summed from 0 in
		// the order b (resp. a) ascending with every product and sum
		// rounded: the loop over (a, b) with dst1 += wa·p, dst2 += wb·p
		// that this replaces, bit for bit, in ad's AVX2 loop.
		ps := f.p[s*m1*m2*n : (s+1)*m1*m2*n]
		for a := range m1 {
			ad.AccumulateRows(p2b[a*n:(a+1)*n], pi2, ps[a*m2*n:(a+1)*m2*n])
		}
		for b := range m2 {
			ad.AccumulateRowsStride(p1b[b*n:(b+1)*n], pi1, ps[b*n:], m2*n)
		}
		r1, r2 := 0.0, 0.0
		for a := range m1 {
			wa := pi1[a]
			for b := range m2 {
				wb := pi2[b]
				k := (s*m1+a)*m2 + b
				r1 += wa * wb * f.r1[k]
				r2 += wa * wb * f.r2[k]
				e.r1a[s*m1+a] += wb * f.r1[k]
				e.r2a[s*m1+a] += wb * f.r2[k]
				e.r1b[s*m2+b] += wa * f.r1[k]
				e.r2b[s*m2+b] += wa * f.r2[k]
			}
		}
		ent := 0.0
		for b := range m2 {
			ent -= pi2[b] * lp2[b]
		}
		e.r1[s] = r1
		e.r2[s] = r2 + lambda*ent
		// P_π[s,:] = Σ_b π2(b|s) P̄1[(s,b),:], b ascending from 0.
		prow := ppi.Data[s*ppi.Stride : s*ppi.Stride+n]
		clear(prow)
		ad.AccumulateRows(prow, pi2, p1b)
	}
	// A = I - γ P_π, M = A^{-1}.
	ar := e.a.RawMatrix()
	for s := range n {
		row := ar.Data[s*ar.Stride : s*ar.Stride+n]
		prow := ppi.Data[s*ppi.Stride : s*ppi.Stride+n]
		for t := range n {
			row[t] = -gamma * prow[t]
		}
		row[s] += 1
	}
	// A is strictly diagonally dominant (γ < 1, and P's rows sum to 1:
	// Validate divides a row off by more than rounding by its sum): never
	// singular, so the LU factorisation needs no condition estimate.
	lapack64.Getrf(e.a.RawMatrix(), e.ipiv)
	mr := e.minv.RawMatrix()
	if ar.Stride != n || mr.Stride != n {
		panic("markov: A, M not contiguous")
	}
	luInverse(ar.Data, n, e.ipiv, mr.Data, e.iwork, e.fwork) // = Getrs(A, I), bit for bit
	// v_i = M r_i (Eq. 1, 3), d = Mᵀ ρ.
	dotRows2(e.Values1, e.Values2, mr.Data[:n*n], e.r1, e.r2)
	clear(e.Visitation)
	for s, rs := range f.rho {
		if rs == 0 {
			continue
		}
		row := mr.Data[s*mr.Stride : s*mr.Stride+n]
		for t, mv := range row {
			e.Visitation[t] += rs * mv
		}
	}
	e.V1, e.V2 = 0, 0
	for s, rs := range f.rho {
		e.V1 += rs * e.Values1[s]
		e.V2 += rs * e.Values2[s]
	}
	if order < OrderGradients {
		return &e.Point
	}
	// Averaged Q-functions from the averaged transitions (Eq. 13-14 for
	// the follower's, their analogue averaged over π2 for the leader's):
	// Σ_b π2 Q1(s,a,b) = R̄1(s,a) + γ P̄2[(s,a),:]·v1, etc. The full
	// Q(s,a,b) is never needed for the gradients.
	dotRows2(e.ev1a, e.ev2a, e.p2bar, e.Values1, e.Values2)
	dotRows2(e.ev1b, e.ev2b, e.p1bar, e.Values1, e.Values2)
	for s := range n {
		pi1 := e.Pi1[s*m1 : (s+1)*m1]
		pi2 := e.Pi2[s*m2 : (s+1)*m2]
		lp2 := e.logpi2[s*m2 : (s+1)*m2]
		ent := 0.0
		for b := range m2 {
			ent -= pi2[b] * lp2[b]
		}
		for a := range m1 {
			j := s*m1 + a
			e.q11[j] = e.r1a[j] + gamma*e.ev1a[j]
			e.q21[j] = e.r2a[j] + gamma*e.ev2a[j] + lambda*ent
		}
		for b := range m2 {
			i := s*m2 + b
			e.q12[i] = e.r1b[i] + gamma*e.ev1b[i]
			e.q2bar[i] = e.r2b[i] + gamma*e.ev2b[i]
			e.q22[i] = e.q2bar[i] - lambda*lp2[b]
		}
		ds := e.Visitation[s]
		v1s, v2s := e.Values1[s], e.Values2[s]
		for a := range m1 {
			e.Grad11[s*m1+a] = ds * pi1[a] * (e.q11[s*m1+a] - v1s)
			e.Grad21[s*m1+a] = ds * pi1[a] * (e.q21[s*m1+a] - v2s)
		}
		for b := range m2 {
			e.Grad12[s*m2+b] = ds * pi2[b] * (e.q12[s*m2+b] - v1s)
			e.Grad22[s*m2+b] = ds * pi2[b] * (e.q22[s*m2+b] - v2s)
		}
	}
	if order < OrderHessians {
		return &e.Point
	}
	e.hessians()
	return &e.Point
}

// hessians fills Hess22 and Mixed. Derivation (forward-mode derivative of
// the analytic gradient; for x = A⁻¹b, dx = A⁻¹(db - dA x)): a change of
// θi(s0,c) moves only row s0 of P_π and r, so dv = M[:,s0]·π(c|s0)α(s0,c)
// and dd = d(s0)π(c|s0) K[(s0,c),:] with K = γP̄M - SM + S (γP_πM = M - I).
// This gives
//
//	Hess22 = B + diag(pα) S K2ᵀ diag(dp) + diag(dp) K2 Sᵀ diag(pα)
//	Mixed  = C + diag(pα) S K1ᵀ diag(dπ1) + diag(dp)(K2 - S) Sᵀ diag(π1α1)
//
// with p = π2, α = the follower's soft advantage, S the state selector and
// B, C block diagonal per state.
func (e *Evaluator) hessians() {
	e.ensureHess()
	n, m1, m2 := e.n, e.m1, e.m2
	gamma, lambda := e.g.gamma, e.g.lambda
	// Full Q2(s,a,b) = R2 + γ P v2, for the block-diagonal part of Mixed.
	f := e.g
	blas64.Gemv(blas.NoTrans, gamma, blas64.General{Rows: n * m1 * m2, Cols: n, Stride: n, Data: f.p},
		blas64.Vector{N: n, Inc: 1, Data: e.Values2}, 0, blas64.Vector{N: n * m1 * m2, Inc: 1, Data: e.q2})
	for k, r := range f.r2 {
		e.q2[k] += r
	}
	N2, N1 := n*m2, n*m1
	// K2 = γ P̄1 M - S M + S, K1 = γ P̄2 M - S M + S.
	p1b := mat.NewDense(N2, n, e.p1bar) // no copy: wraps the slice
	p2b := mat.NewDense(N1, n, e.p2bar)
	e.k2.Mul(p1b, e.minv)
	e.k1.Mul(p2b, e.minv)
	mr := e.minv.RawMatrix()
	fixK := func(k *mat.Dense, m int, kt []float64) {
		kr := k.RawMatrix()
		rows := n * m
		for j := range rows {
			s0 := j / m
			row := kr.Data[j*kr.Stride : j*kr.Stride+n]
			mrow := mr.Data[s0*mr.Stride : s0*mr.Stride+n]
			for t := range n {
				row[t] = gamma*row[t] - mrow[t]
			}
			row[s0] += 1
			for t := range n {
				kt[t*rows+j] = row[t]
			}
		}
	}
	fixK(e.k2, m2, e.k2t)
	fixK(e.k1, m1, e.k1t)
	for s := range n {
		ds := e.Visitation[s]
		v2s := e.Values2[s]
		for b := range m2 {
			i := s*m2 + b
			p := e.Pi2[i]
			e.dp2[i] = ds * p
			e.pa2[i] = p * (e.q22[i] - v2s)
		}
		for a := range m1 {
			j := s*m1 + a
			p := e.Pi1[j]
			e.dp1[j] = ds * p
			e.pa1[j] = p * (e.q21[j] - v2s)
		}
	}
	hr := e.Hess22.RawMatrix()
	xr := e.Mixed.RawMatrix()
	k2r := e.k2.RawMatrix()
	for i := range N2 {
		s := i / m2
		pai, dpi := e.pa2[i], e.dp2[i]
		ktRow := e.k2t[s*N2 : (s+1)*N2] // K2[j, s] over j
		kiRow := k2r.Data[i*k2r.Stride : i*k2r.Stride+n]
		hrow := hr.Data[i*hr.Stride : i*hr.Stride+N2]
		for j := range N2 {
			hrow[j] = pai*ktRow[j]*e.dp2[j] + dpi*kiRow[j/m2]*e.pa2[j]
		}
		// Block-diagonal part B_s = d(s)[diag(pα) - pα pᵀ - p (pα)ᵀ - λ(diag(p) - p pᵀ)].
		ds := e.Visitation[s]
		pb := e.Pi2[i]
		for b0 := range m2 {
			j := s*m2 + b0
			v := -pai*e.Pi2[j] - pb*e.pa2[j] + lambda*pb*e.Pi2[j]
			if j == i {
				v += pai - lambda*pb
			}
			hrow[j] += ds * v
		}
		// Mixed row.
		kt1 := e.k1t[s*N1 : (s+1)*N1]
		xrow := xr.Data[i*xr.Stride : i*xr.Stride+N1]
		for j := range N1 {
			s0 := j / m1
			kv := kiRow[s0]
			if s0 == s {
				kv--
			}
			xrow[j] = pai*kt1[j]*e.dp1[j] + dpi*kv*e.pa1[j]
		}
		// Block-diagonal part C: d(s) π2(b|s) π1(a0|s) (Q2(s,a0,b) - Σ_a π1 Q2(s,a,b)).
		b := i - s*m2
		qb := e.q2bar[i]
		for a0 := range m1 {
			j := s*m1 + a0
			xrow[j] += dpi * e.Pi1[j] * (e.q2[(s*m1+a0)*m2+b] - qb)
		}
	}
}
