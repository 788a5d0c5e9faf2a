package agent

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/nn"
)

// The CG settings are read by the Stackelberg algorithms only (the plain
// ones solve no total derivative; the Lanczos diagnostics take no CG
// setting but the Hessian precision). Validate required CG.Iters > 0 for
// them only, but refused CG.Tol = 0 for every algorithm, so a hand-built
// DDPG, SAC or AC configuration with a zero CG block was an error telling
// the user to set rl.options.cg_tol, an option the CLI refuses for those
// algorithms ("not used by ddpg"). Now Tol's positivity is required where
// CG runs; a value no setting could take (NaN, ±Inf, negative) stays an
// error for every algorithm, as for the other float fields.
func TestCGTolCheckedWhereCGRuns(t *testing.T) {
	for _, tc := range []struct {
		env  string
		algo Algo
	}{{"Pendulum-v1", DDPG}, {"Pendulum-v1", SAC}, {"CartPole-v1", AC}, {"Pendulum-v1", AC}} {
		c, err := Defaults(tc.env, tc.algo)
		if err != nil {
			t.Fatal(err)
		}
		c.CG = CG{}
		if err := c.Validate(); err != nil {
			t.Errorf("%s on %s with a zero CG block: %v, want accepted (it never runs CG)", tc.algo, tc.env, err)
		}
		c.CG.Tol = math.NaN()
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "rl.options.cg_tol: NaN") {
			t.Errorf("%s with cg_tol NaN: %v, want an error naming rl.options.cg_tol", tc.algo, err)
		}
	}
	for _, tc := range []struct {
		env  string
		algo Algo
	}{{"Pendulum-v1", STDDPG}, {"Pendulum-v1", STSAC}, {"CartPole-v1", STAC}} {
		c, err := Defaults(tc.env, tc.algo)
		if err != nil {
			t.Fatal(err)
		}
		c.CG.Tol = 0
		if err := c.Validate(); err == nil || !strings.HasPrefix(err.Error(), "rl.options.cg_tol: 0 must be positive") {
			t.Errorf("%s with cg_tol 0: %v, want rl.options.cg_tol: 0 must be positive", tc.algo, err)
		}
	}
}

// CG starts from z = 0, whose residual is ‖b‖, and stops once the
// residual is at most Tol·‖b‖: with Tol ≥ 1 it stops before its first
// iteration, z = 0, and the leader's "total derivative" is its individual
// gradient — a Stackelberg run that is silently the plain algorithm (its
// cg_iters column all 0). Validate accepted any finite positive Tol.
func TestCGTolAtLeastOneRefused(t *testing.T) {
	c, err := Defaults("Pendulum-v1", STDDPG)
	if err != nil {
		t.Fatal(err)
	}
	for _, tol := range []float64{1, 2, 1e300} {
		c.CG.Tol = tol
		err := c.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), "rl.options.cg_tol: ") || !strings.Contains(err.Error(), "below 1") {
			t.Errorf("cg_tol %g: %v, want an rl.options.cg_tol error asking for a value below 1", tol, err)
		}
	}
	c.CG.Tol = 0.5
	if err := c.Validate(); err != nil {
		t.Errorf("cg_tol 0.5: %v", err)
	}
	// What the error prevents (Validate bypassed): no CG iteration on any
	// update of an epoch, against some with Tol just below 1.
	iters := func(tol float64) float64 {
		a, err := New(tinyConfig(t, "Pendulum-v1", STDDPG, ActorLeads))
		if err != nil {
			t.Fatal(err)
		}
		a.cfg.CG.Tol = tol
		st, err := a.RunEpoch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return st.CGIters
	}
	if n := iters(1); n != 0 {
		t.Errorf("cg_tol 1: mean CG iterations %v, want 0", n)
	}
	if n := iters(0.999); !(n > 0) {
		t.Errorf("cg_tol 0.999: mean CG iterations %v, want > 0", n)
	}
}

// λ_e = max(LambdaMin, Lambda·LambdaDecay^e): a floor above Lambda is λ
// at every epoch from the first, so rl.cg.lambda is silently ignored (and
// with Lambda = 0 the run was also given float64 Hessian products for a λ
// that never reaches 0). Validate accepted it; it is now an error for the
// Stackelberg algorithms, which use λ. A floor equal to Lambda, or below
// it, is accepted (with LambdaDecay = 1 it never binds).
func TestLambdaMinAboveLambdaRefused(t *testing.T) {
	for _, tc := range []struct {
		env, want       string
		algo            Algo
		lambda, min, dc float64
	}{
		{"Pendulum-v1", "rl.options.lambda_min: 600 is above rl.cg.lambda 500", STDDPG, 500, 600, 1},
		{"Pendulum-v1", "rl.options.lambda_min: 600 is above rl.cg.lambda 500", STSAC, 500, 600, 0.9},
		{"CartPole-v1", "rl.options.lambda_min: 1 is above rl.cg.lambda 0", STAC, 0, 1, 0.5},
		{"Pendulum-v1", "", STDDPG, 500, 500, 0.9},
		{"Pendulum-v1", "", STDDPG, 500, 1, 1},
		{"Pendulum-v1", "", DDPG, 0, 1, 1}, // DDPG has no λ
	} {
		c, err := Defaults(tc.env, tc.algo)
		if err != nil {
			t.Fatal(err)
		}
		c.CG.Lambda, c.CG.LambdaMin, c.CG.LambdaDecay = tc.lambda, tc.min, tc.dc
		err = c.Validate()
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s λ %g, floor %g: %v, want accepted", tc.algo, tc.lambda, tc.min, err)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s λ %g, floor %g: %v, want %q", tc.algo, tc.lambda, tc.min, err, tc.want)
		}
		// What the error prevents: λ is the floor from epoch 0 on.
		if got := c.CG.LambdaSchedule().At(0); got != tc.min {
			t.Errorf("schedule at epoch 0: %v, want the floor %v", got, tc.min)
		}
	}
}

// Epochs computed ⌈Steps/StepsPerEpoch⌉ as (Steps + StepsPerEpoch − 1)/
// StepsPerEpoch, which overflows for a Steps near the largest int (which
// Validate accepts): it returned a negative count, and loading the run's
// checkpoint then failed ("checkpoint epoch 1 outside the run's 0…-N
// epochs"). Exact integers.
func TestEpochsDoesNotOverflow(t *testing.T) {
	for _, tc := range []struct{ steps, per, want int }{
		{8000, 4000, 2}, {8001, 4000, 3}, {4000, 4000, 1}, {1, 4000, 1},
		{math.MaxInt, 4000, math.MaxInt/4000 + 1},
		{math.MaxInt, 1, math.MaxInt},
		{math.MaxInt - 1, 2, math.MaxInt / 2},
	} {
		c := Config{Steps: tc.steps, StepsPerEpoch: tc.per}
		if got := c.Epochs(); got != tc.want {
			t.Errorf("Epochs(%d, %d) = %d, want %d", tc.steps, tc.per, got, tc.want)
		}
	}
}

// Validate's "never updates" check computed the first update's step as
// ⌈update_after/update_every⌉·update_every, which overflowed for an
// update_after or update_every near the largest int (Go API; the CLI
// bounds options by 2⁵²) and came out small: a run that could never
// update passed. The check is now done by division (exact).
func TestFirstUpdateCheckDoesNotOverflow(t *testing.T) {
	base, err := Defaults("Pendulum-v1", STDDPG)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name         string
		after, every int
	}{
		{"update_after near MaxInt", math.MaxInt - 10, 50},
		{"update_every MaxInt", 1000, math.MaxInt},
		{"both near MaxInt", math.MaxInt - 1, math.MaxInt - 2},
	} {
		c := base
		c.UpdateAfter, c.UpdateEvery = tc.after, tc.every
		err := c.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), "rl.steps: 50000 ends before the first update") {
			t.Errorf("%s: %v, want rl.steps: 50000 ends before the first update", tc.name, err)
		}
	}
	// The largest update_after that still updates: step 50000 itself.
	c := base
	c.UpdateAfter, c.UpdateEvery = 50000, 50
	if err := c.Validate(); err != nil {
		t.Errorf("first update at the last step: %v", err)
	}
	c.UpdateAfter = 50001
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "(step 50050:") {
		t.Errorf("first update at step 50050 of 50000: %v", err)
	}
}

// The optimizer and the activation are set by rl.options.optimizer and
// rl.options.activation (there is no rl.optimizer or rl.activation key);
// Validate's errors named the keys that do not exist.
func TestOptimizerActivationErrorsNameTheirKeys(t *testing.T) {
	c, err := Defaults("CartPole-v1", AC)
	if err != nil {
		t.Fatal(err)
	}
	o := c
	o.Optimizer = "rmsprop"
	if err := o.Validate(); err == nil || err.Error() != `rl.options.optimizer: "rmsprop"; want sgd or adam` {
		t.Errorf("optimizer rmsprop: %v", err)
	}
	a := c
	a.Activation = nn.Identity
	if err := a.Validate(); err == nil || err.Error() != "rl.options.activation: identity; want tanh or relu" {
		t.Errorf("activation identity: %v", err)
	}
}
