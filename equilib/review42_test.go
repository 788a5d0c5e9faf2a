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

// logBarrier has costs f1 = (x − 1)²/2 − log(x),
// f2 = (y − x)²/2 − log(y): defined for x, y > 0 only, so J at the
// reference point z − s·1 of its DNE (x < 0 there) is not finite (log of a
// negative number). That point must be skipped, not fail the analysis nor
// set the game's unit.
type logBarrier struct{}

func (logBarrier) Name() string                        { return "log-barrier" }
func (logBarrier) Dims() (int, int)                    { return 1, 1 }
func (logBarrier) Sense() game.Sense                   { return game.Cost }
func (logBarrier) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (logBarrier) F1(x, y *ad.Node) *ad.Node {
	return ad.Sub(ad.Scale(ad.Square(ad.AddScalar(x, -1)), 0.5), ad.Log(x))
}
func (logBarrier) F2(x, y *ad.Node) *ad.Node {
	return ad.Sub(ad.Scale(ad.Square(ad.Sub(y, x)), 0.5), ad.Log(y))
}

// TestAnalyzeIgnoresNonFiniteReferencePoints: logBarrier's DNE solves
// x − 1 − 1/x = 0 (x = φ = (1 + √5)/2) and y − x − 1/y = 0
// (y = (x + √(x² + 4))/2); the reference points at z − s·1 have negative
// coordinates, where the objectives are NaN. Analyze classifies the point
// (a stable DNE: D1²f1 = 1 + 1/x², D2²f2 = 1 + 1/y² > 0, J lower
// triangular with those diagonals), also ×10⁻¹², where a reference point's
// NaN taken as the game's size would make σ = 1 and its eigenvalues
// (~10⁻¹²) zero.
func TestAnalyzeIgnoresNonFiniteReferencePoints(t *testing.T) {
	x := (1 + math.Sqrt(5)) / 2
	y := (x + math.Sqrt(x*x+4)) / 2
	for _, s := range []float64{1, 1e-12} {
		p, err := Analyze(scaledBy{logBarrier{}, s}, []float64{x}, []float64{y})
		if err != nil {
			t.Fatal(err)
		}
		if !p.DNE || !p.StableSGA {
			t.Errorf("log barrier ×%g at (%v, %v): DNE %v stable SGA %v; want both", s, x, y, p.DNE, p.StableSGA)
		}
	}
	if _, err := Polish(logBarrier{}, []float64{1.5}, []float64{2}, NashField); err != nil {
		t.Errorf("Polish: %v", err)
	}
}
