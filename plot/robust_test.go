package plot

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gplot "gonum.org/v1/plot"
)

// savedSVG saves p as SVG and PNG, checks that the PNG decodes and that the
// SVG is well-formed XML (every token, to the end) with no NaN or Inf
// among its numbers, and returns the SVG and the text of its <text>
// elements.
func savedSVG(t *testing.T, p *gplot.Plot) ([]byte, []string) {
	t.Helper()
	paths, err := Save(p, filepath.Join(t.TempDir(), "f"), Size{}, "svg", "png")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("PNG: %v", err)
	}
	svg, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	d := xml.NewDecoder(bytes.NewReader(svg))
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("SVG is not well-formed XML: %v", err)
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		}
	}
	for _, bad := range []string{"NaN", "Inf"} {
		if bytes.Contains(svg, []byte(bad)) {
			t.Errorf("SVG holds %s", bad)
		}
	}
	return svg, texts
}

// within fails the test, killing the test binary, if fn does not return in
// time (a test that only failed would leave fn running, and the hang it
// guards against allocates without bound).
func within(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		panic(what + " did not return within 60 s (a hang, not a slow machine: it takes microseconds)")
	}
}

// TestTicksNarrowRange: an axis whose ends are a few float64 steps apart
// (a curve that is constant but for rounding, 0.1+0.2 against 0.3) once
// looped forever in niceTicks, appending ticks: past 2^53 the multiple k
// of the tick step no longer changed with k++. Lines now draws such a
// curve flat in a padded range; other axes get ticks at their two ends.
func TestTicksNarrowRange(t *testing.T) {
	a, b := 0.1, 0.2
	sum := a + b // 0.30000000000000004, not the constant 0.3
	for _, r := range [][2]float64{
		{0.3, sum},
		{1, math.Nextafter(1, 2)},
		{1e15, 1e15 + 0.125},
		{-7, math.Nextafter(-7, 0)},
	} {
		var ticks []gplot.Tick
		within(t, fmt.Sprintf("niceTicks.Ticks(%v, %v)", r[0], r[1]), func() {
			ticks = niceTicks{}.Ticks(r[0], r[1])
		})
		seen := map[string]bool{}
		for _, k := range ticks {
			if k.Value < r[0] || k.Value > r[1] {
				t.Errorf("range %v: tick %v outside", r, k.Value)
			}
			if k.Label != "" && seen[k.Label] {
				t.Errorf("range %v: label %q twice", r, k.Label)
			}
			seen[k.Label] = true
		}
		if len(ticks) == 0 || len(ticks) > 50 {
			t.Errorf("range %v: %d ticks", r, len(ticks))
		}
	}

	within(t, "Lines and Save of a curve flat but for rounding", func() {
		p, err := Lines(LinesFigure{Series: []Series{
			{Name: "mean", Y: []float64{sum, 0.3, sum}},
			{Name: "x off by rounding", X: []float64{0.3, sum}, Y: []float64{1, 2}},
		}})
		if err != nil {
			t.Error(err)
			return
		}
		// Drawn flat: the y axis is not stretched over 1 ulp.
		if p.Y.Max-p.Y.Min < 0.01 {
			t.Errorf("y axis [%v, %v] magnifies rounding noise", p.Y.Min, p.Y.Max)
		}
		savedSVG(t, p)
	})
	within(t, "Phase over a region one ulp wide", func() {
		p, err := Phase(PhaseFigure{
			Region: Rect{XMin: 1, XMax: math.Nextafter(1, 2), YMin: 0, YMax: 1},
			Paths:  []Path{{Name: "p", X: []float64{1}, Y: []float64{0.5}}},
		})
		if err != nil {
			t.Error(err)
			return
		}
		savedSVG(t, p)
	})
}

// TestSVGTextWellFormed: text with characters XML cannot hold (control
// characters, bytes that are not UTF-8) made the SVG ill-formed; gonum's
// SVG canvas escapes only <, >, &, ' and ". They are now written as
// U+FFFD, and the escaped characters still read back as written.
func TestSVGTextWellFormed(t *testing.T) {
	special := `a<b & "c" 'd' ]]>`
	p, err := Lines(LinesFigure{
		Frame: Frame{Title: "t\x00itle \x1b[1m", XLabel: "x\xff\xfe", YLabel: special},
		Series: []Series{
			{Name: special, Y: []float64{1, 2}},
			{Name: "bell\a θ₁ 学", Y: []float64{2, 1}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, texts := savedSVG(t, p)
	all := strings.Join(texts, "\n")
	for _, want := range []string{special, "t\uFFFDitle \uFFFD[1m", "x\uFFFD\uFFFD", "bell\uFFFD θ₁ 学"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q; it has %q", want, texts)
		}
	}

	g, err := Grid(GridFigure{
		Frame:  Frame{Title: "grid\x01"},
		XTicks: []string{"<a>", "b\x02"}, YTicks: []string{"&c\xff"},
		Z:      [][]float64{{1, 2}},
		Labels: [][]string{{"\x03x", `"y"`}},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, texts = savedSVG(t, g)
	all = strings.Join(texts, "\n")
	for _, want := range []string{"grid\uFFFD", "<a>", "b\uFFFD", "&c\uFFFD", "\uFFFDx", `"y"`} {
		if !strings.Contains(all, want) {
			t.Errorf("grid SVG text lacks %q; it has %q", want, texts)
		}
	}
}

// TestHugeRanges: values so far apart that an axis span overflows float64
// gave a figure with wrong axes and no error (Lines: padding made the y
// range ±Inf, which gonum replaced by [-1, 1]; an x span of 2e308 put NaN
// coordinates in the SVG). They are now an error naming the range; a wide
// range that fits is still drawn, around the data.
func TestHugeRanges(t *testing.T) {
	for name, mk := range map[string]func() (*gplot.Plot, error){
		"Lines y": func() (*gplot.Plot, error) {
			return Lines(LinesFigure{Series: []Series{{Y: []float64{-1e308, 1e308}}}})
		},
		"Lines y padded": func() (*gplot.Plot, error) {
			return Lines(LinesFigure{Series: []Series{{Y: []float64{0, math.MaxFloat64}}}})
		},
		"Lines x": func() (*gplot.Plot, error) {
			return Lines(LinesFigure{Series: []Series{{X: []float64{-1e308, 1e308}, Y: []float64{1, 2}}}})
		},
		"Phase path": func() (*gplot.Plot, error) {
			return Phase(PhaseFigure{Paths: []Path{{X: []float64{-1e308, 1e308}, Y: []float64{0, 1}}}})
		},
		"Phase region": func() (*gplot.Plot, error) {
			return Phase(PhaseFigure{Region: Rect{-1, 1, -1e308, 1e308}, Points: []PointSet{{Name: "DSE", X: []float64{0}, Y: []float64{0}}}})
		},
		"VectorField region": func() (*gplot.Plot, error) {
			return VectorField(FieldFigure{Region: Rect{-1e308, 1e308, -1, 1}, Field: func(x, y float64) (float64, float64) { return 1, 1 }})
		},
	} {
		if _, err := mk(); err == nil || !strings.Contains(err.Error(), "too wide") {
			t.Errorf("%s: error %v, want one saying the range is too wide", name, err)
		}
	}
	if _, err := Contour(func(x, y float64) float64 { return x }, 0, Rect{-1e308, 1e308, 0, 1}, 4, 4); err == nil {
		t.Error("Contour over a rectangle 2e308 wide: no error")
	}

	p, err := Lines(LinesFigure{Series: []Series{{Name: "wide", Y: []float64{-1e307, 1e307}}}})
	if err != nil {
		t.Fatal(err)
	}
	if !(p.Y.Min <= -1e307 && p.Y.Max >= 1e307) || math.IsInf(p.Y.Max-p.Y.Min, 0) {
		t.Errorf("y axis [%v, %v] for data [-1e307, 1e307]", p.Y.Min, p.Y.Max)
	}
	savedSVG(t, p)
	// A point set with no points and nothing else is nothing to draw (it
	// drew gonum's default [-1, 1] axes; see TestPhaseNotDrawn); with a
	// Region it is an empty region.
	if _, err := Phase(PhaseFigure{Points: []PointSet{{Name: "DSE"}}}); err == nil || !strings.Contains(err.Error(), "nothing to draw") {
		t.Errorf("empty point set: error %v, want nothing to draw", err)
	}
	if p, err := Phase(PhaseFigure{Points: []PointSet{{Name: "DSE"}}, Region: Rect{0, 1, 0, 1}}); err != nil {
		t.Errorf("empty point set in a region: %v", err)
	} else {
		savedSVG(t, p)
	}
}

// TestGridHostile: a NaN colour bound, a colour range wider than float64
// and a flat grid at 1e17 (where lo + 1 == lo) panicked in gonum's
// palette; ragged Labels were drawn outside the grid. Each is now an error
// or a figure.
func TestGridHostile(t *testing.T) {
	ticks2 := []string{"a", "b"}
	for name, c := range map[string]struct {
		f       GridFigure
		wantErr string // "" for a figure
	}{
		"Lo NaN":      {GridFigure{XTicks: ticks2, YTicks: []string{"r"}, Z: [][]float64{{1, 2}}, Lo: math.NaN(), Hi: 1}, "finite"},
		"Hi Inf":      {GridFigure{XTicks: ticks2, YTicks: []string{"r"}, Z: [][]float64{{1, 2}}, Hi: math.Inf(1)}, "finite"},
		"huge range":  {GridFigure{XTicks: ticks2, YTicks: []string{"r"}, Z: [][]float64{{-1e308, 1e308}}}, "too wide"},
		"ragged":      {GridFigure{XTicks: ticks2, YTicks: []string{"r"}, Z: [][]float64{{1, 2}}, Labels: [][]string{{"x", "y", "z"}}}, "Labels row 0"},
		"flat 1e17":   {GridFigure{XTicks: ticks2, YTicks: []string{"r"}, Z: [][]float64{{1e17, 1e17}}}, ""},
		"all NaN":     {GridFigure{XTicks: ticks2, YTicks: []string{"r"}, Z: [][]float64{{math.NaN(), math.NaN()}}}, ""},
		"Lo = Hi = 1": {GridFigure{XTicks: ticks2, YTicks: []string{"r"}, Z: [][]float64{{1, 2}}, Lo: 1, Hi: 1}, ""},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			p, err := Grid(c.f)
			switch {
			case c.wantErr == "" && err != nil:
				t.Errorf("%s: %v", name, err)
			case c.wantErr == "":
				savedSVG(t, p)
			case err == nil || !strings.Contains(err.Error(), c.wantErr):
				t.Errorf("%s: error %v, want one with %q", name, err, c.wantErr)
			}
		}()
	}
}

// TestMeanBandHuge: finite runs near the float64 limit overflowed the sum
// (mean +Inf, band NaN) or the squared deviations (band ±Inf) and came
// back without an error, for Lines to refuse with a message about Y or Lo.
// The mean and sd are now taken in scaled units; a band that itself
// overflows is an error.
func TestMeanBandHuge(t *testing.T) {
	s, err := MeanBand("big", nil, [][]float64{{1e308, 1e308}, {1e308, 1e308}}, StdDev)
	if err != nil || s.Y[0] != 1e308 || s.Lo[0] != 1e308 || s.Hi[0] != 1e308 {
		t.Errorf("mean of 1e308 and 1e308: %+v, %v", s, err)
	}
	s, err = MeanBand("apart", nil, [][]float64{{1e200}, {-1e200}}, StdDev)
	if sd := math.Sqrt2 * 1e200; err != nil || s.Y[0] != 0 || math.Abs(s.Hi[0]-sd) > 1e-12*sd || s.Lo[0] != -s.Hi[0] {
		t.Errorf("±1e200: %+v, %v (want mean 0, sd %g)", s, err, sd)
	}
	if _, err := Lines(LinesFigure{Series: []Series{s}}); err != nil {
		t.Errorf("drawing ±1e200: %v", err)
	}
	if _, err := MeanBand("over", nil, [][]float64{{1.5e308}, {-1.5e308}}, StdDev); err == nil || !strings.Contains(err.Error(), "overflows") {
		t.Errorf("band of ±1.5e308: error %v, want an overflow error", err)
	}
}

// TestVectorFieldExtremeMagnitudes: a field whose vectors are subnormal
// gave an infinite arrow scale (NaN in the SVG), and one near 1e308
// infinite page lengths (no arrows at all). Arrow lengths are relative to
// the longest, so a constant field draws the same at any magnitude.
func TestVectorFieldExtremeMagnitudes(t *testing.T) {
	svgOf := func(s float64) []byte {
		p, err := VectorField(FieldFigure{
			Region: Rect{-1, 1, -1, 1}, Arrows: 5,
			Field: func(x, y float64) (float64, float64) { return s, -s / 2 },
		})
		if err != nil {
			t.Fatal(err)
		}
		svg, _ := savedSVG(t, p)
		return svg
	}
	unit := svgOf(1)
	for _, s := range []float64{1e-320, 1e-300, 1e300, 1e308} {
		if !bytes.Equal(svgOf(s), unit) {
			t.Errorf("field of magnitude %g draws differently from magnitude 1", s)
		}
	}
}

// BenchmarkLinesManySeries times Lines over 2000 series of 200 points (a
// sweep's seeds drawn as lines): the overlap check recomputed the y range
// of all series for every series, so Lines was quadratic in their number
// (about 7 s here before; 63 ms after, measured on the shared machine).
func BenchmarkLinesManySeries(b *testing.B) {
	series := make([]Series, 2000)
	for i := range series {
		y := make([]float64, 200)
		for k := range y {
			y[k] = float64(k + i%3)
		}
		series[i] = Series{Y: y}
	}
	for b.Loop() {
		if _, err := Lines(LinesFigure{Series: series}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTickLabelsOneNotation: an axis that reaches 1e6 is labelled in one
// compact notation ("8e5" next to "1e6"); the MuJoCo learning curves over
// 10⁶ steps were labelled "800000" next to "1e+06", whose last label ran
// to the figure's edge.
func TestTickLabelsOneNotation(t *testing.T) {
	labels := func(min, max float64) []string {
		var out []string
		for _, k := range (niceTicks{}).Ticks(min, max) {
			if k.Label != "" {
				out = append(out, k.Label)
			}
		}
		return out
	}
	for _, c := range []struct {
		min, max float64
		want     string
	}{
		{10000, 1e6, "2e5 4e5 6e5 8e5 1e6"},
		{-1.03e8, 3e6, "-1e8 -8e7 -6e7 -4e7 -2e7 0"},
		{0, 1.75e6, "0 2.5e5 5e5 7.5e5 1e6 1.25e6 1.5e6 1.75e6"},
		{10000, 100000, "20000 40000 60000 80000 100000"},
		{0, 7e-5, "0 1e-5 2e-5 3e-5 4e-5 5e-5 6e-5 7e-5"},
		{0, 1.5, "0 0.25 0.50 0.75 1.00 1.25 1.50"},
	} {
		if got := strings.Join(labels(c.min, c.max), " "); got != c.want {
			t.Errorf("labels of [%g, %g] = %q, want %q", c.min, c.max, got, c.want)
		}
	}
}
