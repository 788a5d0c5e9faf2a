package learn

import (
	"context"
	"fmt"
	"math"
	"math/cmplx"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestSymplecticOneStepQuadratic checks one step of kind symplectic, built
// through its registry entry as a config builds it, against the update
// written out by hand with gonum on review48Quad (to 1e-12), for the cost
// game and its negation declared as payoffs. With H = [[A, B], [E, D]]
// (the Jacobian of ξ = (D1 f1, D2 f2)), ∇H = Hᵀξ and Aᵀξ = (Hᵀξ − Hξ)/2:
//
//	align:    λ = sign(⟨ξ, ∇H⟩⟨Aᵀξ, ∇H⟩/4 + 0.1)·λ0   (d = 4)
//	no align: λ = λ0
//	(x', y') = (x, y) − Γ(ξ + λAᵀξ),  Γ = diag(γ1 I, γ2 I)
//
// at two points: one where the alignment keeps λ > 0 (the product is
// 14.4) and one where it flips it (−259.6), with λ0 absent (1), 0.7 and 0.
func TestSymplecticOneStepQuadratic(t *testing.T) {
	const g1, g2 = 0.07, 0.13
	q := review48Quad
	H := mat.NewDense(4, 4, nil)
	H.Slice(0, 2, 0, 2).(*mat.Dense).Copy(q.A)
	H.Slice(0, 2, 2, 4).(*mat.Dense).Copy(q.B)
	H.Slice(2, 4, 0, 2).(*mat.Dense).Copy(q.E)
	H.Slice(2, 4, 2, 4).(*mat.Dense).Copy(q.D)
	lam0 := 0.7
	yes, no := true, false
	base := review48Game(t)
	for _, pt := range []struct {
		z        []float64
		wantSign float64 // the sign alignment gives λ
	}{
		{[]float64{0.4, -1.2, 0.9, 0.35}, 1},
		{[]float64{2, -1.3, -1.7, -1.9}, -1},
	} {
		x0, y0 := mat.NewVecDense(2, pt.z[:2]), mat.NewVecDense(2, pt.z[2:])
		d1f1, _, d2f2 := review48Fields(x0, y0)
		xi := mat.NewVecDense(4, append(append([]float64(nil), d1f1.RawVector().Data...), d2f2.RawVector().Data...))
		var ht, hx, at mat.VecDense
		ht.MulVec(H.T(), xi)
		hx.MulVec(H, xi)
		at.SubVec(&ht, &hx)
		at.ScaleVec(0.5, &at)
		p := mat.Dot(xi, &ht)*mat.Dot(&at, &ht)/4 + 0.1
		if math.Copysign(1, p) != pt.wantSign {
			t.Fatalf("at %v the alignment product is %g: the case does not test sign %g", pt.z, p, pt.wantSign)
		}
		want := func(lambda float64) []float64 {
			var u mat.VecDense
			u.AddScaledVec(xi, lambda, &at)
			out := make([]float64, 4)
			for i := range out {
				g := g1
				if i >= 2 {
					g = g2
				}
				out[i] = pt.z[i] - g*u.AtVec(i)
			}
			return out
		}
		for _, c := range []struct {
			name   string
			params *SymplecticParams
			want   []float64
		}{
			{"defaults (λ0 = 1, align)", nil, want(pt.wantSign)},
			{"λ0 = 0.7, align", &SymplecticParams{Lambda: &lam0}, want(pt.wantSign * lam0)},
			{"λ0 = 0.7, align: true", &SymplecticParams{Lambda: &lam0, Align: &yes}, want(pt.wantSign * lam0)},
			{"λ0 = 0.7, align: false", &SymplecticParams{Lambda: &lam0, Align: &no}, want(lam0)},
			{"align: false (λ0 = 1)", &SymplecticParams{Align: &no}, want(1)},
			{"λ0 = 0 is sga", &SymplecticParams{Lambda: new(float64)}, want(0)},
		} {
			for _, g := range []game.Game{base, review48Payoff{base}} {
				k, ok := LookupKind("symplectic")
				if !ok {
					t.Fatal("kind symplectic not registered")
				}
				d, err := k.New(g, Rates{Leader: loop.Constant(g1), Follower: loop.Constant(g2)}, c.params)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				x := append([]float64(nil), pt.z[:2]...)
				y := append([]float64(nil), pt.z[2:]...)
				if _, err := d.Step(context.Background(), 1, x, y, nil); err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				got := append(x, y...)
				for i := range got {
					if math.Abs(got[i]-c.want[i]) > 1e-12 {
						t.Errorf("%s (%s) at %v: step to %v, want %v", c.name, g.Name(), pt.z, got, c.want)
						break
					}
				}
			}
		}
	}
}

// TestSymplecticBilinearSpectralRadius: on f1 = x·y = −f2 (costs)
// ξ = (y, −x) = Jz with J = [[0, 1], [−1, 0]] = A (S = 0), AᵀJ = I, so with
// λ fixed ξ_λ = (I + λAᵀ)ξ = (J + λI)z and the step is
//
//	z' = (I − Γ(J + λI))z = [[1 − γ1λ, −γ1], [γ2, 1 − γ2λ]]z,
//
// whose eigenvalues solve μ² − (2 − λ(γ1 + γ2))μ + (1 − γ1λ)(1 − γ2λ) + γ1γ2 = 0:
// at γ1 = γ2 = h, μ = 1 − hλ ± ih and ρ = √((1 − hλ)² + h²). Alignment
// keeps λ = λ0 everywhere (⟨ξ, ∇H⟩ = ξᵀSξ = 0, so the sign is that of
// ε), so aligned and not the step is linear. M is read off the steps from
// the unit vectors and its spectral radius compared with the closed form
// (to 1e-12): h = 0.1, λ0 = 1 gives √0.82 (converges), λ0 = 0 √1.01 (SGA
// spirals out); γ1 = 0.3, γ2 = 0.05, λ0 = 1 real eigenvalues 0.85, 0.8.
// Then 100 steps from (1, 1): M is normal at equal rates, so
// ‖z_100‖ = ρ¹⁰⁰√2 exactly: 0.82⁵⁰√2 ≈ 7.0e-5 for SGA-adjusted play against
// 1.01⁵⁰√2 ≈ 2.33 for simultaneous play (kind sga), to 1e-10 relative.
func TestSymplecticBilinearSpectralRadius(t *testing.T) {
	closed := func(g1, g2, l float64) float64 {
		tr := 2 - l*(g1+g2)
		det := (1-g1*l)*(1-g2*l) + g1*g2
		disc := complex(tr*tr-4*det, 0)
		r1 := (complex(tr, 0) + cmplx.Sqrt(disc)) / 2
		r2 := (complex(tr, 0) - cmplx.Sqrt(disc)) / 2
		return math.Max(cmplx.Abs(r1), cmplx.Abs(r2))
	}
	if r := closed(0.1, 0.1, 1); math.Abs(r-math.Sqrt(0.82)) > 1e-15 {
		t.Fatalf("closed form at h = 0.1, λ = 1: %v, want √0.82", r)
	}
	if r := closed(0.3, 0.05, 1); math.Abs(r-0.85) > 1e-15 {
		t.Fatalf("closed form at γ = (0.3, 0.05), λ = 1: %v, want 0.85", r)
	}
	g := bilinear{1}
	for _, c := range []struct {
		lambda float64
		align  bool
		g1, g2 float64
	}{
		{1, true, 0.1, 0.1}, {1, false, 0.1, 0.1}, {0.5, true, 0.1, 0.1}, {0, true, 0.1, 0.1},
		{1, true, 0.3, 0.05}, {3, false, 0.3, 0.05},
	} {
		d, err := NewSymplectic(g, Rates{Leader: loop.Constant(c.g1), Follower: loop.Constant(c.g2)}, c.lambda, c.align)
		if err != nil {
			t.Fatal(err)
		}
		M := mat.NewDense(2, 2, nil)
		for j := 0; j < 2; j++ {
			z := []float64{0, 0}
			z[j] = 1
			if _, err := d.Step(context.Background(), j+1, z[:1], z[1:], nil); err != nil {
				t.Fatal(err)
			}
			M.Set(0, j, z[0])
			M.Set(1, j, z[1])
		}
		var eig mat.Eigen
		if !eig.Factorize(M, mat.EigenNone) {
			t.Fatalf("eigen decomposition of %v failed", mat.Formatted(M))
		}
		rho := 0.0
		for _, v := range eig.Values(nil) {
			rho = math.Max(rho, cmplx.Abs(v))
		}
		if want := closed(c.g1, c.g2, c.lambda); math.Abs(rho-want) > 1e-12 {
			t.Errorf("λ0 = %g, align %v, γ = (%g, %g): spectral radius %.15g of M = %v, want %.15g",
				c.lambda, c.align, c.g1, c.g2, rho, mat.Formatted(M, mat.Squeeze()), want)
		}
	}
	r := Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.1)}
	sym, err := NewSymplectic(g, r, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	sga, err := NewSGA(g, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		d    Dynamics
		rho2 float64 // ρ²
	}{{"symplectic", sym, 0.82}, {"sga", sga, 1.01}} {
		z := []float64{1, 1}
		for k := 1; k <= 100; k++ {
			if _, err := c.d.Step(context.Background(), k, z[:1], z[1:], nil); err != nil {
				t.Fatal(err)
			}
		}
		want := math.Pow(c.rho2, 50) * math.Sqrt2
		if n := math.Hypot(z[0], z[1]); math.Abs(n-want) > 1e-10*want {
			t.Errorf("%s: ‖z_100‖ = %.15g, want ρ¹⁰⁰√2 = %.15g", c.name, n, want)
		}
	}
}

// potHam is the potential-plus-Hamiltonian game with costs
// f1 = −κx²/2 − xy, f2 = −κy²/2 + xy: ξ = (−κx − y, x − κy),
// H = [[−κ, −1], [1, −κ]], S = −κI (the origin is a maximum of the
// potential −κ(x² + y²)/2: an unstable fixed point), A = [[0, −1], [1, 0]].
type potHam struct{ kappa float64 }

func (potHam) Name() string                        { return "potential-hamiltonian" }
func (potHam) Dims() (int, int)                    { return 1, 1 }
func (potHam) Sense() game.Sense                   { return game.Cost }
func (potHam) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (g potHam) F1(x, y *ad.Node) *ad.Node {
	return ad.Sub(ad.Scale(ad.Square(x), -g.kappa/2), ad.Mul(x, y))
}
func (g potHam) F2(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Scale(ad.Square(y), -g.kappa/2), ad.Mul(x, y))
}

// TestSymplecticAlignmentFlipsSign: on potHam with κ = 1, ∇H = Hᵀξ =
// (1 + κ²)z, ⟨ξ, ∇H⟩ = −κ(1 + κ²)‖z‖² < 0 (near the maximum) and
// ⟨Aᵀξ, ∇H⟩ = (1 + κ²)‖z‖², so Algorithm 1's
// sign(⟨ξ, ∇H⟩⟨Aᵀξ, ∇H⟩/2 + 0.1) = sign(0.1 − 2‖z‖⁴) at κ = 1: λ < 0
// where ‖z‖⁴ > 0.05, and ε keeps λ > 0 closer in. With λ = −1,
// ξ_λ = ξ − Aᵀξ = −2z, a step straight away from the maximum
// (z' = (1 + 2h)z); with λ = +1, ξ + Aᵀξ = (−2y, 2x), a rotation. At
// h = 0.1 (to 1e-12):
//
//	z = (0.5, 0.5), aligned:   ‖z‖⁴ = 0.25, λ = −1, z' = (0.6, 0.6)
//	z = (0.5, 0.5), align off: λ = +1,           z' = (0.6, 0.4)
//	z = (0.3, 0.3), aligned:   ‖z‖⁴ = 0.0324, λ = +1, z' = (0.36, 0.24)
func TestSymplecticAlignmentFlipsSign(t *testing.T) {
	r := Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.1)}
	for _, c := range []struct {
		name  string
		align bool
		z     [2]float64
		want  [2]float64
	}{
		{"near the maximum, ‖z‖⁴ > 0.05: λ = −1", true, [2]float64{0.5, 0.5}, [2]float64{0.6, 0.6}},
		{"without alignment: λ = +1", false, [2]float64{0.5, 0.5}, [2]float64{0.6, 0.4}},
		{"within ‖z‖⁴ < 0.05, ε wins: λ = +1", true, [2]float64{0.3, 0.3}, [2]float64{0.36, 0.24}},
	} {
		d, err := NewSymplectic(potHam{1}, r, 1, c.align)
		if err != nil {
			t.Fatal(err)
		}
		x, y := []float64{c.z[0]}, []float64{c.z[1]}
		if _, err := d.Step(context.Background(), 1, x, y, nil); err != nil {
			t.Fatal(err)
		}
		if math.Abs(x[0]-c.want[0]) > 1e-12 || math.Abs(y[0]-c.want[1]) > 1e-12 {
			t.Errorf("%s: step to (%v, %v), want %v", c.name, x[0], y[0], c.want)
		}
	}
}

// TestSymplecticParams: lambda must be a finite number ≥ 0, through the
// registry (as a Go caller or the config layer builds the kind: the
// error names the kind and the key) and through NewSymplectic; an absent
// key is λ0 = 1 (TestSymplecticOneStepQuadratic checks the step).
func TestSymplecticParams(t *testing.T) {
	k, _ := LookupKind("symplectic")
	r := Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.1)}
	for _, l := range []float64{-1, math.NaN(), math.Inf(1)} {
		p := &SymplecticParams{Lambda: &l}
		want := fmt.Sprintf("lambda: %g is not a finite non-negative number", l)
		if err := p.Validate(); err == nil || err.Error() != want {
			t.Errorf("Validate lambda = %g: %v, want %q", l, err, want)
		}
		if _, err := k.New(bilinear{1}, r, p); err == nil || err.Error() != "dynamics symplectic: "+want {
			t.Errorf("kind.New lambda = %g: %v, want %q", l, err, "dynamics symplectic: "+want)
		}
		if _, err := NewSymplectic(bilinear{1}, r, l, true); err == nil || err.Error() != want {
			t.Errorf("NewSymplectic lambda = %g: %v, want %q", l, err, want)
		}
	}
	if err := (&SymplecticParams{}).Validate(); err != nil {
		t.Errorf("absent lambda: %v", err)
	}
	noisy, err := NewSymplectic(bilinear{1}, Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.1), NoiseLeader: 1}, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := noisy.Step(context.Background(), 1, []float64{1}, []float64{1}, nil); err == nil || !strings.Contains(err.Error(), "needs a random source") {
		t.Errorf("noise without rng: %v", err)
	}
}

// TestSymplecticStepAllocsAndNaN: a noisy step (alignment on) allocates
// nothing, and a non-finite gradient (sqrtFollower at y = −1, where
// D2 f2 = 1/(2√y) is NaN) is an error naming it that leaves x and y as
// they were.
func TestSymplecticStepAllocsAndNaN(t *testing.T) {
	q := newQuadratic(3, 4, 5)
	d, err := NewSymplectic(q, Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01), NoiseLeader: 0.1, NoiseFollower: 0.1}, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	x, y := []float64{0.1, 0.2, 0.3}, []float64{0.1, 0.2, 0.3, 0.4}
	rng := newRNG(3)
	k := 0
	if allocs := testing.AllocsPerRun(50, func() {
		k++
		if _, err := d.Step(context.Background(), k, x, y, rng); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Errorf("%v allocations per step, want 0", allocs)
	}
	s, err := NewSymplectic(sqrtFollower{}, Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.1)}, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	x, y = []float64{0.5}, []float64{-1}
	_, err = s.Step(context.Background(), 1, x, y, nil)
	if want := "follower gradient D2 f2 is NaN"; err == nil || !strings.Contains(err.Error(), want) || x[0] != 0.5 || y[0] != -1 {
		t.Errorf("step at y = −1: error %v, point (%v, %v); want an error containing %q and (0.5, −1)", err, x[0], y[0], want)
	}
}
