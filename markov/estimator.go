package markov

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
)

// Estimator computes what one iteration of Run needs at (θ1, θ2): the
// values V1 and V2λ, the follower's gradient ∇θ2V2λ (Point.Grad22) and the
// leader's direction — ∇θ1V1 for SimultaneousPG, the hierarchical gradient
// of Eq. 19 for StackelbergPG. Exact (the model, by linear solves) and
// Sampled (score-function estimates from trajectories) are registered; a
// new estimator is a type implementing Estimator plus a RegisterEstimator
// call, after which Config.Estimator (and the config key
// `dynamics.estimator`) can name it.
type Estimator interface {
	// Estimate evaluates (θ1, θ2). lead nil means Point.Grad11. A failure
	// is a *RunError naming the quantity (Run fills in the iteration);
	// the registered estimators return a plain error naming the entry
	// when θ1 or θ2 has one that is not finite (Run never passes one).
	// pt must not be nil, and lead (Point.Grad11 when nil) and
	// Point.Grad22 must have the lengths of θ1 and θ2: Run stops with an
	// error naming the estimator otherwise.
	// The returned values may alias the estimator's buffers until the next
	// call.
	Estimate(theta1, theta2 []float64, stackelberg bool) (pt *Point, lead []float64, err error)
}

// ContextEstimator is an Estimator whose single estimate can take long
// (Sampled: batch × horizon steps), so it looks at the run's context while
// it works. Run calls EstimateContext instead of Estimate on one; when ctx
// is done it returns ctx's error (unwrapped, not a *RunError) and Run
// stops as it does on a cancellation between iterations.
type ContextEstimator interface {
	Estimator
	// EstimateContext is Estimate, stopped with ctx.Err() once ctx is
	// done.
	EstimateContext(ctx context.Context, theta1, theta2 []float64, stackelberg bool) (pt *Point, lead []float64, err error)
}

// EstimatorFactory makes an Estimator for a game and a run's settings
// (defaults filled in).
type EstimatorFactory func(g *Game, cfg Config) (Estimator, error)

var (
	estimatorsMu sync.RWMutex
	estimators   = map[string]EstimatorFactory{}
)

// RegisterEstimator makes an estimator available under name. It panics on
// an empty or duplicate name (a programming error).
func RegisterEstimator(name string, f EstimatorFactory) {
	estimatorsMu.Lock()
	defer estimatorsMu.Unlock()
	if name == "" || f == nil {
		panic("markov: RegisterEstimator: need a name and a factory")
	}
	if _, dup := estimators[name]; dup {
		panic(fmt.Sprintf("markov: RegisterEstimator: %q registered twice", name))
	}
	estimators[name] = f
}

// EstimatorNames lists the registered estimators, sorted.
func EstimatorNames() []string {
	estimatorsMu.RLock()
	defer estimatorsMu.RUnlock()
	names := make([]string, 0, len(estimators))
	for n := range estimators {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func lookupEstimator(name string) (EstimatorFactory, bool) {
	estimatorsMu.RLock()
	defer estimatorsMu.RUnlock()
	f, ok := estimators[name]
	return f, ok
}

func init() {
	RegisterEstimator(Exact, func(g *Game, cfg Config) (Estimator, error) {
		ev, err := NewEvaluator(g)
		return &exactEstimator{ev: ev, reg: cfg.Reg}, err
	})
	RegisterEstimator(Sampled, func(g *Game, cfg Config) (Estimator, error) {
		sp, err := NewSampler(g, cfg.Seed)
		return &sampledEstimator{sp: sp, batch: cfg.Batch, horizon: cfg.Horizon, reg: cfg.Reg, floor: cfg.Hessian == HessianEntropyFloor}, err
	})
}

// exactEstimator computes every quantity from the model (Evaluator); the
// Stackelberg direction uses the factored Hessian blocks (StepGradients,
// the structured exact form of Eq. 19).
type exactEstimator struct {
	ev  *Evaluator
	reg float64
}

func (e *exactEstimator) Estimate(th1, th2 []float64, stackelberg bool) (*Point, []float64, error) {
	// Run checks θ before every estimate; a direct call may not have (the
	// values of a θ with NaN would read as an overflow of V1).
	if err := checkThetaFinite("markov: exact estimate", th1, th2); err != nil {
		return nil, nil, err
	}
	if !stackelberg {
		return e.ev.Eval(th1, th2, OrderGradients), nil, nil
	}
	lead, _, err := e.ev.StepGradients(th1, th2, e.reg)
	pt := &e.ev.Point
	if err != nil {
		// A value or the follower gradient not finite is named as with
		// the simultaneous dynamics (checkPoint), not as the Hessian's.
		if err := checkPoint(pt); err != nil {
			return pt, nil, err
		}
		return pt, nil, &RunError{Quantity: hierQuantity(err), Err: err}
	}
	return pt, lead, nil
}

// hierQuantity names the quantity of Eq. 19 that err, an error of
// HierGrad or StepGradients, is about: the block that overflowed, or else
// the follower Hessian (singular).
func hierQuantity(err error) string {
	var oe *overflowError
	if errors.As(err, &oe) {
		return oe.Quantity
	}
	return "follower Hessian ∇²θ2 V2λ"
}

// sampledEstimator estimates every quantity from batch trajectories of
// horizon steps (Sampler), as a user without the model would.
type sampledEstimator struct {
	sp             *Sampler
	batch, horizon int
	reg            float64
	// floor: Eq. 19 with the Hessian floored at the entropy curvature
	// (Config.Hessian HessianEntropyFloor).
	floor bool
}

func (s *sampledEstimator) Estimate(th1, th2 []float64, stackelberg bool) (*Point, []float64, error) {
	return s.EstimateContext(context.Background(), th1, th2, stackelberg)
}

// EstimateContext samples with Sampler.EstimateContext, which looks at
// ctx inside the trajectories.
func (s *sampledEstimator) EstimateContext(ctx context.Context, th1, th2 []float64, stackelberg bool) (*Point, []float64, error) {
	order := OrderGradients
	if stackelberg {
		order = OrderHessians
	}
	pt, err := s.sp.EstimateContext(ctx, th1, th2, s.batch, s.horizon, order)
	if err != nil {
		// ctx's error, or an entry of θ not finite (Run checks θ before
		// every estimate; a direct call may not have): not a *RunError,
		// which would read as a divergence.
		return nil, nil, err
	}
	if err := s.checkSampled(pt, stackelberg); err != nil || !stackelberg {
		return pt, nil, err
	}
	hier := s.sp.HierGrad
	if s.floor {
		hier = s.sp.HierGradEntropyFloor
	}
	lead, err := hier(s.reg)
	if err != nil {
		return pt, nil, &RunError{Quantity: hierQuantity(err), Err: err}
	}
	return pt, lead, nil
}

// checkSampled names the first sampled quantity that is not finite, and
// why: the leader's (γ^τ R1) and the follower's (γ^τ (R2 − λ log π2))
// terms are finite, and a batch whose sums overflow is summed again with
// its terms scaled (Sampler.Estimate), so an estimate that is not finite
// is a batch mean beyond float64's range (no action of probability 0 in
// float64, whose −λ log π2 is +Inf, is drawn: drawPolicy). The quantities
// are those of checkPoint, and with Stackelberg PG ∇θ2V1 and the Hessian
// blocks; with simultaneous PG the leader's gradient ∇θ1V1, named as Run
// names it.
func (s *sampledEstimator) checkSampled(pt *Point, stackelberg bool) error {
	f := s.sp.g
	type check struct {
		name, what string
		ok         bool
		follower   bool
	}
	const (
		leadSum   = "discounted returns Σ_τ γ^τ R1"
		followSum = "discounted follower objectives Σ_τ c_τ"
		leadGrad  = "score-function gradients Σ_τ γ^τ R1 g_τ"
		followGrd = "score-function gradients Σ_τ (c_τ g_τ + ∇c_τ)"
		hess      = "score-function Hessians Σ_τ (c_τ (g_τ g_τᵀ + h_τ) + ∇c_τ g_τᵀ + g_τ ∇c_τᵀ + ∇²c_τ)"
	)
	checks := []check{
		{"V1", leadSum, finite(pt.V1), false},
		{"V2λ", followSum, finite(pt.V2), true},
		{"∇θ2 V2λ", followGrd, allFinite(pt.Grad22), true},
	}
	if stackelberg {
		checks = append(checks,
			check{"∇θ2 V1", leadGrad, allFinite(pt.Grad12), false},
			check{"follower Hessian ∇²θ2 V2λ", hess, allFinite(pt.Hess22.RawMatrix().Data), true},
			check{"mixed Hessian ∇θ1θ2 V2λ", hess, allFinite(pt.Mixed.RawMatrix().Data), true})
	} else {
		checks = append(checks, check{leaderGradientQuantity(false), leadGrad, allFinite(pt.Grad11), false})
	}
	for _, q := range checks {
		if q.ok {
			continue
		}
		r := f.r1
		if q.follower {
			r = f.r2
		}
		mx := maxAbsValue(r)
		// A bound on one trajectory's |return| (the entropy term aside):
		// mx times Σ_τ<T γ^τ, written as that product if beyond float64.
		sum := float64(s.horizon)
		if f.gamma < 1 {
			sum = (1 - math.Pow(f.gamma, float64(s.horizon))) / (1 - f.gamma)
		}
		one := fmt.Sprintf("%.3g", mx*sum)
		if !finite(mx * sum) {
			one = fmt.Sprintf("%.3g·%.3g", sum, mx)
		}
		var msg string
		switch {
		case q.what == leadSum:
			msg = fmt.Sprintf("the mean of the batch's %d sampled %s (horizon %d; max|R1| = %.3g, each return at most %s) is beyond float64's range",
				s.batch, q.what, s.horizon, mx, one)
		case q.what == followSum:
			msg = fmt.Sprintf("the mean of the batch's %d sampled %s (horizon %d; c_τ = γ^τ (R2 − λ log π2), max|R2| = %.3g, each return at most %s aside from the entropy term, λ = %.3g) is beyond float64's range",
				s.batch, q.what, s.horizon, mx, one, f.lambda)
		default:
			rname := "R1"
			if q.follower {
				rname = "R2"
			}
			msg = fmt.Sprintf("the mean of the batch's %d sampled %s (horizon %d; max|%s| = %.3g, each return at most %s, entries of the cumulative scores g_τ, h_τ up to %d) is beyond float64's range",
				s.batch, q.what, s.horizon, rname, mx, one, s.horizon)
			if q.follower {
				msg += fmt.Sprintf(" (c_τ = γ^τ (R2 − λ log π2), λ = %.3g)", f.lambda)
			}
		}
		return &RunError{Quantity: q.name, Err: fmt.Errorf("%s: %w", msg, errNonFinite)}
	}
	return nil
}

// checkPoint checks the values and the follower gradient every estimator
// returns.
func checkPoint(pt *Point) error {
	switch {
	case !finite(pt.V1):
		return &RunError{Quantity: "V1", Err: errNonFinite}
	case !finite(pt.V2):
		return &RunError{Quantity: "V2λ", Err: errNonFinite}
	case !allFinite(pt.Grad22):
		return &RunError{Quantity: "∇θ2 V2λ", Err: errNonFinite}
	}
	return nil
}
