package equilib

import (
	"math"

	"github.com/stackel/stackel/game"
)

// Bounds of the points KeepCritical keeps.
const (
	// MaxCoordinate: a Newton iterate beyond it in an unbounded
	// coordinate ran off to infinity; it is not a critical point.
	MaxCoordinate = 1e6
	// MaxLogitSpread: softmax logits spread by more than this give
	// probabilities below e^−20 ≈ 2e−9; the gradient vanishes there
	// because the softmax is flat, not because the point is critical.
	MaxLogitSpread = 20
)

// KeepCritical returns the points of a Newton search (Search) that are
// critical points of the game, and how many it dropped: those with any
// non-finite number, an unbounded coordinate beyond MaxCoordinate, or a
// simplex (softmax) strategy whose logits are spread by more than
// MaxLogitSpread. Newton stops at such points because the field
// underflows there (a saturated softmax) or because it ran off; `stackel
// analyze` reports what KeepCritical keeps.
func KeepCritical(g game.Game, pts []Point) ([]Point, int) {
	dx, dy := g.Domains()
	kept := pts[:0:0]
	for _, p := range pts {
		if finitePoint(p) && withinBounds(dx, p.X) && withinBounds(dy, p.Y) {
			kept = append(kept, p)
		}
	}
	return kept, len(pts) - len(kept)
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

// withinBounds reports whether a strategy v on domain d is within
// KeepCritical's bounds.
func withinBounds(d game.Domain, v []float64) bool {
	switch d.Kind {
	case game.Simplex:
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, x := range v {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		return hi-lo <= MaxLogitSpread && math.Abs(hi) <= MaxCoordinate && math.Abs(lo) <= MaxCoordinate
	case game.Unbounded:
		for _, x := range v {
			if math.Abs(x) > MaxCoordinate {
				return false
			}
		}
	}
	return true
}
