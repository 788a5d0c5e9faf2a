package env

import (
	"math"
	"math/rand/v2"
)

// Continuous mountain-car constants (Gymnasium MountainCarContinuous-v0).
const (
	mountainCarMinAction    = -1.0
	mountainCarMaxAction    = 1.0
	mountainCarMinPosition  = -1.2
	mountainCarMaxPosition  = 0.6
	mountainCarMaxSpeed     = 0.07
	mountainCarGoalPosition = 0.45
	mountainCarGoalVelocity = 0.0
	mountainCarPower        = 0.0015
	mountainCarGravity      = 0.0025
)

// MountainCarContinuous is the under-powered car task of Moore, "Efficient
// Memory-based Learning for Robot Control", PhD thesis, University of
// Cambridge, 1990, with continuous actions and the constants and conventions
// of Gymnasium's MountainCarContinuous-v0.
//
// The state and observation are (position p, velocity v). The action is a
// force a; the applied force is f = clip(a, −1, 1). One step is
//
//	v′ = clip(v + 0.0015·f − 0.0025·cos(3p), −0.07, 0.07)
//	p′ = clip(p + v′, −1.2, 0.6)
//	v′ = 0 if p′ = −1.2 and v′ < 0 (inelastic left wall)
//
// The episode terminates when p′ ≥ 0.45 and v′ ≥ 0. The reward is
// 100·[terminated] − 0.1·a², where, as in Gymnasium, the energy penalty uses
// the action as passed (before clipping). Reset draws p uniformly from
// [−0.6, −0.4) and sets v = 0. Make("MountainCarContinuous-v0") truncates
// episodes at 999 steps.
type MountainCarContinuous struct {
	state    [2]float64
	obs      obsBuf
	ready    bool
	obsSpace *Box
	actSpace *Box
}

// NewMountainCarContinuous returns an unwrapped continuous mountain car (no
// time limit).
func NewMountainCarContinuous() *MountainCarContinuous {
	return &MountainCarContinuous{
		obs: newObsBuf(2),
		obsSpace: NewBox(
			[]float64{mountainCarMinPosition, -mountainCarMaxSpeed},
			[]float64{mountainCarMaxPosition, mountainCarMaxSpeed}),
		actSpace: NewBox([]float64{mountainCarMinAction}, []float64{mountainCarMaxAction}),
	}
}

// ObservationSpace implements Env.
func (m *MountainCarContinuous) ObservationSpace() Space { return m.obsSpace }

// ActionSpace implements Env: Box([-1], [1]).
func (m *MountainCarContinuous) ActionSpace() Space { return m.actSpace }

// Reset implements Env.
func (m *MountainCarContinuous) Reset(rng *rand.Rand) []float64 {
	m.state = [2]float64{uniform(rng, -0.6, -0.4), 0}
	m.ready = true
	return m.observe()
}

// State returns the state (position, velocity).
func (m *MountainCarContinuous) State() [2]float64 { return m.state }

// SetState sets the state (position, velocity) and starts a new episode from
// it, so that Step can be called without Reset.
func (m *MountainCarContinuous) SetState(s [2]float64) {
	m.state = s
	m.ready = true
}

func (m *MountainCarContinuous) observe() []float64 {
	o := m.obs.next()
	o[0], o[1] = m.state[0], m.state[1]
	return o
}

// Step implements Env. It panics if called before Reset or with an action
// that is not one-dimensional.
func (m *MountainCarContinuous) Step(action []float64) ([]float64, float64, bool, bool) {
	if !m.ready {
		panic("env: MountainCarContinuous: Step called before Reset")
	}
	a := continuousAction("MountainCarContinuous", action)
	force := min(max(a, mountainCarMinAction), mountainCarMaxAction)
	pos, vel := m.state[0], m.state[1]

	vel += force*mountainCarPower - mountainCarGravity*math.Cos(3*pos)
	vel = min(max(vel, -mountainCarMaxSpeed), mountainCarMaxSpeed)
	pos += vel
	pos = min(max(pos, mountainCarMinPosition), mountainCarMaxPosition)
	if pos == mountainCarMinPosition && vel < 0 {
		vel = 0
	}
	m.state = [2]float64{pos, vel}

	terminated := pos >= mountainCarGoalPosition && vel >= mountainCarGoalVelocity
	reward := 0.0
	if terminated {
		reward = 100
	}
	reward -= a * a * 0.1
	return m.observe(), reward, terminated, false
}
