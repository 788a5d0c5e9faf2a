package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// quartics has costs f1 = x⁴/4, f2 = y⁴/4 (scalar x leads, scalar y
// follows): ω = (x³, y³), J = diag(3x², 3y²). Its one critical point
// (0, 0) is degenerate (J = 0 there): no DNE, no DSE.
type quartics struct{}

func (quartics) Name() string                        { return "quartics" }
func (quartics) Dims() (int, int)                    { return 1, 1 }
func (quartics) Sense() game.Sense                   { return game.Cost }
func (quartics) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (quartics) F1(x, y *ad.Node) *ad.Node           { return ad.Scale(ad.Square(ad.Square(x)), 0.25) }
func (quartics) F2(x, y *ad.Node) *ad.Node           { return ad.Scale(ad.Square(ad.Square(y)), 0.25) }

// TestAnalyzeDegeneratePointKeepsGameUnit: Analyze measured the game's
// unit σ only at the analysed point. At (10⁻⁶, 10⁻⁶) of quartics J =
// diag(3·10⁻¹², 3·10⁻¹²), so σ = 3·10⁻¹² and the eigenvalue floor
// σ·10⁻⁹ = 3·10⁻²¹: the point was reported a DNE and stable under
// simultaneous gradient play, though Search finds no DNE (the root is
// degenerate). σ is now measured at reference points around the point
// too (‖J‖∞ ≈ 3 at (1, 1)): the point is critical (‖ω‖∞ = 10⁻¹⁸), but the
// eigenvalues 3·10⁻¹² are below the floor 10⁻⁹: no DNE, not stable, and
// the follower Hessian is numerically singular, so J_S is not analysed
// (no DSE, eig_JS empty).
func TestAnalyzeDegeneratePointKeepsGameUnit(t *testing.T) {
	p, err := Analyze(quartics{}, []float64{1e-6}, []float64{1e-6})
	if err != nil {
		t.Fatal(err)
	}
	if p.DNE || p.StableSGA || p.DSE || p.StableStackelberg || len(p.EigJS) != 0 {
		t.Errorf("quartics at (1e-6, 1e-6): DNE %v stable SGA %v DSE %v stable Stackelberg %v eig_JS %v; want all false, eig_JS empty", p.DNE, p.StableSGA, p.DSE, p.StableStackelberg, p.EigJS)
	}
	pts, err := Search(quartics{}, SearchOptions{Starts: 8, Lo: []float64{-1, -1}, Hi: []float64{1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range pts {
		if q.DNE || q.DSE {
			t.Errorf("Search of quartics: (%v, %v) DNE %v DSE %v; want neither", q.X, q.Y, q.DNE, q.DSE)
		}
	}
	// Polish from a start near the root measured σ there too.
	q, err := Polish(quartics{}, []float64{1e-6}, []float64{1e-6}, NashField)
	if err != nil {
		t.Fatal(err)
	}
	if q.DNE || q.StableSGA {
		t.Errorf("Polish of quartics from (1e-6, 1e-6): (%v, %v) DNE %v stable SGA %v; want neither", q.X, q.Y, q.DNE, q.StableSGA)
	}
}

// rotQuad has costs f1 = x²/2 + 2xy, f2 = y²/2 − xy: ω = (x + 2y, y − x),
// J = [[1, 2], [−1, 1]] (eigenvalues 1 ± i√2); Df1 = 3x + 2y, J_S =
// [[3, 2], [−1, 1]] (2 ± i), Schur complement 5. (0, 0) is a stable DNE and
// a stable DSE; nothing else is critical.
type rotQuad struct{}

func (rotQuad) Name() string                        { return "rot-quad" }
func (rotQuad) Dims() (int, int)                    { return 1, 1 }
func (rotQuad) Sense() game.Sense                   { return game.Cost }
func (rotQuad) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (rotQuad) F1(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Scale(ad.Square(x), 0.5), ad.Scale(ad.Mul(x, y), 2))
}
func (rotQuad) F2(x, y *ad.Node) *ad.Node {
	return ad.Sub(ad.Scale(ad.Square(y), 0.5), ad.Mul(x, y))
}

// TestAnalyzeScaledGameKeepsClassification: with σ measured around the
// point as well, a game ×10⁻¹² still has σ ≈ 10⁻¹² (its Jacobians are
// 10⁻¹² times those of the game ×1 everywhere), so Analyze and Polish
// classify its points as at scale 1: (0, 0) a stable DNE and DSE,
// (10⁻³, 0) not critical (‖ω‖∞ = 10⁻³·s against σ·10⁻⁶ with σ = 3s).
func TestAnalyzeScaledGameKeepsClassification(t *testing.T) {
	for _, s := range []float64{1, 1e-12} {
		g := scaledBy{rotQuad{}, s}
		for _, c := range []struct {
			x    float64
			want bool
		}{{0, true}, {1e-3, false}} {
			p, err := Analyze(g, []float64{c.x}, []float64{0})
			if err != nil {
				t.Fatal(err)
			}
			if p.DNE != c.want || p.DSE != c.want || p.StableSGA != c.want || p.StableStackelberg != c.want {
				t.Errorf("scale %g at (%g, 0): DNE %v DSE %v stable SGA %v stable Stackelberg %v; want all %v", s, c.x, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg, c.want)
			}
		}
		p, err := Polish(g, []float64{0.3}, []float64{-0.2}, StackelbergField)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(p.X[0]) > 1e-9 || math.Abs(p.Y[0]) > 1e-9 || !p.DNE || !p.DSE || !p.StableSGA || !p.StableStackelberg {
			t.Errorf("scale %g: Polish reached (%v, %v) DNE %v DSE %v stable %v %v; want (0, 0) within 1e-9, all true", s, p.X, p.Y, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg)
		}
	}
}

// sqrtBarrier has costs f1 = (x − 1/5)²/2 − √x/20 and
// f2 = (y − x − c)²/2 − √y/20, c = 11/100 − 1/24: defined for x, y ≥ 0
// only. Its DNE is (1/4, 9/25): x − 1/5 − 1/(40√x) = 0 at x = 1/4, and
// y − x − c − 1/(40√y) = 0 at y = 9/25. The second derivatives of √
// (−x^(−3/2)/4) are NaN at a negative coordinate, so J is not finite at
// three of the four reference points a unit distance away (z − 1,
// z + (1, −1), z + (−1, 1)). Those points must be skipped, not fail the
// analysis nor set the game's unit.
type sqrtBarrier struct{}

// sqrtBarrierC is sqrtBarrier's c.
const sqrtBarrierC = 0.11 - 1.0/24

func (sqrtBarrier) Name() string                        { return "sqrt-barrier" }
func (sqrtBarrier) Dims() (int, int)                    { return 1, 1 }
func (sqrtBarrier) Sense() game.Sense                   { return game.Cost }
func (sqrtBarrier) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (sqrtBarrier) F1(x, y *ad.Node) *ad.Node {
	return ad.Sub(ad.Scale(ad.Square(ad.AddScalar(x, -0.2)), 0.5), ad.Scale(ad.Sqrt(x), 0.05))
}
func (sqrtBarrier) F2(x, y *ad.Node) *ad.Node {
	return ad.Sub(ad.Scale(ad.Square(ad.AddScalar(ad.Sub(y, x), -sqrtBarrierC)), 0.5), ad.Scale(ad.Sqrt(y), 0.05))
}

// TestAnalyzeIgnoresNonFiniteReferencePoints: Analyze classifies
// sqrtBarrier's DNE (1/4, 9/25) (stable: D1²f1 = 1 + 1/(80x^(3/2)),
// D2²f2 = 1 + 1/(80y^(3/2)) > 0, J lower triangular with those
// diagonals), also ×10⁻¹², where a reference point's NaN taken as the
// game's size would make σ = 1 and its eigenvalues (~10⁻¹²) zero.
func TestAnalyzeIgnoresNonFiniteReferencePoints(t *testing.T) {
	for _, c := range []float64{1, 1e-12} {
		p, err := Analyze(scaledBy{sqrtBarrier{}, c}, []float64{0.25}, []float64{0.36})
		if err != nil {
			t.Fatal(err)
		}
		if !p.DNE || !p.StableSGA {
			t.Errorf("sqrt barrier ×%g at (1/4, 9/25): DNE %v stable SGA %v; want both", c, p.DNE, p.StableSGA)
		}
	}
	q, err := Polish(sqrtBarrier{}, []float64{0.3}, []float64{0.4}, NashField)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(q.X[0]-0.25) > 1e-9 || math.Abs(q.Y[0]-0.36) > 1e-9 || !q.DNE {
		t.Errorf("Polish reached (%v, %v), DNE %v; want (1/4, 9/25), a DNE", q.X, q.Y, q.DNE)
	}
}

// farQuartic has costs f1 = (x − 10⁵)²/2 + (x − 10⁵)⁴/4, f2 = y²/2: a
// stable DNE and DSE at (10⁵, 0), J = diag(1, 1) there, whose curvature
// 1 + 3(x − 10⁵)² grows away from it.
type farQuartic struct{}

func (farQuartic) Name() string                        { return "far-quartic" }
func (farQuartic) Dims() (int, int)                    { return 1, 1 }
func (farQuartic) Sense() game.Sense                   { return game.Cost }
func (farQuartic) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (farQuartic) F1(x, y *ad.Node) *ad.Node {
	d := ad.AddScalar(x, -1e5)
	return ad.Add(ad.Scale(ad.Square(d), 0.5), ad.Scale(ad.Square(ad.Square(d)), 0.25))
}
func (farQuartic) F2(x, y *ad.Node) *ad.Node { return ad.Scale(ad.Square(y), 0.5) }

// TestAnalyzeFarRootKeepsScaledClassification: the reference points were
// ‖z‖∞ = 10⁵ away from a root at x = 10⁵, where farQuartic's curvature is
// 3·10¹⁰: ×10⁻¹² the game got σ ≈ 0.03, an eigenvalue floor of 3·10⁻¹¹
// above its eigenvalues 10⁻¹², and Analyze and Polish said neither DNE nor
// DSE where Search (and the game ×1) say both. At unit distance the
// curvature is 4: σ = 4·10⁻¹².
func TestAnalyzeFarRootKeepsScaledClassification(t *testing.T) {
	for _, c := range []float64{1, 1e-12} {
		g := scaledBy{farQuartic{}, c}
		p, err := Analyze(g, []float64{1e5}, []float64{0})
		if err != nil {
			t.Fatal(err)
		}
		if !p.DNE || !p.DSE || !p.StableSGA || !p.StableStackelberg {
			t.Errorf("far quartic ×%g: Analyze at (1e5, 0): DNE %v DSE %v stable %v %v; want all", c, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg)
		}
		q, err := Polish(g, []float64{1e5 + 0.1}, []float64{0.1}, StackelbergField)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(q.X[0]-1e5) > 1e-6 || !q.DNE || !q.DSE {
			t.Errorf("far quartic ×%g: Polish reached (%v, %v): DNE %v DSE %v; want (1e5, 0), both", c, q.X, q.Y, q.DNE, q.DSE)
		}
	}
}
