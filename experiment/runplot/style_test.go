package runplot

import (
	"testing"

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
	for i, want := range []plot.Colour{plot.Blue, plot.Vermilion, plot.ReddishPurple} {
		if s[i].Colour != want || s[i].Dash != plot.Solid {
			t.Errorf("series %d: colour %v, dash %v; want %v, solid", i, s[i].Colour, s[i].Dash, want)
		}
	}
	s = mk(2)
	styleVariants(s, []string{"stac-m1", "stac-m1-authors"})
	if s[0].Colour != plot.Vermilion || s[1].Colour != plot.Vermilion || s[0].Dash != plot.Solid || s[1].Dash != plot.LongDashed {
		t.Errorf("STAC and its authors'-code run: %+v, %+v; want vermilion, solid and long-dashed", s[0], s[1])
	}
	for _, vs := range [][]string{{"ddpg", "ddpg"}, {"ddpg", ""}, {"ddpg", "mine"}} {
		s = mk(2)
		styleVariants(s, vs)
		if s[0].Colour != plot.NextColour || s[1].Colour != plot.NextColour {
			t.Errorf("%q: colours %v, %v; want the palette's (NextColour)", vs, s[0].Colour, s[1].Colour)
		}
	}
}
