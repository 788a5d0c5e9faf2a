package runplot

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// BandText is what a series' band is: sweep.SeedBand's mean ± one sample
// standard deviation over the series' runs (its seeds).
const BandText = "mean ± 1 sd band"

// caption says what p's lines and bands are, drawn on the figure under
// its title, and, when p's series are means over different numbers of
// runs, adds each one's number to its legend entry (" (n = 3)"; the names
// before it kept in p.base, by which a legend outside the data knows a
// series in every panel):
//
//   - "mean ± 1 sd band over n = 5 runs" when every series is the mean
//     of the same number of runs (and ", n = 1 to 5 (in the legend)"
//     otherwise);
//   - "one run per line, no band" when every series is one run (each
//     seed drawn as its own line, or series of one seed);
//   - with ", clipped to the returns CartPole-v1 can give, [0, 500]" (or
//     at Pendulum's 0) when the bands were clipped (Panel.Clipped).
func caption(p *Panel) string {
	if len(p.Runs) == 0 {
		return ""
	}
	p.base = make([]string, len(p.Series))
	for i, s := range p.Series {
		p.base[i] = s.Name
	}
	lo, hi := slices.Min(p.Runs), slices.Max(p.Runs)
	var c string
	switch {
	case hi == 1:
		return "one run per line, no band"
	case lo == hi:
		c = fmt.Sprintf("%s over n = %d runs", BandText, hi)
	default:
		c = fmt.Sprintf("%s over each line's runs, n = %d to %d (in the legend)", BandText, lo, hi)
		for i := range p.Series {
			// Right after the series' own name, before the keys that
			// tell apart series of one name, which a cut name loses
			// first.
			name, n := p.Series[i].Name, fmt.Sprintf(" (n = %d)", p.Runs[i])
			at := len(name)
			if i < len(p.plain) && p.plain[i] > 0 && p.plain[i] < at {
				at = p.plain[i]
			}
			p.Series[i].Name = name[:at] + n + name[at:]
		}
	}
	// Series of several runs drawn without their band (on a log axis, a
	// band reaching zero or below) are counted: the caption's band is not
	// theirs.
	bandless := 0
	for i, s := range p.Series {
		if s.Lo == nil && p.Runs[i] > 1 {
			bandless++
		}
	}
	if bandless > 0 {
		c += fmt.Sprintf(" (%d without band)", bandless)
	}
	switch len(p.Clipped) {
	case 0:
	case 1:
		c += " (clipped to returns " + p.clipRange[0] + ")"
	default:
		c += " (clipped to the returns each task can give)"
	}
	return c
}

// rangeText is the range of returns lo to hi (one of them finite) in a
// caption: "in [0, 500]", "≤ 0", "≥ 0".
func rangeText(lo, hi float64) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	switch {
	case math.IsInf(lo, -1):
		return "≤ " + f(hi)
	case math.IsInf(hi, 1):
		return "≥ " + f(lo)
	}
	return "in [" + f(lo) + ", " + f(hi) + "]"
}

// boundsText says the returns envName can give, lo to hi (repro.ReturnBounds,
// one of them finite): "CartPole-v1 can give, [0, 500]", "Pendulum-v1
// can give, at most 0".
func boundsText(envName string, lo, hi float64) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	switch {
	case math.IsInf(lo, -1):
		return envName + " can give, at most " + f(hi)
	case math.IsInf(hi, 1):
		return envName + " can give, at least " + f(lo)
	}
	return fmt.Sprintf("%s can give, [%s, %s]", envName, f(lo), f(hi))
}

// describe says on stdout what Plot took from the runs' reproductions and
// tasks: the variants' labels and colours, the bands' clipping, and where
// the legend went; one line each.
func describe(panels []Panel, lay Layout) []string {
	var repros, clipped []string
	columns := map[string][]string{} // a clipping → the panels clipped so
	styled := false
	for _, p := range panels {
		for _, r := range p.Reproductions {
			if !has(repros, r) {
				repros = append(repros, r)
			}
		}
		for _, c := range p.Clipped {
			if !has(clipped, c) {
				clipped = append(clipped, c)
			}
			columns[c] = append(columns[c], p.Column)
		}
		styled = styled || p.Styled
	}
	var out []string
	its := "its" // the variants of one reproduction, or of several
	if len(repros) > 1 {
		its = "their"
	}
	switch {
	case len(repros) > 0 && styled:
		out = append(out, fmt.Sprintf("series named and coloured as the figures of %s name and colour %s variants", strings.Join(repros, ", "), its))
	case len(repros) > 0:
		out = append(out, fmt.Sprintf("series named as the figures of %s name %s variants", strings.Join(repros, ", "), its))
	case styled:
		out = append(out, "series coloured as the reproductions' figures colour their variants (by each run's job.json variant, else its algorithm, leader and unroll)")
	}
	for _, c := range clipped {
		out = append(out, fmt.Sprintf("%s: bands clipped to the returns %s", strings.Join(columns[c], ", "), c))
	}
	switch {
	case lay.TooBig:
		out = append(out, fmt.Sprintf("legend drawn %s the data, in a panel of its own: inside, its %d %s would cover much of the data", lay.LegendPlace, lay.Entries, plural(lay.Entries, "entry", "entries")))
	case lay.LegendOutside:
		out = append(out, fmt.Sprintf("legend drawn %s the data, in a panel of its own: %d series, more than the %d a legend inside the data holds", lay.LegendPlace, lay.Entries, MaxLegendInside))
	}
	switch {
	case lay.GrownTo > 0 && lay.alike:
		out = append(out, fmt.Sprintf("figure made %.4g in high for the legend to list every series", lay.GrownTo))
	case lay.GrownTo > 0:
		out = append(out, fmt.Sprintf("figure made %.4g in high for the legend to list every series with its name", lay.GrownTo))
	}
	return out
}

// plural is one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
