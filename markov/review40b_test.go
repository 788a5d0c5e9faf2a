package markov

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// scaledGame2 is builtin name (with params) whose R1, R2 and λ are
// multiplied by 2^e, exactly.
func scaledGame2(t *testing.T, name string, params map[string]float64, e int) *Game {
	t.Helper()
	return scaledGame2Split(t, name, params, e, e)
}

// scaledGame2Split is builtin name (with params) whose R1 is multiplied by
// 2^e1, and R2 and λ by 2^e2, exactly (2^e1 and 2^e2 are float64s for
// e ≤ 1023).
func scaledGame2Split(t *testing.T, name string, params map[string]float64, e1, e2 int) *Game {
	t.Helper()
	g, err := Builtin(name, params)
	if err != nil {
		t.Fatal(err)
	}
	return scaleGame(t, g, math.Ldexp(1, e1), math.Ldexp(1, e2), math.Ldexp(1, e2))
}

// The sampled estimates summed the batch's terms before dividing by the
// batch size, so on epidemic with R1, R2, λ ×2^1013 (max|R| = 1.5e305),
// batch 256 and horizon 50, V1 was −Inf (the sum of 256 returns of up to
// 1.5e306) though the mean is −7.7e305. Every sampled quantity of the
// leader is linear in R1, every one of the follower's in (R2, λ), and the
// scaling is by a power of two, so the estimates of the scaled game must
// be those of the game itself times 2^1013, bit for bit, at every order,
// and for the next estimate too (the random source where it would be after
// one pass); likewise with only the leader's rewards scaled (its sums are
// summed again, the follower's kept) or only the follower's.
func TestSampledOverflowRescaled(t *testing.T) {
	g0, err := Builtin("epidemic", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range [][2]int{{1013, 1013}, {1013, 0}, {0, 1013}} {
		testRescaled(t, g0, scaledGame2Split(t, "epidemic", nil, e[0], e[1]), e[0], e[1])
	}
}

// testRescaled checks that the sampled estimates of g, which is g0 with
// R1 ×2^e1 and R2, λ ×2^e2, are g0's times those powers, bit for bit.
func testRescaled(t *testing.T, g0, g *Game, e1, e2 int) {
	t.Helper()
	n, m1, m2 := g.Dims()
	th1, th2 := make([]float64, n*m1), make([]float64, n*m2)
	for i := range th1 {
		th1[i] = 0.1 * float64(i%3)
	}
	for i := range th2 {
		th2[i] = -0.2 * float64(i%2)
	}
	for _, order := range []Order{OrderValues, OrderGradients, OrderHessians} {
		sp0, _ := NewSampler(g0, 7)
		sp, _ := NewSampler(g, 7)
		for rep := range 2 {
			a := sp0.Estimate(th1, th2, 256, 50, order)
			b := sp.Estimate(th1, th2, 256, 50, order)
			if rep == 0 && order == OrderValues && !(math.Abs(b.V1) > 1e305 || math.Abs(b.V2) > 1e305) {
				t.Fatalf("V1 = %g, V2λ = %g: the reproducer no longer has a mean near float64's limit", b.V1, b.V2)
			}
			check := func(what string, e int, x, y []float64) {
				for i := range x {
					if w := math.Ldexp(x[i], e); y[i] != w {
						t.Errorf("2^(%d, %d), order %d, estimate %d: %s[%d] = %v, want %v (×2^%d of the unscaled game's)", e1, e2, order, rep, what, i, y[i], w, e)
						return
					}
				}
			}
			check("V1", e1, []float64{a.V1}, []float64{b.V1})
			check("V2", e2, []float64{a.V2}, []float64{b.V2})
			check("Grad11", e1, a.Grad11, b.Grad11)
			check("Grad12", e1, a.Grad12, b.Grad12)
			check("Grad21", e2, a.Grad21, b.Grad21)
			check("Grad22", e2, a.Grad22, b.Grad22)
			check("Hess22", e2, a.Hess22.RawMatrix().Data, b.Hess22.RawMatrix().Data)
			check("Mixed", e2, a.Mixed.RawMatrix().Data, b.Mixed.RawMatrix().Data)
		}
	}
}

// With V1 and V2λ within float64's range but gradients' or Hessians'
// batch means beyond it (epidemic, γ = 0.999, R1, R2, λ ×2^1014 or
// ×2^1013, batch 4, horizon 1000: |V1| < 1e308, entries of ∇θ2V2λ, ∇θ1V1
// or the Hessian +Inf even summed with scaled terms), the error said only
// "∇θ2 V2λ: non-finite value (NaN or Inf)" (likewise the Hessian; the
// leader's gradient under simultaneous PG was left to Run's bare "leader
// gradient (Eq. 19)"). It must say which batch mean is beyond float64,
// with the batch, the horizon, max|R| and λ.
func TestSampledGradientOverflowExplained(t *testing.T) {
	for _, c := range []struct {
		e        int
		seed     uint64
		stack    bool
		quantity string
		want     string
	}{
		{1014, 0, true, "∇θ2 V2λ", "the mean of the batch's 4 sampled score-function gradients Σ_τ (c_τ g_τ + ∇c_τ) (horizon 1000; max|R2| = 2.26e+305, each return at most 1.43e+308, entries of the cumulative scores g_τ, h_τ up to 1000) is beyond float64's range (c_τ = γ^τ (R2 − λ log π2), λ = 3.51e+304)"},
		{1013, 5, false, "leader gradient ∇θ1 V1 (simultaneous PG, Eq. 8)", "the mean of the batch's 4 sampled score-function gradients Σ_τ γ^τ R1 g_τ (horizon 1000; max|R1| = 1.23e+305, each return at most 7.77e+307, entries of the cumulative scores g_τ, h_τ up to 1000) is beyond float64's range"},
		{1013, 5, true, "follower Hessian ∇²θ2 V2λ", "the mean of the batch's 4 sampled score-function Hessians Σ_τ (c_τ (g_τ g_τᵀ + h_τ) + ∇c_τ g_τᵀ + g_τ ∇c_τᵀ + ∇²c_τ) (horizon 1000; max|R2| = 1.13e+305, each return at most 7.16e+307, entries of the cumulative scores g_τ, h_τ up to 1000) is beyond float64's range (c_τ = γ^τ (R2 − λ log π2), λ = 1.76e+304)"},
	} {
		g := scaledGame2(t, "epidemic", map[string]float64{"gamma": 0.999}, c.e)
		n, m1, m2 := g.Dims()
		th1, th2 := make([]float64, n*m1), make([]float64, n*m2)
		f, _ := lookupEstimator(Sampled)
		est, err := f(g, Config{Batch: 4, Horizon: 1000, Seed: c.seed})
		if err != nil {
			t.Fatal(err)
		}
		pt, _, err := est.Estimate(th1, th2, c.stack)
		var re *RunError
		want := "markov: iteration 0: " + c.quantity + ": " + c.want + ": non-finite value (NaN or Inf)"
		if !errors.As(err, &re) || re.Quantity != c.quantity || err.Error() != want {
			t.Errorf("×2^%d, seed %d, stackelberg %v: err = %v\nwant %s", c.e, c.seed, c.stack, err, want)
		}
		if pt == nil || !finite(pt.V1) || !finite(pt.V2) || !(math.Abs(pt.V1) > 4e307) {
			t.Errorf("×2^%d, seed %d: want V1, V2λ finite, |V1| > 4e307 (the reproducer near float64's limit)", c.e, c.seed)
		}
	}
}

// drawPolicy fell through to the last action when the probabilities' sum
// rounded below the uniform draw u, even when that action had probability
// 0 (its log π2 = −Inf made V2λ NaN). Over (0.5, 0.25, 0), whose sum is
// below 1 so that a quarter of the draws fall through, index 0 takes
// u < 0.5, index 1 takes 0.5 ≤ u < 0.75 and now also the fall-through, so
// about half the draws (±0.05 over 4000), and index 2 none (the old code
// gave it a quarter). (draw, over a cumulative row, cannot fall through:
// Float64() < 1 times the row's total rounds below the total.)
func TestDrawNeverPicksZeroProbability(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var counts [3]int
	const n = 4000
	for range n {
		counts[drawPolicy(rng, []float64{0.5, 0.25, 0})]++
	}
	if counts[2] != 0 || math.Abs(float64(counts[1])/n-0.5) > 0.05 {
		t.Errorf("drawPolicy over (0.5, 0.25, 0): counts %v; want none of index 2 and about half of index 1 (±0.05)", counts)
	}
}
