package repro

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn/uncoupled"
	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/plot"
)

func init() {
	Register(Reproduction{
		Name:        "hic-cournot",
		Description: "Loftin et al. §3.3, Fig. 1: Hi-C against a gradient follower in the Cournot duopoly f1 = x(50 − (x+y)) − x, 32 seeds (the paper's 32 runs) × 10⁶ stages (the paper gives no length)",
		Jobs:        hicJobs,
		Report:      reportHiC,
		QuickSettings: func(opt Options) string {
			fullSeeds, full, _, _ := hicPlan(Options{})
			quickSeedCount, quick, scale, _ := hicPlan(Options{Quick: true})
			return quickSettings(shortened(quick, full, "stages"), quickSeeds(opt, fullSeeds, quickSeedCount),
				fmt.Sprintf("the step size α_n raised %g-fold with the previous baseline (EMA(0.9) is unstable at that step), and no separate previous-baseline run", scale))
		},
	})
	experiment.RegisterTypedTask(hicTaskKind, summaryTask(runHiCTask))
}

// HiCCournotPaper returns the Hi-C configuration of Section 3.3 of the Hi-C
// paper for a run of the given length: α_n = 0.001 n^−0.1, δ_n = n^−0.6,
// k_n of Eq. 19 with β = 0.1 (the follower's step) and μ = 2 (f2's strong
// concavity in y), a gradient follower with step 0.1; and, which the paper
// does not state, Eq. 19's B = 100 and p = 0.5 (= ⌈9.859 ln n + 41.275⌉)
// and the baseline and burn-in of the authors' reference run (EMA with
// decay 0.9, 50 burn-in intervals) — as stackel defines them, which
// differs from the reference code in three details (α_n keeps its index n
// through burn-in, 50 updates are skipped where it skips 49, the EMA
// starts at the first payoff rather than 0; package uncoupled's doc).
func HiCCournotPaper(stages int) uncoupled.HiCRun {
	delta := loop.Power{A: 1, B: 0, P: 0.6}
	return uncoupled.HiCRun{
		Leader: uncoupled.HiCConfig{
			Alpha:      loop.Power{A: 0.001, B: 0, P: 0.1},
			Delta:      delta,
			Commitment: uncoupled.Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: delta},
			Baseline:   uncoupled.Baseline{Kind: uncoupled.EMABaseline, Decay: 0.9},
			BurnIn:     50,
		},
		Follower: uncoupled.GradientConfig{LR: loop.Constant(0.1)},
		Settings: loop.Settings{Iterations: stages, RecordEvery: max(1, stages/1000)},
	}
}

// hicVariant is one of the runs compared by the reproduction: its name in
// results.json, its label, and the task run it plays ("paper", "previous"
// or "sga").
type hicVariant struct {
	name, label, run string
}

// hicPlan is the reproduction's seeds, stages, step scale and variants.
//
// Quick: 4 seeds × 10⁵ stages, with the step size raised tenfold
// (α_n = 0.01 n^−0.1) so that the shortened run still converges, and the
// `previous` baseline for the main run (the lagging EMA(0.9) baseline is
// unstable at that step size); the separate `previous` run is skipped.
func hicPlan(opt Options) (seeds, stages int, alphaScale float64, variants []hicVariant) {
	stages, alphaScale = 1000000, 1.0
	variants = []hicVariant{
		{"hic", "Hi-C, EMA(0.9) baseline, 50 burn-in (reference run)", "paper"},
		{"hic_previous", "Hi-C, previous baseline", "previous"},
		{"sga", "gradient vs gradient (step 0.1 each)", "sga"},
	}
	if opt.Quick {
		stages, alphaScale = 100000, 10
		variants = []hicVariant{
			{"hic", "Hi-C, previous baseline, α ×10 (quick)", "previous"},
			{"sga", "gradient vs gradient (step 0.1 each)", "sga"},
		}
	}
	return planSeeds(opt, 32, 4), stages, alphaScale, variants
}

// hicTaskKind is the task that plays one run of the reproduction with one
// seed (the gradient-vs-gradient comparison has no configuration form).
const hicTaskKind = "repro/hic-cournot"

// hicTask are the parameters of a Hi-C task.
type hicTask struct {
	// Run is "paper" (§3.3's schedules, EMA(0.9) baseline, 50 burn-in),
	// "previous" (the same with the previous baseline, no burn-in) or
	// "sga" (two gradient learners, step 0.1).
	Run        string  `json:"run"`
	Stages     int     `json:"stages"`
	AlphaScale float64 `json:"alpha_scale"`
}

// hicJobs lists one task per seed and variant, in <variant>/seed<k>/.
func hicJobs(opt Options) ([]experiment.Job, error) {
	seeds, stages, alphaScale, variants := hicPlan(opt)
	return seedTaskJobs(hicTaskKind, seeds, hicNames(variants), func(i int) any {
		return hicTask{Run: variants[i].run, Stages: stages, AlphaScale: alphaScale}
	}, nil)
}

// hicNames are the variants' directory names.
func hicNames(variants []hicVariant) []string {
	names := make([]string, len(variants))
	for i, v := range variants {
		names[i] = v.name
	}
	return names
}

// runHiCTask plays one run of Section 3.3 from quantities uniform on
// [0, 50]²; its uncoupled.Trace is the summary.json.
func runHiCTask(ctx context.Context, p hicTask, seed uint64) (any, error) {
	g, err := game.Builtin("cournot", nil)
	if err != nil {
		return nil, err
	}
	paper := hicRunOf("paper", p.Stages, p.AlphaScale)
	r := experiment.NewRand(seed, 0)
	x0, y0 := []float64{50 * r.Float64()}, []float64{50 * r.Float64()}
	tr := &uncoupled.Trace{}
	switch p.Run {
	case "paper", "previous":
		_, err = uncoupled.RunHiC(ctx, g, x0, y0, hicRunOf(p.Run, p.Stages, p.AlphaScale), experiment.NewRand(seed, 1), tr)
	case "sga":
		ev := game.NewEvaluator(g)
		p1, p2 := uncoupled.Split(ev, g.Sense())
		dx, dy := g.Domains()
		fixed := uncoupled.GradientConfig{LR: loop.Constant(0.1)}
		a, err := uncoupled.NewGradientAscent(p1.Gradient, x0, dx, fixed, nil)
		if err != nil {
			return nil, err
		}
		b, err := uncoupled.NewGradientAscent(p2.Gradient, y0, dy, fixed, nil)
		if err != nil {
			return nil, err
		}
		_, err = uncoupled.Play(ctx, a, b, uncoupled.NewReferee(ev, g.Sense()), uncoupled.PlayOptions{Settings: loop.Settings{Iterations: p.Stages, RecordEvery: paper.RecordEvery}, Recorder: tr})
		if err != nil {
			return nil, fmt.Errorf("seed %d, %s: %w", seed, p.Run, err)
		}
	default:
		return nil, fmt.Errorf("hic task: unknown run %q", p.Run)
	}
	if err != nil {
		return nil, fmt.Errorf("seed %d, %s: %w", seed, p.Run, err)
	}
	return tr, nil
}

// reportHiC compares the final profiles of every variant with the closed
// forms and the paper, and draws Fig. 1 from the main run.
func reportHiC(_ context.Context, opt Options, jobs []experiment.Job) error {
	seeds, stages, alphaScale, variants := hicPlan(opt)
	resetReport(opt.Out, hicFigureNames...)
	resetData(opt.Out, hicDataNames()...)
	traces, err := readSeedSummaries[*uncoupled.Trace](opt.Out, jobs, hicNames(variants))
	if err != nil {
		return err
	}
	for v := range variants {
		for s, tr := range traces[v] {
			if err := checkHiCTrace(tr, traces[v][0]); err != nil {
				return fmt.Errorf("%s: %w", filepath.Join(opt.Out, jobs[s*len(variants)+v].Out, experiment.SummaryFile), err)
			}
		}
	}

	// Closed forms (A = 50, c1 = c2 = 1): Stackelberg x = (A + c2 − 2c1)/2 = 24.5,
	// y = (A + 2c1 − 3c2)/4 = 12.25, f1 = 49²/8 = 300.125, f2 = 49²/16 = 150.0625;
	// Nash q = 49/3, f = (49/3)² = 266.78.
	nash := 49.0 / 3
	closed := map[string][4]float64{
		"hic": {300.125, 150.0625, 24.5, 12.25}, "hic_previous": {300.125, 150.0625, 24.5, 12.25},
		"sga": {nash * nash, nash * nash, nash, nash},
	}
	t := Table{
		Title:  fmt.Sprintf("Hi-C in the Cournot duopoly (Loftin et al. §3.3): final profile over %s, %d stages", seedCount(seeds), stages),
		Header: []string{"run", "quantity", "paper", "closed form", "learned mean ± sd", "min", "max"},
		Notes: []string{
			"Schedules of §3.3: α_n = 0.001 n^−0.1, δ_n = n^−0.6, k_n by Eq. 19, follower step β = 0.1 (μ = 2 is the " +
				"strong concavity of f2 in y). The paper does not state Eq. 19's B and p; stackel uses B = 100, p = 0.5, " +
				"i.e. k_n = ⌈9.859 ln n + 41.275⌉ (the config example {log: {a: 9.86, b: 41.3}} rounds these); " +
				"quantities uniform on [0, 50] and clipped to [0, 50]. The paper offers an optional baseline, f1(x_t, ỹ_{n−1}) " +
				"after its Eq. 6 (hic_previous: stackel's reading, the payoff f1(x̃_{n−1}, ỹ_{n−1}) observed at the end of the " +
				"previous interval), but does not say which baseline, if any, its experiment used; the authors' " +
				"reference run uses EMA(0.9) with 50 burn-in intervals.",
			"Fig. 1 averages 32 runs (the default seeds here); the paper gives no number of stages (10⁶ by default here).",
			spreadRule,
		},
	}
	t.Notes = append(t.Notes, fmt.Sprintf("Figures (Fig. 1): hic_payoffs.png/svg (f1, f2) and hic_strategies.png/svg (x, y) of the hic run against the stage, "+
		"the mean over its %s with the shaded range from the smallest to the largest seed (the paper's \"shaded regions show ranges\"); "+
		"dashed grey lines, the Stackelberg values. The _zoom figures show the same from 5%% of the run on. "+
		"The bands are in metrics_hic.csv (mean, min, max).", seedCount(seeds)))
	if opt.Quick {
		t.Notes = append(t.Notes, "Quick run: the row hic is the run with the previous baseline and α_n raised tenfold (0.01 n^−0.1), so that 10⁵ stages suffice "+
			"(EMA(0.9) is unstable at that step), not the reference run (EMA(0.9) baseline, 50 burn-in intervals) that hic is without --quick; "+
			"its paper column gives the paper's values for §3.3's settings.")
	}
	result := map[string]any{"seeds": seeds, "stages": stages, "quick": opt.Quick}
	for v, vr := range variants {
		final := make([][]float64, 4)
		for _, tr := range traces[v] {
			last := len(tr.Stages) - 1
			for i, val := range []float64{tr.F1[last], tr.F2[last], tr.X[last][0], tr.Y[last][0]} {
				final[i] = append(final[i], val)
			}
		}
		out := map[string]any{"label": vr.label}
		if vr.run != "sga" {
			// Which run the variant is (its label says it in words):
			// the baseline, the burn-in intervals and α_n's scale.
			run := hicRunOf(vr.run, stages, alphaScale)
			out["baseline"], out["burn_in"], out["alpha_scale"] = run.Leader.Baseline.String(), run.Leader.BurnIn, alphaScale
		}
		for i, q := range []string{"f1", "f2", "x", "y"} {
			m, _ := MeanSD(final[i])
			lo, hi := minMax(final[i])
			t.Add(hicRowName(vr), q, hicPaperValues(vr.run)[i], f3(closed[vr.name][i]), pm(final[i]), f3(lo), f3(hi))
			out[q] = map[string]any{"closed_form": closed[vr.name][i], "mean": experiment.Finite(m), "sd": sdJSON(final[i]), "min": lo, "max": hi}
		}
		if vr.name != "sga" {
			mf, _ := MeanSD(final[0])
			mx, _ := MeanSD(final[2])
			my, _ := MeanSD(final[3])
			out["accept"] = map[string]bool{
				"mean_f1_ge_299.5":  mf >= 299.5,
				"mean_x_within_0.5": math.Abs(mx-24.5) <= 0.5,
				"mean_y_within_0.5": math.Abs(my-12.25) <= 0.5,
			}
		} else {
			mf, _ := MeanSD(final[0])
			out["accept"] = map[string]bool{"mean_f1_within_0.01_of_nash": math.Abs(mf-nash*nash) <= 0.01}
		}
		result[vr.name] = out
		if err := writeBands(filepath.Join(opt.Out, "metrics_"+vr.name+".csv"), traces[v]); err != nil {
			return err
		}
	}
	if err := t.Write(opt.Log, opt.Out); err != nil {
		return err
	}
	if err := experiment.WriteJSON(opt.Out, "results.json", result); err != nil {
		return err
	}
	return hicFigures(opt.Out, traces[0])
}

// hicRowName is a variant's name in the report's table: its results.json
// key (for the two gradient learners, sga, the dynamics' readable name,
// dynamicsLabel) and its label, so that a row says which run it is (the
// row hic is the EMA(0.9) reference run, or with --quick the
// previous-baseline run).
func hicRowName(v hicVariant) string {
	if v.name == "sga" {
		return dynamicsLabel(v.name) + ": " + v.label
	}
	return v.name + ": " + v.label
}

// hicPaperValues is the paper column (f1, f2, x, y) of a variant's run
// ("paper", "previous" or "sga"): the Stackelberg profile of §3.3, and
// for the reference run (EMA(0.9), 50 burn-in) the reference
// implementation's mean payoff, which is that run's alone.
func hicPaperValues(run string) [4]string {
	switch run {
	case "paper":
		return [4]string{"≈300 (ref. impl. 300.06)", "≈150", "24.5", "12.25"}
	case "previous":
		return [4]string{"≈300", "≈150", "24.5", "12.25"}
	}
	// Loftin et al. state the Stackelberg profile only (§3.3); the Nash
	// values (49/3, (49/3)²) are the closed form's, not the paper's.
	return [4]string{"not stated", "not stated", "not stated", "not stated"}
}

// hicRunOf is the Hi-C configuration of a run "paper" or "previous" of
// the given stages and α scale (runHiCTask plays it).
func hicRunOf(run string, stages int, alphaScale float64) uncoupled.HiCRun {
	paper := HiCCournotPaper(stages)
	paper.Leader.Alpha = loop.Power{A: 0.001 * alphaScale, B: 0, P: 0.1}
	if run == "previous" {
		paper.Leader.Baseline = uncoupled.Baseline{Kind: uncoupled.PreviousBaseline}
		paper.Leader.BurnIn = 0
	}
	return paper
}

// checkHiCTrace returns an error when tr is not a trace the report can
// read beside first, its variant's first seed's: one record at least, as
// many strategies and payoffs as stages, each strategy of one quantity at
// least, and the stages of first (the bands are taken stage by stage).
func checkHiCTrace(tr, first *uncoupled.Trace) error {
	if tr == nil || len(tr.Stages) == 0 {
		return errors.New("no stages recorded")
	}
	n := len(tr.Stages)
	if len(tr.X) != n || len(tr.Y) != n || len(tr.F1) != n || len(tr.F2) != n {
		return fmt.Errorf("%d stages recorded with %d, %d strategies and %d, %d payoffs", n, len(tr.X), len(tr.Y), len(tr.F1), len(tr.F2))
	}
	for i := range n {
		if len(tr.X[i]) == 0 || len(tr.Y[i]) == 0 {
			return fmt.Errorf("stage %d recorded without a strategy", tr.Stages[i])
		}
	}
	if !slices.Equal(tr.Stages, first.Stages) {
		return fmt.Errorf("%d stages recorded, not those of seed 0 (%d)", n, len(first.Stages))
	}
	return nil
}

// hicDataNames are the metrics_<variant>.csv files reportHiC can write,
// with or without --quick (resetData).
func hicDataNames() []string {
	var names []string
	for _, quick := range []bool{false, true} {
		_, _, _, variants := hicPlan(Options{Quick: quick})
		for _, v := range variants {
			if name := "metrics_" + v.name + ".csv"; !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	return names
}

// hicFigures draws Fig. 1 of the Hi-C paper from the main run's traces:
// the payoffs and the strategies against stages, mean over seeds with the
// min–max band.
func hicFigures(dir string, traces []*uncoupled.Trace) error {
	// Stages in thousands: tick labels such as 1e+06 run off the figure.
	stages := make([]float64, len(traces[0].Stages))
	for i, s := range traces[0].Stages {
		stages[i] = float64(s) / 1000
	}
	series := func(name string, get func(tr *uncoupled.Trace, i int) float64) (plot.Series, error) {
		runs := make([][]float64, len(traces))
		for s, tr := range traces {
			runs[s] = make([]float64, len(stages))
			for i := range stages {
				runs[s][i] = get(tr, i)
			}
		}
		return plot.MeanBand(name, stages, runs, plot.MinMax)
	}
	for _, fig := range []struct {
		file, title, ylabel string
		names               [2]string
		get                 [2]func(tr *uncoupled.Trace, i int) float64
	}{
		{"hic_payoffs", "Hi-C vs gradient ascent, Cournot duopoly: payoffs", "payoff",
			[2]string{"f1 (Hi-C leader)", "f2 (gradient follower)"},
			[2]func(tr *uncoupled.Trace, i int) float64{
				func(tr *uncoupled.Trace, i int) float64 { return tr.F1[i] },
				func(tr *uncoupled.Trace, i int) float64 { return tr.F2[i] }}},
		{"hic_strategies", "Hi-C vs gradient ascent, Cournot duopoly: quantities", "quantity",
			[2]string{"x (Hi-C leader)", "y (gradient follower)"},
			[2]func(tr *uncoupled.Trace, i int) float64{
				func(tr *uncoupled.Trace, i int) float64 { return tr.X[i][0] },
				func(tr *uncoupled.Trace, i int) float64 { return tr.Y[i][0] }}},
	} {
		var ss []plot.Series
		for k := range fig.names {
			s, err := series(fig.names[k], fig.get[k])
			if err != nil {
				return err
			}
			ss = append(ss, s)
		}
		// Reference lines at the Stackelberg values of Loftin's Cournot game
		// (A = 50, c = 1): x = 24.5, y = 12.25, f1 = 300.125, f2 = 150.0625.
		last := stages[len(stages)-1]
		ref := hicStackelbergRef[fig.file]
		for k, v := range ref {
			ss = append(ss, plot.Series{Name: fmt.Sprintf("Stackelberg %s = %g", [2]string{"leader", "follower"}[k], v),
				X: []float64{0, last}, Y: []float64{v, v}, Reference: true})
		}
		p, err := plot.Lines(plot.LinesFigure{
			Distinct: true, // each series a dash of its own: apart in greyscale
			Frame:    plot.Frame{Title: fig.title, XLabel: "stage (thousands)", YLabel: fig.ylabel, Legend: plot.BottomRight},
			Series:   ss,
		})
		if err != nil {
			return err
		}
		if err := savePlot(dir, fig.file, p, nil); err != nil {
			return err
		}
		// The first stages, far from the equilibrium, set the range of the
		// full figure; a zoom from 5% of the run on shows the convergence.
		from := last / 20
		var zs []plot.Series
		for _, s := range ss {
			z := plot.Series{Name: s.Name, Reference: s.Reference}
			for i, x := range s.X {
				if x >= from || len(s.X) == 2 {
					z.X, z.Y = append(z.X, max(x, from)), append(z.Y, s.Y[i])
					if s.Lo != nil {
						z.Lo, z.Hi = append(z.Lo, s.Lo[i]), append(z.Hi, s.Hi[i])
					}
				}
			}
			if len(z.X) > 0 {
				zs = append(zs, z)
			}
		}
		p, err = plot.Lines(plot.LinesFigure{
			Distinct: true, // each series a dash of its own: apart in greyscale
			Frame: plot.Frame{Title: fmt.Sprintf("Hi-C vs gradient, Cournot: %s from stage %gk", map[string]string{"payoff": "payoffs", "quantity": "quantities"}[fig.ylabel], from),
				XLabel: "stage (thousands)", YLabel: fig.ylabel, Legend: plot.Auto},
			Series: zs,
		})
		if err != nil {
			return err
		}
		if err := savePlot(dir, fig.file+"_zoom", p, nil); err != nil {
			return err
		}
	}
	return nil
}

// hicStackelbergRef are the Stackelberg values drawn as reference lines:
// leader and follower quantities and payoffs of the Cournot game with
// A = 50, c1 = c2 = 1 (x = (A−c)/2, y = (A−c)/4, f1 = (A−c)²/8, f2 = (A−c)²/16).
var hicStackelbergRef = map[string][2]float64{
	"hic_payoffs":    {49 * 49 / 8.0, 49 * 49 / 16.0},
	"hic_strategies": {49 / 2.0, 49 / 4.0},
}

// writeBands writes, for every recorded stage, the mean, min and max over
// seeds of f1, f2, x and y (the data of Fig. 1) as CSV.
func writeBands(path string, traces []*uncoupled.Trace) error {
	header := []string{"stage"}
	for _, q := range []string{"f1", "f2", "x", "y"} {
		header = append(header, q+"_mean", q+"_min", q+"_max")
	}
	w := experiment.NewWholeCSV(path, header) // written whole on Close: never a cut file
	for i := range traces[0].Stages {
		row := []float64{float64(traces[0].Stages[i])}
		for q := 0; q < 4; q++ {
			vals := make([]float64, len(traces))
			for s, tr := range traces {
				vals[s] = [4]float64{tr.F1[i], tr.F2[i], tr.X[i][0], tr.Y[i][0]}[q]
			}
			m, _ := MeanSD(vals)
			lo, hi := minMax(vals)
			row = append(row, m, lo, hi)
		}
		if err := w.Row(row...); err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}

// f3 formats a table number with three decimals.
func f3(v float64) string { return fmt.Sprintf("%.3f", v) }

// minMax returns the smallest and the largest of v.
func minMax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}
