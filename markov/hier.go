package markov

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MaxCond is the condition number above which the (regularised) follower
// Hessian is reported as singular.
const MaxCond = 1e13

// ErrSingularHessian is wrapped by the error returned when the follower's
// Hessian block cannot be inverted (Assumption 2 fails at that point).
var ErrSingularHessian = errors.New("singular follower Hessian ∇²θ2 V2λ")

// HierGrad returns the leader's Stackelberg (implicit) gradient of Eq. 19
// at the point of the last Eval, which must have been at OrderHessians:
//
//	∇V1 = ∇θ1V1 − ∇θ1θ2V2λ (∇²θ2V2λ)⁻¹ ∇θ2V1
//
// i.e. with Mixed = ∂(∇θ2V2λ)/∂θ1 = (∇θ1θ2V2λ)ᵀ and H = Hess22,
// ∇V1 = Grad11 − Mixedᵀ H⁻¹ Grad12. This is the total derivative
// d/dθ1 V1(θ1, B(θ1)) of Eq. 18 when θ2 = B(θ1), by Eq. 17.
//
// H is singular along the |S| directions that add a constant to θ2(s,·);
// following Remark 2 the inverse is taken on their complement (the
// gradient and the columns of Mixed lie in it), which is the same as
// inverting H − c N Nᵀ for the orthonormal basis N of those directions
// and any c > 0. Here c = max(mean |diag H|, hscale) with hscale =
// (λ + span R2/(1−γ))/(1−γ), a coarse a-priori scale of |H| which makes a
// Hessian that vanishes up to rounding singular; it can exceed H's
// largest eigenvalue by orders of magnitude (5e4 times in a random game
// at γ = 0.99), and the MaxCond test applies to the condition number of
// the matrix with c in it. When that test fails and the floor was active, the solve is
// repeated with c = mean |diag H|, the matrix's own scale, and accepted
// if its condition number is at most MaxCond and H does not vanish up to
// rounding, mean |diag H| ≥ 1e-10·hscale (see ownScaleApplies): H is then
// judged by its conditioning on the complement of the shift directions.
// A solve that passes with c = max(mean |diag H|, hscale) is never
// repeated, so its numbers do not depend on the retry. When both fail,
// Eq. 19 is solved once more in the policy's scale (scaledSolve): near a
// nearly deterministic best response H's rows scale like d(s)π2(b|s), and
// its condition number in θ2 grows like 1/min π2 while H stays invertible
// on the complement (Assumption 2) and Eq. 18 well conditioned. reg ≥ 0 adds the
// regularisation −reg·I (minus: the follower maximises, so H is negative
// semidefinite near its best response and H − reg·I stays invertible).
// The returned slice is owned by the Evaluator. An error wrapping
// ErrSingularHessian is returned when the regularised matrix has
// condition number above MaxCond with both gauge scales (with the first
// only, when the retry does not apply) and in the policy's scale. Eq. 19
// is taken without the states unreachable from ρ and those whose
// visitation is at the rounding floor 1e3·ε·Σ_t|d(t)|, where V1
// and V2λ do not depend on θ2 in float64. A reg
// that is negative or not finite is an error saying so (Config.Validate
// refuses it for Run).
func (e *Evaluator) HierGrad(reg float64) ([]float64, error) {
	if e.order < OrderHessians {
		panic("markov: HierGrad needs a preceding Eval at OrderHessians")
	}
	if err := checkReg(reg); err != nil {
		return nil, err
	}
	if e.hw == nil {
		e.hw = newHierWork(e.n, e.m1, e.m2, e.g.hscale)
	}
	return e.hw.solve(&e.Point, reg, e.leftOut(), e.Visitation)
}

// checkReg refuses a regularisation reg of Eq. 19 that is negative or not
// finite: H − reg·I with reg < 0 moves the negative semidefinite H
// towards singularity instead of away from it, and a NaN or an infinite
// reg was reported as a singular follower Hessian.
func checkReg(reg float64) error {
	if !(reg >= 0) || math.IsInf(reg, 0) {
		return fmt.Errorf("markov: reg = %v: must be finite and >= 0 (Eq. 19 inverts the follower Hessian as H − reg·I)", reg)
	}
	return nil
}

// hierWork holds the workspaces of the implicit-gradient solve.
type hierWork struct {
	n, m1, m2 int
	hscale    float64
	ht        *mat.Dense
	lu        mat.LU
	xs, rhs   *mat.VecDense
	hier      []float64
}

func newHierWork(n, m1, m2 int, hscale float64) *hierWork {
	return &hierWork{n: n, m1: m1, m2: m2, hscale: hscale,
		ht: mat.NewDense(n*m2, n*m2, nil),
		xs: mat.NewVecDense(n*m2, nil), rhs: mat.NewVecDense(n*m2, nil),
		hier: make([]float64, n*m1)}
}

// solve computes Grad11 − Mixedᵀ (Hess22 − cNNᵀ − reg·I)⁻¹ Grad12 (Eq. 19),
// with c = max(mean |diag H|, hscale), or c = mean |diag H| when that
// fails the MaxCond test and ownScaleApplies (see HierGrad).
//
// inactive (nil: none) lists the states at which V1 and V2λ do not depend
// on θ2(s,·): the states unreachable from ρ (visitation 0) and those of
// visitation at the rounding floor (Evaluator.leftOut), or for a
// sampled estimate the states no trajectory of the batch visited. There
// the Hessian's rows and columns, Grad12 and Mixed's rows vanish (up to
// rounding, at the floor), and B(θ1)
// is any policy (Section II defines it through V2λ(ρ)), so Eq. 19 is taken
// on the other states' parameters: the whole block θ2(s,·) joins the gauge
// directions (its diagonal block becomes −(c + reg)·I), which gives x = 0
// there and Eq. 19 of the game without those states.
func (w *hierWork) solve(pt *Point, reg float64, inactive []int, visit []float64) ([]float64, error) {
	// A non-finite block is no matrix to factor: name what overflowed
	// rather than report it as singular (its condition number is NaN or
	// +Inf for that reason alone).
	if err := overflowed(pt); err != nil {
		return nil, err
	}
	own := meanAbsDiag(pt.Hess22)
	c := math.Max(own, w.hscale)
	cond := w.factor(pt.Hess22, c, reg, inactive)
	if !(cond <= MaxCond) {
		if !w.ownScaleApplies(own) {
			// The floor was not active (own ≥ hscale), or H is small
			// against it: the one other attempt is the policy's scale.
			if hier, ok := w.scaledSolve(pt, reg, inactive, visit); ok {
				return hier, nil
			}
			return nil, w.singularCause(pt, inactive, fmt.Errorf("%w (condition number %.3g; also in the policy's scale)", ErrSingularHessian, cond))
		}
		// The floor hscale was active and may have made a well-posed
		// problem look singular: retry with the matrix's own scale.
		if ownCond := w.factor(pt.Hess22, own, reg, inactive); !(ownCond <= MaxCond) {
			if hier, ok := w.scaledSolve(pt, reg, inactive, visit); ok {
				return hier, nil
			}
			return nil, w.singularCause(pt, inactive, fmt.Errorf("%w (condition number %.3g with the gauge scale c = %.3g, %.3g with c = mean |diag H| = %.3g; also in the policy's scale)",
				ErrSingularHessian, cond, c, ownCond, own))
		}
	}
	N2, N1 := w.n*w.m2, w.n*w.m1
	copy(w.rhs.RawVector().Data, pt.Grad12)
	if err := w.lu.SolveVecTo(w.xs, false, w.rhs); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSingularHessian, err)
	}
	// hier = Grad11 − Mixedᵀ x.
	copy(w.hier, pt.Grad11)
	xr := pt.Mixed.RawMatrix()
	x := w.xs.RawVector().Data
	for i := range N2 {
		xi := x[i]
		if xi == 0 {
			continue
		}
		row := xr.Data[i*xr.Stride : i*xr.Stride+N1]
		for j, v := range row {
			w.hier[j] -= v * xi
		}
	}
	return w.hier, nil
}

// ownScaleVanish is the ratio to hscale below which mean |diag H| counts as
// a Hessian that vanishes up to rounding (see ownScaleApplies).
const ownScaleVanish = 1e-10

// ownScaleApplies reports whether solve may retry, after the MaxCond check
// failed with c = max(own, hscale), with c = own = mean |diag H|: the floor
// hscale was active (own < hscale; otherwise the retry is the same solve)
// and H does not vanish up to rounding, own ≥ ownScaleVanish·hscale. H's
// entries are sums of terms bounded by about hscale, so rounding leaves a
// vanishing H at about ε·hscale ≈ 2e-16·hscale (measured: 2e-18·hscale
// for a follower indifferent to its action at γ = 0.99); 1e-10·hscale is
// ≥ 4e5 times that, and is below the Hessians of well-posed games at
// γ = 0.99 to 0.995 (6e-10 to 3e-5 of hscale for random games with
// unit-scale rewards and λ = 0.1). With c = own the gauge eigenvalues −c
// lie inside H's own spectrum (H is symmetric, so mean |diag H| is at
// most the mean magnitude of its eigenvalues, gauge zeros included, with
// equality when H is semidefinite as near the best response), so the
// condition number is about that of H on the complement of the shift
// directions: the MaxCond test then measures H's own conditioning.
func (w *hierWork) ownScaleApplies(own float64) bool {
	return own < w.hscale && own >= ownScaleVanish*w.hscale
}

// meanAbsDiag returns mean |H_ii|, the gauge scale's own part.
func meanAbsDiag(h *mat.Dense) float64 {
	hr := h.RawMatrix()
	c := 0.0
	for i := range hr.Rows {
		c += math.Abs(hr.Data[i*hr.Stride+i])
	}
	return c / float64(hr.Rows)
}

// factor LU-factors Hess22 − c N Nᵀ − reg·I (the inactive states' blocks
// −(c + reg)·I) into w.lu and returns its condition number.
func (w *hierWork) factor(hess *mat.Dense, c, reg float64, inactive []int) float64 {
	n, m2 := w.n, w.m2
	w.ht.Copy(hess)
	hr := w.ht.RawMatrix()
	cm := c / float64(m2)
	for s := range n {
		for b := range m2 {
			i := s*m2 + b
			row := hr.Data[i*hr.Stride+s*m2 : i*hr.Stride+(s+1)*m2]
			for b0 := range row {
				row[b0] -= cm
			}
			hr.Data[i*hr.Stride+i] -= reg
		}
	}
	for _, s := range inactive {
		// −cm·11ᵀ above, plus −c·I + cm·11ᵀ: −c·I on the whole block.
		for b := range m2 {
			i := s*m2 + b
			row := hr.Data[i*hr.Stride+s*m2 : i*hr.Stride+(s+1)*m2]
			for b0 := range row {
				row[b0] += cm
			}
			row[b] -= c
		}
	}
	w.lu.Factorize(w.ht)
	return w.lu.Cond()
}

// scaledSolve is the last attempt of solve, made only where both gauge
// scales failed the MaxCond test: Eq. 19 in the policy's own scale. Near a
// nearly deterministic best response (small λ against the spread of the
// follower's Q-values) the rows and columns of ∇²θ2V2λ of an action b at
// state s scale like d(s)π2(b|s), so H's condition number grows like
// 1/min π2 although the Hessian is invertible on the complement of the
// shift directions (Assumption 2) and Eq. 18 is well conditioned. With
// the diagonal scaling D = diag(1/√(d(s)π2(b|s))) (d = visit: the
// Point's visitation, or for a sampled one the batch's discounted
// visitation; a state visited only at steps of weight γ^τ ≈ 1e-12 had
// blocks 1e-12 times the others', and with d = 1 the estimate was
// singular), the shift directions of state s become u_s = √π2(·|s) and
//
//	(D(H − reg·Q)D − c Σ_s u_s u_sᵀ) y = D ∇θ2V1,  x = D y,
//
// with c = mean |diag(DHD)| and Q = I − Σ_s e_s e_sᵀ/m2 the projector on
// the complement of the shift directions e_s (equal to I there, so that
// H − reg·Q is H − reg·I on the complement and keeps H's null space),
// solves (H − reg·I) x = ∇θ2V1 on the complement, whatever c
// (∇θ2V1 and D(H − reg·Q)D's range are orthogonal to the u_s); Eq. 19 is then
// ∇θ1V1 − Mixedᵀ x. Inactive states keep the scale 1 and the block
// −(c + reg)·I, as in factor. ok is false when a scale is not finite, when
// D H D vanishes up to rounding (c < ownScaleVanish·hscale, see
// ownScaleApplies) or when the scaled matrix's condition number exceeds
// MaxCond.
func (w *hierWork) scaledSolve(pt *Point, reg float64, inactive []int, visit []float64) (hier []float64, ok bool) {
	n, m2 := w.n, w.m2
	N2, N1 := n*m2, n*w.m1
	skip := make([]bool, n)
	for _, s := range inactive {
		skip[s] = true
	}
	scale := make([]float64, N2)
	for i := range scale {
		s := i / m2
		if skip[s] {
			scale[i] = 1
			continue
		}
		scale[i] = 1 / math.Sqrt(visit[s]*pt.Pi2[i])
		if !finite(scale[i]) {
			return nil, false
		}
	}
	w.ht.Copy(pt.Hess22)
	hr := w.ht.RawMatrix()
	// −reg·Q, Q = I − Σ_s e_s e_sᵀ/m2 the projector on the complement of
	// the shift directions e_s: on the complement it is −reg·I, and
	// H − reg·Q keeps H's null space, so u_s stays D(H − reg·Q)D's null
	// space and the solution does not depend on c (with −reg·I it did).
	rm := reg / float64(m2)
	for i := range N2 {
		row := hr.Data[i*hr.Stride : i*hr.Stride+N2]
		row[i] -= reg
		s := i / m2
		for j := s * m2; j < (s+1)*m2; j++ {
			row[j] += rm
		}
		for j := range row {
			row[j] *= scale[i] * scale[j]
		}
	}
	c := meanAbsDiag(w.ht)
	if !(c >= ownScaleVanish*w.hscale) {
		// D H D vanishes up to rounding too (an indifferent follower at
		// λ = 0): singular in every scale.
		return nil, false
	}
	for s := range n {
		for b := range m2 {
			i := s*m2 + b
			row := hr.Data[i*hr.Stride+s*m2 : i*hr.Stride+(s+1)*m2]
			for b0 := range row {
				if skip[s] {
					row[b0] = 0
					if b0 == b {
						row[b0] = -(c + reg)
					}
					continue
				}
				row[b0] -= c * math.Sqrt(pt.Pi2[i]*pt.Pi2[s*m2+b0])
			}
		}
	}
	w.lu.Factorize(w.ht)
	if cond := w.lu.Cond(); !(cond <= MaxCond) {
		return nil, false
	}
	rhs := w.rhs.RawVector().Data
	for i, g := range pt.Grad12 {
		rhs[i] = scale[i] * g
	}
	if err := w.lu.SolveVecTo(w.xs, false, w.rhs); err != nil {
		return nil, false
	}
	copy(w.hier, pt.Grad11)
	xr := pt.Mixed.RawMatrix()
	y := w.xs.RawVector().Data
	for i := range N2 {
		xi := scale[i] * y[i]
		if xi == 0 {
			continue
		}
		row := xr.Data[i*xr.Stride : i*xr.Stride+N1]
		for j, v := range row {
			w.hier[j] -= v * xi
		}
	}
	if !allFinite(w.hier) {
		return nil, false
	}
	return w.hier, true
}

// ErrOverflow is wrapped by the error HierGrad (and StepGradients)
// return when a quantity of Eq. 19 has non-finite entries: the game's
// scale overflowed float64 there, the Hessian is not singular.
var ErrOverflow = errors.New("overflowed float64")

// overflowError is the error of overflowed: Quantity names the block of
// Eq. 19 that overflowed (the estimators report it as the RunError's
// quantity); it wraps ErrOverflow.
type overflowError struct {
	Quantity string
	Bad, Len int
	First    float64
}

func (e *overflowError) Error() string {
	return fmt.Sprintf("%v: %s has %d non-finite entries of %d (e.g. %v): computing it exceeded float64's range",
		ErrOverflow, e.Quantity, e.Bad, e.Len, e.First)
}

func (e *overflowError) Unwrap() error { return ErrOverflow }

// overflowed returns an error wrapping ErrOverflow (an *overflowError)
// that names the first block of Eq. 19 (∇²θ2V2λ, ∇θ1θ2V2λ, ∇θ2V1, ∇θ1V1)
// with a non-finite entry, with that entry and how many there are; nil
// when all are finite.
func overflowed(pt *Point) error {
	for _, q := range []struct {
		name string
		v    []float64
	}{
		{"follower Hessian ∇²θ2 V2λ", pt.Hess22.RawMatrix().Data},
		{"mixed Hessian ∇θ1θ2 V2λ", pt.Mixed.RawMatrix().Data},
		{"∇θ2 V1", pt.Grad12},
		{"∇θ1 V1", pt.Grad11},
	} {
		bad, first := 0, 0.0
		for _, x := range q.v {
			if !finite(x) {
				if bad == 0 {
					first = x
				}
				bad++
			}
		}
		if bad > 0 {
			return &overflowError{Quantity: q.name, Bad: bad, Len: len(q.v), First: first}
		}
	}
	return nil
}

// singularCause adds to err, the ErrSingularHessian of a failed solve, the
// cause when it is a saturated follower policy: π2(b|s) rounded to exactly
// 0 at a state Eq. 19 is taken on (after steps that sent |θ2| beyond the
// ~745 that exp can resolve, e.g. steps too large for the rewards' scale).
// ∇²θ2V2λ's rows and columns of those actions are then exactly 0 (they
// scale like d(s)π2(b|s)), so the matrix is singular in float64 whatever
// the gauge scale, and the message says so instead of leaving a bare
// "condition number +Inf".
func (w *hierWork) singularCause(pt *Point, inactive []int, err error) error {
	skip := make([]bool, w.n)
	for _, s := range inactive {
		skip[s] = true
	}
	zero, active := 0, 0
	for s := range w.n {
		if skip[s] || (pt.Visitation != nil && pt.Visitation[s] == 0) {
			continue
		}
		for _, p := range pt.Pi2[s*w.m2 : (s+1)*w.m2] {
			active++
			if p == 0 {
				zero++
			}
		}
	}
	if zero == 0 {
		return err
	}
	return fmt.Errorf("%w: the follower's policy is saturated, π2(b|s) = 0 in float64 at %d of the %d (state, action) pairs Eq. 19 is taken on "+
		"(θ2's logits differ by more than exp can resolve, e.g. after steps too large for the rewards' scale), and ∇²θ2 V2λ's rows and columns there are 0",
		err, zero, active)
}
