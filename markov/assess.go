package markov

import (
	"fmt"
	"math"
	"strconv"
)

// Criterion is the test of convergence Assess applies to the end of a run.
// Zero fields take the defaults in brackets; Assess rejects a negative,
// NaN or infinite field.
type Criterion struct {
	// GradTol bounds the leader's stationarity measure: ‖∇V1(θ1, B(θ1))‖
	// (Eq. 18) for Stackelberg PG, ‖∇θ1V1(θ1, θ2)‖ for simultaneous PG
	// [1e-4].
	GradTol float64
	// BRTol bounds br_gap = ‖π2 − B(θ1)‖∞, how far the follower is from its
	// best response [1e-4].
	BRTol float64
}

// DefaultCriterion is the criterion with every default.
var DefaultCriterion = Criterion{GradTol: 1e-4, BRTol: 1e-4}

func (c Criterion) withDefaults() Criterion {
	if c.GradTol == 0 {
		c.GradTol = DefaultCriterion.GradTol
	}
	if c.BRTol == 0 {
		c.BRTol = DefaultCriterion.BRTol
	}
	return c
}

// Verdict says whether a run ended converged and by which criterion.
type Verdict struct {
	// Converged is true when both measures are within the criterion.
	Converged bool `json:"converged"`
	// Criterion states the test, e.g.
	// "hier_grad_norm ≤ 1e-04 and br_gap ≤ 1e-04 at the last iterate".
	Criterion string `json:"criterion"`
	// Measure names the leader's stationarity measure (hier_grad_norm or
	// leader_grad_norm) and GradNorm is its value; BRGap is br_gap.
	Measure  string  `json:"measure"`
	GradNorm float64 `json:"grad_norm"`
	BRGap    float64 `json:"br_gap"`
	// Reason explains a failed test in words (empty when converged).
	Reason string `json:"reason,omitempty"`
}

// String is a one-line statement of the verdict.
func (v Verdict) String() string {
	if v.Converged {
		return fmt.Sprintf("converged: %s (%s = %.3g, br_gap = %.3g)", v.Criterion, v.Measure, v.GradNorm, v.BRGap)
	}
	return fmt.Sprintf("NOT converged: %s fails — %s", v.Criterion, v.Reason)
}

// Assess tests the end of a run of g with the given dynamics (StackelbergPG
// or SimultaneousPG) against c: for Stackelberg PG, hier_grad_norm ≤
// GradTol and br_gap ≤ BRTol (a stationary point of the leader's
// hierarchical objective with the follower at its best response); for
// simultaneous PG, ‖∇θ1V1‖ ≤ GradTol and br_gap ≤ BRTol (a fixed point of
// the simultaneous dynamics). A hierarchical gradient that could not be
// computed (reported as −1: a singular follower Hessian or a non-finite
// gradient, or no best response, when br_gap is −1 too) fails the test,
// and the verdict says which.
//
// For Stackelberg PG Assess reads only res.HierGradNorm and res.BRGap, so a
// Result read back from summary.json will do (g may then be nil); for
// simultaneous PG it needs res.Theta1 and res.Theta2, which only Run's
// Result holds. Assess the Result of a Run that returned no error: the zero
// Result that Run returns with an invalid game or Config has both measures
// 0 and passes.
func Assess(g *Game, dynamics string, res Result, c Criterion) (Verdict, error) {
	c = c.withDefaults()
	v := Verdict{BRGap: res.BRGap}
	if !(c.GradTol > 0) || math.IsInf(c.GradTol, 0) || !(c.BRTol > 0) || math.IsInf(c.BRTol, 0) {
		return v, fmt.Errorf("markov: Assess: criterion grad_tol = %v, br_tol = %v: each must be finite and > 0 (0 takes the default)", c.GradTol, c.BRTol)
	}
	switch dynamics {
	case StackelbergPG, "":
		v.Measure, v.GradNorm = "hier_grad_norm", res.HierGradNorm
	case SimultaneousPG:
		ev, err := NewEvaluator(g)
		if err != nil {
			return v, err
		}
		if res.Theta1 == nil || res.Theta2 == nil {
			return v, fmt.Errorf("markov: Assess: the result has no final parameters")
		}
		v.Measure, v.GradNorm = "leader_grad_norm", norm2(ev.Eval(res.Theta1, res.Theta2, OrderGradients).Grad11)
	default:
		return v, fmt.Errorf("markov: Assess: dynamics %q: want %q or %q", dynamics, StackelbergPG, SimultaneousPG)
	}
	v.Criterion = fmt.Sprintf("%s ≤ %s and br_gap ≤ %s at the last iterate", v.Measure, tolString(c.GradTol), tolString(c.BRTol))
	var why []string
	switch {
	case v.GradNorm < 0 && v.BRGap < 0:
		// Eq. 18 is taken at B(θ1): without one there is nothing to
		// differentiate (diagnose records −1 for both).
		why = append(why, v.Measure+" could not be computed (no best response to take it at)")
	case v.GradNorm < 0:
		why = append(why, v.Measure+" could not be computed (singular follower Hessian, or a non-finite gradient)")
	case !(v.GradNorm <= c.GradTol):
		why = append(why, fmt.Sprintf("%s = %.3g", v.Measure, v.GradNorm))
	}
	switch {
	case v.BRGap < 0:
		why = append(why, "the best response could not be computed")
	case !(v.BRGap <= c.BRTol):
		why = append(why, fmt.Sprintf("br_gap = %.3g (the follower is not at its best response)", v.BRGap))
	}
	v.Converged = len(why) == 0
	for i, w := range why {
		if i > 0 {
			v.Reason += "; "
		}
		v.Reason += w
	}
	return v, nil
}

// tolString writes a tolerance exactly, in exponent form with at least
// two exponent digits: 1e-04, 1.5e-04 (a fixed precision would print
// 1.5e-4 as 2e-04, a criterion the verdict does not apply).
func tolString(x float64) string {
	return strconv.FormatFloat(x, 'e', -1, 64)
}
