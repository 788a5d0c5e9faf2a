package learn

import (
	"context"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
)

// SGA is simultaneous gradient play ("Nash dynamics" of Section 4.1,
// gradient descent–ascent in zero-sum games): each player descends the
// gradient of its own cost with respect to its own strategy, both at the
// current joint strategy,
//
//	x_{k+1} = x_k − γ_{1,k}(D1 f1(x_k, y_k) + w_{1,k+1})
//	y_{k+1} = y_k − γ_{2,k}(D2 f2(x_k, y_k) + w_{2,k+1})
//
// that is, Eq. 4 with ω = (D1 f1, D2 f2) in place of ω_S (f_i are costs;
// payoffs are negated). Each update is projected onto its player's domain.
// SGA here is simultaneous gradient play (ascent on payoffs), not the
// symplectic gradient adjustment of Balduzzi et al. (2018) and Letcher et
// al. (2019), which is Symplectic (kind symplectic; with lambda: 0 it is
// this SGA).
//
// Config: `dynamics: {kind: sga, leader_lr, follower_lr, noise, step_tol}`.
// SGA is not safe for concurrent use.
type SGA struct {
	g      game.Game
	r      Rates
	grads  program
	dx, dy game.Domain
	gx, gy []float64 // copies of the gradients, since both updates use the old point
}

func init() {
	RegisterKind(NewKind("sga", func(g game.Game, r Rates, _ *NoParams) (Dynamics, error) {
		return NewSGA(g, r)
	}))
}

// NewSGA compiles the individual gradients of g for simultaneous gradient
// play with the given rates.
func NewSGA(g game.Game, r Rates) (*SGA, error) {
	if err := checkGame(g); err != nil {
		return nil, err
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	d1, d2 := g.Dims()
	dx, dy := g.Domains()
	return &SGA{g: g, r: r, grads: ownGrads(g, false), dx: dx, dy: dy,
		gx: make([]float64, d1), gy: make([]float64, d2)}, nil
}

// Step performs one simultaneous gradient step (see SGA). Noise draws: the
// leader's d1 normals, then the follower's d2.
func (s *SGA) Step(ctx context.Context, k int, x, y []float64, rng *rand.Rand) (StepInfo, error) {
	g1, g2, err := s.r.begin(x, y, len(s.gx), len(s.gy), k, rng)
	if err != nil {
		return StepInfo{}, err
	}
	s.grads.run(x, y)
	copy(s.gx, s.grads.out(0))
	copy(s.gy, s.grads.out(1))
	if err := checkFinite("leader gradient D1 f1", s.gx); err != nil {
		return StepInfo{}, err
	}
	if err := checkFinite("follower gradient D2 f2", s.gy); err != nil {
		return StepInfo{}, err
	}
	descend(x, s.gx, g1, s.r.NoiseLeader, rng)
	descend(y, s.gy, g2, s.r.NoiseFollower, rng)
	s.dx.Project(x)
	s.dy.Project(y)
	return StepInfo{}, nil
}
