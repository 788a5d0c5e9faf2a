package runplot

import (
	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/plot"
)

// styleVariants draws each series of a panel in the colour and dash its
// RL variant (variants[i], the job.json label "variant" of its runs) has in
// the reproductions' figures (repro.VariantStyle: a baseline blue,
// STDDPG-AL vermilion, STDDPG-CL reddish purple), when every series has
// such a variant and no two share a style; otherwise (runs of no
// reproduction, or one variant on two tasks, which would be drawn alike)
// the series take the palette's colours in turn. It reports whether the
// variants' styles were taken.
func styleVariants(series []plot.Series, variants []string) bool {
	type style struct {
		colour plot.Colour
		dash   plot.Dash
	}
	styles := make([]style, len(series))
	seen := map[style]bool{}
	for i, v := range variants {
		c, d, ok := repro.VariantStyle(v)
		st := style{c, d}
		if !ok || seen[st] {
			return false
		}
		seen[st], styles[i] = true, st
	}
	for i := range series {
		series[i].Colour, series[i].Dash = styles[i].colour, styles[i].dash
	}
	return len(series) > 0
}
