//go:build mujoco

package mujoco

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// TestStepErrorNamesSetState: SetState restarts the step count Step's
// MuJoCo-error panic reports, so that count is the step since SetState,
// and the panic must say so. It said "step m after Reset" for the m-th
// step after SetState: here, two steps after Reset and SetState then, the
// box's landing overflows the stack on the m-th step after SetState, the
// (m+2)-th after Reset.
func TestStepErrorNamesSetState(t *testing.T) {
	e := smallStackEnv(t)
	sim := e.sim
	defer e.Close()
	e.Reset(env.NewRand(1))
	e.Step(nil)
	e.Step(nil) // the box is still in the air: 0.1 s of fall from 0.2 m above the plane
	e.SetState(slices.Clone(sim.QPos0), make([]float64, sim.NV))
	steps := 0
	msg := func() (msg string) {
		defer func() { msg = fmt.Sprint(recover()) }()
		for ; steps < 100; steps++ {
			e.Step(nil)
		}
		return "no panic"
	}()
	want := fmt.Sprintf("mujoco: Small: step %d after SetState: mujoco: small.xml: mj_step at simulation time ", steps+1)
	if !strings.HasPrefix(msg, want) || !strings.HasSuffix(msg, "MuJoCo error: Stack overflow") || steps == 0 {
		t.Errorf("panic %q after %d steps since SetState, want %q…Stack overflow", msg, steps, want)
	}
}
