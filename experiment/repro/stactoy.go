package repro

import (
	"context"
	"fmt"
	"math"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/loop"
)

func init() {
	Register(Reproduction{
		Name:        "stac-toy",
		Description: "Zheng et al. §3 / App. (Figs. 1, 4, 5): the actor-critic toy game — individual vs Stackelberg vs regularised Stackelberg gradient",
		Run:         reproduceStacToy,
	})
}

// stacToyStarts are the initial (θ, w) of the trajectories.
var stacToyStarts = [][2]float64{{0.8, 0.6}, {-0.7, 0.5}, {0.5, -0.9}, {-0.6, -0.6}}

// stacToyVariant is one update rule of Fig. 4.
type stacToyVariant struct {
	name   string
	make   func(g game.Game) (learn.Dynamics, error)
	paths  []*learn.Trace
	hit    []int // first iteration with ‖(θ, w)‖² < 1e-4, −1 if never
	signs  []int // sign changes of θ along the path (cycling)
	finals []float64
}

// reproduceStacToy runs the toy game of Zheng et al.: actor θ maximises
// J = wθ, critic w minimises L = (wθ + θ²/5)², θ, w ∈ [−1, 1]. Step sizes
// (the paper does not print them): actor 0.05, critic 0.5 for every rule.
func reproduceStacToy(ctx context.Context, opt Options) error {
	iters := 20000
	if opt.Quick {
		iters = 4000
	}
	resetReport(opt.Out)
	g, err := game.Builtin("ac-toy", nil)
	if err != nil {
		return err
	}
	lrA, lrC := loop.Constant(0.05), loop.Constant(0.5)
	stack := func(lambda float64) func(game.Game) (learn.Dynamics, error) {
		return func(g game.Game) (learn.Dynamics, error) {
			return learn.NewStackelberg(g, learn.StackelbergConfig{LeaderLR: lrA, FollowerLR: lrC, Solver: learn.Solver{Lambda: lambda}})
		}
	}
	variants := []*stacToyVariant{
		{name: "individual gradient (SGA)", make: func(g game.Game) (learn.Dynamics, error) {
			return learn.NewSGA(g, learn.Rates{Leader: lrA, Follower: lrC})
		}},
		{name: "Stackelberg λ=0", make: stack(0)},
		{name: "Stackelberg λ=0.01", make: stack(0.01)},
		{name: "Stackelberg λ=0.1", make: stack(0.1)},
	}
	const target = 1e-4
	total := len(variants) * len(stacToyStarts)
	done := 0
	for _, v := range variants {
		for _, s := range stacToyStarts {
			d, err := v.make(g)
			if err != nil {
				return err
			}
			tr := &learn.Trace{}
			res, err := learn.Run(ctx, g, d, []float64{s[0]}, []float64{s[1]}, learn.Settings{Settings: loop.Settings{Iterations: iters, RecordEvery: 1}, Recorder: tr}, nil)
			if err != nil {
				return fmt.Errorf("%s from (%g, %g): %w", v.name, s[0], s[1], err)
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
			done++
			if opt.Progress != nil {
				opt.Progress(done, total)
			}
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
