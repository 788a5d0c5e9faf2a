//go:build mujoco

package mujoco

import (
	"math"
	"testing"
)

// TestUnstableCountsNaNControl: a NaN written straight into Sim.Ctrl makes
// MuJoCo 2.2.2 apply no actuator force at all (the other controls
// included) and count a bad-control warning, which Unstable used to leave
// out, reporting 0 for a step that silently ignored its controls. It is
// counted once per evaluation of the dynamics: 1 per physics step with
// HalfCheetah's Euler integrator, 4 with Hopper's RK4, 1 per Forward. A
// finite or infinite control (clamped) counts nothing; Reset clears the
// count.
func TestUnstableCountsNaNControl(t *testing.T) {
	for _, c := range []struct {
		id   string
		want int
	}{{"HalfCheetah-v4", 3}, {"Hopper-v4", 12}} {
		s := newEnv(t, c.id).Sim()
		s.Reset()
		s.Ctrl[0], s.Ctrl[1] = math.Inf(1), 0.5
		if err := s.Step(3); err != nil || s.Unstable() != 0 {
			t.Fatalf("%s: finite and infinite controls: error %v, Unstable %d, want nil, 0", c.id, err, s.Unstable())
		}
		s.Ctrl[0] = math.NaN()
		if err := s.Step(3); err != nil {
			t.Fatal(err)
		}
		if got := s.Unstable(); got != c.want {
			t.Errorf("%s: 3 physics steps with a NaN control: Unstable %d, want %d", c.id, got, c.want)
		}
		if err := s.Forward(); err != nil || s.Unstable() != c.want+1 {
			t.Errorf("%s: Forward with a NaN control: error %v, Unstable %d, want nil, %d", c.id, err, s.Unstable(), c.want+1)
		}
		s.Reset()
		if s.Unstable() != 0 {
			t.Errorf("%s: Reset left %d warnings counted", c.id, s.Unstable())
		}
	}
}

// TestUnstableCountsEveryInstability: when MuJoCo meets a bad state in a
// step it resets the data with mj_resetData, which also zeroes its warning
// counters, and then counts the one warning; so Unstable, which read those
// counters, said 1 after three separate instabilities (and forgot the
// bad-control warnings counted before the latest one). It counts them all
// now, until Reset.
func TestUnstableCountsEveryInstability(t *testing.T) {
	for _, c := range []struct {
		id             string
		perNaNCtrlStep int // bad-control warnings per physics step with a NaN control
	}{{"HalfCheetah-v4", 1}, {"Hopper-v4", 4}} {
		s := newEnv(t, c.id).Sim()
		s.Reset()
		want := 0
		for k := 0; k < 3; k++ {
			copy(s.QPos, s.QPos0)
			clear(s.QVel)
			s.QVel[3] = math.NaN()
			if err := s.Step(1); err != nil {
				t.Fatal(err)
			}
			want++
			if !finite(s.QPos, s.QVel) {
				t.Fatalf("%s: premise: MuJoCo did not reset the bad state", c.id)
			}
			s.Ctrl[0] = math.NaN()
			if err := s.Step(2); err != nil {
				t.Fatal(err)
			}
			want += 2 * c.perNaNCtrlStep
			s.Ctrl[0] = 0
			if got := s.Unstable(); got != want {
				t.Errorf("%s: after %d instabilities and %d steps with a NaN control: Unstable %d, want %d", c.id, k+1, 2*(k+1), got, want)
			}
		}
		s.Reset()
		if s.Unstable() != 0 {
			t.Errorf("%s: Reset left %d warnings counted", c.id, s.Unstable())
		}
	}
}
