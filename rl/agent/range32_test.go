package agent

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestStepBeyondFloat32StopsNamingIt: in a float32 run the parameters are
// float64 for the optimisers and rounded to float32 when bound to the
// tape, where a value beyond float32's range becomes ±Inf. A step to such
// a value is finite in float64, so the optimiser accepts it, and the run
// stopped on the symptom: "stddpg epoch 1: update 2: leader gradient ∇x
// f1 is NaN", "ac epoch 1: critic update: critic loss is +Inf". The error
// now names the network, its role and the element first, keeping the
// symptom after "then".
func TestStepBeyondFloat32StopsNamingIt(t *testing.T) {
	for _, c := range []struct {
		name  string
		algo  Algo
		cfg   func(*Config)
		want  []string
		avoid string
	}{
		{"stddpg critic_lr 1e40", STDDPG, func(c *Config) { c.Optimizer, c.CriticLR = "sgd", 1e40 },
			[]string{"stddpg epoch 1: ", "follower (critic) parameters after the SGD step: element ",
				", beyond float32's range (", "Inf on a float32 tape)", "; then update 2: "}, ""},
		{"ddpg adam critic_lr 1e40", DDPG, func(c *Config) { c.Optimizer, c.CriticLR = "adam", 1e40 },
			[]string{"ddpg epoch 1: critic parameters after the Adam step: element 0 is -9.99999", "e+39, beyond float32's range (-Inf on a float32 tape)",
				"; then update 2: actor objective J is NaN"}, "follower"},
		{"ac grad_noise 1e45", AC, func(c *Config) { c.Optimizer, c.GradNoise = "sgd", 1e45 },
			[]string{"ac epoch 1: ", "; critic parameters after the SGD step: element ", ", beyond float32's range (",
				"; then critic update: critic loss is "}, "leader"},
	} {
		cfg := tinyConfig(t, "Pendulum-v1", c.algo, ActorLeads)
		c.cfg(&cfg)
		if cfg.DType != ad.Float32 {
			t.Fatalf("%s: dtype %v, the test wants float32 (the default)", c.name, cfg.DType)
		}
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.RunEpoch(context.Background())
		if err == nil {
			t.Fatalf("%s: the epoch ran", c.name)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q, want it to contain %q", c.name, err, w)
			}
		}
		if c.avoid != "" && strings.Contains(err.Error(), c.avoid) {
			t.Errorf("%s: error %q names a role (%q) the algorithm does not have", c.name, err, c.avoid)
		}
		if !strings.HasPrefix(err.Error(), c.want[0]) {
			t.Errorf("%s: error %q, want it to start %q", c.name, err, c.want[0])
		}
		a.Close()
	}
}

// TestCheckParamsFloat32Edge: the end-of-epoch check refuses exactly the
// values that the tapes' float32 conversion turns into ±Inf. A value just
// above MaxFloat32 (within half a unit in the last place) rounds to
// MaxFloat32 and was refused all the same ("not finite in float32"); one
// beyond float32's range in a float64 run whose Hessian tape is float32
// (rl.options.hessian_dtype) was let through, to make the CG products
// infinite. The error names the role.
func TestCheckParamsFloat32Edge(t *testing.T) {
	justAbove := math.MaxFloat32 * (1 + 0x1p-26)
	if float32(justAbove) != math.MaxFloat32 {
		t.Fatalf("float32(%v) = %v, want MaxFloat32", justAbove, float32(justAbove))
	}
	for _, c := range []struct {
		dtype   ad.DType
		hessian HessianPrecision
		v       float64
		want    string // "" for no error
	}{
		{ad.Float32, HessianAuto, justAbove, ""},
		{ad.Float32, HessianAuto, -justAbove, ""},
		{ad.Float32, HessianAuto, 1e45, "follower (critic) parameters after the Adam step: element 3 is 1e+45, beyond float32's range (+Inf on a float32 tape)"},
		{ad.Float64, HessianFloat32, -1e45, "follower (critic) parameters after the Adam step: element 3 is -1e+45, beyond float32's range (-Inf on a float32 tape)"},
		{ad.Float64, HessianFloat64, 1e45, ""},
		{ad.Float64, HessianFloat64, math.Inf(1), "follower (critic) parameters after the Adam step: element 3 is +Inf, not finite"},
	} {
		cfg := tinyConfig(t, "Pendulum-v1", STDDPG, ActorLeads)
		cfg.DType, cfg.CG.Hessian = c.dtype, c.hessian
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		a.critic.Data[3] = c.v
		err = a.checkParams()
		if got := ""; err != nil {
			got = err.Error()
			if got != c.want {
				t.Errorf("%v/%v, critic[3] = %v: checkParams %q, want %q", c.dtype, c.hessian, c.v, got, c.want)
			}
		} else if c.want != "" {
			t.Errorf("%v/%v, critic[3] = %v: checkParams nil, want %q", c.dtype, c.hessian, c.v, c.want)
		}
		a.Close()
	}
}
