//go:build mujoco

package mujoco_test

import (
	"fmt"

	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/env/mujoco"
)

// A MuJoCo task is made, reset and stepped like any environment once the
// package is linked in (build with -tags mujoco); its reward terms are
// available for inspection.
func Example() {
	e, err := env.Make("Hopper-v4")
	if err != nil {
		panic(err)
	}
	obs := e.Reset(env.NewRand(1))
	h := env.Unwrapped(e).(*mujoco.Env)
	fmt.Println(len(obs), e.ActionSpace(), h.Dt())
	_, r, terminated, _ := e.Step([]float64{0, 0, 0})
	t := h.LastTerms()
	fmt.Println(r == t.Forward+t.Healthy+t.Ctrl, t.Healthy, terminated)
	// Output:
	// 11 Box([-1 -1 -1], [1 1 1], (3,)) 0.008
	// true 1 false
}
