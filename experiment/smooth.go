package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/loop"
)

func init() {
	// The fallback: every configuration no other kind takes.
	RegisterRunKind(RunKind{Name: "smooth", Match: func(c *Config) bool { return !c.isRL() && !c.isMarkov() && !c.isHiC() }, Run: runSmooth, Check: func(cfg *Config) error {
		_, err := buildSmooth(cfg)
		return err
	}, Fallback: true})
}

// defaultIterations is used when a smooth-game config gives no iterations.
const defaultIterations = 1000

// schedule converts a schedule config to a loop.Schedule; def is used when
// the config is absent.
func schedule(s *ScheduleConfig, def loop.Schedule) loop.Schedule {
	switch {
	case s == nil:
		return def
	case s.Constant != nil:
		return loop.Constant(*s.Constant)
	case s.Power != nil:
		return loop.Power{A: s.Power.A, B: s.Power.B, P: s.Power.P}
	case s.Log != nil:
		return loop.Log{A: s.Log.A, B: s.Log.B}
	default:
		return loop.List(s.List)
	}
}

// BuildDynamics makes the smooth-game learning dynamics of a config.
func BuildDynamics(d *DynamicsConfig, g game.Game) (learn.Dynamics, error) {
	if d == nil {
		return nil, fmt.Errorf("config: missing dynamics section (kind: %s)", strings.Join(DynamicsKinds(), " | "))
	}
	rates := learn.Rates{
		Leader:   schedule(d.LeaderLR, loop.Power{A: 1, B: 1, P: 1}),
		Follower: schedule(d.FollowerLR, loop.Power{A: 1, B: 1, P: 2.0 / 3}),
	}
	if d.Noise != nil {
		rates.NoiseLeader, rates.NoiseFollower = d.Noise.Leader, d.Noise.Follower
	}
	// The values learn's kinds refuse too, checked here to name the keys
	// (and so, through Config.Locate, their lines) rather than "leader
	// step size" at the dynamics block's line.
	if err := checkRates(d, rates); err != nil {
		return nil, err
	}
	kind, ok := learn.LookupKind(d.Kind)
	if !ok {
		return nil, fmt.Errorf("config: dynamics.kind %q does not run on a smooth game (smooth kinds: %s)", d.Kind, strings.Join(learn.KindNames(), ", "))
	}
	dyn, err := kind.New(g, rates, d.params())
	if err != nil {
		// An error that begins with one of the kind's own keys ("gamma:
		// -1 is …") names it as the config does, dynamics.gamma, whose
		// line Config.Locate finds.
		for _, key := range fieldKeys(reflect.TypeOf(kind.Params())) {
			if rest, ok := strings.CutPrefix(err.Error(), key+": "); ok {
				return nil, &lineError{text: "config: dynamics." + key + ": " + rest, err: err}
			}
		}
		return nil, fmt.Errorf("config: dynamics: %w", err)
	}
	return dyn, nil
}

// checkRates returns an error naming the key of a schedule given in d
// that takes a negative or non-finite value, or of a noise level that is
// not a finite number ≥ 0.
func checkRates(d *DynamicsConfig, rates learn.Rates) error {
	if err := checkSchedules(d, rates.Leader, rates.Follower, loop.Validate); err != nil {
		return err
	}
	if d.Noise != nil {
		for _, n := range []struct {
			key string
			v   float64
		}{{"leader", d.Noise.Leader}, {"follower", d.Noise.Follower}} {
			if !(n.v >= 0) || math.IsInf(n.v, 0) {
				return fmt.Errorf("config: dynamics.noise.%s = %g: need a finite standard deviation ≥ 0", n.key, n.v)
			}
		}
	}
	return nil
}

// checkSchedules applies validate (loop.Validate or ValidatePositive) to
// the leader's and the follower's schedules where d gives them, naming
// the key as the config does (dynamics.leader_lr), so that
// Config.Locate finds its line.
func checkSchedules(d *DynamicsConfig, leader, follower loop.Schedule, validate func(string, loop.Schedule) error) error {
	for _, s := range []struct {
		key   string
		given bool
		s     loop.Schedule
	}{{"leader_lr", d.LeaderLR != nil, leader}, {"follower_lr", d.FollowerLR != nil, follower}} {
		if s.given {
			if err := validate("dynamics."+s.key, s.s); err != nil {
				return fmt.Errorf("config: %w", err)
			}
		}
	}
	return nil
}

// SmoothSummary is summary.json of a smooth-game run.
type SmoothSummary struct {
	// Name is the config's name, Game the game's and Dynamics the
	// dynamics kind; Seed is the run's seed.
	Name     string `json:"name"`
	Game     string `json:"game"`
	Dynamics string `json:"dynamics"`
	Seed     uint64 `json:"seed"`
	// Final is the last good point.
	Final FinalPoint `json:"final"`
	// Iterations is the iteration of Final (learn.Result.Iterations):
	// every step done when the run ended without error; after a failure,
	// the iteration of the last good point, which may be before the last
	// step that completed (an error at iteration 205 recording every 5th
	// can leave 200, the iteration of metrics.csv's last row).
	Iterations int `json:"iterations"`
	// Converged reports that a step was shorter than dynamics.step_tol;
	// ConvergedCriterion says so in words, or that there was no test.
	Converged          bool   `json:"converged"`
	ConvergedCriterion string `json:"converged_criterion"`
	// WallSeconds is the run's wall-clock time.
	WallSeconds float64 `json:"wall_seconds"`
	// CGCappedSteps counts the steps whose CG solve of the leader's
	// implicit term stopped at dynamics.solver.iters above
	// dynamics.solver.tol (learn.Result.CGCapped): steps along an inexact
	// Stackelberg gradient. CGCappedMaxRelResidual is the largest relative
	// residual ‖r‖/‖∇y f1‖ among them. Both 0 when there were none (and
	// for the other solvers and dynamics).
	CGCappedSteps          int     `json:"cg_capped_steps"`
	CGCappedMaxRelResidual float64 `json:"cg_capped_max_rel_residual"`
	// MetricsRows is the number of rows metrics.csv holds after its
	// header and MetricsSHA256 the hex SHA-256 of the file, as the run
	// left it (read back once it is closed): the check of a finished run
	// before it is reused (JobState) compares both, so that a row lost
	// in the middle or another file of the same length is not taken for
	// the run's. Absent when metrics.csv could not be closed or read back,
	// and in summaries written before stackel recorded them.
	MetricsRows   *int   `json:"metrics_rows,omitempty"`
	MetricsSHA256 string `json:"metrics_sha256,omitempty"`
	// Error is the error that stopped the run, if any (what was recorded
	// before it is kept).
	Error string `json:"error,omitempty"`
	// RunEnd says how the run ended: "run_status" and, for a diverged
	// run, "diverged_quantity".
	RunEnd
}

// recordMetrics sets MetricsRows and MetricsSHA256 (metricsRecorder).
func (s *SmoothSummary) recordMetrics(r csvRows) {
	s.MetricsRows, s.MetricsSHA256 = &r.Rows, r.SHA256
}

// FinalPoint is where a run ended.
type FinalPoint struct {
	// X and Y are the leader's and the follower's strategies.
	X []float64 `json:"x"`
	Y []float64 `json:"y"`
	// F1 and F2 are the objectives there: a float64, or nil (JSON null)
	// when not finite.
	F1 any `json:"f1"`
	F2 any `json:"f2"`
}

// MarshalJSON writes p with each negative zero as 0 (a payoff −x² at
// x = 0 is −0, which encoding/json writes -0), as metrics.csv and
// equilib's points write it; p is not changed.
func (p FinalPoint) MarshalJSON() ([]byte, error) {
	type plain FinalPoint // without this method
	q := plain{X: plusZero(p.X), Y: plusZero(p.Y), F1: p.F1, F2: p.F2}
	if f, ok := q.F1.(float64); ok {
		q.F1 = f + 0
	}
	if f, ok := q.F2.(float64); ok {
		q.F2 = f + 0
	}
	return json.Marshal(q)
}

// plusZero returns a copy of v with each negative zero made 0 (nil for
// nil).
func plusZero(v []float64) []float64 {
	if v == nil {
		return nil
	}
	out := make([]float64, len(v))
	for i, e := range v {
		out[i] = e + 0
	}
	return out
}

// smoothRun is a built smooth-game run, shared by `run` and reproductions.
type smoothRun struct {
	g      game.Game
	dyn    learn.Dynamics
	x0, y0 []float64
	set    learn.Settings
}

func buildSmooth(cfg *Config) (*smoothRun, error) {
	g, err := BuildGame(cfg.Game)
	if err != nil {
		return nil, err
	}
	dyn, err := BuildDynamics(cfg.Dynamics, g)
	if err != nil {
		return nil, err
	}
	x0, y0, err := InitialStrategies(cfg.Init, g, NewRand(cfg.Seed, 0))
	if err != nil {
		return nil, err
	}
	iters := cfg.Iterations
	if iters == 0 {
		iters = defaultIterations
	}
	every := cfg.RecordEvery
	if every == 0 {
		every = max(1, iters/1000)
	}
	set := learn.Settings{Settings: loop.Settings{Iterations: iters, RecordEvery: every}}
	if cfg.Dynamics != nil {
		set.StepTol = cfg.Dynamics.StepTol
	}
	return &smoothRun{g: g, dyn: dyn, x0: x0, y0: y0, set: set}, nil
}

// run drives the dynamics with the config's seed; rec may be nil.
func (r *smoothRun) run(ctx context.Context, seed uint64, rec learn.Recorder) (learn.Result, error) {
	s := r.set
	s.Recorder = rec
	return learn.Run(ctx, r.g, r.dyn, r.x0, r.y0, s, NewRand(seed, 1))
}

func runSmooth(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	r, err := buildSmooth(cfg)
	if err != nil {
		return "", err
	}
	d1, d2 := r.g.Dims()
	header := smoothHeader(d1, d2)
	csv, err := newRunCSV(cfg, opt.Out, header)
	if err != nil {
		return "", err
	}
	// The rows recorded reach the file however the run ends, a panic
	// included (the job is then recorded failed: runGuarded); a no-op
	// after the Close that ends the run.
	defer csv.Close()
	row := make([]float64, 0, len(header))
	rec := learn.RecorderFunc(func(rc learn.Record) error {
		row = append(row[:0], float64(rc.Iter))
		row = append(row, rc.X...)
		row = append(row, rc.Y...)
		row = append(row, rc.F1, rc.F2)
		if opt.Progress != nil {
			opt.Progress(rc.Iter, r.set.Iterations)
		}
		if err := csv.Row(row...); err != nil {
			return err
		}
		// A NaN objective with finite strategies (e.g. log of a negative
		// number) must stop the run, not run silently to the end.
		return finiteSample(rc.X, rc.Y, rc.F1, rc.F2)
	})
	start := time.Now()
	res, runErr := r.run(ctx, cfg.Seed, rec)
	wall := time.Since(start).Seconds()
	if loop.StatusOf(runErr, false) == loop.Diverged {
		if rm := smoothDivergedRemedy(cfg, r, res); rm != "" {
			// After the message as it was (scripts match it), wrapping
			// it: the status and quantity are unchanged.
			runErr = fmt.Errorf("%w; remedy: %s", runErr, rm)
		}
	}
	sum := &SmoothSummary{
		Name: cfg.Name, Game: r.g.Name(), Dynamics: cfg.Dynamics.Kind, Seed: cfg.Seed,
		Final:      FinalPoint{X: res.X, Y: res.Y, F1: Finite(res.F1), F2: Finite(res.F2)},
		Iterations: res.Iterations, Converged: res.Converged, WallSeconds: wall,
		CGCappedSteps: res.CGCapped, CGCappedMaxRelResidual: res.CGCappedResidual,
	}
	tol := 0.0
	if cfg.Dynamics != nil {
		tol = cfg.Dynamics.StepTol
	}
	switch {
	case tol == 0:
		sum.ConvergedCriterion = "no convergence test: dynamics.step_tol is not set, so the run does not stop early and \"converged\" is false; it ran to its iteration limit (or error). Set step_tol to stop when a step is that short, or use `stackel analyze` to classify the end point"
	case res.Converged:
		sum.ConvergedCriterion = fmt.Sprintf("converged: a step ‖Δ(x, y)‖ was at most step_tol = %g at iteration %d", tol, res.Iterations)
	default:
		sum.ConvergedCriterion = fmt.Sprintf("not converged: no step was as short as step_tol = %g within %d iterations", tol, res.Iterations)
	}
	err = finishRun(opt.Out, csv, runErr, sum, &sum.Error, &sum.RunEnd, res.Converged)
	if res.CGCapped > 0 && opt.Warnings != nil {
		// Said however the run ended: the steps were taken.
		fmt.Fprintln(opt.Warnings, cgCappedWarning(cfg, res))
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: %d iterations in %s; final x=%.6g y=%.6g f1=%.6g f2=%.6g\n%s",
		r.g.Name(), res.Iterations, wallText(wall), plusZero(res.X), plusZero(res.Y), res.F1+0, res.F2+0, sum.ConvergedCriterion), nil
}

// smoothDivergedRemedy is a short remedy for a smooth run that diverged
// and stopped at res, where the cause is clear; "" where it is not. A
// follower_lr whose step γ2 at the stopping iteration is at least 2/K2,
// K2 the largest curvature of the follower's objective in its own
// strategy at the start (followerCurvature: f2 in y, or f1 in x with
// leader: y), diverges
// the follower's gradient step whatever the leader does. Otherwise,
// strategies that grew without bound (|x| or |y| over 1e50, or not
// finite) say the steps are too long for the game's curvature, or the
// game is unbounded: lower the step sizes, or bound the strategies with
// game.domain boxes. Anything else (an objective that is not finite at
// moderate strategies, say the square root of a negative number) gets no
// remedy. It runs only on the error path.
func smoothDivergedRemedy(cfg *Config, r *smoothRun, res learn.Result) string {
	if cfg.Dynamics != nil && cfg.Dynamics.FollowerLR != nil {
		// With leader: y the player choosing x follows, with follower_lr
		// on f1 (learn.StackelbergConfig.FollowerLeads).
		p, _ := cfg.Dynamics.params().(*learn.StackelbergParams)
		xFollows := p != nil && p.Leader == "y"
		what := "f2 in y"
		if xFollows {
			what = "the follower's objective f1 in x"
		}
		if eig := followerCurvature(r.g, r.x0, r.y0, xFollows); eig != nil {
			k2 := spectralRadius(eig)
			g2 := schedule(cfg.Dynamics.FollowerLR, nil).At(max(res.Iterations, 1))
			if g2*k2 >= 2*(1-1e-9) {
				return fmt.Sprintf("lower dynamics.follower_lr: its step %g is at least 2/K2 = %.4g (K2 = %.4g, the largest curvature of %s at the start), a step with which the follower's gradient step diverges", g2, 2/k2, k2, what)
			}
		}
	}
	for _, v := range [][]float64{res.X, res.Y} {
		for _, e := range v {
			if !(math.Abs(e) <= 1e50) {
				return "the strategies grew without bound: lower dynamics.leader_lr and dynamics.follower_lr, or bound the strategies with game.domain boxes"
			}
		}
	}
	return ""
}

// cgCappedWarning is the warning line of a run with res.CGCapped > 0
// steps whose CG solve stopped at its iteration cap above its tolerance,
// naming the config keys that change that.
func cgCappedWarning(cfg *Config, res learn.Result) string {
	iters, tol := " unset (the follower dimension)", " unset (1e-10)"
	lambda := 0.0
	if p, ok := cfg.Dynamics.params().(*learn.StackelbergParams); ok && p.Solver != nil {
		if p.Solver.Iters != 0 {
			iters = fmt.Sprint(" = ", p.Solver.Iters)
		}
		if p.Solver.Tol != 0 {
			tol = fmt.Sprint(" = ", p.Solver.Tol)
		}
		lambda = p.Solver.Lambda
	}
	return fmt.Sprintf("warning: in %s the leader's CG solve stopped at its cap dynamics.solver.iters%s above its tolerance dynamics.solver.tol%s (largest relative residual ‖r‖/‖∇y f1‖ %.3g): those steps followed an inexact Stackelberg gradient (summary.json: cg_capped_steps); raise dynamics.solver.iters, loosen dynamics.solver.tol or raise dynamics.solver.lambda (now %g)",
		CountOf(res.CGCapped, "step"), iters, tol, res.CGCappedResidual, lambda)
}
