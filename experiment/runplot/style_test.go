package runplot

import (
	"testing"

	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/plot"
)

// A reproduction's variants are drawn in their figures' styles (a
// baseline blue, the actor leading vermilion, the critic reddish purple)
// when each series has its own; one variant on two tasks (two DDPG
// series) or a series of no reproduction leaves every series to the
// palette.
func TestStyleVariants(t *testing.T) {
	mk := func(n int) []plot.Series { return make([]plot.Series, n) }
	s := mk(3)
	styleVariants(s, []string{"ddpg", "stddpg-al", "stddpg-cl"})
	for i, v := range []struct {
		slug   string
		colour plot.Colour
	}{{"ddpg", plot.Blue}, {"stddpg-al", plot.Vermilion}, {"stddpg-cl", plot.ReddishPurple}} {
		_, dash, _ := repro.VariantStyle(v.slug)
		if s[i].Colour != v.colour || s[i].Dash != dash {
			t.Errorf("series %d: colour %v, dash %v; want %v, %v (the reproductions')", i, s[i].Colour, s[i].Dash, v.colour, dash)
		}
	}
	s = mk(2)
	styleVariants(s, []string{"stac-m1", "stac-m1-authors"})
	_, d0, _ := repro.VariantStyle("stac-m1")
	_, d1, _ := repro.VariantStyle("stac-m1-authors")
	if s[0].Colour != plot.Vermilion || s[1].Colour != plot.Vermilion || s[0].Dash != d0 || s[1].Dash != d1 || d0 == d1 {
		t.Errorf("STAC and its authors'-code run: %+v, %+v; want vermilion, dashes %v and %v, apart", s[0], s[1], d0, d1)
	}
	for _, vs := range [][]string{{"ddpg", "ddpg"}, {"ddpg", ""}, {"ddpg", "mine"}} {
		s = mk(2)
		styleVariants(s, vs)
		if s[0].Colour != plot.NextColour || s[1].Colour != plot.NextColour {
			t.Errorf("%q: colours %v, %v; want the palette's (NextColour)", vs, s[0].Colour, s[1].Colour)
		}
	}
}
