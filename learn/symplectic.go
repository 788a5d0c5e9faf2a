package learn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// symplecticEps is ε of the sign alignment, 1/10 as in Algorithm 1 of
// Balduzzi et al. (2018).
const symplecticEps = 0.1

// Symplectic is symplectic gradient adjustment (SGA in Balduzzi,
// Racanière, Martens, Foerster, Tuyls and Graepel, "The Mechanics of
// n-Player Differentiable Games", ICML 2018, Algorithm 1, which Letcher
// et al., "Differentiable Game Mechanics", JMLR 2019, restate), with the
// players' own step sizes (the paper's single step size is γ1 = γ2). On
// costs c_i (payoffs negated), with ξ = (D1 c1, D2 c2) the simultaneous
// gradient, H = ∂ξ/∂(x, y) its Jacobian (the game Hessian) and
// A = (H − Hᵀ)/2 its antisymmetric part,
//
//	ξ_λ      = ξ + λ Aᵀξ,   Aᵀξ = (Hᵀξ − Hξ)/2
//	x_{k+1}  = Π_X(x_k − γ_{1,k}((ξ_λ)_x + w_{1,k}))
//	y_{k+1}  = Π_Y(y_k − γ_{2,k}((ξ_λ)_y + w_{2,k}))
//
// With alignment (the default), λ takes its sign from Algorithm 1,
//
//	λ = sign(⟨ξ, ∇H⟩⟨Aᵀξ, ∇H⟩/d + ε)·λ0,   ∇H = Hᵀξ,  ε = 1/10,
//
// ∇H the gradient of the Hamiltonian ½‖ξ‖², d = d1 + d2 and λ0 ≥ 0 the
// `lambda` key. The sign turns ξ_λ towards ∇H where ⟨ξ, ∇H⟩ = ξᵀSξ > 0
// (S = (H + Hᵀ)/2 ⪰ 0 near a stable fixed point) and away from it where
// ⟨ξ, ∇H⟩ < 0 (S ≺ 0 near an unstable one, which is then repelled), as
// far as the product outweighs ε; where it does not, λ > 0. Algorithm 1
// uses |λ| = 1, the default. Without alignment λ = λ0; λ0 = 0 is
// simultaneous gradient play (kind sga).
//
// Hᵀξ is the vector–Jacobian product ∇(ξ · v) at v = ξ held fixed; Hξ
// is, block by block, the Hessian–vector products ∇x(∇c1 · v) and
// ∇y(∇c2 · v) (H's x rows are those of ∇²c1, its y rows those of ∇²c2):
// no d×d matrix is formed. On the bilinear game f1 = xy = −f2 (S = 0,
// ⟨ξ, ∇H⟩ = 0, so λ = λ0 whether aligned or not) the step is
// z' = [[1 − γ1λ, −γ1], [γ2, 1 − γ2λ]]z, whose spectral radius at
// γ1 = γ2 = h is √((1 − hλ)² + h²) (√0.82 at h = 0.1, λ = 1), where
// simultaneous play spirals out at √(1 + h²)
// (TestSymplecticBilinearSpectralRadius).
//
// Config: `dynamics: {kind: symplectic, lambda, align, leader_lr,
// follower_lr, noise, step_tol}`. It is not safe for concurrent use.
type Symplectic struct {
	g      game.Game // the game it was built on (builtOn)
	r      Rates
	lambda float64 // λ0
	align  bool
	grads  program // ξ = (∇x c1, ∇y c2)
	prods  program // inputs v = (v1, v2): (Hᵀv)_x, (Hᵀv)_y, (Hv)_x, (Hv)_y
	dx, dy game.Domain
	ux, uy []float64 // Aᵀξ, then the direction ξ_λ
	dim    float64   // d = d1 + d2
	prod   [1]float64
}

// SymplecticParams are the config keys of kind symplectic besides the
// shared ones.
type SymplecticParams struct {
	// Lambda is `lambda`, the magnitude λ0 ≥ 0 of the adjustment (absent:
	// 1, the |λ| of Balduzzi et al.'s Algorithm 1; 0 is SGA).
	Lambda *float64 `yaml:"lambda"`
	// Align is `align`: whether λ takes the sign of Algorithm 1's
	// alignment (absent: true); false keeps λ = λ0.
	Align *bool `yaml:"align"`
}

// Validate checks that lambda, when given, is a finite number ≥ 0.
func (p *SymplecticParams) Validate() error {
	if p.Lambda != nil {
		return checkLambda(*p.Lambda)
	}
	return nil
}

func checkLambda(l float64) error {
	if !(l >= 0) || math.IsInf(l, 0) {
		return fmt.Errorf("lambda: %g is not a finite non-negative number", l)
	}
	return nil
}

func init() {
	RegisterKind(NewKind("symplectic", func(g game.Game, r Rates, p *SymplecticParams) (Dynamics, error) {
		lambda, align := 1.0, true
		if p.Lambda != nil {
			lambda = *p.Lambda
		}
		if p.Align != nil {
			align = *p.Align
		}
		return NewSymplectic(g, r, lambda, align)
	}))
}

// NewSymplectic compiles the gradients and the Jacobian–vector products of
// g for symplectic gradient adjustment with magnitude lambda ≥ 0, its sign
// chosen by alignment when align is set.
func NewSymplectic(g game.Game, r Rates, lambda float64, align bool) (*Symplectic, error) {
	if err := checkGame(g); err != nil {
		return nil, err
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	if err := checkLambda(lambda); err != nil {
		return nil, err
	}
	d1, d2 := g.Dims()
	dx, dy := g.Domains()
	prods := compile(zeros(d1), zeros(d2), []int{d1, d2}, func(x, y *ad.Node, v []*ad.Node) []*ad.Node {
		c1, c2 := costs(g, x, y)
		g1 := ad.Grad(c1, x, y)                         // D1 c1, D2 c1
		g2 := ad.Grad(c2, x, y)                         // D1 c2, D2 c2
		ht := ad.VJP([]*ad.Node{g1[0], g2[1]}, v, x, y) // Hᵀv = ∇(ξ · v)
		hx := ad.VJP(g1, v, x)[0]                       // (Hv)_x = ∇x(∇c1 · v)
		hy := ad.VJP(g2, v, y)[0]                       // (Hv)_y = ∇y(∇c2 · v)
		return []*ad.Node{ht[0], ht[1], hx, hy}
	})
	return &Symplectic{g: g, r: r, lambda: lambda, align: align, grads: ownGrads(g, false), prods: prods,
		dx: dx, dy: dy, ux: make([]float64, d1), uy: make([]float64, d2), dim: float64(d1 + d2)}, nil
}

// Step performs one symplectic-gradient-adjustment step (see Symplectic).
// Noise draws: the leader's d1 normals, then the follower's d2.
func (s *Symplectic) Step(ctx context.Context, k int, x, y []float64, rng *rand.Rand) (StepInfo, error) {
	g1, g2, err := s.r.begin(x, y, len(s.ux), len(s.uy), k, rng)
	if err != nil {
		return StepInfo{}, err
	}
	s.grads.run(x, y)
	xi1, xi2 := s.grads.out(0), s.grads.out(1)
	if err := checkFinite("leader gradient D1 f1", xi1); err != nil {
		return StepInfo{}, err
	}
	if err := checkFinite("follower gradient D2 f2", xi2); err != nil {
		return StepInfo{}, err
	}
	s.prods.p.SetInput(2, xi1)
	s.prods.p.SetInput(3, xi2)
	s.prods.run(x, y)
	htx, hty, hx, hy := s.prods.out(0), s.prods.out(1), s.prods.out(2), s.prods.out(3)
	for i := range s.ux {
		s.ux[i] = (htx[i] - hx[i]) / 2
	}
	for i := range s.uy {
		s.uy[i] = (hty[i] - hy[i]) / 2
	}
	if err := checkFinite("leader adjustment (Aᵀξ)_x", s.ux); err != nil {
		return StepInfo{}, err
	}
	if err := checkFinite("follower adjustment (Aᵀξ)_y", s.uy); err != nil {
		return StepInfo{}, err
	}
	lambda := s.lambda
	if s.align {
		// Algorithm 1 of Balduzzi et al. (2018):
		// λ ← sign(⟨ξ, ∇H⟩⟨Aᵀξ, ∇H⟩/d + ε), ∇H = Hᵀξ, scaled by λ0.
		xiH := dotParts(xi1, htx) + dotParts(xi2, hty)
		aH := dotParts(s.ux, htx) + dotParts(s.uy, hty)
		s.prod[0] = xiH*aH/s.dim + symplecticEps
		if err := checkFinite("sign alignment ⟨ξ, ∇H⟩⟨Aᵀξ, ∇H⟩/d + ε", s.prod[:]); err != nil {
			return StepInfo{}, err
		}
		switch {
		case s.prod[0] < 0:
			lambda = -lambda
		case s.prod[0] == 0:
			lambda = 0
		}
	}
	for i := range s.ux {
		s.ux[i] = xi1[i] + lambda*s.ux[i]
	}
	for i := range s.uy {
		s.uy[i] = xi2[i] + lambda*s.uy[i]
	}
	if err := checkFinite("leader symplectic direction D1 f1 + λ(Aᵀξ)_x", s.ux); err != nil {
		return StepInfo{}, err
	}
	if err := checkFinite("follower symplectic direction D2 f2 + λ(Aᵀξ)_y", s.uy); err != nil {
		return StepInfo{}, err
	}
	descend(x, s.ux, g1, s.r.NoiseLeader, rng)
	descend(y, s.uy, g2, s.r.NoiseFollower, rng)
	s.dx.Project(x)
	s.dy.Project(y)
	return StepInfo{}, nil
}

// dotParts returns Σ a_i b_i.
func dotParts(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
