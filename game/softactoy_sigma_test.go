package game

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// softACToyOracle returns f1, f2, ∇θ f1 and ∇w f2 of the soft toy game at
// (θ, w) with the expectations over ε ~ N(0, 1) by the trapezoidal rule
// (gaussianExpect), from the definitions: f1 = −E[w·a + η log sech²u], f2 = E[(w·a + a²/5)²],
// u = θ + σε, a = tanh u, d/du log sech²u = −2a, da/du = 1 − a².
func softACToyOracle(sigma, eta, th, w float64) [4]float64 {
	expect := func(f func(u, a float64) float64) float64 {
		return gaussianExpect(func(e float64) float64 {
			u := th + sigma*e
			return f(u, math.Tanh(u))
		})
	}
	logSech2 := func(u float64) float64 { return 2 * (math.Ln2 - math.Abs(u) - math.Log1p(math.Exp(-2*math.Abs(u)))) }
	return [4]float64{
		-expect(func(u, a float64) float64 { return w*a + eta*logSech2(u) }),
		expect(func(u, a float64) float64 { r := w*a + a*a/5; return r * r }),
		-expect(func(u, a float64) float64 { return w*(1-a*a) - 2*eta*a }),
		expect(func(u, a float64) float64 { r := w*a + a*a/5; return 2 * r * a }),
	}
}

// softACToyError is the largest absolute difference between g's f1, f2,
// ∇θ f1, ∇w f2 and the oracle's over four points of [−1, 1]².
func softACToyError(g *SoftACToy) float64 {
	ev := NewEvaluator(g)
	worst := 0.0
	for _, p := range [][2]float64{{0.3, -0.4}, {-0.9, 0.7}, {1, 1}, {0, 0.5}} {
		x, y, d := []float64{p[0]}, []float64{p[1]}, []float64{0}
		want := softACToyOracle(g.Sigma, g.Eta, p[0], p[1])
		ev.Grad1(d, x, y)
		g1 := d[0]
		ev.Grad2(d, x, y)
		got := [4]float64{ev.Value1(x, y), ev.Value2(x, y), g1, d[0]}
		for i := range got {
			worst = math.Max(worst, math.Abs(got[i]-want[i]))
		}
	}
	return worst
}

// TestSoftACToySigmaRange: the built-in's expectations are within 2.5e-3
// of the trapezoidal integrals at the largest σ it accepts with a number
// of nodes, 1.8·√(nodes/32) (measured 2.2e-3 with 16 nodes, 1.7e-3 with
// 32, 7e-4 with 200), and 1e-5 at σ = 1 with 32; 32 nodes are off by more
// than 2e-2 at σ = 5, where 1000 nodes are within 1e-6; a σ above the
// limit, or nodes outside 16–2000 or not whole, is refused with an error
// naming the parameter and the reason; a built-in with nodes: 200 takes
// σ = 4.5 and integrates as NewSoftACToy with 200 nodes does.
func TestSoftACToySigmaRange(t *testing.T) {
	for _, c := range []struct {
		sigma float64
		nodes int
		lo    float64 // the error must exceed lo …
		hi    float64 // … and stay within hi
	}{
		{1, 32, 0, 1e-5},
		{SoftACToyMaxSigma(16), 16, 0, 2.5e-3},
		{SoftACToyMaxSigma(32), 32, 0, 2.5e-3},
		{SoftACToyMaxSigma(200), 200, 0, 2.5e-3},
		{5, 32, 2e-2, math.Inf(1)},
		{5, 1000, 0, 1e-6},
	} {
		g := NewSoftACToy(SoftACToyParams{Sigma: c.sigma, Nodes: c.nodes})
		if e := softACToyError(g); !(e > c.lo && e <= c.hi) {
			t.Errorf("sigma %g, %d nodes: worst error %.3g, want in (%g, %g]", c.sigma, c.nodes, e, c.lo, c.hi)
		}
	}
	if SoftACToyMaxSigma(32) != 1.8 {
		t.Errorf("SoftACToyMaxSigma(32) = %v, want 1.8", SoftACToyMaxSigma(32))
	}
	if _, err := Builtin("soft-ac-toy", map[string]ad.Tensor{"sigma": ad.Scalar(1.8)}); err != nil {
		t.Errorf("sigma = 1.8 refused: %v", err)
	}
	g, err := Builtin("soft-ac-toy", map[string]ad.Tensor{"sigma": ad.Scalar(4.5), "nodes": ad.Scalar(200)})
	if err != nil {
		t.Fatalf("sigma = 4.5 with 200 nodes refused: %v", err)
	}
	if got, want := softACToyError(g.(*SoftACToy)), softACToyError(NewSoftACToy(SoftACToyParams{Sigma: 4.5, Nodes: 200})); got != want {
		t.Errorf("the built-in with nodes 200: error %v, NewSoftACToy with 200 nodes: %v", got, want)
	}
	for _, c := range []struct {
		sigma, nodes float64
		want         string
	}{
		{1.81, 32, "soft-ac-toy: param sigma = 1.81 is above 1.8, the largest 32 Gauss–Hermite nodes integrate accurately " +
			"(1.8·√(nodes/32): within 2.5e-3 of the integrals up to it; 32 nodes are off by 6e-2 at sigma = 5, the gradients by as much as half); " +
			"give more nodes (param nodes, up to 2000: sigma ≤ 1.8·√(nodes/32)) or a smaller sigma"},
		{5, 200, "soft-ac-toy: param sigma = 5 is above 4.5, the largest 200 Gauss–Hermite nodes integrate accurately " +
			"(1.8·√(nodes/32): within 2.5e-3 of the integrals up to it; 32 nodes are off by 6e-2 at sigma = 5, the gradients by as much as half); " +
			"give more nodes (param nodes, up to 2000: sigma ≤ 1.8·√(nodes/32)) or a smaller sigma"},
		{0.5, 8, "soft-ac-toy: param nodes = 8 must be a whole number from 16 to 2000"},
		{0.5, 40.5, "soft-ac-toy: param nodes = 40.5 must be a whole number from 16 to 2000"},
		{0.5, 2001, "soft-ac-toy: param nodes = 2001 must be a whole number from 16 to 2000"},
	} {
		_, err := Builtin("soft-ac-toy", map[string]ad.Tensor{"sigma": ad.Scalar(c.sigma), "nodes": ad.Scalar(c.nodes)})
		if err == nil || err.Error() != c.want {
			t.Errorf("sigma = %g, nodes = %g: error %v\nwant %s", c.sigma, c.nodes, err, c.want)
		}
	}
}

// TestSoftACToySigmaRefusalQuotesLimitRoundedDown: a refusal quotes the
// limit 1.8·√(nodes/32) rounded down to 3 decimals, so never at or above
// the σ refused (with %.3g, 1773 nodes, limit 13.3981…, refused σ = 13.4
// as "above 13.4", and 2000 nodes, limit 14.2302…, σ = 14.2303 as "above
// 14.2").
func TestSoftACToySigmaRefusalQuotesLimitRoundedDown(t *testing.T) {
	for _, c := range []struct {
		sigma, nodes float64
		limit        string
	}{{13.4, 1773, "13.398"}, {1.273, 16, "1.272"}, {6.3000001, 392, "6.3"}, {14.2303, 2000, "14.23"}, {1.81, 32, "1.8"}, {3.16, 98, "3.15"}, {2.71, 72, "2.7"}} {
		_, err := Builtin("soft-ac-toy", map[string]ad.Tensor{"sigma": ad.Scalar(c.sigma), "nodes": ad.Scalar(c.nodes)})
		want := fmt.Sprintf("soft-ac-toy: param sigma = %v is above %s, the largest %v Gauss–Hermite nodes", c.sigma, c.limit, c.nodes)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("sigma = %g, nodes = %g: error %v\nwant it to start %q", c.sigma, c.nodes, err, want)
		}
	}
}
