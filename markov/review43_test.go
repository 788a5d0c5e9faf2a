package markov

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestLogPolicyRejectsBadPolicies: LogPolicy returned −Inf for a
// probability 0 (and NaN for a negative one, a ragged or unnormalised
// policy silently), a θ whose softmax is not the policy; each is now an
// error naming the entry or row.
func TestLogPolicyRejectsBadPolicies(t *testing.T) {
	for _, c := range []struct {
		pi   [][]float64
		want string
	}{
		{[][]float64{{0, 1}, {0.5, 0.5}}, "π(0|0) = 0: want a finite probability > 0"},
		{[][]float64{{0.5, 0.5}, {1.5, -0.5}}, "π(1|1) = -0.5"},
		{[][]float64{{0.5, math.NaN()}}, "π(1|0) = NaN"},
		{[][]float64{{0.5, 0.5}, {1}}, "state 1 has 1 actions, state 0 has 2"},
		{[][]float64{{0.5, 0.4}}, "state 0 sum to 0.9"},
		{nil, "no states"},
		{[][]float64{{}}, "state 0 has no actions"},
	} {
		th, err := LogPolicy(c.pi)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("LogPolicy(%v) = %v, %v: want an error containing %q", c.pi, th, err, c.want)
		}
	}
	// A valid policy round-trips through Softmax to 1e-15.
	pi := [][]float64{{0.2, 0.3, 0.5}, {1e-300, 0.5, 0.5}}
	th, err := LogPolicy(pi)
	if err != nil {
		t.Fatal(err)
	}
	back := Softmax(nil, th, 3)
	for s := range pi {
		for a, p := range pi[s] {
			if d := math.Abs(back[s*3+a] - p); d > 1e-15 {
				t.Errorf("softmax(LogPolicy(π))(%d|%d) = %g, want %g", a, s, back[s*3+a], p)
			}
		}
	}
}

// TestEstimatorsNameNonFiniteTheta: an estimator called directly (not
// through Run, which checks θ) with a NaN or Inf in θ reported an
// overflow ("the mean of the batch's 8 sampled ... is beyond float64's
// range" for Sampled, "V1: non-finite value" for Exact), and
// Sampler.Estimate returned finite numbers (V1 = 3.46 on this game) for a
// θ1 with NaN. Now each names the entry.
func TestEstimatorsNameNonFiniteTheta(t *testing.T) {
	g, err := RandomGame(2, 2, 2, 1, 0.9, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]float64, 4)
	bad1 := []float64{0, math.NaN(), 0, 0}
	bad2 := []float64{0, 0, math.Inf(1), 0}
	for _, name := range []string{Sampled, Exact} {
		f, _ := lookupEstimator(name)
		est, err := f(g, Config{Batch: 8, Horizon: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, stack := range []bool{false, true} {
			_, _, err := est.Estimate(bad1, zero, stack)
			if err == nil || !strings.Contains(err.Error(), "theta1[1] = NaN is not finite") {
				t.Errorf("%s, stackelberg %v: θ1 with NaN: err = %v", name, stack, err)
			}
			var re *RunError
			if errors.As(err, &re) {
				t.Errorf("%s: θ with NaN is a *RunError (a divergence): %v", name, err)
			}
			_, _, err = est.Estimate(zero, bad2, stack)
			if err == nil || !strings.Contains(err.Error(), "theta2[2] = +Inf is not finite") {
				t.Errorf("%s, stackelberg %v: θ2 with +Inf: err = %v", name, stack, err)
			}
		}
	}
	sp, err := NewSampler(g, 1)
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			r := recover()
			if s, _ := r.(string); !strings.Contains(s, "theta1[1] = NaN is not finite") {
				t.Errorf("Sampler.Estimate with NaN in θ1: recovered %v, want a panic naming theta1[1]", r)
			}
		}()
		pt := sp.Estimate(bad1, zero, 8, 10, OrderValues)
		t.Errorf("Sampler.Estimate with NaN in θ1 returned V1 = %v", pt.V1)
	}()
	// The check draws nothing: a valid estimate afterwards is bit for bit
	// that of a fresh sampler.
	sp2, _ := NewSampler(g, 1)
	a := sp.Estimate(zero, zero, 8, 10, OrderValues).V1
	b := sp2.Estimate(zero, zero, 8, 10, OrderValues).V1
	if a != b {
		t.Errorf("V1 after a rejected θ = %v, fresh sampler %v", a, b)
	}
}

// TestValidateHugeActionCountNoPanic: a spec whose actions count is far
// beyond its P made Validate allocate n·m1·m2·n entries from the declared
// counts before checking P's rows: "actions: [1, 9999999999999]" panicked
// (makeslice: cap out of range); a count of 1e9 would have tried to
// allocate 32 GB. It is now the error naming P's short row.
func TestValidateHugeActionCountNoPanic(t *testing.T) {
	spec := `gamma: 0.9
lambda: 0.1
states: 2
actions: [1, 9999999999999]
rho: [0.5, 0.5]
P: [[[[1, 0], [0, 1]]], [[[0, 1], [0, 1]]]]
R1: [[[1, 0]], [[0, 1]]]
R2: [[[0, 1]], [[1, 0]]]
`
	_, err := ParseGame([]byte(spec))
	want := "line 6: P[0][0] has 2 rows: want actions[1] = 9999999999999"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("ParseGame: err = %v, want one containing %q", err, want)
	}
	// The Go API: P's rows shorter than states (sizes beyond a 32-bit
	// int: a subtest of their own, skipped there).
	t.Run("2^40", func(t *testing.T) {
		skipNarrowInt55(t)
		var big int64 = 1 << 40
		g := &Game{Gamma: 0.5, States: int(big), Actions: []int{1, 1}}
		g.Rho = nil
		if err := g.Validate(); err == nil || !strings.Contains(err.Error(), "rho has 0 entries") {
			t.Errorf("Validate: %v", err)
		}
		g = &Game{Gamma: 0.5, States: 1, Actions: []int{int(big), 1}, Rho: []float64{1},
			P: [][][][]float64{{{{1}}}}, R1: [][][]float64{{{0}}}, R2: [][][]float64{{{0}}}}
		if err := g.Validate(); err == nil || !strings.Contains(err.Error(), "P[0] has 1 rows: want actions[0] = 1099511627776") {
			t.Errorf("Validate: %v", err)
		}
	})
}

// TestRegAndThetaChecked: the exported entry points of Eq. 19 accepted a
// negative reg (H − reg·I then moves towards singularity; doc: reg ≥ 0)
// and reported a NaN or +Inf reg as "singular follower Hessian"; a θ1 with
// NaN was "best response: NaN in policy iteration" and, in StepGradients,
// "overflowed float64: follower Hessian ... exceeded float64's range";
// Compare with a nil game panicked. Each is now an error saying what is
// wrong.
func TestRegAndThetaChecked(t *testing.T) {
	g, err := RandomGame(2, 2, 2, 1, 0.9, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := NewSampler(g, 1)
	if err != nil {
		t.Fatal(err)
	}
	z := make([]float64, 4)
	nan := []float64{math.NaN(), 0, 0, 0}
	for _, reg := range []float64{-1, math.NaN(), math.Inf(1)} {
		want := fmt.Sprintf("markov: reg = %v: must be finite and >= 0", reg)
		e.Eval(z, z, OrderHessians)
		_, err1 := e.HierGrad(reg)
		_, _, err2 := e.StepGradients(z, z, reg)
		_, _, _, err3 := e.Hierarchical(z, reg)
		sp.Estimate(z, z, 4, 5, OrderHessians)
		_, err4 := sp.HierGrad(reg)
		for i, err := range []error{err1, err2, err3, err4} {
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("reg %v, entry point %d: err = %v, want %q", reg, i, err, want)
			}
		}
	}
	const wantBR = "markov: best response: theta1[0] = NaN is not finite"
	_, err1 := e.BestResponse(nan)
	_, err2 := e.BestResponseTheta(nan)
	_, _, _, err3 := e.Hierarchical(nan, 0)
	for i, err := range []error{err1, err2, err3} {
		if err == nil || !strings.HasPrefix(err.Error(), wantBR) {
			t.Errorf("best response %d with NaN θ1: err = %v, want %q", i, err, wantBR)
		}
	}
	if _, _, err := e.StepGradients(nan, z, 0); err == nil || !strings.HasPrefix(err.Error(), "markov: StepGradients: theta1[0] = NaN is not finite") {
		t.Errorf("StepGradients with NaN θ1: %v", err)
	}
	if _, _, err := e.StepGradients(z, []float64{0, 0, 0, math.Inf(-1)}, 0); err == nil || !strings.HasPrefix(err.Error(), "markov: StepGradients: theta2[3] = -Inf is not finite") {
		t.Errorf("StepGradients with -Inf θ2: %v", err)
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("Compare(nil game) panicked: %v", r)
			}
		}()
		if _, err := Compare(context.Background(), nil, Config{}, nil, nil); err == nil || err.Error() != "markov: nil game" {
			t.Errorf("Compare(nil game): %v", err)
		}
	}()
	// reg = 0 and a finite θ still work.
	if _, _, err := e.StepGradients(z, z, 0); err != nil {
		t.Errorf("StepGradients(0, 0, 0): %v", err)
	}
}
