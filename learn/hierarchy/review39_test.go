package hierarchy

import (
	"context"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestRunNilContext: a nil context is an error before any step (as
// learn.Run refuses one); Run panicked in ctx.Err() at step 0.
func TestRunNilContext(t *testing.T) {
	g, err := Oligopoly(100, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEvaluator(g, Staggered(2))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v", r)
		}
	}()
	cfg := Config{Rates: []loop.Schedule{loop.Constant(0.05), loop.Constant(0.2)}, Settings: loop.Settings{Iterations: 10}}
	var nilCtx context.Context
	res, err := Run(nilCtx, e, [][]float64{{10}, {20}}, cfg)
	want := "hierarchy: nil context (use context.Background())"
	if err == nil || err.Error() != want || res.Status != loop.Failed {
		t.Errorf("%v (status %v), want %q, failed", err, res.Status, want)
	}
}
