package markov

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/stackel/stackel/loop"
)

// Dynamics names.
const (
	// StackelbergPG is the two-timescale Stackelberg policy gradient of
	// Eq. 8, 9 and 19: the leader ascends the implicit gradient, the
	// follower its own gradient.
	StackelbergPG = "stackelberg-pg"
	// SimultaneousPG is the baseline in which each player ascends its own
	// gradient, ∇θ1V1 and ∇θ2V2λ (the leader ignores the follower's
	// response).
	SimultaneousPG = "simultaneous-pg"
)

// Estimator names.
const (
	// Exact computes every gradient and Hessian block from the model by
	// linear solves (Evaluator).
	Exact = "exact"
	// Sampled estimates them from Batch sampled trajectories of Horizon
	// steps (Sampler), as a user without the model would.
	Sampled = "sampled"
)

// Defaults used for zero Config fields.
const (
	DefaultIterations = 2000
	DefaultBatch      = 256
	DefaultHorizon    = 50
)

// DefaultLeaderLR and DefaultFollowerLR are the step sizes used when
// Config.LeaderLR or Config.FollowerLR is nil. They are
// constants with a 10:1 timescale ratio, the practical choice with exact
// gradients; for the sampled estimator pick power schedules satisfying
// Assumption 1 (see CheckAssumption1).
var (
	DefaultLeaderLR   loop.Schedule = loop.Constant(0.1)
	DefaultFollowerLR loop.Schedule = loop.Constant(1)
)

// Config are the settings of Run. The zero value of every field selects
// its documented default. These are this package's defaults (steps
// DefaultLeaderLR 0.1 and DefaultFollowerLR 1, DefaultIterations 2000),
// not those of a configuration file's Markov run (`stackel run`,
// experiment.MarkovConfig), which starts from DefaultConfig (steps 0.5 and
// 2, 50 000 iterations): a zero Config and an empty `dynamics:` block run
// differently.
type Config struct {
	// Dynamics is StackelbergPG (default, "") or SimultaneousPG.
	Dynamics string
	// LeaderLR is α_t of Eq. 8 (default, when nil, DefaultLeaderLR).
	LeaderLR loop.Schedule
	// FollowerLR is β_t of Eq. 9 (default, when nil, DefaultFollowerLR).
	FollowerLR loop.Schedule
	// Estimator names a registered Estimator: Exact (default, "") or
	// Sampled, or one added with RegisterEstimator.
	Estimator string
	// Batch and Horizon are the number of trajectories per iteration and
	// their length, for the sampled estimator (defaults DefaultBatch,
	// DefaultHorizon).
	Batch, Horizon int
	// Reg >= 0 regularises the inverse in Eq. 19: the follower Hessian
	// block is replaced by ∇²θ2V2λ − Reg·I (default 0). With λ > 0 it
	// changes the leader's updates only, not the diagnostic
	// Stats.HierGradNorm (Eq. 18): a run with Reg > 0 settles where the
	// regularised direction vanishes, which is not a stationary point of
	// V1(θ1, B(θ1)), and its verdict says so.
	Reg float64
	// Hessian is how the sampled estimator's Eq. 19 uses its estimate of
	// the follower Hessian: HessianEstimate (default, "") as it is, or
	// HessianEntropyFloor, floored at the best response's entropy
	// curvature (Sampler.HierGradEntropyFloor; needs λ > 0). Only with
	// Estimator Sampled.
	Hessian string
	// Settings holds the number of updates (Iterations, default
	// DefaultIterations) and the recording period (RecordEvery: records
	// are made at iteration 0, every RecordEvery iterations and at the
	// last iteration; 0 records only the first and the last; a run that
	// stops at an update whose V1 or V2λ is not finite records that
	// update too). StepTol is not used.
	loop.Settings
	// StepRule is FixedSteps (default, "") or Backtracking: with
	// Backtracking the schedules' steps are the largest each player may
	// take and a line search (Backtrack) shortens them where the game's
	// curvature needs it. Recommended when the game's scale is unknown.
	StepRule string
	// Backtrack holds the constants of the Backtracking rule.
	Backtrack Backtrack
	// Seed seeds the sampled estimator (the exact one draws nothing).
	Seed uint64
	// Theta1, Theta2 are the initial parameters (default zeros: uniform
	// policies). They are copied, not modified.
	Theta1, Theta2 []float64
}

// Stats is one record of a run. Statistics are exact (computed from the
// model) whatever the estimator.
type Stats struct {
	// Iteration is the number of updates made so far (0: initial point).
	Iteration int `json:"iteration"`
	// LeaderValue is V1(θ1, θ2) and FollowerValue is V2λ(θ1, θ2).
	LeaderValue   float64 `json:"leader_value"`
	FollowerValue float64 `json:"follower_value"`
	// HierGradNorm is ‖∇V1(θ1, B(θ1))‖₂, the norm of the hierarchical
	// gradient (Eq. 18) at the follower's best response to θ1, with the
	// follower's Hessian itself (Assumption 2) whatever Config.Reg the
	// updates use; it is 0 at a stationary point of the leader's problem
	// (Theorem 1). With λ = 0 Eq. 18 is undefined: it is then Eq. 19 at
	// the current θ2 with Config.Reg. It is -1 when the Hessian is
	// singular (HierGradNormTextAt writes that as "n/a" for a reader).
	HierGradNorm float64 `json:"hier_grad_norm"`
	// BRGap is ‖π2 − B(θ1)‖∞, the largest deviation of the follower's
	// policy from its best response, over the states reachable from ρ
	// (at a state no trajectory from ρ reaches, V1 and V2λ do not depend
	// on the policies, every policy is a best response and θ2 keeps its
	// initial value) whose visitation at (θ1, θ2) is above the rounding
	// floor 1e3·ε·Σ_t|d(t)| (below it V1 and V2λ depend on the policy
	// there in float64 no more than at an unreachable state, and Eq. 19
	// leaves the state out too). With λ = 0 the best response is the set of
	// mixtures of each state's optimal actions, and BRGap is the distance
	// to π2 restricted to the optimal actions and renormalised (the greedy
	// policy where one action is optimal): a member of that set, so an
	// upper bound on the distance to it, and 0 exactly when π2 is in it.
	BRGap float64 `json:"br_gap"`
}

// Recorder receives the records of a run. Returning an error stops the
// run with that error.
type Recorder = loop.Recorder[Stats]

// RecorderFunc adapts a function to Recorder.
type RecorderFunc = loop.RecorderFunc[Stats]

// Result is the outcome of Run. Its JSON form is the published summary:
// {"leader_value", "follower_value", "policy1", "policy2",
// "hier_grad_norm", "br_gap"} (the caller adds any outer wrapper).
type Result struct {
	// LeaderValue is V1 and FollowerValue is V2λ at the final parameters.
	LeaderValue   float64 `json:"leader_value"`
	FollowerValue float64 `json:"follower_value"`
	// Policy1 and Policy2 are the final policies, rows = states.
	Policy1 [][]float64 `json:"policy1"`
	Policy2 [][]float64 `json:"policy2"`
	// HierGradNorm = ‖∇V1(θ1, B(θ1))‖ and BRGap = ‖π2 − π_B(θ1)‖∞ at the
	// final parameters (see Stats).
	HierGradNorm float64 `json:"hier_grad_norm"`
	BRGap        float64 `json:"br_gap"`

	// Iterations is the number of updates made.
	Iterations int `json:"-"`
	// Status says why the run stopped.
	Status loop.Status `json:"-"`
	// LeaderStep and FollowerStep are the last steps α_k, β_k taken (the
	// schedules' values, or those the Backtracking rule chose).
	LeaderStep   float64 `json:"-"`
	FollowerStep float64 `json:"-"`
	// Theta1, Theta2 are the final parameters.
	Theta1 []float64 `json:"-"`
	Theta2 []float64 `json:"-"`
	// History holds every record, in order.
	History []Stats `json:"-"`
}

// RunError is returned by Run when an iteration produces a non-finite
// quantity or a singular Hessian (loop.Diverged); the Result returned with
// it holds everything recorded so far and the last finite parameters.
type RunError struct {
	// Iteration is the update (counting from 1) that failed, or the
	// update whose parameters have a non-finite V1 or V2λ, which is
	// recorded whatever RecordEvery (0: the initial parameters).
	Iteration int
	// Quantity names what failed, e.g. "∇θ2 V2λ" or "follower Hessian ∇²θ2 V2λ".
	Quantity string
	// Err is the cause.
	Err error
}

// Error gives the iteration, the quantity and the cause.
func (e *RunError) Error() string {
	return fmt.Sprintf("markov: iteration %d: %s: %v", e.Iteration, e.Quantity, e.Err)
}

// Unwrap returns the cause.
func (e *RunError) Unwrap() error { return e.Err }

// DivergedQuantity returns e.Quantity (loop.Divergence).
func (e *RunError) DivergedQuantity() string { return e.Quantity }

// ScheduleError is returned by Run when a step-size schedule gives a value
// that is not a finite positive number at an iteration (a power with
// p < 0 overflowing, a Go schedule), or when the Backtracking rule finds
// no step down to the schedule's step/2^MaxHalvings that does not lower
// the value (the cap too long for the game) or, on the hierarchical
// objective, one at which the follower's best response converges within
// its iteration limit: the configuration failed,
// nothing diverged (Result.Status loop.Failed). The Result returned with it is as
// with a RunError.
type ScheduleError struct {
	// Iteration is the update (counting from 1) whose step it was.
	Iteration int
	// Quantity names the step, e.g. "leader step (Eq. 8)".
	Quantity string
	// Err is the schedule's error.
	Err error
}

// Error gives the iteration, the step and the cause, as RunError does.
func (e *ScheduleError) Error() string {
	return fmt.Sprintf("markov: iteration %d: %s: %v", e.Iteration, e.Quantity, e.Err)
}

// Unwrap returns the cause.
func (e *ScheduleError) Unwrap() error { return e.Err }

// Is matches loop.ErrScheduleValue: the run failed for its configuration's
// step sizes at that iteration, as every run of the configuration does
// (the cap-too-long failure of Backtracking included, whose cause is not
// loop's).
func (e *ScheduleError) Is(target error) bool { return target == loop.ErrScheduleValue }

// BestResponseLimitError is returned by Run when, under the Backtracking
// rule on the hierarchical objective Φ(θ1) = V1(θ1, B(θ1)), the
// follower's best response B(θ1) (soft policy iteration on the averaged
// MDP of Eq. 13-14) reaches its iteration limit at the line search's
// current θ1, before any trial step: Φ cannot be evaluated where the run
// stands. As with a *ScheduleError the configuration failed and nothing
// diverged (Result.Status loop.Failed), as every run of the configuration
// does, but no step size is at fault (θ1 may be the initial one), so it
// does not match loop.ErrScheduleValue; its chain holds
// ErrBestResponseLimit. The Result returned with it is as with a RunError.
type BestResponseLimitError struct {
	// Iteration is the update (counting from 1) whose line search it was.
	Iteration int
	// Quantity names the stage, "follower best response B(θ1) (Eq. 13-14)".
	Quantity string
	// Err is the cause (its chain holds ErrBestResponseLimit).
	Err error
}

// Error gives the iteration, the stage and the cause, as RunError does.
func (e *BestResponseLimitError) Error() string {
	return fmt.Sprintf("markov: iteration %d: %s: %v", e.Iteration, e.Quantity, e.Err)
}

// Unwrap returns the cause.
func (e *BestResponseLimitError) Unwrap() error { return e.Err }

// bestResponseQuantity is a BestResponseLimitError's Quantity.
const bestResponseQuantity = "follower best response B(θ1) (Eq. 13-14)"

var errNonFinite = errors.New("non-finite value (NaN or Inf)")

// SampleSizes returns the batch and horizon a run of cfg samples with
// (estimator Sampled): Batch and Horizon, with DefaultBatch and
// DefaultHorizon for a zero field. batch × horizon steps are taken per
// iteration. Negative fields are returned as they are (Validate rejects
// them).
func (cfg Config) SampleSizes() (batch, horizon int) {
	batch, horizon = cfg.Batch, cfg.Horizon
	if batch == 0 {
		batch = DefaultBatch
	}
	if horizon == 0 {
		horizon = DefaultHorizon
	}
	return batch, horizon
}

// Validate reports the first error Run would find in cfg for the game g
// before its first iteration (schedules, step rule, estimator, sizes,
// initial parameters), without running.
func (cfg Config) Validate(g *Game) error {
	if _, err := g.prepared(); err != nil {
		return err
	}
	_, err := cfg.withDefaults(g)
	return err
}

// withDefaults returns cfg with defaults filled in, or a validation error.
func (cfg Config) withDefaults(g *Game) (Config, error) {
	switch cfg.Dynamics {
	case "":
		cfg.Dynamics = StackelbergPG
	case StackelbergPG, SimultaneousPG:
	default:
		return cfg, fmt.Errorf("markov: config: dynamics %q: want %q or %q", cfg.Dynamics, StackelbergPG, SimultaneousPG)
	}
	if cfg.Estimator == "" {
		cfg.Estimator = Exact
	}
	if _, ok := lookupEstimator(cfg.Estimator); !ok {
		return cfg, fmt.Errorf("markov: config: estimator %q: want one of %s", cfg.Estimator, strings.Join(EstimatorNames(), ", "))
	}
	switch cfg.StepRule {
	case "", FixedSteps:
		cfg.StepRule = FixedSteps
	case Backtracking:
		if cfg.Estimator == Sampled {
			return cfg, fmt.Errorf("markov: config: step rule %q needs exact values; the sampled estimator has none (use %q)", Backtracking, FixedSteps)
		}
		cfg.Backtrack = cfg.Backtrack.withDefaults()
		if err := cfg.Backtrack.validate(); err != nil {
			return cfg, err
		}
	default:
		return cfg, fmt.Errorf("markov: config: step rule %q: want %q or %q", cfg.StepRule, FixedSteps, Backtracking)
	}
	if cfg.LeaderLR == nil {
		cfg.LeaderLR = DefaultLeaderLR
	}
	if cfg.FollowerLR == nil {
		cfg.FollowerLR = DefaultFollowerLR
	}
	if err := validateStep("config: leader_lr", cfg.LeaderLR); err != nil {
		return cfg, err
	}
	if err := validateStep("config: follower_lr", cfg.FollowerLR); err != nil {
		return cfg, err
	}
	if err := cfg.Settings.Check(); err != nil {
		return cfg, fmt.Errorf("markov: config: %w", err)
	}
	if cfg.Batch < 0 || cfg.Horizon < 0 || cfg.Iterations < 0 {
		return cfg, fmt.Errorf("markov: config: batch = %d, horizon = %d, iterations = %d must be >= 0", cfg.Batch, cfg.Horizon, cfg.Iterations)
	}
	cfg.Batch, cfg.Horizon = cfg.SampleSizes()
	if cfg.Iterations == 0 {
		cfg.Iterations = DefaultIterations
	}
	if math.IsNaN(cfg.Reg) || math.IsInf(cfg.Reg, 0) || cfg.Reg < 0 {
		return cfg, fmt.Errorf("markov: config: reg = %v must be finite and >= 0", cfg.Reg)
	}
	if err := checkHessian(cfg.Hessian, cfg.Estimator, g.Lambda); err != nil {
		return cfg, err
	}
	n, m1, m2 := g.Dims()
	if cfg.Theta1 != nil && len(cfg.Theta1) != n*m1 {
		return cfg, fmt.Errorf("markov: config: theta1 has %d entries: want states×actions[0] = %d", len(cfg.Theta1), n*m1)
	}
	if cfg.Theta2 != nil && len(cfg.Theta2) != n*m2 {
		return cfg, fmt.Errorf("markov: config: theta2 has %d entries: want states×actions[1] = %d", len(cfg.Theta2), n*m2)
	}
	for _, th := range []struct {
		name string
		v    []float64
	}{{"theta1", cfg.Theta1}, {"theta2", cfg.Theta2}} {
		for i, v := range th.v {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return cfg, fmt.Errorf("markov: config: %s[%d] = %v is not finite", th.name, i, v)
			}
		}
	}
	return cfg, nil
}

// Run learns in game g with the dynamics of cfg:
//
//	θ1 ← θ1 + α_k ∇V1(θ1, θ2)      (Eq. 8; Eq. 19 for StackelbergPG, ∇θ1V1 for SimultaneousPG)
//	θ2 ← θ2 + β_k ∇θ2 V2λ(θ1, θ2)  (Eq. 9)
//
// for k = 1..Iterations, both updates using the gradients at iteration k.
// Records (Stats) go to rec (which may be nil) and into Result.History.
// A run refused before its first update (a nil ctx or g, a game or Config
// that does not validate) returns its error with an empty Result whose
// Status is loop.Failed.
// On a non-finite quantity or a singular Hessian it stops with a *RunError
// (a V1 or V2λ not finite at the parameters of update k: at k, whatever
// RecordEvery, with k recorded; 0 for the initial parameters) and returns
// the Result at the last finite parameters with everything recorded so
// far; a step-size schedule whose value at an iteration is
// not a finite positive number, or a Backtracking line search that finds
// no acceptable step, stops it the same way with a *ScheduleError
// (Result.Status loop.Failed; a best response that reaches its iteration
// limit at the current θ1 of that line search stops it with a
// *BestResponseLimitError, also loop.Failed). A cancelled ctx stops it before the next update with
// ctx's error (Result.Status loop.Cancelled); an estimator that is a
// ContextEstimator (Sampled) also stops inside its estimate, within a
// fraction of a second, and the run ends the same way, at the parameters
// of the last completed update. An estimate Run cannot use (no Point, a
// direction or ∇θ2 V2λ of another length than θ1 or θ2: a bug of a
// registered Estimator) stops it the same way with an error naming the
// estimator (loop.Failed), and a factory that returns neither an
// Estimator nor an error refuses the run.
func Run(ctx context.Context, g *Game, cfg Config, rec Recorder) (res Result, err error) {
	// A refused run too says why it stopped (loop.Failed), not Running.
	defer func() { res.Status = loop.StatusOf(err, false) }()
	if ctx == nil {
		return Result{}, errors.New("markov: nil context (use context.Background())")
	}
	flat, err := g.prepared()
	if err != nil {
		return Result{}, err
	}
	cfg, err = cfg.withDefaults(g)
	if err != nil {
		return Result{}, err
	}
	n, m1, m2 := g.Dims()
	th1 := make([]float64, n*m1)
	th2 := make([]float64, n*m2)
	copy(th1, cfg.Theta1)
	copy(th2, cfg.Theta2)
	diag, _ := NewEvaluator(g)
	factory, _ := lookupEstimator(cfg.Estimator)
	est, err := factory(g, cfg)
	if err != nil {
		return Result{}, err
	}
	if est == nil {
		return Result{}, fmt.Errorf("markov: estimator %q: the factory returned no Estimator and no error", cfg.Estimator)
	}
	stack := cfg.Dynamics == StackelbergPG
	var bt *backtracker
	if cfg.StepRule == Backtracking {
		bt = newBacktracker(g, cfg.Backtrack, stack)
	}
	// record records the statistics at iteration k; a value it records
	// non-finite then stops the run there, as learn names the iteration
	// of an objective it records non-finite (else the next update's
	// estimate found it, one iteration later than the row holding it).
	record := func(k int) error {
		st := diagnose(diag, k, th1, th2, cfg.Reg)
		res.History = append(res.History, st)
		if rec != nil {
			if err := rec.Record(st); err != nil {
				return err
			}
		}
		switch {
		case !finite(st.LeaderValue):
			return &RunError{Iteration: k, Quantity: "V1", Err: errNonFinite}
		case !finite(st.FollowerValue):
			return &RunError{Iteration: k, Quantity: "V2λ", Err: errNonFinite}
		}
		return nil
	}
	finish := func(k int) {
		st := diagnose(diag, k, th1, th2, cfg.Reg)
		res.LeaderValue, res.FollowerValue = st.LeaderValue, st.FollowerValue
		res.HierGradNorm, res.BRGap = st.HierGradNorm, st.BRGap
		res.Policy1 = PolicyMatrix(th1, m1)
		res.Policy2 = PolicyMatrix(th2, m2)
		res.Theta1, res.Theta2 = th1, th2
		res.Iterations = k
	}
	if err := record(0); err != nil {
		finish(0)
		return res, err
	}
	// A V1 or V2λ that is not finite at the parameters of an update k that
	// is not recorded is recorded at k, the last iteration the run
	// reached, and stops the run there, whatever RecordEvery is (the next
	// update's estimate, or a later record, named another iteration).
	// The exact estimator computes those values anyway, at the start of
	// update k+1: its failure is traced back to k then (valuesFinite on
	// failure only, no cost per iteration). Another estimator's
	// estimate need not see them (sampled trajectories never draw an
	// action of probability 0, whose entropy term π2·log π2 is 0·(−Inf)),
	// so they are checked after every update it makes (valuesCheck). On
	// a game whose values are bounded well within float64's range
	// (valuesBounded: every game Validate accepts but those within 2^10
	// of its bound) that check reads θ2 alone: V1 is finite at finite
	// parameters there, and V2λ is unless some state's entropy term is
	// not (entropiesFinite, O(|S||A2|)); only then are the values solved
	// (Eq. 1-6, O(|S|³): on a 300-state game with a small batch, a full
	// solve after every update more than doubled the run's time).
	bounded := valuesBounded(flat)
	var piRow, lpRow []float64
	valuesFinite := func(k int) bool {
		if k < 1 {
			return true
		}
		if bounded {
			if piRow == nil {
				piRow, lpRow = make([]float64, m2), make([]float64, m2)
			}
			if entropiesFinite(th2, piRow, lpRow) {
				return true
			}
		}
		v := evalValues(diag, th1, th2)
		return finite(v.V1) && finite(v.V2)
	}
	valuesCheck := cfg.Estimator != Exact
	var next1, next2 []float64
	fail := func(k int, q string, err error) (Result, error) {
		finish(k - 1)
		return res, &RunError{Iteration: k, Quantity: q, Err: err}
	}
	failSchedule := func(k int, q string, err error) (Result, error) {
		finish(k - 1)
		return res, &ScheduleError{Iteration: k, Quantity: q, Err: err}
	}
	for k := 1; k <= cfg.Iterations; k++ {
		if err := ctx.Err(); err != nil {
			finish(k - 1)
			return res, fmt.Errorf("markov: iteration %d: %w", k, err)
		}
		var (
			pt   *Point
			lead []float64
			err  error
		)
		if ce, ok := est.(ContextEstimator); ok {
			pt, lead, err = ce.EstimateContext(ctx, th1, th2, stack)
		} else {
			pt, lead, err = est.Estimate(th1, th2, stack)
		}
		if err == nil {
			if serr := checkEstimate(pt, lead, len(th1), len(th2)); serr != nil {
				finish(k - 1)
				return res, fmt.Errorf("markov: iteration %d: estimator %q: %w", k, cfg.Estimator, serr)
			}
			err = checkPoint(pt)
		}
		if err != nil {
			if cerr := ctx.Err(); cerr != nil && errors.Is(err, cerr) {
				// Cancelled inside the estimate: as before an update.
				finish(k - 1)
				return res, fmt.Errorf("markov: iteration %d: %w", k, err)
			}
			if !valuesCheck && !cfg.Due(k-1, cfg.Iterations) && !valuesFinite(k-1) {
				// The values at the parameters of update k−1: recorded
				// there, which names k−1.
				rerr := record(k - 1)
				finish(k - 1)
				return res, rerr
			}
			var re *RunError
			if errors.As(err, &re) {
				return fail(k, re.Quantity, re.Err)
			}
			return fail(k, "estimator "+cfg.Estimator, err)
		}
		if lead == nil {
			lead = pt.Grad11
		}
		if !allFinite(lead) {
			return fail(k, leaderGradientQuantity(stack), errNonFinite)
		}
		a, err := loop.Positive("leader_lr α_k", cfg.LeaderLR, k)
		if err != nil {
			return failSchedule(k, "leader step (Eq. 8)", err)
		}
		b, err := loop.Positive("follower_lr β_k", cfg.FollowerLR, k)
		if err != nil {
			return failSchedule(k, "follower step (Eq. 9)", err)
		}
		if bt != nil {
			if a, b, err = bt.steps(th1, th2, lead, pt.Grad22, pt.V2, a, b); err != nil {
				var capErr *capTooLongError
				if errors.As(err, &capErr) {
					// No step down to the cap/2^MaxHalvings raises the
					// value: the cap is too long for the game, nothing
					// diverged.
					return failSchedule(k, "step sizes (backtracking)", err)
				}
				var brErr *bestResponseError
				if errors.As(err, &brErr) && !brErr.diverged {
					// The follower's best response reached its iteration
					// limit: a non-convergence, not a divergence.
					if brErr.trial {
						return failSchedule(k, "step sizes (backtracking)", err)
					}
					finish(k - 1)
					return res, &BestResponseLimitError{Iteration: k, Quantity: bestResponseQuantity, Err: err}
				}
				// A value not finite even at the smallest step, or a best
				// response that met NaN or a singular matrix.
				return fail(k, "step sizes (backtracking)", err)
			}
		}
		// The steps go to copies first, so that a step that overflows
		// leaves the last finite parameters in the Result.
		next1 = append(next1[:0], th1...)
		next2 = append(next2[:0], th2...)
		for i, v := range lead {
			next1[i] += a * v // Eq. 8
		}
		for i, v := range pt.Grad22 {
			next2[i] += b * v // Eq. 9
		}
		if !allFinite(next1) {
			return fail(k, fmt.Sprintf("leader parameters θ1 after Eq. 8 (α_k = %g)", a), errNonFinite)
		}
		if !allFinite(next2) {
			return fail(k, fmt.Sprintf("follower parameters θ2 after Eq. 9 (β_k = %g)", b), errNonFinite)
		}
		copy(th1, next1)
		copy(th2, next2)
		res.LeaderStep, res.FollowerStep = a, b
		if cfg.Due(k, cfg.Iterations) || valuesCheck && !valuesFinite(k) {
			if err := record(k); err != nil {
				finish(k)
				return res, err
			}
		}
	}
	finish(cfg.Iterations)
	return res, nil
}

// checkEstimate reports an Estimate that Run cannot use whatever its
// values: no Point, or a leader direction (when not nil) or follower
// gradient ∇θ2 V2λ whose length is not that of θ1 (d1) or θ2 (d2). A
// user's Estimator with such a bug otherwise panicked or, with a short
// direction, moved only part of θ1 without a word.
func checkEstimate(pt *Point, lead []float64, d1, d2 int) error {
	switch {
	case pt == nil:
		return errors.New("no Point and no error")
	case lead != nil && len(lead) != d1:
		return fmt.Errorf("the leader's direction has %d entries, want states×actions[0] = %d", len(lead), d1)
	case lead == nil && len(pt.Grad11) != d1:
		return fmt.Errorf("∇θ1 V1 (the leader's direction, none given) has %d entries, want states×actions[0] = %d", len(pt.Grad11), d1)
	case len(pt.Grad22) != d2:
		return fmt.Errorf("∇θ2 V2λ has %d entries, want states×actions[1] = %d", len(pt.Grad22), d2)
	}
	return nil
}

// leaderGradientQuantity names the leader's direction in Eq. 8 as a
// RunError's Quantity: Eq. 19 for Stackelberg PG, the partial gradient
// ∇θ1V1 (the paper's Eq. 8 with ∇θ1V1 in place of Eq. 19) for
// simultaneous PG.
func leaderGradientQuantity(stackelberg bool) string {
	if stackelberg {
		return "leader gradient (Eq. 19)"
	}
	return "leader gradient ∇θ1 V1 (simultaneous PG, Eq. 8)"
}

// diagnose computes the exact statistics at (θ1, θ2); reg is used only
// with λ = 0 (see Stats.HierGradNorm).
func diagnose(e *Evaluator, k int, th1, th2 []float64, reg float64) Stats {
	st := Stats{Iteration: k}
	pt := e.Eval(th1, th2, OrderValues)
	st.LeaderValue, st.FollowerValue = pt.V1, pt.V2
	pi2 := append([]float64(nil), pt.Pi2...)
	// The states Eq. 19 takes at (θ1, θ2) (leftOut): unreachable ones, and
	// those whose visitation is at the rounding floor, are left out.
	e.leftOut()
	out := append([]bool(nil), e.outMask...)
	br, err := e.BestResponse(th1)
	if err != nil {
		st.BRGap = -1
	} else {
		// Over the states Eq. 19 takes: elsewhere every policy is a best
		// response (V2λ(ρ) of Eq. 6 does not depend on it, in float64 at
		// a visitation at the rounding floor, and θ2 does not move
		// there), so B(θ1)'s choice there is no target.
		m2 := e.m2
		if e.g.lambda == 0 {
			// B(θ1) is then a set: the distance to it, not to its
			// greedy element (ties to the lowest action).
			st.BRGap = e.greedyGap(pi2, out)
		} else {
			for i, p := range br {
				if !out[i/m2] {
					st.BRGap = math.Max(st.BRGap, math.Abs(p-pi2[i]))
				}
			}
		}
	}
	var grad []float64
	if e.g.lambda > 0 {
		// Eq. 18 at B(θ1), with ∇²θ2V2λ itself (Assumption 2): the
		// stationarity of Theorem 1, not that of the regularised update.
		_, grad, _, err = e.Hierarchical(th1, 0)
	} else {
		e.Eval(th1, th2, OrderHessians)
		grad, err = e.HierGrad(reg)
	}
	if err != nil || !allFinite(grad) {
		st.HierGradNorm = -1
	} else {
		st.HierGradNorm = norm2(grad)
	}
	return st
}

// HierGradNormTextAt writes a hier_grad_norm (Stats.HierGradNorm or
// Result.HierGradNorm) of a run of a game whose follower's entropy weight
// is lambda (Game.Lambda) for a reader: formatted by verb (e.g. "%.3g")
// when it was computed, and, for the -1 that marks it not computed, "n/a"
// and why. With lambda > 0 the norm is Eq. 18 at B(θ1): "n/a (no best
// response)" when brGap is -1 too, "n/a (singular follower Hessian or
// non-finite gradient)" otherwise. With lambda = 0 it is Eq. 19 at the
// current θ2 (diagnose), which needs no best response: always the
// latter, whatever brGap says. Data files keep the -1.
func HierGradNormTextAt(norm, brGap, lambda float64, verb string) string {
	switch {
	case !(norm < 0):
		return fmt.Sprintf(verb, norm)
	case lambda > 0 && brGap < 0:
		return "n/a (no best response)"
	}
	return "n/a (singular follower Hessian or non-finite gradient)"
}

// HierGradNormText is HierGradNormTextAt for a game with lambda > 0,
// whose hier_grad_norm is taken at B(θ1).
//
// Deprecated: with λ = 0 it gives "no best response" as the reason when
// both measures are -1, which is not why the norm (Eq. 19 at the current
// θ2) was not computed; use HierGradNormTextAt with the game's λ.
func HierGradNormText(norm, brGap float64, verb string) string {
	return HierGradNormTextAt(norm, brGap, 1, verb)
}

// BRGapText writes a br_gap (Stats.BRGap or Result.BRGap) for a reader:
// formatted by verb when it was computed, "n/a (no best response)" for
// the -1 that marks a best response that could not be computed.
func BRGapText(gap float64, verb string) string {
	if gap < 0 {
		return "n/a (no best response)"
	}
	return fmt.Sprintf(verb, gap)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// evalValues is the full check of Run's valuesFinite: V1 and V2λ solved
// at (θ1, θ2) (Eq. 1-6). A variable: tests count its calls.
var evalValues = func(e *Evaluator, th1, th2 []float64) *Point {
	return e.Eval(th1, th2, OrderValues)
}

// valuesBounded reports that f's values are bounded within float64's
// range with room to spare: max|R1|/(1 − γ) and (max|R2| + λ ln|A2|)/(1 −
// γ), the bounds on |V1| and |V2λ| (Eq. 1-6; checkValueBound), at most
// maxValue/2^10. Then V1 and V2λ are finite at finite parameters unless a
// state's entropy term −Σ_b π2 log π2 is not (entropiesFinite): the
// per-state rewards Eval solves for are then finite and bounded, and so
// is the solve (its relative error is within maxSolveError). Games only
// this package's tests build past the bound (validate(false)) are not.
func valuesBounded(f *flatGame) bool {
	maxAbs := func(r []float64) float64 {
		m := 0.0
		for _, v := range r {
			m = math.Max(m, math.Abs(v))
		}
		return m
	}
	room := (1 - f.gamma) * maxValue / (1 << 10)
	return maxAbs(f.r1) <= room && maxAbs(f.r2)+f.lambda*math.Log(float64(f.m2)) <= room
}

// entropiesFinite reports whether the entropy term −Σ_b π2(b|s) log
// π2(b|s) that Eval adds to the follower's reward (Eq. 3-4) is finite at
// every state of θ2, computed as Eval computes it (softmaxRow,
// logSoftmaxRow: the same bits). It is not where a logit difference
// overflows, log π2 = −Inf beside π2 = 0. pi and lp are scratch rows of
// |A2| entries.
func entropiesFinite(th2, pi, lp []float64) bool {
	m2 := len(pi)
	for s := 0; s+m2 <= len(th2); s += m2 {
		row := th2[s : s+m2]
		softmaxRow(pi, row)
		logSoftmaxRow(lp, row)
		ent := 0.0
		for b := range pi {
			ent -= pi[b] * lp[b]
		}
		if !finite(ent) {
			return false
		}
	}
	return true
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if !finite(x) {
			return false
		}
	}
	return true
}

func norm2(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}
