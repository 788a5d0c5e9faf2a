package repro

import (
	"sync"

	"github.com/stackel/stackel/plot"
)

// variantStyle is how an RL variant's curve is drawn in every figure.
type variantStyle struct {
	colour plot.Colour
	dash   plot.Dash
}

// variantStyles gives each RL variant, by its label, one colour and one
// dash pattern wherever it is drawn, so that figures read side by side
// (and beside Zheng et al.'s Fig. 3) agree: each baseline (AC, DDPG, SAC)
// blue and solid, the Stackelberg version with the actor leading (STAC
// with m = 1, -AL) vermilion and dash-dotted, and the other (STAC with
// m = 80, -CL) reddish purple and dotted — the paper's blue against
// red/purple of Fig. 3(a)–(d), which its panels (e)–(l) draw in
// green/red. The dash patterns tell the variants of a figure apart in
// greyscale too. A variant of the same algorithm with the paper's
// settings is drawn as the algorithm; run as in the authors' code it
// keeps the colour with a dash of its own (AC long-dashed, STAC
// dash-dot-dotted); each ablation takes a colour and a dash of its own.
// Labels missing here take the palette's free colours in turn
// (TestVariantStyles requires every reproduction's labels here).
var variantStyles = map[string]variantStyle{
	"AC (m = 80)":                    {plot.Blue, plot.Solid},
	"AC (m = 80), paper's settings":  {plot.Blue, plot.Solid},
	"AC (m = 80), authors' code":     {plot.Blue, plot.LongDashed},
	"DDPG":                           {plot.Blue, plot.Solid},
	"SAC":                            {plot.Blue, plot.Solid},
	"STAC (m = 1)":                   {plot.Vermilion, plot.DashDotted},
	"STAC (m = 1), paper's settings": {plot.Vermilion, plot.DashDotted},
	"STAC (m = 1), authors' code":    {plot.Vermilion, plot.DashDotDotted},
	"STDDPG-AL":                      {plot.Vermilion, plot.DashDotted},
	"STSAC-AL":                       {plot.Vermilion, plot.DashDotted},
	"STAC (m = 80)":                  {plot.ReddishPurple, plot.Dotted},
	"STDDPG-CL":                      {plot.ReddishPurple, plot.Dotted},
	"STSAC-CL":                       {plot.ReddishPurple, plot.Dotted},
	// stac-cartpole-ablations: each difference of the authors' code.
	"STAC (m = 1), authors' mixed term": {plot.BluishGreen, plot.Dotted},
	"STAC (m = 1), steps 0.1 / 0.01":    {plot.Orange, plot.LongDashed},
	"STAC (m = 1), gradient noise 0.05": {plot.SkyBlue, plot.DashDotDotted},
}

// styled returns s drawn in its variant's style (variantStyles, by its
// name), or s unchanged for a name not there.
func styled(s plot.Series) plot.Series {
	if st, ok := variantStyles[s.Name]; ok {
		s.Colour, s.Dash = st.colour, st.dash
	}
	return s
}

// rlVariantLists are the variant lists of every RL reproduction, by its
// name.
func rlVariantLists() map[string][]rlVariant {
	lists := map[string][]rlVariant{}
	for _, r := range []rlRepro{stacCartPole, stddpgPendulum, stsacPendulum, stacCartPoleAuthors, stacCartPoleAblations, stacCartPoleV0} {
		lists[r.Name] = r.Variants
	}
	for _, s := range []rlSuite{stddpgMuJoCo, stsacMuJoCo, stacMuJoCo} {
		lists[s.Name] = s.Variants
	}
	return lists
}

// slugStyles gives each variant's slug (its runs' job.json label
// "variant") the style of its label in variantStyles.
var slugStyles = sync.OnceValue(func() map[string]variantStyle {
	m := map[string]variantStyle{}
	for _, vs := range rlVariantLists() {
		for _, v := range vs {
			if st, ok := variantStyles[v.Label]; ok {
				m[v.Slug] = st
			}
		}
	}
	return m
})

// VariantStyle returns the colour and dash the RL reproductions' figures
// draw a variant in, by its slug (its runs' job.json label "variant":
// "stddpg-al", "ac-m80-authors"), so that `stackel plot` draws a
// reproduction's runs as its figures do; ok is false for a slug no
// reproduction has.
func VariantStyle(slug string) (colour plot.Colour, dash plot.Dash, ok bool) {
	st, ok := slugStyles()[slug]
	return st.colour, st.dash, ok
}
