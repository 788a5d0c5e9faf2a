package markov

// Independent numerical checks of the exact analysis on edge-shaped games
// (one action for a player, an absorbing state, ρ with zeros, γ = 0,
// λ = 0): values against (I − γP_π)V = r_π solved here, gradients by
// central differences of those values, the follower Hessian and the mixed
// block by central differences of the package's ∇θ2V2λ, Eq. 19 rebuilt from
// those finite differences, and the soft Bellman equation of the averaged
// MDP (Eq. 13-14) at BestResponse.

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

type edgeCase struct {
	name          string
	n, m1, m2     int
	gamma, lambda float64
	absorbing     int       // state made absorbing under every joint action (-1: none)
	rho           []float64 // nil: oracleGame's ρ
}

func edgeCases() []edgeCase {
	return []edgeCase{
		{"follower-one-action", 3, 2, 1, 0.9, 0.3, -1, nil},
		{"leader-one-action", 3, 1, 2, 0.9, 0.3, -1, nil},
		{"both-one-action", 2, 1, 1, 0.8, 0.3, -1, nil},
		{"absorbing", 3, 2, 2, 0.9, 0.3, 2, nil},
		// ρ has zeros but P is dense, so every state stays reachable;
		// "rho-zero-unreachable" has an unreachable state.
		{"absorbing-rho-zeros", 3, 2, 2, 0.9, 0.3, 2, []float64{0, 1, 0}},
		{"rho-zero-unreachable", 3, 2, 2, 0.9, 0.3, -2, []float64{0, 0.4, 0.6}},
		{"gamma-zero", 3, 2, 2, 0, 0.3, -1, nil},
		{"gamma-zero-rho-zeros", 3, 2, 2, 0, 0.3, -1, []float64{0, 1, 0}},
		{"lambda-zero", 3, 2, 2, 0.9, 0, -1, nil},
	}
}

// edgeGame builds the game of c from oracleGame. absorbing = -2 makes
// state 0 unreachable: no transition enters it and ρ(0) = 0.
func edgeGame(t *testing.T, c edgeCase) *Game {
	t.Helper()
	g := oracleGame(t, 11, c.n, c.m1, c.m2, c.gamma, c.lambda, 1)
	for s := range c.n {
		for a := range c.m1 {
			for b := range c.m2 {
				row := g.P[s][a][b]
				switch {
				case c.absorbing >= 0 && s == c.absorbing:
					clear(row)
					row[s] = 1
				case c.absorbing == -2:
					rest := 1 - row[0]
					row[0] = 0
					for k := 1; k < c.n; k++ {
						row[k] /= rest
					}
				}
			}
		}
	}
	if c.rho != nil {
		g.Rho = c.rho
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	return g
}

// edgeReach returns which states are reachable from ρ, computed here.
func edgeReach(g *Game) []bool {
	n, m1, m2 := g.States, g.Actions[0], g.Actions[1]
	r := make([]bool, n)
	for s, p := range g.Rho {
		r[s] = p > 0
	}
	if g.Gamma == 0 {
		return r
	}
	for changed := true; changed; {
		changed = false
		for s := range n {
			if !r[s] {
				continue
			}
			for a := range m1 {
				for b := range m2 {
					for k, p := range g.P[s][a][b] {
						if p > 0 && !r[k] {
							r[k], changed = true, true
						}
					}
				}
			}
		}
	}
	return r
}

// edgeTol compares got with want coordinatewise: |got − want| ≤
// rel·max(1, ‖want‖∞).
func edgeTol(t *testing.T, what string, got, want []float64, rel float64) {
	t.Helper()
	scale := 1.0
	for _, w := range want {
		scale = math.Max(scale, math.Abs(w))
	}
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= rel*scale) {
			t.Errorf("%s[%d] = %.12g, want %.12g (|diff| %.3g > %.0e·%.3g)", what, i, got[i], want[i], d, rel, scale)
		}
	}
}

// TestEdgeGamesValuesGradientsEq19 checks, on each edge game at a random
// (θ1, θ2): V1, V2λ against oracleValues' Gaussian elimination (1e-12
// relative); the four gradients against central differences of them (step
// 1e-6, tolerance 1e-7 relative to max(1, ‖·‖∞)); Hess22 and Mixed
// against central differences of the package's Grad22 (step 1e-6,
// tolerance 1e-6); and HierGrad and StepGradients against
// ∇θ1V1 − (∂∇θ2V2λ/∂θ1)ᵀ H⁻¹ ∇θ2V1 built from those differences
// (tolerance 1e-5), with H inverted on the complement of the per-state
// shifts (H − Σ_s 1·1ᵀ/m2 on reachable states' blocks; −I on the blocks
// of unreachable states, whose rows of ∇θ2V1 and of the mixed block
// vanish). Signs: both players maximise, so the follower's Hessian is
// used as it is (no negation).
func TestEdgeGamesValuesGradientsEq19(t *testing.T) {
	for _, c := range edgeCases() {
		t.Run(c.name, func(t *testing.T) {
			g := edgeGame(t, c)
			n, m1, m2 := c.n, c.m1, c.m2
			N1, N2 := n*m1, n*m2
			rng := rand.New(rand.NewPCG(38, uint64(len(c.name))))
			th1, th2 := oracleTheta(rng, N1), oracleTheta(rng, N2)
			e, err := NewEvaluator(g)
			if err != nil {
				t.Fatal(err)
			}
			pt := e.Eval(th1, th2, OrderHessians)
			j1, j2 := oracleJ(g, th1, th2)
			edgeTol(t, "V", []float64{pt.V1, pt.V2}, []float64{j1, j2}, 1e-12)

			const h = 1e-6
			V1 := func(x1, x2 []float64) float64 { a, _ := oracleJ(g, x1, x2); return a }
			V2 := func(x1, x2 []float64) float64 { _, b := oracleJ(g, x1, x2); return b }
			fd11 := oracleFD(func(x []float64) float64 { return V1(x, th2) }, th1, h)
			fd12 := oracleFD(func(x []float64) float64 { return V1(th1, x) }, th2, h)
			fd21 := oracleFD(func(x []float64) float64 { return V2(x, th2) }, th1, h)
			fd22 := oracleFD(func(x []float64) float64 { return V2(th1, x) }, th2, h)
			edgeTol(t, "Grad11", pt.Grad11, fd11, 1e-7)
			edgeTol(t, "Grad12", pt.Grad12, fd12, 1e-7)
			edgeTol(t, "Grad21", pt.Grad21, fd21, 1e-7)
			edgeTol(t, "Grad22", pt.Grad22, fd22, 1e-7)
			hess := append([]float64(nil), pt.Hess22.RawMatrix().Data...)
			mixed := append([]float64(nil), pt.Mixed.RawMatrix().Data...)

			// Finite differences of the package's ∇θ2V2λ (a second
			// Evaluator, so that e's Point stays intact).
			e2, _ := NewEvaluator(g)
			grad22 := func(x1, x2 []float64) []float64 {
				return append([]float64(nil), e2.Eval(x1, x2, OrderGradients).Grad22...)
			}
			fdH := make([][]float64, N2) // fdH[i][j] = ∂Grad22_i/∂θ2_j
			fdX := make([][]float64, N2) // fdX[i][j] = ∂Grad22_i/∂θ1_j
			for i := range N2 {
				fdH[i] = make([]float64, N2)
				fdX[i] = make([]float64, N1)
			}
			for j := range N2 {
				x := append([]float64(nil), th2...)
				x[j] += h
				p := grad22(th1, x)
				x[j] -= 2 * h
				m := grad22(th1, x)
				for i := range N2 {
					fdH[i][j] = (p[i] - m[i]) / (2 * h)
				}
			}
			for j := range N1 {
				x := append([]float64(nil), th1...)
				x[j] += h
				p := grad22(x, th2)
				x[j] -= 2 * h
				m := grad22(x, th2)
				for i := range N2 {
					fdX[i][j] = (p[i] - m[i]) / (2 * h)
				}
			}
			var flatH, flatX []float64
			for i := range N2 {
				flatH = append(flatH, fdH[i]...)
				flatX = append(flatX, fdX[i]...)
			}
			edgeTol(t, "Hess22", hess, flatH, 1e-6)
			edgeTol(t, "Mixed", mixed, flatX, 1e-6)

			if c.lambda == 0 {
				return // Eq. 19 away from B(θ1) is checked below for λ > 0 only
			}
			reach := edgeReach(g)
			a := make([][]float64, N2)
			for i := range N2 {
				a[i] = append([]float64(nil), fdH[i]...)
				for j := range N2 {
					if i/m2 != j/m2 {
						continue
					}
					if reach[i/m2] {
						a[i][j] -= 1 / float64(m2)
					} else if i == j {
						a[i][j] = -1
					} else {
						a[i][j] = 0
					}
				}
			}
			x := oracleSolve(a, fd12)
			want := append([]float64(nil), fd11...)
			for i := range N2 {
				for j := range N1 {
					want[j] -= fdX[i][j] * x[i]
				}
			}
			got, err := e.HierGrad(0)
			if err != nil {
				t.Fatal(err)
			}
			edgeTol(t, "HierGrad", got, want, 1e-5)
			lead, fol, err := e.StepGradients(th1, th2, 0)
			if err != nil {
				t.Fatal(err)
			}
			edgeTol(t, "StepGradients leader", lead, want, 1e-5)
			edgeTol(t, "StepGradients follower", fol, fd22, 1e-7)
		})
	}
}

// TestEdgeGamesSoftBellman checks BestResponse's fixed point on each
// edge game: with r̄, P̄ of Eq. 13-14 computed here, V solving
// (I − γP̄_π)V = r̄_π + λH(π) (here, by oracleSolve) and
// Q(s,b) = r̄(s,b) + γ Σ P̄(s'|s,b)V(s'), the soft Bellman equation
// V(s) = λ log Σ_b exp(Q(s,b)/λ) and π(b|s) = exp((Q(s,b) − V(s))/λ) hold
// at every state within 1e-10·(1 + max|V|) (values) and 1e-10
// (probabilities). With λ = 0 the policy is deterministic on an action
// that attains max_b Q(s,b) (within 1e-10·(1 + max|V|)).
func TestEdgeGamesSoftBellman(t *testing.T) {
	for _, c := range edgeCases() {
		t.Run(c.name, func(t *testing.T) {
			g := edgeGame(t, c)
			n, m1, m2 := c.n, c.m1, c.m2
			rng := rand.New(rand.NewPCG(83, uint64(len(c.name))))
			th1 := oracleTheta(rng, n*m1)
			e, _ := NewEvaluator(g)
			br, err := e.BestResponse(th1)
			if err != nil {
				t.Fatal(err)
			}
			pi := append([]float64(nil), br...)
			rbar, pbar := oracleAveragedMDP(g, th1)
			lam := g.Lambda
			A := make([][]float64, n)
			r := make([]float64, n)
			for s := range n {
				A[s] = make([]float64, n)
				A[s][s] = 1
				for b := range m2 {
					p := pi[s*m2+b]
					if p < 0 || p > 1 {
						t.Fatalf("π(%d|%d) = %v", b, s, p)
					}
					r[s] += p * rbar[s][b]
					if p > 0 {
						r[s] -= lam * p * math.Log(p)
					}
					for k := range n {
						A[s][k] -= g.Gamma * p * pbar[s][b][k]
					}
				}
			}
			v := oracleSolve(A, r)
			scale := 1.0
			for _, x := range v {
				scale = math.Max(scale, math.Abs(x))
			}
			for s := range n {
				q := make([]float64, m2)
				qmax := math.Inf(-1)
				for b := range m2 {
					q[b] = rbar[s][b]
					for k := range n {
						q[b] += g.Gamma * pbar[s][b][k] * v[k]
					}
					qmax = math.Max(qmax, q[b])
				}
				if lam == 0 {
					for b := range m2 {
						if p := pi[s*m2+b]; p != 0 && p != 1 {
							t.Errorf("state %d: λ = 0 best response π(%d) = %v, want deterministic", s, b, p)
						} else if p == 1 && q[b] < qmax-1e-10*scale {
							t.Errorf("state %d: greedy action %d has Q %.12g < max Q %.12g", s, b, q[b], qmax)
						}
					}
					continue
				}
				z := 0.0
				for b := range m2 {
					z += math.Exp((q[b] - qmax) / lam)
				}
				soft := qmax + lam*math.Log(z)
				if d := math.Abs(soft - v[s]); d > 1e-10*scale {
					t.Errorf("state %d: soft Bellman residual |λ log Σ exp(Q/λ) − V| = %.3g (V = %.12g)", s, d, v[s])
				}
				for b := range m2 {
					want := math.Exp((q[b] - soft) / lam)
					if d := math.Abs(pi[s*m2+b] - want); d > 1e-10 {
						t.Errorf("state %d: π(%d) = %.15g, softmax(Q/λ) = %.15g", s, b, pi[s*m2+b], want)
					}
				}
			}
		})
	}
}

// TestEdgeGamesLambdaZeroRefusals states what λ = 0 refuses: the best
// response's logits (and so Hierarchical) are refused with an error that
// names λ, while BestResponse returns the greedy policy and HierGrad at
// an interior point still works (checked in the test above).
func TestEdgeGamesLambdaZeroRefusals(t *testing.T) {
	g := edgeGame(t, edgeCase{"lambda-zero", 3, 2, 2, 0.9, 0, -1, nil})
	e, _ := NewEvaluator(g)
	th1 := make([]float64, 6)
	if _, err := e.BestResponseTheta(th1); err == nil || !strings.Contains(err.Error(), "lambda > 0") {
		t.Errorf("BestResponseTheta with λ = 0: err = %v, want one naming lambda > 0", err)
	}
	if _, _, _, err := e.Hierarchical(th1, 0.1); err == nil || !strings.Contains(err.Error(), "lambda > 0") {
		t.Errorf("Hierarchical with λ = 0: err = %v, want one naming lambda > 0", err)
	}
	for _, bad := range []float64{-1e-300, math.NaN(), math.Inf(1)} {
		g := edgeGame(t, edgeCase{"lambda-zero", 3, 2, 2, 0.9, 0, -1, nil})
		g.Lambda = bad
		if err := g.Validate(); err == nil || !strings.Contains(err.Error(), "lambda = ") {
			t.Errorf("λ = %v: Validate err = %v, want one naming lambda", bad, err)
		}
	}
}

// TestSampledUnbiasedGammaZero checks the sampled estimator's unbiasedness
// against the exact Eq. 1-6 quantities where the horizon-T objective is
// the infinite-horizon one: γ = 0 (steps τ ≥ 1 weigh γ^τ = 0), with ρ
// having a zero, over a horizon of 3. K = 20 seeded batches of B = 4000
// trajectories: every coordinate's grand mean must lie within 5 standard
// errors (from the spread of the K batch means) plus 1e-12 of the exact
// value; a coordinate whose standard error is 0 must match to 1e-12.
func TestSampledUnbiasedGammaZero(t *testing.T) {
	g := edgeGame(t, edgeCase{"g0", 3, 2, 2, 0, 0.3, -1, []float64{0.3, 0, 0.7}})
	rng := rand.New(rand.NewPCG(38, 38))
	th1, th2 := oracleTheta(rng, 6), oracleTheta(rng, 6)
	e, _ := NewEvaluator(g)
	exact := flatPoint(e.Eval(th1, th2, OrderHessians))
	const k, batch = 20, 4000
	sum, sumsq := map[string][]float64{}, map[string][]float64{}
	for i := range k {
		sp, err := NewSampler(g, uint64(100+i))
		if err != nil {
			t.Fatal(err)
		}
		for q, v := range flatPoint(sp.Estimate(th1, th2, batch, 3, OrderHessians)) {
			if sum[q] == nil {
				sum[q], sumsq[q] = make([]float64, len(v)), make([]float64, len(v))
			}
			for j, x := range v {
				sum[q][j] += x
				sumsq[q][j] += x * x
			}
		}
	}
	for q, w := range exact {
		for j := range w {
			mean := sum[q][j] / k
			se := math.Sqrt(math.Max(0, sumsq[q][j]/k-mean*mean)*k/(k-1)) / math.Sqrt(k)
			if d := math.Abs(mean - w[j]); d > 5*se+1e-12 {
				t.Errorf("%s[%d]: mean %.6g, exact %.6g: |diff| %.3g > 5·SE %.3g", q, j, mean, w[j], d, 5*se)
			}
		}
	}
}
