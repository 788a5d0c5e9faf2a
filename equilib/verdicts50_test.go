package equilib

import (
	"math"
	"testing"
)

// TestVerdictsOfSearchPolishAnalyze50: f1 = ½·10⁻⁴x² + ¼·10⁴x⁴,
// f2 = ½y² has a DNE and DSE at 0 of leader curvature 10⁻⁴, where ‖J‖∞
// is 1 (3·10⁴ a unit away, 3·10⁶ at the edge of the starts' box
// [−10, 10]). Search measured the game's unit at its starts: at ×10⁻⁶ the
// starts' ‖J‖∞ = 3 made its unit 1 and the floor 10⁻⁹ above the
// curvature 10⁻¹⁰, so Search said neither while Analyze at the same point
// (unit from around it) and the game ×1 said both. Search and Polish now
// classify a root with the unit measured around it, as Analyze does, and
// all three give a DNE and DSE at ×10⁻⁶, ×1 and ×10⁶ (the point within
// 1e-8 of 0).
func TestVerdictsOfSearchPolishAnalyze50(t *testing.T) {
	for _, s := range []float64{1e-6, 1, 1e6} {
		g := scaledBy{quartic1{a: 1e-4, p: 1e4, d: 1}, s}
		pts, err := Search(g, SearchOptions{Starts: 8, Lo: []float64{-10, -10}, Hi: []float64{10, 10}})
		if err != nil {
			t.Fatal(err)
		}
		if len(pts) != 1 {
			t.Fatalf("×%g: Search found %d points, want 1: %+v", s, len(pts), pts)
		}
		q, err := Analyze(g, pts[0].X, pts[0].Y)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Polish(g, []float64{0.5}, []float64{0.5}, NashField)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			who string
			p   Point
		}{{"Search", pts[0]}, {"Analyze", q}, {"Polish", r}} {
			if !c.p.DNE || !c.p.DSE || !(math.Abs(c.p.X[0]) <= 1e-8) || !(math.Abs(c.p.Y[0]) <= 1e-8) {
				t.Errorf("×%g: %s: (%v, %v) DNE %v DSE %v eig J %v; want a DNE and DSE at 0", s, c.who, c.p.X, c.p.Y, c.p.DNE, c.p.DSE, c.p.EigJ)
			}
		}
	}
}
