package learn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/internal/poll"
	"github.com/stackel/stackel/loop"
)

// DefaultIterations is the iteration budget when Settings.Iterations is 0.
const DefaultIterations = 1000

// Settings controls a Run. The zero value runs DefaultIterations
// iterations without a step-norm test, records nothing and checks the
// objectives for finiteness at the start and after the last step only.
type Settings struct {
	// Settings are the iterations (0: DefaultIterations), the recording
	// period (iteration 0, every RecordEvery-th and the last; 0: only the
	// start and the last), which is also where Run checks the objectives
	// for finiteness, with or without a Recorder (so it changes where a
	// diverging run stops and which last good point it returns), and the
	// step-norm tolerance StepTol: the run stops as converged when
	// ‖(x_{k+1} − x_k, y_{k+1} − y_k)‖ (torus coordinates wrapped) is at
	// most StepTol; 0 disables the test.
	loop.Settings
	// Recorder receives progress; nil records nothing.
	Recorder Recorder
}

// Record is one recorded iteration.
type Record struct {
	// Iter is the iteration just completed (0 for the starting point).
	Iter int
	// X and Y are the strategies after the iteration. They alias the run's
	// state and are valid only during the Record call; copy them to keep
	// them (Trace does).
	X, Y []float64
	// F1 and F2 are the objectives at (X, Y) in the game's own sense.
	F1, F2 float64
	// StepNorm is the norm of the step that led here (0 at iteration 0).
	StepNorm float64
	// CGIters and CGResidual report the CG solve of the step (0 when CG
	// was not used).
	CGIters    int
	CGResidual float64
}

// Recorder receives records of a run. An error stops the run and is
// returned by Run.
type Recorder = loop.Recorder[Record]

// RecorderFunc adapts a function to a Recorder.
type RecorderFunc = loop.RecorderFunc[Record]

// Trace is a Recorder that keeps every record, with copies of X and Y.
type Trace struct {
	// Records holds the records in the order received, each with its own
	// copies of X and Y.
	Records []Record
}

// Record appends a copy of r.
func (t *Trace) Record(r Record) error {
	r.X = append([]float64(nil), r.X...)
	r.Y = append([]float64(nil), r.Y...)
	t.Records = append(t.Records, r)
	return nil
}

// Result is the outcome of a Run.
type Result struct {
	// X and Y are the final strategies: after the last successful step
	// (the step that failed, if any, left them unchanged).
	X, Y []float64
	// F1 and F2 are the objectives at (X, Y) in the game's own sense.
	F1, F2 float64
	// Iterations is the iteration of (X, Y): the number of steps that led
	// to it. For a run that ended without error it is every step done;
	// after a failure it is the iteration of the last good point — the
	// one before the failed step or objective, or, when that point's
	// objectives are not finite, the last recorded one — and may be fewer
	// than the steps that completed (an error at iteration 205 recording
	// every 5th can leave Iterations = 200).
	Iterations int
	// Converged reports that a step's norm was at most Settings.StepTol.
	Converged bool
	// CGCapped counts the steps done (recorded or not, a failed one
	// excluded) whose CG solve of the leader's implicit term stopped at
	// its iteration cap above its tolerance (StepInfo.CGCapped): steps
	// along an inexact Stackelberg gradient. CGCappedResidual is the
	// largest relative residual ‖r‖/‖∇y f1‖ among them (0 when none).
	CGCapped         int
	CGCappedResidual float64
	// Status says why the run stopped (loop.IterationLimit, Converged,
	// Cancelled, Diverged or Failed).
	Status loop.Status `json:"-"`
}

// Run drives dynamic d on game g from (x0, y0) (which are not modified),
// d having been built on g (NewStackelberg(g, …), Kind.New(g, …); Run
// refuses a dynamic of this package built on another game, which its steps
// would follow while Run projected onto and recorded g's objectives),
// calling d.Step(ctx, k, x, y, rng) for k = 1, 2, … until Settings.Iterations
// steps are done, a step is shorter than Settings.StepTol, the context is
// cancelled, or a step fails. rng is the only source of noise; it may be nil
// for a noiseless dynamic.
//
// On failure Run returns the Result so far (the last good point) with an
// error naming the iteration, e.g. "iteration 812: leader total derivative
// is NaN". Everything recorded before the failure stays recorded. The
// objectives are checked where a point is recorded (every Due iteration,
// with or without a Recorder): a non-finite one stops the run there, not
// recorded. After a failed step or objective, the last good point is the
// point before that step if its objectives are finite, else the last
// recorded point. Input Run refuses before the first step (a start of the
// wrong length or with a coordinate that is NaN or ±Inf, named as in
// "start x0 is NaN: x0[1] = NaN", bad Settings, …) gives a Result whose
// Status is loop.Failed: refused input, not a divergence.
func Run(ctx context.Context, g game.Game, d Dynamics, x0, y0 []float64, s Settings, rng *rand.Rand) (Result, error) {
	// refuse returns a run refused before its first step: nothing ran,
	// and its Status says so (Failed, a start that is not finite
	// included: refused input, not a divergence), not the zero value
	// Running.
	refuse := func(err error) (Result, error) {
		return Result{Status: loop.StatusOf(err, false)}, err
	}
	switch {
	case ctx == nil:
		return refuse(fmt.Errorf("learn.Run: nil context (use context.Background())"))
	case d == nil:
		return refuse(fmt.Errorf("learn.Run: nil dynamics"))
	}
	if err := checkGame(g); err != nil {
		return refuse(err)
	}
	if b, ok := d.(builtOn); ok {
		if err := sameGame(b.builtOn(), g); err != nil {
			return refuse(err)
		}
	}
	d1, d2 := g.Dims()
	if len(x0) != d1 || len(y0) != d2 {
		return refuse(fmt.Errorf("start: x0 has %d and y0 %d coordinates; game %q has dimensions (%d, %d)", len(x0), len(y0), g.Name(), d1, d2))
	}
	if err := checkStart("x0", x0); err != nil {
		return refuse(err)
	}
	if err := checkStart("y0", y0); err != nil {
		return refuse(err)
	}
	if err := s.Check(); err != nil {
		return refuse(err)
	}
	iters := s.Iterations
	if iters == 0 {
		iters = DefaultIterations
	}
	dx, dy := g.Domains()
	x := append([]float64(nil), x0...)
	y := append([]float64(nil), y0...)
	dx.Project(x)
	dy.Project(y)
	xPrev := make([]float64, d1)
	yPrev := make([]float64, d2)
	vals := values(g)

	res := Result{X: x, Y: y}
	finish := func(err error) (Result, error) {
		vals.run(x, y)
		res.F1, res.F2 = vals.out(0)[0], vals.out(1)[0]
		res.Status = loop.StatusOf(err, res.Converged)
		return res, err
	}
	// good is the last point whose objectives were found finite (at a
	// recorded iteration), the fallback of a divergence found there.
	good := struct {
		k    int
		x, y []float64
	}{0, append([]float64(nil), x...), append([]float64(nil), y...)}
	// record checks the objectives at (x, y) and records the point; a
	// non-finite objective is an objectiveError and nothing is recorded.
	record := func(k int, stepNorm float64, info StepInfo) error {
		vals.run(x, y)
		f1, f2 := vals.out(0)[0], vals.out(1)[0]
		if !finiteValue(f1) || !finiteValue(f2) { // the slices only on the way out
			err := checkFinite("leader objective f1", []float64{f1})
			if err == nil {
				err = checkFinite("follower objective f2", []float64{f2})
			}
			if dg, ok := g.(game.Diagnoser); ok {
				// A formula game names the sub-expression that is not
				// finite, and where it stands in the formula.
				if de := dg.Diagnose(x, y); de != nil {
					err = fmt.Errorf("%w: %v", err, de)
				}
			}
			return objectiveError{fmt.Errorf("iteration %d: %w", k, err)}
		}
		good.k = k
		copy(good.x, x)
		copy(good.y, y)
		if s.Recorder == nil {
			return nil
		}
		err := s.Recorder.Record(Record{Iter: k, X: x, Y: y, F1: f1, F2: f2,
			StepNorm: stepNorm, CGIters: info.CGIters, CGResidual: info.CGResidual})
		if err != nil {
			return fmt.Errorf("iteration %d: recorder: %w", k, err)
		}
		return nil
	}
	// rollback returns (x, y) to the last good point after step k failed:
	// the point before the step if its objectives are finite (a sudden
	// divergence), else the last recorded point.
	rollback := func(k int) {
		copy(x, xPrev)
		copy(y, yPrev)
		res.Iterations = k - 1
		vals.run(x, y)
		if f1, f2 := vals.out(0)[0], vals.out(1)[0]; !finiteValue(f1) || !finiteValue(f2) {
			copy(x, good.x)
			copy(y, good.y)
			res.Iterations = good.k
		}
	}
	if err := record(0, 0, StepInfo{}); err != nil {
		return finish(err)
	}
	// The context is polled before the first step and then every period
	// steps, the period set again at each poll from the steps' mean
	// duration since the one before (poll.Poller: about a millisecond of
	// steps, at most 256; a dynamic with inner loops, follower unrolling
	// or CG, polls inside its step too): a slow first step (a cold cache,
	// a pause) does not fix it for the whole run.
	var poller poll.Poller
	for k := 1; k <= iters; k++ {
		if err := poller.Err(ctx); err != nil {
			return finish(fmt.Errorf("iteration %d: %w", k, err))
		}
		copy(xPrev, x)
		copy(yPrev, y)
		info, err := d.Step(ctx, k, x, y, rng)
		if err == nil {
			err = checkFinite("leader strategy x", x)
		}
		if err == nil {
			err = checkFinite("follower strategy y", y)
		}
		if err != nil {
			err = diagnoseDerivatives(g, err, xPrev, yPrev)
			rollback(k)
			return finish(fmt.Errorf("iteration %d: %w", k, err))
		}
		res.Iterations = k
		norm := math.Sqrt(sqDist(dx, x, xPrev) + sqDist(dy, y, yPrev))
		stop := s.Converged(norm)
		if s.Due(k, iters) || stop {
			if err := record(k, norm, info); err != nil {
				if _, ok := err.(objectiveError); ok {
					rollback(k) // the step failed: not counted
				} else {
					res.countCapped(info)
				}
				return finish(err)
			}
		}
		res.countCapped(info)
		if stop {
			res.Converged = true
			break
		}
	}
	return finish(nil)
}

// countCapped counts a step done, whose CG solve reported info, in
// r.CGCapped and r.CGCappedResidual.
func (r *Result) countCapped(info StepInfo) {
	if info.CGCapped {
		r.CGCapped++
		r.CGCappedResidual = max(r.CGCappedResidual, info.CGRelResidual)
	}
}

// objectiveError is a non-finite objective found at a recorded iteration:
// the run diverged there, and Run returns the last good point.
type objectiveError struct{ error }

func (e objectiveError) Unwrap() error { return e.error }

func finiteValue(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// sqDist is the squared distance between a and b in domain d (angle
// differences wrapped on a torus).
func sqDist(d game.Domain, a, b []float64) float64 {
	s := 0.0
	for i := range a {
		v := a[i] - b[i]
		if d.Kind == game.Torus {
			v = game.WrapAngle(v)
		}
		s += v * v
	}
	return s
}

// diagnoseDerivatives adds to err, a step that diverged from the finite
// point (x, y), what a game that can name the part of an objective whose
// derivatives are not finite (game.DerivativeDiagnoser: a formula game)
// names there: the first of f1's and f2's gradients, then of their
// Hessians, that is not finite, the objective and order the error's
// quantity names (loop.QuantityOf) tried first, e.g. "leader gradient D1
// f1 is infinite: f1: sqrt(x[0]) has an infinite derivative at 1:1 (x =
// [0], y = [1])". Other errors and games are returned as they are; only
// the error path pays.
func diagnoseDerivatives(g game.Game, err error, x, y []float64) error {
	dd, ok := g.(game.DerivativeDiagnoser)
	if !ok || loop.StatusOf(err, false) != loop.Diverged || checkFinite("x", x) != nil || checkFinite("y", y) != nil {
		return err
	}
	// The objective and order the error names first (a "follower Hessian
	// ∇yy f2" is f2's second derivatives), then the others.
	q := loop.QuantityOf(err)
	objectives, orders := []int{1, 2}, []int{1, 2}
	if strings.Contains(q, "f2") && !strings.Contains(q, "f1") {
		objectives = []int{2, 1}
	}
	if strings.Contains(q, "Hessian") {
		orders = []int{2, 1}
	}
	for _, order := range orders {
		for _, i := range objectives {
			if de := dd.DiagnoseDerivative(i, order, x, y); de != nil {
				return fmt.Errorf("%w: %v", err, de)
			}
		}
	}
	return err
}

// checkStart returns an error naming the first coordinate of the start v
// (called name) that is NaN or ±Inf, "start x0 is NaN: x0[1] = NaN", or
// nil. It is a plain error, not a loop.DivergedError: a start that is not
// finite is refused input (Status Failed), nothing having diverged.
func checkStart(name string, v []float64) error {
	for i, a := range v {
		if math.IsNaN(a) {
			return fmt.Errorf("start %s is NaN: %s[%d] = NaN", name, name, i)
		}
		if math.IsInf(a, 0) {
			return fmt.Errorf("start %s is infinite: %s[%d] = %v", name, name, i, a)
		}
	}
	return nil
}
