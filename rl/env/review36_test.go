package env

import (
	"fmt"
	"strings"
	"testing"
)

// TestUniformBoxNegativeDimension: UniformBox(0, 1, -1) made a slice of
// length −1 and panicked with the runtime's "makeslice: len out of range",
// which names neither the function nor the shape (NewBox names both).
func TestUniformBoxNegativeDimension(t *testing.T) {
	for _, shape := range [][]int{{-1}, {2, -3}} {
		msg := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			UniformBox(0, 1, shape...)
			return "no panic"
		}()
		if want := fmt.Sprintf("negative dimension in shape %v", shape); !strings.Contains(msg, want) {
			t.Errorf("UniformBox(0, 1, %v): panic %q, want one containing %q", shape, msg, want)
		}
	}
}

// TestPendulumSetStateForgetsLastAction: SetState starts a new episode, as
// Reset does, but LastAction still returned the previous episode's torque.
func TestPendulumSetStateForgetsLastAction(t *testing.T) {
	p := NewPendulum()
	p.Reset(NewRand(1))
	p.Step([]float64{1.5})
	if got := p.LastAction(); got != 1.5 {
		t.Fatalf("LastAction after Step(1.5) = %v", got)
	}
	p.SetState([2]float64{0.3, -0.2})
	if got := p.LastAction(); got != 0 {
		t.Errorf("LastAction after SetState = %v, want 0 (as after Reset)", got)
	}
}
