package learn

import (
	"context"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// LOLAConfig configures the LOLA baseline.
type LOLAConfig struct {
	// Rates are the players' step sizes γ_{1,k}, γ_{2,k} and noise σ_1, σ_2.
	Rates
	// LookAhead is the leader's look-ahead β_k: the size of the follower
	// step the leader anticipates and differentiates through. nil means the
	// follower's own step size γ_{2,k}, as in Section 2.2.2 of Fiez et al.;
	// β = 0 gives SGA, and replacing β by the Newton step (D2² f2)⁻¹ gives
	// the Stackelberg total derivative.
	LookAhead loop.Schedule
}

// LOLAParams are the config keys of kind lola besides the shared ones.
type LOLAParams struct {
	// Lookahead is `lookahead`, a constant look-ahead β (absent: the
	// follower's step size).
	Lookahead *float64 `yaml:"lookahead"`
}

func init() {
	RegisterKind(NewKind("lola", func(g game.Game, r Rates, p *LOLAParams) (Dynamics, error) {
		c := LOLAConfig{Rates: r}
		if p.Lookahead != nil {
			c.LookAhead = loop.Constant(*p.Lookahead)
		}
		return NewLOLA(g, c)
	}))
}

// LOLA is the learning-with-opponent-learning-awareness update as written
// in Section 2.2.2 of Fiez, Chasnov and Ratliff (deterministic, leader
// only; the follower plays its individual gradient):
//
//	x_{k+1} = x_k − γ_{1,k}(D1 f1 − β_k (D21 f2)ᵀ D2 f1 + w_{1,k+1})
//	y_{k+1} = y_k − γ_{2,k}(D2 f2 + w_{2,k+1})
//
// with f_i costs (payoffs negated) and β_k the look-ahead (γ_{2,k} in the
// paper). The leader's term differentiates f1(x, y) + Δyᵀ D2 f1(x, y)
// through the follower's anticipated step Δy = −β D2 f2(x, y) only
// (Foerster et al.'s first-order LOLA; the term −β D12 f1 · D2 f2 of the
// full derivative of f1(x, y − β D2 f2) is not included). In zero-sum
// games the critical points are those of SGA (D2 f1 = −D2 f2 = 0 there)
// while the Jacobian, and so the stable attractors, differ; in general-sum
// games the critical points differ too, since D2 f1 ≠ 0 where D2 f2 = 0
// (TestLOLACriticalPoints). Only the leader looks ahead: on the bilinear
// game f1 = xy = −f2 the step is z' = [[1 − γ1β, −γ1], [γ2, 1]]z, whose
// determinant 1 − γ1β + γ1γ2 is exactly 1 at the default β = γ2, so for
// γ1γ2 < 4 the default LOLA circles the equilibrium (spectral radius 1)
// and a longer look-ahead damps it (β = 0.5 at γ1 = γ2 = 0.1: spectral
// radius √0.96; TestReview48BilinearSpectralRadius). Updates are projected onto the
// domains.
//
// LOLA is not safe for concurrent use.
type LOLA struct {
	g      game.Game // the game it was built on (builtOn)
	cfg    LOLAConfig
	main   program // ∇x c1, ∇y c2, ∇y c1
	mixed  program // ∇x(∇y c2 · w)
	dx, dy game.Domain
	dtot   []float64
	d2     int // the follower's dimension
}

// NewLOLA compiles the derivative graphs of g for the LOLA baseline.
func NewLOLA(g game.Game, c LOLAConfig) (*LOLA, error) {
	if err := checkGame(g); err != nil {
		return nil, err
	}
	if err := c.Rates.validate(); err != nil {
		return nil, err
	}
	if c.LookAhead != nil {
		if err := loop.Validate("lookahead", c.LookAhead); err != nil {
			return nil, err
		}
	}
	d1, d2 := g.Dims()
	dx, dy := g.Domains()
	return &LOLA{g: g, cfg: c, main: ownGrads(g, true), mixed: mixedProduct(g), dx: dx, dy: dy,
		dtot: make([]float64, d1), d2: d2}, nil
}

// Step performs one LOLA step (see LOLA). Noise draws: the leader's d1
// normals, then the follower's d2.
func (l *LOLA) Step(ctx context.Context, k int, x, y []float64, rng *rand.Rand) (StepInfo, error) {
	if err := checkStep(x, y, len(l.dtot), l.d2); err != nil {
		return StepInfo{}, err
	}
	if err := needRNG(l.cfg.NoiseLeader, l.cfg.NoiseFollower, rng); err != nil {
		return StepInfo{}, err
	}
	g1, g2, err := stepSizes(l.cfg.Leader, l.cfg.Follower, k)
	if err != nil {
		return StepInfo{}, err
	}
	beta := g2
	if l.cfg.LookAhead != nil {
		if beta, err = loop.NonNegative("lookahead", l.cfg.LookAhead, k); err != nil {
			return StepInfo{}, err
		}
	}
	l.main.run(x, y)
	g1x, g2y, g1y := l.main.out(0), l.main.out(1), l.main.out(2)
	if err := checkFinite("leader gradient D1 f1", g1x); err != nil {
		return StepInfo{}, err
	}
	if err := checkFinite("leader cross gradient D2 f1", g1y); err != nil {
		return StepInfo{}, err
	}
	if err := checkFinite("follower gradient D2 f2", g2y); err != nil {
		return StepInfo{}, err
	}
	// (D21 f2)ᵀ D2 f1 = ∇x(∇y f2 · w) at w = ∇y f1 (held fixed).
	l.mixed.p.SetInput(2, g1y)
	l.mixed.run(x, y)
	m := l.mixed.out(0)
	for i := range l.dtot {
		l.dtot[i] = g1x[i] - beta*m[i]
	}
	if err := checkFinite("leader LOLA gradient", l.dtot); err != nil {
		return StepInfo{}, err
	}
	descend(x, l.dtot, g1, l.cfg.NoiseLeader, rng)
	descend(y, g2y, g2, l.cfg.NoiseFollower, rng)
	l.dx.Project(x)
	l.dy.Project(y)
	return StepInfo{}, nil
}
