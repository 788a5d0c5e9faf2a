package hierarchy

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/internal/poll"
	"github.com/stackel/stackel/loop"
)

// Config configures the multi-timescale hierarchical dynamics.
type Config struct {
	// Rates gives one step-size schedule per level, indexed by the step k
	// from 1. For the asymptotic analysis of Appendix C the leaders must be
	// slowest: γ_{j,k} = o(γ_{j+1,k}).
	Rates []loop.Schedule
	// Settings: Iterations is the number of simultaneous updates (0:
	// none); RecordEvery records the profile at step 0, every RecordEvery
	// steps and after the last (0: only the first and the last). Run has
	// no step-norm test: StepTol must be 0 (another value is an error,
	// not silently ignored).
	loop.Settings
}

// Step is a recorded profile.
type Step struct {
	// K is the number of updates done.
	K int
	// X holds every player's strategy (copies).
	X [][]float64
	// F holds every player's objective value.
	F []float64
}

// Result is the outcome of Run.
type Result struct {
	// X is the final profile.
	X [][]float64
	// F is every player's objective at X.
	F []float64
	// Trace holds the recorded profiles.
	Trace []Step
	// Status says why the run stopped.
	Status loop.Status `json:"-"`
}

// Run performs the simultaneous multi-timescale updates
//
//	x_{p,k+1} = Π_p( x_{p,k} ∓ γ_{j,k} D_p(x_k) )
//
// for every player p on level j, where D_p is its hierarchical gradient
// (Evaluator.Directions), + for payoffs and − for costs, and Π_p projects
// onto the player's domain: Eq. 1 of Fiez et al. with ω_S, extended to the
// staggered (C.1) and simultaneous-follower (C.2) hierarchies of their
// Appendix C. x0 is copied (a non-finite entry is an error; so is a nil
// e). A run that stops early (a singular Jacobian, a rate, a strategy or
// an objective that is not finite, a cancelled ctx) returns its error,
// which names the step, with the trace recorded so far and, as X and F,
// the last profile whose strategies were all finite (F is nil when its
// objectives are not).
func Run(ctx context.Context, e *Evaluator, x0 [][]float64, cfg Config) (res Result, err error) {
	defer func() { res.Status = loop.StatusOf(err, false) }()
	if e == nil {
		return Result{}, fmt.Errorf("hierarchy: no evaluator (NewEvaluator builds one)")
	}
	if ctx == nil {
		// Refused, as learn.Run does: ctx.Err() panicked at step 0.
		return Result{}, fmt.Errorf("hierarchy: nil context (use context.Background())")
	}
	g := e.g
	if len(cfg.Rates) != len(e.s) {
		return Result{}, fmt.Errorf("hierarchy: %d rate schedules for %d levels", len(cfg.Rates), len(e.s))
	}
	for l, r := range cfg.Rates {
		if err := loop.Validate(fmt.Sprintf("hierarchy.rates[%d]", l), r); err != nil {
			return Result{}, err
		}
	}
	if err := cfg.Check(); err != nil {
		return Result{}, fmt.Errorf("hierarchy: %w", err)
	}
	if cfg.StepTol != 0 {
		// Refused, not ignored: a caller asking for a convergence stop
		// got every step run.
		return Result{}, fmt.Errorf("hierarchy: settings.step_tol = %g: the hierarchical dynamics have no step-norm test (give 0)", cfg.StepTol)
	}
	steps := cfg.Iterations
	if len(x0) != len(g.Players) {
		return Result{}, fmt.Errorf("hierarchy: %d initial strategies for %d players", len(x0), len(g.Players))
	}
	x := make([][]float64, len(x0))
	d := make([][]float64, len(x0))
	for p := range x0 {
		if len(x0[p]) != g.Players[p].Dim {
			return Result{}, fmt.Errorf("hierarchy: initial strategy of player %d has length %d, want %d", p, len(x0[p]), g.Players[p].Dim)
		}
		for i, v := range x0[p] {
			// Checked before the projection, which would clamp ±Inf
			// into a box and leave NaN in place (the run then stopped at
			// step 0 with NaN in its final profile, blaming the
			// objective).
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Result{}, fmt.Errorf("hierarchy: initial strategy of player %d (%s): x0[%d] = %g; want finite numbers", p, g.Players[p].Name, i, v)
			}
		}
		x[p] = append([]float64(nil), x0[p]...)
		g.Players[p].Domain.Project(x[p])
		d[p] = make([]float64, len(x0[p]))
	}
	sign := -g.Sense.Sign() // +1 ascends payoffs, −1 descends costs
	record := func(k int) error {
		f, err := Values(g, x)
		if err != nil {
			return err
		}
		st := Step{K: k, F: f, X: make([][]float64, len(x))}
		for p := range x {
			st.X[p] = append([]float64(nil), x[p]...)
		}
		res.Trace = append(res.Trace, st)
		return nil
	}
	// stop ends the run early with err, keeping x, the last profile all of
	// whose strategies were finite, as the result.
	stop := func(err error) (Result, error) {
		res.X = make([][]float64, len(x))
		for p := range x {
			res.X[p] = append([]float64(nil), x[p]...)
		}
		res.F, _ = Values(g, x)
		return res, err
	}
	gamma := make([]float64, len(e.s))  // γ_{j,k+1} of each level j
	before := make([][]float64, len(x)) // the profile before the step
	for p := range x {
		before[p] = make([]float64, len(x[p]))
	}
	// The context is polled before the first step and then about every
	// millisecond of steps (poll.Poller, as learn.Run): every step when
	// one takes milliseconds, every 256th when it takes microseconds.
	var poller poll.Poller
	for k := 0; k < steps; k++ {
		if err := poller.Err(ctx); err != nil {
			return stop(fmt.Errorf("hierarchy: stopped at step %d: %w", k, err))
		}
		if cfg.Due(k, steps) {
			if err := record(k); err != nil {
				return stop(fmt.Errorf("hierarchy step %d: %w", k, err))
			}
		}
		if err := e.Directions(d, x); err != nil {
			return stop(fmt.Errorf("hierarchy step %d: %w", k, err))
		}
		for l := range e.s {
			gamma[l] = cfg.Rates[l].At(k + 1)
			if !(gamma[l] >= 0) || math.IsInf(gamma[l], 0) {
				return stop(fmt.Errorf("hierarchy step %d: hierarchy.rates[%d]: value %g at iteration %d is not a finite non-negative number", k, l, gamma[l], k+1))
			}
		}
		for p := range x {
			copy(before[p], x[p])
		}
		for l, level := range e.s {
			gamma := gamma[l]
			for _, p := range level {
				for i := range x[p] {
					x[p][i] += sign * gamma * d[p][i]
				}
				g.Players[p].Domain.Project(x[p])
				if loop.CheckFinite("strategy", x[p]) != nil {
					for q := range x {
						copy(x[q], before[q])
					}
					return stop(loop.Diverge(fmt.Sprintf("player %d strategy", p), "hierarchy step %d: player %d (level %d) strategy is not finite after its step (γ = %g, ‖D_p‖ = %g)", k, p, l, gamma, norm(d[p])))
				}
			}
		}
	}
	if err := record(steps); err != nil {
		return stop(fmt.Errorf("hierarchy step %d: %w", steps, err))
	}
	last := res.Trace[len(res.Trace)-1]
	res.X, res.F = last.X, last.F
	return res, nil
}

func norm(x []float64) float64 { return floats.Norm(x, 2) }

// Values returns every player's objective at the profile x.
func Values(g Game, x [][]float64) ([]float64, error) {
	if len(x) != len(g.Players) {
		return nil, fmt.Errorf("hierarchy: %d strategies for %d players", len(x), len(g.Players))
	}
	for p, pl := range g.Players {
		switch {
		case pl.Objective == nil:
			return nil, fmt.Errorf("hierarchy: player %d (%s) has no objective", p, pl.Name)
		case len(x[p]) != pl.Dim:
			return nil, fmt.Errorf("hierarchy: player %d (%s): a strategy of %d coordinates; the player's dim is %d", p, pl.Name, len(x[p]), pl.Dim)
		}
	}
	t := ad.NewTape()
	nodes := make([]*ad.Node, len(x))
	for p := range x {
		nodes[p] = t.VarVec(x[p]...)
	}
	f := make([]float64, len(g.Players))
	for p, pl := range g.Players {
		node, err := record(p, pl, nodes)
		if err != nil {
			return nil, err
		}
		f[p] = node.Scalar()
		if math.IsNaN(f[p]) || math.IsInf(f[p], 0) {
			return nil, loop.Diverge(fmt.Sprintf("player %d objective", p), "hierarchy: player %d (%s) objective = %g", p, pl.Name, f[p])
		}
	}
	return f, nil
}
