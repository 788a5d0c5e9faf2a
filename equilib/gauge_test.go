package equilib

import (
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// softmaxGame is a 2×2 matrix game on softmax logits (domains Simplex) with
// entropy τ: payoffs f1 = a·p0·q0 + τH(p), f2 = b·q0 + τH(q), p = softmax(x),
// q = softmax(y), H(p) = −Σ p log p. The follower ignores the leader, so its
// logits settle at y0 − y1 = b/τ, q0 = σ(b/τ), and the leader's at
// x0 − x1 = u* = a·q0/τ: one critical point of ω and of ω_S (D21 f2 = 0
// makes Df1 = D1 f1), a DNE and a DSE. In the coordinates z = (x0 − x1)/√2
// of the logits modulo their shift, with u = x0 − x1,
// df1/du = σ'(u)(a q0 − τu), so at u* d²(−f1)/dz² = 2τσ'(u*) = 2τ p0(1 − p0),
// and likewise 2τ q0(1 − q0) for the follower; J = J_S is upper triangular
// (D21 f2 = 0), its eigenvalues these two.
type softmaxGame struct{ a, b, tau float64 }

func (softmaxGame) Name() string      { return "softmax" }
func (softmaxGame) Dims() (int, int)  { return 2, 2 }
func (softmaxGame) Sense() game.Sense { return game.Payoff }
func (softmaxGame) Domains() (game.Domain, game.Domain) {
	return game.Domain{Kind: game.Simplex}, game.Domain{Kind: game.Simplex}
}
func (g softmaxGame) entropy(v *ad.Node) *ad.Node {
	return ad.Scale(ad.Dot(ad.Softmax(v), ad.LogSoftmax(v)), -g.tau)
}
func (g softmaxGame) F1(x, y *ad.Node) *ad.Node {
	pq := ad.Mul(ad.Index(ad.Softmax(x), 0), ad.Index(ad.Softmax(y), 0))
	return ad.Add(ad.Scale(pq, g.a), g.entropy(x))
}
func (g softmaxGame) F2(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Scale(ad.Index(ad.Softmax(y), 0), g.b), g.entropy(y))
}

// TestSearchSimplexModuloShift: on softmax logits every point is a line of
// copies of itself (x + s·1). Search must report the one critical point of
// softmaxGame{a: 2, b: 1, τ: 0.5} once, as the logits with Σ = 0, classify
// it DNE and DSE and stable for both dynamics, with the two eigenvalues
// 2τ p0(1 − p0) and 2τ q0(1 − q0) for J and J_S to 1e-9. Before the
// analysis was done modulo the shift it listed the point once per shift
// Newton ended at, with a zero eigenvalue and singular Hessians (no DNE, no
// DSE, not stable), and J_S of round-off.
func TestSearchSimplexModuloShift(t *testing.T) {
	g := softmaxGame{a: 2, b: 1, tau: 0.5}
	sigma := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	q0 := sigma(g.b / g.tau)
	u := g.a * q0 / g.tau
	p0 := sigma(u)
	wantEig := []float64{2 * g.tau * p0 * (1 - p0), 2 * g.tau * q0 * (1 - q0)} // 0.0287, 0.1050: ascending
	lo, hi := []float64{-3, -3, -3, -3}, []float64{3, 3, 3, 3}
	all, err := Search(g, SearchOptions{Starts: 40, Seed: 1, Lo: lo, Hi: hi})
	if err != nil {
		t.Fatal(err)
	}
	// Newton also stops where a softmax saturates (logits ±20 and beyond:
	// the gradient underflows there); KeepCritical drops those points.
	pts, dropped := KeepCritical(g, all)
	if dropped == 0 {
		t.Errorf("no saturated Newton end point among %d: the test no longer exercises KeepCritical", len(all))
	}
	if len(pts) != 1 {
		t.Fatalf("%d points, want 1 (the mixed strategies (σ(%.4f), ·), (σ(2), ·)): %+v", len(pts), u, pts)
	}
	p := pts[0]
	for i, want := range [][2]float64{{u / 2, -u / 2}, {g.b / g.tau / 2, -g.b / g.tau / 2}} {
		got := [][]float64{p.X, p.Y}[i]
		if !near(got[0], want[0], 1e-9) || !near(got[1], want[1], 1e-9) {
			t.Errorf("player %d logits %v, want %v (Σ = 0)", i+1, got, want)
		}
	}
	if !p.DNE || !p.DSE || !p.StableSGA || !p.StableStackelberg {
		t.Errorf("dne %v dse %v stable_sga %v stable_stackelberg %v, want all true", p.DNE, p.DSE, p.StableSGA, p.StableStackelberg)
	}
	checkEig(t, "J", p.EigJ, wantEig, 1e-9)
	checkEig(t, "J_S", p.EigJS, wantEig, 1e-9)

	// The same mixed strategies written with other shifts: the same
	// analysis, and the point as given.
	x, y := []float64{u/2 + 7, -u/2 + 7}, []float64{1 - 3, -1 - 3}
	a, err := Analyze(g, x, y)
	if err != nil {
		t.Fatal(err)
	}
	if !a.DNE || !a.DSE || a.X[0] != x[0] || a.Y[1] != y[1] {
		t.Errorf("shifted point: %+v, want a DNE and DSE reported at the point given", a)
	}
	checkEig(t, "shifted J", a.EigJ, wantEig, 1e-9)

	// Polish from elsewhere reaches the Σ = 0 representative.
	pp, err := Polish(g, []float64{4, 0.8}, []float64{2, 0.2}, StackelbergField)
	if err != nil {
		t.Fatal(err)
	}
	if !near(pp.X[0], u/2, 1e-9) || !near(pp.X[0]+pp.X[1], 0, 1e-12) || !pp.DSE {
		t.Errorf("polished to %+v, want x = (%g, %g), a DSE", pp, u/2, -u/2)
	}
}

// notSoftmax declares simplex domains but f1 = x0² does not depend on the
// logits through softmax alone: an analysis modulo the shift would be
// wrong, so it is an error naming the player and the objective.
type notSoftmax struct{ softmaxGame }

func (notSoftmax) F1(x, y *ad.Node) *ad.Node { return ad.Square(ad.Index(x, 0)) }

func TestAnalyzeSimplexShiftVariantIsError(t *testing.T) {
	_, err := Analyze(notSoftmax{softmaxGame{a: 1, b: 1, tau: 1}}, []float64{1, 0}, []float64{0, 0})
	if err == nil || !strings.Contains(err.Error(), "the leader's domain is a simplex") || !strings.Contains(err.Error(), "f1 changes under a common shift") {
		t.Errorf("error %v; want one naming the leader's simplex and f1", err)
	}
}

// boxDuopoly is the duopoly on the box [0, 100]² with the follower's unit
// cost c2 = 150 above the price intercept: its unconstrained Stackelberg
// point, r(x) = (A − c2 − x)/2 and x* = A − 2c1 + c2... = (120, −85), lies
// outside the box.
type boxDuopoly struct{ duopoly }

func (boxDuopoly) Domains() (game.Domain, game.Domain) {
	b := game.Domain{Kind: game.Box, Lo: []float64{0}, Hi: []float64{100}}
	return b, b
}

// TestPolishOutsideBox: Newton from the end of a projected run, (47.5, 0)
// on the box's face, reaches the unconstrained DSE (120, −85) beyond the
// box; Polish must say so rather than report a "DSE" that is no strategy
// of the game (Search drops such roots). Inside the box it still polishes:
// with c2 = 2 the DSE (46, 26).
func TestPolishOutsideBox(t *testing.T) {
	_, err := Polish(boxDuopoly{duopoly{a: 100, c1: 5, c2: 150}}, []float64{47.5}, []float64{0}, StackelbergField)
	if err == nil || !strings.Contains(err.Error(), "reached ([119.99") || !strings.Contains(err.Error(), "outside the game's box domains") {
		t.Errorf("error %v; want one naming the root (120, −85) outside the box", err)
	}
	p, err := Polish(boxDuopoly{duopoly{a: 100, c1: 5, c2: 2}}, []float64{40}, []float64{30}, StackelbergField)
	if err != nil || !p.DSE || !near(p.X[0], 46, 1e-9) || !near(p.Y[0], 26, 1e-9) {
		t.Errorf("polished to %+v, %v; want the DSE (46, 26)", p, err)
	}
}
