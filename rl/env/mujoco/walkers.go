//go:build mujoco

package mujoco

import (
	"math"
	"math/rand/v2"
)

// The planar walkers: Hopper-v4 and Walker2d-v4. qpos = (x, z, θ, joint
// angles…) with x and z the torso's slide joints and θ its pitch; qvel the
// matching velocities.
//
// Reward (Gymnasium v4, weights forward 1, control 10⁻³, healthy 1):
//
//	r = (x′ − x)/dt + 1 − 10⁻³·Σa²
//
// with x, x′ = qpos[0] before and after the frame_skip = 4 physics steps of
// 0.002 s (dt = 0.008 s). The healthy reward is paid on every step, the
// terminating one included (v4 pays it whenever terminate_when_unhealthy is
// set). The observation is (qpos[1:], clip(qvel, −10, 10)): the torso's x
// is excluded and the velocities are clipped. Reset adds U(−0.005, 0.005)
// to every qpos and qvel coordinate.
func init() {
	register(task{id: "Hopper-v4", model: "hopper.xml", frameSkip: 4, obsDim: 11,
		reset: walkerReset, observe: walkerObserve,
		step: func(e *Env, a []float64) (Terms, bool) { return walkerStep(e, a, hopperHealthy) }})
	register(task{id: "Walker2d-v4", model: "walker2d.xml", frameSkip: 4, obsDim: 17,
		reset: walkerReset, observe: walkerObserve,
		step: func(e *Env, a []float64) (Terms, bool) { return walkerStep(e, a, walker2dHealthy) }})
}

// hopperHealthy is Hopper-v4's healthy condition: every entry of
// (qpos[2:], qvel) in (−100, 100), the torso height z = qpos[1] in
// healthy_z_range (0.7, ∞), open at both ends as every range there, and
// its angle θ = qpos[2] in (−0.2, 0.2). Non-finite values are unhealthy.
func hopperHealthy(qpos, qvel []float64) bool {
	for _, v := range qpos[2:] {
		if !(v > -100 && v < 100) {
			return false
		}
	}
	for _, v := range qvel {
		if !(v > -100 && v < 100) {
			return false
		}
	}
	z, angle := qpos[1], qpos[2]
	return z > 0.7 && z < math.Inf(1) && angle > -0.2 && angle < 0.2
}

// walker2dHealthy is Walker2d-v4's: z = qpos[1] in (0.8, 2) and
// θ = qpos[2] in (−1, 1).
func walker2dHealthy(qpos, qvel []float64) bool {
	z, angle := qpos[1], qpos[2]
	return z > 0.8 && z < 2 && angle > -1 && angle < 1
}

func walkerReset(e *Env, rng *rand.Rand) {
	const noise = 5e-3
	uniformNoise(rng, e.sim.QPos, e.sim.QPos0, noise)
	uniformNoise(rng, e.sim.QVel, nil, noise)
}

func walkerStep(e *Env, a []float64, healthy func(qpos, qvel []float64) bool) (Terms, bool) {
	x0 := e.sim.QPos[0]
	e.simulate(a)
	var t Terms
	t.Forward = (e.sim.QPos[0] - x0) / e.dt
	t.Ctrl = -1e-3 * sumSq(a)
	t.Healthy = 1
	t.Reward = t.Forward + t.Healthy + t.Ctrl
	return t, !healthy(e.sim.QPos, e.sim.QVel)
}

func walkerObserve(e *Env, o []float64) {
	n := copy(o, e.sim.QPos[1:])
	for i, v := range e.sim.QVel {
		o[n+i] = clip(v, -10, 10)
	}
}
