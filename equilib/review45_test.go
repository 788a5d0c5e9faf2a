package equilib

import (
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// poly1 has costs f1 = p(x), f2 = y²/2 with p′ = dp: ω = (dp(x), y).
type poly1 struct {
	p func(x *ad.Node) *ad.Node
}

func (poly1) Name() string                        { return "poly1" }
func (poly1) Dims() (int, int)                    { return 1, 1 }
func (poly1) Sense() game.Sense                   { return game.Cost }
func (poly1) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (g poly1) F1(x, y *ad.Node) *ad.Node         { return g.p(x) }
func (poly1) F2(x, y *ad.Node) *ad.Node           { return ad.Scale(ad.Square(y), 0.5) }

// TestSplitContinuumIsolatedDegenerateRoots: isolated roots with a
// singular Jacobian that SplitContinuum put on a continuum — ω = x²(x −
// 0.1) at 0 (a second, simple root exactly h = 0.1 away along the null
// direction) and ω = x⁷ at 0 (‖ω‖∞ = 10⁻⁷ at h, below the critical
// threshold 10⁻⁶), and ω = x²(x − 0.1)(x − 0.025) at 0 (other roots at
// both h and h/4: session 45's second test took it for a continuum). Each
// has the isolated root (0, 0) alone around it.
func TestSplitContinuumIsolatedDegenerateRoots(t *testing.T) {
	for name, g := range map[string]poly1{
		"x²(x−0.1)": {func(x *ad.Node) *ad.Node { // x⁴/4 − 0.1·x³/3
			return ad.Add(ad.Scale(ad.Square(ad.Square(x)), 0.25), ad.Scale(ad.Mul(x, ad.Square(x)), -0.1/3))
		}},
		"x²(x−0.1)(x−0.025)": {func(x *ad.Node) *ad.Node { // x⁵/5 − 0.125·x⁴/4 + 0.0025·x³/3
			x3 := ad.Mul(x, ad.Square(x))
			return ad.Add(ad.Add(ad.Scale(ad.Mul(x3, ad.Square(x)), 0.2), ad.Scale(ad.Square(ad.Square(x)), -0.125/4)), ad.Scale(x3, 0.0025/3))
		}},
		"x⁷": {func(x *ad.Node) *ad.Node { // x⁸/8
			return ad.Scale(ad.Square(ad.Square(ad.Square(x))), 0.125)
		}},
	} {
		p, err := Analyze(g, []float64{0}, []float64{0})
		if err != nil {
			t.Fatal(name, err)
		}
		iso, cont := SplitContinuum(g, []Point{p})
		if len(iso) != 1 || len(cont) != 0 {
			t.Errorf("%s at 0: %d isolated, %d on a continuum; want 1 and 0", name, len(iso), len(cont))
		}
	}
}
