package equilib

import (
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// TestSearchTorus is the location game of Section 4.2 (α = (1, 1.3),
// φ = (π/8, π/8)). Search finds exactly two DNE, (−0.7833, 1.1823) and
// (1.5687, −0.3969), and two DSE, (−0.5252, 1.2465) and (1.3106, −0.4611),
// to 1e-3; the DNE are not DSE and the DSE not DNE; each is stable for its
// dynamics (the paper: "each equilibrium is a stable equilibrium"), with the
// paper's costs (−0.77, −1.3) and (−0.81, −1.05) to 0.01. The other
// critical points are the four points where each player sits at φ or
// φ − π; they are zeros of both fields (D2 f1 = sin(θ1 − θ2) = 0 there),
// neither DNE nor DSE nor stable, and are reported, not hidden.
func TestSearchTorus(t *testing.T) {
	pts, err := Search(paperTorus, SearchOptions{Starts: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	type want struct{ x, y, f1, f2 float64 }
	dne := []want{{-0.7833, 1.1823, -0.77, -1.3}, {1.5687, -0.3969, -0.77, -1.3}}
	dse := []want{{-0.5252, 1.2465, -0.81, -1.05}, {1.3106, -0.4611, -0.81, -1.05}}
	p8 := math.Pi / 8
	other := []want{{p8 - math.Pi, p8, 0, 0}, {p8 - math.Pi, p8 - math.Pi, 0, 0}, {p8, p8, 0, 0}, {p8, p8 - math.Pi, 0, 0}}
	var gotDNE, gotDSE, gotOther []Point
	for _, p := range pts {
		t.Logf("(%.4f, %.4f) f=(%.3f, %.3f) dne=%v dse=%v stable_sga=%v stable_stackelberg=%v eigJ=%.3f eigJS=%.3f",
			p.X[0], p.Y[0], p.F1, p.F2, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg, p.EigJ, p.EigJS)
		switch {
		case p.DNE && p.DSE:
			t.Errorf("(%g, %g) is both DNE and DSE", p.X[0], p.Y[0])
		case p.DNE:
			gotDNE = append(gotDNE, p)
			if !p.StableSGA {
				t.Errorf("DNE (%g, %g) is not stable under SGA", p.X[0], p.Y[0])
			}
		case p.DSE:
			gotDSE = append(gotDSE, p)
			if !p.StableStackelberg {
				t.Errorf("DSE (%g, %g) is not stable under Stackelberg dynamics", p.X[0], p.Y[0])
			}
		default:
			gotOther = append(gotOther, p)
			if p.StableSGA || p.StableStackelberg {
				t.Errorf("non-equilibrium critical point (%g, %g) is stable", p.X[0], p.Y[0])
			}
		}
	}
	match := func(kind string, got []Point, want []want, tol float64, checkF bool) {
		if len(got) != len(want) {
			t.Errorf("%s: found %d points, want %d", kind, len(got), len(want))
			return
		}
		for _, w := range want {
			found := false
			for _, p := range got {
				dx, dy := game.WrapAngle(p.X[0]-w.x), game.WrapAngle(p.Y[0]-w.y)
				if math.Abs(dx) <= tol && math.Abs(dy) <= tol {
					found = true
					if checkF && (!near(p.F1, w.f1, 0.01) || !near(p.F2, w.f2, 0.01)) {
						t.Errorf("%s (%g, %g): costs (%g, %g), paper (%g, %g)", kind, w.x, w.y, p.F1, p.F2, w.f1, w.f2)
					}
				}
			}
			if !found {
				t.Errorf("%s (%g, %g) not found", kind, w.x, w.y)
			}
		}
	}
	match("DNE", gotDNE, dne, 1e-3, true)
	match("DSE", gotDSE, dse, 1e-3, true)
	match("other critical point", gotOther, other, 1e-8, false)
}

// TestSearchTorusAcrossTheSeam: with φ = (π, π) the location game is the
// paper's (TestSearchTorus) turned by s = 7π/8 in both coordinates (f_i
// depends on θ_i − φ_i and θ1 − θ2 only), so its critical points are the
// paper's moved by s: the two DNE and two DSE to 1e-3, and the four points
// with each player at 0 or π to 1e-8, two of which lie on the seam θ = ±π
// where Newton's iterates arrive from both sides. Search must report each
// exactly once — eight points, torus distance between any two above the
// de-duplication tolerance — with the paper's classification.
func TestSearchTorusAcrossTheSeam(t *testing.T) {
	pts, err := Search(torus{a1: 1, a2: 1.3, p1: math.Pi, p2: math.Pi}, SearchOptions{Starts: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	const s = 7 * math.Pi / 8
	want := []struct {
		x, y, tol float64
		dne, dse  bool
	}{
		{-0.7833 + s, 1.1823 + s, 1e-3, true, false}, {1.5687 + s, -0.3969 + s, 1e-3, true, false},
		{-0.5252 + s, 1.2465 + s, 1e-3, false, true}, {1.3106 + s, -0.4611 + s, 1e-3, false, true},
		{0, 0, 1e-8, false, false}, {0, math.Pi, 1e-8, false, false}, {math.Pi, 0, 1e-8, false, false}, {math.Pi, math.Pi, 1e-8, false, false},
	}
	if len(pts) != len(want) {
		for _, p := range pts {
			t.Logf("(%.17g, %.17g) dne=%v dse=%v", p.X[0], p.Y[0], p.DNE, p.DSE)
		}
		t.Fatalf("found %d critical points, want %d", len(pts), len(want))
	}
	for _, w := range want {
		n := 0
		for _, p := range pts {
			if math.Abs(game.WrapAngle(p.X[0]-w.x)) <= w.tol && math.Abs(game.WrapAngle(p.Y[0]-w.y)) <= w.tol {
				n++
				if p.DNE != w.dne || p.DSE != w.dse {
					t.Errorf("(%g, %g): dne %v dse %v, want %v %v", p.X[0], p.Y[0], p.DNE, p.DSE, w.dne, w.dse)
				}
			}
		}
		if n != 1 {
			t.Errorf("(%g, %g) found %d times, want once", game.WrapAngle(w.x), game.WrapAngle(w.y), n)
		}
	}
}

// TestSearchDuopoly: on the unbounded duopoly the search box is required;
// with it Search finds exactly Nash (92/3, 101/3), a DNE, and Stackelberg
// (46, 26), a DSE, to 1e-9.
func TestSearchDuopoly(t *testing.T) {
	g := duopoly{a: 100, c1: 5, c2: 2}
	if _, err := Search(g, SearchOptions{}); err == nil || !strings.HasPrefix(err.Error(), "search.lo/hi") {
		t.Fatalf("error %v, want a missing search box", err)
	}
	pts, err := Search(g, SearchOptions{Starts: 10, Lo: []float64{0, 0}, Hi: []float64{100, 100}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2 {
		t.Fatalf("%d points %+v, want 2", len(pts), pts)
	}
	n, s := pts[0], pts[1] // sorted by x
	if !near(n.X[0], 92.0/3, 1e-9) || !near(n.Y[0], 101.0/3, 1e-9) || !n.DNE || n.DSE {
		t.Errorf("first point %+v, want the DNE (92/3, 101/3)", n)
	}
	if !near(s.X[0], 46, 1e-9) || !near(s.Y[0], 26, 1e-9) || s.DNE || !s.DSE {
		t.Errorf("second point %+v, want the DSE (46, 26)", s)
	}
}

// TestSearchDeterministic: the same seed gives the same points.
func TestSearchDeterministic(t *testing.T) {
	a, err := Search(paperTorus, SearchOptions{Starts: 20, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Search(paperTorus, SearchOptions{Starts: 20, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d and %d points", len(a), len(b))
	}
	for i := range a {
		if a[i].X[0] != b[i].X[0] || a[i].Y[0] != b[i].Y[0] {
			t.Errorf("point %d: (%v, %v) vs (%v, %v)", i, a[i].X, a[i].Y, b[i].X, b[i].Y)
		}
	}
}

// TestPolish: Newton from near the torus DSE on ω_S lands on it; on ω from
// the same start it lands on the nearby DNE.
func TestPolish(t *testing.T) {
	p, err := Polish(paperTorus, []float64{-0.5}, []float64{1.2}, StackelbergField)
	if err != nil {
		t.Fatal(err)
	}
	if !p.DSE || !near(p.X[0], -0.5252, 1e-3) || !near(p.Y[0], 1.2465, 1e-3) {
		t.Errorf("polished to %+v, want the DSE (−0.5252, 1.2465)", p)
	}
	p, err = Polish(paperTorus, []float64{-0.7}, []float64{1.2}, NashField)
	if err != nil {
		t.Fatal(err)
	}
	if !p.DNE || !near(p.X[0], -0.7833, 1e-3) || !near(p.Y[0], 1.1823, 1e-3) {
		t.Errorf("polished to %+v, want the DNE (−0.7833, 1.1823)", p)
	}
}

// A start that is not finite is an error naming the coordinate, not
// "Newton … did not converge".
func TestPolishNonFiniteStart(t *testing.T) {
	_, err := Polish(paperTorus, []float64{-0.5}, []float64{math.NaN()}, StackelbergField)
	if err == nil || !strings.Contains(err.Error(), "the start y[0] = NaN is not finite") {
		t.Errorf("NaN start: %v", err)
	}
	_, err = Polish(paperTorus, []float64{math.Inf(-1)}, []float64{1.2}, NashField)
	if err == nil || !strings.Contains(err.Error(), "the start x[0] = -Inf is not finite") {
		t.Errorf("−Inf start: %v", err)
	}
}

// acToy is the actor-critic toy game (costs −wθ and (wθ + θ²/5)², box
// [−1, 1]²) whose only critical point (0, 0) is degenerate: the follower
// Hessian 2θ² and det J vanish there.
type acToy struct{}

func (acToy) Name() string      { return "ac-toy" }
func (acToy) Dims() (int, int)  { return 1, 1 }
func (acToy) Sense() game.Sense { return game.Cost }
func (acToy) Domains() (game.Domain, game.Domain) {
	b := game.Domain{Kind: game.Box, Lo: []float64{-1}, Hi: []float64{1}}
	return b, b
}
func (acToy) F1(x, y *ad.Node) *ad.Node { return ad.Neg(ad.Mul(x, y)) }
func (acToy) F2(x, y *ad.Node) *ad.Node {
	return ad.Square(ad.Add(ad.Mul(x, y), ad.Scale(ad.Square(x), 0.2)))
}

// TestSearchDegenerateRoot: at a degenerate root (ω ~ θ³) a small residual
// is reached far from the root; Search must keep iterating and report the
// single point (0, 0) (to 1e-6), neither DNE nor DSE (D2² f2 = 0, so J_S is
// undefined), instead of a cloud of spurious nearby "equilibria".
func TestSearchDegenerateRoot(t *testing.T) {
	pts, err := Search(acToy{}, SearchOptions{Starts: 30, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 1 {
		t.Fatalf("%d points, want 1: %+v", len(pts), pts)
	}
	p := pts[0]
	if math.Abs(p.X[0]) > 1e-6 || math.Abs(p.Y[0]) > 1e-6 || p.DNE || p.DSE || p.StableSGA || p.StableStackelberg {
		t.Errorf("%+v: want (0, 0), unclassified", p)
	}
}

// A Field that is neither NashField nor StackelbergField is an error in
// Search and Polish; it was solved silently as NashField (Search on the
// duopoly with Fields {7} returned the Nash point).
func TestUnknownFieldIsError(t *testing.T) {
	g := duopoly{a: 100, c1: 5, c2: 2}
	opt := SearchOptions{Starts: 4, Fields: []Field{StackelbergField, 7}, Lo: []float64{0, 0}, Hi: []float64{100, 100}}
	if pts, err := Search(g, opt); err == nil || !strings.Contains(err.Error(), "search.fields[1]: unknown field 7") {
		t.Errorf("Search with field 7: %d points, error %v; want an error naming fields[1]", len(pts), err)
	}
	if _, err := Polish(g, []float64{30}, []float64{30}, Field(-1)); err == nil || !strings.Contains(err.Error(), "unknown field -1") {
		t.Errorf("Polish with field −1: error %v; want one naming the field", err)
	}
}
