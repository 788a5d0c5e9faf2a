package markov

import (
	"math"
	"strings"
	"testing"
)

// TestAssessCriterionStatesTolerance checks that the verdict states the
// tolerance it applied: with GradTol = 1.4e-4 a hierarchical gradient
// norm of 1.3e-4 passes, and the criterion must not read "≤ 1e-04"
// (the old %.0e format), nor 1.5e-4 read "≤ 2e-04".
func TestAssessCriterionStatesTolerance(t *testing.T) {
	v, err := Assess(nil, StackelbergPG, Result{HierGradNorm: 1.3e-4, BRGap: 1e-9}, Criterion{GradTol: 1.4e-4})
	if err != nil {
		t.Fatal(err)
	}
	want := "hier_grad_norm ≤ 1.4e-04 and br_gap ≤ 1e-04 at the last iterate"
	if !v.Converged || v.Criterion != want {
		t.Errorf("verdict %+v: want converged with criterion %q", v, want)
	}
	v, _ = Assess(nil, StackelbergPG, Result{HierGradNorm: 1.7e-4, BRGap: 1e-9}, Criterion{GradTol: 1.5e-4})
	if want := "hier_grad_norm ≤ 1.5e-04"; v.Converged || !strings.HasPrefix(v.Criterion, want) {
		t.Errorf("verdict %+v: want not converged with criterion starting %q", v, want)
	}
	// The published default string is unchanged.
	v, _ = Assess(nil, StackelbergPG, Result{}, DefaultCriterion)
	if want := "hier_grad_norm ≤ 1e-04 and br_gap ≤ 1e-04 at the last iterate"; v.Criterion != want {
		t.Errorf("criterion %q, want %q", v.Criterion, want)
	}
}

// TestAssessRejectsBadTolerance: a negative or NaN tolerance made every
// run fail (or, NaN, every comparison false) with a criterion such as
// "≤ -1e-04"; it is an error.
func TestAssessRejectsBadTolerance(t *testing.T) {
	for _, c := range []Criterion{{GradTol: -1e-4}, {BRTol: -1}, {GradTol: math.NaN()}, {BRTol: math.Inf(1)}} {
		_, err := Assess(nil, StackelbergPG, Result{}, c)
		if err == nil || !strings.Contains(err.Error(), "must be finite and > 0") {
			t.Errorf("criterion %+v: err = %v, want an error naming the tolerances", c, err)
		}
	}
}
