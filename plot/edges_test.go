package plot

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	gplot "gonum.org/v1/plot"
)

// failingWriter writes part of a figure, then fails.
type failingWriter struct{}

func (failingWriter) WriteTo(w io.Writer) (int64, error) {
	n, _ := w.Write([]byte("<svg half"))
	return int64(n), errors.New("disk full")
}

// TestSaveOverwriteAtomic: Save wrote in place (os.Create truncates), so a
// write that failed part way deleted the figure that was there before, and
// a reader could see a half-written file. It now writes a temporary file
// and renames it: a failure leaves the old file, byte for byte, and no
// temporary file behind; a success replaces it.
func TestSaveOverwriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fig.svg")
	if err := os.WriteFile(path, []byte("old figure"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(path, failingWriter{}); err == nil {
		t.Fatal("writeFile with a failing writer returned no error")
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "old figure" {
		t.Errorf("after a failed overwrite the file holds %q (%v), want the old %q", b, err, "old figure")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only fig.svg", names)
	}

	p, err := Lines(LinesFigure{Series: []Series{{Name: "a", Y: []float64{1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Save(p, filepath.Join(dir, "fig"), Size{}, "svg"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); len(b) < 100 || string(b[:5]) == "old f" {
		t.Errorf("Save did not replace the old file: %q…", b[:min(len(b), 20)])
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries after Save, want 1", len(ents))
	}
	// The mode os.Create gives (0666 less the umask): not os.CreateTemp's
	// 0600, which hid figures from other users, nor a fixed 0644, which
	// overrode a umask that keeps files private.
	ref, err := os.Create(filepath.Join(dir, "reference"))
	if err != nil {
		t.Fatal(err)
	}
	ref.Close()
	rst, err := os.Stat(ref.Name())
	if err != nil {
		t.Fatal(err)
	}
	if m, want := st.Mode().Perm(), rst.Mode().Perm(); m != want {
		t.Errorf("saved figure has mode %v, want %v (os.Create's under this umask)", m, want)
	}
}

// TestLogTicksNarrowRange: a LogY figure whose values stay within one
// decade without reaching a multiple 1…9 of a power of ten (2.3 to 2.7),
// or are constant (2.5), had a y axis with no labelled tick at all. Such an
// axis is now labelled like a linear one, at the log10 of the values.
func TestLogTicksNarrowRange(t *testing.T) {
	for _, c := range []struct {
		y    []float64
		want []string
	}{
		{[]float64{2.3, 2.5, 2.7}, []string{"2.3", "2.4", "2.5", "2.6", "2.7"}},
		{[]float64{2.5, 2.5}, []string{"2.45", "2.50", "2.55"}},
	} {
		p, err := Lines(LinesFigure{LogY: true, Series: []Series{{Y: c.y}}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			if tk.Label == "" {
				continue
			}
			got = append(got, tk.Label)
			v, err := strconv.ParseFloat(tk.Label, 64)
			if err != nil || math.Abs(tk.Value-math.Log10(v)) > 1e-12 {
				t.Errorf("Y %v: tick %q at %v, want at log10 of its label", c.y, tk.Label, tk.Value)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Y %v: labelled y ticks %q, want %q", c.y, got, c.want)
		}
	}
	// Ranges with two or more powers (or 1, 2, 5 of one decade) keep them.
	var got []string
	for _, tk := range (log10Ticks{}).Ticks(-2.1, 1.1) {
		if tk.Label != "" {
			got = append(got, tk.Label)
		}
	}
	if want := []string{"0.01", "0.1", "1", "10"}; !slices.Equal(got, want) {
		t.Errorf("log ticks over [10^-2.1, 10^1.1]: %q, want %q", got, want)
	}
}

// decodePNG returns the image of the PNG file at path.
func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// gridCellPixels saves f as PNG and returns the colour at the centre of
// each cell of its single row, from left to right, and the image.
func gridCellPixels(t *testing.T, f GridFigure) ([]color.Color, image.Image) {
	t.Helper()
	paths, err := Save(mustGrid(t, f), filepath.Join(t.TempDir(), "g"), Size{}, "png")
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, paths[0])
	b := img.Bounds()
	y := b.Min.Y + b.Dy()*3/10 // above the row's tick label
	white := func(x int) bool {
		r, g, bl, _ := img.At(x, y).RGBA()
		return r>>8 == 255 && g>>8 == 255 && bl>>8 == 255
	}
	x0, x1 := b.Min.X, b.Max.X-1
	for x0 < x1 && white(x0) {
		x0++
	}
	for x1 > x0 && white(x1) {
		x1--
	}
	n := len(f.Z[0])
	out := make([]color.Color, n)
	for c := range out {
		out[c] = img.At(x0+int((float64(c)+0.5)*float64(x1-x0+1)/float64(n)), y)
	}
	return out, img
}

func mustGrid(t *testing.T, f GridFigure) *gplot.Plot {
	t.Helper()
	p, err := Grid(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGridColourScale: Grid, documented as light-to-dark, coloured cells
// on a diverging blue–grey–red scale: the smallest and the largest values
// both dark, the middle of the range light grey and within a few levels of
// the grey of NaN cells ("no value"). The scale now darkens monotonically,
// NaN cells stay apart from every colour of it, and cell texts turn white
// on dark cells (black text on the darkest cells was unreadable).
func TestGridColourScale(t *testing.T) {
	z := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, math.NaN()}
	ticks := make([]string, len(z))
	for i := range ticks {
		ticks[i] = strconv.Itoa(i)
	}
	cells, _ := gridCellPixels(t, GridFigure{XTicks: ticks, YTicks: []string{"r"}, Z: [][]float64{z}})
	prev := 2.0
	for c, col := range cells[:len(z)-1] {
		l := relLuminance(col)
		if l >= prev-0.02 {
			t.Errorf("cell %d (Z = %v): luminance %.3f, want below the previous cell's %.3f (darker = larger)", c, z[c], l, prev)
		}
		prev = l
	}
	if first, last := relLuminance(cells[0]), relLuminance(cells[len(z)-2]); first < 0.8 || last > 0.25 {
		t.Errorf("scale runs from luminance %.3f to %.3f, want light (≥ 0.8) to dark (≤ 0.25)", first, last)
	}
	nan := cells[len(z)-1]
	for c, col := range cells[:len(z)-1] {
		if d := colourDist(nan, col); d < 30 {
			t.Errorf("NaN cell %v is within %d levels of cell %d's %v (Z = %v)", nan, d, c, col, z[c])
		}
	}

	// White text on the darkest cell: some of its pixels are near white.
	_, img := gridCellPixels(t, GridFigure{XTicks: []string{"a", "b"}, YTicks: []string{"r"},
		Z: [][]float64{{0, 1}}, Labels: [][]string{{"", "8888"}}})
	b := img.Bounds()
	light := 0
	for y := b.Min.Y + b.Dy()/4; y < b.Min.Y+b.Dy()*3/4; y++ {
		for x := b.Min.X + b.Dx()*3/5; x < b.Min.X+b.Dx()*9/10; x++ {
			if relLuminance(img.At(x, y)) > 0.9 {
				light++
			}
		}
	}
	if light < 20 {
		t.Errorf("text on the darkest cell: %d near-white pixels, want white text (≥ 20)", light)
	}
}

// colourDist is the largest difference of the 8-bit channels of a and b.
func colourDist(a, b color.Color) int {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := 0
	for _, p := range [][2]uint32{{ar, br}, {ag, bg}, {ab, bb}} {
		d = max(d, int(max(p[0], p[1])>>8-min(p[0], p[1])>>8))
	}
	return d
}

// TestGridTinySpan: a colour scale narrower than about 1e-307 (values that
// differ by subnormal amounts) made gonum's palette scale infinite, and
// every cell was drawn in the NaN grey. Such cells now get scale colours.
func TestGridTinySpan(t *testing.T) {
	cells, _ := gridCellPixels(t, GridFigure{XTicks: []string{"a", "b"}, YTicks: []string{"r"}, Z: [][]float64{{0, 1e-310}}})
	for c, col := range cells {
		if colourDist(col, gridNaN) < 10 {
			t.Errorf("cell %d drawn %v, the NaN grey, for a finite value", c, col)
		}
	}
	if relLuminance(cells[0]) <= relLuminance(cells[1]) {
		t.Errorf("cell 0 (Z = 0) %v is not lighter than cell 1 (Z = 1e-310) %v", cells[0], cells[1])
	}
}

// TestFlatAxisHuge: a figure whose data share one x (or, in Phase, one x
// and one y) of magnitude 2^53 or more had an axis of zero span (gonum
// widens it by ±1, which does not move such a value): every point at NaN,
// an SVG of NaN coordinates and an axis without ticks. Lines's x axis now
// spans the value ± 4 %, and Phase pads its axes (TestPhasePadding).
func TestFlatAxisHuge(t *testing.T) {
	for _, v := range []float64{1e17, -3e20, 1.7e308} {
		p, err := Lines(LinesFigure{Series: []Series{{Name: "a", X: []float64{v}, Y: []float64{3}}}})
		if err != nil {
			t.Fatalf("Lines at x = %g: %v", v, err)
		}
		if !(p.X.Min < v && v < p.X.Max) {
			t.Errorf("Lines at x = %g: x axis [%g, %g], want v strictly inside", v, p.X.Min, p.X.Max)
		}
		savedSVG(t, p)

		q, err := Phase(PhaseFigure{Points: []PointSet{{Name: "DSE", X: []float64{v}, Y: []float64{-v}}}})
		if err != nil {
			t.Fatalf("Phase at %g: %v", v, err)
		}
		if !(q.X.Min < v && v < q.X.Max) || !(q.Y.Min < -v && -v < q.Y.Max) {
			t.Errorf("Phase at (%g, %g): axes [%g, %g] × [%g, %g], want the point strictly inside", v, -v, q.X.Min, q.X.Max, q.Y.Min, q.Y.Max)
		}
		savedSVG(t, q)
	}
	q, err := Phase(PhaseFigure{Points: []PointSet{{Name: "DSE", X: []float64{1.79e308}, Y: []float64{0}}}})
	if err != nil || !(q.X.Min < 1.79e308 && q.X.Max == math.MaxFloat64) {
		t.Errorf("Phase at x = 1.79e308: x axis [%g, %g] (%v), want below it to the largest float64", q.X.Min, q.X.Max, err)
	}
	// Ordinary values keep gonum's ±1.
	p, err := Lines(LinesFigure{Series: []Series{{X: []float64{5}, Y: []float64{3}}}})
	if err != nil || p.X.Min != 4 || p.X.Max != 6 {
		t.Errorf("Lines at x = 5: x axis [%g, %g] (%v), want [4, 6]", p.X.Min, p.X.Max, err)
	}
}

// TestReferenceBand: the band (Lo, Hi) of a Reference series was checked
// and then silently not drawn. It is now shaded, in the reference's grey:
// the figure has the band's polygon and its legend swatch more than the
// same figure without the band.
func TestReferenceBand(t *testing.T) {
	svg := func(band bool) string {
		ref := Series{Name: "closed form", Y: []float64{5, 5, 5}, Reference: true}
		if band {
			ref.Lo, ref.Hi = []float64{4, 4, 4}, []float64{6, 6, 6}
		}
		p, err := Lines(LinesFigure{Series: []Series{{Name: "run", Y: []float64{1, 5, 9}}, ref}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := savedSVG(t, p)
		return string(b)
	}
	without, with := svg(false), svg(true)
	nw, n := strings.Count(without, "<path"), strings.Count(with, "<path")
	if n != nw+2 {
		t.Errorf("a reference with a band draws %d paths, without %d: want 2 more (band and legend swatch)", n, nw)
	}
	// The band is the reference's grey (Gray{90}, as gonum's SVG writes
	// it back from premultiplied alpha) at 22 % opacity.
	if !strings.Contains(with, "fill:#565656;fill-opacity:0.2") {
		t.Errorf("no grey band fill in the SVG")
	}
}

// TestGridSizeLimits: VectorField with Arrows = 2^32 allocated 2^32-float
// slices (a fatal out-of-memory error that kills the program, not a
// panic), and Contour and Phase likewise for a huge grid. Sizes past
// MaxArrows and MaxContourCells are now errors, returned before any
// allocation; the largest allowed sizes are still accepted.
func TestGridSizeLimits(t *testing.T) {
	field := func(x, y float64) (float64, float64) { return 1, 0 }
	sq := Rect{XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	g := func(x, y float64) float64 { return x - 0.5 }
	// Sizes of 2^31 and more are beyond a 32-bit int: those cases (wide)
	// are skipped there, subtests of their own.
	var p31, p32 int64 = 1 << 31, 1 << 32
	for name, c := range map[string]struct {
		err  func() error
		want string
		wide bool
	}{
		"arrows 2^32": {func() error {
			_, err := VectorField(FieldFigure{Field: field, Region: sq, Arrows: int(p32)})
			return err
		}, "Arrows = 4294967296", true},
		"arrows MaxArrows+1": {func() error {
			_, err := VectorField(FieldFigure{Field: field, Region: sq, Arrows: MaxArrows + 1})
			return err
		}, "MaxArrows", false},
		"contour 2^31 × 2^31": {func() error { _, err := Contour(g, 0, sq, int(p31), int(p31)); return err }, "MaxContourCells", true},
		"contour 2^24 × 2":    {func() error { _, err := Contour(g, 0, sq, 1<<24, 2); return err }, "MaxContourCells", false},
		"phase grid 2^31": {func() error {
			_, err := Phase(PhaseFigure{Curves: []Curve{{G: g}}, Region: sq, Grid: int(p31)})
			return err
		}, "Grid = 2147483648", true},
		"phase grid 4097": {func() error {
			_, err := Phase(PhaseFigure{Curves: []Curve{{G: g}}, Region: sq, Grid: 4097})
			return err
		}, "Grid = 4097", false},
	} {
		if c.wide && strconv.IntSize < 64 {
			t.Logf("%s: skipped, beyond a %d-bit int", name, strconv.IntSize)
			continue
		}
		var err error
		within(t, name, func() { err = c.err() })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one with %q", name, err, c.want)
		}
	}
	// At the limit.
	if _, err := VectorField(FieldFigure{Field: field, Region: sq, Arrows: MaxArrows}); err != nil {
		t.Errorf("VectorField with MaxArrows: %v", err)
	}
}

// TestSaveFormatNames: Save(p, "fig.png") wrote fig.png.png and
// fig.png.svg, leaving any older fig.png in place to be taken for the new
// figure; it is now an error that names the base to pass, and writes
// nothing. Format names are taken in any case, with or without a dot.
func TestSaveFormatNames(t *testing.T) {
	p, err := Lines(LinesFigure{Series: []Series{{Y: []float64{1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, base := range []string{"fig.png", "fig.SVG"} {
		paths, err := Save(p, filepath.Join(dir, base), Size{})
		if err == nil || !strings.Contains(err.Error(), `pass "`+filepath.Join(dir, "fig")+`"`) {
			t.Errorf("Save(%q): %v, %v; want an error naming the base without extension", base, paths, err)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("refused saves wrote %d files", len(ents))
	}
	paths, err := Save(p, filepath.Join(dir, "fig"), Size{}, "PNG", ".svg")
	want := []string{filepath.Join(dir, "fig.png"), filepath.Join(dir, "fig.svg")}
	if err != nil || !slices.Equal(paths, want) {
		t.Fatalf("Save with formats PNG, .svg: %v, %v; want %v", paths, err, want)
	}
	for _, path := range want {
		if _, err := os.Stat(path); err != nil {
			t.Error(err)
		}
	}
	// A base with another dot is fine: "lr1e-3.5" is a name, not a format.
	if _, err := Save(p, filepath.Join(dir, "lr1e-3.5"), Size{}, "svg"); err != nil {
		t.Errorf("base with a dot: %v", err)
	}
}

// TestSubnormalLogs: on amd64 math.Log10 of a subnormal is about −307.95
// whatever the value (golang/go#56600), so a LogY figure put 1e-320 and
// 1e-310 at the same height, labelled as 1e-308, and a linear axis over
// subnormal values got one tick label ("0") for lack of a step 100 times
// finer. The package's log10 scales subnormals into the normal range.
func TestSubnormalLogs(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{1e-310, -310}, {5e-324, -323.3062153431158}, {0x1p-1030, -1030 * math.Log10(2)}, {1e-300, -300}, {1, 0},
	} {
		if got := log10(c.x); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("log10(%g) = %v, want %v", c.x, got, c.want)
		}
	}
	p, err := Lines(LinesFigure{LogY: true, Series: []Series{{Y: []float64{0x1p-1050, 0x1p-1030}}}})
	if err != nil {
		t.Fatal(err)
	}
	// log10 of the data: −1050·log10 2 to −1030·log10 2, padded by 4 % of
	// the span on each side.
	lo, hi := -1050*math.Log10(2), -1030*math.Log10(2)
	if pad := 0.04 * (hi - lo); math.Abs(p.Y.Min-(lo-pad)) > 1e-9 || math.Abs(p.Y.Max-(hi+pad)) > 1e-9 {
		t.Errorf("LogY axis over 2^-1050…2^-1030: [%v, %v], want [%v, %v]", p.Y.Min, p.Y.Max, lo-pad, hi+pad)
	}
	var got []string
	for _, tk := range (niceTicks{}).Ticks(0, 2e-310) {
		if tk.Label != "" {
			got = append(got, tk.Label)
		}
	}
	if want := []string{"0", "5e-311", "1e-310", "1.5e-310", "2e-310"}; !slices.Equal(got, want) {
		t.Errorf("ticks over [0, 2e-310]: %q, want %q", got, want)
	}
}

// TestContourHugeValues: a crossing between finite corner values of
// opposite signs whose difference overflows (1.5e308 and −1.5e308) was put
// at the corner (a/(a−b) = a/∓Inf = 0) instead of where the linear
// interpolation crosses.
func TestContourHugeValues(t *testing.T) {
	lines, err := Contour(func(x, y float64) float64 { return x * 1e308 }, 0, Rect{XMin: -1.5, XMax: 1.5, YMin: 0, YMax: 1}, 1, 1)
	if err != nil || len(lines) != 1 {
		t.Fatalf("%v, %v; want one line", lines, err)
	}
	for i := range lines[0].X {
		if math.Abs(lines[0].X[i]) > 1e-12 {
			t.Errorf("crossing at x = %v, want 0", lines[0].X[i])
		}
	}
}

// TestOnePointSeries: a series of one point (a run with one evaluation, a
// quick sweep) was drawn as a line through that point — nothing — with
// its band as a polygon of no width: an empty figure with a legend entry.
// The point is now a dot in the series colour, and its band a bar.
func TestOnePointSeries(t *testing.T) {
	p, err := Lines(LinesFigure{Series: []Series{{Name: "a", X: []float64{5}, Y: []float64{3}, Lo: []float64{2}, Hi: []float64{4}}}})
	if err != nil {
		t.Fatal(err)
	}
	svg, _ := savedSVG(t, p)
	// The dot (and its legend swatch): filled in the first palette colour.
	if n := strings.Count(string(svg), `style="fill:#0072B2"`); n != 2 {
		t.Errorf("%d filled marks in the series colour, want 2 (the dot and its legend swatch)", n)
	}
	// The band: a wide translucent bar.
	if !strings.Contains(string(svg), "stroke-opacity:0.4;stroke-width:6") {
		t.Errorf("no band bar for the one-point series")
	}
	// y axis covers the band.
	if p.Y.Min > 2 || p.Y.Max < 4 {
		t.Errorf("y axis [%v, %v] does not hold the band [2, 4]", p.Y.Min, p.Y.Max)
	}
}

// TestPhasePadding: Phase without a Region fitted its axes to the data
// exactly, so a start ring or an equilibrium at the edge of the data (the
// end of a trajectory, typically) sat on the axis, half of it cut off by
// the figure's border. The axes now have 4 % of their span to spare.
func TestPhasePadding(t *testing.T) {
	p, err := Phase(PhaseFigure{
		Paths:  []Path{{Name: "run", X: []float64{0, 0.5, 1}, Y: []float64{0, 0.7, 2}}},
		Points: []PointSet{{Name: "DSE", X: []float64{1}, Y: []float64{2}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ax       string
		got      [2]float64
		min, max float64
	}{{"x", [2]float64{p.X.Min, p.X.Max}, -0.04, 1.04}, {"y", [2]float64{p.Y.Min, p.Y.Max}, -0.08, 2.08}} {
		if math.Abs(c.got[0]-c.min) > 1e-12 || math.Abs(c.got[1]-c.max) > 1e-12 {
			t.Errorf("%s axis %v, want [%v, %v]", c.ax, c.got, c.min, c.max)
		}
	}
	// A Region is shown as given.
	p, err = Phase(PhaseFigure{Paths: []Path{{X: []float64{0, 1}, Y: []float64{0, 1}}}, Region: Rect{XMin: 0, XMax: 1, YMin: 0, YMax: 1}})
	if err != nil || p.X.Min != 0 || p.X.Max != 1 || p.Y.Min != 0 || p.Y.Max != 1 {
		t.Errorf("with Region [0,1]²: axes [%v, %v] × [%v, %v] (%v)", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, err)
	}
}

// TestSaveThroughSymlink: a figure that is a symbolic link (a paper's
// figs/fig.svg linking to a run's figure, relatively, through a second
// link, or dangling) stays a link after Save: the file it links to gets
// the new figure. The atomic rename used to replace the link itself with
// a file, cutting the paper's figure off from the run.
func TestSaveThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	paper := filepath.Join(dir, "paper")
	for _, d := range []string{run, paper} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Lines(LinesFigure{Series: []Series{{Name: "a", Y: []float64{1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		links  []string // link name → target, in pairs; the first is the figure Save writes
		target string   // the file that must receive the figure
		exists bool     // the target exists before Save
	}{
		{"relative", []string{"a.svg", "../run/a.svg"}, "run/a.svg", true},
		{"absolute through a second link", []string{"b.svg", filepath.Join(paper, "b2.svg"), "b2.svg", filepath.Join(run, "b.svg")}, "run/b.svg", true},
		{"dangling", []string{"c.svg", "../run/c.svg"}, "run/c.svg", false},
	} {
		target := filepath.Join(dir, c.target)
		if c.exists {
			if err := os.WriteFile(target, []byte("old figure"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < len(c.links); i += 2 {
			if err := os.Symlink(c.links[i+1], filepath.Join(paper, c.links[i])); err != nil {
				t.Fatal(err)
			}
		}
		fig := filepath.Join(paper, c.links[0])
		if _, err := Save(p, strings.TrimSuffix(fig, ".svg"), Size{}, "svg"); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if fi, err := os.Lstat(fig); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: %s is no longer a symbolic link (%v)", c.name, c.links[0], err)
		}
		if b, err := os.ReadFile(target); err != nil || !strings.Contains(string(b), "<svg") {
			t.Errorf("%s: %s holds %q (%v), want the new figure", c.name, c.target, b[:min(len(b), 20)], err)
		}
	}
	// A loop of links is an error, not a hang.
	loop := filepath.Join(paper, "loop.svg")
	if err := os.Symlink("loop.svg", loop); err != nil {
		t.Fatal(err)
	}
	if _, err := Save(p, strings.TrimSuffix(loop, ".svg"), Size{}, "svg"); err == nil || !strings.Contains(err.Error(), "too many levels of symbolic links") {
		t.Errorf("a link to itself: %v; want too many levels of symbolic links", err)
	}
}

// TestSaveRemovesDeadWritersTemps: a writer killed mid-write leaves its
// temporary file (.fig.svg.<pid>.<n>.tmp); the next Save of the figure
// removes those of processes that no longer exist, and leaves a live
// process's (pid 1), this process's, another figure's and files that
// only look alike.
func TestSaveRemovesDeadWritersTemps(t *testing.T) {
	dir := t.TempDir()
	dead := ".fig[1].svg.1073741823.4.tmp" // beyond any pid Linux gives (2²² at most)
	kept := []string{
		".fig[1].svg.1.3.tmp",
		fmt.Sprintf(".fig[1].svg.%d.9.tmp", os.Getpid()),
		".other.svg.1073741823.4.tmp",
		".fig[1].svg.1073741823.x.tmp",
		".fig[1].svg.1073741823.tmp",
	}
	for _, name := range append([]string{dead}, kept...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("<svg half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Lines(LinesFigure{Series: []Series{{Name: "a", Y: []float64{1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Save(p, filepath.Join(dir, "fig[1]"), Size{}, "svg"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, dead)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dead writer's %s is still there (%v)", dead, err)
	}
	for _, name := range kept {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
}

// TestSaveThroughLinkInLinkedDirectory: a link's relative target with
// ".." is resolved from the directory the link is really in, as the
// kernel resolves it, when the link's directory is itself a link
// (paper/figs -> ../runs/a, and figs/fig.svg -> ../b/fig.svg names
// runs/b/fig.svg). Save cancelled "figs/.." lexically and wrote
// paper/b/fig.svg, another file, leaving the linked figure unchanged.
func TestSaveThroughLinkInLinkedDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"runs/a", "runs/b", "paper/b"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	target := filepath.Join(dir, "runs", "b", "fig.svg")
	if err := os.WriteFile(target, []byte("old figure"), 0o644); err != nil {
		t.Fatal(err)
	}
	figs := filepath.Join(dir, "paper", "figs")
	if err := os.Symlink(filepath.Join("..", "runs", "a"), figs); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "b", "fig.svg"), filepath.Join(figs, "fig.svg")); err != nil {
		t.Fatal(err)
	}
	p, err := Lines(LinesFigure{Series: []Series{{Name: "a", Y: []float64{1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Save(p, filepath.Join(figs, "fig"), Size{}, "svg"); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(target); err != nil || !strings.Contains(string(b), "<svg") {
		t.Errorf("runs/b/fig.svg holds %q (%v), want the new figure", b[:min(len(b), 20)], err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "paper", "b", "fig.svg")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("paper/b/fig.svg, which the link does not name, was written (%v)", err)
	}
	if fi, err := os.Lstat(filepath.Join(figs, "fig.svg")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("figs/fig.svg is no longer a symbolic link (%v)", err)
	}
}
