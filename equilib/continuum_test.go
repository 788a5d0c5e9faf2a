package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// ring has costs f1 = f2 = (x² + y² − 1)²/4: ω = (x, y)·(x² + y² − 1)
// vanishes on the unit circle (a continuum: J = 2(x, y)(x, y)ᵀ there, of
// rank 1) and at the origin (isolated: J = −I).
type ring struct{}

func (ring) Name() string                        { return "ring" }
func (ring) Dims() (int, int)                    { return 1, 1 }
func (ring) Sense() game.Sense                   { return game.Cost }
func (ring) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (ring) F1(x, y *ad.Node) *ad.Node           { return ringCost(x, y) }
func (ring) F2(x, y *ad.Node) *ad.Node           { return ringCost(x, y) }

func ringCost(x, y *ad.Node) *ad.Node {
	r := ad.AddScalar(ad.Add(ad.Square(x), ad.Square(y)), -1)
	return ad.Scale(ad.Square(r), 0.25)
}

// TestSplitContinuumRing: Search lists one point of the unit circle per
// Nash start that reaches it; SplitContinuum puts every one of them on the
// continuum and keeps the origin, the one isolated critical point, with a
// point where J = −I.
func TestSplitContinuumRing(t *testing.T) {
	pts, err := Search(ring{}, SearchOptions{Starts: 30, Lo: []float64{-2, -2}, Hi: []float64{2, 2}, Fields: []Field{NashField}})
	if err != nil {
		t.Fatal(err)
	}
	pts, _ = KeepCritical(ring{}, pts)
	iso, cont := SplitContinuum(ring{}, pts)
	if len(cont) < 10 {
		t.Errorf("%d points on the continuum (of %d), want ≥ 10", len(cont), len(pts))
	}
	for _, p := range cont {
		if r := math.Hypot(p.X[0], p.Y[0]); math.Abs(r-1) > 1e-6 {
			t.Errorf("continuum point (%g, %g) at radius %g, want 1 within 1e-6", p.X[0], p.Y[0], r)
		}
	}
	if len(iso) != 1 || math.Abs(iso[0].X[0]) > 1e-8 || math.Abs(iso[0].Y[0]) > 1e-8 {
		t.Fatalf("isolated points %+v, want the origin alone", iso)
	}
}

// TestSplitContinuumKeepsDegenerateIsolated: quartics (ω = (x³, y³), J = 0
// at its one root) has a singular Jacobian at an isolated root: ‖ω‖∞ at
// h = 0.1 along a null direction is 10⁻³, far above the critical
// threshold, so the root is kept.
func TestSplitContinuumKeepsDegenerateIsolated(t *testing.T) {
	p, err := Analyze(quartics{}, []float64{0}, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	iso, cont := SplitContinuum(quartics{}, []Point{p})
	if len(iso) != 1 || len(cont) != 0 {
		t.Errorf("quartics at 0: %d isolated, %d on a continuum; want 1 and 0", len(iso), len(cont))
	}
}

// TestSearchNoNegativeZero: a payoff game −x², −y² has payoffs −0 at its
// critical point; Point holds 0 (JSON printed "f1": -0).
func TestSearchNoNegativeZero(t *testing.T) {
	p, err := Analyze(negQuad{}, []float64{0}, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]float64{"f1": p.F1, "f2": p.F2, "x": p.X[0], "y": p.Y[0]} {
		if v != 0 || math.Signbit(v) {
			t.Errorf("%s = %g (sign bit %v), want +0", name, v, math.Signbit(v))
		}
	}
}

// negQuad has payoffs f1 = −x², f2 = −y².
type negQuad struct{}

func (negQuad) Name() string                        { return "negquad" }
func (negQuad) Dims() (int, int)                    { return 1, 1 }
func (negQuad) Sense() game.Sense                   { return game.Payoff }
func (negQuad) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (negQuad) F1(x, y *ad.Node) *ad.Node           { return ad.Neg(ad.Square(x)) }
func (negQuad) F2(x, y *ad.Node) *ad.Node           { return ad.Neg(ad.Square(y)) }
