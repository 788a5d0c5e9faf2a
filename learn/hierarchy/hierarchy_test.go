package hierarchy

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestStaggeredCournotDirections checks the nested total derivatives of
// Appendix C.1 for the 3-firm chain against their hand derivation with
// a = A − c:
//
//	D3 = a − q1 − q2 − 2q3,  D2 = a − q1 − 1.5 q2 − q3,  D1 = a − 1.25 q1 − q2 − q3,
//
// (from dq3/dq2 = −1/2, dq2/dq1 = −1/2, dq3/dq1 = −1/4), to 1e-12.
func TestStaggeredCournotDirections(t *testing.T) {
	g, err := Oligopoly(50, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEvaluator(g, Staggered(3))
	if err != nil {
		t.Fatal(err)
	}
	a := 49.0
	for _, q := range [][3]float64{{1, 2, 3}, {24.5, 12.25, 6.125}, {10, 30, 0.5}} {
		xs := [][]float64{{q[0]}, {q[1]}, {q[2]}}
		d := [][]float64{{0}, {0}, {0}}
		if err := e.Directions(d, xs); err != nil {
			t.Fatal(err)
		}
		want := []float64{a - 1.25*q[0] - q[1] - q[2], a - q[0] - 1.5*q[1] - q[2], a - q[0] - q[1] - 2*q[2]}
		for p := range want {
			if math.Abs(d[p][0]-want[p]) > 1e-12 {
				t.Errorf("q = %v: D%d = %v, want %v", q, p+1, d[p][0], want[p])
			}
		}
	}
}

// TestLeaderFollowersDirection checks Appendix C.2 for one leader and N
// Cournot followers: r'(q0) = −1/(N+1) per follower, so
// D_0 = a − 2q0 − Σq_F + N q0/(N+1), and the followers' directions are
// their own gradients a − q0 − Σq_F − q_i (to 1e-12).
func TestLeaderFollowersDirection(t *testing.T) {
	const a = 49.0
	for _, n := range []int{1, 2, 3, 5} {
		g, _ := Oligopoly(50, 1, n+1)
		e, err := NewEvaluator(g, LeaderFollowers(n))
		if err != nil {
			t.Fatal(err)
		}
		xs := make([][]float64, n+1)
		d := make([][]float64, n+1)
		sumF := 0.0
		for p := range xs {
			xs[p] = []float64{3 + 1.5*float64(p)}
			d[p] = []float64{0}
			if p > 0 {
				sumF += xs[p][0]
			}
		}
		if err := e.Directions(d, xs); err != nil {
			t.Fatal(err)
		}
		q0 := xs[0][0]
		want0 := a - 2*q0 - sumF + float64(n)*q0/float64(n+1)
		if math.Abs(d[0][0]-want0) > 1e-12 {
			t.Errorf("N = %d: leader direction %v, want %v", n, d[0][0], want0)
		}
		for p := 1; p <= n; p++ {
			want := a - q0 - sumF - xs[p][0]
			if math.Abs(d[p][0]-want) > 1e-12 {
				t.Errorf("N = %d: follower %d direction %v, want %v", n, p, d[p][0], want)
			}
		}
	}
}

// TestOligopolyLearning runs the multi-timescale dynamics to the closed
// forms of the package doc (A = 50, c = 1): one leader against N = 3 Nash
// followers reaches (24.5, 6.125, 6.125, 6.125), the 3-firm chain
// (24.5, 12.25, 6.125), both to 1e-3.
func TestOligopolyLearning(t *testing.T) {
	for _, tc := range []struct {
		name  string
		n     int
		s     Structure
		rates []loop.Schedule
		want  []float64
	}{
		{"leader+3 Nash followers", 4, LeaderFollowers(3),
			[]loop.Schedule{loop.Constant(0.05), loop.Constant(0.2)}, []float64{24.5, 6.125, 6.125, 6.125}},
		{"staggered chain of 3", 3, Staggered(3),
			[]loop.Schedule{loop.Constant(0.05), loop.Constant(0.1), loop.Constant(0.3)}, OligopolyStaggered(50, 1, 3)},
	} {
		g, _ := Oligopoly(50, 1, tc.n)
		e, err := NewEvaluator(g, tc.s)
		if err != nil {
			t.Fatal(err)
		}
		x0 := make([][]float64, tc.n)
		for p := range x0 {
			x0[p] = []float64{40 - 7*float64(p)}
		}
		res, err := Run(context.Background(), e, x0, Config{Rates: tc.rates, Settings: loop.Settings{Iterations: 1500}})
		if err != nil {
			t.Fatal(err)
		}
		for p, w := range tc.want {
			if math.Abs(res.X[p][0]-w) > 1e-3 {
				t.Errorf("%s: firm %d ends at %v, want %v", tc.name, p+1, res.X[p][0], w)
			}
		}
	}
	l, f := OligopolyLeaderFollowers(50, 1, 3)
	if l != 24.5 || f != 6.125 {
		t.Errorf("closed form (%v, %v), want (24.5, 6.125)", l, f)
	}
}

// TestStaggeredNonlinearFD checks the leader's nested total derivative on a
// non-quadratic 3-player chain, where third derivatives of the deepest
// player's objective enter, against a finite difference of
// g(x1) = f1(x1, r2(x1), r3(x1, r2(x1))) with the responses found by
// root finding (central difference h = 1e-4; tolerance 1e-6).
func TestStaggeredNonlinearFD(t *testing.T) {
	g := Game{Sense: game.Payoff, Players: []Player{
		{Name: "p1", Dim: 1, Objective: func(x []*ad.Node) *ad.Node {
			// f1 = −(x1 − 1)² + x1 x2 + 0.3 x1 x3 + 0.2 x3² sin x1
			x1, x2, x3 := x[0], x[1], x[2]
			v := ad.Neg(ad.Square(ad.AddScalar(x1, -1)))
			v = ad.Add(v, ad.Mul(x1, x2))
			v = ad.Add(v, ad.Scale(ad.Mul(x1, x3), 0.3))
			v = ad.Add(v, ad.Scale(ad.Mul(ad.Square(x3), ad.Sin(x1)), 0.2))
			return ad.Sum(v)
		}},
		{Name: "p2", Dim: 1, Objective: func(x []*ad.Node) *ad.Node {
			// f2 = −x2² − 0.1 x2⁴ + x2 (cos x1 + 0.5 x3) + 0.1 x2 x3²
			x1, x2, x3 := x[0], x[1], x[2]
			v := ad.Neg(ad.Add(ad.Square(x2), ad.Scale(ad.PowConst(x2, 4), 0.1)))
			v = ad.Add(v, ad.Mul(x2, ad.Add(ad.Cos(x1), ad.Scale(x3, 0.5))))
			v = ad.Add(v, ad.Scale(ad.Mul(x2, ad.Square(x3)), 0.1))
			return ad.Sum(v)
		}},
		{Name: "p3", Dim: 1, Objective: func(x []*ad.Node) *ad.Node {
			// f3 = −x3² − 0.1 x3⁴ + x3 (sin x1 + 0.5 x2 + 0.3 x1 x2) − 0.05 x3² x2²
			x1, x2, x3 := x[0], x[1], x[2]
			v := ad.Neg(ad.Add(ad.Square(x3), ad.Scale(ad.PowConst(x3, 4), 0.1)))
			v = ad.Add(v, ad.Mul(x3, ad.Add(ad.Add(ad.Sin(x1), ad.Scale(x2, 0.5)), ad.Scale(ad.Mul(x1, x2), 0.3))))
			v = ad.Sub(v, ad.Scale(ad.Mul(ad.Square(x3), ad.Square(x2)), 0.05))
			return ad.Sum(v)
		}},
	}}
	val := func(p int, x1, x2, x3 float64) float64 {
		f, _ := Values(g, [][]float64{{x1}, {x2}, {x3}})
		return f[p]
	}
	// own derivative of f3 in x3 by ad (first order only).
	d3 := func(x1, x2, x3 float64) float64 {
		tp := ad.NewTape()
		n := []*ad.Node{tp.VarVec(x1), tp.VarVec(x2), tp.VarVec(x3)}
		return ad.Grad(g.Players[2].Objective(n), n[2])[0].Data()[0]
	}
	bisect := func(f func(float64) float64, lo, hi float64) float64 {
		flo := f(lo)
		for i := 0; i < 60; i++ {
			mid := (lo + hi) / 2
			if fm := f(mid); (fm > 0) == (flo > 0) {
				lo, flo = mid, fm
			} else {
				hi = mid
			}
		}
		return (lo + hi) / 2
	}
	r3 := func(x1, x2 float64) float64 {
		return bisect(func(x3 float64) float64 { return d3(x1, x2, x3) }, -10, 10)
	}
	// player 2's total derivative along x3 = r3, by a central difference.
	phi := func(x1, x2 float64) float64 { return val(1, x1, x2, r3(x1, x2)) }
	d2 := func(x1, x2 float64) float64 { const h = 1e-5; return (phi(x1, x2+h) - phi(x1, x2-h)) / (2 * h) }
	r2 := func(x1 float64) float64 { return bisect(func(x2 float64) float64 { return d2(x1, x2) }, -10, 10) }
	leader := func(x1 float64) float64 {
		x2 := r2(x1)
		return val(0, x1, x2, r3(x1, x2))
	}
	e, err := NewEvaluator(g, Staggered(3))
	if err != nil {
		t.Fatal(err)
	}
	for _, x1 := range []float64{0.4, 1.3} {
		x2 := r2(x1)
		x3 := r3(x1, x2)
		d := [][]float64{{0}, {0}, {0}}
		if err := e.Directions(d, [][]float64{{x1}, {x2}, {x3}}); err != nil {
			t.Fatal(err)
		}
		const h = 1e-4
		fd := (leader(x1+h) - leader(x1-h)) / (2 * h)
		if math.Abs(d[0][0]-fd) > 1e-6 {
			t.Errorf("x1 = %v: leader total derivative %v, finite difference %v", x1, d[0][0], fd)
		}
		if math.Abs(d[1][0]) > 1e-6 || math.Abs(d[2][0]) > 1e-9 {
			t.Errorf("x1 = %v: on the response manifold D2 = %v, D3 = %v should vanish", x1, d[1][0], d[2][0])
		}
	}
}

// TestDirectionsErrors checks the errors of the compiled recursion: a
// follower whose payoff is linear in its own strategy (f2 = x1·x2, so
// M_{1,1} = D2² f2 = 0) makes level 1 singular at every profile, and an
// objective that is not 1×1 is rejected by NewEvaluator naming the player.
func TestDirectionsErrors(t *testing.T) {
	lin := Game{Sense: game.Payoff, Players: []Player{
		{Name: "leader", Dim: 1, Objective: func(x []*ad.Node) *ad.Node { return ad.Sum(ad.Mul(x[0], x[1])) }},
		{Name: "follower", Dim: 1, Objective: func(x []*ad.Node) *ad.Node { return ad.Sum(ad.Mul(x[0], x[1])) }},
	}}
	e, err := NewEvaluator(lin, Staggered(2))
	if err != nil {
		t.Fatal(err)
	}
	d := [][]float64{{0}, {0}}
	err = e.Directions(d, [][]float64{{0.5}, {-1}})
	if err == nil || !strings.Contains(err.Error(), "level 1 (player 1 (follower))") || !strings.Contains(err.Error(), "singular") {
		t.Errorf("linear follower: error %v, want one naming level 1 and its player as singular", err)
	}
	res, err := Run(context.Background(), e, [][]float64{{0.5}, {-1}}, Config{Rates: []loop.Schedule{loop.Constant(0.1), loop.Constant(0.1)}, Settings: loop.Settings{Iterations: 3}})
	if res.Status != loop.Diverged || loop.QuantityOf(err) != "level 1 Jacobian" || len(res.Trace) != 1 {
		t.Errorf("linear follower run: %v, status %v, quantity %q, %d records; want diverged on the level 1 Jacobian at step 0 with its record", err, res.Status, loop.QuantityOf(err), len(res.Trace))
	}

	// Two Nash followers whose own blocks are regular (2, 2) but whose
	// joint Jacobian [[2, −2], [−2, 2]] is singular: the error names the
	// level and both of its players.
	nash := Game{Sense: game.Cost, Players: []Player{
		{Name: "L", Dim: 1, Objective: func(x []*ad.Node) *ad.Node { return ad.Sum(ad.Add(ad.Square(x[0]), ad.Mul(x[0], x[1]))) }},
		{Name: "F1", Dim: 1, Objective: func(x []*ad.Node) *ad.Node {
			return ad.Sum(ad.Add(ad.Square(x[1]), ad.Scale(ad.Mul(x[1], ad.Add(x[2], x[0])), -2)))
		}},
		{Name: "F2", Dim: 1, Objective: func(x []*ad.Node) *ad.Node {
			return ad.Sum(ad.Add(ad.Square(x[2]), ad.Scale(ad.Mul(x[2], x[1]), -2)))
		}},
	}}
	if e, err = NewEvaluator(nash, LeaderFollowers(2)); err != nil {
		t.Fatal(err)
	}
	err = e.Directions([][]float64{{0}, {0}, {0}}, [][]float64{{1}, {2}, {5}})
	if err == nil || !strings.Contains(err.Error(), "level 1 (player 1 (F1), player 2 (F2))") || !strings.Contains(err.Error(), "singular") {
		t.Errorf("jointly singular Nash followers: error %v, want one naming level 1, players F1 and F2, as singular", err)
	}

	vec := Game{Sense: game.Payoff, Players: []Player{
		{Name: "leader", Dim: 2, Objective: func(x []*ad.Node) *ad.Node { return x[0] }},
	}}
	_, err = NewEvaluator(vec, Staggered(1))
	if err == nil || !strings.Contains(err.Error(), "player 0 (leader) objective is 1x2") {
		t.Errorf("vector objective: error %v, want one naming player 0 (leader) and the shape 1x2", err)
	}
}

// TestSimplexResponderRefused: a player responding at level ≥ 1 with
// simplex logits has first-order conditions singular along the common
// shift at every point; it is refused up front, naming the player and the
// level. A simplex leader (level 0) is accepted.
func TestSimplexResponderRefused(t *testing.T) {
	// f = p₀q₀ + 2p₁q₁ with p, q the softmax of the two players' logits.
	payoff := func(x []*ad.Node) *ad.Node {
		p, q := ad.Softmax(x[0]), ad.Softmax(x[1])
		return ad.Add(ad.Mul(ad.Index(p, 0), ad.Index(q, 0)), ad.Scale(ad.Mul(ad.Index(p, 1), ad.Index(q, 1)), 2))
	}
	simplex := game.Domain{Kind: game.Simplex}
	g := Game{Sense: game.Payoff, Players: []Player{
		{Name: "row", Dim: 2, Objective: payoff, Domain: simplex},
		{Name: "column", Dim: 2, Objective: payoff, Domain: simplex},
	}}
	if _, err := NewEvaluator(g, Staggered(2)); err == nil || !strings.Contains(err.Error(), "player 1 (column) responds at level 1 with simplex logits") {
		t.Errorf("simplex follower: %v", err)
	}
	g.Players[1].Domain = game.Domain{}
	if _, err := NewEvaluator(g, Staggered(2)); err != nil {
		t.Errorf("simplex leader, unbounded follower: %v", err)
	}
	// One action: softmax is constant, so every step failed with a
	// singular level.
	one := func(x []*ad.Node) *ad.Node { return ad.Mul(ad.Index(x[0], 0), ad.Index(ad.Softmax(x[1]), 0)) }
	g = Game{Sense: game.Payoff, Players: []Player{
		{Name: "row", Dim: 1, Objective: one},
		{Name: "single", Dim: 1, Objective: one, Domain: simplex},
	}}
	if _, err := NewEvaluator(g, Staggered(2)); err == nil || !strings.Contains(err.Error(), "player 1 (single) responds at level 1 with a single simplex logit") {
		t.Errorf("one-action simplex follower: %v", err)
	}
}

// TestNewEvaluatorBadObjectives: an objective that returns nil or panics
// on the strategies' shapes (ad.Index beyond the player's Dim) is an error
// naming the player, as game.Check makes it for two-player games; both
// panicked inside NewEvaluator (a nil dereference, "ad.Index: index 3 out
// of range for 1x1").
func TestNewEvaluatorBadObjectives(t *testing.T) {
	ok := Player{Name: "follower", Dim: 1, Objective: func(x []*ad.Node) *ad.Node { return ad.Sum(x[1]) }}
	for _, c := range []struct {
		name string
		obj  Objective
		want string
	}{
		{"nil", func(x []*ad.Node) *ad.Node { return nil }, "player 0 (leader) objective returned nil"},
		{"index", func(x []*ad.Node) *ad.Node { return ad.Index(x[0], 3) }, "player 0 (leader) objective panicked: ad.Index: index 3 out of range"},
	} {
		g := Game{Sense: game.Payoff, Players: []Player{{Name: "leader", Dim: 1, Objective: c.obj}, ok}}
		_, err := NewEvaluator(g, Staggered(2))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s objective: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestValuesBadInput checks that Values, a Go API entry point of its own,
// returns errors naming the player where it panicked before: a strategy of
// the wrong length, a nil objective, one that returns nil, and one that
// indexes past the player's Dim.
func TestValuesBadInput(t *testing.T) {
	ok := Player{Name: "follower", Dim: 1, Objective: func(x []*ad.Node) *ad.Node { return ad.Sum(x[1]) }}
	for _, c := range []struct {
		name string
		lead Player
		x    [][]float64
		want string
	}{
		{"short strategy", Player{Name: "leader", Dim: 2, Objective: func(x []*ad.Node) *ad.Node { return ad.Sum(x[0]) }}, [][]float64{{1}, {2}}, "player 0 (leader): a strategy of 1 coordinates; the player's dim is 2"},
		{"nil objective", Player{Name: "leader", Dim: 1}, [][]float64{{1}, {2}}, "player 0 (leader) has no objective"},
		{"nil node", Player{Name: "leader", Dim: 1, Objective: func(x []*ad.Node) *ad.Node { return nil }}, [][]float64{{1}, {2}}, "player 0 (leader) objective returned nil"},
		{"index", Player{Name: "leader", Dim: 1, Objective: func(x []*ad.Node) *ad.Node { return ad.Index(x[0], 3) }}, [][]float64{{1}, {2}}, "player 0 (leader) objective panicked"},
	} {
		g := Game{Sense: game.Payoff, Players: []Player{c.lead, ok}}
		if _, err := Values(g, c.x); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	g := Game{Sense: game.Payoff, Players: []Player{{Name: "leader", Dim: 2, Objective: func(x []*ad.Node) *ad.Node { return ad.Mul(ad.Sum(x[0]), ad.Sum(x[1])) }}, ok}}
	if f, err := Values(g, [][]float64{{1, 2}, {4}}); err != nil || f[0] != 12 || f[1] != 4 {
		t.Errorf("Values = %v, %v; want [12 4]", f, err)
	}
}

// TestDirectionsNoAlloc checks that Directions replays the compiled
// recursion without allocating (testing.AllocsPerRun, 20 runs, want 0).
func TestDirectionsNoAlloc(t *testing.T) {
	for _, tc := range []struct {
		name  string
		firms int
		s     Structure
	}{{"staggered 3", 3, Staggered(3)}, {"leader+3 followers", 4, LeaderFollowers(3)}} {
		g, _ := Oligopoly(50, 1, tc.firms)
		e, err := NewEvaluator(g, tc.s)
		if err != nil {
			t.Fatal(err)
		}
		xs, d := make([][]float64, tc.firms), make([][]float64, tc.firms)
		for p := range xs {
			xs[p], d[p] = []float64{5 + float64(p)}, []float64{0}
		}
		if a := testing.AllocsPerRun(20, func() {
			if err := e.Directions(d, xs); err != nil {
				t.Fatal(err)
			}
		}); a != 0 {
			t.Errorf("%s: %v allocations per Directions, want 0", tc.name, a)
		}
	}
}

// TestRunStopsWithLastProfile: a rate schedule that passes validation but
// is +Inf at iteration 5 (a Go schedule) stops the run at step 4, naming
// the schedule, with the profile after 4 steps (equal to a 4-step run's)
// as the result; a finite rate so large that an unbounded strategy
// overflows stops at the first step with the initial profile.
func TestRunStopsWithLastProfile(t *testing.T) {
	g, _ := Oligopoly(50, 1, 3)
	e, err := NewEvaluator(g, Staggered(3))
	if err != nil {
		t.Fatal(err)
	}
	x0 := [][]float64{{40}, {33}, {26}}
	rates := []loop.Schedule{loop.Constant(0.05), loop.Constant(0.1), loop.Constant(0.3)}
	four, err := Run(context.Background(), e, x0, Config{Rates: rates, Settings: loop.Settings{Iterations: 4}})
	if err != nil {
		t.Fatal(err)
	}
	broken := []loop.Schedule{rates[0], infAt(5), rates[2]}
	res, err := Run(context.Background(), e, x0, Config{Rates: broken, Settings: loop.Settings{Iterations: 100}})
	if err == nil || !strings.Contains(err.Error(), "hierarchy step 4: hierarchy.rates[1]: value +Inf at iteration 5") {
		t.Errorf("infinite rate: %v", err)
	}
	for p := range x0 {
		if res.X == nil || res.X[p][0] != four.X[p][0] || res.F[p] != four.F[p] {
			t.Fatalf("infinite rate: result %v %v, want the 4-step run's %v %v", res.X, res.F, four.X, four.F)
		}
	}
	// Unbounded quantities (the oligopoly's box would clamp the overflow).
	for p := range g.Players {
		g.Players[p].Domain = game.Domain{}
	}
	if e, err = NewEvaluator(g, Staggered(3)); err != nil {
		t.Fatal(err)
	}
	huge := []loop.Schedule{loop.Constant(1e308), rates[1], rates[2]}
	res, err = Run(context.Background(), e, x0, Config{Rates: huge, Settings: loop.Settings{Iterations: 100}})
	if err == nil || !strings.Contains(err.Error(), "hierarchy step 0: player 0 (level 0) strategy is not finite after its step (γ = 1e+308") {
		t.Errorf("overflowing step: %v", err)
	}
	if res.Status != loop.Diverged || loop.QuantityOf(err) != "player 0 strategy" {
		t.Errorf("overflowing step: status %v, quantity %q; want diverged, player 0 strategy", res.Status, loop.QuantityOf(err))
	}
	for p := range x0 {
		if res.X == nil || res.X[p][0] != x0[p][0] {
			t.Fatalf("overflowing step: result %v, want the initial profile %v", res.X, x0)
		}
	}
}

// infAt is the constant 0.1 but +Inf at the one iteration s.
type infAt int

func (s infAt) At(k int) float64 {
	if k == int(s) {
		return math.Inf(1)
	}
	return 0.1
}
