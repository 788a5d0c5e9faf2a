package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// flat is the game whose costs are 0: every point is critical and J = 0,
// so no Newton step can be computed anywhere.
type flat struct{}

func (flat) Name() string                        { return "flat" }
func (flat) Dims() (int, int)                    { return 1, 1 }
func (flat) Sense() game.Sense                   { return game.Cost }
func (flat) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (flat) F1(x, y *ad.Node) *ad.Node           { return ad.Scale(x, 0) }
func (flat) F2(x, y *ad.Node) *ad.Node           { return ad.Scale(y, 0) }

// KeepCritical keeps finite points within its bounds and drops, one each:
// a NaN, softmax logits spread by more than MaxLogitSpread, and, where no
// Newton step can be computed, an unbounded coordinate beyond
// MaxCoordinate. (Since session 44 a point where a step can be computed is
// kept or dropped by the step alone: TestKeepCriticalFarRoots.)
func TestKeepCritical(t *testing.T) {
	simplex := game.Domain{Kind: game.Simplex}
	if !spreadWithin(simplex, []float64{10, -10}) || spreadWithin(simplex, []float64{10.5, -10}) {
		t.Errorf("spread 20 within %v, spread 20.5 within %v; want true, false",
			spreadWithin(simplex, []float64{10, -10}), spreadWithin(simplex, []float64{10.5, -10}))
	}
	bm, err := game.NewBimatrix([][]float64{{1, 0}, {0, 1}}, [][]float64{{0, 1}, {1, 0}}, game.BimatrixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The mixed equilibrium of this matching-pennies game: p = q = (½, ½).
	pts := []Point{
		{X: []float64{0, 0}, Y: []float64{0, 0}},                                       // kept
		{X: []float64{10.5, -10}, Y: []float64{0, 0}},                                  // spread 20.5: dropped
		{X: []float64{0, 0}, Y: []float64{0, 0}, F1: math.NaN()},                       // dropped
		{X: []float64{0, 0}, Y: []float64{0, 0}, EigJ: [][2]float64{{1, math.Inf(1)}}}, // dropped
	}
	kept, dropped := KeepCritical(bm, pts)
	if len(kept) != 1 || dropped != 3 || kept[0].X[0] != 0 || kept[0].F1 != 0 {
		t.Errorf("bimatrix: kept %v, dropped %d; want the first point, 3", kept, dropped)
	}
	kept, dropped = KeepCritical(flat{}, []Point{{X: []float64{1e6}, Y: []float64{-1e6}}, {X: []float64{1e6 + 1}, Y: []float64{0}}})
	if len(kept) != 1 || dropped != 1 || kept[0].X[0] != 1e6 {
		t.Errorf("unbounded: kept %v, dropped %d; want the point at 1e6, 1", kept, dropped)
	}
}
