//go:build mujoco

package mujoco

import (
	"math"
	"math/rand/v2"
)

func init() {
	register(task{id: "InvertedPendulum-v4", model: "inverted_pendulum.xml", frameSkip: 2, obsDim: 4,
		reset: func(e *Env, rng *rand.Rand) {
			uniformNoise(rng, e.sim.QPos, e.sim.QPos0, 0.01)
			uniformNoise(rng, e.sim.QVel, nil, 0.01)
		},
		observe: func(e *Env, o []float64) {
			n := copy(o, e.sim.QPos)
			copy(o[n:], e.sim.QVel)
		},
		step: invertedPendulumStep})
	register(task{id: "InvertedDoublePendulum-v4", model: "inverted_double_pendulum.xml", frameSkip: 5, obsDim: 11,
		reset: func(e *Env, rng *rand.Rand) {
			uniformNoise(rng, e.sim.QPos, e.sim.QPos0, 0.1)
			normalNoise(rng, e.sim.QVel, 0.1)
		},
		observe: doublePendulumObserve,
		step:    doublePendulumStep})
}

// invertedPendulumStep is InvertedPendulum-v4: a cart (slider, qpos[0]) with
// a hinged pole (qpos[1]); frame_skip 2 of 0.02 s. The reward is 1 on every
// step, the terminating one included; the episode terminates when the
// observation (qpos, qvel) is not finite or |qpos[1]| > 0.2. Reset adds
// U(−0.01, 0.01) to every coordinate of qpos and qvel.
func invertedPendulumStep(e *Env, a []float64) (Terms, bool) {
	e.simulate(a)
	t := Terms{Healthy: 1, Reward: 1}
	ok := finite(e.sim.QPos, e.sim.QVel) && math.Abs(e.sim.QPos[1]) <= 0.2
	return t, !ok
}

// doublePendulumStep is InvertedDoublePendulum-v4: a cart (qpos[0]) with
// two hinged poles (qpos[1], qpos[2]); frame_skip 5 of 0.01 s. With (x, y)
// the tip site's x and height after the step and ω₁, ω₂ = qvel[1], qvel[2]:
//
//	r = 10 − (0.01x² + (y − 2)²) − (10⁻³ω₁² + 5·10⁻³ω₂²),
//
// the alive bonus 10 paid on every step; the episode terminates when
// y ≤ 1. Reset adds U(−0.1, 0.1) to qpos and 0.1·N(0, 1) to qvel.
func doublePendulumStep(e *Env, a []float64) (Terms, bool) {
	e.simulate(a)
	x, y := e.sim.SiteXPos[3*e.tip], e.sim.SiteXPos[3*e.tip+2]
	dist, vel := doublePendulumPenalties(x, y, e.sim.QVel[1], e.sim.QVel[2])
	t := Terms{Healthy: 10, Distance: -dist, Velocity: -vel}
	t.Reward = t.Healthy + t.Distance + t.Velocity
	return t, y <= 1
}

// doublePendulumPenalties returns InvertedDoublePendulum-v4's distance
// penalty 0.01x² + (y − 2)² and velocity penalty 10⁻³ω₁² + 5·10⁻³ω₂² in
// Python's order of operations: Gymnasium writes 0.01 * x**2, which squares
// first and then scales, where Go's 0.01*x*x would scale first (a different
// rounding, e.g. x = 0.1 gives 0.0001 instead of 0.00010000000000000002).
func doublePendulumPenalties(x, y, w1, w2 float64) (dist, vel float64) {
	dist = 0.01*(x*x) + (y-2)*(y-2)
	vel = 1e-3*(w1*w1) + 5e-3*(w2*w2)
	return dist, vel
}

// doublePendulumObserve writes (x, sin θ₁, sin θ₂, cos θ₁, cos θ₂,
// clip(qvel, −10, 10), clip(qfrc_constraint, −10, 10)): 1 + 2 + 2 + 3 + 3
// = 11 values.
func doublePendulumObserve(e *Env, o []float64) {
	q := e.sim.QPos
	o[0] = q[0]
	o[1], o[3] = math.Sincos(q[1])
	o[2], o[4] = math.Sincos(q[2])
	for i := 0; i < 3; i++ {
		o[5+i] = clip(e.sim.QVel[i], -10, 10)
		o[8+i] = clip(e.sim.QfrcConstraint[i], -10, 10)
	}
}
