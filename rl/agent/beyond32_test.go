package agent

import (
	"context"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestEnvironmentBeyondFloat32Stops: an observation coordinate or reward
// finite in float64 but beyond float32's range (1e39), returned at step 150,
// stops a float32 run there, naming the environment, the step and the
// value (the tapes would hold it as +Inf: before, the run stopped at the
// next update on a NaN loss, naming the update), and is taken as it is by
// a float64 run.
func TestEnvironmentBeyondFloat32Stops(t *testing.T) {
	cases := []struct {
		id   string
		obs  int
		algo Algo
		want string
	}{
		{"HugeReward-v0", -1, DDPG, "HugeReward-v0 step 150: the reward is 1e+39, beyond float32's range (the run's float32 tapes would hold +Inf)"},
		{"HugeObs-v0", 2, AC, "HugeObs-v0 step 150: observation[2] is 1e+39, beyond float32's range (the run's float32 tapes would hold +Inf)"},
	}
	for _, c := range cases {
		registerPoisoned(t, c.id, 150, c.obs, 1e39)
		cfg := tinyConfig(t, "Pendulum-v1", c.algo, ActorLeads)
		cfg.Env = c.id
		cfg.StepsPerEpoch, cfg.Steps = 200, 600
		if cfg.DType != ad.Float32 {
			t.Fatalf("dtype %v, want the default float32", cfg.DType)
		}
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.RunEpoch(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s on %s: error %v, want one containing %q", c.algo, c.id, err, c.want)
		}
		a.Close()
	}
	// float64: 1e39 is an ordinary number there; the step is taken.
	cfg := tinyConfig(t, "Pendulum-v1", AC, ActorLeads)
	cfg.Env, cfg.DType = "HugeObs-v0", ad.Float64
	cfg.StepsPerEpoch, cfg.Steps = 200, 600
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if q := a.badStep([]float64{0, 1e39, 0}, 1e39); q != "" {
		t.Errorf("float64 run: %q, want the step taken", q)
	}
}
