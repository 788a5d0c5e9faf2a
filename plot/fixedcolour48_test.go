package plot

import (
	"regexp"
	"slices"
	"testing"

	gplot "gonum.org/v1/plot"
)

// lineStyles saves p as SVG and returns the styles of its first n paths
// stroked at the line width: the data lines of a Lines figure, in the
// order of its series (its legend, drawn last, follows them).
func lineStyles(t *testing.T, p *gplot.Plot, n int) []string {
	t.Helper()
	svg, _ := savedSVG(t, p)
	var out []string
	for _, m := range regexp.MustCompile(`<path d="[^"]*" style="([^"]*stroke-width:1.8[^"]*)"`).FindAllStringSubmatch(string(svg), -1) {
		if len(out) < n {
			out = append(out, m[1])
		}
	}
	return out
}

// TestFixedColour: a series was drawn in the palette colour of its place
// among the series, so one algorithm took another colour in each figure
// that drew other curves before it (AC green in one reproduction, orange
// in another). A series with a Colour (and Dash) keeps it wherever it is
// drawn, and the others take the palette's remaining colours.
func TestFixedColour(t *testing.T) {
	up := []float64{0, 1, 2}
	down := []float64{2, 1, 0}
	flat := []float64{1.5, 1.5, 1.5}
	for _, c := range []struct {
		name   string
		series []Series
		want   []string
	}{
		{"AC third", []Series{{Name: "STAC (m = 1)", Y: up}, {Name: "STAC (m = 80)", Y: down}, {Name: "AC", Y: flat, Colour: Blue}},
			[]string{"stroke:#D55E00", "stroke:#009E73", "stroke:#0072B2"}},
		{"AC second", []Series{{Name: "STAC (m = 1)", Y: up}, {Name: "AC", Y: flat, Colour: Blue}},
			[]string{"stroke:#D55E00", "stroke:#0072B2"}},
		{"all fixed", []Series{{Name: "STAC", Y: up, Colour: Vermilion}, {Name: "AC, authors' code", Y: flat, Colour: Blue, Dash: LongDashed}, {Name: "STAC-CL", Y: down, Colour: ReddishPurple}},
			[]string{"stroke:#D55E00", "stroke:#0072B2", "stroke:#CC79A7"}},
	} {
		p, err := Lines(LinesFigure{Series: c.series})
		if err != nil {
			t.Fatal(err)
		}
		got := lineStyles(t, p, len(c.series))
		if len(got) != len(c.want) {
			t.Fatalf("%s: %d lines, want %d", c.name, len(got), len(c.want))
		}
		for i, w := range c.want {
			if !regexp.MustCompile(w + ";").MatchString(got[i]) {
				t.Errorf("%s: series %d (%s) drawn %q, want %s", c.name, i, c.series[i].Name, got[i], w)
			}
		}
		for i, s := range c.series {
			dashed := regexp.MustCompile("stroke-dasharray").MatchString(got[i])
			if want := s.Dash != Solid; dashed != want {
				t.Errorf("%s: series %d (%s) drawn %q: dashed %v, want %v", c.name, i, s.Name, got[i], dashed, want)
			}
		}
	}
	// Seven series without a Colour beside one fixed to Blue: six take
	// the other colours, the seventh the first of them dotted, none blue.
	ss := []Series{{Name: "AC", Y: flat, Colour: Blue}}
	for i := range 7 {
		ss = append(ss, Series{Name: string(rune('a' + i)), Y: []float64{float64(i), float64(i) + 3, float64(2 * i)}})
	}
	p, err := Lines(LinesFigure{Series: ss})
	if err != nil {
		t.Fatal(err)
	}
	got := lineStyles(t, p, len(ss))
	if n := slices.IndexFunc(got[1:], func(s string) bool { return regexp.MustCompile("#0072B2").MatchString(s) }); n >= 0 {
		t.Errorf("series %d without a Colour drawn in the fixed blue: %q", n+1, got[n+1])
	}
	if want := "fill:none;stroke:#D55E00;stroke-width:1.8;stroke-dasharray:2,2"; got[7] != want {
		t.Errorf("7th series without a Colour drawn %q, want %q", got[7], want)
	}
}

// TestFixedColourErrors: a Colour or Dash outside its names, a Dash
// without a Colour and either on a Reference are errors naming the series.
func TestFixedColourErrors(t *testing.T) {
	y := []float64{1, 2}
	for _, c := range []struct {
		s    Series
		want string
	}{
		{Series{Name: "AC", Y: y, Colour: 8}, `plot: Series[0] "AC": Colour 8 is none of the palette's (Blue … Black)`},
		{Series{Name: "AC", Y: y, Colour: -1}, `plot: Series[0] "AC": Colour -1 is none of the palette's (Blue … Black)`},
		{Series{Name: "AC", Y: y, Colour: Blue, Dash: 5}, `plot: Series[0] "AC": Dash 5 is none of Solid … DashDotDotted`},
		{Series{Name: "AC", Y: y, Dash: Dotted}, `plot: Series[0] "AC": Dash 1 without a Colour`},
		{Series{Name: "target", Y: y, Reference: true, Colour: Blue}, `plot: Series[0] "target": a Reference takes no Colour or Dash (it is drawn dashed in grey)`},
	} {
		_, err := Lines(LinesFigure{Series: []Series{c.s}})
		if err == nil || err.Error() != c.want {
			t.Errorf("%+v: error %v, want %q", c.s, err, c.want)
		}
	}
}
