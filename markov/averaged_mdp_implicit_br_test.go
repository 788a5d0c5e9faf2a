package markov

// Oracles written from the paper's definitions for what
// independent_oracle_test.go does not cover: the averaged MDP of
// Eq. 13-14 as a single-agent MDP of its own, the discounted series of
// Eq. 1 and 4-6, the implicit derivative of the best response (Eq. 17)
// against finite differences of the best-response map, the ascent sense
// of Eq. 8-9 and their step counting, and the random game's seed.

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stackel/stackel/loop"
)

// averagedMDP returns R̄2(s,b) (Eq. 13) and P̄(t|s,b) (Eq. 14) for the
// leader policy of θ1, from the game's nested P and R2.
func averagedMDP(g *Game, th1 []float64) (rbar [][]float64, pbar [][][]float64) {
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
				for t := range n {
					pbar[s][b][t] += p1[s][a] * g.P[s][a][b][t] // Eq. 14
				}
			}
		}
	}
	return rbar, pbar
}

// averagedSoftValue is V̄2λ(ρ) of the follower alone in the averaged MDP
// (Section IV, the display after Eq. 15): (I − γP̄_π)v = R̄_π + λH(π),
// solved by oracleSolve, then ρᵀv.
func averagedSoftValue(g *Game, rbar [][]float64, pbar [][][]float64, th2 []float64) float64 {
	n, m2 := g.States, g.Actions[1]
	p2 := oracleSoftmax(th2, n, m2)
	a := make([][]float64, n)
	r := make([]float64, n)
	for s := range n {
		a[s] = make([]float64, n)
		a[s][s] = 1
		for b := range m2 {
			r[s] += p2[s][b] * (rbar[s][b] - g.Lambda*math.Log(p2[s][b]))
			for t := range n {
				a[s][t] -= g.Gamma * p2[s][b] * pbar[s][b][t]
			}
		}
	}
	v := oracleSolve(a, r)
	j := 0.0
	for s, rs := range g.Rho {
		j += rs * v[s]
	}
	return j
}

// TestAveragedMDPEq13And14 checks the averaged MDP of Eq. 13-14 and the
// paper's use of it: the Evaluator's averaged transitions P̄1 and rewards
// R̄2 (the follower's, averaged over π1) and those of the best-response
// oracle equal Eq. 13-14 written from P and R2 (1e-14 absolute); V2λ of
// the game equals the follower's value alone in the averaged MDP
// (1e-11 relative); and ∇θ2V2λ of the game equals the central difference
// (h = 1e-5) of the averaged MDP's value in θ2, the statement after
// Eq. 14 that the follower's gradient is the same in both (1e-7
// relative).
func TestAveragedMDPEq13And14(t *testing.T) {
	for _, c := range oracleCases() {
		t.Run(fmt.Sprintf("seed%d_n%d_%dx%d_g%v", c.seed, c.n, c.m1, c.m2, c.gamma), func(t *testing.T) {
			g := oracleGame(t, c.seed, c.n, c.m1, c.m2, c.gamma, c.lambda, 1)
			rng := rand.New(rand.NewPCG(c.seed, 13))
			th1, th2 := oracleTheta(rng, c.n*c.m1), oracleTheta(rng, c.n*c.m2)
			rbar, pbar := averagedMDP(g, th1)
			e, err := NewEvaluator(g)
			if err != nil {
				t.Fatal(err)
			}
			pt := e.Eval(th1, th2, OrderGradients)
			if _, err := e.BestResponse(th1); err != nil {
				t.Fatal(err)
			}
			n, m2 := c.n, c.m2
			for s := range n {
				for b := range m2 {
					i := s*m2 + b
					if d := math.Abs(e.r2b[i] - rbar[s][b]); d > 1e-14 {
						t.Errorf("Evaluator R̄2(%d,%d) = %.17g, Eq. 13 %.17g", s, b, e.r2b[i], rbar[s][b])
					}
					if d := math.Abs(e.br.rbar[i] - rbar[s][b]); d > 1e-14 {
						t.Errorf("BestResponse R̄2(%d,%d) = %.17g, Eq. 13 %.17g", s, b, e.br.rbar[i], rbar[s][b])
					}
					for k := range n {
						want := pbar[s][b][k]
						if d := math.Abs(e.p1bar[i*n+k] - want); d > 1e-14 {
							t.Errorf("Evaluator P̄(%d|%d,%d) = %.17g, Eq. 14 %.17g", k, s, b, e.p1bar[i*n+k], want)
						}
						if d := math.Abs(e.br.pbar[i*n+k] - want); d > 1e-14 {
							t.Errorf("BestResponse P̄(%d|%d,%d) = %.17g, Eq. 14 %.17g", k, s, b, e.br.pbar[i*n+k], want)
						}
					}
				}
			}
			j := averagedSoftValue(g, rbar, pbar, th2)
			if d := math.Abs(pt.V2 - j); d > 1e-11*math.Max(1, math.Abs(j)) {
				t.Errorf("V2λ = %.15g, averaged MDP %.15g", pt.V2, j)
			}
			fd := oracleFD(func(x []float64) float64 { return averagedSoftValue(g, rbar, pbar, x) }, th2, 1e-5)
			if r := oracleRelErr(pt.Grad22, fd); r > 1e-7 {
				t.Errorf("∇θ2V2λ against the averaged MDP: relative error %.3g\n got %v\nwant %v", r, pt.Grad22, fd)
			}
		})
	}
}

// TestValuesAreDiscountedSeries checks discounting and the initial
// distribution against the definitions themselves: V1(ρ) = Σ_τ γ^τ
// ρᵀP_π^τ r1 (Eq. 1, 5) and V2λ(ρ) = Σ_τ γ^τ ρᵀP_π^τ (r2 + λH) (Eq. 3-4,
// 6), the series summed until γ^τ·max|r| < 1e-17, to 1e-11 relative; and
// that ρ = e_s gives V̄(s), the per-state values.
func TestValuesAreDiscountedSeries(t *testing.T) {
	for _, c := range oracleCases() {
		t.Run(fmt.Sprintf("seed%d_n%d_%dx%d_g%v", c.seed, c.n, c.m1, c.m2, c.gamma), func(t *testing.T) {
			g := oracleGame(t, c.seed, c.n, c.m1, c.m2, c.gamma, c.lambda, 1)
			rng := rand.New(rand.NewPCG(c.seed, 14))
			th1, th2 := oracleTheta(rng, c.n*c.m1), oracleTheta(rng, c.n*c.m2)
			n, m1, m2 := c.n, c.m1, c.m2
			p1, p2 := oracleSoftmax(th1, n, m1), oracleSoftmax(th2, n, m2)
			r1, r2 := make([]float64, n), make([]float64, n)
			pp := make([][]float64, n)
			for s := range n {
				pp[s] = make([]float64, n)
				for a := range m1 {
					for b := range m2 {
						w := p1[s][a] * p2[s][b]
						r1[s] += w * g.R1[s][a][b]
						r2[s] += w * g.R2[s][a][b]
						for k := range n {
							pp[s][k] += w * g.P[s][a][b][k]
						}
					}
				}
				for b := range m2 {
					r2[s] -= g.Lambda * p2[s][b] * math.Log(p2[s][b]) // Eq. 4
				}
			}
			series := func(dist []float64) (float64, float64) {
				mu := append([]float64(nil), dist...)
				j1, j2, disc := 0.0, 0.0, 1.0
				for disc*(1+g.Lambda*math.Log(float64(m2)))*10 > 1e-17 {
					for s := range n {
						j1 += disc * mu[s] * r1[s]
						j2 += disc * mu[s] * r2[s]
					}
					next := make([]float64, n)
					for s := range n {
						for k := range n {
							next[k] += mu[s] * pp[s][k]
						}
					}
					mu = next
					disc *= g.Gamma
				}
				return j1, j2
			}
			e, err := NewEvaluator(g)
			if err != nil {
				t.Fatal(err)
			}
			pt := e.Eval(th1, th2, OrderValues)
			j1, j2 := series(g.Rho)
			if r := oracleRelErr([]float64{pt.V1, pt.V2}, []float64{j1, j2}); r > 1e-11 {
				t.Errorf("V1, V2λ = %.15g, %.15g; series %.15g, %.15g", pt.V1, pt.V2, j1, j2)
			}
			for s := range n {
				es := make([]float64, n)
				es[s] = 1
				v1, v2 := series(es)
				if r := oracleRelErr([]float64{pt.Values1[s], pt.Values2[s]}, []float64{v1, v2}); r > 1e-11 {
					t.Errorf("V̄1(%d), V̄2λ(%d) = %.15g, %.15g; series from s %.15g, %.15g", s, s, pt.Values1[s], pt.Values2[s], v1, v2)
				}
			}
		})
	}
}

// TestBestResponseImplicitDerivative checks Eq. 17 against the
// best-response map itself: at θ2 = B(θ1), dB/dθ1 = −(∇²θ2V2λ)⁻¹
// ∂(∇θ2V2λ)/∂θ1 (the inverse on the complement of the per-state shifts,
// Remark 2), pushed through the softmax Jacobian dπ = π(dθ − Σπdθ), equals
// the central difference (h = 1e-5) of θ1 ↦ π_B(θ1) computed by the
// Evaluator's soft policy iteration, to 1e-6 relative. λ = 0.05 cases use
// λ = 1, as in TestOracleBestResponseAndHierarchical.
func TestBestResponseImplicitDerivative(t *testing.T) {
	for _, c := range oracleCases() {
		if c.lambda < 0.3 {
			c.lambda = 1
		}
		t.Run(fmt.Sprintf("seed%d_n%d_%dx%d_g%v", c.seed, c.n, c.m1, c.m2, c.gamma), func(t *testing.T) {
			g := oracleGame(t, c.seed, c.n, c.m1, c.m2, c.gamma, c.lambda, 1)
			rng := rand.New(rand.NewPCG(c.seed, 17))
			th1 := oracleTheta(rng, c.n*c.m1)
			n, m1, m2 := c.n, c.m1, c.m2
			k1, k2 := n*m1, n*m2
			e, th2 := evalAtBestResponse(t, g, th1)
			pt := &e.Point
			// Stationarity of B(θ1) (Prop. 2's proof): ∇θ2V2λ = 0.
			if gm := maxAbs(pt.Grad22); gm > 1e-10 {
				t.Errorf("‖∇θ2V2λ(θ1, B(θ1))‖∞ = %.3g > 1e-10", gm)
			}
			// H − N Nᵀ (N the normalised shift directions) inverts H on
			// their complement; Mixed's columns lie in it.
			h := make([][]float64, k2)
			for i := range k2 {
				h[i] = append([]float64(nil), pt.Hess22.RawRowView(i)...)
				for j := range k2 {
					if i/m2 == j/m2 {
						h[i][j] -= 1 / float64(m2)
					}
				}
			}
			pi := Softmax(nil, th2, m2)
			dpi := make([][]float64, k1) // dpi[j] = ∂π_B/∂θ1_j by Eq. 17
			for j := range k1 {
				col := make([]float64, k2)
				for i := range k2 {
					col[i] = -pt.Mixed.At(i, j)
				}
				dth := oracleSolve(h, col) // Eq. 17, column j
				dpi[j] = make([]float64, k2)
				for s := range n {
					mean := 0.0
					for b := range m2 {
						mean += pi[s*m2+b] * dth[s*m2+b]
					}
					for b := range m2 {
						dpi[j][s*m2+b] = pi[s*m2+b] * (dth[s*m2+b] - mean)
					}
				}
			}
			const step = 1e-5
			br := func(x []float64) []float64 {
				p, err := e.BestResponse(x)
				if err != nil {
					t.Fatal(err)
				}
				return append([]float64(nil), p...)
			}
			for j := range k1 {
				x := append([]float64(nil), th1...)
				x[j] += step
				plus := br(x)
				x[j] -= 2 * step
				minus := br(x)
				fd := make([]float64, k2)
				for i := range fd {
					fd[i] = (plus[i] - minus[i]) / (2 * step)
				}
				if r := oracleRelErr(dpi[j], fd); r > 1e-6 {
					t.Errorf("∂π_B/∂θ1[%d]: relative error %.3g\n Eq. 17 %v\n FD     %v", j, r, dpi[j], fd)
				}
			}
		})
	}
}

// TestAscentSenseAndStepCounting checks the sense of Eq. 8-9 (payoffs are
// maximised) and the schedules' counting: a small step along the
// follower's direction raises V2λ by β‖∇θ2V2λ‖² to first order, a small
// step along the leader's Stackelberg direction at B(θ1) raises
// V1(θ1, B(θ1)) by α‖∇V1‖², and simultaneous PG's direction raises V1
// (each within 1e-3 relative of the first-order change); and two updates
// of Run with step lists α = (a1, a2), β = (b1, b2) are exactly
// θ^1 = θ^0 + (a1, b1)·directions(θ^0), θ^2 = θ^1 + (a2, b2)·directions(θ^1):
// k counts from 1 and both players use the gradients of the same iterate.
func TestAscentSenseAndStepCounting(t *testing.T) {
	g := oracleGame(t, 21, 3, 2, 3, 0.9, 0.5, 1)
	rng := rand.New(rand.NewPCG(21, 1))
	th1, th2 := oracleTheta(rng, 6), oracleTheta(rng, 9)
	e, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	const h = 1e-6
	firstOrder := func(name string, f func(x []float64) float64, x, d []float64) {
		t.Helper()
		y := append([]float64(nil), x...)
		for i := range y {
			y[i] += h * d[i]
		}
		rise, want := f(y)-f(x), h*dot(d, d)
		if !(want > 0) || math.Abs(rise-want) > 1e-3*want {
			t.Errorf("%s: a step of %g along the direction changes the objective by %.6g; want +%.6g (ascent)", name, h, rise, want)
		}
	}
	pt := e.Eval(th1, th2, OrderGradients)
	g22 := append([]float64(nil), pt.Grad22...)
	g11 := append([]float64(nil), pt.Grad11...)
	firstOrder("follower, Eq. 9", func(x []float64) float64 { _, v := oracleJ(g, th1, x); return v }, th2, g22)
	firstOrder("leader, simultaneous", func(x []float64) float64 { v, _ := oracleJ(g, x, th2); return v }, th1, g11)
	_, hg, _, err := e.Hierarchical(th1, 0)
	if err != nil {
		t.Fatal(err)
	}
	hg = append([]float64(nil), hg...)
	firstOrder("leader, Eq. 18", func(x []float64) float64 {
		v, _ := oracleJ(g, x, oracleLogits(oracleSoftBR(g, x)))
		return v
	}, th1, hg)

	for _, dyn := range []string{StackelbergPG, SimultaneousPG} {
		a, b := loop.List{0.3, 0.05}, loop.List{1.5, 0.7}
		res, err := Run(context.Background(), g, Config{Dynamics: dyn, LeaderLR: a, FollowerLR: b,
			Theta1: th1, Theta2: th2, Settings: loop.Settings{Iterations: 2}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		x1, x2 := append([]float64(nil), th1...), append([]float64(nil), th2...)
		for k := range 2 {
			var lead, fol []float64
			if dyn == StackelbergPG {
				lead, fol, err = e.StepGradients(x1, x2, 0)
				if err != nil {
					t.Fatal(err)
				}
			} else {
				p := e.Eval(x1, x2, OrderGradients)
				lead, fol = p.Grad11, p.Grad22
			}
			lead, fol = append([]float64(nil), lead...), append([]float64(nil), fol...)
			for i := range x1 {
				x1[i] += a[k] * lead[i]
			}
			for i := range x2 {
				x2[i] += b[k] * fol[i]
			}
		}
		if !slices.Equal(res.Theta1, x1) || !slices.Equal(res.Theta2, x2) {
			t.Errorf("%s: after 2 updates θ1 = %v, θ2 = %v; Eq. 8-9 with α = %v, β = %v from k = 1 give %v, %v", dyn, res.Theta1, res.Theta2, a, b, x1, x2)
		}
		if res.LeaderStep != a[1] || res.FollowerStep != b[1] {
			t.Errorf("%s: last steps %g, %g; want α_2 = %g, β_2 = %g", dyn, res.LeaderStep, res.FollowerStep, a[1], b[1])
		}
	}
}

// TestRandomGameDrawsOnlyFromSeed checks that the random game depends on
// its seed alone: the same seed gives the same P, R1, R2 bit for bit
// whatever γ and λ are and whatever the global math/rand sources did in
// between; another seed gives another game; every row of P is a
// distribution and every reward lies in [0, 1] (Section II: R_i ∈ [0, 1]);
// ρ is uniform. And a Sampler's estimates depend on its seed alone.
func TestRandomGameDrawsOnlyFromSeed(t *testing.T) {
	a, err := RandomGame(3, 2, 4, 9, 0.9, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	_ = rand.Float64() // the global source moves; the game must not
	b, err := RandomGame(3, 2, 4, 9, 0.5, 3)
	if err != nil {
		t.Fatal(err)
	}
	c, err := RandomGame(3, 2, 4, 10, 0.9, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(flatOf(t, a).p, flatOf(t, b).p) || !slices.Equal(flatOf(t, a).r1, flatOf(t, b).r1) || !slices.Equal(flatOf(t, a).r2, flatOf(t, b).r2) {
		t.Errorf("seed 9 with (γ, λ) = (0.9, 0.2) and (0.5, 3) gives different P, R1, R2")
	}
	if slices.Equal(flatOf(t, a).p, flatOf(t, c).p) || slices.Equal(flatOf(t, a).r1, flatOf(t, c).r1) {
		t.Errorf("seeds 9 and 10 give the same game")
	}
	for _, r := range append(append([]float64(nil), flatOf(t, a).r1...), flatOf(t, a).r2...) {
		if r < 0 || r > 1 {
			t.Fatalf("reward %v outside [0, 1]", r)
		}
	}
	for s, r := range a.Rho {
		if r != 1.0/3 {
			t.Errorf("ρ(%d) = %v; want 1/3", s, r)
		}
	}
	th1, th2 := make([]float64, 6), make([]float64, 12)
	est := func(seed uint64) []float64 {
		sp, err := NewSampler(a, seed)
		if err != nil {
			t.Fatal(err)
		}
		pt := sp.Estimate(th1, th2, 16, 10, OrderGradients)
		return append([]float64{pt.V1, pt.V2}, pt.Grad22...)
	}
	x := est(3)
	_ = rand.Float64()
	if y := est(3); !slices.Equal(x, y) {
		t.Errorf("Sampler seed 3 twice: %v, %v", x, y)
	}
	if z := est(4); slices.Equal(x, z) {
		t.Errorf("Sampler seeds 3 and 4 give the same estimate")
	}
}

// flatOf returns the validated flat form of g.
func flatOf(t *testing.T, g *Game) *flatGame {
	t.Helper()
	f, err := g.prepared()
	if err != nil {
		t.Fatal(err)
	}
	return f
}
