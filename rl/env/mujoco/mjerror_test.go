//go:build mujoco

package mujoco

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// smallStack is a model Load accepts (nothing touches at qpos0) whose
// mjData stack is too small for the contacts of the box landing on the
// plane: MuJoCo signals a fatal "Stack overflow" in mj_step.
const smallStack = `<mujoco><size nstack="100"/><worldbody>
<body pos="0 0 0.3"><freejoint/><geom type="box" size="0.1 0.1 0.1"/></body>
<geom type="plane" size="1 1 0.1"/></worldbody></mujoco>`

// TestMuJoCoErrorIsReturned: a fatal MuJoCo error during a step (mju_error,
// here its stack overflowing) comes back as an error naming the model, the
// call and the simulation time, instead of MuJoCo printing "Press Enter to
// exit ..." and ending the process (without the fix, the test binary
// exits there). The Sim refuses to step on until Reset, and works again
// after it.
func TestMuJoCoErrorIsReturned(t *testing.T) {
	s, err := Load("small.xml", []byte(smallStack))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Forward(); err != nil {
		t.Fatalf("Forward at rest: %v", err)
	}
	err = s.Step(500)
	if err == nil {
		t.Fatal("500 steps with a 100-word stack: no error")
	}
	for _, want := range []string{"small.xml", "mj_step at simulation time ", "Stack overflow"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if t0 := s.Time(); !strings.Contains(err.Error(), fmt.Sprintf("time %v:", t0)) || t0 <= 0 {
		t.Errorf("error %q, simulation time %v", err, t0)
	}
	if err2 := s.Step(1); err2 == nil || !strings.Contains(err2.Error(), "Reset first") {
		t.Errorf("Step after the error: %v, want an error asking for Reset", err2)
	}
	if err2 := s.Forward(); err2 == nil || !strings.Contains(err2.Error(), "Reset first") {
		t.Errorf("Forward after the error: %v, want an error asking for Reset", err2)
	}
	s.Reset()
	if err := s.Step(1); err != nil || s.Time() != s.Timestep {
		t.Errorf("a step after Reset: %v, time %v", err, s.Time())
	}
}

// TestEnvStepPanicsOnMuJoCoError: an Env whose step meets a fatal MuJoCo
// error panics naming the task, the step since Reset and MuJoCo's message,
// and steps again after Reset.
func TestEnvStepPanicsOnMuJoCoError(t *testing.T) {
	e := smallStackEnv(t)
	defer e.Close()
	panicMsg := func(f func()) (msg string) {
		defer func() { msg = fmt.Sprint(recover()) }()
		f()
		return ""
	}
	for round := 0; round < 2; round++ {
		e.Reset(env.NewRand(1))
		steps := 0
		msg := panicMsg(func() {
			for ; steps < 100; steps++ {
				e.Step(nil)
			}
		})
		want := fmt.Sprintf("mujoco: Small: step %d after Reset: mujoco: small.xml: mj_step at simulation time ", steps+1)
		if !strings.HasPrefix(msg, want) || !strings.HasSuffix(msg, "MuJoCo error: Stack overflow") || steps == 0 {
			t.Fatalf("round %d: panic %q after %d steps, want %q…Stack overflow", round, msg, steps, want)
		}
		if msg := panicMsg(func() { e.Step(nil) }); !strings.Contains(msg, "Reset first") {
			t.Errorf("round %d: Step after the error: panic %q", round, msg)
		}
	}
}

// TestMuJoCoErrorsOnManyGoroutines: the jump back from MuJoCo's error is
// per thread, so Sims failing on several goroutines at once each get their
// own error, and an Env stepping beside them is unaffected.
func TestMuJoCoErrorsOnManyGoroutines(t *testing.T) {
	const n = 4
	errs := make(chan error, 2*n)
	for g := 0; g < n; g++ {
		go func() {
			s, err := Load("small.xml", []byte(smallStack))
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			for round := 0; round < 20; round++ {
				s.Reset()
				if err := s.Step(500); err == nil || !strings.Contains(err.Error(), "Stack overflow") {
					errs <- fmt.Errorf("round %d: %v, want a stack overflow", round, err)
					return
				}
			}
			errs <- nil
		}()
		go func() {
			e, err := New("Hopper-v4")
			if err != nil {
				errs <- err
				return
			}
			defer e.Close()
			rng := env.NewRand(1)
			e.Reset(rng)
			act := make([]float64, 3)
			for k := 0; k < 500; k++ {
				if _, _, term, _ := e.Step(act); term {
					e.Reset(rng)
				}
			}
			errs <- nil
		}()
	}
	for i := 0; i < 2*n; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// smallStackEnv is an Env of the task "Small" on smallStack, whose step
// (25 frames) lets the box fall until its landing overflows MuJoCo's
// stack.
func smallStackEnv(t *testing.T) *Env {
	t.Helper()
	sim, err := Load("small.xml", []byte(smallStack))
	if err != nil {
		t.Fatal(err)
	}
	return &Env{sim: sim, t: task{id: "Small", frameSkip: 25, obsDim: 1,
		reset:   func(*Env, *rand.Rand) {},
		observe: func(e *Env, o []float64) { o[0] = e.sim.QPos[2] },
		step:    func(e *Env, a []float64) (Terms, bool) { e.simulate(a); return Terms{}, false }},
		obs: [2][]float64{make([]float64, 1), make([]float64, 1)}}
}
