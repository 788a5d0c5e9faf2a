package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// ring4 has costs f1 = f2 = (x² + y² − 1)⁴/8: ω = (x, y)·(x² + y² − 1)³
// vanishes on the unit circle, where J = 0 (rank 0, whereas the circle
// has codimension 1), and at the origin (J = −I).
type ring4 struct{}

func (ring4) Name() string                        { return "ring4" }
func (ring4) Dims() (int, int)                    { return 1, 1 }
func (ring4) Sense() game.Sense                   { return game.Cost }
func (ring4) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (ring4) F1(x, y *ad.Node) *ad.Node           { return ring4Cost(x, y) }
func (ring4) F2(x, y *ad.Node) *ad.Node           { return ring4Cost(x, y) }

func ring4Cost(x, y *ad.Node) *ad.Node {
	r := ad.AddScalar(ad.Add(ad.Square(x), ad.Square(y)), -1)
	return ad.Scale(ad.Square(ad.Square(r)), 0.125)
}

// TestSplitContinuumVanishingJacobian: on a circle of critical points
// where the field vanishes to third order (J = 0), Gauss–Newton in J's
// rank (0) plus one directions made no progress, and every point of the
// circle was listed as isolated (SplitContinuum at a730342: 29 isolated,
// 0 on the continuum). Every point Search finds on the circle is on the
// continuum, and the origin alone is isolated.
func TestSplitContinuumVanishingJacobian(t *testing.T) {
	pts, err := Search(ring4{}, SearchOptions{Starts: 30, Lo: []float64{-2, -2}, Hi: []float64{2, 2}, Fields: []Field{NashField}})
	if err != nil {
		t.Fatal(err)
	}
	pts, _ = KeepCritical(ring4{}, pts)
	iso, cont := SplitContinuum(ring4{}, pts)
	if len(cont) < 10 {
		t.Errorf("%d points on the continuum (of %d), want ≥ 10", len(cont), len(pts))
	}
	for _, p := range cont {
		if r := math.Hypot(p.X[0], p.Y[0]); math.Abs(r-1) > 1e-6 {
			t.Errorf("continuum point (%g, %g) at radius %g, want 1 within 1e-6", p.X[0], p.Y[0], r)
		}
	}
	for _, p := range iso {
		if r := math.Hypot(p.X[0], p.Y[0]); r > 1e-8 {
			t.Errorf("isolated point (%g, %g) at radius %g, want the origin alone", p.X[0], p.Y[0], r)
		}
	}
}
