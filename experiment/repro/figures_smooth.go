package repro

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/plot"
	gplot "gonum.org/v1/plot"
)

// savePlot writes a figure as PNG and SVG into dir, or returns the error
// that building it gave.
func savePlot(dir, name string, p *gplot.Plot, err error) error {
	if err != nil {
		return fmt.Errorf("figure %s: %w", name, err)
	}
	if _, quick := quickDirs.Load(filepath.Clean(dir)); quick {
		p.Title.Text += " (quick run)" // short: long titles run off the figure
	}
	_, err = plot.Save(p, filepath.Join(dir, name), plot.DefaultSize)
	return err
}

// traceSeries turns a recorded trace into series of a chosen coordinate.
func traceSeries(name string, tr *learn.Trace, f func(r learn.Record) float64) plot.Series {
	s := plot.Series{Name: name}
	for _, r := range tr.Records {
		s.X = append(s.X, float64(r.Iter))
		s.Y = append(s.Y, f(r))
	}
	return s
}

// duopolyFigures draws Fig. 1a (production paths) and Fig. 1b (profits) of
// Fiez et al. for the first seed reported, seed (named in the titles).
func duopolyFigures(dir string, paths map[string]*learn.Trace, closed map[string][4]float64, seed uint64) error {
	st, sga := paths["stackelberg"], paths["sga"]
	if st == nil || sga == nil {
		return nil
	}
	q := plot.LinesFigure{
		Distinct: true, // each series a dash of its own: apart in greyscale
		Frame:    plot.Frame{Title: fmt.Sprintf("Firms' production (seed %d)", seed), XLabel: "iteration", XIntegers: true, YLabel: "quantity", Legend: plot.BottomRight},
		Series: []plot.Series{
			traceSeries(dynamicsLabel("stackelberg")+": q1 (leader)", st, func(r learn.Record) float64 { return r.X[0] }),
			traceSeries(dynamicsLabel("stackelberg")+": q2", st, func(r learn.Record) float64 { return r.Y[0] }),
			traceSeries(dynamicsLabel("sga")+": q1", sga, func(r learn.Record) float64 { return r.X[0] }),
			traceSeries(dynamicsLabel("sga")+": q2", sga, func(r learn.Record) float64 { return r.Y[0] }),
		},
	}
	p, err := plot.Lines(q)
	if err := savePlot(dir, "fig1a_production", p, err); err != nil {
		return err
	}
	pr := plot.LinesFigure{
		Distinct: true, // each series a dash of its own: apart in greyscale
		Frame:    plot.Frame{Title: fmt.Sprintf("Firms' profit (seed %d)", seed), XLabel: "iteration", XIntegers: true, YLabel: "profit", Legend: plot.BottomRight},
		Series: []plot.Series{
			traceSeries(dynamicsLabel("stackelberg")+": π1 (leader)", st, func(r learn.Record) float64 { return r.F1 }),
			traceSeries(dynamicsLabel("stackelberg")+": π2", st, func(r learn.Record) float64 { return r.F2 }),
			traceSeries(dynamicsLabel("sga")+": π1", sga, func(r learn.Record) float64 { return r.F1 }),
			traceSeries(dynamicsLabel("sga")+": π2", sga, func(r learn.Record) float64 { return r.F2 }),
		},
	}
	p, err = plot.Lines(pr)
	return savePlot(dir, "fig1b_profit", p, err)
}

// torusPaths splits a recorded path where it wraps around the torus, so no
// segment crosses the square: the step that wraps is drawn as its two
// pieces, out through one edge (the end of a piece) and in through the
// opposite one (the start of the next, which Continues the path: same
// colour, no start ring). The first piece starts at the path's start, even
// when its first step already wraps.
func torusPaths(name string, tr *learn.Trace) []plot.Path {
	var out []plot.Path
	cur := plot.Path{Name: name}
	for i, r := range tr.Records {
		x, y := r.X[0], r.Y[0]
		if i > 0 {
			prev := tr.Records[i-1]
			px, py := prev.X[0], prev.Y[0]
			if math.Abs(x-px) > math.Pi || math.Abs(y-py) > math.Pi {
				// The step as it was taken: the shortest displacement on the torus.
				dx, dy := wrapAngle(x-px), wrapAngle(y-py)
				cur.X, cur.Y = append(cur.X, px+dx), append(cur.Y, py+dy)
				out = append(out, cur)
				cur = plot.Path{Continues: true, X: []float64{x - dx}, Y: []float64{y - dy}}
			}
		}
		cur.X = append(cur.X, x)
		cur.Y = append(cur.Y, y)
	}
	return append(out, cur)
}

// wrapAngle returns d shifted by a multiple of 2π into [−π, π).
func wrapAngle(d float64) float64 {
	return d - 2*math.Pi*math.Floor((d+math.Pi)/(2*math.Pi))
}

// torusFigures draws Fig. 2 of Fiez et al.: sample paths of the Nash and
// Stackelberg dynamics over the unfolded torus with the equilibria and the
// curves D1 f1 = 0 (Nash) or Df1 = 0 (Stackelberg) and D2 f2 = 0, and the
// players' costs along the first seed's paths.
func torusFigures(dir string, g game.Game, pts []equilib.Point, runs []torusRun, seed uint64) error {
	ev := game.NewEvaluator(g)
	st, err := learn.NewStackelberg(g, learn.StackelbergConfig{LeaderLR: loop.Constant(1), FollowerLR: loop.Constant(1)})
	if err != nil {
		return err
	}
	buf := make([]float64, 1)
	d1f1 := func(x, y float64) float64 { ev.Grad1(buf, []float64{x}, []float64{y}); return buf[0] }
	d2f2 := func(x, y float64) float64 { ev.Grad2(buf, []float64{x}, []float64{y}); return buf[0] }
	// Df1 = D1f1 − D21f2·D2f1/D2²f2 has poles where D2²f2 = 0, where its
	// sign flips through infinity without a zero. Its zero level is traced
	// as that of D2²f2·Df1 = D2²f2·D1f1 − D21f2·D2f1, which has the same
	// zeros away from D2²f2 = 0 and no poles, so the curve is drawn without
	// the gaps a cut-off of large values leaves (D2²f2 by a central
	// difference of D2f2, which keeps its sign).
	df1 := func(x, y float64) float64 {
		if _, err := st.TotalDerivative(buf, []float64{x}, []float64{y}); err != nil {
			return math.NaN()
		}
		v := buf[0]
		const h = 1e-5
		hp, hm := d2f2(x, y+h), d2f2(x, y-h)
		return v * (hp - hm) / (2 * h)
	}
	var dne, dse, other plot.PointSet
	dne.Name, dse.Name, other.Name = "DNE", "DSE", "other critical point"
	for _, p := range pts {
		set := &other
		if p.DNE {
			set = &dne
		} else if p.DSE {
			set = &dse
		}
		set.X = append(set.X, p.X[0])
		set.Y = append(set.Y, p.Y[0])
	}
	region := plot.Rect{XMin: -math.Pi, XMax: math.Pi, YMin: -math.Pi, YMax: math.Pi}
	for _, fig := range []struct {
		file, title, leaderCurve string
		leaderField              func(x, y float64) float64
		path                     func(r torusRun) *learn.Trace
	}{
		{"fig2a_nash_paths", "Simultaneous gradient (Nash) dynamics", "D1 f1 = 0", d1f1, func(r torusRun) *learn.Trace { return r.sgaPath }},
		{"fig2b_stackelberg_paths", "Stackelberg gradient dynamics", "Df1 = 0", df1, func(r torusRun) *learn.Trace { return r.stPath }},
	} {
		f := plot.PhaseFigure{
			Frame:  plot.Frame{Title: fig.title, XLabel: "θ1 (leader)", YLabel: "θ2 (follower)", Legend: plot.NoLegend},
			Region: region,
			Curves: []plot.Curve{{Name: fig.leaderCurve, G: fig.leaderField}, {Name: "D2 f2 = 0", G: d2f2}},
			Points: []plot.PointSet{dne, dse, other},
		}
		for i, r := range runs {
			name := ""
			if i == 0 {
				name = "learning paths"
			}
			f.Paths = append(f.Paths, torusPaths(name, fig.path(r))...)
		}
		// Every corner of the torus holds a start ring or a critical point
		// for some seed, so the key is in report.md (torusKey), not over
		// the data.
		f.Frame.Legend = plot.NoLegend
		p, err := plot.Phase(f)
		if err := savePlot(dir, fig.file, p, err); err != nil {
			return err
		}
	}
	if len(runs) == 0 {
		return nil
	}
	c := plot.LinesFigure{
		Distinct: true, // each series a dash of its own: apart in greyscale
		Frame:    plot.Frame{Title: fmt.Sprintf("Costs along the paths of seed %d", seed), XLabel: "iteration", XIntegers: true, YLabel: "cost", Legend: plot.TopRight},
		Series: []plot.Series{
			traceSeries(dynamicsLabel("sga")+": f1", runs[0].sgaPath, func(r learn.Record) float64 { return r.F1 }),
			traceSeries(dynamicsLabel("sga")+": f2", runs[0].sgaPath, func(r learn.Record) float64 { return r.F2 }),
			traceSeries(dynamicsLabel("stackelberg")+": f1", runs[0].stPath, func(r learn.Record) float64 { return r.F1 }),
			traceSeries(dynamicsLabel("stackelberg")+": f2", runs[0].stPath, func(r learn.Record) float64 { return r.F2 }),
		},
	}
	p, err := plot.Lines(c)
	if err := savePlot(dir, "fig2cd_costs", p, err); err != nil {
		return err
	}
	// The players' positions over iterations (Fig. 2's remaining panels).
	for _, d := range []struct {
		file, title string
		tr          *learn.Trace
	}{
		{"fig2e_positions_nash", fmt.Sprintf("Positions along the simultaneous-gradient (Nash) path of seed %d", seed), runs[0].sgaPath},
		{"fig2f_positions_stackelberg", fmt.Sprintf("Positions along the Stackelberg path of seed %d", seed), runs[0].stPath},
	} {
		// The first 1000 iterations: the paths settle within them and then
		// only jitter with the noise.
		first := &learn.Trace{}
		for _, r := range d.tr.Records {
			if r.Iter <= 1000 {
				first.Records = append(first.Records, r)
			}
		}
		pos := plot.LinesFigure{
			Distinct: true, // each series a dash of its own: apart in greyscale
			Frame:    plot.Frame{Title: d.title, XLabel: "iteration (the first 1000)", XIntegers: true, YLabel: "position (rad, on [-π, π))", Legend: plot.Auto},
			Series: []plot.Series{
				traceSeries("θ1 (leader)", first, func(r learn.Record) float64 { return r.X[0] }),
				traceSeries("θ2 (follower)", first, func(r learn.Record) float64 { return r.Y[0] }),
			},
		}
		p, err := plot.Lines(pos)
		if err := savePlot(dir, d.file, p, err); err != nil {
			return err
		}
	}
	return nil
}

// torusKey explains the symbols of the phase portraits, which carry no
// legend box (it would cover a start or a critical point), and names seed,
// the seed of fig2e/fig2f (the first reported).
func torusKey(seed uint64) string {
	return "Key of fig2a_nash_paths and fig2b_stackelberg_paths: solid black line, the leader's zero-gradient curve (D1 f1 = 0 for the Nash dynamics, Df1 = 0 for Stackelberg, traced as D2²f2·Df1 = 0 so it has no gaps at the poles of Df1); dashed line, D2 f2 = 0; coloured lines, the learning paths of the seeds (every iterate that moved at least 0.01 rad, so every turn is drawn); rings, their starts; triangles, DNE; squares, DSE; diamonds, critical points that are neither. fig2e/fig2f: the players' positions over iterations for seed " + fmt.Sprint(seed) + "."
}

// stacToyFigures draws Fig. 4 (vector fields with every iterate of the
// paths), Fig. 5a (error to the equilibrium) and Fig. 5b (the actor's
// return) of the Stackelberg actor-critic paper; with prefix "soft_" and
// the soft game, Figs. 6 and 7. A failed run (a nil path) is left out.
func stacToyFigures(dir, prefix string, g game.Game, variants []*stacToyVariant) error {
	region := plot.Rect{XMin: -1, XMax: 1, YMin: -1, YMax: 1}
	ret := func(th float64) float64 { return -th * th / 5 }
	if s, ok := g.(*game.SoftACToy); ok {
		ret = s.ExpectedReward
	}
	var errSeries, retSeries []plot.Series
	for i, v := range variants {
		dyn, err := v.make(g)
		if err != nil {
			return err
		}
		xs, ys := make([]float64, 1), make([]float64, 1)
		field := func(x, y float64) (float64, float64) {
			xs[0], ys[0] = x, y
			if _, err := dyn.Step(context.Background(), 1, xs, ys, nil); err != nil {
				return math.NaN(), math.NaN()
			}
			return xs[0] - x, ys[0] - y
		}
		f := plot.FieldFigure{
			Frame:     plot.Frame{Title: v.name, XLabel: "θ (actor, leader)", YLabel: "w (critic, follower)", Legend: plot.NoLegend},
			Field:     field,
			Region:    region,
			Normalize: true,
			Points:    []plot.PointSet{{Name: "equilibrium (0, 0)", X: []float64{0}, Y: []float64{0}}},
		}
		for _, tr := range v.paths {
			if tr != nil { // nil: a failed run's
				f.Paths = append(f.Paths, plot.Path{X: column(tr, true), Y: column(tr, false)})
			}
		}
		p, err := plot.VectorField(f)
		if err := savePlot(dir, fmt.Sprintf("%sfig4_%d_field", prefix, i), p, err); err != nil {
			return err
		}
		if v.paths[0] == nil {
			continue // the first start's run failed: no curve of it
		}
		errSeries = append(errSeries, traceSeries(v.name, v.paths[0], func(r learn.Record) float64 {
			return math.Max(r.X[0]*r.X[0]+r.Y[0]*r.Y[0], 1e-16) // floor: shown as 1e-16
		}))
		// Fig. 5b as the return's gap to its maximum R(0), on a log scale:
		// on a linear axis the first iterations (R ≈ −0.13) flatten the
		// rest of the run, where the rules differ, to a line at 0.
		retSeries = append(retSeries, traceSeries(v.name, v.paths[0], func(r learn.Record) float64 {
			return math.Max(ret(0)-ret(r.X[0]), 1e-16)
		}))
	}
	if len(errSeries) == 0 {
		return nil // every first start's run failed
	}
	start := stacToyStarts[0]
	// Where every error has reached the floor (the soft game, within a few
	// hundred iterations), the rest of the run is a flat line: show the
	// iterations up to there.
	last := floorReached(append(slices.Clone(errSeries), retSeries...), 1e-15)
	xlabel := "iteration"
	if full := errSeries[0].X[len(errSeries[0].X)-1]; last < full {
		xlabel = fmt.Sprintf("iteration (the first %g of %g; then all at the floor)", last, full)
		for _, ss := range [][]plot.Series{errSeries, retSeries} {
			for i := range ss {
				n := 0
				for n < len(ss[i].X) && ss[i].X[n] <= last {
					n++
				}
				ss[i].X, ss[i].Y = ss[i].X[:n], ss[i].Y[:n]
			}
		}
	}
	errSeries = append(errSeries, plot.Series{Name: "target 1e-4", X: []float64{0, last}, Y: []float64{stacToyTarget, stacToyTarget}, Reference: true})
	p, err := plot.Lines(plot.LinesFigure{
		Distinct: true, // each series a dash of its own: apart in greyscale
		Frame:    plot.Frame{Title: fmt.Sprintf("Error ‖(θ, w) − (0, 0)‖² from (%g, %g)", start[0], start[1]), XLabel: xlabel, XIntegers: true, YLabel: "error (log scale, floored at 1e-16)", Legend: plot.Auto},
		Series:   errSeries,
		LogY:     true,
	})
	if err := savePlot(dir, prefix+"fig5a_error", p, err); err != nil {
		return err
	}
	p, err = plot.Lines(plot.LinesFigure{
		Distinct: true, // each series a dash of its own: apart in greyscale
		// The return's formula is in report.md (toyFiguresNote): with it the
		// title ran off the figure.
		Frame: plot.Frame{Title: fmt.Sprintf("Actor's return: gap to R(0) = %.4g, from (%g, %g)", ret(0)+0, start[0], start[1]), // +0: no "−0"
			XLabel: xlabel, XIntegers: true, YLabel: "R(0) − R (log scale, floored at 1e-16)", Legend: plot.Auto},
		Series: retSeries,
		LogY:   true,
	})
	return savePlot(dir, prefix+"fig5b_return", p, err)
}

// floorReached returns the first iteration, rounded up to a multiple of
// 100 with a quarter added, after which every series stays at or below
// floor; the last iteration if some series ends above it.
func floorReached(series []plot.Series, floor float64) float64 {
	var last, end float64
	for _, s := range series {
		end = max(end, s.X[len(s.X)-1])
		for i := len(s.X) - 1; i >= 0; i-- {
			if s.Y[i] > floor {
				if i == len(s.X)-1 {
					return end
				}
				last = max(last, s.X[i+1])
				break
			}
		}
	}
	return min(end, math.Ceil(1.25*last/100)*100)
}

// column extracts θ (first) or w from a trace.
func column(tr *learn.Trace, first bool) []float64 {
	out := make([]float64, len(tr.Records))
	for i, r := range tr.Records {
		if first {
			out[i] = r.X[0]
		} else {
			out[i] = r.Y[0]
		}
	}
	return out
}

// markovFigures draws the leader's value and the hierarchical gradient norm
// against iterations for both policy-gradient dynamics (a nil curve, a failed
// run's, is left out).
//
// V1 settles within the first few hundred iterations: its figure shows the
// iterations until both curves stay within 0.25 % of the plotted range (a
// pixel) of their final values, with a quarter added.
func markovFigures(dir, name string, st, sim *markovCurve) error {
	var v1, hier []plot.Series
	pos := func(v []float64) []float64 {
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = math.Max(x, 1e-16)
		}
		return out
	}
	for _, c := range []struct {
		name string
		c    *markovCurve
	}{{dynamicsLabel("stackelberg-pg"), st}, {dynamicsLabel("simultaneous-pg"), sim}} {
		if c.c != nil {
			v1 = append(v1, plot.Series{Name: c.name, X: c.c.iters, Y: c.c.v1})
			hier = append(hier, plot.Series{Name: c.name, X: c.c.iters, Y: pos(c.c.hier)})
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range v1 {
		for _, y := range s.Y {
			lo, hi = math.Min(lo, y), math.Max(hi, y)
		}
	}
	var settled, end float64
	for _, s := range v1 {
		n := len(s.Y)
		end = math.Max(end, s.X[n-1])
		for i := n - 1; i >= 0; i-- {
			if math.Abs(s.Y[i]-s.Y[n-1]) > 0.0025*(hi-lo) {
				settled = math.Max(settled, s.X[min(i+1, n-1)])
				break
			}
		}
	}
	xlabel := "iteration"
	if cut := math.Max(100, math.Ceil(1.25*settled/100)*100); cut < end {
		xlabel = fmt.Sprintf("iteration (the first %g of %g; V1 moves less than a pixel after)", cut, end)
		for i := range v1 {
			n := 0
			for n < len(v1[i].X) && v1[i].X[n] <= cut {
				n++
			}
			v1[i].X, v1[i].Y = v1[i].X[:n], v1[i].Y[:n]
		}
	}
	p, err := plot.Lines(plot.LinesFigure{
		Distinct: true, // each series a dash of its own: apart in greyscale
		Frame:    plot.Frame{Title: name + ": leader value V1", XLabel: xlabel, XIntegers: true, YLabel: "V1", Legend: plot.Auto},
		Series:   v1,
	})
	if err := savePlot(dir, "leader_value", p, err); err != nil {
		return err
	}
	p, err = plot.Lines(plot.LinesFigure{
		Distinct: true, // each series a dash of its own: apart in greyscale
		Frame:    plot.Frame{Title: name + ": ‖∇V1(θ1, B(θ1))‖", XLabel: "iteration", XIntegers: true, YLabel: "hierarchical gradient norm", Legend: plot.TopRight},
		Series:   hier,
		LogY:     true,
	})
	return savePlot(dir, "hier_grad_norm", p, err)
}
