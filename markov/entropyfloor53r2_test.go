package markov

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fisherExact returns λ d (diag π − ππᵀ) with the diagonal computed as
// λ d π_i Σ_{j≠i} π_j, free of the cancellation of π_i − π_i².
func fisherExact(lambda, d float64, pi []float64) *mat.Dense {
	m := len(pi)
	f := mat.NewDense(m, m, nil)
	for i := range m {
		for j := range m {
			if i != j {
				f.Set(i, j, -lambda*d*pi[i]*pi[j])
				continue
			}
			rest := 0.0
			for k, p := range pi {
				if k != i {
					rest += p
				}
			}
			f.Set(i, i, lambda*d*pi[i]*rest)
		}
	}
	return f
}

// complementBasis returns an orthonormal basis of the complement of the
// per-state shift directions of the active states, from the eigenvectors
// of the projector I − 11ᵀ/m2 of each block (not Helmert's basis).
func complementBasis(n, m2 int, active []int) *mat.Dense {
	p := mat.NewSymDense(m2, nil)
	for i := range m2 {
		for j := i; j < m2; j++ {
			v := -1 / float64(m2)
			if i == j {
				v++
			}
			p.SetSym(i, j, v)
		}
	}
	var es mat.EigenSym
	if !es.Factorize(p, true) {
		panic("eigen")
	}
	var v mat.Dense
	es.VectorsTo(&v)
	vals := es.Values(nil)
	u := mat.NewDense(n*m2, len(active)*(m2-1), nil)
	for k, s := range active {
		c := 0
		for j, ev := range vals {
			if ev < 0.5 {
				continue
			}
			for b := range m2 {
				u.Set(s*m2+b, k*(m2-1)+c, v.At(b, j))
			}
			c++
		}
	}
	return u
}

// symFn returns Q f(Λ) Qᵀ for the eigendecomposition of the symmetric a.
func symFn(a mat.Matrix, f func(float64) float64) *mat.Dense {
	r, _ := a.Dims()
	s := mat.NewSymDense(r, nil)
	for i := range r {
		for j := i; j < r; j++ {
			s.SetSym(i, j, 0.5*(a.At(i, j)+a.At(j, i)))
		}
	}
	var es mat.EigenSym
	if !es.Factorize(s, true) {
		panic("eigen")
	}
	var q mat.Dense
	es.VectorsTo(&q)
	vals := es.Values(nil)
	qd := mat.DenseCopyOf(&q)
	for j, v := range vals {
		fv := f(v)
		for i := range r {
			qd.Set(i, j, qd.At(i, j)*fv)
		}
	}
	var out mat.Dense
	out.Mul(qd, q.T())
	return &out
}

// floorOracle computes H' independently of floorCurvature: on the
// complement U (another orthonormal basis), with S = Mc^{1/2} the
// symmetric square root, H'c = S min(S⁻¹ Hc S⁻¹, −I) S and H' = U H'c Uᵀ
// (the same matrix as the Cholesky form: L = S Q for an orthogonal Q).
func floorOracle(h *mat.Dense, pi2, d []float64, lambda float64, n, m2 int, active []int) (hp, mFull *mat.Dense) {
	mFull = mat.NewDense(n*m2, n*m2, nil)
	for _, s := range active {
		f := fisherExact(lambda, d[s], pi2[s*m2:(s+1)*m2])
		for i := range m2 {
			for j := range m2 {
				mFull.Set(s*m2+i, s*m2+j, f.At(i, j))
			}
		}
	}
	u := complementBasis(n, m2, active)
	var t, hc, mc mat.Dense
	t.Mul(h, u)
	hc.Mul(u.T(), &t)
	t.Reset()
	t.Mul(mFull, u)
	mc.Mul(u.T(), &t)
	sq := symFn(&mc, math.Sqrt)
	isq := symFn(&mc, func(v float64) float64 { return 1 / math.Sqrt(v) })
	var a, b mat.Dense
	a.Mul(isq, &hc)
	b.Mul(&a, isq)
	ac := symFn(&b, func(v float64) float64 { return math.Min(v, -1) })
	var c, hcp, uh mat.Dense
	c.Mul(sq, ac)
	hcp.Mul(&c, sq)
	uh.Mul(u, &hcp)
	hp = mat.NewDense(n*m2, n*m2, nil)
	hp.Mul(&uh, u.T())
	return hp, mFull
}

// TestFloorCurvatureOracle53r2 checks floorCurvature against an
// independent computation (floorOracle) on random symmetric H and random
// π2, d, with and without an inactive state, entry by entry within 1e-9
// of max |H'|, and checks the defining properties on the complement
// (eigenvalues of Uᵀ(−M − H')U ≥ −1e-9·max|M|): H' ⪯ −M; H' = H when H
// ⪯ −M already (H = −M − U G Gᵀ Uᵀ); H' = −M at H = −M (both within
// 1e-9 of max |H|).
func TestFloorCurvatureOracle53r2(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 2))
	const lambda = 0.3
	for _, c := range []struct {
		n, m2    int
		inactive []int
	}{{1, 2, nil}, {2, 3, nil}, {3, 4, []int{1}}, {4, 3, []int{0, 3}}} {
		t.Run(fmt.Sprintf("%dx%d inactive %v", c.n, c.m2, c.inactive), func(t *testing.T) {
			n, m2, N2 := c.n, c.m2, c.n*c.m2
			skip := map[int]bool{}
			for _, s := range c.inactive {
				skip[s] = true
			}
			var active []int
			for s := range n {
				if !skip[s] {
					active = append(active, s)
				}
			}
			pi2 := make([]float64, N2)
			d := make([]float64, n)
			for s := range n {
				d[s] = 0.2 + 3*rng.Float64()
				sum := 0.0
				for b := range m2 {
					pi2[s*m2+b] = 0.05 + rng.Float64()
					sum += pi2[s*m2+b]
				}
				for b := range m2 {
					pi2[s*m2+b] /= sum
				}
			}
			h := mat.NewDense(N2, N2, nil)
			for i := range N2 {
				for j := i; j < N2; j++ {
					v := rng.NormFloat64()
					h.Set(i, j, v)
					h.Set(j, i, v)
				}
			}
			got, ok := floorCurvature(h, pi2, d, lambda, n, m2, c.inactive)
			if !ok {
				t.Fatal("floorCurvature: not ok")
			}
			want, mFull := floorOracle(h, pi2, d, lambda, n, m2, active)
			if df, sc := maxAbsDiff(got, want); df > 1e-9*sc {
				t.Errorf("random H: max |H' − oracle| = %.3g, want ≤ 1e-9·%.3g", df, sc)
			}
			// H' ⪯ −M on the complement.
			u := complementBasis(n, m2, active)
			var gap, t1, gc mat.Dense
			gap.Scale(-1, mFull)
			gap.Sub(&gap, got)
			t1.Mul(&gap, u)
			gc.Mul(u.T(), &t1)
			_, msc := maxAbsDiff(mFull, mFull)
			low := math.Inf(1)
			symFn(&gc, func(v float64) float64 { low = math.Min(low, v); return v })
			if low < -1e-9*msc {
				t.Errorf("min eigenvalue of Uᵀ(−M − H')U = %.3g, want ≥ −1e-9·%.3g", low, msc)
			}
			// H = −M − U G Gᵀ Uᵀ is kept.
			r := len(active) * (m2 - 1)
			gm := mat.NewDense(r, r, nil)
			for i := range r {
				for j := range r {
					gm.Set(i, j, rng.NormFloat64())
				}
			}
			var ggt, ug, below mat.Dense
			ggt.Mul(gm, gm.T())
			ug.Mul(u, &ggt)
			below.Mul(&ug, u.T())
			below.Scale(-1, &below)
			below.Sub(&below, mFull)
			kept, ok := floorCurvature(&below, pi2, d, lambda, n, m2, c.inactive)
			if !ok {
				t.Fatal("floorCurvature: not ok")
			}
			if df, sc := maxAbsDiff(kept, &below); df > 1e-9*sc {
				t.Errorf("H ⪯ −M: moved by %.3g, want ≤ 1e-9·%.3g", df, sc)
			}
			var negM mat.Dense
			negM.Scale(-1, mFull)
			same, ok := floorCurvature(&negM, pi2, d, lambda, n, m2, c.inactive)
			if !ok {
				t.Fatal("floorCurvature: not ok")
			}
			if df, sc := maxAbsDiff(same, &negM); df > 1e-9*sc {
				t.Errorf("H = −M: moved by %.3g, want ≤ 1e-9·%.3g", df, sc)
			}
		})
	}
}

// TestFloorCurvatureNearlyDeterministic53r2: at a state whose follower is
// nearly deterministic (π2 = (1 − 2p, p, p), p = 1e-20 or 1e-13), H = 0
// is floored to −M = −λd(diag π2 − π2π2ᵀ) on that state's block with each
// entry within 1e-6 relative (plus 1e-12·λdp absolute) of the closed form
// λ d π_i(δ_ij − π_j) (the diagonal π_i Σ_{j≠i} π_j). Computed as π_i − π_i², the diagonal lost
// all its digits at p = 1e-20 (π_1 rounds to 1 and its entry to 0): the
// block came out −(1.11, 0.78, 0.78)·1e-21 on the diagonal instead of
// −(2, 1, 1)·1e-21.
func TestFloorCurvatureNearlyDeterministic53r2(t *testing.T) {
	for _, p := range []float64{1e-20, 1e-13} {
		t.Run(fmt.Sprint(p), func(t *testing.T) {
			const lambda, n, m2 = 0.1, 2, 3
			pi2 := []float64{0.2, 0.3, 0.5, 1 - 2*p, p, p}
			d := []float64{1, 1.5}
			hp, ok := floorCurvature(mat.NewDense(n*m2, n*m2, nil), pi2, d, lambda, n, m2, nil)
			if !ok {
				t.Fatal("floorCurvature: not ok")
			}
			want := fisherExact(lambda, d[1], pi2[3:])
			for i := range m2 {
				for j := range m2 {
					w, g := -want.At(i, j), hp.At(3+i, 3+j)
					if tol := 1e-6*math.Abs(w) + 1e-12*lambda*d[1]*p; math.Abs(g-w) > tol {
						t.Errorf("entry (%d,%d) = %.6g, want %.6g ± %.3g", i, j, g, w, tol)
					}
				}
			}
		})
	}
}

// TestFloorCurvatureSaturatedState53r2: on Builtin("random") with θ1 = 0
// and θ2 = 0 except θ2(0, 0) = g (g = 100 and 300: π2(1|0) = 3.7e-44 and
// 5.1e-131), the floor of a sampled estimate (batch 1000, horizon 50,
// seed 1) is formed and matches floorOracle entry by entry in the policy's
// scale, |H' − oracle|/√(d_i π_i d_j π_j) ≤ 1e-8 · max |H'|/√(d_i π_i d_j π_j).
// The Cholesky factor's explicit inverse then has a condition number of
// 1e21 and more, which mat reports as a mat.Condition warning: the floor
// was refused (ok = false) and Sampler.HierGradEntropyFloor used the
// estimate as it is, silently (here at the gaps 100 and 300; 60 was
// floored).
func TestFloorCurvatureSaturatedState53r2(t *testing.T) {
	g, err := Builtin("random", nil)
	if err != nil {
		t.Fatal(err)
	}
	n, m1, m2 := g.States, g.Actions[0], g.Actions[1]
	for _, gap := range []float64{100, 300} {
		t.Run(fmt.Sprint(gap), func(t *testing.T) {
			th1, th2 := make([]float64, n*m1), make([]float64, n*m2)
			th2[0] = gap
			sp, err := NewSampler(g, 1)
			if err != nil {
				t.Fatal(err)
			}
			sp.Estimate(th1, th2, 1000, 50, OrderHessians)
			if len(sp.unseen) != 0 {
				t.Fatalf("unseen states %v, want none", sp.unseen)
			}
			hp, ok := floorCurvature(sp.Hess22, sp.Pi2, sp.visit, g.Lambda, n, m2, nil)
			if !ok {
				t.Fatalf("floorCurvature: not ok at π2(·|0) = %v", sp.Pi2[:m2])
			}
			want, _ := floorOracle(sp.Hess22, sp.Pi2, sp.visit, g.Lambda, n, m2, []int{0, 1})
			var diff, scale float64
			for i := range n * m2 {
				for j := range n * m2 {
					sc := 1 / math.Sqrt(sp.visit[i/m2]*sp.Pi2[i]) / math.Sqrt(sp.visit[j/m2]*sp.Pi2[j])
					diff = max(diff, math.Abs(hp.At(i, j)-want.At(i, j))*sc)
					scale = max(scale, math.Abs(hp.At(i, j))*sc)
				}
			}
			if !(diff <= 1e-8*scale) {
				t.Errorf("policy-scaled max |H' − oracle| = %.3g, want ≤ 1e-8·%.3g", diff, scale)
			}
		})
	}
}
