package env

import (
	"math"
	"math/rand/v2"
)

// Acrobot constants (Gymnasium Acrobot-v1).
const (
	acrobotDT          = 0.2
	acrobotLinkLength1 = 1.0 // l₁ [m]
	acrobotLinkMass1   = 1.0 // m₁ [kg]
	acrobotLinkMass2   = 1.0 // m₂ [kg]
	acrobotLinkCOM1    = 0.5 // l_c1 [m], centre of mass of link 1
	acrobotLinkCOM2    = 0.5 // l_c2 [m]
	acrobotLinkMOI     = 1.0 // I₁ = I₂, moments of inertia
	acrobotGravity     = 9.8
	acrobotMaxVel1     = 4 * math.Pi
	acrobotMaxVel2     = 9 * math.Pi
)

var acrobotTorques = [3]float64{-1, 0, 1}

// acrobotGravity1 is the coefficient of cos(θ₁ − π/2) in φ₁, Gymnasium's
// (m1 * lc1 + m2 * l1) * g with Python's float64 rounding: 1.5 · 9.8
// rounds to 14.700000000000001. Written as a Go constant expression it is
// the float64 nearest 14.7, one ulp below, which changes φ₁ on every step
// and, the acrobot being chaotic, the trajectory within a few hundred.
var acrobotGravity1 = pythonProduct(
	acrobotLinkMass1*acrobotLinkCOM1+acrobotLinkMass2*acrobotLinkLength1, acrobotGravity)

// pythonProduct returns x·y rounded to float64, as Python multiplies two
// floats at run time (a product of constants in Go is exact until it is
// converted).
func pythonProduct(x, y float64) float64 { return x * y }

// Acrobot is the two-link under-actuated swing-up task of Sutton,
// "Generalization in reinforcement learning: Successful examples using sparse
// coarse coding", NIPS 8, 1996 (dynamics as in Sutton & Barto, Reinforcement
// Learning: An Introduction), with the constants and conventions of
// Gymnasium's Acrobot-v1 ("book" dynamics, no torque noise).
//
// The state is (θ₁, θ₂, θ̇₁, θ̇₂): θ₁ is the angle of the first link from
// hanging straight down and θ₂ the angle of the second link relative to the
// first. The observation is (cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂). Actions
// 0, 1, 2 apply torque τ = −1, 0, +1 at the joint between the links. With
// m₁ = m₂ = 1, l₁ = 1, l_c1 = l_c2 = 0.5, I₁ = I₂ = 1 and g = 9.8,
//
//	d₁ = m₁l_c1² + m₂(l₁² + l_c2² + 2l₁l_c2 cos θ₂) + I₁ + I₂
//	d₂ = m₂(l_c2² + l₁l_c2 cos θ₂) + I₂
//	φ₂ = m₂l_c2 g cos(θ₁ + θ₂ − π/2)
//	φ₁ = −m₂l₁l_c2 θ̇₂² sin θ₂ − 2m₂l₁l_c2 θ̇₂θ̇₁ sin θ₂ + (m₁l_c1 + m₂l₁) g cos(θ₁ − π/2) + φ₂
//	θ̈₂ = (τ + d₂/d₁·φ₁ − m₂l₁l_c2 θ̇₁² sin θ₂ − φ₂) / (m₂l_c2² + I₂ − d₂²/d₁)
//	θ̈₁ = −(d₂θ̈₂ + φ₁) / d₁
//
// The state is advanced by one classical fourth-order Runge–Kutta step of
// dt = 0.2 with the torque held constant; then θ₁ and θ₂ are wrapped into
// [−π, π] and θ̇₁, θ̇₂ are clipped to [−4π, 4π] and [−9π, 9π].
//
// The episode terminates when the free end is more than one link length above
// the pivot, −cos θ₁ − cos(θ₁ + θ₂) > 1. The reward is −1 per step and 0 on
// the terminating step. Reset draws each state component uniformly from
// [−0.1, 0.1). Make("Acrobot-v1") truncates episodes at 500 steps.
type Acrobot struct {
	state    [4]float64
	obs      obsBuf
	ready    bool
	obsSpace *Box
}

// NewAcrobot returns an unwrapped acrobot (no time limit).
func NewAcrobot() *Acrobot {
	hi := []float64{1, 1, 1, 1, acrobotMaxVel1, acrobotMaxVel2}
	lo := make([]float64, len(hi))
	for i, h := range hi {
		lo[i] = -h
	}
	return &Acrobot{obs: newObsBuf(6), obsSpace: NewBox(lo, hi)}
}

// ObservationSpace implements Env.
func (a *Acrobot) ObservationSpace() Space { return a.obsSpace }

// ActionSpace implements Env: Discrete(3) for torques −1, 0, +1.
func (a *Acrobot) ActionSpace() Space { return Discrete{N: 3} }

// Reset implements Env.
func (a *Acrobot) Reset(rng *rand.Rand) []float64 {
	for i := range a.state {
		a.state[i] = uniform(rng, -0.1, 0.1)
	}
	a.ready = true
	return a.observe()
}

// State returns the state (θ₁, θ₂, θ̇₁, θ̇₂).
func (a *Acrobot) State() [4]float64 { return a.state }

// SetState sets the state (θ₁, θ₂, θ̇₁, θ̇₂) and starts a new episode from
// it, so that Step can be called without Reset.
func (a *Acrobot) SetState(s [4]float64) {
	a.state = s
	a.ready = true
}

func (a *Acrobot) observe() []float64 {
	o := a.obs.next()
	s := a.state
	o[0], o[1] = math.Cos(s[0]), math.Sin(s[0])
	o[2], o[3] = math.Cos(s[1]), math.Sin(s[1])
	o[4], o[5] = s[2], s[3]
	return o
}

// acrobotDeriv returns ds/dt at state s under torque tau.
func acrobotDeriv(s [4]float64, tau float64) [4]float64 {
	const (
		m1, m2   = acrobotLinkMass1, acrobotLinkMass2
		l1       = acrobotLinkLength1
		lc1, lc2 = acrobotLinkCOM1, acrobotLinkCOM2
		i1, i2   = acrobotLinkMOI, acrobotLinkMOI
		g        = acrobotGravity
	)
	theta1, theta2, dtheta1, dtheta2 := s[0], s[1], s[2], s[3]
	sin2, cos2 := math.Sincos(theta2)
	d1 := m1*lc1*lc1 + m2*(l1*l1+lc2*lc2+2*l1*lc2*cos2) + i1 + i2
	d2 := m2*(lc2*lc2+l1*lc2*cos2) + i2
	phi2 := m2 * lc2 * g * math.Cos(theta1+theta2-math.Pi/2)
	phi1 := -m2*l1*lc2*dtheta2*dtheta2*sin2 -
		2*m2*l1*lc2*dtheta2*dtheta1*sin2 +
		acrobotGravity1*math.Cos(theta1-math.Pi/2) + phi2
	ddtheta2 := (tau + d2/d1*phi1 - m2*l1*lc2*dtheta1*dtheta1*sin2 - phi2) /
		(m2*lc2*lc2 + i2 - d2*d2/d1)
	ddtheta1 := -(d2*ddtheta2 + phi1) / d1
	return [4]float64{dtheta1, dtheta2, ddtheta1, ddtheta2}
}

// maxWrapTurns bounds the turns wrapAngle removes one at a time.
const maxWrapTurns = 1 << 16

// wrapAngle maps x into [lo, hi] by adding or subtracting hi − lo, one turn
// at a time as Gymnasium's wrap does. An x more than maxWrapTurns turns
// from 0 is first reduced with math.Mod: removing one turn never changes
// 1e17 (1e17 − 2π rounds to 1e17) nor ±Inf, on which Gymnasium's loop
// hangs. ±Inf and NaN give NaN.
func wrapAngle(x, lo, hi float64) float64 {
	diff := hi - lo
	if !(math.Abs(x) <= maxWrapTurns*diff) {
		x = lo + math.Mod(x-lo, diff)
	}
	for x > hi {
		x -= diff
	}
	for x < lo {
		x += diff
	}
	return x
}

// Step implements Env. It panics if called before Reset or with an action
// outside Discrete(3).
func (a *Acrobot) Step(action []float64) ([]float64, float64, bool, bool) {
	if !a.ready {
		panic("env: Acrobot: Step called before Reset")
	}
	tau := acrobotTorques[discreteAction("Acrobot", Discrete{N: 3}, action)]

	const h = acrobotDT
	y0 := a.state
	k1 := acrobotDeriv(y0, tau)
	var y [4]float64
	for i := range y {
		y[i] = y0[i] + h/2*k1[i]
	}
	k2 := acrobotDeriv(y, tau)
	for i := range y {
		y[i] = y0[i] + h/2*k2[i]
	}
	k3 := acrobotDeriv(y, tau)
	for i := range y {
		y[i] = y0[i] + h*k3[i]
	}
	k4 := acrobotDeriv(y, tau)
	var ns [4]float64
	for i := range ns {
		ns[i] = y0[i] + h/6*(k1[i]+2*k2[i]+2*k3[i]+k4[i])
	}
	ns[0] = wrapAngle(ns[0], -math.Pi, math.Pi)
	ns[1] = wrapAngle(ns[1], -math.Pi, math.Pi)
	ns[2] = min(max(ns[2], -acrobotMaxVel1), acrobotMaxVel1)
	ns[3] = min(max(ns[3], -acrobotMaxVel2), acrobotMaxVel2)
	a.state = ns

	terminated := -math.Cos(ns[0])-math.Cos(ns[1]+ns[0]) > 1.0
	reward := -1.0
	if terminated {
		reward = 0
	}
	return a.observe(), reward, terminated, false
}
