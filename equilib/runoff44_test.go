package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// TestKeepCriticalFarRoots: the duopoly with A = 10⁷, c1 = 5·10⁵,
// c2 = 2·10⁵ on unbounded domains (a formula game's default) has its Nash
// point ((A − 2c1 + c2)/3, (A − 2c2 + c1)/3) and its Stackelberg point
// ((A + c2 − 2c1)/2, (A − c2 − x)/2) at coordinates of 3·10⁶ and more:
// Search finds both from starts in [−10, 10], and KeepCritical dropped
// them as run off to infinity (beyond a fixed 10⁶), so `stackel analyze`
// listed no critical point. Relative tolerance 1e-12.
func TestKeepCriticalFarRoots(t *testing.T) {
	g := duopoly{a: 1e7, c1: 5e5, c2: 2e5}
	pts, err := Search(g, SearchOptions{Starts: 16, Seed: 1, Lo: []float64{-10, -10}, Hi: []float64{10, 10}})
	if err != nil {
		t.Fatal(err)
	}
	kept, dropped := KeepCritical(g, pts)
	if len(kept) != 2 || dropped != 0 {
		t.Fatalf("kept %d points, dropped %d; want 2 and 0: %+v", len(kept), dropped, pts)
	}
	a, c1, c2 := g.a, g.c1, g.c2
	xs := (a + c2 - 2*c1) / 2
	want := [][2]float64{{(a - 2*c1 + c2) / 3, (a - 2*c2 + c1) / 3}, {xs, (a - c2 - xs) / 2}}
	for i, p := range kept {
		for k, got := range []float64{p.X[0], p.Y[0]} {
			if math.Abs(got-want[i][k]) > 1e-12*want[i][k] {
				t.Errorf("point %d coordinate %d = %.17g, want %.17g", i, k, got, want[i][k])
			}
		}
	}
	if !kept[0].DNE || kept[0].DSE || kept[1].DNE || !kept[1].DSE {
		t.Errorf("classification: Nash point DNE %v DSE %v, Stackelberg point DNE %v DSE %v; want true false false true",
			kept[0].DNE, kept[0].DSE, kept[1].DNE, kept[1].DSE)
	}
}

// decaying has the leader's cost e^{−x}, which decreases for ever (no
// critical point), and the follower's y²: its only "roots" are where
// ω = (−e^{−x}, 2y) has decayed below Newton's tolerance.
type decaying struct{}

func (decaying) Name() string                        { return "decaying" }
func (decaying) Dims() (int, int)                    { return 1, 1 }
func (decaying) Sense() game.Sense                   { return game.Cost }
func (decaying) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (decaying) F1(x, y *ad.Node) *ad.Node           { return ad.Exp(ad.Neg(x)) }
func (decaying) F2(x, y *ad.Node) *ad.Node           { return ad.Square(y) }

// TestKeepCriticalDropsDecayedField: Newton on e^{−x} steps by +1 each
// iteration and stops, its budget spent, at x ≈ 100 where |ω| ≈ e^{−100}
// is below its tolerance; those end points are not critical points (the
// Newton step there is still 1, as large as the iteration's first), and
// KeepCritical kept them all: `stackel analyze` listed 117 "critical
// points" at x from 90 to 110. KeepCritical drops every one.
func TestKeepCriticalDropsDecayedField(t *testing.T) {
	pts, err := Search(decaying{}, SearchOptions{Starts: 16, Seed: 1, Lo: []float64{-10, -10}, Hi: []float64{10, 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) == 0 {
		t.Fatal("Search found no end point: the test no longer exercises KeepCritical")
	}
	kept, dropped := KeepCritical(decaying{}, pts)
	if len(kept) != 0 || dropped != len(pts) {
		t.Errorf("kept %d of %d end points (first %v, %v), dropped %d; want none kept", len(kept), len(pts), kept[0].X, kept[0].Y, dropped)
	}
}
