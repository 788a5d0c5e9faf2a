package learn

import (
	"context"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
)

// Extragradient is Korpelevich's extragradient method (1976) on the
// simultaneous gradient field ω = (D1 f1, D2 f2) of the players' costs
// (payoffs negated): an extrapolation step from the current point, then
// the update from the current point with the gradient at the extrapolated
// one,
//
//	x̄_k     = Π_X(x_k − γ_{1,k}(D1 f1(x_k, y_k) + w_{1,k}))
//	ȳ_k     = Π_Y(y_k − γ_{2,k}(D2 f2(x_k, y_k) + w_{2,k}))
//	x_{k+1} = Π_X(x_k − γ_{1,k}(D1 f1(x̄_k, ȳ_k) + w'_{1,k}))
//	y_{k+1} = Π_Y(y_k − γ_{2,k}(D2 f2(x̄_k, ȳ_k) + w'_{2,k}))
//
// with Π the projections onto the players' domains and independent
// Gaussian noise w, w' at the two gradient evaluations. On a bilinear
// zero-sum game f1 = xᵀAy = −f2, where simultaneous gradient play spirals
// outwards, extragradient with a small enough step converges to the
// equilibrium.
//
// Config: `dynamics: {kind: extragradient, leader_lr, follower_lr, noise,
// step_tol}`. It is not safe for concurrent use.
type Extragradient struct {
	g      game.Game // the game it was built on (builtOn)
	r      Rates
	grads  program // ∇x c1, ∇y c2
	dx, dy game.Domain
	xb, yb []float64 // the extrapolated point
}

func init() {
	RegisterKind(NewKind("extragradient", func(g game.Game, r Rates, _ *NoParams) (Dynamics, error) {
		return NewExtragradient(g, r)
	}))
}

// NewExtragradient compiles the individual gradients of g for the
// extragradient method with the given rates.
func NewExtragradient(g game.Game, r Rates) (*Extragradient, error) {
	if err := checkGame(g); err != nil {
		return nil, err
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	d1, d2 := g.Dims()
	dx, dy := g.Domains()
	return &Extragradient{g: g, r: r, grads: ownGrads(g, false), dx: dx, dy: dy,
		xb: make([]float64, d1), yb: make([]float64, d2)}, nil
}

// Step performs one extragradient step (see Extragradient). Noise draws:
// the leader's d1 normals and the follower's d2 for the extrapolation,
// then the same for the update.
func (e *Extragradient) Step(ctx context.Context, k int, x, y []float64, rng *rand.Rand) (StepInfo, error) {
	g1, g2, err := e.r.begin(x, y, len(e.xb), len(e.yb), k, rng)
	if err != nil {
		return StepInfo{}, err
	}
	// Extrapolation from (x_k, y_k).
	e.grads.run(x, y)
	if err := e.checkGrads("at (x_k, y_k)"); err != nil {
		return StepInfo{}, err
	}
	copy(e.xb, x)
	copy(e.yb, y)
	descend(e.xb, e.grads.out(0), g1, e.r.NoiseLeader, rng)
	descend(e.yb, e.grads.out(1), g2, e.r.NoiseFollower, rng)
	e.dx.Project(e.xb)
	e.dy.Project(e.yb)
	// Update from (x_k, y_k) with the gradients at the extrapolated point.
	e.grads.run(e.xb, e.yb)
	if err := e.checkGrads("at the extrapolated point"); err != nil {
		return StepInfo{}, err
	}
	descend(x, e.grads.out(0), g1, e.r.NoiseLeader, rng)
	descend(y, e.grads.out(1), g2, e.r.NoiseFollower, rng)
	e.dx.Project(x)
	e.dy.Project(y)
	return StepInfo{}, nil
}

// checkGrads returns an error naming the gradient, and where it was taken,
// when a value of either is not finite; the names are built only then,
// so that a step allocates nothing.
func (e *Extragradient) checkGrads(where string) error {
	for i, name := range [2]string{"leader gradient D1 f1 ", "follower gradient D2 f2 "} {
		if g := e.grads.out(i); !allFiniteValues(g) {
			return checkFinite(name+where, g)
		}
	}
	return nil
}

// allFiniteValues reports whether every value of v is finite.
func allFiniteValues(v []float64) bool {
	for _, a := range v {
		if !finiteValue(a) {
			return false
		}
	}
	return true
}
