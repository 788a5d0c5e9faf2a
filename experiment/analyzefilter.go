package experiment

import (
	"math"

	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
)

// Bounds of the points analyze reports as critical points.
const (
	// maxCoordinate: a Newton iterate beyond it in an unbounded coordinate
	// ran off to infinity; it is not a critical point.
	maxCoordinate = 1e6
	// maxLogitSpread: softmax logits spread by more than this give
	// probabilities below e^−20 ≈ 2e−9; the gradient vanishes there
	// because the softmax is flat, not because the point is critical.
	maxLogitSpread = 20
)

// keepCritical drops the points of a Newton search that are not critical
// points: any non-finite number, unbounded coordinates beyond
// maxCoordinate, and simplex (softmax) strategies whose logits are spread
// by more than maxLogitSpread. It returns the kept points and the number
// dropped.
func keepCritical(g game.Game, pts []equilib.Point) ([]equilib.Point, int) {
	dx, dy := g.Domains()
	ok := func(p equilib.Point) bool {
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
		for _, s := range []struct {
			d game.Domain
			v []float64
		}{{dx, p.X}, {dy, p.Y}} {
			switch s.d.Kind {
			case game.Simplex:
				lo, hi := math.Inf(1), math.Inf(-1)
				for _, v := range s.v {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
				if hi-lo > maxLogitSpread || math.Abs(hi) > maxCoordinate || math.Abs(lo) > maxCoordinate {
					return false
				}
			case game.Unbounded:
				for _, v := range s.v {
					if math.Abs(v) > maxCoordinate {
						return false
					}
				}
			}
		}
		return true
	}
	kept := pts[:0:0]
	for _, p := range pts {
		if ok(p) {
			kept = append(kept, p)
		}
	}
	return kept, len(pts) - len(kept)
}
