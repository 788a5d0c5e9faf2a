package equilib

import (
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
)

// TestNewtonLargeScale: on the duopoly with A = 10⁷ (c1 = 5, c2 = 2) the
// field's values are ~10⁷, so rounding keeps ‖ω‖∞ at the computed Nash
// point near 10⁻⁹, above Newton's tolerance 10⁻¹⁰. Newton stalls there with
// a negligible step; that is a root to working precision. Search used to
// drop every start on the Nash field and return the Stackelberg point
// alone, and Polish on the Nash field failed ("did not converge"): both
// now find the Nash point (A + c2 − 2c1)/3, (A + c1 − 2c2)/3 to relative
// 1e-12, a DNE, beside the Stackelberg point, a DSE.
func TestNewtonLargeScale(t *testing.T) {
	for _, A := range []float64{1e7, 1e8, 1e10} {
		d, err := game.NewDuopoly(A, 5, 2)
		if err != nil {
			t.Fatal(err)
		}
		nx, ny := d.Nash()
		sx, sy := d.Stackelberg()
		near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-12*want }
		p, err := Polish(d, []float64{0.9 * nx}, []float64{1.1 * ny}, NashField)
		if err != nil {
			t.Fatalf("A = %g: %v", A, err)
		}
		if !p.DNE || !near(p.X[0], nx) || !near(p.Y[0], ny) {
			t.Errorf("A = %g: Polish reached (%v, %v) DNE %v, want the DNE (%v, %v)", A, p.X[0], p.Y[0], p.DNE, nx, ny)
		}
		pts, err := Search(d, SearchOptions{Starts: 8})
		if err != nil {
			t.Fatal(err)
		}
		if len(pts) != 2 {
			t.Fatalf("A = %g: Search found %d points, want 2 (Nash and Stackelberg): %+v", A, len(pts), pts)
		}
		// Sorted by x: the Nash point (x ≈ A/3) first.
		if n := pts[0]; !n.DNE || n.DSE || !near(n.X[0], nx) || !near(n.Y[0], ny) {
			t.Errorf("A = %g: first point (%v, %v) DNE %v DSE %v, want the DNE (%v, %v)", A, n.X[0], n.Y[0], n.DNE, n.DSE, nx, ny)
		}
		if s := pts[1]; !s.DSE || s.DNE || !near(s.X[0], sx) || !near(s.Y[0], sy) {
			t.Errorf("A = %g: second point (%v, %v) DNE %v DSE %v, want the DSE (%v, %v)", A, s.X[0], s.Y[0], s.DNE, s.DSE, sx, sy)
		}
	}
}

// TestSearchInfiniteTolerances: Tol = +Inf took any start where Newton
// stopped (a failed line search, the iteration budget) for a root, and
// DedupTol = +Inf merged every root into one (the duopoly's Nash and
// Stackelberg points came back as one point); both are errors.
func TestSearchInfiniteTolerances(t *testing.T) {
	d, _ := game.NewDuopoly(100, 5, 2)
	for _, opt := range []SearchOptions{{Tol: math.Inf(1)}, {DedupTol: math.Inf(1)}} {
		_, err := Search(d, opt)
		if err == nil || !strings.Contains(err.Error(), "must be finite non-negative numbers") {
			t.Errorf("%+v: error %v", opt, err)
		}
	}
}
