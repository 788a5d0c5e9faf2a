package equilib

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func checkEig(t *testing.T, name string, got [][2]float64, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d eigenvalues %v, want %v", name, len(got), got, want)
	}
	for i := range want {
		if !near(got[i][0], want[i], tol) || !near(got[i][1], 0, tol) {
			t.Errorf("%s: eigenvalue %d = %v, want %g", name, i, got[i], want[i])
		}
	}
}

// TestAnalyzeDuopoly checks the classification and spectra at the two
// closed-form points of the duopoly (A = 100, c1 = 5, c2 = 2, payoffs). On
// costs J = [[2, 1], [1, 2]] (eigenvalues 1, 3) and, with
// Df1 = −(A − 2x − y − c1) − x/2, J_S = [[3/2, 1], [1, 2]] (eigenvalues
// (7 ± √17)/4, Schur complement 3/2 − 1·½·1 = 1 > 0): Nash (92/3, 101/3)
// is a DNE and not a DSE, Stackelberg (46, 26) a DSE and not a DNE; the
// profits are the closed forms (A − 2c1 + c2)²/9 = 8464/9 etc. (the paper's
// quoted profits (944.4, 1114.7) and (1048.2, 659.9) are not these closed
// forms — presumably values along its noisy runs); the same game written as
// costs gives the same analysis with negated objectives.
func TestAnalyzeDuopoly(t *testing.T) {
	g := duopoly{a: 100, c1: 5, c2: 2}
	eJ := []float64{1, 3}
	eJS := []float64{(7 - math.Sqrt(17)) / 4, (7 + math.Sqrt(17)) / 4}
	cases := []struct {
		name           string
		x, y           float64
		dne, dse       bool
		f1, f2         float64
		sga, stackStab bool
	}{
		{"nash", 92.0 / 3, 101.0 / 3, true, false, 8464.0 / 9, 10201.0 / 9, true, false},
		{"stackelberg", 46, 26, false, true, 1058, 676, false, true},
		{"elsewhere", 40, 30, false, false, 40 * 25, 30 * 28, false, false},
	}
	for _, c := range cases {
		for _, gm := range []struct {
			name string
			g    interface{}
		}{{"payoff", g}, {"cost", negated{g}}} {
			var p Point
			var err error
			if gm.name == "payoff" {
				p, err = Analyze(g, []float64{c.x}, []float64{c.y})
			} else {
				p, err = Analyze(negated{g}, []float64{c.x}, []float64{c.y})
			}
			if err != nil {
				t.Fatal(err)
			}
			sign := 1.0
			if gm.name == "cost" {
				sign = -1
			}
			if p.DNE != c.dne || p.DSE != c.dse || p.StableSGA != c.sga || p.StableStackelberg != c.stackStab {
				t.Errorf("%s/%s: dne %v dse %v stable_sga %v stable_stackelberg %v; want %v %v %v %v",
					c.name, gm.name, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg, c.dne, c.dse, c.sga, c.stackStab)
			}
			if !near(p.F1, sign*c.f1, 1e-9) || !near(p.F2, sign*c.f2, 1e-9) {
				t.Errorf("%s/%s: f = (%g, %g), want (%g, %g)", c.name, gm.name, p.F1, p.F2, sign*c.f1, sign*c.f2)
			}
			checkEig(t, c.name+"/"+gm.name+" J", p.EigJ, eJ, 1e-12)
			checkEig(t, c.name+"/"+gm.name+" J_S", p.EigJS, eJS, 1e-12)
		}
	}
}

// TestAnalyzeZeroSumProposition2 checks Proposition 2 / Eq. 3 on the
// zero-sum game f = −½x² + 2xy − y² (+ x³, zero at the origin): at (0, 0)
// D1² f = −1 < 0, so it is not a DNE, yet J = [[−1, 2], [−2, 2]] has
// eigenvalues (1 ± i√7)/2 in the right half-plane (a non-Nash attractor of
// gradient play), and it is a DSE with J_S = [[1, 0], [−2, 2]] (Schur
// complement −1 − 2·(−2)⁻¹·2 = 1), eigenvalues 1 and 2.
func TestAnalyzeZeroSumProposition2(t *testing.T) {
	g := zeroSum{a: -1, b: 2, c: -2, e: 1}
	p, err := Analyze(g, []float64{0}, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	if p.DNE || !p.DSE || !p.StableSGA || !p.StableStackelberg {
		t.Errorf("%+v: want dne false, dse, stable_sga, stable_stackelberg true", p)
	}
	want := [][2]float64{{0.5, -math.Sqrt(7) / 2}, {0.5, math.Sqrt(7) / 2}}
	for i := range want {
		if !near(p.EigJ[i][0], want[i][0], 1e-12) || !near(p.EigJ[i][1], want[i][1], 1e-12) {
			t.Errorf("eig J = %v, want %v", p.EigJ, want)
		}
	}
	checkEig(t, "J_S", p.EigJS, []float64{1, 2}, 1e-12)
}

// TestJacobianFiniteDifferences compares J and J_S from the compiled ad
// program (J_S differentiates through the solve, third derivatives of f2
// included) with central differences of ω and ω_S at points of the torus
// game and a cubic zero-sum game; tolerance 1e-7·max(1, |J_ij|) (step 1e-5).
func TestJacobianFiniteDifferences(t *testing.T) {
	for _, c := range []struct {
		name string
		a    func() (*analyzer, error)
		x, y float64
	}{
		{"torus", func() (*analyzer, error) { return newAnalyzer(paperTorus) }, 0.3, -1.1},
		{"torus-2", func() (*analyzer, error) { return newAnalyzer(paperTorus) }, 2.0, 0.7},
		{"zero-sum-cubic", func() (*analyzer, error) { return newAnalyzer(zeroSum{a: 1, b: 0.5, c: -2, e: 0.3}) }, 0.8, -0.4},
	} {
		a, err := c.a()
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []bool{false, true} {
			a.eval([]float64{c.x}, []float64{c.y})
			J := a.jacobian(st)
			const h = 1e-5
			for j := 0; j < 2; j++ {
				z := []float64{c.x, c.y}
				z[j] += h
				a.eval(z[:1], z[1:])
				fp := append([]float64(nil), a.field(st)...)
				z[j] -= 2 * h
				a.eval(z[:1], z[1:])
				fm := a.field(st)
				for i := 0; i < 2; i++ {
					fd := (fp[i] - fm[i]) / (2 * h)
					if !near(J.At(i, j), fd, 1e-7*math.Max(1, math.Abs(fd))) {
						t.Errorf("%s stackelberg=%v: J[%d][%d] = %.10g, finite difference %.10g", c.name, st, i, j, J.At(i, j), fd)
					}
				}
			}
		}
	}
}

// TestPointJSON pins the published field names of `stackel analyze --json`.
func TestPointJSON(t *testing.T) {
	p, err := Analyze(duopoly{a: 100, c1: 5, c2: 2}, []float64{46}, []float64{26})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{"x", "y", "f1", "f2", "dne", "dse", "stable_sga", "stable_stackelberg", "eig_J", "eig_JS"}
	if len(m) != len(want) {
		t.Errorf("JSON %s has %d fields, want %d", b, len(m), len(want))
	}
	for _, k := range want {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON %s lacks %q", b, k)
		}
	}
	if !strings.Contains(string(b), `"dse":true`) {
		t.Errorf("JSON %s: want dse true", b)
	}
}

// TestAnalyzeSingularFollower: where D2² f2 = 0 (actor-critic toy game at
// θ = 0, written here as the zero-sum game with c = 0) J_S is undefined:
// EigJS is empty, DSE false, and J is still analysed. A wrong dimension
// and a non-finite coordinate are errors naming them.
func TestAnalyzeSingularFollower(t *testing.T) {
	p, err := Analyze(zeroSum{a: 1, b: 1, c: 0}, []float64{0}, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.EigJS) != 0 || p.DSE || p.StableStackelberg || len(p.EigJ) != 2 {
		t.Errorf("%+v: want no J_S spectrum, not a DSE, a J spectrum", p)
	}
	if _, err := Analyze(zeroSum{}, []float64{0, 1}, []float64{0}); err == nil || !strings.HasPrefix(err.Error(), "point: x has 2") {
		t.Errorf("error %v for a wrong dimension", err)
	}
	if _, err := Analyze(zeroSum{}, []float64{0}, []float64{math.Inf(-1)}); err == nil || err.Error() != "point: y[0] = -Inf is not finite" {
		t.Errorf("error %v for a non-finite y, want it to name y[0] and -Inf", err)
	}
}

// TestJacobiansQuadratic checks J and J_S of a quadratic game with
// d1 = 2, d2 = 3 against the closed forms J = [[A, B], [E, D]],
// J_S = [[A − EᵀD⁻¹Bᵀ, B − EᵀD⁻¹C], [E, D]] to 1e-12, at an arbitrary point
// (the Jacobians of a quadratic game are constant).
func TestJacobiansQuadratic(t *testing.T) {
	q := quadratic{d1: 2, d2: 3,
		A: ad.Matrix([][]float64{{2, 0.3}, {0.3, 1}}),
		B: ad.Matrix([][]float64{{0.5, -1, 0.2}, {0.1, 0.4, -0.3}}),
		C: ad.Matrix([][]float64{{1, 0.2, 0}, {0.2, -0.5, 0.1}, {0, 0.1, 0.3}}),
		D: ad.Matrix([][]float64{{3, 0.5, 0.1}, {0.5, 2, -0.2}, {0.1, -0.2, 1.5}}),
		E: ad.Matrix([][]float64{{0.7, -0.2}, {0.3, 0.9}, {-0.4, 0.1}}),
	}
	a, err := newAnalyzer(q)
	if err != nil {
		t.Fatal(err)
	}
	a.eval([]float64{0.4, -1.2}, []float64{0.3, 2, -0.7})
	dense := func(m ad.Tensor) *mat.Dense { return mat.NewDense(m.Rows, m.Cols, append([]float64(nil), m.Data...)) }
	A, B, C, D, E := dense(q.A), dense(q.B), dense(q.C), dense(q.D), dense(q.E)
	var dinvBt, dinvC, s11, s12 mat.Dense
	if err := dinvBt.Solve(D, B.T()); err != nil {
		t.Fatal(err)
	}
	if err := dinvC.Solve(D, C); err != nil {
		t.Fatal(err)
	}
	s11.Mul(E.T(), &dinvBt)
	s11.Sub(A, &s11)
	s12.Mul(E.T(), &dinvC)
	s12.Sub(B, &s12)
	block := func(tl, tr, bl, br mat.Matrix) *mat.Dense {
		out := mat.NewDense(5, 5, nil)
		for _, b := range []struct {
			m    mat.Matrix
			r, c int
		}{{tl, 0, 0}, {tr, 0, 2}, {bl, 2, 0}, {br, 2, 2}} {
			r, c := b.m.Dims()
			for i := 0; i < r; i++ {
				for j := 0; j < c; j++ {
					out.Set(b.r+i, b.c+j, b.m.At(i, j))
				}
			}
		}
		return out
	}
	for _, c := range []struct {
		name string
		st   bool
		want *mat.Dense
	}{{"J", false, block(A, B, E, D)}, {"J_S", true, block(&s11, &s12, E, D)}} {
		got := a.jacobian(c.st)
		if !mat.EqualApprox(got, c.want, 1e-12) {
			t.Errorf("%s =\n%v\nwant\n%v", c.name, mat.Formatted(got), mat.Formatted(c.want))
		}
	}
}

// TestDegenerateDNE: f1 = ½x² + xy, f2 = ½y² + xy at (0, 0) satisfies
// Definition 3 (ω = 0, D1² f1 = D2² f2 = 1 > 0) while J = [[1, 1], [1, 1]]
// is singular (eigenvalues 0 and 2, to 1e-12): a DNE, as the paper defines
// it, though degenerate. Along r(x) = −x the leader's cost is ½x² − x² =
// −½x², concave, so it is no DSE.
func TestDegenerateDNE(t *testing.T) {
	one := ad.Matrix([][]float64{{1}})
	q := quadratic{d1: 1, d2: 1, A: one, B: one, C: ad.Matrix([][]float64{{0}}), D: one, E: one}
	p, err := Analyze(q, []float64{0}, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	if !p.DNE || p.DSE {
		t.Errorf("DNE %v, DSE %v; want a DNE and no DSE", p.DNE, p.DSE)
	}
	if len(p.EigJ) != 2 || math.Hypot(p.EigJ[0][0], p.EigJ[0][1]) > 1e-12 || math.Abs(p.EigJ[1][0]-2) > 1e-12 {
		t.Errorf("eig J = %v, want 0 and 2", p.EigJ)
	}
}
