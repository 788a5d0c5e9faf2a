//go:build mujoco

package mujoco

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// TestResetForgetsHistory: what follows a Reset depends on the random
// stream alone, not on what the Env did before. An Env that has run
// episodes (actions beyond the control range, terminations, an unstable
// state MuJoCo reset) and a fresh one, both reset from the same stream and
// driven by the same actions, give the same observations, rewards,
// terminations and simulation time bit for bit. An RL checkpoint holds no
// environment state on the strength of this: every epoch starts with a
// reset drawn from the saved stream, so a run resumed in a new process
// (fresh Envs) continues as the uninterrupted one (Envs with a history).
func TestResetForgetsHistory(t *testing.T) {
	type step struct {
		obs        []float64
		r, time    float64
		term       bool
		qpos, qvel []float64
	}
	drive := func(e *Env, seed uint64) []step {
		o := slices.Clone(e.Reset(env.NewRand(seed)))
		arng := rand.New(rand.NewPCG(seed, 7))
		act := make([]float64, e.sim.NU)
		out := []step{{obs: o, time: e.sim.Time(), qpos: slices.Clone(e.sim.QPos), qvel: slices.Clone(e.sim.QVel)}}
		for range 300 {
			for i := range act {
				act[i] = 2*arng.Float64() - 1
			}
			o, r, term, _ := e.Step(act)
			out = append(out, step{slices.Clone(o), r, e.sim.Time(), term, slices.Clone(e.sim.QPos), slices.Clone(e.sim.QVel)})
			if term {
				break
			}
		}
		return out
	}
	same := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
	}
	for _, task := range env.MuJoCoTasks {
		fresh := newEnv(t, task.ID)
		used := newEnv(t, task.ID)
		// A history: episodes of large random actions, reset on
		// termination, then a state MuJoCo cannot integrate.
		rng, arng := env.NewRand(99), rand.New(rand.NewPCG(99, 1))
		used.Reset(rng)
		act := make([]float64, used.sim.NU)
		for range 700 {
			for i := range act {
				act[i] = 3 * (2*arng.Float64() - 1)
			}
			if _, _, term, _ := used.Step(act); term {
				used.Reset(rng)
			}
		}
		v := make([]float64, used.sim.NV)
		v[0] = math.NaN()
		used.SetState(used.sim.QPos, v)
		used.Step(act)
		if used.sim.Unstable() == 0 {
			t.Errorf("%s: the NaN state was not counted unstable", task.ID)
		}
		want, got := drive(fresh, 5), drive(used, 5)
		if len(got) != len(want) {
			t.Errorf("%s: after a history the episode lasts %d steps, fresh %d", task.ID, len(got)-1, len(want)-1)
			continue
		}
		for i := range want {
			w, g := want[i], got[i]
			if !same(g.obs, w.obs) || !same([]float64{g.r, g.time}, []float64{w.r, w.time}) || g.term != w.term ||
				!same(g.qpos, w.qpos) || !same(g.qvel, w.qvel) {
				t.Errorf("%s: step %d after Reset differs from a fresh Env's:\n%+v\nwant\n%+v", task.ID, i, g, w)
				break
			}
		}
		fresh.Close()
		used.Close()
	}
}
