package learn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// DefaultIterations is the iteration budget when Settings.Iterations is 0.
const DefaultIterations = 1000

// ctxCheckEvery is how often (in iterations) Run polls its context; a
// dynamic with inner loops (follower unrolling, CG) polls inside its step
// too.
const ctxCheckEvery = 256

// Settings controls a Run. The zero value runs DefaultIterations
// iterations without a step-norm test and records nothing.
type Settings struct {
	// Settings are the iterations (0: DefaultIterations), the recording
	// period (iteration 0, every RecordEvery-th and the last; 0: only the
	// start and the last) and the step-norm tolerance StepTol: the run
	// stops as converged when ‖(x_{k+1} − x_k, y_{k+1} − y_k)‖ (torus
	// coordinates wrapped) is at most StepTol; 0 disables the test.
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
	// Iterations is the number of steps completed.
	Iterations int
	// Converged reports that a step was shorter than Settings.StepTol.
	Converged bool
	// Status says why the run stopped (loop.IterationLimit, Converged,
	// Cancelled, Diverged or Failed).
	Status loop.Status `json:"-"`
}

// Run drives dynamic d on game g from (x0, y0) (which are not modified),
// calling d.Step(ctx, k, x, y, rng) for k = 1, 2, … until Settings.Iterations
// steps are done, a step is shorter than Settings.StepTol, the context is
// cancelled, or a step fails. rng is the only source of noise; it may be nil
// for a noiseless dynamic.
//
// On failure Run returns the Result so far (the last good point) with an
// error naming the iteration, e.g. "iteration 812: leader total derivative
// is NaN". Everything recorded before the failure stays recorded.
func Run(ctx context.Context, g game.Game, d Dynamics, x0, y0 []float64, s Settings, rng *rand.Rand) (Result, error) {
	if err := checkGame(g); err != nil {
		return Result{}, err
	}
	d1, d2 := g.Dims()
	if len(x0) != d1 || len(y0) != d2 {
		return Result{}, fmt.Errorf("start: x0 has %d and y0 %d coordinates; game %q has dimensions (%d, %d)", len(x0), len(y0), g.Name(), d1, d2)
	}
	if err := checkFinite("start x0", x0); err != nil {
		return Result{}, err
	}
	if err := checkFinite("start y0", y0); err != nil {
		return Result{}, err
	}
	if err := s.Check(); err != nil {
		return Result{}, err
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
	record := func(k int, stepNorm float64, info StepInfo) error {
		if s.Recorder == nil {
			return nil
		}
		vals.run(x, y)
		err := s.Recorder.Record(Record{Iter: k, X: x, Y: y, F1: vals.out(0)[0], F2: vals.out(1)[0],
			StepNorm: stepNorm, CGIters: info.CGIters, CGResidual: info.CGResidual})
		if err != nil {
			return fmt.Errorf("iteration %d: recorder: %w", k, err)
		}
		return nil
	}
	if err := record(0, 0, StepInfo{}); err != nil {
		return finish(err)
	}
	for k := 1; k <= iters; k++ {
		if k%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return finish(fmt.Errorf("iteration %d: %w", k, err))
			}
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
			// Return the last good point.
			copy(x, xPrev)
			copy(y, yPrev)
			return finish(fmt.Errorf("iteration %d: %w", k, err))
		}
		res.Iterations = k
		norm := math.Sqrt(sqDist(dx, x, xPrev) + sqDist(dy, y, yPrev))
		stop := s.Converged(norm)
		if s.Due(k, iters) || stop {
			if err := record(k, norm, info); err != nil {
				return finish(err)
			}
		}
		if stop {
			res.Converged = true
			break
		}
	}
	return finish(nil)
}

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
