package markov

// Independent oracles for the exact analysis, written from the paper's
// definitions (Eq. 1-7, 13-14, 17-19) with plain slices and a Gaussian
// elimination of their own, not from this package's code.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// oracleGame is a small random game drawn from a seeded source with
// P, R1, R2 indexed [s][a][b].
func oracleGame(t *testing.T, seed uint64, n, m1, m2 int, gamma, lambda, scale float64) *Game {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 77))
	g := &Game{Gamma: gamma, Lambda: lambda, States: n, Actions: []int{m1, m2}}
	g.Rho = make([]float64, n)
	sum := 0.0
	for s := range g.Rho {
		g.Rho[s] = 0.1 + rng.Float64()
		sum += g.Rho[s]
	}
	for s := range g.Rho {
		g.Rho[s] /= sum
	}
	g.P = make([][][][]float64, n)
	g.R1 = make([][][]float64, n)
	g.R2 = make([][][]float64, n)
	for s := range n {
		g.P[s] = make([][][]float64, m1)
		g.R1[s] = make([][]float64, m1)
		g.R2[s] = make([][]float64, m1)
		for a := range m1 {
			g.P[s][a] = make([][]float64, m2)
			g.R1[s][a] = make([]float64, m2)
			g.R2[s][a] = make([]float64, m2)
			for b := range m2 {
				row := make([]float64, n)
				tot := 0.0
				for k := range row {
					row[k] = rng.ExpFloat64()
					tot += row[k]
				}
				for k := range row {
					row[k] /= tot
				}
				g.P[s][a][b] = row
				g.R1[s][a][b] = scale * rng.NormFloat64()
				g.R2[s][a][b] = scale * rng.NormFloat64()
			}
		}
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	return g
}

// oracleSolve solves A x = b by Gaussian elimination with partial pivoting
// (A is n×n, row-major [][]; both are copied).
func oracleSolve(a [][]float64, b []float64) []float64 {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(append([]float64(nil), a[i]...), b[i])
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := m[r][n]
		for k := r + 1; k < n; k++ {
			s -= m[r][k] * x[k]
		}
		x[r] = s / m[r][r]
	}
	return x
}

func oracleSoftmax(theta []float64, n, m int) [][]float64 {
	pi := make([][]float64, n)
	for s := range n {
		row := theta[s*m : (s+1)*m]
		mx := math.Inf(-1)
		for _, v := range row {
			mx = math.Max(mx, v)
		}
		pi[s] = make([]float64, m)
		z := 0.0
		for a, v := range row {
			pi[s][a] = math.Exp(v - mx)
			z += pi[s][a]
		}
		for a := range pi[s] {
			pi[s][a] /= z
		}
	}
	return pi
}

// oracleValues returns V̄1(s), V̄2λ(s) (Eq. 1, 3-4) by solving
// (I − γ P_π) V = r_π, and the unnormalised discounted visitation
// d = ρᵀ (I − γ P_π)⁻¹.
func oracleValues(g *Game, th1, th2 []float64) (v1, v2, d []float64) {
	n, m1, m2 := g.States, g.Actions[0], g.Actions[1]
	p1, p2 := oracleSoftmax(th1, n, m1), oracleSoftmax(th2, n, m2)
	a := make([][]float64, n)
	at := make([][]float64, n)
	r1, r2 := make([]float64, n), make([]float64, n)
	for s := range n {
		a[s] = make([]float64, n)
		a[s][s] = 1
		for x := range m1 {
			for y := range m2 {
				w := p1[s][x] * p2[s][y]
				r1[s] += w * g.R1[s][x][y]
				r2[s] += w * g.R2[s][x][y]
				for k := range n {
					a[s][k] -= g.Gamma * w * g.P[s][x][y][k]
				}
			}
		}
		for y := range m2 {
			r2[s] -= g.Lambda * p2[s][y] * math.Log(p2[s][y])
		}
	}
	for i := range n {
		at[i] = make([]float64, n)
		for j := range n {
			at[i][j] = a[j][i]
		}
	}
	return oracleSolve(a, r1), oracleSolve(a, r2), oracleSolve(at, g.Rho)
}

// oracleJ returns V1(ρ) and V2λ(ρ) (Eq. 5-6).
func oracleJ(g *Game, th1, th2 []float64) (float64, float64) {
	v1, v2, _ := oracleValues(g, th1, th2)
	j1, j2 := 0.0, 0.0
	for s, r := range g.Rho {
		j1 += r * v1[s]
		j2 += r * v2[s]
	}
	return j1, j2
}

// oracleFD returns the central difference of f along each coordinate of x.
func oracleFD(f func([]float64) float64, x []float64, h float64) []float64 {
	out := make([]float64, len(x))
	y := append([]float64(nil), x...)
	for i := range x {
		y[i] = x[i] + h
		fp := f(y)
		y[i] = x[i] - h
		fm := f(y)
		y[i] = x[i]
		out[i] = (fp - fm) / (2 * h)
	}
	return out
}

// oracleGrad22 is ∇θ2 V2λ by the soft policy-gradient theorem:
// d(s) π2(b|s) (Q(s,b) − λ log π2(b|s) − V(s)) with
// Q(s,b) = Σ_a π1(a|s)(R2 + γ Σ P V).
func oracleGrad22(g *Game, th1, th2 []float64) []float64 {
	n, m1, m2 := g.States, g.Actions[0], g.Actions[1]
	p1, p2 := oracleSoftmax(th1, n, m1), oracleSoftmax(th2, n, m2)
	_, v2, d := oracleValues(g, th1, th2)
	out := make([]float64, n*m2)
	for s := range n {
		for b := range m2 {
			q := 0.0
			for a := range m1 {
				next := 0.0
				for k := range n {
					next += g.P[s][a][b][k] * v2[k]
				}
				q += p1[s][a] * (g.R2[s][a][b] + g.Gamma*next)
			}
			q -= g.Lambda * math.Log(p2[s][b])
			out[s*m2+b] = d[s] * p2[s][b] * (q - v2[s])
		}
	}
	return out
}

// oracleAveragedMDP returns the follower's averaged MDP of Eq. 13-14
// against the leader's softmax policy of logits th1: rewards r̄(s, b) and
// transitions P̄(s, b, ·).
func oracleAveragedMDP(g *Game, th1 []float64) (rbar [][]float64, pbar [][][]float64) {
	n, m1, m2 := g.States, g.Actions[0], g.Actions[1]
	p1 := oracleSoftmax(th1, n, m1)
	rbar = make([][]float64, n)
	pbar = make([][][]float64, n)
	for s := range n {
		rbar[s] = make([]float64, m2)
		pbar[s] = make([][]float64, m2)
		for b := range m2 {
			pbar[s][b] = make([]float64, n)
			for a := range m1 {
				rbar[s][b] += p1[s][a] * g.R2[s][a][b] // Eq. 13
				for k := range n {
					pbar[s][b][k] += p1[s][a] * g.P[s][a][b][k] // Eq. 14
				}
			}
		}
	}
	return rbar, pbar
}

// oracleSoftBR returns the follower's soft-optimal policy in the averaged
// MDP of Eq. 13-14 by soft value iteration
// V(s) = λ log Σ_b exp(Q(s,b)/λ), run until V stops changing.
func oracleSoftBR(g *Game, th1 []float64) [][]float64 {
	n, m2 := g.States, g.Actions[1]
	rbar, pbar := oracleAveragedMDP(g, th1)
	lam := g.Lambda
	v := make([]float64, n)
	q := make([][]float64, n)
	for s := range q {
		q[s] = make([]float64, m2)
	}
	for it := 0; it < 200000; it++ {
		delta := 0.0
		next := make([]float64, n)
		for s := range n {
			mx := math.Inf(-1)
			for b := range m2 {
				e := 0.0
				for k := range n {
					e += pbar[s][b][k] * v[k]
				}
				q[s][b] = rbar[s][b] + g.Gamma*e
				mx = math.Max(mx, q[s][b])
			}
			z := 0.0
			for b := range m2 {
				z += math.Exp((q[s][b] - mx) / lam)
			}
			next[s] = mx + lam*math.Log(z)
			delta = math.Max(delta, math.Abs(next[s]-v[s]))
		}
		v = next
		if delta == 0 {
			break
		}
	}
	pi := make([][]float64, n)
	for s := range n {
		pi[s] = make([]float64, m2)
		for b := range m2 {
			pi[s][b] = math.Exp((q[s][b] - v[s]) / lam)
		}
	}
	return pi
}

func oracleLogits(pi [][]float64) []float64 {
	var out []float64
	for _, row := range pi {
		for _, p := range row {
			out = append(out, math.Log(p))
		}
	}
	return out
}

func oracleRelErr(got, want []float64) float64 {
	num, den := 0.0, 0.0
	for i := range got {
		num = math.Max(num, math.Abs(got[i]-want[i]))
		den = math.Max(den, math.Abs(want[i]))
	}
	return num / math.Max(den, 1e-300)
}

type oracleCase struct {
	seed          uint64
	n, m1, m2     int
	gamma, lambda float64
}

func oracleCases() []oracleCase {
	var cs []oracleCase
	seed := uint64(1)
	for _, gamma := range []float64{0.5, 0.9, 0.99} {
		for _, n := range []int{2, 3, 4} {
			for _, m := range [][2]int{{2, 3}, {3, 2}} {
				cs = append(cs, oracleCase{seed, n, m[0], m[1], gamma, []float64{0.3, 2, 0.05}[seed%3]})
				seed++
			}
		}
	}
	return cs
}

func oracleTheta(rng *rand.Rand, k int) []float64 {
	th := make([]float64, k)
	for i := range th {
		th[i] = rng.NormFloat64()
	}
	return th
}

// TestOracleValuesGradients checks V, the visitation and the four
// gradients against (I − γP_π)⁻¹ solves and central differences of them.
func TestOracleValuesGradients(t *testing.T) {
	for _, c := range oracleCases() {
		t.Run(fmt.Sprintf("seed%d_n%d_%dx%d_g%v", c.seed, c.n, c.m1, c.m2, c.gamma), func(t *testing.T) {
			g := oracleGame(t, c.seed, c.n, c.m1, c.m2, c.gamma, c.lambda, 1)
			rng := rand.New(rand.NewPCG(c.seed, 3))
			th1, th2 := oracleTheta(rng, c.n*c.m1), oracleTheta(rng, c.n*c.m2)
			e, err := NewEvaluator(g)
			if err != nil {
				t.Fatal(err)
			}
			pt := e.Eval(th1, th2, OrderHessians)
			v1, v2, d := oracleValues(g, th1, th2)
			j1, j2 := oracleJ(g, th1, th2)
			for _, chk := range []struct {
				name      string
				got, want []float64
				tol       float64
			}{
				{"Values1", pt.Values1, v1, 1e-11},
				{"Values2", pt.Values2, v2, 1e-11},
				{"Visitation", pt.Visitation, d, 1e-11},
				{"V", []float64{pt.V1, pt.V2}, []float64{j1, j2}, 1e-11},
				{"Grad11", pt.Grad11, oracleFD(func(x []float64) float64 { a, _ := oracleJ(g, x, th2); return a }, th1, 1e-5), 1e-7},
				{"Grad12", pt.Grad12, oracleFD(func(x []float64) float64 { a, _ := oracleJ(g, th1, x); return a }, th2, 1e-5), 1e-7},
				{"Grad21", pt.Grad21, oracleFD(func(x []float64) float64 { _, b := oracleJ(g, x, th2); return b }, th1, 1e-5), 1e-7},
				{"Grad22", pt.Grad22, oracleFD(func(x []float64) float64 { _, b := oracleJ(g, th1, x); return b }, th2, 1e-5), 1e-7},
				{"oracleGrad22", oracleGrad22(g, th1, th2), pt.Grad22, 1e-10},
			} {
				if r := oracleRelErr(chk.got, chk.want); !(r <= chk.tol) {
					t.Errorf("%s: relative error %.3g > %g\n got %v\nwant %v", chk.name, r, chk.tol, chk.got, chk.want)
				}
			}
			// Hessian blocks: central differences of the oracle's ∇θ2V2λ.
			k2 := c.n * c.m2
			for j := range k2 {
				col := oracleFD(func(x []float64) float64 { return oracleGrad22(g, th1, x)[j] }, th2, 1e-5)
				row := pt.Hess22.RawRowView(j)
				if r := oracleRelErr(row, col); r > 1e-6 {
					t.Errorf("Hess22 row %d: relative error %.3g\n got %v\nwant %v", j, r, row, col)
				}
				mix := oracleFD(func(x []float64) float64 { return oracleGrad22(g, x, th2)[j] }, th1, 1e-5)
				if r := oracleRelErr(pt.Mixed.RawRowView(j), mix); r > 1e-6 {
					t.Errorf("Mixed row %d: relative error %.3g\n got %v\nwant %v", j, r, pt.Mixed.RawRowView(j), mix)
				}
			}
		})
	}
}

// TestOracleBestResponseAndHierarchical checks B(θ1) against soft value
// iteration on the averaged MDP (Eq. 13-14) and the total derivative of
// Eq. 18 against central differences of θ1 ↦ V1(θ1, B(θ1)). λ = 0.05
// is replaced by 1 here: with rewards of unit scale its best responses
// are nearly deterministic and ∇²θ2V2λ's condition number in θ2 is 1e15
// to 1e60 (TestHierGradNearlyDeterministicBestResponse covers that case).
func TestOracleBestResponseAndHierarchical(t *testing.T) {
	for _, c := range oracleCases() {
		if c.lambda < 0.3 {
			c.lambda = 1
		}
		t.Run(fmt.Sprintf("seed%d_n%d_%dx%d_g%v", c.seed, c.n, c.m1, c.m2, c.gamma), func(t *testing.T) {
			g := oracleGame(t, c.seed, c.n, c.m1, c.m2, c.gamma, c.lambda, 1)
			rng := rand.New(rand.NewPCG(c.seed, 4))
			th1 := oracleTheta(rng, c.n*c.m1)
			e, err := NewEvaluator(g)
			if err != nil {
				t.Fatal(err)
			}
			pi, err := e.BestResponse(th1)
			if err != nil {
				t.Fatal(err)
			}
			want := oracleSoftBR(g, th1)
			var flat []float64
			for _, row := range want {
				flat = append(flat, row...)
			}
			if r := oracleRelErr(pi, flat); r > 1e-10 {
				t.Errorf("BestResponse: error %.3g\n got %v\nwant %v", r, pi, flat)
			}
			val, grad, _, err := e.Hierarchical(th1, 0)
			if err != nil {
				t.Fatal(err)
			}
			j := func(x []float64) float64 {
				v, _ := oracleJ(g, x, oracleLogits(oracleSoftBR(g, x)))
				return v
			}
			if d := math.Abs(val - j(th1)); d > 1e-9*math.Max(1, math.Abs(val)) {
				t.Errorf("Hierarchical value %.15g, oracle %.15g", val, j(th1))
			}
			fd := oracleFD(j, th1, 1e-4)
			if r := oracleRelErr(grad, fd); r > 1e-5 {
				t.Errorf("Hierarchical gradient: relative error %.3g\n got %v\nwant %v", r, grad, fd)
			}
		})
	}
}

// oracleEq19 is Eq. 19 with the inverse of ∇²θ2V2λ taken on the
// complement of the per-state shifts: H x = ∇θ2V1 solved as
// (H − N Nᵀ) x = ∇θ2V1 with N the normalised shift directions; the
// Hessian blocks are central differences of the oracle gradient.
func oracleEq19(g *Game, th1, th2 []float64) []float64 {
	n, m1, m2 := g.States, g.Actions[0], g.Actions[1]
	k1, k2 := n*m1, n*m2
	h := make([][]float64, k2)
	mixed := make([][]float64, k2)
	for j := range k2 {
		h[j] = oracleFD(func(x []float64) float64 { return oracleGrad22(g, th1, x)[j] }, th2, 1e-5)
		mixed[j] = oracleFD(func(x []float64) float64 { return oracleGrad22(g, x, th2)[j] }, th1, 1e-5)
	}
	for i := range k2 {
		for j := range k2 {
			if i/m2 == j/m2 {
				h[i][j] -= 1 / float64(m2)
			}
		}
	}
	g12 := oracleFD(func(x []float64) float64 { a, _ := oracleJ(g, th1, x); return a }, th2, 1e-5)
	g11 := oracleFD(func(x []float64) float64 { a, _ := oracleJ(g, x, th2); return a }, th1, 1e-5)
	x := oracleSolve(h, g12)
	out := make([]float64, k1)
	for i := range k1 {
		out[i] = g11[i]
		for j := range k2 {
			out[i] -= mixed[j][i] * x[j]
		}
	}
	return out
}

// TestOracleEq19 checks HierGrad and StepGradients away from the best
// response against oracleEq19.
func TestOracleEq19(t *testing.T) {
	for _, c := range oracleCases() {
		t.Run(fmt.Sprintf("seed%d_n%d_%dx%d_g%v", c.seed, c.n, c.m1, c.m2, c.gamma), func(t *testing.T) {
			g := oracleGame(t, c.seed, c.n, c.m1, c.m2, c.gamma, c.lambda, 1)
			rng := rand.New(rand.NewPCG(c.seed, 5))
			th1, th2 := oracleTheta(rng, c.n*c.m1), oracleTheta(rng, c.n*c.m2)
			e, err := NewEvaluator(g)
			if err != nil {
				t.Fatal(err)
			}
			want := oracleEq19(g, th1, th2)
			e.Eval(th1, th2, OrderHessians)
			got, err := e.HierGrad(0)
			if err != nil {
				t.Fatal(err)
			}
			if r := oracleRelErr(got, want); r > 1e-5 {
				t.Errorf("HierGrad: relative error %.3g\n got %v\nwant %v", r, got, want)
			}
			lead, _, err := e.StepGradients(th1, th2, 0)
			if err != nil {
				t.Fatal(err)
			}
			if r := oracleRelErr(lead, want); r > 1e-5 {
				t.Errorf("StepGradients: relative error %.3g\n got %v\nwant %v", r, lead, want)
			}
		})
	}
}
