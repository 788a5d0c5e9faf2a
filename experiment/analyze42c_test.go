package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/equilib"
)

// analyze42cGame is a one-dimensional game given as Go functions (costs,
// minimised), checked against what analyze reports for the same formulas.
type analyze42cGame struct {
	yaml   string
	f1, f2 func(x, y float64) float64
}

// d1 and d2 are central differences of f in its first and second argument.
func d1(f func(x, y float64) float64, h float64) func(x, y float64) float64 {
	return func(x, y float64) float64 { return (f(x+h, y) - f(x-h, y)) / (2 * h) }
}

func d2(f func(x, y float64) float64, h float64) func(x, y float64) float64 {
	return func(x, y float64) float64 { return (f(x, y+h) - f(x, y-h)) / (2 * h) }
}

// eig2 returns the eigenvalues of the 2×2 matrix [[a, b], [c, d]] as
// (re, im) pairs sorted by real, then imaginary part.
func eig2(a, b, c, d float64) [][2]float64 {
	tr, det := a+d, a*d-b*c
	disc := tr*tr/4 - det
	if disc >= 0 {
		s := math.Sqrt(disc)
		return [][2]float64{{tr/2 - s, 0}, {tr/2 + s, 0}}
	}
	s := math.Sqrt(-disc)
	return [][2]float64{{tr / 2, -s}, {tr / 2, s}}
}

// Every point analyze lists for these smooth games is a critical point of
// ω or ω_S (re-evaluated here by finite differences of the objectives),
// listed once, and its eig_J and eig_JS are those of J and J_S computed
// here by nested central differences (step 1e-4 and 1e-3; agreement
// within 1e-4·max(1, |λ|) for J and 2e-3·max(1, |λ|) for J_S).
func TestAnalyze42cPointsAreCriticalWithFDSpectra(t *testing.T) {
	games := []analyze42cGame{
		{yaml: `game: {sense: cost, f1: '-cos(x[0]) - 0.5*cos(x[0]-y[0])', f2: '-cos(y[0]) + 0.7*cos(x[0]-y[0])', domain: {torus: true}}`,
			f1: func(x, y float64) float64 { return -math.Cos(x) - 0.5*math.Cos(x-y) },
			f2: func(x, y float64) float64 { return -math.Cos(y) + 0.7*math.Cos(x-y) }},
		// log(y+5) is NaN for y < −5, inside the default start box.
		{yaml: `game: {sense: cost, f1: 'pow(x[0]-1, 2) + x[0]*y[0]', f2: 'pow(y[0]-x[0], 2) + log(y[0]+5)'}`,
			f1: func(x, y float64) float64 { return (x-1)*(x-1) + x*y },
			f2: func(x, y float64) float64 { return (y-x)*(y-x) + math.Log(y+5) }},
		// The duopoly (payoffs, so the costs are their negatives).
		{yaml: `game: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}`,
			f1: func(x, y float64) float64 { return -(x*(100-x-y) - 5*x) },
			f2: func(x, y float64) float64 { return -(y*(100-x-y) - 2*y) }},
	}
	for _, gm := range games {
		cfg, err := ParseConfig([]byte(gm.yaml + "\ndynamics: {kind: sga}\n"))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 60})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Equilibria) == 0 {
			t.Fatalf("%s: no critical point", gm.yaml)
		}
		const h, hs = 1e-4, 1e-3
		w1, w2 := d1(gm.f1, h), d2(gm.f2, h)
		f1y := d2(gm.f1, hs)
		f2xy := d1(d2(gm.f2, hs), hs)
		f2yy := d2(d2(gm.f2, hs), hs)
		ws1 := func(x, y float64) float64 { return d1(gm.f1, hs)(x, y) - f2xy(x, y)/f2yy(x, y)*f1y(x, y) }
		for i, p := range rep.Equilibria {
			x, y := p.X[0], p.Y[0]
			scale := 1 + math.Abs(x) + math.Abs(y)
			nash := math.Abs(w1(x, y)) < 1e-5*scale && math.Abs(w2(x, y)) < 1e-5*scale
			stack := math.Abs(ws1(x, y)) < 1e-4*scale && math.Abs(w2(x, y)) < 1e-5*scale
			if !nash && !stack {
				t.Errorf("%s: point %d (%g, %g): ω = (%g, %g), ω_S1 = %g: not critical", gm.yaml, i, x, y, w1(x, y), w2(x, y), ws1(x, y))
			}
			if p.DNE && !nash || p.DSE && !stack {
				t.Errorf("%s: point %d (%g, %g) DNE %v DSE %v, but ω = (%g, %g), ω_S1 = %g", gm.yaml, i, x, y, p.DNE, p.DSE, w1(x, y), w2(x, y), ws1(x, y))
			}
			for k, q := range rep.Equilibria[:i] {
				dx, dy := q.X[0]-x, q.Y[0]-y
				if strings.Contains(gm.yaml, "torus") {
					dx, dy = math.Remainder(dx, 2*math.Pi), math.Remainder(dy, 2*math.Pi)
				}
				if math.Hypot(dx, dy) < 1e-4 {
					t.Errorf("%s: points %d and %d are the same: (%g, %g), (%g, %g)", gm.yaml, k, i, q.X[0], q.Y[0], x, y)
				}
			}
			J := eig2(d1(w1, h)(x, y), d2(w1, h)(x, y), d1(w2, h)(x, y), d2(w2, h)(x, y))
			JS := eig2(d1(ws1, hs)(x, y), d2(ws1, hs)(x, y), d1(w2, h)(x, y), d2(w2, h)(x, y))
			check := func(name string, got, want [][2]float64, tol float64) {
				if len(got) != len(want) {
					t.Errorf("%s: point %d (%g, %g): %s %v, want %v", gm.yaml, i, x, y, name, got, want)
					return
				}
				for k := range got {
					s := math.Max(1, math.Hypot(want[k][0], want[k][1]))
					if math.Abs(got[k][0]-want[k][0]) > tol*s || math.Abs(got[k][1]-want[k][1]) > tol*s {
						t.Errorf("%s: point %d (%g, %g): %s %v, finite differences %v", gm.yaml, i, x, y, name, got, want)
						return
					}
				}
			}
			check("eig_J", p.EigJ, J, 1e-4)
			check("eig_JS", p.EigJS, JS, 2e-3)
		}
	}
}

// enumCommitment is the strong-Stackelberg commitment of a bimatrix game
// with two leader rows, by enumeration: the optimum of each follower
// column's LP lies at a vertex of its feasible interval of t = p0, which
// is 0, 1 or a point where the follower is indifferent between two columns.
func enumCommitment(a, b [][]float64) (best float64, bestT float64) {
	n := len(a[0])
	cands := []float64{0, 1}
	for j := range n {
		for k := range n {
			// t·b0j + (1−t)·b1j = t·b0k + (1−t)·b1k
			den := (b[0][j] - b[1][j]) - (b[0][k] - b[1][k])
			if den != 0 {
				if t := (b[1][k] - b[1][j]) / den; t >= 0 && t <= 1 {
					cands = append(cands, t)
				}
			}
		}
	}
	best = math.Inf(-1)
	for _, t := range cands {
		u := func(m [][]float64, j int) float64 { return t*m[0][j] + (1-t)*m[1][j] }
		top := math.Inf(-1)
		for j := range n {
			top = math.Max(top, u(b, j))
		}
		for j := range n {
			if u(b, j) >= top-1e-12 && u(a, j) > best {
				best, bestT = u(a, j), t
			}
		}
	}
	return best, bestT
}

// The exact commitment analyze reports is the enumerated optimum (within
// 1e-9) on a game with a mixed commitment (the README's), one with a pure
// one, a zero-sum matching-pennies game and, for the 1×1 game, the single
// action; the JSON and the table carry the same numbers; --learn-stages 0
// gives no learned commitment.
func TestAnalyze42cCommitmentByEnumeration(t *testing.T) {
	for _, c := range []struct {
		a, b   string
		am, bm [][]float64
	}{
		{"[[1, 3], [0, 2]]", "[[1, 0], [0, 2]]", [][]float64{{1, 3}, {0, 2}}, [][]float64{{1, 0}, {0, 2}}},
		{"[[2, 0], [0, 1]]", "[[1, 0], [0, 1]]", [][]float64{{2, 0}, {0, 1}}, [][]float64{{1, 0}, {0, 1}}},
		{"[[2, 4], [1, 3]]", "[[1, 0], [0, 1]]", [][]float64{{2, 4}, {1, 3}}, [][]float64{{1, 0}, {0, 1}}},
		{"[[1, -1], [-1, 1]]", "[[-1, 1], [1, -1]]", [][]float64{{1, -1}, {-1, 1}}, [][]float64{{-1, 1}, {1, -1}}},
		{"[[3]]", "[[1]]", nil, nil},
	} {
		cfg, err := ParseConfig([]byte("game: {builtin: bimatrix, params: {A: " + c.a + ", B: " + c.b + "}}\ndynamics: {kind: stackelberg}\n"))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 8})
		if err != nil {
			t.Fatal(err)
		}
		cm := rep.Commitment
		if cm == nil || rep.Learned != nil {
			t.Fatalf("A = %s: commitment %v, learned %v; want a commitment and no learned one", c.a, cm, rep.Learned)
		}
		want, wantT := 3.0, 1.0
		if c.am != nil {
			want, wantT = enumCommitment(c.am, c.bm)
		}
		if math.Abs(cm.Value-want) > 1e-9 || math.Abs(cm.Leader[0]-wantT) > 1e-9 {
			t.Errorf("A = %s, B = %s: commitment %+v, enumeration value %g at p0 = %g", c.a, c.b, *cm, want, wantT)
		}
		var js bytes.Buffer
		if err := rep.WriteJSON(&js); err != nil {
			t.Fatal(err)
		}
		var back AnalyzeReport
		if err := json.Unmarshal(js.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		if back.Commitment == nil || back.Commitment.Value != cm.Value || len(back.Equilibria) != len(rep.Equilibria) {
			t.Errorf("A = %s: JSON %s disagrees with the report", c.a, js.String())
		}
		var tb bytes.Buffer
		rep.WriteTable(&tb)
		if !strings.Contains(tb.String(), "exact commitment:   leader "+vec(cm.Leader)) {
			t.Errorf("A = %s: table %q lacks the commitment %v", c.a, tb.String(), cm.Leader)
		}
		for _, p := range rep.Equilibria {
			if !strings.Contains(tb.String(), vec(p.X)+"  "+vec(p.Y)) {
				t.Errorf("A = %s: table %q lacks the point %v %v", c.a, tb.String(), p.X, p.Y)
			}
		}
	}
}

// A learned commitment whose follower action is no best response (margin
// < 0) can be worth more than the exact optimum against that action (on
// the README's game, 20 000 stages end at p0 ≈ 0.72 on action 1, value
// 2.72 > 8/3, margin −0.17): uncoupled's note covers only a shortfall, so
// the table said "value 2.7234 against action 1" under the exact 2.66667
// with nothing saying that value is not one the commitment earns. The
// table now says so.
func TestAnalyze42cTableFlagsValueAgainstNoBestResponse(t *testing.T) {
	cfg, err := ParseConfig([]byte("game: {builtin: bimatrix, params: {A: [[1, 3], [0, 2]], B: [[1, 0], [0, 2]]}}\ndynamics: {kind: stackelberg}\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 4, LearnStages: 20000})
	if err != nil {
		t.Fatal(err)
	}
	l := rep.Learned
	if l == nil || !(l.FollowerMargin < 0) || !(l.PureValue > rep.Commitment.Value) || l.Note != "" {
		t.Fatalf("learned %+v: want margin < 0, pure value above the exact %g and no note", l, rep.Commitment.Value)
	}
	var tb bytes.Buffer
	rep.WriteTable(&tb)
	if want := "action 1 is not the follower's best response to this leader mixture"; !strings.Contains(tb.String(), want) {
		t.Errorf("table %q lacks %q", tb.String(), want)
	}
}

// When Newton converges from no start (Search drops failed starts
// silently), the table said only "0 critical points", as if the game had
// none: f1 = f2 = (x − y)² has a critical point at every x = y (J is
// singular everywhere, so Newton fails), and a box game whose field's
// root lies outside the box has its equilibrium on the boundary. The
// table now says that no start converged and what that does not rule out.
func TestAnalyze42cTableSaysNoStartConverged(t *testing.T) {
	for _, c := range []struct {
		f    string
		want equilib.SearchStats // session 43: what became of the starts
	}{
		{`game: {sense: cost, f1: 'pow(x[0]-y[0], 2)', f2: 'pow(x[0]-y[0], 2)'}`, equilib.SearchStats{Starts: 20, NotConverged: 20}},
		{`game: {sense: cost, f1: 'pow(x[0]-5, 2) + x[0]*y[0]', f2: 'pow(y[0]+3, 2)', domain: {x: {box: [[0, 1]]}, y: {box: [[0, 1]]}}}`, equilib.SearchStats{Starts: 20, OutsideDomain: 20}},
	} {
		f := c.f
		cfg, err := ParseConfig([]byte(f + "\ndynamics: {kind: sga}\n"))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Equilibria) != 0 || rep.Discarded != 0 {
			t.Fatalf("%s: %d points, %d discarded; want none of either", f, len(rep.Equilibria), rep.Discarded)
		}
		var tb bytes.Buffer
		rep.WriteTable(&tb)
		if want := "no start of 20 reached a critical point inside the domain"; !strings.Contains(tb.String(), want) {
			t.Errorf("%s: table %q lacks %q", f, tb.String(), want)
		}
		// 10 starts per field: J singular everywhere fails Newton; the
		// box game's root (x, y) = (6.5, −3) lies outside the box.
		if st := rep.Search; st == nil || *st != c.want {
			t.Errorf("%s: search stats %+v, want %+v", f, st, c.want)
		}
	}
	// A game with a critical point does not get the line.
	cfg, err := ParseConfig([]byte("game: {sense: cost, f1: 'x[0]*x[0]', f2: 'y[0]*y[0]'}\ndynamics: {kind: sga}\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 3})
	if err != nil {
		t.Fatal(err)
	}
	var tb bytes.Buffer
	rep.WriteTable(&tb)
	if len(rep.Equilibria) != 1 || strings.Contains(tb.String(), "reached a critical point") {
		t.Errorf("table %q", tb.String())
	}
	// Quadratics: Newton reaches the root from every start, of both fields.
	if st := rep.Search; st == nil || *st != (equilib.SearchStats{Starts: 6, Converged: 6}) {
		t.Errorf("search stats %+v, want 6 starts, all converged", st)
	}
}
