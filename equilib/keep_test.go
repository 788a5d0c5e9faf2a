package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/game"
)

// KeepCritical keeps finite points within its bounds and drops, one each:
// a NaN, an unbounded coordinate beyond MaxCoordinate, and softmax logits
// spread by more than MaxLogitSpread.
func TestKeepCritical(t *testing.T) {
	bm, err := game.NewBimatrix([][]float64{{1, 0}, {0, 1}}, [][]float64{{0, 1}, {1, 0}}, game.BimatrixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pts := []Point{
		{X: []float64{10, -10}, Y: []float64{0, 0}},                                    // spread exactly 20: kept
		{X: []float64{10.5, -10}, Y: []float64{0, 0}},                                  // spread 20.5: dropped
		{X: []float64{0, 0}, Y: []float64{0, 0}, F1: math.NaN()},                       // dropped
		{X: []float64{0, 0}, Y: []float64{0, 0}, EigJ: [][2]float64{{1, math.Inf(1)}}}, // dropped
	}
	kept, dropped := KeepCritical(bm, pts)
	if len(kept) != 1 || dropped != 3 || kept[0].X[0] != 10 {
		t.Errorf("bimatrix: kept %v, dropped %d; want the first point, 3", kept, dropped)
	}
	q := duopoly{a: 100, c1: 5, c2: 2} // unbounded domains
	kept, dropped = KeepCritical(q, []Point{{X: []float64{1e6}, Y: []float64{-1e6}}, {X: []float64{1e6 + 1}, Y: []float64{0}}})
	if len(kept) != 1 || dropped != 1 || kept[0].X[0] != 1e6 {
		t.Errorf("unbounded: kept %v, dropped %d; want the point at 1e6, 1", kept, dropped)
	}
}
