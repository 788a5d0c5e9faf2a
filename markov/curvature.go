package markov

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Values of Config.Hessian: how the sampled estimator's Stackelberg
// direction (Eq. 19) uses the follower Hessian estimated from the batch.
const (
	// HessianEstimate (default, "") inverts the batch's estimate of
	// ∇²θ2V2λ as it is.
	HessianEstimate = "estimate"
	// HessianEntropyFloor inverts it with its curvature floored at the
	// entropy curvature of the follower's best response (Sampler.
	// HierGradEntropyFloor). It needs λ > 0 and the sampled estimator.
	HessianEntropyFloor = "entropy-floor"
)

// checkHessian validates Config.Hessian against the estimator and λ.
func checkHessian(hessian, estimator string, lambda float64) error {
	switch hessian {
	case "", HessianEstimate:
		return nil
	case HessianEntropyFloor:
		if estimator != Sampled {
			return fmt.Errorf("markov: config: hessian = %q: a setting of the %q estimator (the %q estimator's Hessian is exact)", hessian, Sampled, estimator)
		}
		if !(lambda > 0) {
			return fmt.Errorf("markov: config: hessian = %q needs the game's lambda > 0 (the floor is λ Σ_s d(s)(diag π2 − π2π2ᵀ)); lambda = %v", hessian, lambda)
		}
		return nil
	}
	return fmt.Errorf("markov: config: hessian = %q: want %q or %q", hessian, HessianEstimate, HessianEntropyFloor)
}

// entropyCurvature returns the block s of λ d(s) (diag π2_s − π2_sπ2_sᵀ)
// in the orthonormal basis u of the complement of the shift direction
// (columns of u, m2 × (m2−1)): λ d(s) uᵀ F_s u.
//
// At the follower's best response θ2 = B(θ1) this is −∇²θ2V2λ on state
// s's block: by the soft performance-difference identity, for any π2,
// V2λ(π2) − V2λ(B) = −λ Σ_s d^{π2}(s) KL(π2(·|s) ‖ B(·|s)) (the soft
// advantage of B's own actions vanishes), whose second derivative in θ2
// at B is −λ Σ_s d(s) F_s with F_s = diag π2_s − π2_sπ2_sᵀ, the Fisher
// matrix of the softmax (the change of d^{π2} multiplies a KL of second
// order and drops out).
func entropyCurvature(lambda, d float64, pi []float64, u *mat.Dense) *mat.Dense {
	m := len(pi)
	f := mat.NewDense(m, m, nil)
	for i := range m {
		for j := range m {
			f.Set(i, j, lambda*d*softmaxCov(pi, i, j))
		}
	}
	var t, out mat.Dense
	t.Mul(f, u)
	out.Mul(u.T(), &t)
	return &out
}

// shiftComplement returns an orthonormal basis (m × (m−1), Helmert's) of
// the complement of the vector of ones in R^m.
func shiftComplement(m int) *mat.Dense {
	u := mat.NewDense(m, m-1, nil)
	for k := 1; k < m; k++ {
		nrm := math.Sqrt(float64(k * (k + 1)))
		for b := range k {
			u.Set(b, k-1, 1/nrm)
		}
		u.Set(k, k-1, -float64(k)/nrm)
	}
	return u
}

// floorCurvature returns H', the symmetric matrix that agrees with the
// estimate H on the directions where H is at least as concave as the
// entropy curvature M = λ Σ_s d(s) F_s (entropyCurvature) and equals −M
// times the generalised eigenvalue −1 elsewhere: with Hc = UᵀHU and
// Mc = UᵀMU on the complement U of the shift directions of the active
// states (those not in inactive), and Hc v_i = μ_i Mc v_i,
//
//	H' = U Mc V diag(min(μ_i, −1)) Vᵀ Mc U ᵀ   (Vᵀ Mc V = I),
//
// so that H' ⪯ −M on the complement: every eigenvalue of the estimate
// that is less concave than the best response's curvature (in particular
// one near 0 or of the wrong sign, whose inverse made Eq. 19 tens of
// times too long) is raised to it. At the best response the exact H is
// −M (μ_i = −1), which H' keeps. ok is false when Mc is not positive
// definite (a π2 of an exact 0 at an active state, or d(s) = 0).
func floorCurvature(h *mat.Dense, pi2, visit []float64, lambda float64, n, m2 int, inactive []int) (hp *mat.Dense, ok bool) {
	skip := make([]bool, n)
	for _, s := range inactive {
		skip[s] = true
	}
	var active []int
	for s := range n {
		if !skip[s] {
			active = append(active, s)
		}
	}
	N2 := n * m2
	hp = mat.NewDense(N2, N2, nil)
	r := len(active) * (m2 - 1)
	if r == 0 {
		return hp, true
	}
	us := shiftComplement(m2)
	U := mat.NewDense(N2, r, nil)
	mc := mat.NewSymDense(r, nil)
	for k, s := range active {
		for b := range m2 {
			for c := range m2 - 1 {
				U.Set(s*m2+b, k*(m2-1)+c, us.At(b, c))
			}
		}
		blk := entropyCurvature(lambda, visit[s], pi2[s*m2:(s+1)*m2], us)
		for i := range m2 - 1 {
			for j := i; j < m2-1; j++ {
				mc.SetSym(k*(m2-1)+i, k*(m2-1)+j, 0.5*(blk.At(i, j)+blk.At(j, i)))
			}
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(mc) {
		return nil, false
	}
	var L mat.TriDense
	chol.LTo(&L)
	var li mat.Dense
	if err := li.Inverse(&L); err != nil {
		// A mat.Condition is a warning: L's condition number is that of
		// √(d(s)π2(b|s)) across the states and actions, 1e21 at a
		// follower probability of 1e-44 next to one of 0.5, and the
		// triangular inverse is still computed (each entry from the
		// diagonal's reciprocals); the floor was silently not applied
		// there. Non-finite results are refused below.
		var ce mat.Condition
		if !errors.As(err, &ce) {
			return nil, false
		}
	}
	// Hc = Uᵀ H U, symmetrised; A = L⁻¹ Hc L⁻ᵀ has the eigenvalues μ_i.
	var t, hc, a mat.Dense
	t.Mul(h, U)
	hc.Mul(U.T(), &t)
	t.Reset()
	t.Mul(&li, &hc)
	a.Mul(&t, li.T())
	as := mat.NewSymDense(r, nil)
	for i := range r {
		for j := i; j < r; j++ {
			as.SetSym(i, j, 0.5*(a.At(i, j)+a.At(j, i)))
		}
	}
	var es mat.EigenSym
	if !es.Factorize(as, true) {
		return nil, false
	}
	mu := es.Values(nil)
	var V mat.Dense
	es.VectorsTo(&V)
	for i, m := range mu {
		mu[i] = math.Min(m, -1)
	}
	// H'c = L V diag(μ') Vᵀ Lᵀ; H' = U H'c Uᵀ.
	var lv, lvd, hcp, uh mat.Dense
	lv.Mul(&L, &V)
	lvd.Scale(1, &lv)
	for j := range r {
		for i := range r {
			lvd.Set(i, j, lvd.At(i, j)*mu[j])
		}
	}
	hcp.Mul(&lvd, lv.T())
	uh.Mul(U, &hcp)
	hp.Mul(&uh, U.T())
	if !allFinite(hp.RawMatrix().Data) {
		return nil, false
	}
	return hp, true
}

// HierGradEntropyFloor is HierGrad with the estimated follower Hessian
// floored at the entropy curvature of the best response (floorCurvature):
// Eq. 19 with H replaced by H' ⪯ −λ Σ_s d̂(s)(diag π2_s − π2_sπ2_sᵀ) on
// the complement of the shift directions, d̂ the batch's discounted
// visitation. The score-function estimate of ∇²θ2V2λ is the noisiest of
// Eq. 19's blocks (on Builtin("random") at θ = 0 its relative error is
// 2.6 at batch 256 and 0.6 at 5000, and an eigenvalue crosses 0 in 139
// and 29 of 200 batches), and its inverse made the direction's length
// heavy-tailed; the floor bounds the inverse by that of the best
// response's Hessian, which is exact at θ2 = B(θ1), the points Theorem 1
// converges to. Away from the best response it biases the direction
// where the follower's exact H is less concave than −λDF. It needs
// λ > 0 (an error otherwise); when the floor cannot be formed (a
// follower probability of exactly 0 at a visited state) the estimate is
// used as it is. Panics as HierGrad does.
func (sp *Sampler) HierGradEntropyFloor(reg float64) ([]float64, error) {
	visit, err := sp.hierSetup("HierGradEntropyFloor", reg)
	if err != nil {
		return nil, err
	}
	if !(sp.g.lambda > 0) {
		return nil, fmt.Errorf("markov: hessian = %q needs lambda > 0 (lambda = %v)", HessianEntropyFloor, sp.g.lambda)
	}
	if err := overflowed(&sp.Point); err != nil {
		return nil, err
	}
	hp, ok := floorCurvature(sp.Hess22, sp.Pi2, visit, sp.g.lambda, sp.n, sp.m2, sp.unseen)
	if !ok {
		return sp.hw.solve(&sp.Point, reg, sp.unseen, visit)
	}
	pt := sp.Point
	pt.Hess22 = hp
	return sp.hw.solve(&pt, reg, sp.unseen, visit)
}

// softmaxCov is entry (i, j) of diag π − ππᵀ, the softmax's Fisher matrix
// (the negated Hessian of log π(b|s) in the logits). The diagonal is
// formed as π_i Σ_{k≠i} π_k: as π_i − π_i² it lost every digit where the
// other actions' mass is below ε (π_i rounds to 1, the entry to 0).
func softmaxCov(pi []float64, i, j int) float64 {
	if i != j {
		return -pi[i] * pi[j]
	}
	rest := 0.0
	for k, p := range pi {
		if k != i {
			rest += p
		}
	}
	return pi[i] * rest
}
