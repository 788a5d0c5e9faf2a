package markov

import (
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// The structured step computes the Stackelberg gradient (Eq. 19) from the
// factored form of the Hessian blocks (see hessians) instead of dense
// |S||A2|-sized matrices:
//
//	H̃ = Hess22 − cNNᵀ − reg·I = B̃ + U Vᵀ + V Uᵀ,
//	U = diag(pα) S,  V = diag(dp) K2,  B̃ block diagonal (|A2|×|A2| blocks),
//
// so H̃⁻¹ g follows from the Woodbury identity with a 2|S|×2|S|
// capacitance matrix, and Mixedᵀ x from the factors of Mixed. This is the
// same exact quantity as HierGrad (a test checks agreement to 1e-9); it
// costs O(|S|³|A|) instead of O(|S|³|A|³). When a diagonal block or the
// capacitance matrix is ill-conditioned, or the residual check fails, it
// falls back to the dense route.

type structWork struct {
	k2    *mat.Dense // K2 = γ P̄1 M − S M + S (N2 × n)
	v     *mat.Dense // V = diag(dp) K2
	z     *mat.Dense // B̃⁻¹ V
	blk   []float64  // LU factors of the diagonal blocks, n × m2 × m2
	piv   []int      // their pivots, n × m2
	coef  []float64  // scratch of the block solves (m2)
	pair  []float64  // one block's pα and g side by side (m2 × 2)
	zu    []float64  // B̃⁻¹ pα (N2)
	bg    []float64  // B̃⁻¹ g (N2)
	capm  *mat.Dense // capacitance matrix (2n × 2n)
	piv2  []int
	rhs   *mat.VecDense
	y     *mat.VecDense
	x     []float64
	tmpN  []float64
	tmpN2 []float64
	mu    []float64
	hier  []float64
	hx    []float64
	dots  []float64 // row dot products of K1's rows (N1)
	pt    []float64 // Pᵀ: pt[t·(n|A1||A2|) + k] = P[k·n + t], built once
	pv    []float64 // P v2 (n|A1||A2|)
}

// StepGradients returns the two update directions of one Stackelberg PG
// step at (θ1, θ2): the leader's implicit gradient (Eq. 19, with the
// regularisation reg as in HierGrad) and the follower's ∇θ2V2λ (Eq. 9).
// It evaluates the game at OrderGradients and computes the Hessian blocks
// only in factored form (the dense Hess22 and Mixed are not filled). The
// slices are owned by the Evaluator. An entry of θ1 or θ2 that is not
// finite, or a reg that is negative or not finite, is an error naming it,
// returned before anything is evaluated (nil slices), and so are lengths
// of θ1, θ2 other than |S||A1|, |S||A2|.
func (e *Evaluator) StepGradients(theta1, theta2 []float64, reg float64) (leader, follower []float64, err error) {
	if n, m1, m2 := e.n, e.m1, e.m2; len(theta1) != n*m1 || len(theta2) != n*m2 {
		return nil, nil, fmt.Errorf("markov: StepGradients: len(θ1) = %d, len(θ2) = %d; want |S||A1| = %d, |S||A2| = %d", len(theta1), len(theta2), n*m1, n*m2)
	}
	if err := checkThetaFinite("markov: StepGradients", theta1, theta2); err != nil {
		return nil, nil, err
	}
	if err := checkReg(reg); err != nil {
		return nil, nil, err
	}
	pt := e.Eval(theta1, theta2, OrderGradients)
	h, ok := e.structuredHier(reg)
	if !ok {
		// Dense fallback.
		e.Eval(theta1, theta2, OrderHessians)
		h, err = e.HierGrad(reg)
		if err != nil {
			return nil, pt.Grad22, err
		}
	}
	return h, pt.Grad22, nil
}

func (e *Evaluator) structuredHier(reg float64) ([]float64, bool) {
	n, m1, m2 := e.n, e.m1, e.m2
	N1, N2 := n*m1, n*m2
	gamma, lambda := e.g.gamma, e.g.lambda
	e.ensureHess()
	w := e.sw
	if w == nil {
		w = &structWork{
			k2: mat.NewDense(N2, n, nil), v: mat.NewDense(N2, n, nil), z: mat.NewDense(N2, n, nil),
			blk: make([]float64, n*m2*m2), piv: make([]int, N2), coef: make([]float64, m2), pair: make([]float64, 2*m2),
			zu: make([]float64, N2), bg: make([]float64, N2),
			capm: mat.NewDense(2*n, 2*n, nil), piv2: make([]int, 2*n),
			rhs: mat.NewVecDense(2*n, nil), y: mat.NewVecDense(2*n, nil),
			x: make([]float64, N2), tmpN: make([]float64, n), tmpN2: make([]float64, N2),
			mu: make([]float64, n), hier: make([]float64, N1), hx: make([]float64, N2),
			dots: make([]float64, N1),
			pt:   make([]float64, n*m1*m2*n), pv: make([]float64, n*m1*m2),
		}
		// Pᵀ, so that P v2 is a sum of scaled rows (see below).
		rows := n * m1 * m2
		for k := range rows {
			for t, p := range e.g.p[k*n : (k+1)*n] {
				w.pt[t*rows+k] = p
			}
		}
		e.sw = w
	}
	// Factors: dp, pα for both players (as in hessians).
	for s := range n {
		ds, v2s := e.Visitation[s], e.Values2[s]
		for b := range m2 {
			i := s*m2 + b
			e.dp2[i] = ds * e.Pi2[i]
			e.pa2[i] = e.Pi2[i] * (e.q22[i] - v2s)
		}
		for a := range m1 {
			j := s*m1 + a
			e.dp1[j] = ds * e.Pi1[j]
			e.pa1[j] = e.Pi1[j] * (e.q21[j] - v2s)
		}
	}
	// K2 = γ P̄1 M − S M + S, and row by row (while the row is in
	// cache) V = diag(dp) K2 and Z's starting value V.
	p1b := blas64.General{Rows: N2, Cols: n, Stride: n, Data: e.p1bar}
	k2 := w.k2.RawMatrix()
	mr := e.minv.RawMatrix()
	vr := w.v.RawMatrix()
	zr := w.z.RawMatrix()
	blas64.Gemm(blas.NoTrans, blas.NoTrans, gamma, p1b, mr, 0, k2)
	for i := range N2 {
		s := i / m2
		row := k2.Data[i*k2.Stride : i*k2.Stride+n]
		mrow := mr.Data[s*mr.Stride : s*mr.Stride+n]
		mrow = mrow[:len(row)]
		for t := range row {
			row[t] -= mrow[t]
		}
		row[s]++
		d := e.dp2[i]
		vrow := vr.Data[i*vr.Stride : i*vr.Stride+n]
		vrow = vrow[:len(row)]
		for t, x := range row {
			vrow[t] = d * x
		}
		copy(zr.Data[i*zr.Stride:i*zr.Stride+n], vrow)
	}
	// Gauge scale c: mean |diag H|, H_ii = 2 pα_i K2[i,s] dp_i + B_ii.
	c := 0.0
	for i := range N2 {
		s := i / m2
		p, pa := e.Pi2[i], e.pa2[i]
		bii := e.Visitation[s] * (pa - 2*pa*p - lambda*(p-p*p))
		c += math.Abs(2*pa*k2.Data[i*k2.Stride+s]*e.dp2[i] + bii)
	}
	// As in hierWork.solve's first attempt. There is no retry with the
	// own scale here: when the floor hscale makes a block or the
	// capacitance matrix ill-conditioned, the dense fallback decides
	// (and retries), so a structured step that succeeds keeps its numbers.
	c = math.Max(c/float64(N2), e.g.hscale)
	cm := c / float64(m2)
	// Diagonal blocks B̃_s, LU-factored in place. A state Eq. 19 leaves
	// out (unreachable from ρ, or of visitation at the rounding floor:
	// leftOut) has −(c + reg)·I (its whole block is gauge, as in
	// hierWork.solve).
	e.leftOut()
	for s := range n {
		ds := e.Visitation[s]
		blk := w.blk[s*m2*m2 : (s+1)*m2*m2]
		if e.outMask[s] {
			clear(blk)
			for b := range m2 {
				blk[b*m2+b] = -c - reg
			}
			continue
		}
		for b := range m2 {
			i := s*m2 + b
			pb, pab := e.Pi2[i], e.pa2[i]
			for b0 := range m2 {
				j := s*m2 + b0
				v := -pab*e.Pi2[j] - pb*e.pa2[j] + lambda*pb*e.Pi2[j]
				if b0 == b {
					v += pab - lambda*pb
				}
				v = ds*v - cm
				if b0 == b {
					v -= reg
				}
				blk[b*m2+b0] = v
			}
		}
	}
	// A block whose pivots span more than 1e10 in magnitude (relative to
	// its own scale) is treated as singular: the dense route then decides.
	for s := range n {
		blk := w.blk[s*m2*m2 : (s+1)*m2*m2]
		bs := 0.0
		for _, v := range blk {
			bs = max(bs, math.Abs(v)) // as math.Max: NaN propagates
		}
		if !luSmall(blk, w.piv[s*m2:(s+1)*m2], m2, 1e-10*bs) {
			return nil, false
		}
	}
	// Z = B̃⁻¹ V, zu = B̃⁻¹ pα, bg = B̃⁻¹ g.
	// zu and bg are solved together as the two columns of an m2 × 2
	// block (luSolveRows treats its columns independently).
	for s := range n {
		lu := w.blk[s*m2*m2 : (s+1)*m2*m2]
		piv := w.piv[s*m2 : (s+1)*m2]
		luSolveRowsWide(lu, piv, m2, zr.Data[s*m2*n:(s+1)*m2*n], n, w.coef)
		two := w.pair[:2*m2]
		for b := range m2 {
			two[2*b], two[2*b+1] = e.pa2[s*m2+b], e.Grad12[s*m2+b]
		}
		luSolveRows(lu, piv, m2, two, 2)
		for b := range m2 {
			w.zu[s*m2+b], w.bg[s*m2+b] = two[2*b], two[2*b+1]
		}
	}
	// Capacitance matrix [[UᵀB̃⁻¹U, I+UᵀZ], [I+ZᵀU, VᵀZ]].
	cr := w.capm.RawMatrix()
	clear(cr.Data)
	for s := range n {
		d := 0.0
		top := cr.Data[s*cr.Stride+n : s*cr.Stride+2*n]
		for b := range m2 {
			i := s*m2 + b
			d += e.pa2[i] * w.zu[i]
		}
		// top = Σ_b pα_b Z[(s,b),:] over the nonzero pα_b.
		accumulateRuns(top, e.pa2[s*m2:(s+1)*m2], zr.Data[s*m2*zr.Stride:], zr.Stride)
		cr.Data[s*cr.Stride+s] = d
		top[s]++
	}
	for s := range n {
		for t := range n {
			cr.Data[(n+t)*cr.Stride+s] = cr.Data[s*cr.Stride+n+t]
		}
	}
	br := blas64.General{Rows: n, Cols: n, Stride: cr.Stride, Data: cr.Data[n*cr.Stride+n:]}
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, vr, zr, 0, br)
	// rhs = [Uᵀ bg; Vᵀ bg].
	rhs := w.rhs.RawVector().Data
	clear(rhs)
	for i := range N2 {
		s := i / m2
		rhs[s] += e.pa2[i] * w.bg[i]
	}
	blas64.Gemv(blas.Trans, 1, vr, blas64.Vector{N: N2, Inc: 1, Data: w.bg}, 0, blas64.Vector{N: n, Inc: 1, Data: rhs[n:]})
	// LU of the capacitance matrix; its conditioning is guarded by the
	// residual check below (a condition estimate would cost as much as
	// the factorisation).
	if !lapack64.Getrf(cr, w.piv2) {
		return nil, false
	}
	pmin, pmax := math.Inf(1), 0.0
	for i := range 2 * n {
		p := math.Abs(cr.Data[i*cr.Stride+i])
		pmin, pmax = min(pmin, p), max(pmax, p) // as math.Min, math.Max (NaN propagates)
	}
	if !(pmin > 1e-13*pmax) {
		return nil, false
	}
	y := w.y.RawVector().Data
	copy(y, rhs)
	if gonumTrsm {
		luSolveVec(cr.Data, cr.Stride, w.piv2, y) // = lapack64.Getrs, bit for bit
	} else {
		lapack64.Getrs(blas.NoTrans, cr, blas64.General{Rows: 2 * n, Cols: 1, Stride: 1, Data: y}, w.piv2)
	}
	// x = bg − (B̃⁻¹U) y_top − Z y_bot.
	blas64.Gemv(blas.NoTrans, 1, zr, blas64.Vector{N: n, Inc: 1, Data: y[n:]}, 0, blas64.Vector{N: N2, Inc: 1, Data: w.tmpN2})
	for i := range N2 {
		w.x[i] = w.bg[i] - w.zu[i]*y[i/m2] - w.tmpN2[i]
	}
	// Residual check: H̃x = B̃x + U(Vᵀx) + V(Uᵀx) must equal g.
	if !e.residualOK(w, cm, reg) {
		return nil, false
	}
	// hier = Grad11 − Mixedᵀ x, from the factors of Mixed:
	// Mixedᵀx = Cᵀx + diag(dπ1) K1 Sᵀdiag(pα)x + diag(π1α1) S (K2 − S)ᵀ diag(dp) x,
	// K1 u = γ P̄2 (M u) − S (M u) + S u, (K2 − S)ᵀ y = Mᵀ(γ P̄1ᵀ y − Sᵀ y).
	u := w.tmpN
	clear(u)
	for i := range N2 {
		u[i/m2] += e.pa2[i] * w.x[i]
	}
	mu := w.mu
	blas64.Gemv(blas.NoTrans, 1, mr, blas64.Vector{N: n, Inc: 1, Data: u}, 0, blas64.Vector{N: n, Inc: 1, Data: mu})
	copy(w.hier, e.Grad11)
	pmu := w.dots[:N1]
	dotRows(pmu, e.p2bar, mu) // (P̄2 M u)_j
	for j := range N1 {
		s := j / m1
		k1u := gamma*pmu[j] - mu[s] + u[s]
		w.hier[j] -= e.dp1[j] * k1u
	}
	yv := w.tmpN2
	for i := range N2 {
		yv[i] = e.dp2[i] * w.x[i]
	}
	// q = γ P̄1ᵀ y − Sᵀ y  (n), then Mᵀ q.
	q := u // reuse
	blas64.Gemv(blas.Trans, gamma, p1b, blas64.Vector{N: N2, Inc: 1, Data: yv}, 0, blas64.Vector{N: n, Inc: 1, Data: q})
	for i := range N2 {
		q[i/m2] -= yv[i]
	}
	blas64.Gemv(blas.Trans, 1, mr, blas64.Vector{N: n, Inc: 1, Data: q}, 0, blas64.Vector{N: n, Inc: 1, Data: mu})
	for j := range N1 {
		w.hier[j] -= e.pa1[j] * mu[j/m1]
	}
	// Block-diagonal part C: C[(s,b),(s,a)] = dp2[s,b] π1(a|s) (Q2(s,a,b) − Σ_a' π1 Q2(s,a',b)),
	// with Q2 = R2 + γ P v2 (the follower's joint-action Q-function: the
	// Bellman equation of Eq. 3, which the paper does not number; Eq. 13
	// is its reward averaged over π1). pv[k] = Σ_t P(t|k) v2(t), summed
	// from 0 over t ascending with each product and sum rounded — the
	// dot products of P's rows, bit for bit — as Σ_t v2(t)·Pᵀ[t,:].
	f := e.g
	clear(w.pv)
	ad.AccumulateRows(w.pv, e.Values2, w.pt)
	for s := range n {
		xd := w.tmpN2[s*m2 : (s+1)*m2] // tmpN2 is free again: x ⊙ dp2 on block s
		base := 0.0
		for b := range m2 {
			i := s*m2 + b
			xd[b] = w.x[i] * e.dp2[i]
			base += xd[b] * e.q2bar[i]
		}
		pv := w.pv[s*m1*m2 : (s+1)*m1*m2] // [a·m2+b]
		for a := range m1 {
			k0 := (s*m1 + a) * m2
			acc := 0.0
			for b, xb := range xd {
				if xb == 0 {
					continue
				}
				acc += xb * (f.r2[k0+b] + gamma*pv[a*m2+b])
			}
			w.hier[s*m1+a] -= e.Pi1[s*m1+a] * (acc - base)
		}
	}
	return w.hier, true
}

// residualOK checks ‖H̃x − g‖∞ ≤ 1e-8 (‖g‖∞ + ‖H̃‖-scaled ‖x‖∞).
func (e *Evaluator) residualOK(w *structWork, cm, reg float64) bool {
	n, m2 := e.n, e.m2
	N2 := n * m2
	lambda := e.g.lambda
	vr := w.v.RawMatrix()
	hx := w.hx
	// U(Vᵀx): (Vᵀx)_t, then hx_i += pα_i (Vᵀx)_{s(i)}.
	vtx := w.mu
	blas64.Gemv(blas.Trans, 1, vr, blas64.Vector{N: N2, Inc: 1, Data: w.x}, 0, blas64.Vector{N: n, Inc: 1, Data: vtx})
	utx := w.tmpN
	clear(utx)
	for i := range N2 {
		utx[i/m2] += e.pa2[i] * w.x[i]
	}
	blas64.Gemv(blas.NoTrans, 1, vr, blas64.Vector{N: n, Inc: 1, Data: utx}, 0, blas64.Vector{N: N2, Inc: 1, Data: hx})
	for s := range n {
		ds := e.Visitation[s]
		sumx := 0.0
		pax, px := 0.0, 0.0
		for b := range m2 {
			i := s*m2 + b
			sumx += w.x[i]
			pax += e.pa2[i] * w.x[i]
			px += e.Pi2[i] * w.x[i]
		}
		for b := range m2 {
			i := s*m2 + b
			p, pa := e.Pi2[i], e.pa2[i]
			// B_s x = d(s)[pα⊙x − pα (pᵀx) − p (pαᵀx) − λ(p⊙x − p (pᵀx))] − cm Σx − reg x.
			bx := ds*(pa*w.x[i]-pa*px-p*pax-lambda*(p*w.x[i]-p*px)) - cm*sumx - reg*w.x[i]
			if e.outMask[s] {
				// The block is −(c + reg)·I there (c = cm·|A2|).
				bx = -(cm*float64(m2) + reg) * w.x[i]
			}
			hx[i] += pa*vtx[s] + bx
		}
	}
	hmax, xmax, gmax := maxAbsValue(hx), maxAbsValue(w.x), maxAbsValue(e.Grad12)
	res := 0.0
	for i := range N2 {
		res = max(res, math.Abs(hx[i]-e.Grad12[i]))
	}
	return res <= 1e-8*(gmax+hmax) && !math.IsNaN(res) && xmax < math.Inf(1)
}

// luSmall factors the m×m row-major matrix a in place with partial
// pivoting; it reports false if a pivot is below tol in magnitude.
//
// It and luSolveRows are the per-state block factorisation of the
// structured step (many right-hand sides per block, an absolute pivot
// tolerance from the block's scale), part of this package's different
// algorithm rather than a second copy of total.LU: total.LU solves one
// right-hand side and divides by the pivot where luSolveRows multiplies by
// its reciprocal, so sharing either would change the markov reproductions'
// numbers, which must stay bit for bit (issue 11).
func luSmall(a []float64, piv []int, m int, tol float64) bool {
	for k := range m {
		p := k
		for i := k + 1; i < m; i++ {
			if math.Abs(a[i*m+k]) > math.Abs(a[p*m+k]) {
				p = i
			}
		}
		piv[k] = p
		if !(math.Abs(a[p*m+k]) > tol) {
			return false
		}
		if p != k {
			for j := range m {
				a[k*m+j], a[p*m+j] = a[p*m+j], a[k*m+j]
			}
		}
		inv := 1 / a[k*m+k]
		for i := k + 1; i < m; i++ {
			l := a[i*m+k] * inv
			a[i*m+k] = l
			for j := k + 1; j < m; j++ {
				a[i*m+j] -= l * a[k*m+j]
			}
		}
	}
	return true
}

// luSolveRowsWide is luSolveRows for many columns r: the same row
// interchanges, then gonum's Dtrsm with the unit lower and the upper
// factor, whose row operations b_i += (−l)·b_k (skipping l = 0) and
// scaling by 1/a_ii are luSolveRows' b_i −= l·b_k and b_i *= 1/a_ii bit
// for bit, vectorised. gonum's Dtrsm's operations are done by trsmLeft,
// not by the installed BLAS, so the numbers do not depend on it. coef
// has length ≥ m.
func luSolveRowsWide(a []float64, piv []int, m int, b []float64, r int, coef []float64) {
	for k := range m {
		if p := piv[k]; p != k {
			bk, bp := b[k*r:k*r+r], b[p*r:p*r+r]
			for j := range bk {
				bk[j], bp[j] = bp[j], bk[j]
			}
		}
	}
	trsmLeft(false, true, m, r, a, m, b, r, coef)
	trsmLeft(true, false, m, r, a, m, b, r, coef)
}

// luSolveRows solves A X = B in place for the m × r row-major B, given the
// factors of luSmall.
func luSolveRows(a []float64, piv []int, m int, b []float64, r int) {
	for k := range m {
		if p := piv[k]; p != k {
			for j := range r {
				b[k*r+j], b[p*r+j] = b[p*r+j], b[k*r+j]
			}
		}
	}
	for i := 1; i < m; i++ {
		bi := b[i*r : i*r+r]
		for k := range i {
			l := a[i*m+k]
			if l == 0 {
				continue
			}
			bk := b[k*r : k*r+r]
			bk = bk[:len(bi)]
			for j := range bi {
				bi[j] -= l * bk[j]
			}
		}
	}
	for i := m - 1; i >= 0; i-- {
		bi := b[i*r : i*r+r]
		for k := i + 1; k < m; k++ {
			l := a[i*m+k]
			if l == 0 {
				continue
			}
			bk := b[k*r : k*r+r]
			bk = bk[:len(bi)]
			for j := range bi {
				bi[j] -= l * bk[j]
			}
		}
		inv := 1 / a[i*m+i]
		for j := range bi {
			bi[j] *= inv
		}
	}
}
