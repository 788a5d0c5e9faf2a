package env

import (
	"math"
	"math/rand/v2"
)

// Cart-pole constants (Gymnasium CartPole-v1).
const (
	cartPoleGravity        = 9.8
	cartPoleMassCart       = 1.0
	cartPoleMassPole       = 0.1
	cartPoleTotalMass      = cartPoleMassCart + cartPoleMassPole
	cartPoleLength         = 0.5 // half the pole's length
	cartPolePoleMassLength = cartPoleMassPole * cartPoleLength
	cartPoleForceMag       = 10.0
	cartPoleTau            = 0.02 // seconds between state updates
	cartPoleXThreshold     = 2.4
)

// cartPoleThetaThreshold is Gymnasium's 12 * 2 * math.pi / 360 with
// Python's float64 rounding (0.20943951023931953): 24·π rounded, then
// divided by 360 and rounded. As a Go constant expression it would be
// rounded once, to the float64 nearest 2π/30, one ulp above, and a pole at
// that angle would not terminate where Gymnasium's does.
var cartPoleThetaThreshold = degreesAsGymnasium(12)

// degreesAsGymnasium converts deg degrees to radians as Gymnasium writes it,
// deg * 2 * math.pi / 360, each operation rounded to float64.
func degreesAsGymnasium(deg float64) float64 {
	pi := math.Pi // a variable, so that each operation rounds
	return deg * 2 * pi / 360
}

// CartPole is the cart-pole balancing task of Barto, Sutton & Anderson,
// "Neuronlike adaptive elements that can solve difficult learning control
// problems", IEEE Trans. Systems, Man, and Cybernetics 13(5), 1983, with the
// constants and conventions of Gymnasium's CartPole-v1.
//
// A pole of mass 0.1 and half-length 0.5 is hinged on a cart of mass 1.0.
// The state is (x, ẋ, θ, θ̇), which is also the observation; θ = 0 is
// upright. Action 0 pushes the cart left and 1 pushes it right with force
// F = ∓10. With g = 9.8, M = 1.1 the total mass and mₚl = 0.05,
//
//	temp = (F + mₚl·θ̇²·sin θ) / M
//	θ̈   = (g·sin θ − cos θ·temp) / (l·(4/3 − mₚ·cos²θ / M))
//	ẍ   = temp − mₚl·θ̈·cos θ / M
//
// and the state advances by one explicit Euler step of τ = 0.02 s, updating
// positions from the old velocities:
//
//	x ← x + τẋ,  ẋ ← ẋ + τẍ,  θ ← θ + τθ̇,  θ̇ ← θ̇ + τθ̈.
//
// θ̇² and cos²θ are formed as repeated products (mₚl·θ̇·θ̇, mₚ·cos θ·cos θ)
// where Gymnasium squares first (theta_dot**2, costheta**2); the two round
// differently on about 1 % of steps (the states then differ by at most
// 4e-13 relative over 45 000 random steps). The order is kept because the
// committed CartPole runs depend on it bit for bit.
//
// The episode terminates when |x| > 2.4 or |θ| > 12°, Gymnasium's
// 12·2·π/360 = 0.20943951023931953 rad (Python's float64 value). The reward
// is +1 for every step, including the terminating one; a terminal step after
// an earlier one of the same episode (stepping on past termination, which
// Gymnasium calls undefined behaviour) gives reward 0, as in Gymnasium.
// Reset draws each state component uniformly
// from [−0.05, 0.05). Make("CartPole-v1") truncates episodes at 500 steps,
// Make("CartPole-v0") (the older registration, reward threshold 195) at 200.
//
// The observation space bounds are ±(4.8, ∞, 24°, ∞), twice the termination
// thresholds for x and θ, as in Gymnasium.
type CartPole struct {
	state      [4]float64
	obs        obsBuf
	ready      bool
	terminated bool
	obsSpace   *Box
}

// NewCartPole returns an unwrapped cart-pole (no time limit).
func NewCartPole() *CartPole {
	inf := math.Inf(1)
	hi := []float64{2 * cartPoleXThreshold, inf, 2 * cartPoleThetaThreshold, inf}
	lo := []float64{-hi[0], -inf, -hi[2], -inf}
	return &CartPole{obs: newObsBuf(4), obsSpace: NewBox(lo, hi)}
}

// ObservationSpace implements Env.
func (c *CartPole) ObservationSpace() Space { return c.obsSpace }

// ActionSpace implements Env: Discrete(2), 0 = push left, 1 = push right.
func (c *CartPole) ActionSpace() Space { return Discrete{N: 2} }

// Reset implements Env.
func (c *CartPole) Reset(rng *rand.Rand) []float64 {
	for i := range c.state {
		c.state[i] = uniform(rng, -0.05, 0.05)
	}
	c.ready, c.terminated = true, false
	return c.observe()
}

// State returns the state (x, ẋ, θ, θ̇).
func (c *CartPole) State() [4]float64 { return c.state }

// SetState sets the state (x, ẋ, θ, θ̇) and starts a new episode from it, so
// that Step can be called without Reset.
func (c *CartPole) SetState(s [4]float64) {
	c.state = s
	c.ready, c.terminated = true, false
}

func (c *CartPole) observe() []float64 {
	o := c.obs.next()
	copy(o, c.state[:])
	return o
}

// Step implements Env. It panics if called before Reset or with an action
// outside Discrete(2).
func (c *CartPole) Step(action []float64) ([]float64, float64, bool, bool) {
	if !c.ready {
		panic("env: CartPole: Step called before Reset")
	}
	force := -cartPoleForceMag
	if discreteAction("CartPole", Discrete{N: 2}, action) == 1 {
		force = cartPoleForceMag
	}
	x, xDot, theta, thetaDot := c.state[0], c.state[1], c.state[2], c.state[3]
	sin, cos := math.Sincos(theta)
	temp := (force + cartPolePoleMassLength*thetaDot*thetaDot*sin) / cartPoleTotalMass
	thetaAcc := (cartPoleGravity*sin - cos*temp) /
		(cartPoleLength * (4.0/3.0 - cartPoleMassPole*cos*cos/cartPoleTotalMass))
	xAcc := temp - cartPolePoleMassLength*thetaAcc*cos/cartPoleTotalMass

	x += cartPoleTau * xDot
	xDot += cartPoleTau * xAcc
	theta += cartPoleTau * thetaDot
	thetaDot += cartPoleTau * thetaAcc
	c.state = [4]float64{x, xDot, theta, thetaDot}

	terminated := x < -cartPoleXThreshold || x > cartPoleXThreshold ||
		theta < -cartPoleThetaThreshold || theta > cartPoleThetaThreshold
	// Gymnasium's steps_beyond_terminated: after a terminal step, a step
	// that is terminal again gives 0 (one back inside the bounds gives 1);
	// only Reset clears it.
	reward := 1.0
	if terminated {
		if c.terminated {
			reward = 0
		}
		c.terminated = true
	}
	return c.observe(), reward, terminated, false
}
