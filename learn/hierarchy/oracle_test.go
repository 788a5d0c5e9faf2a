package hierarchy_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn/hierarchy"
)

// quadGame is a quadratic N-player game with independent closed forms:
// player p's cost is f_p(z) = ½ zᵀQ_p z + c_pᵀz on the joint profile z
// (players' strategies concatenated in index order), Q_p symmetric with a
// positive-definite own block. With sense Payoff the objectives are −f_p.
type quadGame struct {
	dims  []int
	off   []int // first coordinate of each player in z
	D     int
	Q     []*mat.SymDense
	c     []*mat.VecDense
	sense game.Sense
}

func newQuadGame(r *rand.Rand, dims []int, sense game.Sense) *quadGame {
	q := &quadGame{dims: dims, sense: sense}
	for _, d := range dims {
		q.off = append(q.off, q.D)
		q.D += d
	}
	for p := range dims {
		Q := mat.NewSymDense(q.D, nil)
		for i := 0; i < q.D; i++ {
			for j := i; j < q.D; j++ {
				Q.SetSym(i, j, r.NormFloat64())
			}
		}
		// own block: A Aᵀ + d I (positive definite).
		o, d := q.off[p], dims[p]
		A := mat.NewDense(d, d, nil)
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				A.Set(i, j, r.NormFloat64())
			}
		}
		var AAt mat.Dense
		AAt.Mul(A, A.T())
		for i := 0; i < d; i++ {
			for j := i; j < d; j++ {
				v := AAt.At(i, j)
				if i == j {
					v += float64(d)
				}
				Q.SetSym(o+i, o+j, v)
			}
		}
		c := mat.NewVecDense(q.D, nil)
		for i := 0; i < q.D; i++ {
			c.SetVec(i, r.NormFloat64())
		}
		q.Q = append(q.Q, Q)
		q.c = append(q.c, c)
	}
	return q
}

// game returns the hierarchy.Game with ad objectives.
func (q *quadGame) game() hierarchy.Game {
	g := hierarchy.Game{Sense: q.sense}
	for p, d := range q.dims {
		p := p
		Qd := make([]float64, q.D*q.D)
		for i := 0; i < q.D; i++ {
			for j := 0; j < q.D; j++ {
				Qd[i*q.D+j] = q.Q[p].At(i, j)
			}
		}
		cd := append([]float64(nil), q.c[p].RawVector().Data...)
		sign := 1.0
		if q.sense == game.Payoff {
			sign = -1
		}
		g.Players = append(g.Players, hierarchy.Player{Name: fmt.Sprintf("p%d", p), Dim: d, Objective: func(xs []*ad.Node) *ad.Node {
			t := xs[0].Tape()
			z := ad.ConcatCols(xs...)
			Q := t.Const(ad.NewTensor(q.D, q.D, Qd))
			c := t.Const(ad.NewTensor(1, q.D, cd))
			v := ad.Add(ad.Scale(ad.Sum(ad.Mul(ad.MatMul(z, Q), z)), 0.5), ad.Sum(ad.Mul(z, c)))
			return ad.Scale(v, sign)
		}})
	}
	return g
}

// value is f_p(z) as an objective (cost, or −cost for payoffs).
func (q *quadGame) value(p int, z *mat.VecDense) float64 {
	var Qz mat.VecDense
	Qz.MulVec(q.Q[p], z)
	v := 0.5*mat.Dot(z, &Qz) + mat.Dot(q.c[p], z)
	if q.sense == game.Payoff {
		return -v
	}
	return v
}

// grad is ∇f_p(z) of the objective.
func (q *quadGame) grad(p int, z *mat.VecDense) *mat.VecDense {
	var g mat.VecDense
	g.MulVec(q.Q[p], z)
	g.AddVec(&g, q.c[p])
	if q.sense == game.Payoff {
		g.ScaleVec(-1, &g)
	}
	return &g
}

// oracle holds, for a structure, the coordinates of each level and, for
// each level j, the affine map S_j, s_j with z = S_j X_{≤j} + s_j when every
// deeper level plays its (nested) response, derived independently of the
// package: from the deepest level up, level j's players' first-order
// conditions E_pᵀ S_jᵀ (Q_p z + c_p) = 0 are linear in X_{≤j}, solved for X_j.
type oracle struct {
	q    *quadGame
	s    hierarchy.Structure
	cols [][]int      // z-coordinates of X_{≤j} in order (levels 0..j)
	S    []*mat.Dense // D × |X_{≤j}|, rows in z order
	s0   []*mat.VecDense
}

func newOracle(q *quadGame, s hierarchy.Structure) (*oracle, error) {
	o := &oracle{q: q, s: s, cols: make([][]int, len(s)), S: make([]*mat.Dense, len(s)), s0: make([]*mat.VecDense, len(s))}
	var acc []int
	for j, level := range s {
		for _, p := range level {
			for i := 0; i < q.dims[p]; i++ {
				acc = append(acc, q.off[p]+i)
			}
		}
		o.cols[j] = append([]int(nil), acc...)
	}
	m := len(s) - 1
	// deepest level: z = X_{≤m} (a permutation).
	o.S[m] = mat.NewDense(q.D, len(o.cols[m]), nil)
	for k, zc := range o.cols[m] {
		o.S[m].Set(zc, k, 1)
	}
	o.s0[m] = mat.NewVecDense(q.D, nil)
	for j := m; j >= 1; j-- {
		// level j's conditions, linear in X_{≤j}: H X_{≤j} + h = 0 with
		// rows E_pᵀ S_jᵀ Q_p S_j and E_pᵀ S_jᵀ (Q_p s_j + c_p); payoff sense
		// negates both, which leaves the solution unchanged (costs used).
		nj := len(o.cols[j])
		nlt := len(o.cols[j-1])
		var rowsH [][]float64
		var rowsh []float64
		for _, p := range s[j] {
			var QS mat.Dense
			QS.Mul(q.Q[p], o.S[j])
			var H mat.Dense
			H.Mul(o.S[j].T(), &QS)
			var Qs mat.VecDense
			Qs.MulVec(q.Q[p], o.s0[j])
			Qs.AddVec(&Qs, q.c[p])
			var h mat.VecDense
			h.MulVec(o.S[j].T(), &Qs)
			for i := 0; i < q.dims[p]; i++ {
				// position of x_p's i-th coordinate within X_{≤j}
				k := indexOf(o.cols[j], q.off[p]+i)
				rowsH = append(rowsH, mat.Row(nil, k, &H))
				rowsh = append(rowsh, h.AtVec(k))
			}
		}
		nx := nj - nlt // size of X_j (its coordinates are the last in cols[j])
		A := mat.NewDense(nx, nx, nil)
		B := mat.NewDense(nx, nlt, nil)
		b := mat.NewVecDense(nx, rowsh)
		for r, row := range rowsH {
			for k := 0; k < nlt; k++ {
				B.Set(r, k, row[k])
			}
			for k := 0; k < nx; k++ {
				A.Set(r, k, row[nlt+k])
			}
		}
		// X_j = R X_{<j} + r with R = −A⁻¹B, r = −A⁻¹b.
		var R mat.Dense
		if err := R.Solve(A, B); err != nil {
			return nil, fmt.Errorf("level %d: %v", j, err)
		}
		R.Scale(-1, &R)
		var rv mat.VecDense
		if err := rv.SolveVec(A, b); err != nil {
			return nil, fmt.Errorf("level %d: %v", j, err)
		}
		rv.ScaleVec(-1, &rv)
		// X_{≤j} = [I; R] X_{<j} + [0; r]; z = S_j X_{≤j} + s_j.
		L := mat.NewDense(nj, nlt, nil)
		l := mat.NewVecDense(nj, nil)
		for k := 0; k < nlt; k++ {
			L.Set(k, k, 1)
		}
		for r := 0; r < nx; r++ {
			for k := 0; k < nlt; k++ {
				L.Set(nlt+r, k, R.At(r, k))
			}
			l.SetVec(nlt+r, rv.AtVec(r))
		}
		o.S[j-1] = mat.NewDense(q.D, nlt, nil)
		o.S[j-1].Mul(o.S[j], L)
		o.s0[j-1] = mat.NewVecDense(q.D, nil)
		o.s0[j-1].MulVec(o.S[j], l)
		o.s0[j-1].AddVec(o.s0[j-1], o.s0[j])
	}
	return o, nil
}

func indexOf(v []int, x int) int {
	for i, a := range v {
		if a == x {
			return i
		}
	}
	panic("indexOf")
}

// level returns the level of player p.
func (o *oracle) level(p int) int {
	for j, l := range o.s {
		for _, a := range l {
			if a == p {
				return j
			}
		}
	}
	panic("level")
}

// direction is the closed form of player p's hierarchical gradient at an
// arbitrary profile z: (S_j E_p)ᵀ ∇f_p(z) (S_j is constant for quadratics).
func (o *oracle) direction(p int, z *mat.VecDense) []float64 {
	j := o.level(p)
	g := o.q.grad(p, z)
	out := make([]float64, o.q.dims[p])
	for i := range out {
		k := indexOf(o.cols[j], o.q.off[p]+i)
		out[i] = mat.Dot(o.S[j].ColView(k), g)
	}
	return out
}

// respond returns z with X_{≤j} taken from z and every deeper level at its
// nested response.
func (o *oracle) respond(j int, z *mat.VecDense) *mat.VecDense {
	x := mat.NewVecDense(len(o.cols[j]), nil)
	for k, zc := range o.cols[j] {
		x.SetVec(k, z.AtVec(zc))
	}
	var out mat.VecDense
	out.MulVec(o.S[j], x)
	out.AddVec(&out, o.s0[j])
	return &out
}

// fd is the central difference of x_p ↦ f_p(z) along the deeper responses
// (X_{<j} and level j's other players fixed), at z on the response manifold.
func (o *oracle) fd(p int, z *mat.VecDense) []float64 {
	j := o.level(p)
	out := make([]float64, o.q.dims[p])
	for i := range out {
		zc := o.q.off[p] + i
		h := 1e-4 * math.Max(1, math.Abs(z.AtVec(zc)))
		zp, zm := mat.VecDenseCopyOf(z), mat.VecDenseCopyOf(z)
		zp.SetVec(zc, z.AtVec(zc)+h)
		zm.SetVec(zc, z.AtVec(zc)-h)
		out[i] = (o.q.value(p, o.respond(j, zp)) - o.q.value(p, o.respond(j, zm))) / (2 * h)
	}
	return out
}

func split(q *quadGame, z *mat.VecDense) [][]float64 {
	xs := make([][]float64, len(q.dims))
	for p, d := range q.dims {
		xs[p] = make([]float64, d)
		for i := range xs[p] {
			xs[p][i] = z.AtVec(q.off[p] + i)
		}
	}
	return xs
}

func relErr(a, b []float64) float64 {
	num, den := 0.0, 0.0
	for i := range a {
		num = math.Max(num, math.Abs(a[i]-b[i]))
		den = math.Max(den, math.Abs(b[i]))
	}
	return num / math.Max(den, 1)
}

// TestQuadraticOracle compares every player's hierarchical gradient with
// the closed form (S_j E_p)ᵀ∇f_p(z) at random profiles, and, on the
// response manifold, with central differences of f_p along the nested
// responses, for random quadratic games: one leader against 2–3 Nash
// followers of dimensions 1–3 (C.2), 3- and 4-level chains (C.1), two Nash
// leaders against two followers, and a mixed structure; costs and payoffs.
func TestQuadraticOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	maxCF, maxFD := 0.0, 0.0
	for trial := 0; trial < 40; trial++ {
		var dims []int
		var s hierarchy.Structure
		switch trial % 5 {
		case 0, 1:
			n := 2 + r.IntN(2)
			for p := 0; p <= n; p++ {
				dims = append(dims, 1+r.IntN(3))
			}
			s = hierarchy.LeaderFollowers(n)
		case 2:
			dims = []int{1 + r.IntN(3), 1 + r.IntN(3), 1 + r.IntN(3)}
			s = hierarchy.Staggered(3)
		case 3:
			dims = []int{1 + r.IntN(3), 1 + r.IntN(3), 1 + r.IntN(3), 1 + r.IntN(3)}
			s = hierarchy.Staggered(4)
		case 4:
			dims = []int{1 + r.IntN(3), 1 + r.IntN(3), 1 + r.IntN(3), 1 + r.IntN(3), 1 + r.IntN(3)}
			s = hierarchy.Structure{{0, 1}, {2, 3}, {4}}
		}
		sense := game.Cost
		if trial%2 == 1 {
			sense = game.Payoff
		}
		q := newQuadGame(r, dims, sense)
		o, err := newOracle(q, s)
		if err != nil {
			t.Fatal(err)
		}
		e, err := hierarchy.NewEvaluator(q.game(), s)
		if err != nil {
			t.Fatal(err)
		}
		dirs := make([][]float64, len(dims))
		for p, d := range dims {
			dirs[p] = make([]float64, d)
		}
		for pt := 0; pt < 3; pt++ {
			z := mat.NewVecDense(q.D, nil)
			for i := 0; i < q.D; i++ {
				z.SetVec(i, 2*r.NormFloat64())
			}
			if err := e.Directions(dirs, split(q, z)); err != nil {
				t.Fatal(err)
			}
			for p := range dims {
				cf := o.direction(p, z)
				if err := relErr(dirs[p], cf); err > 1e-9 {
					t.Errorf("trial %d %v dims %v %v: player %d direction %v, closed form %v (rel %g)", trial, s, dims, sense, p, dirs[p], cf, err)
				} else {
					maxCF = math.Max(maxCF, err)
				}
			}
			// on the response manifold of each level: FD oracle.
			for j := range s {
				zj := o.respond(j, z)
				if err := e.Directions(dirs, split(q, zj)); err != nil {
					t.Fatal(err)
				}
				for _, p := range s[j] {
					fd := o.fd(p, zj)
					if err := relErr(dirs[p], fd); err > 1e-7 {
						t.Errorf("trial %d %v dims %v %v: player %d direction %v, finite difference %v (rel %g)", trial, s, dims, sense, p, dirs[p], fd, err)
					} else {
						maxFD = math.Max(maxFD, err)
					}
				}
				// deeper players are at their responses: directions vanish.
				for k := j + 1; k < len(s); k++ {
					for _, p := range s[k] {
						for _, v := range dirs[p] {
							if math.Abs(v) > 1e-8 {
								t.Errorf("trial %d: player %d at its response has direction %v", trial, p, dirs[p])
							}
						}
					}
				}
			}
		}
	}
	t.Logf("max relative error: closed form %.2g, finite differences %.2g", maxCF, maxFD)
}

// cubicGame adds κ_p (u_p·z)³ + 0.1 sin(v_p·z) to each quadratic cost, so
// that third derivatives enter the nested total derivatives.
type cubicGame struct {
	*quadGame
	kappa []float64
	u, v  []*mat.VecDense
}

func (c *cubicGame) value(p int, z *mat.VecDense) float64 {
	uz, vz := mat.Dot(c.u[p], z), mat.Dot(c.v[p], z)
	return c.quadGame.value(p, z) + c.kappa[p]*uz*uz*uz + 0.1*math.Sin(vz)
}

func (c *cubicGame) grad(p int, z *mat.VecDense) *mat.VecDense {
	g := c.quadGame.grad(p, z)
	uz, vz := mat.Dot(c.u[p], z), mat.Dot(c.v[p], z)
	g.AddScaledVec(g, 3*c.kappa[p]*uz*uz, c.u[p])
	g.AddScaledVec(g, 0.1*math.Cos(vz), c.v[p])
	return g
}

func (c *cubicGame) game() hierarchy.Game {
	g := c.quadGame.game()
	for p := range g.Players {
		p, quad := p, g.Players[p].Objective
		u := append([]float64(nil), c.u[p].RawVector().Data...)
		v := append([]float64(nil), c.v[p].RawVector().Data...)
		g.Players[p].Objective = func(xs []*ad.Node) *ad.Node {
			t := xs[0].Tape()
			z := ad.ConcatCols(xs...)
			uz := ad.Sum(ad.Mul(z, t.Const(ad.NewTensor(1, len(u), u))))
			vz := ad.Sum(ad.Mul(z, t.Const(ad.NewTensor(1, len(v), v))))
			return ad.Add(quad(xs), ad.Add(ad.Scale(ad.Mul(uz, ad.Square(uz)), c.kappa[p]), ad.Scale(ad.Sin(vz), 0.1)))
		}
	}
	return g
}

// newton solves F(x) = 0 for x ∈ Rⁿ from x0 by Newton's method with a
// central-difference Jacobian, to |F| ≤ tol.
func newton(F func([]float64) []float64, x0 []float64, h, tol float64) ([]float64, bool) {
	x := append([]float64(nil), x0...)
	n := len(x)
	for it := 0; it < 60; it++ {
		f := F(x)
		if mat.Norm(mat.NewVecDense(n, f), math.Inf(1)) <= tol {
			return x, true
		}
		J := mat.NewDense(n, n, nil)
		for k := 0; k < n; k++ {
			xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
			xp[k] += h
			xm[k] -= h
			fp, fm := F(xp), F(xm)
			for i := 0; i < n; i++ {
				J.Set(i, k, (fp[i]-fm[i])/(2*h))
			}
		}
		var dx mat.VecDense
		if err := dx.SolveVec(J, mat.NewVecDense(n, f)); err != nil {
			return x, false
		}
		for k := range x {
			x[k] -= dx.AtVec(k)
		}
	}
	return x, mat.Norm(mat.NewVecDense(n, F(x)), math.Inf(1)) <= tol
}

// TestNestedNonlinearOracle checks the leader's total derivative on a
// non-quadratic game with structure {0} → {1, 2} (Nash) → {3}, dimensions
// (2, 2, 1, 2), where the third derivatives of player 3's cost enter
// level 1's Jacobian, against a central difference (h = 1e-3) of
// x0 ↦ f0(x0, r12(x0), r3(x0, r12(x0))) with the nested responses found by
// Newton's method: r3 on player 3's analytic gradient (to 1e-13), r12 on
// central differences (h = 1e-5) of players 1 and 2's costs along r3 (to
// 1e-10). Tolerance 1e-5 relative (the difference's truncation error).
func TestNestedNonlinearOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	dims := []int{2, 2, 1, 2}
	s := hierarchy.Structure{{0}, {1, 2}, {3}}
	worst := 0.0
	for trial := 0; trial < 4; trial++ {
		q := newQuadGame(r, dims, game.Cost)
		// strengthen the own blocks so that the responses are unique nearby.
		for p, d := range dims {
			for i := 0; i < d; i++ {
				k := q.off[p] + i
				q.Q[p].SetSym(k, k, q.Q[p].At(k, k)+3)
			}
		}
		c := &cubicGame{quadGame: q}
		for range dims {
			c.kappa = append(c.kappa, 0.05)
			u, v := mat.NewVecDense(q.D, nil), mat.NewVecDense(q.D, nil)
			for i := 0; i < q.D; i++ {
				u.SetVec(i, 0.5*r.NormFloat64())
				v.SetVec(i, r.NormFloat64())
			}
			c.u, c.v = append(c.u, u), append(c.v, v)
		}
		// z layout: player order 0,1,2,3 is also level order here.
		o0, o1, o3 := q.off[0], q.off[1], q.off[3]
		r3 := func(z []float64) []float64 { // z with x0, x1, x2 set
			x3, ok := newton(func(x []float64) []float64 {
				zz := append(append([]float64(nil), z[:o3]...), x...)
				g := c.grad(3, mat.NewVecDense(q.D, zz))
				return []float64{g.AtVec(o3), g.AtVec(o3 + 1)}
			}, z[o3:], 1e-6, 1e-13)
			if !ok {
				t.Fatalf("trial %d: r3 did not converge", trial)
			}
			return append(append([]float64(nil), z[:o3]...), x3...)
		}
		// level 1's reduced gradients along r3, by central differences.
		red := func(z []float64) []float64 {
			const h = 1e-5
			out := make([]float64, 0, o3-o1)
			for k := o1; k < o3; k++ {
				p := 1
				if k >= q.off[2] {
					p = 2
				}
				zp, zm := append([]float64(nil), z...), append([]float64(nil), z...)
				zp[k] += h
				zm[k] -= h
				out = append(out, (c.value(p, mat.NewVecDense(q.D, r3(zp)))-c.value(p, mat.NewVecDense(q.D, r3(zm))))/(2*h))
			}
			return out
		}
		respond := func(x0 []float64, guess []float64) []float64 {
			x12, ok := newton(func(x []float64) []float64 {
				z := append(append(append([]float64(nil), x0...), x...), guess[o3:]...)
				return red(z)
			}, guess[o1:o3], 1e-4, 1e-10)
			if !ok {
				t.Fatalf("trial %d: r12 did not converge", trial)
			}
			return r3(append(append(append([]float64(nil), x0...), x12...), guess[o3:]...))
		}
		x0 := []float64{0.3 * r.NormFloat64(), 0.3 * r.NormFloat64()}
		guess := make([]float64, q.D)
		z := respond(x0, guess)
		e, err := hierarchy.NewEvaluator(c.game(), s)
		if err != nil {
			t.Fatal(err)
		}
		dirs := [][]float64{{0, 0}, {0, 0}, {0}, {0, 0}}
		if err := e.Directions(dirs, split(q, mat.NewVecDense(q.D, z))); err != nil {
			t.Fatal(err)
		}
		fd := make([]float64, 2)
		for i := range fd {
			const h = 1e-3
			xp, xm := append([]float64(nil), x0...), append([]float64(nil), x0...)
			xp[i] += h
			xm[i] -= h
			fd[i] = (c.value(0, mat.NewVecDense(q.D, respond(xp, z))) - c.value(0, mat.NewVecDense(q.D, respond(xm, z)))) / (2 * h)
		}
		_ = o0
		err2 := relErr(dirs[0], fd)
		worst = math.Max(worst, err2)
		if err2 > 1e-5 {
			t.Errorf("trial %d: leader total derivative %v, finite difference %v (rel %g)", trial, dirs[0], fd, err2)
		}
		for p := 1; p < 4; p++ {
			for _, v := range dirs[p] {
				if math.Abs(v) > 1e-8 {
					t.Errorf("trial %d: player %d at its nested response has direction %v", trial, p, dirs[p])
				}
			}
		}
		// the second-derivative-only approximation (dropping the third
		// derivatives) must differ, or the test would not see them.
		t.Logf("trial %d: package %v, FD %v", trial, dirs[0], fd)
	}
	t.Logf("max relative error %.2g", worst)
}

// TestOligopolyStabilityOracle checks the reproduction's verdicts by hand:
// at the closed forms (A = 50, c = 1, a = 49) every hierarchical gradient
// vanishes; the field's Jacobian (central differences of Directions, exact
// for this linear field, to 1e-9) equals the hand-derived
//
//	C.2 (N = 3): ∂D0/∂q0 = −(N+2)/(N+1), ∂D0/∂qF = −1; ∂Di/∂q0 = −1, ∂Di/∂qj = −1 − [i=j]
//	C.1 chain:   −[[1.25, 1, 1], [1, 1.5, 1], [1, 1, 2]]
//
// and with the reproduction's rates Γ the ascent map I + ΓJ has spectral
// radius < 1 (the learned points are attracting). (By hand, the reduced
// second derivatives −2/(N+1), and −1/2, −1, −2 along the chain, are
// negative: the points are differential Stackelberg equilibria.)
func TestOligopolyStabilityOracle(t *testing.T) {
	const a, N = 49.0, 3
	jC2 := mat.NewDense(N+1, N+1, nil)
	for i := 0; i <= N; i++ {
		for j := 0; j <= N; j++ {
			switch {
			case i == 0 && j == 0:
				jC2.Set(i, j, -float64(N+2)/float64(N+1))
			case i == j:
				jC2.Set(i, j, -2)
			default:
				jC2.Set(i, j, -1)
			}
		}
	}
	jC1 := mat.NewDense(3, 3, []float64{-1.25, -1, -1, -1, -1.5, -1, -1, -1, -2})
	lead, fol := hierarchy.OligopolyLeaderFollowers(50, 1, N)
	for _, tc := range []struct {
		name  string
		s     hierarchy.Structure
		want  *mat.Dense
		rates []float64
		star  []float64
	}{
		{"C.2", hierarchy.LeaderFollowers(N), jC2, []float64{0.05, 0.2, 0.2, 0.2}, []float64{lead, fol, fol, fol}},
		{"C.1", hierarchy.Staggered(3), jC1, []float64{0.05, 0.1, 0.3}, []float64{a / 2, a / 4, a / 8}},
	} {
		n := len(tc.star)
		g, _ := hierarchy.Oligopoly(50, 1, n)
		e, err := hierarchy.NewEvaluator(g, tc.s)
		if err != nil {
			t.Fatal(err)
		}
		at := func(q []float64) []float64 {
			xs, d := make([][]float64, n), make([][]float64, n)
			for p := range xs {
				xs[p], d[p] = []float64{q[p]}, []float64{0}
			}
			if err := e.Directions(d, xs); err != nil {
				t.Fatal(err)
			}
			out := make([]float64, n)
			for p := range d {
				out[p] = d[p][0]
			}
			return out
		}
		for p, v := range at(tc.star) {
			if math.Abs(v) > 1e-12 {
				t.Errorf("%s: firm %d's direction at the closed form is %v", tc.name, p+1, v)
			}
		}
		M := mat.NewDense(n, n, nil)
		for k := 0; k < n; k++ {
			qp, qm := append([]float64(nil), tc.star...), append([]float64(nil), tc.star...)
			qp[k] += 1e-3
			qm[k] -= 1e-3
			fp, fm := at(qp), at(qm)
			for i := 0; i < n; i++ {
				M.Set(i, k, (fp[i]-fm[i])/2e-3)
				if d := math.Abs(M.At(i, k) - tc.want.At(i, k)); d > 1e-9 {
					t.Errorf("%s: ∂D%d/∂q%d = %v, hand %v", tc.name, i, k, M.At(i, k), tc.want.At(i, k))
				}
			}
		}
		step := mat.NewDense(n, n, nil)
		for i := 0; i < n; i++ {
			for k := 0; k < n; k++ {
				v := tc.rates[i] * tc.want.At(i, k)
				if i == k {
					v++
				}
				step.Set(i, k, v)
			}
		}
		var eig mat.Eigen
		if !eig.Factorize(step, mat.EigenNone) {
			t.Fatal("eigen")
		}
		rho := 0.0
		for _, l := range eig.Values(nil) {
			rho = math.Max(rho, math.Hypot(real(l), imag(l)))
		}
		if rho >= 1 {
			t.Errorf("%s: spectral radius of I + ΓJ is %v, want < 1", tc.name, rho)
		}
		t.Logf("%s: spectral radius of I + ΓJ = %.4f", tc.name, rho)
	}
}
