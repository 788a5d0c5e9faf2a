package env

import (
	"math"
	"math/rand/v2"
)

// Pendulum constants (Gymnasium Pendulum-v1).
const (
	pendulumMaxSpeed  = 8.0
	pendulumMaxTorque = 2.0
	pendulumDT        = 0.05
	pendulumGravity   = 10.0
	pendulumMass      = 1.0
	pendulumLength    = 1.0
)

// Pendulum is the inverted-pendulum swing-up task with the constants and
// conventions of Gymnasium's Pendulum-v1.
//
// The state is (θ, θ̇) with θ = 0 upright; the observation is
// (cos θ, sin θ, θ̇). The action is a torque u, clipped to [−2, 2]. With
// g = 10, m = 1, l = 1 and dt = 0.05 one step is a semi-implicit Euler step
// with a speed limit:
//
//	θ̇′ = clip(θ̇ + (3g/(2l)·sin θ + 3/(ml²)·u)·dt, −8, 8)
//	θ′  = θ + θ̇′·dt
//
// The reward, computed from the state before the step, is
//
//	r = −(θₙ² + 0.1·θ̇² + 0.001·u²),  θₙ = ((θ + π) mod 2π) − π ∈ [−π, π),
//
// so it lies in [−16.2736044, 0]. 0.1·θ̇² and 0.001·u² are formed as
// repeated products ((0.1·θ̇)·θ̇, (0.001·u)·u) where Gymnasium squares
// first (0.1 * thdot**2, 0.001 * (u**2)); the reward then differs from
// Gymnasium's float64 one by at most 2 ulp on about 8 % of steps (the
// states are the same bits). The order is kept because the committed
// Pendulum runs depend on it bit for bit. The task never terminates;
// Make("Pendulum-v1") truncates episodes at 200 steps. Reset draws θ
// uniformly from [−π, π) and θ̇ from [−1, 1). θ itself is not wrapped.
type Pendulum struct {
	state    [2]float64
	lastU    float64
	obs      obsBuf
	ready    bool
	obsSpace *Box
	actSpace *Box
}

// NewPendulum returns an unwrapped pendulum (no time limit).
func NewPendulum() *Pendulum {
	return &Pendulum{
		obs:      newObsBuf(3),
		obsSpace: NewBox([]float64{-1, -1, -pendulumMaxSpeed}, []float64{1, 1, pendulumMaxSpeed}),
		actSpace: NewBox([]float64{-pendulumMaxTorque}, []float64{pendulumMaxTorque}),
	}
}

// ObservationSpace implements Env.
func (p *Pendulum) ObservationSpace() Space { return p.obsSpace }

// ActionSpace implements Env: Box([-2], [2]).
func (p *Pendulum) ActionSpace() Space { return p.actSpace }

// Reset implements Env.
func (p *Pendulum) Reset(rng *rand.Rand) []float64 {
	p.state[0] = uniform(rng, -math.Pi, math.Pi)
	p.state[1] = uniform(rng, -1, 1)
	p.lastU = 0
	p.ready = true
	return p.observe()
}

// State returns the state (θ, θ̇).
func (p *Pendulum) State() [2]float64 { return p.state }

// SetState sets the state (θ, θ̇) and starts a new episode from it, so that
// Step can be called without Reset.
func (p *Pendulum) SetState(s [2]float64) {
	p.state = s
	p.lastU = 0
	p.ready = true
}

// LastAction returns the clipped torque applied by the latest Step of the
// episode, 0 before its first (after Reset or SetState).
func (p *Pendulum) LastAction() float64 { return p.lastU }

func (p *Pendulum) observe() []float64 {
	o := p.obs.next()
	o[1], o[0] = math.Sincos(p.state[0])
	o[2] = p.state[1]
	return o
}

// angleNormalize maps x into [−π, π) with a floored modulus, as Python's %.
func angleNormalize(x float64) float64 {
	r := math.Mod(x+math.Pi, 2*math.Pi)
	if r < 0 {
		r += 2 * math.Pi
	}
	return r - math.Pi
}

// Step implements Env. It panics if called before Reset or with an action
// that is not one-dimensional.
func (p *Pendulum) Step(action []float64) ([]float64, float64, bool, bool) {
	if !p.ready {
		panic("env: Pendulum: Step called before Reset")
	}
	u := min(max(continuousAction("Pendulum", action), -pendulumMaxTorque), pendulumMaxTorque)
	th, thDot := p.state[0], p.state[1]
	p.lastU = u

	thn := angleNormalize(th)
	cost := thn*thn + 0.1*thDot*thDot + 0.001*u*u

	const (
		g, m, l = pendulumGravity, pendulumMass, pendulumLength
	)
	newThDot := thDot + (3*g/(2*l)*math.Sin(th)+3.0/(m*l*l)*u)*pendulumDT
	newThDot = min(max(newThDot, -pendulumMaxSpeed), pendulumMaxSpeed)
	newTh := th + newThDot*pendulumDT
	p.state = [2]float64{newTh, newThDot}
	return p.observe(), -cost, false, false
}
