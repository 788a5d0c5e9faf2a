//go:build mujoco

package mujoco

import (
	"fmt"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

func TestSmokeTmp(t *testing.T) {
	fmt.Println(Version())
	for _, task := range env.MuJoCoTasks {
		e, err := New(task.ID)
		if err != nil {
			t.Fatal(err)
		}
		s := e.Sim()
		rng := env.NewRand(1)
		o := e.Reset(rng)
		ret := 0.0
		n := 0
		act := make([]float64, s.NU)
		for n = 0; n < 1000; n++ {
			e.ActionSpace().Sample(rng, act)
			_, r, term, _ := e.Step(act)
			ret += r
			if term {
				break
			}
		}
		fmt.Println(task.ID, s.NQ, s.NV, s.NU, len(o), e.Dt(), s.BodyMass, "qpos0", s.QPos0, "steps", n, "ret", ret)
	}
}
