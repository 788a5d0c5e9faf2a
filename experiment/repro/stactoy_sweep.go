package repro

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/plot"
)

// stacToyTarget is the error ‖(θ, w)‖² below which a run counts as at the
// equilibrium (0, 0).
const stacToyTarget = 1e-4

// toyMetrics are the measures of one toy run (Zheng et al. Fig. 1c/5a):
// when the error enters the target for good, how often θ changes sign, and
// the error at fixed iterations.
type toyMetrics struct {
	// Settle is the first iteration after which ‖(θ, w)‖² stays below
	// stacToyTarget until the end of the run, −1 if it is above it at the
	// end. First is the first iteration below it (what the previous table
	// reported; it credits a run that leaves the target again).
	Settle, First int
	// SignChanges counts the sign changes of θ along the path (cycling).
	SignChanges int
	// ErrAt holds the error at the iterations of toyCheckpoints within the
	// run (NaN past its end); Final is the error at the end.
	ErrAt []float64
	Final float64
	// Err is set when a step failed (e.g. a singular Hessian with λ = 0);
	// the metrics then cover the iterations before it.
	Err error
}

// toyCheckpoints are the iterations at which the error is reported.
var toyCheckpoints = []int{100, 1000, 5000, 20000}

// toyMeter accumulates toyMetrics over the iterates of a path.
type toyMeter struct {
	m         toyMetrics
	lastAbove int
	prev      float64
	n         int
}

func newToyMeter() *toyMeter {
	t := &toyMeter{m: toyMetrics{First: -1, ErrAt: make([]float64, len(toyCheckpoints))}, lastAbove: -1}
	for i := range t.m.ErrAt {
		t.m.ErrAt[i] = math.NaN()
	}
	return t
}

// add takes iterate k (0: the start).
func (t *toyMeter) add(k int, th, w float64) {
	e := th*th + w*w
	if e >= stacToyTarget {
		t.lastAbove = k
	} else if t.m.First < 0 {
		t.m.First = k
	}
	for i, c := range toyCheckpoints {
		if c == k {
			t.m.ErrAt[i] = e
		}
	}
	if t.n > 0 && th*t.prev < 0 {
		t.m.SignChanges++
	}
	if th != 0 || t.n == 0 {
		t.prev = th
	}
	t.n++
	t.m.Final = e
}

// done returns the metrics; err is the error that stopped the path, if any.
func (t *toyMeter) done(err error) toyMetrics {
	t.m.Err = err
	if err != nil || t.m.Final >= stacToyTarget {
		t.m.Settle = -1
	} else {
		t.m.Settle = t.lastAbove + 1
	}
	return t.m
}

// traceMetrics measures a recorded path (recorded at every iteration).
func traceMetrics(tr *learn.Trace) toyMetrics {
	t := newToyMeter()
	for _, r := range tr.Records {
		t.add(r.Iter, r.X[0], r.Y[0])
	}
	return t.done(nil)
}

// toyRun runs d from (θ0, w0) for iters steps and measures the path.
func toyRun(d learn.Dynamics, th0, w0 float64, iters int) toyMetrics {
	x, y := []float64{th0}, []float64{w0}
	t := newToyMeter()
	t.add(0, th0, w0)
	for k := 1; k <= iters; k++ {
		if _, err := d.Step(context.Background(), k, x, y, nil); err != nil {
			return t.done(err)
		}
		t.add(k, x[0], y[0])
	}
	return t.done(nil)
}

// toyMethod is one update rule of the sweep: the individual gradient, or
// the Stackelberg gradient with regularisation λ.
type toyMethod struct {
	name   string
	slug   string
	lambda float64 // NaN: the individual gradient
}

var toyMethods = []toyMethod{
	{"individual gradient", "individual", math.NaN()},
	{"Stackelberg λ=0", "stackelberg-l0", 0},
	{"Stackelberg λ=0.01", "stackelberg-l0.01", 0.01},
	{"Stackelberg λ=0.1", "stackelberg-l0.1", 0.1},
	{"Stackelberg λ=1", "stackelberg-l1", 1},
}

func (m toyMethod) dynamics(g game.Game, actor, critic float64) (learn.Dynamics, error) {
	a, c := loop.Constant(actor), loop.Constant(critic)
	if math.IsNaN(m.lambda) {
		return learn.NewSGA(g, learn.Rates{Leader: a, Follower: c})
	}
	return learn.NewStackelberg(g, learn.StackelbergConfig{LeaderLR: a, FollowerLR: c, Solver: learn.Solver{Lambda: m.lambda}})
}

// toyCell is one (method, actor step, critic step) of the sweep, over the
// four starts: the worst settle iteration (−1 if a start never settles),
// the most sign changes and whether any start failed.
type toyCell struct {
	Settle      int  `json:"settle"`
	SignChanges int  `json:"sign_changes"`
	Failed      bool `json:"failed"`
	// Error is the error of the cell's run when it failed as a whole (its
	// job.json says so; Failed is then set and Settle is −1).
	Error string `json:"error,omitempty"`
}

// stacToySweepGrid returns the constant actor and critic steps of the
// sweep: 7 × 7, or 3 × 3 with --quick.
func stacToySweepGrid(opt Options) (actors, critics []float64) {
	if opt.Quick {
		return []float64{0.01, 0.05, 0.2}, []float64{0.1, 0.5, 2}
	}
	return []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1}, []float64{0.05, 0.1, 0.2, 0.5, 1, 2, 5}
}

// stacToySweepTaskKind is the task that runs one cell of the step-size
// sweep: one method with one pair of constant steps from the four starts.
const stacToySweepTaskKind = "repro/stac-toy-sweep"

func init() { experiment.RegisterTypedTask(stacToySweepTaskKind, runStacToySweepTask) }

// stacToySweepTask are the parameters of a sweep cell.
type stacToySweepTask struct {
	// Method is a toyMethods slug; Actor and Critic the constant steps;
	// Iterations the length of each run.
	Method     string  `json:"method"`
	Actor      float64 `json:"actor_lr"`
	Critic     float64 `json:"critic_lr"`
	Iterations int     `json:"iterations"`
}

// stacToySweepJobs lists one task per (method, critic step, actor step),
// in sweep/<method>/critic<c>-actor<a>/, method-major as the figures
// read them, labelled by rule and steps (critic<c>-actor<a>). The runs are deterministic; the seed is 0.
func stacToySweepJobs(opt Options) ([]experiment.Job, error) {
	actors, critics := stacToySweepGrid(opt)
	iters := stacToyIterations(opt)
	var jobs []experiment.Job
	for _, m := range toyMethods {
		for _, c := range critics {
			for _, a := range actors {
				steps := fmt.Sprintf("critic%s-actor%s", num(c), num(a))
				j, err := experiment.NewTaskJob(stacToySweepTaskKind, stacToySweepTask{Method: m.slug, Actor: a, Critic: c, Iterations: iters}, 0,
					"sweep/"+m.slug+"/"+steps)
				if err != nil {
					return nil, err
				}
				j.Labels = map[string]string{"rule": m.slug, "steps": steps}
				jobs = append(jobs, j)
			}
		}
	}
	return jobs, nil
}

// runStacToySweepTask runs one sweep cell and writes its toyCell as
// summary.json.
func runStacToySweepTask(ctx context.Context, p stacToySweepTask, _ uint64, out string, _ experiment.ProgressFunc) error {
	i := slices.IndexFunc(toyMethods, func(m toyMethod) bool { return m.slug == p.Method })
	if i < 0 {
		return fmt.Errorf("stac-toy sweep task: unknown method %q", p.Method)
	}
	if p.Iterations <= 0 || !(p.Actor > 0) || !(p.Critic > 0) {
		return fmt.Errorf("stac-toy sweep task: need positive steps and iterations, have %+v", p)
	}
	g, err := game.Builtin("ac-toy", nil)
	if err != nil {
		return err
	}
	cell, err := stacToyCell(ctx, g, toyMethods[i], p.Actor, p.Critic, p.Iterations)
	if err != nil {
		return err
	}
	return experiment.WriteJSON(out, experiment.SummaryFile, cell)
}

// stacToyCell runs meth with constant steps (actor, critic) from the four
// starts of the figures: the worst settle iteration (−1 if a start never
// settles), the most sign changes and whether any start failed.
func stacToyCell(ctx context.Context, g game.Game, meth toyMethod, actor, critic float64, iters int) (toyCell, error) {
	cell := toyCell{}
	for _, s := range stacToyStarts {
		if err := ctx.Err(); err != nil {
			return toyCell{}, err
		}
		d, err := meth.dynamics(g, actor, critic)
		if err != nil {
			return toyCell{}, err
		}
		m := toyRun(d, s[0], s[1], iters)
		if m.Err != nil {
			cell.Failed = true
		}
		if m.Settle < 0 || cell.Settle < 0 {
			cell.Settle = -1
		} else {
			cell.Settle = max(cell.Settle, m.Settle)
		}
		cell.SignChanges = max(cell.SignChanges, m.SignChanges)
	}
	return cell, nil
}

// readStacToySweep reads the cells of the finished sweep jobs (in the
// order of stacToySweepJobs) as cells[method][critic][actor]; a job whose
// run failed (failed maps its ID to its error) is a cell with that Error.
func readStacToySweep(root string, jobs []experiment.Job, actors, critics []float64, failed map[string]string) ([][][]toyCell, error) {
	if want := len(toyMethods) * len(critics) * len(actors); len(jobs) != want {
		return nil, fmt.Errorf("stac-toy: %d sweep jobs, want %d", len(jobs), want)
	}
	cells := make([][][]toyCell, len(toyMethods))
	k := 0
	for mi := range toyMethods {
		cells[mi] = make([][]toyCell, len(critics))
		for ci := range critics {
			cells[mi][ci] = make([]toyCell, len(actors))
			for ai := range actors {
				if e, ok := failed[jobs[k].ID]; ok {
					cells[mi][ci][ai] = toyCell{Settle: -1, Failed: true, Error: e}
					k++
					continue
				}
				if err := readTaskSummary(root, jobs[k], &cells[mi][ci][ai]); err != nil {
					return nil, err
				}
				k++
			}
		}
	}
	return cells, nil
}

// toyCycling is the number of θ sign changes from which a path counts as
// cycling (one crossing is an overshoot, not a cycle).
const toyCycling = 2

// stacToySweepFigures draws one grid per method: colour log10 of the
// iterations until the error stays below 1e-4 (grey: never within the
// run), the cell's text the iterations (k = thousands) and "c" with the
// number of θ sign changes when the paths cycle.
func stacToySweepFigures(dir string, actors, critics []float64, cells [][][]toyCell, iters int) error {
	xt, yt := make([]string, len(actors)), make([]string, len(critics))
	for i, a := range actors {
		xt[i] = fmt.Sprintf("%g", a)
	}
	for i, c := range critics {
		yt[i] = fmt.Sprintf("%g", c)
	}
	for mi, meth := range toyMethods {
		z := make([][]float64, len(critics))
		lab := make([][]string, len(critics))
		for ci := range critics {
			z[ci] = make([]float64, len(actors))
			lab[ci] = make([]string, len(actors))
			for ai := range actors {
				cell := cells[mi][ci][ai]
				z[ci][ai] = math.NaN()
				text := "never"
				if cell.Failed {
					text = "failed"
				}
				if cell.Settle >= 0 {
					z[ci][ai] = math.Log10(float64(max(cell.Settle, 1)))
					text = shortCount(cell.Settle)
				}
				if cell.SignChanges >= toyCycling {
					text += fmt.Sprintf(" c%d", cell.SignChanges)
				}
				lab[ci][ai] = text
			}
		}
		p, err := plot.Grid(plot.GridFigure{
			Frame: plot.Frame{Title: fmt.Sprintf("%s: iterations until ‖(θ,w)‖² stays < 1e-4", meth.name),
				XLabel: "actor step α_θ", YLabel: "critic step α_w"},
			XTicks: xt, YTicks: yt, Z: z, Labels: lab, Lo: 1, Hi: math.Log10(float64(iters)),
		})
		if err := savePlot(dir, "sweep_"+meth.slug, p, err); err != nil {
			return err
		}
	}
	return nil
}

// shortCount writes n as 950, 9.5k or 12k.
func shortCount(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprint(n)
	case n < 10000:
		return fmt.Sprintf("%.1fk", float64(n)/1000)
	}
	return fmt.Sprintf("%.0fk", float64(n)/1000)
}
