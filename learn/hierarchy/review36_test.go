package hierarchy

import (
	"context"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestRunRefusesNilEvaluator: a nil evaluator is an error with Status
// Failed. Before, Run panicked (nil pointer dereference).
func TestRunRefusesNilEvaluator(t *testing.T) {
	res, err := Run(context.Background(), nil, [][]float64{{1}, {1}}, Config{Rates: []loop.Schedule{loop.Constant(0.1), loop.Constant(0.1)}, Settings: loop.Settings{Iterations: 3}})
	want := "hierarchy: no evaluator (NewEvaluator builds one)"
	if err == nil || err.Error() != want || res.Status != loop.Failed || res.X != nil {
		t.Errorf("%v (status %v, X %v), want %q, failed, no profile", err, res.Status, res.X, want)
	}
}
