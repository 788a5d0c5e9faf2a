package markov

import (
	"math"
	"math/rand/v2"
	"testing"
)

// softVI solves the follower's soft Bellman equation of the averaged MDP
// (Eq. 13-14) by value iteration, independently of BestResponse: it reads
// the nested spec slices P, R2 directly,
//
//	Q(s,b) = Σ_a π1(a|s) [R2(s,a,b) + γ Σ_t P(t|s,a,b) V(t)],
//	V(s)   = λ log Σ_b exp(Q(s,b)/λ)   (max_b Q(s,b) when λ = 0),
//
// until ‖V_{k+1} − V_k‖∞ < tol, and returns π2 = softmax(Q/λ) (greedy when
// λ = 0) and log π2 (λ > 0).
func softVI(g *Game, th1 []float64, tol float64) (pi, logpi []float64) {
	n, m1, m2 := g.States, g.Actions[0], g.Actions[1]
	pi1 := Softmax(nil, th1, m1)
	v := make([]float64, n)
	q := make([]float64, n*m2)
	for it := 0; it < 100000; it++ {
		for s := range n {
			for b := range m2 {
				x := 0.0
				for a := range m1 {
					ev := 0.0
					for t := range n {
						ev += g.P[s][a][b][t] * v[t]
					}
					x += pi1[s*m1+a] * (g.R2[s][a][b] + g.Gamma*ev)
				}
				q[s*m2+b] = x
			}
		}
		diff := 0.0
		for s := range n {
			row := q[s*m2 : (s+1)*m2]
			mx := math.Inf(-1)
			for _, x := range row {
				mx = math.Max(mx, x)
			}
			nv := mx
			if g.Lambda > 0 {
				sum := 0.0
				for _, x := range row {
					sum += math.Exp((x - mx) / g.Lambda)
				}
				nv = mx + g.Lambda*math.Log(sum)
			}
			diff = math.Max(diff, math.Abs(nv-v[s]))
			v[s] = nv
		}
		if diff < tol {
			break
		}
	}
	pi = make([]float64, n*m2)
	logpi = make([]float64, n*m2)
	for s := range n {
		for b := range m2 {
			if g.Lambda > 0 {
				logpi[s*m2+b] = (q[s*m2+b] - v[s]) / g.Lambda
				pi[s*m2+b] = math.Exp(logpi[s*m2+b])
			}
		}
		if g.Lambda == 0 {
			best := 0
			for b := range m2 {
				if q[s*m2+b] > q[s*m2+best] {
					best = b
				}
			}
			pi[s*m2+best] = 1
		}
	}
	return pi, logpi
}

// TestBestResponseAgainstSoftValueIteration: on random 3-state games with
// 2 leader and 3 follower actions (γ = 0.9, λ from 0 and 1e-9 to 3), BestResponse (soft policy iteration)
// and BestResponseTheta agree with soft value iteration run to 1e-14:
// ‖π2 − π2_VI‖∞ ≤ 1e-10 and ‖θ2 − log π2_VI‖∞ ≤ 1e-9/λ (the logits
// carry the values' error divided by λ); with λ = 0 the greedy policies
// are equal. The leader's hierarchical gradient (Eq. 18, which uses the
// derivative of B, Eq. 17) agrees with central differences of
// Φ(θ1) = V1(θ1, B(θ1)) (h = 1e-5) to 1e-6 relative to max(1, ‖∇Φ‖∞),
// for λ ≥ 0.05 (with λ = 1e-3 B(θ1) is saturated in float64).
func TestBestResponseAgainstSoftValueIteration(t *testing.T) {
	for _, lambda := range []float64{0, 1e-9, 1e-6, 1e-3, 0.05, 0.5, 3} {
		for seed := uint64(1); seed <= 4; seed++ {
			g, err := RandomGame(3, 2, 3, seed, 0.9, lambda)
			if err != nil {
				t.Fatal(err)
			}
			e, _ := NewEvaluator(g)
			rng := rand.New(rand.NewPCG(seed, 7))
			th1 := randTheta(rng, 6, 2)
			want, wantLog := softVI(g, th1, 1e-14)
			got, err := e.BestResponse(th1)
			if err != nil {
				t.Fatalf("λ=%g seed %d: %v", lambda, seed, err)
			}
			for i := range got {
				if math.Abs(got[i]-want[i]) > 1e-10 {
					t.Errorf("λ=%g seed %d: π2[%d] = %.15g, value iteration %.15g", lambda, seed, i, got[i], want[i])
				}
			}
			if lambda == 0 {
				continue
			}
			th2, err := e.BestResponseTheta(th1)
			if err != nil {
				t.Fatal(err)
			}
			for i := range th2 {
				if math.Abs(th2[i]-wantLog[i]) > 1e-9/lambda {
					t.Errorf("λ=%g seed %d: θ2[%d] = %.15g, log π2 by value iteration %.15g", lambda, seed, i, th2[i], wantLog[i])
				}
			}
			if lambda < 0.05 {
				continue // B(θ1) saturates in float64: no Eq. 17 (hier.go's saturation error)
			}
			_, grad, _, err := e.Hierarchical(th1, 0)
			if err != nil {
				t.Fatalf("λ=%g seed %d: %v", lambda, seed, err)
			}
			grad = append([]float64(nil), grad...)
			phi := func(x []float64) float64 {
				f, _ := NewEvaluator(g)
				b, err := f.BestResponseTheta(x)
				if err != nil {
					t.Fatal(err)
				}
				return f.Eval(x, b, OrderValues).V1
			}
			const h = 1e-5
			scale := math.Max(1, maxAbs(grad))
			for i := range th1 {
				xp := append([]float64(nil), th1...)
				xm := append([]float64(nil), th1...)
				xp[i] += h
				xm[i] -= h
				fd := (phi(xp) - phi(xm)) / (2 * h)
				if math.Abs(fd-grad[i]) > 1e-6*scale {
					t.Errorf("λ=%g seed %d: ∇Φ[%d] = %.10g, central difference %.10g", lambda, seed, i, grad[i], fd)
				}
			}
		}
	}
}
