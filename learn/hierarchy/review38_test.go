package hierarchy

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// TestStaggeredMiddlePlayerFD checks the middle player's direction of a
// 3-player chain (costs) off its own response manifold: with x3 = r3(x1, x2)
// the exact response of the deepest player (Newton on the closed form
// ∂3 f3 = 2x3 + 0.4x3³ − (x1 + x2 + x1x2) = 0, to 1e-15) and x2 arbitrary,
// player 2's direction must be d/dx2 f2(x1, x2, r3(x1, x2)), compared with a
// central difference (h = 1e-5; tolerance 1e-7), and player 3's its partial
// ∂3 f3 = 0. It also checks the leader's direction at a point where
// x2 = r2(x1) does not hold against the IFT formula computed by hand: there
// D f1 = ∂1 f1 + ∂3 f1·∂r3/∂x1 + (∂2 f1 + ∂3 f1·∂r3/∂x2)·dr2/dx1, with
// dr2/dx1 = −(∂G2/∂x1)/(∂G2/∂x2), G2 player 2's direction, both found by
// central differences of G2 along r3.
func TestStaggeredMiddlePlayerFD(t *testing.T) {
	g := Game{Sense: game.Cost, Players: []Player{
		{Name: "p1", Dim: 1, Objective: func(x []*ad.Node) *ad.Node {
			// f1 = (x1 − 1)² + x1 x2 x3
			return ad.Sum(ad.Add(ad.Square(ad.AddScalar(x[0], -1)), ad.Mul(x[0], ad.Mul(x[1], x[2]))))
		}},
		{Name: "p2", Dim: 1, Objective: func(x []*ad.Node) *ad.Node {
			// f2 = x2² + x2 x3 sin x1 + 0.3 x2 x3² + x1 cos x2
			x1, x2, x3 := x[0], x[1], x[2]
			v := ad.Add(ad.Square(x2), ad.Mul(ad.Mul(x2, x3), ad.Sin(x1)))
			v = ad.Add(v, ad.Scale(ad.Mul(x2, ad.Square(x3)), 0.3))
			return ad.Sum(ad.Add(v, ad.Mul(x1, ad.Cos(x2))))
		}},
		{Name: "p3", Dim: 1, Objective: func(x []*ad.Node) *ad.Node {
			// f3 = x3² + 0.1 x3⁴ − x3 (x1 + x2 + x1 x2)
			x1, x2, x3 := x[0], x[1], x[2]
			v := ad.Add(ad.Square(x3), ad.Scale(ad.PowConst(x3, 4), 0.1))
			return ad.Sum(ad.Sub(v, ad.Mul(x3, ad.Add(ad.Add(x1, x2), ad.Mul(x1, x2)))))
		}},
	}}
	r3 := func(x1, x2 float64) float64 {
		b, x3 := x1+x2+x1*x2, 0.0
		for range 100 {
			x3 -= (2*x3 + 0.4*x3*x3*x3 - b) / (2 + 1.2*x3*x3)
		}
		return x3
	}
	f2 := func(x1, x2, x3 float64) float64 {
		return x2*x2 + x2*x3*math.Sin(x1) + 0.3*x2*x3*x3 + x1*math.Cos(x2)
	}
	const h = 1e-5
	// G2(x1, x2): player 2's direction along x3 = r3(x1, x2).
	G2 := func(x1, x2 float64) float64 {
		return (f2(x1, x2+h, r3(x1, x2+h)) - f2(x1, x2-h, r3(x1, x2-h))) / (2 * h)
	}
	e, err := NewEvaluator(g, Staggered(3))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]float64{{0.4, -0.7}, {1.3, 0.9}, {-0.8, 2.1}} {
		x1, x2 := p[0], p[1]
		x3 := r3(x1, x2)
		d := [][]float64{{0}, {0}, {0}}
		if err := e.Directions(d, [][]float64{{x1}, {x2}, {x3}}); err != nil {
			t.Fatal(err)
		}
		if fd := G2(x1, x2); math.Abs(d[1][0]-fd) > 1e-7 {
			t.Errorf("(%v, %v): player 2 direction %.12g, finite difference %.12g", x1, x2, d[1][0], fd)
		}
		if math.Abs(d[2][0]) > 1e-12 {
			t.Errorf("(%v, %v): player 3 direction %g at its response, want 0", x1, x2, d[2][0])
		}
		// Leader, off player 2's response manifold.
		const k = 1e-4
		dr3dx1 := (r3(x1+h, x2) - r3(x1-h, x2)) / (2 * h)
		dr3dx2 := (r3(x1, x2+h) - r3(x1, x2-h)) / (2 * h)
		dG2dx1 := (G2(x1+k, x2) - G2(x1-k, x2)) / (2 * k)
		dG2dx2 := (G2(x1, x2+k) - G2(x1, x2-k)) / (2 * k)
		dr2dx1 := -dG2dx1 / dG2dx2
		p1, p2, p3 := 2*(x1-1)+x2*x3, x1*x3, x1*x2 // partials of f1
		want := p1 + p3*dr3dx1 + (p2+p3*dr3dx2)*dr2dx1
		if math.Abs(d[0][0]-want) > 1e-5 {
			t.Errorf("(%v, %v): leader direction %.12g, by hand %.12g", x1, x2, d[0][0], want)
		}
	}
}
