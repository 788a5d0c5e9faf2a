package agent

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestExtendCutShortTyped55b: Extend's refusal of a run whose last epoch
// was cut short (2 epochs of 200 and 50 steps: cut at step 450) is a
// *CutShortError, found through a wrapping error with errors.As, whose
// fields are the length asked for, the step the run stopped at and the
// epoch length, and whose message is the refusal's text as it was; the
// refusal to shorten is not one.
func TestExtendCutShortTyped55b(t *testing.T) {
	c := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	c.Steps = 2*c.StepsPerEpoch + 50
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	for !a.Done() {
		if _, err := a.RunEpoch(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	var ce *CutShortError
	if err := a.Extend(c.Steps - 1); errors.As(err, &ce) {
		t.Errorf("shortening refused as a run cut short: %v", err)
	}
	err = fmt.Errorf("checkpoint.gob: %w", a.Extend(650))
	if !errors.As(err, &ce) {
		t.Fatalf("extending a run cut short: %v (%T); want a *CutShortError", err, errors.Unwrap(err))
	}
	if *ce != (CutShortError{Steps: 650, At: 450, StepsPerEpoch: 200}) {
		t.Errorf("CutShortError %+v; want {Steps:650 At:450 StepsPerEpoch:200}", *ce)
	}
	want := "agent: extend to 650 steps: the run's last epoch was cut short at step 450 (steps_per_epoch 200), where a longer run's epoch goes on, so the continued run would not be the longer one"
	if ce.Error() != want {
		t.Errorf("message %q\nwant %q", ce.Error(), want)
	}
}
