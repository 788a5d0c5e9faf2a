package equilib

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/game"
)

// Bounds of the points KeepCritical keeps.
const (
	// MaxCoordinate: a Newton end point beyond it in an unbounded
	// coordinate, where neither field's Newton step can be computed (its
	// Jacobian singular or not finite), ran off to infinity; it is not a
	// critical point. Where a step can be computed, RunOffStep decides,
	// at any distance.
	MaxCoordinate = 1e6
	// RunOffStep: a Newton end point where the full Newton step of each
	// field, ω and ω_S, that can be computed (one at least) is larger than
	// RunOffStep·max(1, ‖z‖∞) (z the analysed coordinates) is no critical
	// point: Newton stopped there because the field had decayed below its
	// tolerance (its budget spent on a cost such as e^{−x}, whose step
	// stays 1), not at a root, where the step is negligible (or, at a
	// degenerate root located to ~10⁻⁵, of the order of that distance).
	RunOffStep = 1e-3
	// MaxLogitSpread: softmax logits spread by more than this give
	// probabilities below e^−20 ≈ 2e−9; the gradient vanishes there
	// because the softmax is flat, not because the point is critical.
	MaxLogitSpread = 20
)

// KeepCritical returns the points of a Newton search (Search) that are
// critical points of the game, and how many it dropped: those with any
// non-finite number, a simplex (softmax) strategy whose logits are spread
// by more than MaxLogitSpread, and those Newton ran off to: where the
// full Newton step of each of ω and ω_S that can be computed (one at
// least) is larger than RunOffStep·max(1, ‖z‖∞), or, where neither step
// can be computed, an unbounded coordinate lies beyond MaxCoordinate.
// Newton stops at such points because the field underflows there (a
// saturated softmax) or has decayed below its tolerance (a cost such as
// e^{−x}, or one that grows like log|x|); `stackel analyze` reports what
// KeepCritical keeps. A root far out is kept: the duopoly with A = 10⁷ on
// unbounded domains has its equilibria at 3·10⁶ and more (before session
// 44 every point beyond 10⁶ was dropped).
func KeepCritical(g game.Game, pts []Point) ([]Point, int) {
	dx, dy := g.Domains()
	a, err := newAnalyzer(g)
	if err != nil {
		a = nil // a game Search refuses: the bounds alone
	}
	kept := pts[:0:0]
	for _, p := range pts {
		if !finitePoint(p) || !spreadWithin(dx, p.X) || !spreadWithin(dy, p.Y) {
			continue
		}
		known, small := false, false
		if a != nil && len(p.X) == a.d1 && len(p.Y) == a.d2 {
			known, small = a.newtonStepSmall(p.X, p.Y)
		}
		if small || !known && withinBounds(dx, p.X) && withinBounds(dy, p.Y) {
			kept = append(kept, p)
		}
	}
	return kept, len(pts) - len(kept)
}

// newtonStepSmall evaluates the game at (x, y) and reports whether the
// full Newton step −Jac⁻¹F of some field (ω with J, ω_S with J_S) could be
// computed (known) and whether one of them is at most
// RunOffStep·max(1, ‖z‖∞) (small), z the analysed coordinates.
func (a *analyzer) newtonStepSmall(x, y []float64) (known, small bool) {
	a.eval(x, y)
	d := len(a.z)
	thr := RunOffStep * math.Max(1, maxAbs(a.z))
	step := mat.NewVecDense(d, nil)
	var lu mat.LU
	for _, st := range []bool{false, true} {
		F, J := a.field(st), a.jacobian(st)
		if !allFinite(F) || !allFinite(J.RawMatrix().Data) {
			continue
		}
		lu.Factorize(J)
		if err := lu.SolveVecTo(step, false, mat.NewVecDense(d, append([]float64(nil), F...))); err != nil {
			if _, ok := err.(mat.Condition); !ok || math.IsInf(lu.Cond(), 1) {
				continue
			}
		}
		if !allFinite(step.RawVector().Data) {
			continue
		}
		known = true
		if mat.Norm(step, math.Inf(1)) <= thr {
			return true, true
		}
	}
	return known, false
}

// finitePoint reports whether every number of p is finite.
func finitePoint(p Point) bool {
	nums := []float64{p.F1, p.F2}
	nums = append(nums, p.X...)
	nums = append(nums, p.Y...)
	for _, e := range append(append([][2]float64(nil), p.EigJ...), p.EigJS...) {
		nums = append(nums, e[0], e[1])
	}
	for _, v := range nums {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// spreadWithin reports whether a strategy v on domain d, if a simplex
// strategy, has its logits spread by at most MaxLogitSpread.
func spreadWithin(d game.Domain, v []float64) bool {
	if d.Kind != game.Simplex {
		return true
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return hi-lo <= MaxLogitSpread
}

// withinBounds reports whether a strategy v on domain d has its unbounded
// coordinates (a simplex strategy's logits too) within MaxCoordinate.
func withinBounds(d game.Domain, v []float64) bool {
	if d.Kind != game.Simplex && d.Kind != game.Unbounded {
		return true
	}
	for _, x := range v {
		if math.Abs(x) > MaxCoordinate {
			return false
		}
	}
	return true
}
