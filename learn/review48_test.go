package learn

import (
	"context"
	"math"
	"math/cmplx"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// review48Quad is the general-sum quadratic game (costs)
//
//	f1 = ½xᵀAx + xᵀBy + ½yᵀCy + aᵀx,  f2 = ½yᵀDy + yᵀEx + eᵀy
//
// with d1 = d2 = 2 and B ≠ Eᵀ, C ≠ 0, so that every term of every update
// is exercised: D1 f1 = Ax + By + a, D2 f1 = Bᵀx + Cy, D2 f2 = Dy + Ex + e,
// D21 f2 = E, D2² f2 = D.
var review48Quad = struct{ A, B, C, a, D, E, e *mat.Dense }{
	A: mat.NewDense(2, 2, []float64{2, 0.3, 0.3, 1.5}),
	B: mat.NewDense(2, 2, []float64{0.7, -0.4, 1.1, 0.2}),
	C: mat.NewDense(2, 2, []float64{0.5, 0.1, 0.1, -0.3}),
	a: mat.NewDense(2, 1, []float64{0.25, -1}),
	D: mat.NewDense(2, 2, []float64{3, -0.5, -0.5, 1.2}),
	E: mat.NewDense(2, 2, []float64{-0.6, 0.9, 0.4, 1.3}),
	e: mat.NewDense(2, 1, []float64{1, 0.5}),
}

func review48Game(t *testing.T) game.Game {
	t.Helper()
	q := review48Quad
	ten := func(m *mat.Dense, transpose bool) ad.Tensor {
		r, c := m.Dims()
		if transpose {
			r, c = c, r
		}
		out := ad.Zeros(r, c)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				if transpose {
					out.Data[i*c+j] = m.At(j, i)
				} else {
					out.Data[i*c+j] = m.At(i, j)
				}
			}
		}
		return out
	}
	g, err := game.NewQuadratic(game.QuadraticParams{A: ten(q.A, false), B: ten(q.B, false), C: ten(q.C, false),
		LinX: ten(q.a, true), D: ten(q.D, false), E: ten(q.E, false), LinY: ten(q.e, true)})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// review48Payoff is g with its objectives negated and Sense Payoff: every
// dynamic must take the same steps on it (the players maximise −f_i).
type review48Payoff struct{ g game.Game }

func (p review48Payoff) Name() string                { return "payoff " + p.g.Name() }
func (p review48Payoff) Dims() (int, int)            { return p.g.Dims() }
func (review48Payoff) Sense() game.Sense             { return game.Payoff }
func (p review48Payoff) Domains() (x, y game.Domain) { return p.g.Domains() }
func (p review48Payoff) F1(x, y *ad.Node) *ad.Node   { return ad.Neg(p.g.F1(x, y)) }
func (p review48Payoff) F2(x, y *ad.Node) *ad.Node   { return ad.Neg(p.g.F2(x, y)) }

// review48Fields returns D1 f1, D2 f1 and D2 f2 of review48Quad at (x, y).
func review48Fields(x, y *mat.VecDense) (d1f1, d2f1, d2f2 *mat.VecDense) {
	q := review48Quad
	d1f1, d2f1, d2f2 = mat.NewVecDense(2, nil), mat.NewVecDense(2, nil), mat.NewVecDense(2, nil)
	var t mat.VecDense
	d1f1.MulVec(q.A, x)
	t.MulVec(q.B, y)
	d1f1.AddVec(d1f1, &t)
	d1f1.AddVec(d1f1, q.a.ColView(0))
	d2f1.MulVec(q.B.T(), x)
	t.MulVec(q.C, y)
	d2f1.AddVec(d2f1, &t)
	d2f2.MulVec(q.D, y)
	t.MulVec(q.E, x)
	d2f2.AddVec(d2f2, &t)
	d2f2.AddVec(d2f2, q.e.ColView(0))
	return d1f1, d2f1, d2f2
}

// TestReview48OneStepQuadratic checks one step of every registered kind,
// built through its registry entry as a config builds it, against the
// update written out by hand with gonum on review48Quad (to 1e-12), for
// the cost game and for its negation declared as payoffs:
//
//	sga:           x' = x − γ1 D1 f1,            y' = y − γ2 D2 f2
//	lola (β):      x' = x − γ1(D1 f1 − β Eᵀ D2 f1)  (β absent: γ2)
//	consensus (γ): (x', y') = (x, y) − Γ(ω + γ Jᵀω), ω = (D1 f1, D2 f2), J = [[A, B], [E, D]]
//	extragradient: z̄ = z − Γω(z), z' = z − Γω(z̄)
//	stackelberg:   x' = x − γ1(D1 f1 − Eᵀ(D + λI)⁻¹ D2 f1), λ = 0 and 0.5,
//	               y' = y − γ2 D2 f2; with unroll 2 the follower steps twice
//	               at x_k; with solver unrolled (m, η) the inverse is
//	               η Σ_{i<m} (I − η(D + λI))^i; with leader y the roles
//	               swap (y' = y − γ1(D2 f2 − Bᵀ A⁻¹ Eᵀ y), x' = x − γ2 D1 f1).
func TestReview48OneStepQuadratic(t *testing.T) {
	const g1, g2 = 0.07, 0.13
	q := review48Quad
	x0 := mat.NewVecDense(2, []float64{0.4, -1.2})
	y0 := mat.NewVecDense(2, []float64{0.9, 0.35})
	d1f1, d2f1, d2f2 := review48Fields(x0, y0)
	step := func(v *mat.VecDense, gamma float64, d *mat.VecDense) []float64 {
		var out mat.VecDense
		out.AddScaledVec(v, -gamma, d)
		return append([]float64(nil), out.RawVector().Data...)
	}
	lolaDir := func(beta float64) *mat.VecDense {
		var m, out mat.VecDense
		m.MulVec(q.E.T(), d2f1)
		out.AddScaledVec(d1f1, -beta, &m)
		return &out
	}
	stackDir := func(inv mat.Matrix) *mat.VecDense {
		var w, m, out mat.VecDense
		w.MulVec(inv, d2f1)
		m.MulVec(q.E.T(), &w)
		out.SubVec(d1f1, &m)
		return &out
	}
	exactInv := func(lambda float64) *mat.Dense {
		var h, inv mat.Dense
		h.Add(q.D, scaledEye(2, lambda))
		if err := inv.Inverse(&h); err != nil {
			t.Fatal(err)
		}
		return &inv
	}
	unrolledInv := func(lambda float64, m int, eta float64) *mat.Dense {
		var it, p, sum mat.Dense
		it.Add(q.D, scaledEye(2, lambda))
		it.Scale(-eta, &it)
		it.Add(&it, scaledEye(2, 1)) // I − η(D + λI)
		p.CloneFrom(scaledEye(2, 1))
		sum.CloneFrom(scaledEye(2, 0))
		for i := 0; i < m; i++ {
			sum.Add(&sum, &p)
			p.Mul(&p, &it)
		}
		sum.Scale(eta, &sum)
		return &sum
	}
	// consensus: ∇L = Jᵀω with J = [[A, B], [E, D]].
	consensus := func(gamma float64) ([]float64, []float64) {
		J := mat.NewDense(4, 4, nil)
		J.Slice(0, 2, 0, 2).(*mat.Dense).Copy(q.A)
		J.Slice(0, 2, 2, 4).(*mat.Dense).Copy(q.B)
		J.Slice(2, 4, 0, 2).(*mat.Dense).Copy(q.E)
		J.Slice(2, 4, 2, 4).(*mat.Dense).Copy(q.D)
		w := mat.NewVecDense(4, append(append([]float64(nil), d1f1.RawVector().Data...), d2f2.RawVector().Data...))
		var gl, u mat.VecDense
		gl.MulVec(J.T(), w)
		u.AddScaledVec(w, gamma, &gl)
		return step(x0, g1, u.SliceVec(0, 2).(*mat.VecDense)), step(y0, g2, u.SliceVec(2, 4).(*mat.VecDense))
	}
	extragradient := func() ([]float64, []float64) {
		xb := mat.NewVecDense(2, step(x0, g1, d1f1))
		yb := mat.NewVecDense(2, step(y0, g2, d2f2))
		b1, _, b2 := review48Fields(xb, yb)
		return step(x0, g1, b1), step(y0, g2, b2)
	}
	unroll2 := func() []float64 {
		y1 := mat.NewVecDense(2, step(y0, g2, d2f2))
		_, _, f := review48Fields(x0, y1)
		return step(y1, g2, f)
	}
	yS := step(y0, g2, d2f2)
	// leader: y: the y player descends f2's total derivative through the
	// x player's response (D1² f1 = A, ∂(D1 f1)/∂y = B, D1 f2 = Eᵀy):
	// y' = y − γ1(D2 f2 − Bᵀ A⁻¹ Eᵀ y), x' = x − γ2 D1 f1.
	var invA mat.Dense
	if err := invA.Inverse(q.A); err != nil {
		t.Fatal(err)
	}
	var d1f2, w, m, yLead mat.VecDense
	d1f2.MulVec(q.E.T(), y0)
	w.MulVec(&invA, &d1f2)
	m.MulVec(q.B.T(), &w)
	yLead.SubVec(d2f2, &m)
	cx, cy := consensus(0.8)
	ex, ey := extragradient()
	lookahead := 0.3
	cases := []struct {
		name         string
		kind         string
		params       any
		wantX, wantY []float64
	}{
		{"sga", "sga", nil, step(x0, g1, d1f1), yS},
		{"lola default β = γ2", "lola", nil, step(x0, g1, lolaDir(g2)), yS},
		{"lola β = 0.3", "lola", &LOLAParams{Lookahead: &lookahead}, step(x0, g1, lolaDir(0.3)), yS},
		{"lola β = 0 is sga", "lola", &LOLAParams{Lookahead: new(float64)}, step(x0, g1, d1f1), yS},
		{"consensus γ = 0.8", "consensus", &ConsensusParams{Gamma: 0.8}, cx, cy},
		{"extragradient", "extragradient", nil, ex, ey},
		{"stackelberg exact", "stackelberg", nil, step(x0, g1, stackDir(exactInv(0))), yS},
		{"stackelberg exact λ = 0.5", "stackelberg", &StackelbergParams{Solver: &Solver{Lambda: 0.5}}, step(x0, g1, stackDir(exactInv(0.5))), yS},
		{"stackelberg cg λ = 0.5", "stackelberg", &StackelbergParams{Solver: &Solver{Kind: SolverCG, Lambda: 0.5}}, step(x0, g1, stackDir(exactInv(0.5))), yS},
		{"stackelberg unrolled", "stackelberg", &StackelbergParams{Solver: &Solver{Kind: SolverUnrolled, Lambda: 0.5, Steps: 7, LR: 0.2}}, step(x0, g1, stackDir(unrolledInv(0.5, 7, 0.2))), yS},
		{"stackelberg leader y", "stackelberg", &StackelbergParams{Leader: "y"}, step(x0, g2, d1f1), step(y0, g1, &yLead)},
		{"stackelberg unroll 2", "stackelberg", &StackelbergParams{Unroll: 2}, step(x0, g1, stackDir(exactInv(0))), unroll2()},
	}
	base := review48Game(t)
	for _, g := range []game.Game{base, review48Payoff{base}} {
		for _, c := range cases {
			k, ok := LookupKind(c.kind)
			if !ok {
				t.Fatalf("kind %q not registered", c.kind)
			}
			d, err := k.New(g, Rates{Leader: loop.Constant(g1), Follower: loop.Constant(g2)}, c.params)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			x := append([]float64(nil), x0.RawVector().Data...)
			y := append([]float64(nil), y0.RawVector().Data...)
			if _, err := d.Step(context.Background(), 1, x, y, nil); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			for i := range x {
				if math.Abs(x[i]-c.wantX[i]) > 1e-12 || math.Abs(y[i]-c.wantY[i]) > 1e-12 {
					t.Errorf("%s (%s): step to x = %v, y = %v; want x = %v, y = %v", c.name, g.Name(), x, y, c.wantX, c.wantY)
					break
				}
			}
		}
	}
}

func scaledEye(n int, s float64) *mat.Dense {
	m := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		m.Set(i, i, s)
	}
	return m
}

// TestReview48BilinearSpectralRadius: on f1 = x·y = −f2 (costs) every
// kind's step is linear, z' = Mz; M is read off the steps from the unit
// vectors and its spectral radius compared with the closed form at
// h = γ1 = γ2 = 0.1 (to 1e-12):
//
//	sga            M = [[1, −h], [h, 1]]               ρ = √(1 + h²) > 1 (spirals out)
//	extragradient  M = (1 − h²)I − h[[0, 1], [−1, 0]]  ρ = √(1 − h² + h⁴) < 1
//	consensus γ    M = (1 − hγ)I − h[[0, 1], [−1, 0]]  ρ = √((1 − hγ)² + h²) < 1 (γ = 1)
//	lola β         M = [[1 − hβ, −h], [h, 1]]          ρ = √(1 − hβ + h²): 1 at the default β = h (a centre), < 1 at β = 0.5;
//	               with γ1 ≠ γ2, det M = 1 − γ1β + γ1γ2 = 1 at β = γ2 (γ1 = 0.3, γ2 = 0.05)
//	stackelberg λ  the leader's Df1 = y + x/λ (D2² f2 = 0, regularised), M = [[1 − h/λ, −h], [h, 1]], ρ = √(1 − h/λ + h²) (λ = 1)
func TestReview48BilinearSpectralRadius(t *testing.T) {
	const h = 0.1
	g := bilinear{1}
	beta := 0.5
	for _, c := range []struct {
		name   string
		kind   string
		params any
		rho    float64
		g1, g2 float64 // the rates when not h
	}{
		{"sga", "sga", nil, math.Sqrt(1 + h*h), 0, 0},
		{"extragradient", "extragradient", nil, math.Sqrt(1 - h*h + h*h*h*h), 0, 0},
		{"consensus γ = 1", "consensus", &ConsensusParams{Gamma: 1}, math.Sqrt((1-h)*(1-h) + h*h), 0, 0},
		{"lola default β = h", "lola", nil, 1, 0, 0},
		{"lola β = 0.5", "lola", &LOLAParams{Lookahead: &beta}, math.Sqrt(1 - h*beta + h*h), 0, 0},
		{"lola default β = γ2, γ1 = 0.3, γ2 = 0.05", "lola", nil, 1, 0.3, 0.05},
		{"stackelberg λ = 1", "stackelberg", &StackelbergParams{Solver: &Solver{Lambda: 1}}, math.Sqrt(1 - h + h*h), 0, 0},
	} {
		g1, g2 := h, h
		if c.g1 != 0 {
			g1, g2 = c.g1, c.g2
		}
		r := Rates{Leader: loop.Constant(g1), Follower: loop.Constant(g2)}
		k, _ := LookupKind(c.kind)
		d, err := k.New(g, r, c.params)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		M := mat.NewDense(2, 2, nil)
		for j := 0; j < 2; j++ {
			z := []float64{0, 0}
			z[j] = 1
			x, y := z[:1], z[1:]
			if _, err := d.Step(context.Background(), j+1, x, y, nil); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			M.Set(0, j, x[0])
			M.Set(1, j, y[0])
		}
		var eig mat.Eigen
		if !eig.Factorize(M, mat.EigenNone) {
			t.Fatalf("%s: eigen decomposition of %v failed", c.name, mat.Formatted(M))
		}
		rho := 0.0
		for _, v := range eig.Values(nil) {
			rho = math.Max(rho, cmplx.Abs(v))
		}
		if math.Abs(rho-c.rho) > 1e-12 {
			t.Errorf("%s: spectral radius %.15g of M = %v, want %.15g", c.name, rho, mat.Formatted(M, mat.Squeeze()), c.rho)
		}
	}
}
