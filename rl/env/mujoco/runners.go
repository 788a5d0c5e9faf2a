//go:build mujoco

package mujoco

import (
	"math"
	"math/rand/v2"
)

func init() {
	register(task{id: "HalfCheetah-v4", model: "half_cheetah.xml", frameSkip: 5, obsDim: 17,
		reset: noise01Reset, observe: skipObserve(1), step: halfCheetahStep})
	register(task{id: "Ant-v4", model: "ant.xml", frameSkip: 5, obsDim: 27,
		reset: noise01Reset, observe: skipObserve(2), step: antStep})
	register(task{id: "Swimmer-v4", model: "swimmer.xml", frameSkip: 4, obsDim: 8,
		reset: func(e *Env, rng *rand.Rand) {
			uniformNoise(rng, e.sim.QPos, e.sim.QPos0, 0.1)
			uniformNoise(rng, e.sim.QVel, nil, 0.1)
		},
		observe: skipObserve(2), step: swimmerStep})
	register(task{id: "Reacher-v4", model: "reacher.xml", frameSkip: 2, obsDim: 11,
		reset: reacherReset, observe: reacherObserve, step: reacherStep})
}

// noise01Reset is the reset of HalfCheetah-v4 and Ant-v4: qpos0 plus
// U(−0.1, 0.1) per coordinate, and velocities 0.1·N(0, 1).
func noise01Reset(e *Env, rng *rand.Rand) {
	uniformNoise(rng, e.sim.QPos, e.sim.QPos0, 0.1)
	normalNoise(rng, e.sim.QVel, 0.1)
}

// skipObserve returns the observation (qpos[k:], qvel): the first k
// position coordinates (the root's x, or x and y) are excluded, velocities
// are not clipped.
func skipObserve(k int) func(e *Env, o []float64) {
	return func(e *Env, o []float64) {
		n := copy(o, e.sim.QPos[k:])
		copy(o[n:], e.sim.QVel)
	}
}

// halfCheetahStep is HalfCheetah-v4 (frame_skip 5 of 0.01 s, dt = 0.05):
//
//	r = (x′ − x)/dt − 0.1·Σa²,  x = qpos[0],
//
// never terminating; the observation is (qpos[1:], qvel), 17 values.
func halfCheetahStep(e *Env, a []float64) (Terms, bool) {
	x0 := e.sim.QPos[0]
	e.simulate(a)
	t := Terms{Forward: (e.sim.QPos[0] - x0) / e.dt, Ctrl: -0.1 * sumSq(a)}
	t.Reward = t.Forward + t.Ctrl
	return t, false
}

// antStep is Ant-v4 without contact forces (Gymnasium's default;
// frame_skip 5 of 0.01 s, dt = 0.05):
//
//	r = (x′ − x)/dt + 1 − 0.5·Σa²,
//
// with x the torso body's x position (data.xpos, as get_body_com reads it)
// before and after the step; the healthy reward 1 is paid on every step.
// The episode terminates unless the state (qpos, qvel) is finite and the
// torso height qpos[2] is in [0.2, 1]. The observation is (qpos[2:], qvel),
// 13 + 14 = 27 values.
func antStep(e *Env, a []float64) (Terms, bool) {
	x0 := e.sim.XPos[3*e.torso]
	e.simulate(a)
	t := Terms{Forward: (e.sim.XPos[3*e.torso] - x0) / e.dt, Healthy: 1, Ctrl: -0.5 * sumSq(a)}
	t.Reward = t.Forward + t.Healthy + t.Ctrl
	return t, !antHealthy(e.sim.QPos, e.sim.QVel)
}

// antHealthy is Ant-v4's healthy condition: a finite state and the torso
// height qpos[2] in [0.2, 1].
func antHealthy(qpos, qvel []float64) bool {
	z := qpos[2]
	return finite(qpos, qvel) && z >= 0.2 && z <= 1
}

// swimmerStep is Swimmer-v4 (frame_skip 4 of 0.01 s, dt = 0.04):
//
//	r = (x′ − x)/dt − 10⁻⁴·Σa²,  x = qpos[0],
//
// never terminating; the observation is (qpos[2:], qvel), 3 + 5 = 8
// values; reset adds U(−0.1, 0.1) to every qpos and qvel coordinate.
func swimmerStep(e *Env, a []float64) (Terms, bool) {
	x0 := e.sim.QPos[0]
	e.simulate(a)
	t := Terms{Forward: (e.sim.QPos[0] - x0) / e.dt, Ctrl: -1e-4 * sumSq(a)}
	t.Reward = t.Forward + t.Ctrl
	return t, false
}

// reacherReset is Reacher-v4's: the arm at qpos0 + U(−0.1, 0.1); the
// target (qpos[2:4]) drawn from U(−0.2, 0.2)² until it lies within 0.2 of
// the origin; arm velocities U(−0.005, 0.005), target velocities 0.
func reacherReset(e *Env, rng *rand.Rand) {
	q := e.sim.QPos
	uniformNoise(rng, q, e.sim.QPos0, 0.1)
	for {
		gx, gy := -0.2+0.4*rng.Float64(), -0.2+0.4*rng.Float64()
		if goalInDisc(gx, gy) {
			q[2], q[3] = gx, gy
			break
		}
	}
	uniformNoise(rng, e.sim.QVel, nil, 0.005)
	e.sim.QVel[2], e.sim.QVel[3] = 0, 0
}

// goalInDisc is reset_model's test np.linalg.norm(goal) < 0.2 with the
// norm as NumPy takes it, √(gx·gx + gy·gy) summed in order; math.Hypot
// rounds differently and, on the circle's edge, accepts goals Gymnasium
// rejects (and the other way round).
func goalInDisc(gx, gy float64) bool { return math.Sqrt(gx*gx+gy*gy) < 0.2 }

// reacherStep is Reacher-v4 (frame_skip 2 of 0.01 s): with d the vector
// from the target body to the fingertip body before the step,
//
//	r = −‖d‖ − Σa²,
//
// never terminating (Make truncates at 50 steps).
func reacherStep(e *Env, a []float64) (Terms, bool) {
	var d [3]float64
	e.fingertipToTarget(d[:])
	t := Terms{Distance: -math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2]), Ctrl: -sumSq(a)}
	t.Reward = t.Distance + t.Ctrl
	e.simulate(a)
	return t, false
}

func (e *Env) fingertipToTarget(d []float64) {
	for i := range 3 {
		d[i] = e.sim.XPos[3*e.tipB+i] - e.sim.XPos[3*e.tgt+i]
	}
}

// reacherObserve writes (cos q₀, cos q₁, sin q₀, sin q₁, target x, y,
// q̇₀, q̇₁, fingertip − target (3)): 11 values.
func reacherObserve(e *Env, o []float64) {
	q := e.sim.QPos
	o[2], o[0] = math.Sincos(q[0])
	o[3], o[1] = math.Sincos(q[1])
	o[4], o[5] = q[2], q[3]
	o[6], o[7] = e.sim.QVel[0], e.sim.QVel[1]
	e.fingertipToTarget(o[8:11])
}
