package learn

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestTimescaleRatioDSE50 checks the two-timescale claim of Section 3 of
// Fiez et al. on a DSE that is no DNE. The costs
//
//	f1 = −½x² + xy + 2y²,  f2 = ½y² + xy
//
// give Df1 = D1 f1 − D21 f2 (D2² f2)⁻¹ D2 f1 = (−x + y) − (x + 4y)
// = −2x − 3y, so ω_S = (−2x − 3y, x + y) and J_S = [[−2, −3], [1, 1]]:
// D² f1(x, r(x)) = −2 + 3 = 1 > 0 and D2² f2 = 1 > 0 (a DSE at 0), while
// D1² f1 = −1 (no DNE) and J = [[−1, 1], [1, 1]] has eigenvalues ±√2
// (gradient play is repelled). J_S itself (τ = 1) has eigenvalues
// −½ ± i√3/2: not stable. The limit of Eq. 6–7 with γ1 = τγ2 is
// ż = −diag(τ, 1)J_S z, whose matrix has trace 1 − 2τ and determinant τ:
// stable exactly for τ < ½. Analyze gives the classification and J_S's
// spectrum to 1e-12; 20 000 steps of the noiseless Stackelberg dynamic
// (exact solver, γ2 = 0.01) from (1, 1) end within 1e-6 of the DSE at
// τ = 0.4 (the map's spectral radius is |1 − 0.01(0.1 ± 0.6245i)| ≈
// 0.99902) and beyond 10³ at τ = 0.6 (≈ 1.00098), and SGA with the same
// steps at τ = 0.4 beyond 10³.
func TestTimescaleRatioDSE50(t *testing.T) {
	one := func(v float64) ad.Tensor { return ad.NewTensor(1, 1, []float64{v}) }
	g, err := game.NewQuadratic(game.QuadraticParams{A: one(-1), B: one(1), C: one(4), D: one(1), E: one(1)})
	if err != nil {
		t.Fatal(err)
	}
	p, err := equilib.Analyze(g, []float64{0}, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]float64{{-0.5, -math.Sqrt(3) / 2}, {-0.5, math.Sqrt(3) / 2}}
	if !p.DSE || p.DNE || p.StableSGA || p.StableStackelberg || len(p.EigJS) != 2 {
		t.Fatalf("Analyze at 0: DSE %v DNE %v stable SGA %v stable Stackelberg %v eig J_S %v; want a DSE only", p.DSE, p.DNE, p.StableSGA, p.StableStackelberg, p.EigJS)
	}
	for i, e := range p.EigJS {
		if !(math.Abs(e[0]-want[i][0]) <= 1e-12) || !(math.Abs(e[1]-want[i][1]) <= 1e-12) {
			t.Errorf("eig J_S = %v, want %v to 1e-12", p.EigJS, want)
		}
	}
	const gamma2, steps = 0.01, 20000
	run := func(d Dynamics) float64 {
		x, y := []float64{1}, []float64{1}
		for k := 1; k <= steps; k++ {
			if _, err := d.Step(context.Background(), k, x, y, nil); err != nil {
				t.Fatal(err)
			}
		}
		return math.Hypot(x[0], y[0])
	}
	for _, c := range []struct {
		tau      float64
		converge bool
	}{{0.4, true}, {0.6, false}} {
		st := mustStackelberg(t, g, StackelbergConfig{LeaderLR: loop.Constant(c.tau * gamma2), FollowerLR: loop.Constant(gamma2)})
		n := run(st)
		if c.converge && !(n < 1e-6) || !c.converge && !(n > 1e3) {
			t.Errorf("τ = %g: ‖(x, y)‖ = %g after %d steps; want %s", c.tau, n, steps, map[bool]string{true: "< 1e-6", false: "> 1e3"}[c.converge])
		}
	}
	sga, err := NewSGA(g, Rates{Leader: loop.Constant(0.4 * gamma2), Follower: loop.Constant(gamma2)})
	if err != nil {
		t.Fatal(err)
	}
	if n := run(sga); !(n > 1e3) {
		t.Errorf("SGA, τ = 0.4: ‖(x, y)‖ = %g after %d steps; want > 1e3 (J has the eigenvalue −√2)", n, steps)
	}
}
