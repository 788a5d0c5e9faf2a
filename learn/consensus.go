package learn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// Consensus is consensus optimisation (Mescheder, Nowozin and Geiger,
// "The Numerics of GANs", 2017): simultaneous gradient play on the
// modified field v − γ∇L, L = ½‖v‖², where v is the game's gradient
// field (their Eq. for the consensus update, w ← w + h(v(w) − γ∇L(w))).
// Written for costs (payoffs negated), with ω = (D1 f1, D2 f2) = −v,
//
//	L(x, y)  = ½(‖D1 f1(x, y)‖² + ‖D2 f2(x, y)‖²) = ½‖ω‖²
//	x_{k+1}  = Π_X(x_k − γ_{1,k}(D1 f1 + γ ∇x L + w_{1,k}))
//	y_{k+1}  = Π_Y(y_k − γ_{2,k}(D2 f2 + γ ∇y L + w_{2,k}))
//
// where ∇L = Jᵀω, J the Jacobian of ω: the consensus term pulls every
// player towards points where both gradients vanish, damping the
// rotation (the imaginary parts of J's eigenvalues) that makes
// simultaneous gradient play cycle. γ = 0 is SGA.
//
// Config: `dynamics: {kind: consensus, gamma, leader_lr, follower_lr,
// noise, step_tol}`. It is not safe for concurrent use.
type Consensus struct {
	g      game.Game // the game it was built on (builtOn)
	r      Rates
	gamma  float64
	prog   program // ∇x c1, ∇y c2, ∇x L, ∇y L
	dx, dy game.Domain
	ux, uy []float64
}

// ConsensusParams are the config keys of kind consensus besides the
// shared ones.
type ConsensusParams struct {
	// Gamma is `gamma`, the weight γ ≥ 0 of the consensus term (default 0,
	// which is SGA).
	Gamma float64 `yaml:"gamma"`
}

func init() {
	RegisterKind(NewKind("consensus", func(g game.Game, r Rates, p *ConsensusParams) (Dynamics, error) {
		return NewConsensus(g, r, p.Gamma)
	}))
}

// NewConsensus compiles the gradients and the consensus term of g for
// consensus optimisation with weight gamma ≥ 0.
func NewConsensus(g game.Game, r Rates, gamma float64) (*Consensus, error) {
	if err := checkGame(g); err != nil {
		return nil, err
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	if !(gamma >= 0) || math.IsInf(gamma, 0) {
		return nil, fmt.Errorf("gamma: %g is not a finite non-negative number", gamma)
	}
	d1, d2 := g.Dims()
	dx, dy := g.Domains()
	prog := compile(zeros(d1), zeros(d2), nil, func(x, y *ad.Node, _ []*ad.Node) []*ad.Node {
		c1, c2 := costs(g, x, y)
		w1 := ad.Grad(c1, x)[0]
		w2 := ad.Grad(c2, y)[0]
		l := ad.Scale(ad.Add(ad.Sum(ad.Square(w1)), ad.Sum(ad.Square(w2))), 0.5) // L = ½‖ω‖²
		gl := ad.Grad(l, x, y)                                                   // ∇L = Jᵀω
		return []*ad.Node{w1, w2, gl[0], gl[1]}
	})
	return &Consensus{g: g, r: r, gamma: gamma, prog: prog, dx: dx, dy: dy,
		ux: make([]float64, d1), uy: make([]float64, d2)}, nil
}

// Step performs one consensus-optimisation step (see Consensus). Noise
// draws: the leader's d1 normals, then the follower's d2.
func (c *Consensus) Step(ctx context.Context, k int, x, y []float64, rng *rand.Rand) (StepInfo, error) {
	g1, g2, err := c.r.begin(x, y, len(c.ux), len(c.uy), k, rng)
	if err != nil {
		return StepInfo{}, err
	}
	c.prog.run(x, y)
	w1, w2, lx, ly := c.prog.out(0), c.prog.out(1), c.prog.out(2), c.prog.out(3)
	for i := range c.ux {
		c.ux[i] = w1[i] + c.gamma*lx[i]
	}
	for i := range c.uy {
		c.uy[i] = w2[i] + c.gamma*ly[i]
	}
	if err := checkFinite("leader consensus direction D1 f1 + γ∇x L", c.ux); err != nil {
		return StepInfo{}, err
	}
	if err := checkFinite("follower consensus direction D2 f2 + γ∇y L", c.uy); err != nil {
		return StepInfo{}, err
	}
	descend(x, c.ux, g1, c.r.NoiseLeader, rng)
	descend(y, c.uy, g2, c.r.NoiseFollower, rng)
	c.dx.Project(x)
	c.dy.Project(y)
	return StepInfo{}, nil
}
