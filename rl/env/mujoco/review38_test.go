//go:build mujoco

package mujoco

import (
	"fmt"
	"math"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// TestStepRefusesNaNAction: MuJoCo 2.2.2 meets a NaN control with a
// warning (which the quiet handler swallowed) and applies no force for the
// whole action, so InvertedPendulum-v4 returned reward 1, not terminated,
// and a finite observation for a NaN action — a diverged policy went
// unnoticed. Step now panics naming the task and the element. ±Inf is
// still clamped to the control range, as MuJoCo and Gymnasium do.
func TestStepRefusesNaNAction(t *testing.T) {
	for _, task := range env.MuJoCoTasks {
		e := newEnv(t, task.ID)
		e.Reset(env.NewRand(1))
		a := make([]float64, task.ActDim)
		a[task.ActDim-1] = math.NaN()
		msg := func() (msg string) {
			defer func() {
				if v := recover(); v != nil {
					msg = fmt.Sprint(v)
				}
			}()
			e.Step(a)
			return "no panic"
		}()
		want := fmt.Sprintf("mujoco: %s: action[%d] is NaN", task.ID, task.ActDim-1)
		if msg != want {
			t.Errorf("%s: Step with a NaN action: panic %q, want %q", task.ID, msg, want)
		}
		a[task.ActDim-1] = math.Inf(1)
		if _, _, _, _ = e.Step(a); e.Sim().Ctrl[task.ActDim-1] != math.Inf(1) {
			t.Errorf("%s: an infinite action was not passed to MuJoCo", task.ID)
		}
	}
}
