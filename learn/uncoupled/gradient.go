package uncoupled

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// GradientConfig configures a gradient-ascent learner.
type GradientConfig struct {
	// LR is the step-size schedule, indexed by the agent's stage count from
	// 1 (a fixed step β is loop.Constant(β), as in Eq. 13).
	LR loop.Schedule
	// Noise, when positive, is the standard deviation of independent
	// Gaussian noise added to each coordinate of the gradient at every stage
	// (a noisy-gradient learner); it needs a random source.
	Noise float64
}

// GradientAscent is the uncoupled gradient learner: at every stage it
// queries the gradient of its own payoff at the played profile and steps
// y_{t+1} = Π(y_t + β_t (∇y f(x_t, y_t) + w_t)) (Eq. 13, with optional noise
// w_t and projection Π onto its domain). It plays either role: as the
// follower of Hi-C, or as one of two simultaneous gradient learners (Eq. 1).
type GradientAscent struct {
	grad  Gradient
	lr    loop.Schedule
	fixed float64 // the step when lr is a Constant (no call per stage)
	isFix bool
	noise float64
	rng   *rand.Rand
	dom   game.Domain
	y     []float64
	g     []float64
	t     int
}

// NewGradientAscent returns a gradient learner starting at y0 (copied) on
// domain dom. rng is needed only when cfg.Noise > 0.
func NewGradientAscent(grad Gradient, y0 []float64, dom game.Domain, cfg GradientConfig, rng *rand.Rand) (*GradientAscent, error) {
	if grad == nil {
		return nil, fmt.Errorf("gradient: no gradient oracle")
	}
	if err := checkStrategy("gradient.y0", y0, dom); err != nil {
		return nil, err
	}
	if err := loop.Validate("gradient.lr", cfg.LR); err != nil {
		return nil, err
	}
	if cfg.Noise < 0 || !finite(cfg.Noise) {
		return nil, fmt.Errorf("gradient.noise = %g must be a finite non-negative standard deviation", cfg.Noise)
	}
	if cfg.Noise > 0 && rng == nil {
		return nil, fmt.Errorf("gradient.noise = %g needs a random source", cfg.Noise)
	}
	a := &GradientAscent{
		grad: grad, lr: cfg.LR, noise: cfg.Noise, rng: rng, dom: dom,
		y: append([]float64(nil), y0...), g: make([]float64, len(y0)),
	}
	if c, ok := cfg.LR.(loop.Constant); ok {
		a.fixed, a.isFix = float64(c), true
	}
	dom.Project(a.y)
	return a, nil
}

// Strategy returns the current strategy y_t.
func (a *GradientAscent) Strategy() []float64 { return a.y }

// Observe takes one gradient step against the other agent's strategy.
func (a *GradientAscent) Observe(other []float64) error {
	a.t++
	a.grad(a.g, a.y, other) // ∇y f(x_t, y_t) at the played profile
	lr := a.fixed
	if !a.isFix {
		var err error
		if lr, err = loop.NonNegative("gradient.lr β_t", a.lr, a.t); err != nil {
			return fmt.Errorf("gradient learner stage %d: %w", a.t, err)
		}
	}
	for i, gi := range a.g {
		if a.noise > 0 {
			gi += a.noise * a.rng.NormFloat64() // w_t
		}
		a.y[i] += lr * gi // Eq. 13
		if !finite(a.y[i]) {
			return loop.Diverge("gradient learner strategy", "gradient learner stage %d: strategy[%d] = %g (gradient %g)", a.t, i, a.y[i], a.g[i])
		}
	}
	project(&a.dom, a.y)
	return nil
}

// Reset moves the learner to y0 (copied and projected; a y0 that is not
// finite is an error and changes nothing); its stage count, and so its
// step-size schedule, continues.
func (a *GradientAscent) Reset(y0 []float64) error {
	if len(y0) != len(a.y) {
		return fmt.Errorf("gradient reset: %d values for a %d-dimensional strategy", len(y0), len(a.y))
	}
	// Refused as NewGradientAscent refuses it: +Inf was clipped to a
	// box's bound, NaN kept.
	if err := checkFinite("gradient reset: y0", y0); err != nil {
		return err
	}
	copy(a.y, y0)
	project(&a.dom, a.y)
	return nil
}

// BestResponder is a test oracle for a follower that plays an exact best
// response: after each stage it plays br(x) against the strategy x the
// other agent just played.
type BestResponder struct {
	br func(dst, other []float64)
	y  []float64
	// capped and cappedStep: see Capped.
	capped     int
	cappedStep float64
}

// NewBestResponder returns a best-response follower starting at y0
// (copied); br writes the best response to other into dst.
func NewBestResponder(br func(dst, other []float64), y0 []float64) (*BestResponder, error) {
	if br == nil {
		return nil, fmt.Errorf("best response: no oracle")
	}
	if err := checkStrategy("best_response.y0", y0, game.Domain{}); err != nil {
		return nil, err
	}
	return &BestResponder{br: br, y: append([]float64(nil), y0...)}, nil
}

// BestResponseConfig configures a follower that best-responds numerically:
// after each stage it runs projected gradient ascent on its own payoff
// against the strategy the leader played, from its current strategy, until
// a step moves it less than Tol (or MaxIter steps: a response stopped
// there with its last step still at least Tol is not a best response, and
// is counted, BestResponder.Capped).
type BestResponseConfig struct {
	// LR is the inner gradient step (> 0).
	LR float64
	// Tol ends the inner loop when no coordinate moves more than Tol;
	// 0 means 1e-10 (finite, ≥ 0).
	Tol float64
	// MaxIter caps the inner steps per stage; 0 means 10000.
	MaxIter int
}

// NewNumericalBestResponder returns a best-response follower that uses
// only the gradient of its own payoff (see BestResponseConfig), starting at
// y0 (copied) on domain dom.
func NewNumericalBestResponder(grad Gradient, y0 []float64, dom game.Domain, cfg BestResponseConfig) (*BestResponder, error) {
	if grad == nil {
		return nil, fmt.Errorf("best response: no gradient oracle")
	}
	if !(cfg.LR > 0) || !finite(cfg.LR) {
		return nil, fmt.Errorf("best_response.lr = %g must be positive and finite", cfg.LR)
	}
	// A NaN tol passed a `< 0` test and ended every inner loop after one
	// step (moved ≥ NaN is false): a gradient follower, silently.
	if !(cfg.Tol >= 0) || math.IsInf(cfg.Tol, 0) || cfg.MaxIter < 0 {
		return nil, fmt.Errorf("best_response: tol = %g must be finite and ≥ 0, max_iter = %d ≥ 0", cfg.Tol, cfg.MaxIter)
	}
	if err := checkStrategy("best_response.y0", y0, dom); err != nil {
		return nil, err
	}
	tol, maxIter := cfg.Tol, cfg.MaxIter
	if tol == 0 {
		tol = 1e-10
	}
	if maxIter == 0 {
		maxIter = 10000
	}
	g, prev := make([]float64, len(y0)), make([]float64, len(y0))
	b := &BestResponder{y: append([]float64(nil), y0...)}
	b.br = func(y, other []float64) {
		moved := 0.0
		for it := 0; it < maxIter; it++ {
			grad(g, y, other)
			copy(prev, y)
			for i := range y {
				y[i] += cfg.LR * g[i]
			}
			project(&dom, y)
			moved = 0.0
			for i := range y {
				moved = max(moved, abs(y[i]-prev[i]))
			}
			if !(moved >= tol) { // converged, or NaN (reported by Observe)
				return
			}
		}
		// Stopped at the cap with the last step still ≥ tol.
		b.capped++
		b.cappedStep = max(b.cappedStep, moved)
	}
	project(&dom, b.y)
	return b, nil
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// Strategy returns the current best response.
func (b *BestResponder) Strategy() []float64 { return b.y }

// Capped returns how many responses of a numerical best responder
// (NewNumericalBestResponder) stopped at BestResponseConfig.MaxIter steps
// with their last step still moving a coordinate by Tol or more — played
// strategies that are not best responses — and the largest such last step
// (max_i |Δy_i|); 0, 0 when there was none, and for an oracle
// (NewBestResponder).
func (b *BestResponder) Capped() (responses int, maxStep float64) {
	return b.capped, b.cappedStep
}

// Observe replaces the strategy by the best response to other.
func (b *BestResponder) Observe(other []float64) error {
	b.br(b.y, other)
	for i, v := range b.y {
		if !finite(v) {
			return loop.Diverge("best response", "best response[%d] = %g", i, v)
		}
	}
	return nil
}
