package repro

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/loop"
)

func init() {
	Register(Reproduction{
		Name:        "fiez-torus",
		Description: "Fiez et al. §4.2: location game on the torus — equilibria found and classified, Nash vs Stackelberg paths (Fig. 2)",
		Jobs:        torusJobs,
		Report:      reportTorus,
		QuickSettings: func(opt Options) string {
			fullSeeds, full := torusPlan(Options{})
			quickSeedCount, quick := torusPlan(Options{Quick: true})
			return quickSettings(shortened(quick, full, "iterations"), quickSeeds(opt, fullSeeds, quickSeedCount))
		},
	})
	experiment.RegisterTypedTask(torusTaskKind, summaryTask(runTorusTask))
}

// torusPaper holds the equilibria of §4.2 to the precision the issue states
// (x, y: four decimals), the positions the paper prints (two decimals, one
// for −0.4), and the costs (f1, f2) the paper prints at them, with half a
// unit in their last printed digit as tolerances.
var torusPaper = []struct {
	kind                 string
	x, y                 float64
	f1, f2               float64
	tolF1, tolF2         float64
	printedF1, printedF2 string
	printedX, printedY   string
	px, py, tolX, tolY   float64
}{
	{"DNE", -0.7833, 1.1823, -0.77, -1.3, 0.005, 0.05, "−0.77", "−1.3", "−0.78", "1.18", -0.78, 1.18, 0.005, 0.005},
	{"DNE", 1.5687, -0.3969, -0.77, -1.3, 0.005, 0.05, "−0.77", "−1.3", "1.57", "−0.4", 1.57, -0.4, 0.005, 0.05},
	{"DSE", -0.5252, 1.2465, -0.81, -1.05, 0.005, 0.005, "−0.81", "−1.05", "−0.53", "1.25", -0.53, 1.25, 0.005, 0.005},
	{"DSE", 1.3106, -0.4611, -0.81, -1.05, 0.005, 0.005, "−0.81", "−1.05", "1.31", "−0.46", 1.31, -0.46, 0.005, 0.005},
}

// torusRun is one initial condition under both dynamics.
type torusRun struct {
	x0, y0           float64
	stackelberg, sga learn.Result
	stPath, sgaPath  *learn.Trace
}

// torusPlan is the number of seeds and iterations.
func torusPlan(opt Options) (seeds, iters int) {
	iters = 20000
	if opt.Quick {
		iters = 4000
	}
	return planSeeds(opt, 8, 4), iters
}

// torusTaskKind is the task that runs one dynamics from one seeded start
// on the location game. It is a task rather than a configuration because
// the Nash dynamics draw their noise from a second stream of the seed.
const torusTaskKind = "repro/fiez-torus"

// torusTask are the parameters of a torus task.
type torusTask struct {
	// Dynamics is "stackelberg" or "sga"; Iterations the run's length.
	Dynamics   string `json:"dynamics"`
	Iterations int    `json:"iterations"`
}

// torusRunOutput is the summary.json of a torus task: the start, the
// final point and the recorded path.
type torusRunOutput struct {
	X0, Y0 float64
	Result learn.Result
	Path   *learn.Trace
}

// torusDynamics are the two dynamics, each from the same start per seed.
var torusDynamics = []string{"stackelberg", "sga"}

// torusJobs lists one task per seed and dynamics, in <dynamics>/seed<k>/.
func torusJobs(opt Options) ([]experiment.Job, error) {
	seeds, iters := torusPlan(opt)
	return seedTaskJobs(torusTaskKind, seeds, torusDynamics, func(i int) any {
		return torusTask{Dynamics: torusDynamics[i], Iterations: iters}
	}, nil)
}

// runTorusTask runs the Nash dynamics (γ = 1/√k) or the Stackelberg
// dynamics (γ1 = 1/k, γ2 = 1/√k) with noise N(0, 0.01) on the location
// game (α = (1, 1.3), φ = (π/8, π/8)) from the seed's initial point on the
// torus; the start, the result and the thinned path are the summary.json.
func runTorusTask(ctx context.Context, p torusTask, seed uint64) (any, error) {
	g, err := game.Builtin("torus", nil)
	if err != nil {
		return nil, err
	}
	sigma := 0.1 // w ~ N(0, 0.01)
	var dyn learn.Dynamics
	var stream uint64
	switch p.Dynamics {
	case "stackelberg":
		dyn, err = learn.NewStackelberg(g, learn.StackelbergConfig{
			LeaderLR: loop.Power{A: 1, P: 1}, FollowerLR: loop.Power{A: 1, P: 0.5},
			NoiseLeader: sigma, NoiseFollower: sigma,
		})
		stream = 1
	case "sga":
		dyn, err = learn.NewSGA(g, learn.Rates{Leader: loop.Power{A: 1, P: 0.5}, Follower: loop.Power{A: 1, P: 0.5},
			NoiseLeader: sigma, NoiseFollower: sigma})
		stream = 2
	default:
		return nil, fmt.Errorf("torus task: unknown dynamics %q", p.Dynamics)
	}
	if err != nil {
		return nil, err
	}
	rng0 := experiment.NewRand(seed, 0)
	o := torusRunOutput{Path: &learn.Trace{}}
	o.X0, o.Y0 = -math.Pi+2*math.Pi*rng0.Float64(), -math.Pi+2*math.Pi*rng0.Float64()
	// Every iteration is offered to the recorder; it keeps those that moved
	// at least 0.01 rad from the last kept point (about one pixel of the
	// figures), so every visible turn of a path is drawn, including
	// the first iterations' overshoots, without storing 20 000 points.
	s := learn.Settings{Settings: loop.Settings{Iterations: p.Iterations, RecordEvery: 1}, Recorder: &thinTrace{Trace: o.Path, Tol: 0.01, Last: p.Iterations}}
	if o.Result, err = learn.Run(ctx, g, dyn, []float64{o.X0}, []float64{o.Y0}, s, experiment.NewRand(seed, stream)); err != nil {
		return nil, fmt.Errorf("seed %d, %s: %w", seed, p.Dynamics, err)
	}
	return o, nil
}

// reportTorus analyses the location game (critical points found by
// Newton's method and classified) and reports which equilibrium each run
// reached.
func reportTorus(_ context.Context, opt Options, jobs []experiment.Job) error {
	seeds, iters := torusPlan(opt)
	resetReport(opt.Out, torusFigureNames...)
	g, err := game.Builtin("torus", nil)
	if err != nil {
		return err
	}
	pts, err := equilib.Search(g, equilib.SearchOptions{Starts: 400, Seed: 1})
	if err != nil {
		return err
	}
	ta := Table{
		Title:  "Location game on the torus: critical points found by Newton's method (400 starts per field)",
		Header: []string{"θ1", "θ2", "f1", "f2", "DNE", "DSE", "stable SGA", "stable Stackelberg", "paper (printed)", "distance to its 4-decimal position", "paper costs (f1, f2)"},
	}
	found := make([]bool, len(torusPaper))
	costsAgree := make([]bool, len(torusPaper))
	printedAgree := make([]bool, len(torusPaper))
	for _, p := range pts {
		label, dist, costs := "—", math.Inf(1), "—"
		for i, q := range torusPaper {
			d := torusDist(p.X[0], p.Y[0], q.x, q.y)
			if d < dist {
				dist = d
				if d < 1e-3 {
					// The paper's numbers with the minus sign of the
					// tables' other numbers ("-", not U+2212).
					label = asciiMinus(fmt.Sprintf("%s (%s, %s)", q.kind, q.printedX, q.printedY))
					costs = asciiMinus(fmt.Sprintf("(%s, %s)", q.printedF1, q.printedF2))
					printedAgree[i] = printedAgree[i] || (math.Abs(p.X[0]-q.px) <= q.tolX && math.Abs(p.Y[0]-q.py) <= q.tolY)
					found[i] = found[i] || (q.kind == "DNE" && p.DNE) || (q.kind == "DSE" && p.DSE)
					costsAgree[i] = costsAgree[i] || (math.Abs(p.F1-q.f1) <= q.tolF1 && math.Abs(p.F2-q.f2) <= q.tolF2)
				}
			}
		}
		ta.Add(p.X[0], p.Y[0], p.F1, p.F2, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg, label, fmt.Sprintf("%.2g", dist), costs)
	}
	allCosts, allPrinted := true, true
	for i := range costsAgree {
		allCosts = allCosts && costsAgree[i]
		allPrinted = allPrinted && printedAgree[i]
	}
	allFound := true
	for i, q := range torusPaper {
		if !found[i] {
			allFound = false
			ta.Notes = append(ta.Notes, fmt.Sprintf("NOT FOUND: paper %s (%.4f, %.4f)", q.kind, q.x, q.y))
		}
	}
	ta.Notes = append(ta.Notes, fmt.Sprintf("All four equilibria of the paper found within 1e-3 of their positions to four decimals (the paper prints two, as in the paper column) and classified as stated: %v.", allFound),
		fmt.Sprintf("Positions of all four equilibria agree with the paper's to its printed precision: %v.", allPrinted),
		fmt.Sprintf("Costs of all four equilibria agree with the paper's to its printed precision: %v.", allCosts))
	if err := ta.Write(opt.Log, opt.Out); err != nil {
		return err
	}

	outs, err := readSeedSummaries[torusRunOutput](opt.Out, jobs, torusDynamics)
	if err != nil {
		return err
	}
	runs := make([]torusRun, seeds)
	for seed := range runs {
		st, sga := outs[0][seed], outs[1][seed] // torusDynamics: stackelberg, sga (the same start)
		runs[seed] = torusRun{x0: sga.X0, y0: sga.Y0, stackelberg: st.Result, stPath: st.Path, sga: sga.Result, sgaPath: sga.Path}
	}
	tr := Table{
		Title:  fmt.Sprintf("Runs from %d seeded initial points, %d iterations, noise N(0, 0.01)", seeds, iters),
		Header: []string{"seed", "start (θ1, θ2)", "Stackelberg end", "nearest", "distance", "Nash-dynamics end", "nearest", "distance"},
		Notes: []string{fmt.Sprintf("Settings of §4.2: γ_k = 1/√k for both players in the Nash dynamics; 1/k (leader) and 1/√k "+
			"(follower) in the Stackelberg dynamics; noise w ~ N(0, 0.01), read as variance 0.01 (standard deviation 0.1). The paper "+
			"gives no iteration count or starts: %d iterations from starts uniform on the torus, the same start for both dynamics of a seed.", iters),
			torusKey(jobs[0].Seed)},
	}
	type reached struct {
		Seed            int       `json:"seed"`
		Start           []float64 `json:"start"`
		StackelbergEnd  []float64 `json:"stackelberg_end"`
		StackelbergTo   string    `json:"stackelberg_nearest"`
		StackelbergDist float64   `json:"stackelberg_distance"`
		SGAEnd          []float64 `json:"sga_end"`
		SGATo           string    `json:"sga_nearest"`
		SGADist         float64   `json:"sga_distance"`
	}
	var all []reached
	for i, r := range runs {
		// The seed of the run (i but for the seeds left out of a report
		// without its failed runs).
		seed := int(jobs[i*len(torusDynamics)].Seed)
		se := []float64{r.stackelberg.X[0], r.stackelberg.Y[0]}
		ne := []float64{r.sga.X[0], r.sga.Y[0]}
		sl, slJSON, sd := nearestTorus(se)
		nl, nlJSON, nd := nearestTorus(ne)
		tr.Add(seed, fmt.Sprintf("(%.3f, %.3f)", r.x0, r.y0), fmt.Sprintf("(%.4f, %.4f)", se[0], se[1]), sl, fmt.Sprintf("%.2g", sd),
			fmt.Sprintf("(%.4f, %.4f)", ne[0], ne[1]), nl, fmt.Sprintf("%.2g", nd))
		all = append(all, reached{Seed: seed, Start: []float64{r.x0, r.y0}, StackelbergEnd: se, SGAEnd: ne,
			StackelbergTo: slJSON, SGATo: nlJSON, StackelbergDist: sd, SGADist: nd})
	}
	if err := tr.Write(opt.Log, opt.Out); err != nil {
		return err
	}
	if err := experiment.WriteJSON(opt.Out, "results.json", map[string]any{"critical_points": pts, "runs": all, "paper_equilibria_found": allFound}); err != nil {
		return err
	}
	return torusFigures(opt.Out, g, pts, runs, jobs[0].Seed)
}

// nearestTorus names the paper equilibrium closest to p: label at the
// position the paper prints, as the equilibrium table quotes it ("DNE
// (1.57, -0.4)"), jsonLabel at two decimals as results.json has always
// kept it ("DNE (1.57, -0.40)"); best is the distance to it.
func nearestTorus(p []float64) (label, jsonLabel string, best float64) {
	best = math.Inf(1)
	for _, q := range torusPaper {
		if d := torusDist(p[0], p[1], q.x, q.y); d < best {
			best, label = d, fmt.Sprintf("%s (%s, %s)", q.kind, asciiMinus(q.printedX), asciiMinus(q.printedY))
			jsonLabel = fmt.Sprintf("%s (%.2f, %.2f)", q.kind, q.x, q.y)
		}
	}
	return label, jsonLabel, best
}

// torusDist is the Euclidean distance on the torus (angle differences
// wrapped).
func torusDist(x1, y1, x2, y2 float64) float64 {
	return math.Hypot(game.WrapAngle(x1-x2), game.WrapAngle(y1-y2))
}

// thinTrace records into Trace the iterates that moved at least Tol (in
// the Euclidean norm of (x, y), torus coordinates as recorded) from the
// last one kept, plus the first and the iterate Last.
type thinTrace struct {
	Trace *learn.Trace
	Tol   float64
	Last  int
}

// Record implements learn.Recorder.
func (t *thinTrace) Record(r learn.Record) error {
	rs := t.Trace.Records
	if len(rs) > 0 && r.Iter != t.Last {
		p := rs[len(rs)-1]
		d := 0.0
		for i := range r.X {
			d += (r.X[i] - p.X[i]) * (r.X[i] - p.X[i])
		}
		for i := range r.Y {
			d += (r.Y[i] - p.Y[i]) * (r.Y[i] - p.Y[i])
		}
		if d < t.Tol*t.Tol {
			return nil
		}
	}
	return t.Trace.Record(r)
}

// asciiMinus writes s's minus signs (U+2212) as the "-" the tables' other
// numbers have.
func asciiMinus(s string) string { return strings.ReplaceAll(s, "−", "-") }
