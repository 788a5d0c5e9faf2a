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

// shiftedBall has costs f1 = f2 = (|x − c|² + y² − 1)²/4 with x ∈ ℝ^d1
// and c = (c0, …, c0): ω vanishes on the unit sphere around (c, 0), a
// continuum (J of rank 1 there; ω_S = 0 there too, its leader rows
// vanishing to second order), and at its centre (J = −I).
type shiftedBall struct {
	d1 int
	c0 float64
}

func (shiftedBall) Name() string                        { return "ball" }
func (g shiftedBall) Dims() (int, int)                  { return g.d1, 1 }
func (shiftedBall) Sense() game.Sense                   { return game.Cost }
func (shiftedBall) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (g shiftedBall) F1(x, y *ad.Node) *ad.Node         { return g.cost(x, y) }
func (g shiftedBall) F2(x, y *ad.Node) *ad.Node         { return g.cost(x, y) }

func (g shiftedBall) cost(x, y *ad.Node) *ad.Node {
	r := ad.AddScalar(ad.Add(ad.Sum(ad.Square(ad.AddScalar(x, -g.c0))), ad.Square(y)), -1)
	return ad.Scale(ad.Square(r), 0.25)
}

// TestSplitContinuumFarAndSphere: the unit circle around x = 1000 (h =
// 100 was far larger than the circle: every point was listed) and the
// unit sphere in (x1, x2, y) (Gauss–Newton on ω_S walked off along the
// directions its vanishing leader rows leave free: the ω_S points were
// listed). Every point on the sphere is on the continuum and the centre,
// where found, is isolated.
func TestSplitContinuumFarAndSphere(t *testing.T) {
	for _, tc := range []struct {
		g      shiftedBall
		lo, hi []float64
	}{
		{shiftedBall{1, 1000}, []float64{998, -2}, []float64{1002, 2}},
		{shiftedBall{2, 0}, []float64{-2, -2, -2}, []float64{2, 2, 2}},
	} {
		pts, err := Search(tc.g, SearchOptions{Starts: 12, Lo: tc.lo, Hi: tc.hi})
		if err != nil {
			t.Fatal(err)
		}
		pts, _ = KeepCritical(tc.g, pts)
		iso, cont := SplitContinuum(tc.g, pts)
		if len(cont) < 8 {
			t.Errorf("dims %d at %g: %d points on the continuum (of %d), want ≥ 8", tc.g.d1, tc.g.c0, len(cont), len(pts))
		}
		radius := func(p Point) float64 {
			r := math.Abs(p.Y[0])
			for _, x := range p.X {
				r = math.Hypot(r, x-tc.g.c0)
			}
			return r
		}
		for _, p := range cont {
			if r := radius(p); math.Abs(r-1) > 1e-6 {
				t.Errorf("dims %d at %g: continuum point %v, %v at radius %g, want 1 within 1e-6", tc.g.d1, tc.g.c0, p.X, p.Y, r)
			}
		}
		for _, p := range iso {
			if r := radius(p); r > 1e-8 {
				t.Errorf("dims %d at %g: isolated point %v, %v at %g from the centre, want the centre alone", tc.g.d1, tc.g.c0, p.X, p.Y, r)
			}
		}
	}
}

// lineDSE has costs f1 = y²/2, f2 = (y − x)²/2: ω = (0, y − x) vanishes on
// the line y = x (J singular), whereas ω_S = (y, y − x) vanishes at 0
// alone, with J_S nonsingular: 0 is an isolated DSE, listed, and the
// other points of the line lie on a continuum of ω.
type lineDSE struct{}

func (lineDSE) Name() string                        { return "linedse" }
func (lineDSE) Dims() (int, int)                    { return 1, 1 }
func (lineDSE) Sense() game.Sense                   { return game.Cost }
func (lineDSE) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (lineDSE) F1(x, y *ad.Node) *ad.Node           { return ad.Scale(ad.Square(y), 0.5) }
func (lineDSE) F2(x, y *ad.Node) *ad.Node           { return ad.Scale(ad.Square(ad.Sub(y, x)), 0.5) }

// TestSplitContinuumKeepsDSEIsolatedForOmegaS: a point critical for both
// fields is on a continuum only if it is so for each.
func TestSplitContinuumKeepsDSEIsolatedForOmegaS(t *testing.T) {
	var pts []Point
	for _, z := range []float64{0, 0.5} {
		p, err := Analyze(lineDSE{}, []float64{z}, []float64{z})
		if err != nil {
			t.Fatal(err)
		}
		pts = append(pts, p)
	}
	iso, cont := SplitContinuum(lineDSE{}, pts)
	if len(iso) != 1 || iso[0].X[0] != 0 || !iso[0].DSE || len(cont) != 1 || cont[0].X[0] != 0.5 {
		t.Errorf("isolated %+v, continuum %+v; want the DSE at 0 isolated and (0.5, 0.5) on the continuum", iso, cont)
	}
}

// polyGame has ω = (q(x), y − p(x)) for polynomials q and p (f1 = ∫q,
// f2 = (y − p(x))²/2; ω_S = ω, as D2 f1 = 0), coefficients from the
// constant term up.
type polyGame struct{ q, p []float64 }

func (polyGame) Name() string                        { return "polygame" }
func (polyGame) Dims() (int, int)                    { return 1, 1 }
func (polyGame) Sense() game.Sense                   { return game.Cost }
func (polyGame) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (g polyGame) F1(x, y *ad.Node) *ad.Node {
	f := make([]float64, len(g.q)+1) // ∫q
	for i, c := range g.q {
		f[i+1] = c / float64(i+1)
	}
	return horner(x, f)
}
func (g polyGame) F2(x, y *ad.Node) *ad.Node {
	return ad.Scale(ad.Square(ad.Sub(y, horner(x, g.p))), 0.5)
}

// horner is Σ c[i]·xⁱ (len(c) ≥ 2).
func horner(x *ad.Node, c []float64) *ad.Node {
	n := len(c) - 1
	acc := ad.AddScalar(ad.Scale(x, c[n]), c[n-1])
	for i := n - 2; i >= 0; i-- {
		acc = ad.AddScalar(ad.Mul(acc, x), c[i])
	}
	return acc
}

// polyMul multiplies polynomials given from the constant term up.
func polyMul(a, b []float64) []float64 {
	c := make([]float64, len(a)+len(b)-1)
	for i, u := range a {
		for j, w := range b {
			c[i+j] += u * w
		}
	}
	return c
}

// TestSplitContinuumRootsOffCurve: ω = (x²(x − 0.1)(x − 0.025)(x −
// 0.00625), y − p(x)) has isolated roots at (s, p(s)) for each probe
// distance s = 0.1, 0.025, 0.00625 along the null direction (1, 0) of J
// at 0, but p(0.1) = p(0.025) = 0.004, p(0.00625) = 0.002 (p(x) = x²·r(x),
// p′(0) = 0): they lie on no smooth curve through 0 tangent to it (the
// root at s would be O(s²) off the tangent), so 0 is isolated.
func TestSplitContinuumRootsOffCurve(t *testing.T) {
	q := []float64{0, 0, 1}
	for _, s := range continuumFractions {
		q = polyMul(q, []float64{-ContinuumStep * s, 1})
	}
	// r through (0.1, 0.4), (0.025, 6.4), (0.00625, 51.2), by Lagrange.
	xs, ys := []float64{0.1, 0.025, 0.00625}, []float64{0.4, 6.4, 51.2}
	r := make([]float64, 3)
	for i := range xs {
		l := []float64{ys[i]}
		for j := range xs {
			if j != i {
				l = polyMul(l, []float64{-xs[j] / (xs[i] - xs[j]), 1 / (xs[i] - xs[j])})
			}
		}
		for k := range l {
			r[k] += l[k]
		}
	}
	g := polyGame{q: q, p: polyMul([]float64{0, 0, 1}, r)}
	p, err := Analyze(g, []float64{0}, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	iso, cont := SplitContinuum(g, []Point{p})
	if len(iso) != 1 || len(cont) != 0 {
		t.Errorf("at 0: %d isolated, %d on a continuum; want 1 and 0", len(iso), len(cont))
	}
}
