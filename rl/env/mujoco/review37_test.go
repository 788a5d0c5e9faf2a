//go:build mujoco

package mujoco

import (
	"fmt"
	"testing"
)

// TestNameIDRejectsNUL: BodyID and SiteID return −1 for a name no body or
// site has. A name holding a NUL byte is such a name, but C sees it cut
// short at the NUL, so "torso\x00x" used to find the body "torso" (and
// "tip\x00" the site "tip"); and the empty name (or "\x00") used to find
// the first body MuJoCo keeps without a name (Ant's body 4).
func TestNameIDRejectsNUL(t *testing.T) {
	ant := newEnv(t, "Ant-v4").Sim()
	if id := ant.BodyID("torso"); id < 0 {
		t.Fatalf("premise: Ant has no body torso (%d)", id)
	}
	for _, name := range []string{"torso\x00", "torso\x00x", "\x00", ""} {
		if id := ant.BodyID(name); id != -1 {
			t.Errorf("Ant BodyID(%q) = %d, want -1", name, id)
		}
	}
	idp := newEnv(t, "InvertedDoublePendulum-v4").Sim()
	if id := idp.SiteID("tip"); id != 0 {
		t.Fatalf("premise: SiteID(tip) = %d, want 0", id)
	}
	if id := idp.SiteID("tip\x00"); id != -1 {
		t.Errorf("SiteID(%q) = %d, want -1", "tip\x00", id)
	}
}

// TestSimStepRejectsBadCount: Step(n) advances n physics steps; a negative
// n used to do nothing and report success, and an n beyond C's int was cut
// short (2³² + 1 ran one step, 2³¹ none) and reported success too.
func TestSimStepRejectsBadCount(t *testing.T) {
	s := newEnv(t, "Hopper-v4").Sim()
	s.Reset()
	for _, n := range []int{-1, 1 << 31, 1<<32 + 1} {
		err := s.Step(n)
		want := fmt.Sprintf("mujoco: hopper.xml: Step(%d): the number of steps must be in [0, 2147483647]", n)
		if err == nil || err.Error() != want {
			t.Errorf("Step(%d): error %v, want %q", n, err, want)
		}
		if s.Time() != 0 {
			t.Fatalf("Step(%d) moved time to %v", n, s.Time())
		}
	}
	// The refusal is not a MuJoCo error: stepping on needs no Reset.
	if err := s.Step(2); err != nil || s.Time() != 2*s.Timestep {
		t.Errorf("Step(2) after the refusals: error %v, time %v, want nil, %v", err, s.Time(), 2*s.Timestep)
	}
}
