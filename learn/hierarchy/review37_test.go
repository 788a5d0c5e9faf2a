package hierarchy

import (
	"context"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestRunRefusesStepTol: the hierarchical dynamics have no step-norm test.
// A StepTol was accepted and ignored (every step run, Status
// IterationLimit); it is now an error before any step.
func TestRunRefusesStepTol(t *testing.T) {
	g, err := Oligopoly(100, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEvaluator(g, Staggered(2))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Rates: []loop.Schedule{loop.Constant(0.05), loop.Constant(0.2)}, Settings: loop.Settings{Iterations: 100, StepTol: 1e-6}}
	res, err := Run(context.Background(), e, [][]float64{{10}, {20}}, cfg)
	want := "hierarchy: settings.step_tol = 1e-06: the hierarchical dynamics have no step-norm test (give 0)"
	if err == nil || err.Error() != want || res.Status != loop.Failed || len(res.Trace) != 0 {
		t.Errorf("%v (status %v, %d records), want %q, failed, nothing recorded", err, res.Status, len(res.Trace), want)
	}
}
