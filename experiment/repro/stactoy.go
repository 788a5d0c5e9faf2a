package repro

import (
	"context"
	"fmt"
	"math"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
)

func init() {
	Register(Reproduction{
		Name:        "stac-toy",
		Description: "Zheng et al. §3 / App. (Figs. 1, 4, 5): the actor-critic toy game — individual vs Stackelberg vs regularised Stackelberg gradient",
		Jobs:        stacToyJobs,
		Report:      reportStacToy,
	})
}

// stacToyStarts are the initial (θ, w) of the trajectories.
var stacToyStarts = [][2]float64{{0.8, 0.6}, {-0.7, 0.5}, {0.5, -0.9}, {-0.6, -0.6}}

// stacToyVariant is one update rule of Fig. 4 and what its runs did.
type stacToyVariant struct {
	name   string
	slug   string
	make   func(g game.Game) (learn.Dynamics, error) // for the vector field
	paths  []*learn.Trace
	hit    []int // first iteration with ‖(θ, w)‖² < 1e-4, −1 if never
	signs  []int // sign changes of θ along the path (cycling)
	finals []float64
}

// stacToyRules are the update rules compared (Figs. 1, 4, 5): the
// individual gradient and the Stackelberg gradient with λ = 0, 0.01, 0.1,
// as dynamics config blocks. Step sizes (the paper does not print them):
// actor 0.05, critic 0.5 for every rule.
var stacToyRules = []struct{ name, slug, dynamics string }{
	{"individual gradient (SGA)", "sga", "kind: sga"},
	{"Stackelberg λ=0", "stackelberg-0", "kind: stackelberg\n  solver: {kind: exact, lambda: 0}"},
	{"Stackelberg λ=0.01", "stackelberg-0.01", "kind: stackelberg\n  solver: {kind: exact, lambda: 0.01}"},
	{"Stackelberg λ=0.1", "stackelberg-0.1", "kind: stackelberg\n  solver: {kind: exact, lambda: 0.1}"},
}

// stacToyIterations is the length of each run.
func stacToyIterations(opt Options) int {
	if opt.Quick {
		return 4000
	}
	return 20000
}

// stacToyJobs lists the runs of the toy game of Zheng et al. (actor θ
// maximises J = wθ, critic w minimises L = (wθ + θ²/5)², θ, w ∈ [−1, 1]):
// every rule from every start, recorded at every iteration, in
// <rule>/start<i>/. The runs are deterministic (no noise); the seed is 0.
func stacToyJobs(opt Options) ([]experiment.Job, error) {
	var jobs []experiment.Job
	for _, r := range stacToyRules {
		for i, s := range stacToyStarts {
			text := fmt.Sprintf("name: stac-toy/%s\ngame: {builtin: ac-toy}\ndynamics:\n  %s\n"+
				"  leader_lr: {constant: 0.05}\n  follower_lr: {constant: 0.5}\niterations: %d\nrecord_every: 1\ninit: {x: [%s], y: [%s]}\n",
				r.slug, r.dynamics, stacToyIterations(opt), num(s[0]), num(s[1]))
			j, err := configJob(text, 0, fmt.Sprintf("%s/start%d", r.slug, i+1), map[string]string{"rule": r.slug})
			if err != nil {
				return nil, err
			}
			jobs = append(jobs, j)
		}
	}
	return jobs, nil
}

// reportStacToy counts, for every run, the iterations until ‖(θ, w)‖² <
// 1e-4 and the sign changes of θ (cycling), and draws the paths.
func reportStacToy(_ context.Context, opt Options, jobs []experiment.Job) error {
	iters := stacToyIterations(opt)
	resetReport(opt.Out)
	g, err := game.Builtin("ac-toy", nil)
	if err != nil {
		return err
	}
	const target = 1e-4
	var variants []*stacToyVariant
	for ri, r := range stacToyRules {
		cfg, err := jobs[ri*len(stacToyStarts)].ParseConfig()
		if err != nil {
			return err
		}
		v := &stacToyVariant{name: r.name, slug: r.slug, make: func(g game.Game) (learn.Dynamics, error) {
			return experiment.BuildDynamics(cfg.Dynamics, g)
		}}
		variants = append(variants, v)
		for si, s := range stacToyStarts {
			res, tr, err := readSmoothRun(opt.Out, jobs[ri*len(stacToyStarts)+si], true)
			if err != nil {
				return fmt.Errorf("%s from (%g, %g): %w", r.name, s[0], s[1], err)
			}
			hit, signs := -1, 0
			for i, r := range tr.Records {
				if hit < 0 && r.X[0]*r.X[0]+r.Y[0]*r.Y[0] < target {
					hit = r.Iter
				}
				if i > 0 && r.X[0]*tr.Records[i-1].X[0] < 0 {
					signs++
				}
			}
			v.paths = append(v.paths, tr)
			v.hit = append(v.hit, hit)
			v.signs = append(v.signs, signs)
			v.finals = append(v.finals, res.X[0]*res.X[0]+res.Y[0]*res.Y[0])
		}
	}
	t := Table{
		Title:  fmt.Sprintf("Actor-critic toy game: iterations until ‖(θ, w)‖² < 1e-4 (actor step 0.05, critic step 0.5, %d iterations)", iters),
		Header: []string{"update"},
		Notes: []string{"θ sign changes count how often the actor crosses θ = 0 along the path: the cycling of Fig. 1a/4a. " +
			"\"never\" means the error stayed above 1e-4 for the whole run."},
	}
	for _, s := range stacToyStarts {
		t.Header = append(t.Header, fmt.Sprintf("from (%g, %g)", s[0], s[1]))
	}
	t.Header = append(t.Header, "θ sign changes", "final error (max)")
	result := map[string]any{"iterations": iters, "target": target}
	for _, v := range variants {
		row := []any{v.name}
		for _, h := range v.hit {
			if h < 0 {
				row = append(row, "never")
			} else {
				row = append(row, h)
			}
		}
		maxFinal, signs := 0.0, 0
		for i := range v.finals {
			maxFinal = math.Max(maxFinal, v.finals[i])
			signs += v.signs[i]
		}
		row = append(row, signs, fmt.Sprintf("%.3g", maxFinal))
		t.Add(row...)
		result[v.name] = map[string]any{"iterations_to_target": v.hit, "theta_sign_changes": v.signs, "final_error": v.finals}
	}
	if err := t.Write(opt.Log, opt.Out); err != nil {
		return err
	}
	if err := experiment.WriteJSON(opt.Out, "results.json", result); err != nil {
		return err
	}
	return stacToyFigures(opt.Out, g, variants)
}
