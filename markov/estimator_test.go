package markov

import (
	"context"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// countingEstimator wraps the exact estimator and counts its calls: a
// user-defined Estimator plugged in by name.
type countingEstimator struct {
	inner Estimator
	calls *int
}

func (c countingEstimator) Estimate(th1, th2 []float64, stack bool) (*Point, []float64, error) {
	*c.calls++
	return c.inner.Estimate(th1, th2, stack)
}

// TestEstimatorRegistry: a registered estimator is used by Run when named
// (once per iteration) and gives exactly the numbers of the estimator it
// wraps; an unknown name is an error listing the registered ones.
func TestEstimatorRegistry(t *testing.T) {
	calls := 0
	RegisterEstimator("counting-exact-test", func(g *Game, cfg Config) (Estimator, error) {
		f, _ := lookupEstimator(Exact)
		e, err := f(g, cfg)
		return countingEstimator{inner: e, calls: &calls}, err
	})
	g, _ := Builtin("patrol", nil)
	cfg := Config{LeaderLR: loop.Constant(0.5), FollowerLR: loop.Constant(2), Settings: loop.Settings{Iterations: 30}}
	want, err := Run(context.Background(), g, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Estimator = "counting-exact-test"
	got, err := Run(context.Background(), g, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 30 {
		t.Errorf("estimator called %d times in 30 iterations", calls)
	}
	for i := range want.Theta1 {
		if got.Theta1[i] != want.Theta1[i] {
			t.Fatalf("θ1[%d] = %v through the wrapper, %v directly", i, got.Theta1[i], want.Theta1[i])
		}
	}
	cfg.Estimator = "psychic"
	if _, err := Run(context.Background(), g, cfg, nil); err == nil || !strings.Contains(err.Error(), "exact, sampled") {
		t.Errorf("unknown estimator: %v", err)
	}
}
