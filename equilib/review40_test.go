package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/internal/testgames"
)

// scaledBy is a game with both objectives multiplied by s > 0: the same
// game in other units, with the same critical points and classification.
type scaledBy struct {
	game.Game
	s float64
}

func (g scaledBy) F1(x, y *ad.Node) *ad.Node { return ad.Scale(g.Game.F1(x, y), g.s) }
func (g scaledBy) F2(x, y *ad.Node) *ad.Node { return ad.Scale(g.Game.F2(x, y), g.s) }

// samePoints reports (via t) whether the search results a (at scale 1) and
// b (scaled) list the same points, to relative 1e-8 (absolute 1e-8 near
// 0), with the same classification.
func samePoints(t *testing.T, name string, a, b []Point) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("%s: %d points scaled, %d at scale 1", name, len(b), len(a))
		for _, p := range b {
			t.Logf("scaled: (%v, %v) dne %v dse %v sga %v ss %v", p.X, p.Y, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg)
		}
		for _, p := range a {
			t.Logf("scale 1: (%v, %v) dne %v dse %v sga %v ss %v", p.X, p.Y, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg)
		}
		return
	}
	for i := range a {
		// The points in the same order up to ties within rounding of x:
		// compare each with the nearest of b.
		p, q := a[i], b[0]
		pv := append(append([]float64(nil), p.X...), p.Y...)
		gap := func(q Point) float64 {
			g := 0.0
			for k, w := range append(append([]float64(nil), q.X...), q.Y...) {
				g = math.Max(g, math.Abs(pv[k]-w)/math.Max(1, math.Abs(pv[k])))
			}
			return g
		}
		for _, c := range b {
			if gap(c) < gap(q) {
				q = c
			}
		}
		if g := gap(q); g > 1e-8 {
			t.Errorf("%s: point (%v, %v) at scale 1 is %.3g (relative) from the nearest scaled one (%v, %v)", name, p.X, p.Y, g, q.X, q.Y)
		}
		if p.DNE != q.DNE || p.DSE != q.DSE || p.StableSGA != q.StableSGA || p.StableStackelberg != q.StableStackelberg || len(p.EigJS) != len(q.EigJS) {
			t.Errorf("%s: point %d (%v, %v): DNE/DSE/stable SGA/stable Stackelberg/|eig J_S| %v %v %v %v %d scaled, %v %v %v %v %d at scale 1", name, i, p.X, p.Y,
				q.DNE, q.DSE, q.StableSGA, q.StableStackelberg, len(q.EigJS), p.DNE, p.DSE, p.StableSGA, p.StableStackelberg, len(p.EigJS))
		}
	}
}

// TestScaleInvariantTiny: the floors of the critical residual (CriticalTol
// = 1e-6, Newton's Tol = 1e-10) and of a positive eigenvalue (1e-9) were
// absolute, in the objectives' units. With the objectives ×10⁻¹² every
// field value is below them: Search on the duopoly (A = 100) returned its
// Nash and Stackelberg points as neither DNE nor DSE, nor stable, with no
// eig J_S (D2² f2 = −2·10⁻¹² "singular"); on the torus game 11 points
// instead of 8 (Newton "converged" wherever its line search failed), none
// an equilibrium; curved and matching pennies (entropy 0.1) lost their DNE
// and DSE; and Analyze at the duopoly's Nash point said no DNE. The floors
// are now multiplied by the game's unit σ = min(1, max(‖J‖∞, ‖J_S‖∞)):
// Search on each game ×10⁻¹² and ×10¹² lists the points of the game ×1
// (relative 1e-8) with the same DNE, DSE, stability and |eig J_S|, and
// Analyze and Polish at the duopoly ×10⁻¹² find its stable DNE and DSE.
func TestScaleInvariantTiny(t *testing.T) {
	mp, err := game.NewBimatrix([][]float64{{1, -1}, {-1, 1}}, [][]float64{{-1, 1}, {1, -1}}, game.BimatrixOptions{Entropy: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		g    game.Game
		opt  SearchOptions
	}{
		{"duopoly", duopoly{100, 5, 2}, SearchOptions{Starts: 16, Lo: []float64{0, 0}, Hi: []float64{100, 100}}},
		{"torus", paperTorus, SearchOptions{Starts: 64}},
		{"curved", testgames.Curved(), SearchOptions{Starts: 32, Lo: []float64{-2, -2, -2, -2}, Hi: []float64{2, 2, 2, 2}}},
		{"pennies", mp, SearchOptions{Starts: 16, Lo: []float64{-3, -3, -3, -3}, Hi: []float64{3, 3, 3, 3}}},
	}
	for _, c := range cases {
		ref, err := Search(c.g, c.opt)
		if err != nil {
			t.Fatal(err)
		}
		ref, _ = KeepCritical(c.g, ref)
		for _, s := range []float64{1e-12, 1e12} {
			g := scaledBy{c.g, s}
			got, err := Search(g, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			got, _ = KeepCritical(g, got)
			samePoints(t, c.name+" ×"+fmtG(s), ref, got)
		}
	}
}

func TestAnalyzePolishTiny(t *testing.T) {
	g := scaledBy{duopoly{100, 5, 2}, 1e-12}
	d, _ := game.NewDuopoly(100, 5, 2)
	nx, ny := d.Nash()
	sx, sy := d.Stackelberg()
	p, err := Analyze(g, []float64{nx}, []float64{ny})
	if err != nil || !p.DNE || !p.StableSGA || p.DSE {
		t.Errorf("Analyze at the Nash point ×1e-12: %+v, %v; want a stable DNE, no DSE", p, err)
	}
	// A point off the equilibria, (10, 10): ‖ω‖∞ = 5.5·10⁻¹¹ there,
	// below the old 1e-6, is no critical point.
	if p, err := Analyze(g, []float64{10}, []float64{10}); err != nil || p.DNE || p.DSE || p.StableSGA || p.StableStackelberg {
		t.Errorf("Analyze at (10, 10) ×1e-12: %+v, %v; want no equilibrium", p, err)
	}
	near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-8*want }
	q, err := Polish(g, []float64{0.9 * sx}, []float64{1.1 * sy}, StackelbergField)
	if err != nil || !q.DSE || !q.StableStackelberg || !near(q.X[0], sx) || !near(q.Y[0], sy) {
		t.Errorf("Polish on ω_S ×1e-12: %+v, %v; want the stable DSE (%v, %v)", q, err, sx, sy)
	}
}

func fmtG(s float64) string {
	if s < 1 {
		return "1e-12"
	}
	return "1e12"
}
