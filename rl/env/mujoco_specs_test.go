package env

import (
	"strings"
	"testing"
)

// availableNames lists the registered environments this binary can build
// (the MuJoCo ones only when their package is linked in, which this
// package's tests never do).
func availableNames() []string {
	var names []string
	for _, n := range Names() {
		if s, _ := Lookup(n); s.Available() == nil {
			names = append(names, n)
		}
	}
	return names
}

// TestMuJoCoWithoutTag: the MuJoCo names are registered in every build;
// without their package, Make is an error that says how to build with it,
// and the spec still describes the spaces and limits.
func TestMuJoCoWithoutTag(t *testing.T) {
	if len(Names()) != 13 {
		t.Errorf("%d environments registered, want 13 (5 classic-control incl. CartPole-v0 + 8 MuJoCo): %v", len(Names()), Names())
	}
	for _, task := range MuJoCoTasks {
		s, ok := Lookup(task.ID)
		if !ok {
			t.Fatalf("%s not registered", task.ID)
		}
		if s.Tag != "mujoco" || s.MaxEpisodeSteps != task.MaxEpisodeSteps || s.RewardThreshold != task.RewardThreshold {
			t.Errorf("%s: spec %+v", task.ID, s)
		}
		if s.ObservationSpace().Dim() != task.ObsDim || s.ActionSpace().Dim() != task.ActDim {
			t.Errorf("%s: spaces %v %v", task.ID, s.ObservationSpace(), s.ActionSpace())
		}
		_, err := Make(task.ID)
		if err == nil {
			t.Fatalf("%s: Make succeeded without the MuJoCo package", task.ID)
		}
		for _, want := range []string{task.ID, "-tags mujoco", "apt-get install libmujoco-dev"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not mention %q", task.ID, err, want)
			}
		}
	}
	// Provide supplies a constructor once, and only for a registered name.
	if err := Provide("NoSuch-v0", func() Env { return NewCartPole() }); err == nil {
		t.Error("Provide for an unregistered name succeeded")
	}
	if err := Provide("CartPole-v1", func() Env { return NewCartPole() }); err == nil {
		t.Error("Provide for a name with a constructor succeeded")
	}
	// A spec without New needs a tag and both spaces.
	if err := Register(Spec{ID: "Stub-v0", Tag: "x"}); err == nil {
		t.Error("Register accepted a spec without New or spaces")
	}
}
