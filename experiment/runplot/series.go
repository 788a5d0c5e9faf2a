package runplot

import (
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/plot"

	"github.com/stackel/stackel/experiment/repro"
)

// Group is the runs of one series: runs whose configurations differ only
// in the seed (one run with Options.EachSeed).
type Group struct {
	// Name is the series' name in the legend.
	Name string
	// plain is the length of Name before the keys (or directory) that
	// distinguish added to tell it apart from other series of one name.
	plain int
	// Runs are the group's runs, in FindRuns' order.
	Runs []Run
}

// Groups puts runs into series: runs with the same configuration but for
// the seed (experiment.SameConfig, seeds cleared) together, runs without a
// configuration by their job.json labels when they have any, else each on
// its own; with eachSeed every run on its own. Each group is named as the
// package doc says; with eachSeed the name ends in " seed S".
func Groups(runs []Run, eachSeed bool) []Group {
	var gs []Group
	byKey := map[string]int{} // a series' key (seriesKey) → its group
	var keyless []int         // the groups whose runs have no key
	for _, r := range runs {
		k := -1
		key, hasKey := seriesKey(r)
		switch {
		case eachSeed:
		case hasKey:
			if i, ok := byKey[key]; ok {
				k = i
			}
		default:
			for _, i := range keyless {
				if sameSeries(gs[i].Runs[0], r) {
					k = i
					break
				}
			}
		}
		if k < 0 {
			gs = append(gs, Group{})
			k = len(gs) - 1
			if hasKey {
				byKey[key] = k
			} else {
				keyless = append(keyless, k)
			}
		}
		gs[k].Runs = append(gs[k].Runs, r)
	}
	if eachSeed {
		seedOrder(gs)
	}
	for i := range gs {
		r := gs[i].Runs[0]
		gs[i].Name = baseName(r)
		if eachSeed && r.HasSeed {
			gs[i].Name += fmt.Sprintf(" seed %d", r.Seed)
		}
		gs[i].plain = len(gs[i].Name)
	}
	distinguish(gs)
	return gs
}

// seedOrder puts the groups of one run each (Options.EachSeed) of one
// configuration (seriesKey) in the order of their seeds as numbers, in
// the places that configuration's groups take: their runs' directories,
// in lexical order, put seed 10 before seed 2. Runs without a key or a
// seed keep their places.
func seedOrder(gs []Group) {
	slots := map[string][]int{} // a configuration's key → its groups' places
	var keys []string
	for i, g := range gs {
		if key, ok := seriesKey(g.Runs[0]); ok && g.Runs[0].HasSeed {
			if slots[key] == nil {
				keys = append(keys, key)
			}
			slots[key] = append(slots[key], i)
		}
	}
	for _, key := range keys {
		at := slots[key]
		part := make([]Group, len(at))
		for j, i := range at {
			part[j] = gs[i]
		}
		sort.SliceStable(part, func(a, b int) bool { return part[a].Runs[0].Seed < part[b].Runs[0].Seed })
		for j, i := range at {
			gs[i] = part[j]
		}
	}
}

// seriesKey is a text equal for two runs exactly when sameSeries holds
// for them, so that grouping n runs takes n look-ups rather than a
// comparison of each run with each series (a sweep of a thousand points
// took minutes): the job ID of the configuration with the seed cleared
// (experiment.NewJob: its canonical form, as SameConfig compares them),
// game.markov's path as written beside it (SameConfig compares the
// path, not the file's content the ID holds); without a configuration,
// the job.json labels. ok is false when there is neither, or the
// configuration has no job ID; such a run is compared with sameSeries.
func seriesKey(r Run) (key string, ok bool) {
	if r.Config != nil {
		c := *seriesConfig(r.Config)
		markov := ""
		if c.Game != nil && c.Game.Markov != "" {
			g := *c.Game
			markov, g.Markov = g.Markov, ""
			c.Game = &g
		}
		j, err := experiment.NewJob(&c, 0, "")
		if err != nil {
			return "", false
		}
		return "config\x00" + j.ID + "\x00" + markov, true
	}
	if len(r.Labels) == 0 {
		return "", false
	}
	keys := make([]string, 0, len(r.Labels))
	for k := range r.Labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("labels")
	for _, k := range keys {
		fmt.Fprintf(&b, "\x00%q=%q", k, r.Labels[k])
	}
	return b.String(), true
}

// DropCopies leaves out of each group all but one of the runs of a seed:
// the same configuration and seed is the same run (its numbers the same
// bit for bit), found twice as a copy of its directory, which would count
// in the mean and sd twice. It keeps the run trained furthest (the last
// step of its metrics.csv; the first found of those), not the first
// found: a copy taken while the run trained holds only its early part
// (an earlier stackel kept the first found). notes names each run left
// out, the one kept, and the steps of both when they differ.
func DropCopies(gs []Group) (out []Group, notes []string) {
	last := func(r Run) float64 {
		if n := len(r.Columns.Step); n > 0 {
			return r.Columns.Step[n-1]
		}
		return math.Inf(-1)
	}
	for _, g := range gs {
		kept := map[uint64]int{} // seed → the index in g.Runs of the run kept
		for i, r := range g.Runs {
			if k, ok := kept[r.Seed]; r.HasSeed && (!ok || last(r) > last(g.Runs[k])) {
				kept[r.Seed] = i
			}
		}
		var keep []Run
		for i, r := range g.Runs {
			if k := kept[r.Seed]; r.HasSeed && k != i {
				note := fmt.Sprintf("%s left out: the same configuration and seed (%d) as %s, a copy of that run", textcut.Printable(r.Dir), r.Seed, textcut.Printable(g.Runs[k].Dir))
				if a, b := last(r), last(g.Runs[k]); a != b {
					note += fmt.Sprintf(" at fewer steps (%s, against %s)", stepText(a), stepText(b))
				}
				notes = append(notes, note)
				continue
			}
			keep = append(keep, r)
		}
		g.Runs = keep
		out = append(out, g)
	}
	return out, notes
}

// stepText writes a run's last step (none for a run without rows).
func stepText(v float64) string {
	if math.IsInf(v, -1) {
		return "none"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// sameSeries reports that a and b belong to one series.
func sameSeries(a, b Run) bool {
	switch {
	case a.Config != nil && b.Config != nil:
		return experiment.SameConfig(seriesConfig(a.Config), seriesConfig(b.Config))
	case a.Config != nil || b.Config != nil:
		return false
	case len(a.Labels) > 0 && len(a.Labels) == len(b.Labels):
		for k, v := range a.Labels {
			if w, ok := b.Labels[k]; !ok || w != v {
				return false
			}
		}
		return true
	}
	return false
}

// seriesConfig is cfg without the settings that change no number of an
// RL run, which a series' runs may differ in as in the seed: rl.threads
// and rl.checkpoint_every left out, and an rl.dtype of float32, the
// default, too (any other in lower case, as the run reads it). cfg itself
// is returned when it has none of them.
func seriesConfig(cfg *experiment.Config) *experiment.Config {
	if cfg.RL == nil {
		return cfg
	}
	dtype := strings.ToLower(cfg.RL.DType)
	if dtype == "float32" {
		dtype = ""
	}
	if cfg.RL.Threads == 0 && cfg.RL.Checkpoint == 0 && dtype == cfg.RL.DType {
		return cfg
	}
	rl := *cfg.RL
	rl.Threads, rl.Checkpoint, rl.DType = 0, 0, dtype
	c := *cfg
	c.RL = &rl
	return &c
}

// baseName names r's series: its job.json labels (a sweep's grid point,
// else the values in key order, a reproduction's variant by the label its
// tables and figures give it, Run.VariantLabel), else its config's name,
// else its directory.
func baseName(r Run) string {
	if p, ok := r.Labels["point"]; ok {
		return p
	}
	if len(r.Labels) > 0 {
		keys := make([]string, 0, len(r.Labels))
		for k := range r.Labels {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		vals := make([]string, len(keys))
		for i, k := range keys {
			vals[i] = r.Labels[k]
			if l, ok := r.VariantLabel(); ok && k == "variant" {
				vals[i] = l
			}
		}
		return strings.Join(vals, ", ")
	}
	if l, ok := r.VariantLabel(); ok {
		return l // a reproduction's run by its config name alone
	}
	if r.Config != nil && r.Config.Name != "" {
		return r.Config.Name
	}
	return filepath.ToSlash(r.Dir)
}

// distinguish adds to the names that several groups share the config keys
// in which those groups differ (at most three, "key=value"; a key one of
// them leaves out is "default", rl.dtype's "float32"; the seed, which
// a series holds several of, and rl.threads and rl.checkpoint_every,
// which change no number, are never one), or, without configurations or
// still shared, their directories.
func distinguish(gs []Group) {
	for _, idx := range sameNames(gs) {
		flat := make([]map[string]string, len(idx))
		keySet := map[string]bool{}
		for j, i := range idx {
			flat[j] = flatConfig(gs[i].Runs[0].Config)
			for k := range flat[j] {
				keySet[k] = true
			}
		}
		var differ []string
		for k := range keySet {
			for j := 1; j < len(flat); j++ {
				a, okA := flat[0][k]
				b, okB := flat[j][k]
				if okA != okB || a != b {
					differ = append(differ, k)
					break
				}
			}
		}
		sort.Strings(differ)
		if len(differ) > 3 {
			differ = differ[:3]
		}
		if len(differ) == 0 {
			continue
		}
		for j, i := range idx {
			parts := make([]string, len(differ))
			for p, k := range differ {
				v, ok := flat[j][k]
				if !ok {
					v = "default" // a key left out takes its default
				}
				parts[p] = k + "=" + v
			}
			gs[i].Name += " (" + strings.Join(parts, ", ") + ")"
		}
	}
	distinguishByDir(gs)
}

// distinguishByDir adds their first run's directory to names that several
// groups still share.
func distinguishByDir(gs []Group) {
	for _, idx := range sameNames(gs) {
		for _, i := range idx {
			gs[i].Name += " (" + filepath.ToSlash(gs[i].Runs[0].Dir) + ")"
		}
	}
}

// sameNames returns the indices of the groups that share a name, one
// slice per shared name, in the order of the groups.
func sameNames(gs []Group) [][]int {
	by := map[string][]int{}
	var order []string
	for i, g := range gs {
		if _, ok := by[g.Name]; !ok {
			order = append(order, g.Name)
		}
		by[g.Name] = append(by[g.Name], i)
	}
	var out [][]int
	for _, n := range order {
		if len(by[n]) > 1 {
			out = append(out, by[n])
		}
	}
	return out
}

// flatConfig is cfg's settings as dotted keys (game.params.A) with their
// values as YAML writes them, the seed and what seriesConfig leaves out
// (rl.threads, rl.checkpoint_every) left out and an rl.dtype left out
// written as its default, float32; nil for a nil cfg.
func flatConfig(cfg *experiment.Config) map[string]string {
	if cfg == nil {
		return nil
	}
	cfg = seriesConfig(cfg)
	b, err := yaml.Marshal(cfg)
	if err != nil {
		return nil
	}
	var m map[string]any
	if yaml.Unmarshal(b, &m) != nil {
		return nil
	}
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		sub, isMap := v.(map[string]any)
		if isMap && len(sub) == 0 {
			return // an empty map (rl.options: {}) is no setting, as one left out
		}
		if isMap {
			for k, w := range sub {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				walk(key, w)
			}
			return
		}
		if v == nil {
			return
		}
		out[prefix] = strings.TrimSpace(fmt.Sprint(v))
	}
	walk("", m)
	// A series holds every seed of its configuration: the seed of its
	// first run names none of them.
	delete(out, "seed")
	if cfg.RL != nil {
		// rl.threads and rl.checkpoint_every change no number
		// (seriesConfig left them out): they name no series. An rl.dtype
		// left out is the default, float32.
		if _, ok := out["rl.dtype"]; !ok {
			out["rl.dtype"] = "float32"
		}
	}
	return out
}

// Panel is one y column's figure: its series, ready to draw.
type Panel struct {
	// Column is the y column.
	Column string
	// XLabel is the x axis' label: what the x column counts (AxisName:
	// "environment steps" for an RL run's steps, "iteration" for a
	// learner's iter, "stage" for a Hi-C run's, "meta-interval" for a
	// negotiation run's n; another column by its name), of the runs drawn
	// in this panel, their names joined by " or " when they differ.
	XLabel string
	// Series are the groups' curves that are drawn, in the groups' order.
	Series []plot.Series
	// Runs is the number of runs each series is the mean of, in the
	// order of Series.
	Runs []int
	// Caption says what the lines and bands are, drawn under the
	// panel's title (see caption): "mean ± 1 sd band over n = 5 runs".
	Caption string
	// Clipped names the environments to whose returns (repro.ReturnBounds) the
	// bands of the series were clipped, each once, in the series' order,
	// with the range: "CartPole-v1 [0, 500]"; empty when none was.
	Clipped []string
	// Reproductions names the reproductions whose variant labels
	// (Run.VariantLabel) name series of the panel, each once.
	Reproductions []string
	// Styled says that the series are drawn in the reproductions'
	// colours and dashes of their variants (repro.VariantStyle).
	Styled bool
	// clipRange is the range of each of Clipped, for the caption.
	clipRange []string
	// base are the series' names before caption added their numbers of
	// runs (" (n = 3)"); nil when it did not run.
	base []string
	// entry is, for each series, its entry in a legend outside the data
	// (layoutOf).
	entry []int
	// plain is, for each series, the length of its name before the keys
	// that tell apart series of one name (Group.plain); 0: the whole name.
	plain []int
}

// Panels builds the panels of opts from the groups, before anything is
// drawn: each y column's series, and the notes saying what was left out
// (runs without the column, series with a value that is not finite or,
// with LogY, not positive). Columns names the y columns (empty: the
// default, see Options.Y), x the x column ("": each run's step column).
// An x or y column that no run has is an error listing the columns the
// runs have.
func Panels(gs []Group, ys []string, x string, logY bool) (panels []Panel, notes []string, err error) {
	var runs []Run
	for _, g := range gs {
		runs = append(runs, g.Runs...)
	}
	cols := allColumns(runs)
	if x != "" && !has(cols, x) {
		return nil, nil, fmt.Errorf("--x %s: no run has that column; the runs' columns: %s", textcut.Quoted(x, 40), columnList(cols))
	}
	ys = once(ys)
	if len(ys) == 0 {
		ys = defaultY(runs)
		if len(ys) == 0 {
			return nil, nil, fmt.Errorf("no metric to plot by default (no numeric entry of summary.json's \"final\" is a column of metrics.csv); give --y COL, one of the runs' columns: %s", columnList(cols))
		}
	}
	for _, y := range ys {
		if !has(cols, y) {
			return nil, nil, fmt.Errorf("--y %s: no run has that column; the runs' columns: %s", textcut.Quoted(y, 40), columnList(cols))
		}
	}
	// noteX names the x column in notes; each panel's x axis is named
	// from the runs drawn in it (runAxis).
	var steps []string
	for _, r := range runs {
		steps = append(steps, r.StepLabel())
	}
	noteX := x
	if x == "" {
		noteX = "step"
		if one := slices.Compact(slices.Sorted(slices.Values(steps))); len(one) == 1 {
			noteX = one[0]
		}
	}
	runAxis := func(r Run) string {
		if x == "" {
			return r.AxisName()
		}
		return AxisName(x, r.HiC())
	}
	for _, g := range gs {
		if l, rep, slug := g.Runs[0].variantName(); rep != "" && l == "" {
			notes = append(notes, fmt.Sprintf("series %s: %s has no label for its variant %s (neither stackel's list of its variants nor its %s): named by the slug", textcut.Quoted(g.Name, 80), rep, textcut.Quoted(slug, 40), ResultsFile))
		}
	}
	for _, y := range ys {
		p := Panel{Column: y}
		var axes []string     // the x axis' name for each run drawn
		var variants []string // each series' RL variant (variantSlug), for its style
		var clipped, ranges, repros []string
		pn := textcut.Word(y, 40)        // the panel's name in a note
		missing := map[string][]string{} // a column → the runs without it
		var missOrder []string
		for _, g := range gs {
			var xs []float64
			var curves, xcols [][]float64
			var dirs []string
			var used []Run // the runs of curves
			for _, r := range g.Runs {
				yc, okY := r.Columns.Get(y)
				xc := r.Columns.Step
				okX := true
				if x != "" {
					xc, okX = r.Columns.Get(x)
				}
				switch {
				case !okY || !okX:
					miss := y
					if !okX {
						miss = x
					}
					if missing[miss] == nil {
						missOrder = append(missOrder, miss)
					}
					missing[miss] = append(missing[miss], r.Dir)
					continue
				case len(yc) == 0:
					notes = append(notes, fmt.Sprintf("panel %s: %s left out: its %s has no rows", pn, textcut.Printable(r.Dir), MetricsFile))
					continue
				}
				curves, xcols, dirs, used = append(curves, yc), append(xcols, xc), append(dirs, r.Dir), append(used, r)
				if len(xc) > len(xs) {
					xs = xc
				}
			}
			if len(curves) == 0 {
				continue
			}
			if i, j, row, ok := xApart(xcols); !ok {
				notes = append(notes, fmt.Sprintf("panel %s: series %s left out: its runs' x values differ (row %d: %v in %s, %v in %s), so no mean over them is drawn at one x; --each-seed draws each run", pn, textcut.Quoted(g.Name, 80), row+1, xcols[i][row], textcut.Printable(dirs[i]), xcols[j][row], textcut.Printable(dirs[j])))
				continue
			}
			s, finite, err := sweep.SeedBand(g.Name, xs, curves)
			if err != nil {
				return nil, nil, err
			}
			for _, v := range xs {
				finite = finite && !math.IsNaN(v) && !math.IsInf(v, 0)
			}
			if !finite {
				notes = append(notes, fmt.Sprintf("panel %s: series %s left out: a value of %s is not finite (NaN or ±Inf, or none yet in the column's opening rows)", pn, textcut.Quoted(g.Name, 80), strings.Join(dedupe(x, y), " or ")))
				continue
			}
			if logY && !positive(s) {
				if !positive(plot.Series{Y: s.Y}) {
					notes = append(notes, fmt.Sprintf("panel %s: series %s left out of the log axis: its mean reaches zero or below", pn, textcut.Quoted(g.Name, 80)))
					continue
				}
				// Only the band reaches zero: the mean is drawn without
				// it, rather than the whole series left out.
				s.Lo, s.Hi = nil, nil
				notes = append(notes, fmt.Sprintf("panel %s: series %s drawn without its band on the log axis: its mean − sd reaches zero or below", pn, textcut.Quoted(g.Name, 80)))
			}
			if short := shortRuns(curves, len(xs)); short > 0 {
				verb := "ends"
				if short > 1 {
					verb = "end"
				}
				notes = append(notes, fmt.Sprintf("panel %s: series %s: %d of its %d runs %s before its last x (%v), drawn on to it at its last value, so the mean and band there are not of %d runs' values", pn, textcut.Quoted(g.Name, 80), short, len(curves), verb, xs[len(xs)-1], len(curves)))
			}
			for i, r := range used {
				if note := nanRowsNote(pn, r.Dir, r.Columns.RepeatedRows(y), xcols[i], noteX); note != "" {
					notes = append(notes, note)
				}
			}
			// A band of returns is clipped to those the task can give,
			// as the reproductions' figures clip theirs.
			if e := g.Runs[0].Env(); s.Lo != nil && returnColumn(y) && e != "" && !logY {
				if lo, hi := repro.ReturnBounds(e); !math.IsInf(lo, -1) || !math.IsInf(hi, 1) {
					// Said only when a value changed: a band inside the
					// bounds, or a run's band of no width, is not clipped.
					changed := clipToBounds(lo, hi, s.Lo, s.Hi, s.Y)
					if c := boundsText(e, lo, hi); changed && !slices.Equal(s.Lo, s.Hi) && !has(clipped, c) {
						clipped = append(clipped, c)
						ranges = append(ranges, rangeText(lo, hi))
					}
				}
			}
			if l, rep, _ := g.Runs[0].variantName(); l != "" && !has(repros, rep) {
				repros = append(repros, rep)
			}
			for _, r := range used {
				axes = append(axes, runAxis(r))
			}
			p.Series = append(p.Series, s)
			p.Runs = append(p.Runs, len(curves))
			p.plain = append(p.plain, g.plain)
			variants = append(variants, variantSlug(g.Runs[0]))
		}
		p.XLabel = axisNames(axes)
		p.Styled = styleVariants(p.Series, variants)
		p.Clipped, p.clipRange, p.Reproductions = clipped, ranges, repros
		p.Caption = caption(&p)
		for _, c := range missOrder {
			notes = append(notes, missingNote(pn, c, missing[c]))
		}
		if len(p.Series) == 0 {
			notes = append(notes, fmt.Sprintf("panel %s: no series left to draw; left out", pn))
			continue
		}
		panels = append(panels, p)
	}
	return panels, notes, nil
}

// defaultY is the metrics the runs report: the numeric entries of their
// summary.json's "final" that are columns of their metrics.csv, and a
// Hi-C run's mean strategy xm0, xm1, … (the played x0, … are its
// perturbations; Theorem 3.6 is about the mean), sorted.
func defaultY(runs []Run) []string {
	set := map[string]bool{}
	for _, r := range runs {
		for k := range r.Final {
			if _, ok := r.Columns.Get(k); ok {
				set[k] = true
			}
		}
		if r.HiC() {
			for _, h := range r.Columns.Header {
				if d, ok := strings.CutPrefix(h, "xm"); ok && d != "" && strings.Trim(d, "0123456789") == "" {
					set[h] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// missingNote says that the runs in dirs, which have no column col, are
// left out of the panel pn: one note for them all (runs of other kinds
// under one DIR made a line per run and panel), naming at most three.
func missingNote(pn, col string, dirs []string) string {
	if len(dirs) == 1 {
		return fmt.Sprintf("panel %s: %s left out: it has no column %s", pn, textcut.Printable(dirs[0]), textcut.Quoted(col, 40))
	}
	const most = 3
	named := make([]string, 0, most)
	for _, d := range dirs[:min(most, len(dirs))] {
		named = append(named, textcut.Printable(d))
	}
	list := strings.Join(named, ", ")
	if len(dirs) > most {
		list += fmt.Sprintf(" and %d more", len(dirs)-most)
	}
	return fmt.Sprintf("panel %s: %d runs left out: they have no column %s (%s)", pn, len(dirs), textcut.Quoted(col, 40), list)
}

// xApart finds the first row, among the rows runs have in common, where
// the x columns of two runs differ (a --x column other than the step,
// which the seeds of one configuration share): the mean over seeds at a
// row is drawn at one x. ok is true when there is none.
func xApart(xcols [][]float64) (i, j, row int, ok bool) {
	for j := 1; j < len(xcols); j++ {
		n := min(len(xcols[0]), len(xcols[j]))
		for row := 0; row < n; row++ {
			a, b := xcols[0][row], xcols[j][row]
			if a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
				return 0, j, row, false
			}
		}
	}
	return 0, 0, 0, true
}

// columnList lists cols for a message: each quoted when it is not plain
// printable text and cut (textcut.Word), at most 30 of them.
func columnList(cols []string) string {
	const most = 30
	if len(cols) == 0 {
		return "none (their metrics.csv are empty)"
	}
	out := make([]string, 0, min(len(cols), most)+1)
	for i, c := range cols {
		if i == most {
			out = append(out, fmt.Sprintf("… (%d more)", len(cols)-most))
			break
		}
		out = append(out, textcut.Word(c, 40))
	}
	return strings.Join(out, ", ")
}

// once is list with each entry kept only where it first appears (--y x,x
// draws one panel x).
func once(list []string) []string {
	var out []string
	for _, v := range list {
		if !has(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func has(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// nanRowsNote says which rows of a drawn run's column (in the panel pn)
// had NaN after the column's first value, rows (sweep.Columns.Repeated),
// which sweep.ReadColumns gives as the row before: its last rows (a
// diverged run's failing row), drawn at its last finite value, at which x
// that value is, and earlier ones, each at the previous row's; xs are the
// run's x values, named xlabel. "" for none.
func nanRowsNote(pn, dir string, rows []int, xs []float64, xlabel string) string {
	if len(rows) == 0 {
		return ""
	}
	at := func(row int) string {
		return xlabel + " " + strconv.FormatFloat(xs[row], 'f', -1, 64)
	}
	// The NaN rows that end the column.
	k := 0
	for k < len(rows) && rows[len(rows)-1-k] == len(xs)-1-k {
		k++
	}
	earlier := rows[:len(rows)-k]
	var parts []string
	switch {
	case k == 1:
		parts = append(parts, fmt.Sprintf("NaN in its last row (%s): drawn there at its last finite value, that of %s", at(len(xs)-1), at(len(xs)-2)))
	case k > 1:
		parts = append(parts, fmt.Sprintf("NaN in its last %d rows (%s to %s): drawn there at its last finite value, that of %s", k, at(len(xs)-k), strconv.FormatFloat(xs[len(xs)-1], 'f', -1, 64), at(len(xs)-k-1)))
	}
	if len(earlier) > 0 {
		row, where, each := "row", at(earlier[0]), ""
		if len(earlier) > 1 {
			row, where, each = "rows", "the first at "+at(earlier[0]), "each "
		}
		text := fmt.Sprintf("NaN in %d %s after its first value", len(earlier), row)
		if k > 0 {
			text = fmt.Sprintf("NaN also in %d earlier %s", len(earlier), row)
		}
		parts = append(parts, fmt.Sprintf("%s (%s), %sdrawn at the value of the row before", text, where, each))
	}
	return fmt.Sprintf("panel %s: %s: %s", pn, textcut.Printable(dir), strings.Join(parts, "; "))
}

// shortRuns counts the curves shorter than n rows: the runs of a series
// that SeedBand pads with their last value (one still running, one
// stopped early).
func shortRuns(curves [][]float64, n int) int {
	k := 0
	for _, c := range curves {
		if len(c) < n {
			k++
		}
	}
	return k
}

// dedupe lists the x column (when given) and y, quoted.
func dedupe(x, y string) []string {
	out := []string{textcut.Quoted(y, 40)}
	if x != "" && x != y {
		out = append(out, textcut.Quoted(x, 40))
	}
	return out
}

// positive reports that every mean and band value of s is above zero.
func positive(s plot.Series) bool {
	for _, v := range [][]float64{s.Y, s.Lo, s.Hi} {
		for _, w := range v {
			if !(w > 0) {
				return false
			}
		}
	}
	return true
}
