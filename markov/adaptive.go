package markov

import (
	"errors"
	"fmt"
	"math"
)

// roundingAllowance is the relative decrease of a value below which the
// line search treats it as rounding (values are computed by linear solves
// accurate to ~1e-14 relative). It is relative to max(|f0|, min(1, s)),
// s the value's a-priori scale (valueScale): near |f0| = 0 the values'
// rounding is that of their terms, not of f0; s is capped at 1, the
// absolute floor the allowance had before, so that games of scale ≥ 1
// keep their steps bit for bit.
const roundingAllowance = 1e-12

// valueScale returns an a-priori scale of |V| for a player with rewards r
// and entropy weight lambda over m actions: (max|r| + λ·log m)/(1−γ).
func valueScale(r []float64, lambda float64, m int, gamma float64) float64 {
	return (maxAbsValue(r) + lambda*math.Log(float64(m))) / (1 - gamma)
}

// allowance returns the rounding allowance of a line search from f0 on a
// value of a-priori scale s (see roundingAllowance).
func allowance(f0, s float64) float64 {
	return roundingAllowance * max(math.Abs(f0), min(1, s))
}

// Step rules (Config.StepRule).
const (
	// FixedSteps takes the schedules' steps α_k, β_k as they are (the
	// default, "").
	FixedSteps = "fixed"
	// Backtracking takes each player's step by a backtracking (Armijo)
	// line search started from the schedule's step, which becomes the
	// largest step allowed; see Backtrack. It needs the exact estimator.
	Backtracking = "backtracking"
)

// Backtrack holds the constants of the Backtracking step rule (zero
// fields take the defaults in brackets).
//
// Follower (Eq. 9 with an adapted β_k): with g2 = ∇θ2V2λ(θ1, θ2), the step
// is the first β in β_try, β_try/2, β_try/4, … with
//
//	V2λ(θ1, θ2 + β g2) ≥ V2λ(θ1, θ2) + C·β·‖g2‖²,
//
// where β_try = min(β_k, 2·β_{k−1}) (the schedule's step caps it, and the
// previous accepted step may grow back by doubling). A follower step too
// long for the curvature of V2λ — the cause of a follower that jumps
// across its best response every iteration — is halved until V2λ rises.
//
// Leader (Eq. 8 with an adapted α_k): with d the leader's direction (Eq. 19
// for Stackelberg PG), the same test on the hierarchical objective
// Φ(θ1) = V1(θ1, B(θ1)) (Section II-c; with λ > 0, where B is the unique
// soft best response): Φ(θ1 + α d) ≥ Φ(θ1) + C·α·‖d‖². While the follower
// is far from B(θ1), d is not ∇Φ and the test shrinks α, so the leader
// waits for the follower (the two-timescale separation of Assumption 1
// arises by itself). With λ = 0, or for simultaneous PG, the test is on
// V1(θ1 + α d, θ2) at the current θ2.
//
// Each line search stops after MaxHalvings halvings. The smallest step
// tried is then taken if it does not lower the value beyond rounding (it
// only misses the margin C·β·‖g2‖²); if it still lowers the value, or the
// value is not finite, the run stops with an error that names the player,
// the objective, the steps and the values (the schedule's step, the cap, is
// then too long for the game's scale by more than 2^MaxHalvings; the run's
// status is then failed, not diverged, unless the value is not finite). If
// the follower's best response B fails at the smallest step (or at θ1
// itself), the error leads with B's failure; the status is diverged when B
// met NaN or a singular matrix, failed when it reached its iteration
// limit (a non-convergence: a *ScheduleError at the smallest step, a
// *BestResponseLimitError at θ1; both match ErrBestResponseLimit). A
// decrease smaller than 1e-12 relative counts as rounding, not as a failed
// test, so that the steps do not collapse near a stationary point where
// C·β·‖g2‖² is below the values' precision; relative to max(|V|, s) with
// s = min(1, (max|R| + λ log|A|)/(1−γ)) the player's value scale, so that
// for a game of small scale (rewards ×1e-12, say) the allowance shrinks
// with its values rather than letting every step pass.
type Backtrack struct {
	// C is the sufficient-increase constant of the Armijo test [1e-4].
	C float64
	// MaxHalvings bounds the halvings per step [40].
	MaxHalvings int
}

func (b Backtrack) withDefaults() Backtrack {
	if b.C == 0 {
		b.C = 1e-4
	}
	if b.MaxHalvings == 0 {
		b.MaxHalvings = 40
	}
	return b
}

func (b Backtrack) validate() error {
	if !(b.C > 0 && b.C < 1) {
		return fmt.Errorf("markov: config: backtrack.c = %v must be in (0, 1)", b.C)
	}
	if b.MaxHalvings < 1 {
		return fmt.Errorf("markov: config: backtrack.max_halvings = %d must be >= 1", b.MaxHalvings)
	}
	return nil
}

// backtracker runs the line searches of the Backtracking rule on its own
// evaluators (the run's evaluator holds the iteration's gradients).
type backtracker struct {
	bt           Backtrack
	hier         bool // test the leader on Φ(θ1) = V1(θ1, B(θ1))
	ev, brEv     *Evaluator
	prevA, prevB float64
	// scale1, scale2 are the a-priori scales of V1 and V2λ (valueScale).
	scale1, scale2 float64
	trial          []float64
	// Evaluations counts value evaluations and best responses (for the
	// cost of the rule).
	evaluations int
}

func newBacktracker(g *Game, bt Backtrack, stackelberg bool) *backtracker {
	ev, _ := NewEvaluator(g)
	brEv, _ := NewEvaluator(g)
	f, _ := g.prepared()
	return &backtracker{bt: bt, hier: stackelberg && g.Lambda > 0, ev: ev, brEv: brEv,
		scale1: valueScale(f.r1, 0, f.m1, f.gamma), scale2: valueScale(f.r2, f.lambda, f.m2, f.gamma)}
}

// steps returns the leader's and the follower's steps for the iteration at
// (θ1, θ2) with directions lead and g2, v2 = V2λ(θ1, θ2), and the
// schedules' steps a0, b0 as caps.
func (t *backtracker) steps(th1, th2, lead, g2 []float64, v2, a0, b0 float64) (a, b float64, err error) {
	if t.prevA == 0 {
		t.prevA, t.prevB = a0, b0
	}
	// Follower: V2λ(θ1, θ2 + β g2) ≥ V2λ + C β ‖g2‖².
	gg := dot(g2, g2)
	b, err = t.search(min(b0, 2*t.prevB), gg, v2, t.scale2, func(step float64) float64 {
		t.trial = axpy(t.trial, th2, step, g2)
		return t.ev.Eval(th1, t.trial, OrderValues).V2
	})
	if err != nil {
		return 0, 0, fmt.Errorf("follower line search on V2λ(θ1, θ2 + β ∇θ2V2λ): %w", err)
	}
	// Leader: Φ(θ1 + α d) ≥ Φ(θ1) + C α ‖d‖².
	dd := dot(lead, lead)
	phi := func(x []float64) (float64, error) {
		if t.hier {
			br, err := t.brEv.BestResponseTheta(x)
			if err != nil {
				return 0, err
			}
			t.evaluations++
			return t.ev.Eval(x, br, OrderValues).V1, nil
		}
		t.evaluations++
		return t.ev.Eval(x, th2, OrderValues).V1, nil
	}
	phi0, err := phi(th1)
	if err != nil {
		return 0, 0, &bestResponseError{msg: fmt.Sprintf("at the current θ1 of the leader's line search on V1(θ1 + α d, B(θ1 + α d)): %v", err),
			err: err, diverged: brDiverged(err)}
	}
	obj := "V1(θ1 + α d, θ2)"
	if t.hier {
		obj = "V1(θ1 + α d, B(θ1 + α d))"
	}
	// A best response that fails at a trial point (θ1 + α d overflowing,
	// the iteration limit) fails the test there: the search halves α, as
	// it does for a non-finite value. The run stops only if it fails at
	// the smallest step too, with that failure as the cause.
	var (
		phiErr   error
		lastStep float64
	)
	start := min(a0, 2*t.prevA)
	a, err = t.search(start, dd, phi0, t.scale1, func(step float64) float64 {
		t.trial = axpy(t.trial, th1, step, lead)
		lastStep = step
		v, e := phi(t.trial)
		if phiErr = e; e != nil {
			return math.NaN()
		}
		return v
	})
	if err != nil && phiErr != nil {
		// search failed on the NaN standing for the best response's
		// failure at the smallest step: that failure is the cause (the
		// iteration limit is no divergence).
		return 0, 0, &bestResponseError{msg: fmt.Sprintf("leader line search on %s: no step passes the Armijo test: "+
			"the best response B(θ1 + α d) at the smallest step %g (%g halved %d times) failed: %v", obj, lastStep, start, t.bt.MaxHalvings, phiErr),
			err: phiErr, diverged: brDiverged(phiErr), trial: true}
	}
	if err != nil {
		return 0, 0, fmt.Errorf("leader line search on %s: %w", obj, err)
	}
	t.prevA, t.prevB = a, b
	return a, b, nil
}

// search halves step from start until f(step) ≥ f0 + C·step·slope, at most
// MaxHalvings times, and returns the accepted step. After MaxHalvings
// failed tests it returns the smallest step if f there is finite and not
// below f0 beyond rounding (allowance(f0, scale)), and an error otherwise.
func (t *backtracker) search(start, slope, f0, scale float64, f func(float64) float64) (float64, error) {
	step := start
	if slope == 0 {
		return step, nil
	}
	allow := allowance(f0, scale)
	for h := 0; ; h++ {
		v := f(step)
		t.evaluations++
		// The rounding allowance keeps the test meaningful near a
		// stationary point, where C·step·slope falls below the precision
		// of f: there a step is refused only if it lowers f measurably.
		if finite(v) && v >= f0+t.bt.C*step*slope-allow {
			return step, nil
		}
		if h == t.bt.MaxHalvings {
			if !finite(v) {
				return 0, fmt.Errorf("no step passes the Armijo test: the value at the smallest step %g (%g halved %d times) is not finite: %w", step, start, h, errNonFinite)
			}
			if v < f0-allow {
				return 0, &capTooLongError{fmt.Sprintf("no step passes the Armijo test: the smallest step %g (%g halved %d times) still lowers the value from %.10g to %.10g; the step cap (the schedule's step) is too long for this game", step, start, h, f0, v)}
			}
			return step, nil
		}
		step /= 2
	}
}

// capTooLongError is search's error when every step tried, all finite,
// lowers the value: the cap is too long for the game (Run reports it as a
// *ScheduleError, status failed, not a divergence).
type capTooLongError struct{ msg string }

func (e *capTooLongError) Error() string { return e.msg }

// bestResponseError is the leader line search's error when the follower's
// best response B fails: at the current θ1, or at every step tried down
// to the smallest (trial). Run reports it as a divergence (*RunError) when
// diverged, and otherwise — B's soft policy iteration reaching its
// iteration limit, nothing non-finite — as a failure: a *ScheduleError at
// a trial (the cap too long for B to be computed along the direction), a
// *BestResponseLimitError at θ1 (no step is at fault there).
type bestResponseError struct {
	msg      string
	err      error
	diverged bool
	trial    bool
}

func (e *bestResponseError) Error() string { return e.msg }

func (e *bestResponseError) Unwrap() error { return e.err }

// brDiverged reports whether err, BestResponse's error, is a divergence
// (README: NaN/Inf or a singular matrix: a singular policy-evaluation
// matrix, NaN in the soft policy iteration), rather than its iteration
// limit (*brLimitError).
func brDiverged(err error) bool {
	var limit *brLimitError
	return !errors.As(err, &limit)
}

func dot(x, y []float64) float64 {
	s := 0.0
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

// axpy returns dst = x + a·y, reusing dst's storage.
func axpy(dst, x []float64, a float64, y []float64) []float64 {
	if cap(dst) < len(x) {
		dst = make([]float64, len(x))
	}
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = v + a*y[i]
	}
	return dst
}
