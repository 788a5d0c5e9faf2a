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
// and any c > 0 (here c = max(mean |diag H|, (λ + span R2/(1−γ))/(1−γ)),
// a coarse a-priori scale of |H| which makes a Hessian that vanishes up
// to rounding singular; it can exceed H's largest eigenvalue by orders of
// magnitude, and the MaxCond test applies to the condition number of the
// matrix with c in it). reg ≥ 0 adds the regularisation −reg·I (minus: the
// follower maximises, so H is negative semidefinite near its best
// response and H − reg·I stays invertible). The returned slice is owned by
// the Evaluator. An error wrapping ErrSingularHessian is returned when the
// regularised matrix has condition number above MaxCond.
func (e *Evaluator) HierGrad(reg float64) ([]float64, error) {
	if e.order < OrderHessians {
		panic("markov: HierGrad needs a preceding Eval at OrderHessians")
	}
	if e.hw == nil {
		e.hw = newHierWork(e.n, e.m1, e.m2, e.g.hscale)
	}
	return e.hw.solve(&e.Point, reg, e.g.inactive())
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

// solve computes Grad11 − Mixedᵀ (Hess22 − cNNᵀ − reg·I)⁻¹ Grad12 (Eq. 19).
//
// inactive (nil: none) lists the states at which V1 and V2λ do not depend
// on θ2(s,·): the states unreachable from ρ (visitation 0), or for a
// sampled estimate the states no trajectory of the batch visited. There
// the Hessian's rows and columns, Grad12 and Mixed's rows vanish, and B(θ1)
// is any policy (Section II defines it through V2λ(ρ)), so Eq. 19 is taken
// on the other states' parameters: the whole block θ2(s,·) joins the gauge
// directions (its diagonal block becomes −(c + reg)·I), which gives x = 0
// there and Eq. 19 of the game without those states.
func (w *hierWork) solve(pt *Point, reg float64, inactive []int) ([]float64, error) {
	n, m2 := w.n, w.m2
	N2, N1 := n*m2, n*w.m1
	w.ht.Copy(pt.Hess22)
	hr := w.ht.RawMatrix()
	// Scale of the gauge term: the mean magnitude of the diagonal.
	c := 0.0
	for i := range N2 {
		c += math.Abs(hr.Data[i*hr.Stride+i])
	}
	c = math.Max(c/float64(N2), w.hscale)
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
	if cond := w.lu.Cond(); !(cond <= MaxCond) {
		return nil, fmt.Errorf("%w (condition number %.3g)", ErrSingularHessian, cond)
	}
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
