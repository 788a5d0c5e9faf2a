package optim

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// An Adam state whose step count is math.MaxInt loaded without an error,
// and the next Step's t + 1 wrapped to −2⁶³: 1 − β^t was −Inf for both
// bias corrections, 1/√(1 − β₂ᵗ) NaN, and Step set every parameter to NaN
// and returned nil (its fast check saw a zero step size). No run saves such
// a count (2⁶³ − 1 steps); UnmarshalBinary now refuses it as ErrState,
// leaving the optimiser as it was.
func TestAdamUnmarshalRefusesMaximalStepCount(t *testing.T) {
	p := Param{Data: []float64{1, 2}, Grad: []float64{0.5, -0.25}}
	a := NewAdam([]Param{p}, 1e-3)
	state, err := gobEncode(adamState{"adam", 1e-3, 0.9, 0.999, 1e-8, math.MaxInt, [][]float64{{0, 0}}, [][]float64{{0, 0}}})
	if err != nil {
		t.Fatal(err)
	}
	err = a.UnmarshalBinary(state)
	if !errors.Is(err, ErrState) || !strings.Contains(err.Error(), "step count 9223372036854775807") {
		t.Fatalf("UnmarshalBinary of step count MaxInt = %v, want an ErrState naming the count", err)
	}
	if a.Steps() != 0 {
		t.Errorf("Steps() = %d after the refused load, want 0", a.Steps())
	}
	if err := a.Step(); err != nil || a.Steps() != 1 || slices.ContainsFunc(p.Data, math.IsNaN) {
		t.Errorf("Step after the refused load: %v, steps %d, parameters %v", err, a.Steps(), p.Data)
	}
	// The largest count a state can hold and still step is accepted.
	state, _ = gobEncode(adamState{"adam", 1e-3, 0.9, 0.999, 1e-8, math.MaxInt - 1, [][]float64{{0, 0}}, [][]float64{{0, 0}}})
	if err := a.UnmarshalBinary(state); err != nil {
		t.Fatal(err)
	}
	if err := a.Step(); err != nil || slices.ContainsFunc(p.Data, math.IsNaN) {
		t.Errorf("Step from count MaxInt − 1: %v, parameters %v", err, p.Data)
	}
}
