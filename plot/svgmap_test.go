package plot

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// This file checks figures the way a reader sees them: it renders known
// data to SVG, reads the axes' scales back from the major tick marks and
// their labels alone, and maps every plotted vertex back into data units.
// SVG coordinates are written with five significant digits (0.01 pt on a
// 432 pt page), so vertices are compared to 0.03 pt.

const svgTol = 0.03 // pt

var (
	svgPathRe = regexp.MustCompile(`<path d="([^"]*)" style="([^"]*)"`)
	svgTextRe = regexp.MustCompile(`<text x="([^"]+)" y="([^"]+)"[^>]*>\s*([^<]*)</text>`)
	svgNumRe  = regexp.MustCompile(`-?[0-9]+(\.[0-9]+)?(e-?[0-9]+)?`)
)

type svgPt struct{ x, y float64 }

type svgPath struct {
	pts   []svgPt
	style string
}

type svgText struct {
	x, y float64 // as written: y is negated (scale(1, -1))
	s    string
}

// svgDoc is the paths and texts of an SVG written by Save.
type svgDoc struct {
	paths []svgPath
	texts []svgText
}

func readSVG(t *testing.T, path string) svgDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d svgDoc
	for _, m := range svgPathRe.FindAllStringSubmatch(string(b), -1) {
		nums := svgNumRe.FindAllString(m[1], -1)
		var p svgPath
		for i := 0; i+1 < len(nums); i += 2 {
			x, _ := strconv.ParseFloat(nums[i], 64)
			y, _ := strconv.ParseFloat(nums[i+1], 64)
			p.pts = append(p.pts, svgPt{x, y})
		}
		p.style = m[2]
		d.paths = append(d.paths, p)
	}
	for _, m := range svgTextRe.FindAllStringSubmatch(string(b), -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		d.texts = append(d.texts, svgText{x, y, strings.TrimSpace(m[3])})
	}
	return d
}

// axisMap is value → page coordinate along one axis: pos = a + b·f(value),
// with f = log10 on a log axis.
type axisMap struct {
	a, b   float64
	log    bool
	lo, hi float64 // the page extent of the axis line
}

func (m axisMap) toData(pos float64) float64 {
	v := (pos - m.a) / m.b
	if m.log {
		return math.Pow(10, v)
	}
	return v
}

// readAxis finds the major ticks of one axis (8 pt marks across it: the
// vertical ones of the x axis when vertical is true), pairs them in order
// with the numeric labels beside them, checks that the labels increase
// strictly with the position and are spaced linearly (in log10 when log),
// and returns the map.
func readAxis(t *testing.T, d svgDoc, vertical, log bool) axisMap {
	t.Helper()
	var ticks []float64
	var line [2]float64
	var across float64 // the page coordinate of the axis line
	for _, p := range d.paths {
		if len(p.pts) != 2 || !strings.Contains(p.style, "stroke:#000000;stroke-width:0.5") {
			continue
		}
		a, b := p.pts[0], p.pts[1]
		along, alongB, perp, perpB := a.x, b.x, a.y, b.y
		if !vertical {
			along, alongB, perp, perpB = a.y, b.y, a.x, b.x
		}
		switch {
		case along == alongB && math.Abs(math.Abs(perpB-perp)-8) < 1e-3:
			ticks = append(ticks, along)
		case perp == perpB && math.Abs(alongB-along) > 50:
			line = [2]float64{math.Min(along, alongB), math.Max(along, alongB)}
			across = perp
		}
	}
	// Labels sit outside the axis line: below the x axis, left of the y
	// axis; texts are written at (x, −y).
	var labels []svgText
	for _, tx := range d.texts {
		if !svgNumRe.MatchString(tx.s) || svgNumRe.FindString(tx.s) != tx.s {
			continue
		}
		if (vertical && -tx.y < across-4 && -tx.y > across-30) || (!vertical && tx.x < across-4 && tx.x >= 0) {
			labels = append(labels, tx)
		}
	}
	if len(ticks) < 2 || len(ticks) != len(labels) {
		t.Fatalf("axis (vertical ticks %v): %d major ticks %v, %d labels %v", vertical, len(ticks), ticks, len(labels), labels)
	}
	sort.Float64s(ticks)
	sort.Slice(labels, func(i, j int) bool {
		if vertical {
			return labels[i].x < labels[j].x
		}
		return -labels[i].y < -labels[j].y
	})
	vals := make([]float64, len(labels))
	for i, l := range labels {
		v, err := strconv.ParseFloat(l.s, 64)
		if err != nil {
			t.Fatalf("tick label %q: %v", l.s, err)
		}
		if log {
			if !(v > 0) {
				t.Fatalf("log-axis tick label %q is not positive", l.s)
			}
			v = math.Log10(v)
		}
		vals[i] = v
		if i > 0 && !(vals[i] > vals[i-1]) {
			t.Errorf("tick labels not increasing along the axis: %q after %q", l.s, labels[i-1].s)
		}
	}
	n := len(vals) - 1
	m := axisMap{b: (ticks[n] - ticks[0]) / (vals[n] - vals[0]), log: log, lo: line[0], hi: line[1]}
	m.a = ticks[0] - m.b*vals[0]
	for i := range vals {
		if got := m.a + m.b*vals[i]; math.Abs(got-ticks[i]) > svgTol {
			t.Errorf("tick %q at %v, the labels' linear map puts it at %v", labels[i].s, ticks[i], got)
		}
	}
	return m
}

// strokes returns the paths stroked in colour hex at the data line width.
func strokes(d svgDoc, hex string) []svgPath {
	var out []svgPath
	for _, p := range d.paths {
		if strings.Contains(p.style, "stroke:"+hex+";stroke-width:1.8") && !strings.Contains(p.style, "dasharray") {
			out = append(out, p)
		}
	}
	return out
}

// checkVertices checks that the path's vertices map back to (x, y) and lie
// within both axis lines.
func checkVertices(t *testing.T, what string, p svgPath, mx, my axisMap, x, y []float64) {
	t.Helper()
	if len(p.pts) != len(x) {
		t.Fatalf("%s: %d vertices drawn, want %d", what, len(p.pts), len(x))
	}
	for k, q := range p.pts {
		if q.x < mx.lo-svgTol || q.x > mx.hi+svgTol || q.y < my.lo-svgTol || q.y > my.hi+svgTol {
			t.Errorf("%s: vertex %d at (%v, %v) lies outside the axes [%v, %v]×[%v, %v]", what, k, q.x, q.y, mx.lo, mx.hi, my.lo, my.hi)
		}
		wantX, wantY := mx.a+mx.b*x[k], my.a+my.b*y[k]
		if my.log {
			wantY = my.a + my.b*math.Log10(y[k])
		}
		if math.Abs(q.x-wantX) > svgTol || math.Abs(q.y-wantY) > svgTol {
			t.Errorf("%s: vertex %d at (%v, %v) reads as (%.5g, %.5g), want (%v, %v)", what, k, q.x, q.y, mx.toData(q.x), my.toData(q.y), x[k], y[k])
		}
	}
}

// legendNames returns the texts at the legend's thumbnails' height, top
// to bottom (legend entries are the non-numeric texts other than the
// title and the axis labels, which the callers leave empty).
func legendNames(d svgDoc) []string {
	var out []string
	for _, tx := range d.texts {
		if !svgNumRe.MatchString(tx.s) || svgNumRe.FindString(tx.s) != tx.s {
			out = append(out, tx.s)
		}
	}
	return out
}

// TestLinesSVGMapsBackToData renders a mean-and-band figure of seeded
// runs (MinMax band), a second series below zero and a reference line, and
// checks that each line's vertices, read through the tick labels, are the
// data (0.03 pt), that the band's outline is Hi then Lo reversed, that all
// of it lies within the axes, that the ticks increase, and that the
// legend lists the named series in order.
func TestLinesSVGMapsBackToData(t *testing.T) {
	rng := rand.New(rand.NewPCG(32, 1))
	x := []float64{0, 50, 100, 150, 200, 250}
	runs := make([][]float64, 5)
	for r := range runs {
		runs[r] = make([]float64, len(x))
		for k := range x {
			runs[r][k] = 10 + 3*float64(k) + rng.NormFloat64()
		}
	}
	mean, err := MeanBand("Hi-C", x, runs, MinMax)
	if err != nil {
		t.Fatal(err)
	}
	other := Series{Name: "GA", X: x, Y: []float64{-4, -2, 0, 3, 9, 31}}
	ref := Series{Name: "target", X: []float64{0, 250}, Y: []float64{20, 20}, Reference: true}
	p, err := Lines(LinesFigure{Series: []Series{mean, other, ref}})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "lines")
	if _, err := Save(p, base, DefaultSize, "svg"); err != nil {
		t.Fatal(err)
	}
	d := readSVG(t, base+".svg")
	mx, my := readAxis(t, d, true, false), readAxis(t, d, false, false)
	for i, s := range []Series{mean, other} {
		hex := []string{"#0072B2", "#D55E00"}[i]
		ps := strokes(d, hex)
		if len(ps) < 1 {
			t.Fatalf("%s: no line stroked in %s", s.Name, hex)
		}
		checkVertices(t, s.Name, ps[0], mx, my, s.X, s.Y)
	}
	var band *svgPath
	for i, q := range d.paths {
		// (#0072B2 at alpha 0.22, un-premultiplied by the SVG writer.)
		if strings.Contains(q.style, "fill:#0071B1;fill-opacity") && len(q.pts) >= 2*len(x) {
			band = &d.paths[i]
		}
	}
	if band == nil {
		t.Fatal("no band filled in #0071B1")
	}
	ring := svgPath{pts: band.pts[:2*len(x)]}
	bx := append(append([]float64(nil), x...), reversedCopy(x)...)
	by := append(append([]float64(nil), mean.Hi...), reversedCopy(mean.Lo)...)
	checkVertices(t, "band", ring, mx, my, bx, by)
	if got, want := legendNames(d), []string{"Hi-C", "GA", "target"}; !reflect.DeepEqual(got, want) {
		t.Errorf("legend %q, want %q", got, want)
	}
}

func reversedCopy(v []float64) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		out[len(v)-1-i] = v[i]
	}
	return out
}

// TestLinesLogSVGMapsBackToData checks a LogY figure spanning six decades
// through its power-of-ten labels: vertices read back to the data within
// 0.03 pt of log10, labels increase, and zero or negative values are an
// error naming the series, the field and the index, never dropped.
func TestLinesLogSVGMapsBackToData(t *testing.T) {
	s := Series{Name: "error", X: []float64{1, 2, 3, 4, 5}, Y: []float64{3, 0.4, 2e-2, 1e-4, 5e-6}}
	p, err := Lines(LinesFigure{Series: []Series{s}, LogY: true})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "log")
	if _, err := Save(p, base, DefaultSize, "svg"); err != nil {
		t.Fatal(err)
	}
	d := readSVG(t, base+".svg")
	mx, my := readAxis(t, d, true, false), readAxis(t, d, false, true)
	checkVertices(t, s.Name, strokes(d, "#0072B2")[0], mx, my, s.X, s.Y)

	for _, bad := range []struct {
		y    []float64
		want string
	}{
		{[]float64{1, 0, 2}, `plot: Series[0] "error": Y[1] = 0 is not positive (LogY)`},
		{[]float64{1, 2, -3}, `plot: Series[0] "error": Y[2] = -3 is not positive (LogY)`},
	} {
		_, err := Lines(LinesFigure{Series: []Series{{Name: "error", Y: bad.y}}, LogY: true})
		if err == nil || err.Error() != bad.want {
			t.Errorf("Y = %v: error %v, want %s", bad.y, err, bad.want)
		}
	}
}

// TestLinesNonFiniteReported checks that NaN and ±Inf in Y, Lo, Hi or a
// run are errors naming the series, field and index (not points drawn at
// zero or dropped), and that a series with no points is an error.
func TestLinesNonFiniteReported(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		s    Series
		want string
	}{
		{Series{Name: "a", Y: []float64{1, nan, 2}}, `"a"`},
		{Series{Name: "a", Y: []float64{1, 2, -inf}}, `"a"`},
		{Series{Name: "a", Y: []float64{1, 2}, Lo: []float64{0, nan}, Hi: []float64{2, 3}}, `Lo[1]`},
		{Series{Name: "a", Y: []float64{}}, `"a"`},
	}
	for _, c := range cases {
		if _, err := Lines(LinesFigure{Series: []Series{c.s}}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one naming %s", c.s, err, c.want)
		}
	}
	if _, err := MeanBand("m", nil, [][]float64{{1, 2}, {3, nan}}, StdDev); err == nil || !strings.Contains(err.Error(), "runs[1]") {
		t.Errorf("MeanBand with a NaN: error %v, want one naming runs[1]", err)
	}
}

// TestPhaseSVGMapsBackToData checks a phase portrait: the trajectory's
// vertices map back to its (x, y) through both axes' labels (0.03 pt) and
// lie within the axes, and the legend names the path, its start ring and
// the point set.
func TestPhaseSVGMapsBackToData(t *testing.T) {
	path := Path{Name: "Stackelberg", X: []float64{-2, -1, 0.5, 1.5, 1.3}, Y: []float64{3, 1, -0.5, 0.2, 0.25}}
	p, err := Phase(PhaseFigure{Paths: []Path{path}, Points: []PointSet{{Name: "DSE", X: []float64{1.3}, Y: []float64{0.25}}}})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "phase")
	if _, err := Save(p, base, DefaultSize, "svg"); err != nil {
		t.Fatal(err)
	}
	d := readSVG(t, base+".svg")
	mx, my := readAxis(t, d, true, false), readAxis(t, d, false, false)
	var line *svgPath
	for i, q := range d.paths {
		if strings.Contains(q.style, "stroke:#0072B2") && len(q.pts) == len(path.X) {
			line = &d.paths[i]
		}
	}
	if line == nil {
		t.Fatal("no trajectory stroked in #0072B2")
	}
	checkVertices(t, "path", svgPath{pts: line.pts}, mx, my, path.X, path.Y)
	if got, want := legendNames(d), []string{"Stackelberg", "start", "DSE"}; !reflect.DeepEqual(got, want) {
		t.Errorf("legend %q, want %q", got, want)
	}
}

// TestDrawnSameEveryTime checks that a figure draws the same content on
// each drawing after the first (which lets its legend make room): Save
// draws once per format, so the PNG and the SVG show the same figure, and
// saving the same plot again writes the same SVG bytes.
func TestDrawnSameEveryTime(t *testing.T) {
	x, lead, _ := cournotRuns(8, 60)
	s, err := MeanBand("leader", x, lead, StdDev)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Lines(LinesFigure{Series: []Series{s}})
	if err != nil {
		t.Fatal(err)
	}
	rec := func() []recorder.Action {
		var c recorder.Canvas
		p.Draw(draw.Canvas{Canvas: &c, Rectangle: vg.Rectangle{Max: vg.Point{X: 6 * vg.Inch, Y: 4 * vg.Inch}}})
		return c.Actions
	}
	rec()
	first, second := rec(), rec()
	if len(first) != len(second) {
		t.Fatalf("second drawing has %d actions, first %d", len(second), len(first))
	}
	for i := range first {
		if first[i].Call() != second[i].Call() {
			t.Fatalf("action %d differs: %s then %s", i, first[i].Call(), second[i].Call())
		}
	}
	dir := t.TempDir()
	svgs := make([][]byte, 2)
	for i := range svgs {
		base := filepath.Join(dir, strconv.Itoa(i))
		if _, err := Save(p, base, DefaultSize, "svg", "png"); err != nil {
			t.Fatal(err)
		}
		if svgs[i], err = os.ReadFile(base + ".svg"); err != nil {
			t.Fatal(err)
		}
	}
	if string(svgs[0]) != string(svgs[1]) {
		t.Error("saving the same plot twice wrote different SVGs")
	}
}

// TestTickLabelsReadBack renders a series over awkward y ranges (tiny,
// offset far from zero, straddling zero, huge) and checks through the
// SVG that the tick labels increase, are spaced linearly as printed, and
// read the data back within 0.03 pt.
func TestTickLabelsReadBack(t *testing.T) {
	ranges := [][2]float64{{0, 1e-9}, {1e6, 1e6 + 3}, {-5e-3, 7e-3}, {1e15, 1e15 + 1e3}, {-1e300, 1e300}, {0.1, 0.1 + 1e-7}, {-3, -2.99}}
	for _, r := range ranges {
		y := make([]float64, 7)
		x := make([]float64, 7)
		for k := range y {
			x[k] = float64(k)
			y[k] = r[0] + (r[1]-r[0])*float64(k*k)/36
		}
		p, err := Lines(LinesFigure{Series: []Series{{Name: "s", X: x, Y: y}}})
		if err != nil {
			t.Fatalf("%v: %v", r, err)
		}
		base := filepath.Join(t.TempDir(), "r")
		if _, err := Save(p, base, DefaultSize, "svg"); err != nil {
			t.Fatal(err)
		}
		d := readSVG(t, base+".svg")
		mx, my := readAxis(t, d, true, false), readAxis(t, d, false, false)
		checkVertices(t, strconv.Quote(strconv.FormatFloat(r[0], 'g', -1, 64)), strokes(d, "#0072B2")[0], mx, my, x, y)
	}
}

// TestVectorFieldSVGDirections checks a quiver plot on axes of unequal
// scales (x in [0, 1], y in [0, 10]): every arrow shaft, read back through
// the tick labels, points along the field (u, v) = (1, 2 + y/5) at its
// cell's centre in data coordinates (angle within 0.01 rad), starts in its
// cell and stays within the axes.
func TestVectorFieldSVGDirections(t *testing.T) {
	field := func(x, y float64) (float64, float64) { return 1, 2 + y/5 }
	p, err := VectorField(FieldFigure{Field: field, Region: Rect{XMin: 0, XMax: 1, YMin: 0, YMax: 10}, Arrows: 5})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "field")
	if _, err := Save(p, base, DefaultSize, "svg"); err != nil {
		t.Fatal(err)
	}
	d := readSVG(t, base+".svg")
	mx, my := readAxis(t, d, true, false), readAxis(t, d, false, false)
	n := 0
	for _, q := range d.paths {
		if !strings.Contains(q.style, "stroke:#737373;stroke-width:0.9") || len(q.pts) != 2 {
			continue
		}
		n++
		x0, y0 := mx.toData(q.pts[0].x), my.toData(q.pts[0].y)
		x1, y1 := mx.toData(q.pts[1].x), my.toData(q.pts[1].y)
		// The arrow is centred on its cell's centre (cells are 0.2 × 2).
		cx, cy := (math.Floor((x0+x1)/2/0.2)+0.5)*0.2, (math.Floor((y0+y1)/2/2)+0.5)*2
		if x0 < cx-0.1 || x0 > cx+0.1 || y0 < cy-1 || y0 > cy+1 {
			t.Errorf("arrow of the cell centred at (%.3g, %.3g) starts outside it, at (%.3g, %.3g)", cx, cy, x0, y0)
		}
		u, v := field(cx, cy)
		if got, want := math.Atan2(y1-y0, x1-x0), math.Atan2(v, u); math.Abs(got-want) > 0.01 {
			t.Errorf("arrow from (%.3g, %.3g) points at %.4f rad in data coordinates, field at %.4f", x0, y0, got, want)
		}
		for _, pt := range q.pts {
			if pt.x < mx.lo-svgTol || pt.x > mx.hi+svgTol || pt.y < my.lo-svgTol || pt.y > my.hi+svgTol {
				t.Errorf("arrow point (%v, %v) outside the axes", pt.x, pt.y)
			}
		}
	}
	if n != 25 {
		t.Errorf("%d arrow shafts drawn, want 25", n)
	}
}
