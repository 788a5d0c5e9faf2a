package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// flatLeader has costs f1 = a x²/2 + y²/2 − ε y, f2 = (y − x)²/2 on
// [−1, 1]²: ω = (a x, y − x) vanishes at (0, 0), a DNE with J =
// [[a, 0], [−1, 1]] (eigenvalues a and 1, both positive), and ω_S =
// (a x + y − ε, y − x) at x = y = ε/(1 + a), a DSE — two distinct points.
// With a = ε = 10⁻⁴ they are 10⁻⁴ apart, and ω at the DSE is a·ε = 10⁻⁸:
// below Analyze's critical threshold 10⁻⁶, far above Newton's 10⁻¹⁰.
type flatLeader struct{ a, eps float64 }

func (flatLeader) Name() string      { return "flat-leader" }
func (flatLeader) Dims() (int, int)  { return 1, 1 }
func (flatLeader) Sense() game.Sense { return game.Cost }
func (flatLeader) Domains() (game.Domain, game.Domain) {
	b := game.Domain{Kind: game.Box, Lo: []float64{-1}, Hi: []float64{1}}
	return b, b
}
func (g flatLeader) F1(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Scale(ad.Square(x), g.a/2), ad.Sub(ad.Scale(ad.Square(y), 0.5), ad.Scale(y, g.eps)))
}
func (flatLeader) F2(x, y *ad.Node) *ad.Node { return ad.Scale(ad.Square(ad.Sub(y, x)), 0.5) }

// TestSearchKeepsDistinctRootsOfTheTwoFields: Search of flatLeader on ω
// alone reported its one root (0, 0) at the DSE (9.999e-5, 9.999e-5)
// instead (relocateOneFieldRoots: ω there is 10⁻⁸, "critical" to Analyze's
// 10⁻⁶, and J_S better conditioned), a DNE where ω is not 0; on both fields
// the DNE was merged into the DSE (samePointAcrossFields), so (0, 0) was
// lost. Two roots are the same point only if each field is a root at it to
// Newton's tolerance: ω alone gives (0, 0) (a DNE, no DSE), ω_S the DSE at
// ε/(1 + a), both fields both points (within 1e-12).
func TestSearchKeepsDistinctRootsOfTheTwoFields(t *testing.T) {
	g := flatLeader{a: 1e-4, eps: 1e-4}
	dse := g.eps / (1 + g.a)
	for _, c := range []struct {
		fields []Field
		want   []float64 // x = y of each point, sorted
	}{
		{[]Field{NashField}, []float64{0}},
		{[]Field{StackelbergField}, []float64{dse}},
		{nil, []float64{0, dse}},
	} {
		pts, err := Search(g, SearchOptions{Starts: 20, Fields: c.fields})
		if err != nil {
			t.Fatal(err)
		}
		if len(pts) != len(c.want) {
			for _, p := range pts {
				t.Logf("(%.6g, %.6g) DNE %v DSE %v", p.X[0], p.Y[0], p.DNE, p.DSE)
			}
			t.Fatalf("fields %v: %d points; want %d", c.fields, len(pts), len(c.want))
		}
		for i, p := range pts {
			x := c.want[i]
			if math.Abs(p.X[0]-x) > 1e-12 || math.Abs(p.Y[0]-x) > 1e-12 {
				t.Errorf("fields %v: point %d at (%.17g, %.17g); want (%g, %g)", c.fields, i, p.X[0], p.Y[0], x, x)
			}
			// (0, 0) is a DNE and no DSE (ω_S = (−ε, 0) there); the DSE
			// is a DSE (Analyze also calls it a DNE: ω there, 10⁻⁸, is
			// within its threshold).
			if x == 0 && (!p.DNE || p.DSE) || x != 0 && !p.DSE {
				t.Errorf("fields %v: (%g, %g): DNE %v DSE %v", c.fields, x, x, p.DNE, p.DSE)
			}
		}
	}
}

// TestSearchJordanScaledLocatesDSE: Search of torusJordan ×10⁻¹² (64
// starts per field) listed its DSE (0.4 − π, 0.4) 4.8e-6 off, where Newton
// on ω (J a Jordan block) stopped, though the game ×1 lists it at the
// point: the root of ω_S, exact, was merged into that of ω as the same
// degenerate root (sameDegenerateRoot: the game's unit σ = 1.5·10⁻¹², from
// ‖J‖∞ = 1.5 at the starts, makes its threshold 1.5 times that of the game
// ×1, whose σ is capped at 1), which kept the worse-located one and marked
// it found on both fields, so relocateOneFieldRoots left it. It must be
// listed once, at the point within 1e-9, a stable DSE, as for the game ×1.
func TestSearchJordanScaledLocatesDSE(t *testing.T) {
	for _, s := range []float64{1, 1e-12} {
		pts, err := Search(scaledBy{torusJordan{}, s}, SearchOptions{Starts: 64})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("scale %g", s)
		checkJordanDSE(t, pts, 6)
	}
}
