package plot

import (
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// outDir is where tests write figures: $STACKEL_PLOT_OUT if set (to look at
// them), else a temporary directory.
func outDir(t *testing.T) string {
	if d := os.Getenv("STACKEL_PLOT_OUT"); d != "" {
		return d
	}
	return t.TempDir()
}

// checkSaved saves p as PNG and SVG and checks that every file is
// there and non-empty, that the PNG decodes at size's pixel size, and that
// the SVG is an SVG document.
func checkSaved(t *testing.T, p *gplot.Plot, base string, size Size) {
	t.Helper()
	paths, err := Save(p, base, size, "png", "svg")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 {
		t.Fatalf("Save returned %v, want 2 paths", paths)
	}
	for _, path := range paths {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() == 0 {
			t.Errorf("%s is empty", path)
		}
	}
	w, h := pngSize(t, paths[0])
	if ww, wh := int(math.Round(size.Width*float64(size.DPI))), int(math.Round(size.Height*float64(size.DPI))); w != ww || h != wh {
		t.Errorf("%s is %d×%d pixels, want %d×%d", paths[0], w, h, ww, wh)
	}
	svg, err := os.ReadFile(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "<svg") || !strings.Contains(string(svg), "</svg>") {
		t.Errorf("%s is not an SVG document", paths[1])
	}
}

// cournotRuns returns noisy runs converging from (10, 20) towards the
// Stackelberg point (24.5, 12.25) of the Cournot duopoly, like Hi-C against
// gradient ascent (Loftin et al., Fig. 1).
func cournotRuns(seeds, stages int) (x []float64, leader, follower [][]float64) {
	rng := rand.New(rand.NewPCG(1, 1))
	x = make([]float64, stages)
	for k := range x {
		x[k] = float64(k * 100)
	}
	for s := 0; s < seeds; s++ {
		l, f := make([]float64, stages), make([]float64, stages)
		rate := 0.004 * (1 + 0.3*rng.NormFloat64())
		for k := range l {
			d := math.Exp(-rate * float64(k))
			l[k] = 24.5 - 14.5*d + 0.4*rng.NormFloat64()*d
			f[k] = 12.25 + 7.75*d + 0.3*rng.NormFloat64()*d
		}
		leader, follower = append(leader, l), append(follower, f)
	}
	return x, leader, follower
}

func TestLinesBandsAndLog(t *testing.T) {
	dir := outDir(t)
	x, lead, foll := cournotRuns(32, 200)
	ls, err := MeanBand("Hi-C (leader)", x, lead, MinMax)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := MeanBand("gradient ascent (follower)", x, foll, StdDev)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Lines(LinesFigure{
		Frame:  Frame{Title: "Cournot duopoly: Hi-C vs gradient ascent", XLabel: "stage", YLabel: "quantity"},
		Series: []Series{ls, fs, {Name: "Stackelberg x* = 24.5", X: []float64{0, x[len(x)-1]}, Y: []float64{24.5, 24.5}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkSaved(t, p, filepath.Join(dir, "lines"), Size{Width: 6, Height: 4, DPI: 100})

	// Error curves on a log scale: a decaying spiral, a straight decay,
	// and a faster one; X omitted (0, 1, 2, …).
	n := 300
	e1, e2, e3 := make([]float64, n), make([]float64, n), make([]float64, n)
	for k := 0; k < n; k++ {
		e1[k] = 2 * math.Exp(-0.01*float64(k)) * (1.05 + math.Cos(0.15*float64(k)))
		e2[k] = 2 * math.Exp(-0.02*float64(k))
		e3[k] = 2 * math.Exp(-0.035*float64(k))
	}
	p, err = Lines(LinesFigure{
		Frame:  Frame{Title: "Distance to equilibrium", XLabel: "iteration", YLabel: "‖w − w*‖² + ‖θ − θ*‖²"},
		Series: []Series{{Name: "individual gradient", Y: e1}, {Name: "Stackelberg gradient", Y: e2}, {Name: "Stackelberg + regularisation", Y: e3}},
		LogY:   true,
	})
	if err != nil {
		t.Fatal(err)
	}
	checkSaved(t, p, filepath.Join(dir, "lines_log"), Size{Width: 5, Height: 3.5, DPI: 120})
}

func TestMeanBand(t *testing.T) {
	runs := [][]float64{{1, 2, 3}, {3, 2, 1}, {2, 5, 2}}
	s, err := MeanBand("m", nil, runs, MinMax)
	if err != nil {
		t.Fatal(err)
	}
	want := Series{Name: "m", Y: []float64{2, 3, 2}, Lo: []float64{1, 2, 1}, Hi: []float64{3, 5, 3}}
	for i := range want.Y {
		if s.Y[i] != want.Y[i] || s.Lo[i] != want.Lo[i] || s.Hi[i] != want.Hi[i] {
			t.Fatalf("MinMax: got %+v, want %+v", s, want)
		}
	}
	s, err = MeanBand("m", []float64{0, 1, 2}, runs, StdDev)
	if err != nil {
		t.Fatal(err)
	}
	// Column 1: values 2, 2, 5, mean 3, sample variance (1+1+4)/2 = 3.
	if sd := math.Sqrt(3); math.Abs(s.Hi[1]-(3+sd)) > 1e-12 || math.Abs(s.Lo[1]-(3-sd)) > 1e-12 {
		t.Errorf("StdDev: band at 1 = [%v, %v], want 3 ∓ √3", s.Lo[1], s.Hi[1])
	}
	s, err = MeanBand("one", nil, [][]float64{{4, 5}}, StdDev)
	if err != nil || s.Lo[0] != 4 || s.Hi[0] != 4 {
		t.Errorf("one run: %+v, %v; want a zero-width band", s, err)
	}
}

// torus is the location game on the torus of Fiez et al. (Sec. 4.2) with
// α = (1, 1.3), φ = (π/8, π/8): costs f_i = −α_i cos(θ_i − φ_i) + cos(θ_i − θ_−i).
var (
	torusA1, torusA2, torusPhi = 1.0, 1.3, math.Pi / 8
	d1f1                       = func(x, y float64) float64 { return torusA1*math.Sin(x-torusPhi) - math.Sin(x-y) }
	d2f2                       = func(x, y float64) float64 { return torusA2*math.Sin(y-torusPhi) - math.Sin(y-x) }
)

// gradientPath runs simultaneous gradient descent on the torus costs from
// (x, y), wrapping into [−π, π).
func gradientPath(x, y float64, steps int) Path {
	var pa Path
	for k := 0; k < steps; k++ {
		pa.X, pa.Y = append(pa.X, x), append(pa.Y, y)
		x, y = x-0.08*d1f1(x, y), y-0.08*d2f2(x, y)
	}
	return pa
}

func TestPhase(t *testing.T) {
	dir := outDir(t)
	var paths []Path
	for i, s := range [][2]float64{{-2.5, -1}, {0.5, 2.5}, {2.8, 0.6}, {-1.5, 2.9}, {0, -2.5}} {
		pa := gradientPath(s[0], s[1], 150)
		if i < 2 {
			pa.Name = []string{"run 1", "run 2"}[i]
		}
		paths = append(paths, pa)
	}
	p, err := Phase(PhaseFigure{
		Frame: Frame{Title: "Location game on the torus", XLabel: "θ₁ (leader)", YLabel: "θ₂ (follower)"},
		Paths: paths,
		Points: []PointSet{
			{Name: "DNE", X: []float64{-0.78, 1.57}, Y: []float64{1.18, -0.4}},
			{Name: "DSE", X: []float64{-0.53, 1.31}, Y: []float64{1.25, -0.46}},
		},
		Curves: []Curve{{Name: "D₁f₁ = 0", G: d1f1}, {Name: "D₂f₂ = 0", G: d2f2}},
		Region: Rect{-math.Pi, math.Pi, -math.Pi, math.Pi},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkSaved(t, p, filepath.Join(dir, "phase"), Size{Width: 5.5, Height: 5, DPI: 110})
}

func TestVectorField(t *testing.T) {
	dir := outDir(t)
	// Actor-critic toy game of Zheng et al.: actor ascent on J = wθ, critic
	// descent on L = (wθ + θ²/5)².
	field := func(th, w float64) (float64, float64) {
		e := w*th + th*th/5
		return w, -2 * e * th
	}
	var paths []Path
	for _, s := range [][2]float64{{1.5, 1}, {-1.2, -1.5}} {
		var pa Path
		th, w := s[0], s[1]
		for k := 0; k < 2000; k++ {
			pa.X, pa.Y = append(pa.X, th), append(pa.Y, w)
			u, v := field(th, w)
			th, w = th+0.01*u, w+0.01*v
		}
		paths = append(paths, pa)
	}
	paths[0].Name = "individual gradient"
	for _, normalize := range []bool{false, true} {
		p, err := VectorField(FieldFigure{
			Frame:     Frame{Title: "Actor-critic toy game", XLabel: "θ (actor)", YLabel: "w (critic)"},
			Field:     field,
			Region:    Rect{-2, 2, -2, 2},
			Arrows:    17,
			Normalize: normalize,
			Paths:     paths,
			Points:    []PointSet{{Name: "equilibrium", X: []float64{0}, Y: []float64{0}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		base := "field"
		if normalize {
			base = "field_normalized"
		}
		checkSaved(t, p, filepath.Join(dir, base), Size{Width: 5, Height: 4.5, DPI: 100})
	}
}

func TestSaveDefaultsAndErrors(t *testing.T) {
	dir := t.TempDir()
	p, err := Lines(LinesFigure{Series: []Series{{Y: []float64{1, 2, 3}}}})
	if err != nil {
		t.Fatal(err)
	}
	paths, err := Save(p, filepath.Join(dir, "sub", "d"), Size{})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 || !strings.HasSuffix(paths[0], ".png") || !strings.HasSuffix(paths[1], ".svg") {
		t.Errorf("Save wrote %v, want d.png and d.svg", paths)
	}
	w, h := pngSize(t, paths[0])
	if w != 900 || h != 600 {
		t.Errorf("default PNG is %d×%d, want 900×600", w, h)
	}
	for _, tc := range []struct {
		size    Size
		formats []string
		want    string
	}{
		{Size{}, []string{"jpg"}, `format "jpg"`},
		{Size{}, []string{"pdf"}, `format "pdf"`},
		{Size{Width: -1}, nil, "want positive"},
		{Size{Height: math.Inf(1)}, nil, "want positive"},
		{Size{DPI: -3}, nil, "want positive"},
		{Size{Width: 100, Height: 100, DPI: 600}, nil, "over 1e8"},
	} {
		if _, err := Save(p, filepath.Join(dir, "x"), tc.size, tc.formats...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Save(%+v, %v): err = %v, want one containing %q", tc.size, tc.formats, err, tc.want)
		}
	}
	if _, err := Save(nil, filepath.Join(dir, "x"), Size{}); err == nil {
		t.Error("Save(nil plot): no error")
	}
}

func TestBadInput(t *testing.T) {
	ok := Series{Name: "ok", Y: []float64{1, 2}}
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		fig  LinesFigure
		want string
	}{
		{"no series", LinesFigure{}, "no series"},
		{"empty series", LinesFigure{Series: []Series{ok, {Name: "e"}}}, `Series[1] "e": no points`},
		{"X and Y", LinesFigure{Series: []Series{{X: []float64{1, 2, 3}, Y: []float64{1, 2}}}}, "Series[0]: len(Y) = 2, want len(X) = 3"},
		{"NaN", LinesFigure{Series: []Series{{Y: []float64{1, nan}}}}, "Y[1] = NaN is not finite"},
		{"Lo only", LinesFigure{Series: []Series{{Y: []float64{1, 2}, Lo: []float64{0, 1}}}}, "only one of Lo"},
		{"band length", LinesFigure{Series: []Series{{Y: []float64{1, 2}, Lo: []float64{0}, Hi: []float64{2}}}}, "len(Lo) = 1, len(Hi) = 1, want len(Y) = 2"},
		{"Lo > Hi", LinesFigure{Series: []Series{{Y: []float64{1, 2}, Lo: []float64{0, 3}, Hi: []float64{2, 2.5}}}}, "Lo[1] = 3 > Hi[1] = 2.5"},
		{"log of 0", LinesFigure{Series: []Series{{Y: []float64{1, 0}}}, LogY: true}, "Y[1] = 0 is not positive (LogY)"},
		{"log of band", LinesFigure{Series: []Series{{Y: []float64{1, 1}, Lo: []float64{-1, 1}, Hi: []float64{2, 2}}}, LogY: true}, "Lo[0] = -1 is not positive"},
	} {
		t.Run("Lines/"+tc.name, func(t *testing.T) {
			if _, err := Lines(tc.fig); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}

	if _, err := MeanBand("m", nil, nil, MinMax); err == nil || !strings.Contains(err.Error(), "no runs") {
		t.Errorf("MeanBand with no runs: err = %v", err)
	}
	if _, err := MeanBand("m", nil, [][]float64{{1, 2}, {1}}, MinMax); err == nil || !strings.Contains(err.Error(), "len(runs[1]) = 1, want 2") {
		t.Errorf("MeanBand with ragged runs: err = %v", err)
	}
	if _, err := MeanBand("m", []float64{1, 2, 3}, [][]float64{{1, 2}}, MinMax); err == nil || !strings.Contains(err.Error(), "len(runs[0]) = 2, want 3") {
		t.Errorf("MeanBand with runs shorter than x: err = %v", err)
	}

	square := Rect{-1, 1, -1, 1}
	g := func(x, y float64) float64 { return x }
	for _, tc := range []struct {
		name string
		fig  PhaseFigure
		want string
	}{
		{"nothing", PhaseFigure{}, "nothing to draw"},
		{"empty path", PhaseFigure{Paths: []Path{{Name: "p"}}}, `Paths[0] "p": no points`},
		{"path lengths", PhaseFigure{Paths: []Path{{X: []float64{1}, Y: []float64{1, 2}}}}, "len(Y) = 2, want len(X) = 1"},
		{"points lengths", PhaseFigure{Points: []PointSet{{Name: "DSE", X: []float64{1}}}}, `Points[0] "DSE": len(Y) = 0, want len(X) = 1`},
		{"points NaN", PhaseFigure{Points: []PointSet{{X: []float64{nan}, Y: []float64{1}}}}, "X[0] = NaN is not finite"},
		{"curve without region", PhaseFigure{Curves: []Curve{{Name: "g", G: g}}}, "need a Region"},
		{"nil curve", PhaseFigure{Curves: []Curve{{Name: "g"}}, Region: square}, `Curves[0] "g": G is nil`},
		{"empty region", PhaseFigure{Curves: []Curve{{G: g}}, Region: Rect{1, 1, 0, 1}}, "is empty"},
		{"bad grid", PhaseFigure{Curves: []Curve{{G: g}}, Region: square, Grid: 1}, "Grid = 1"},
	} {
		t.Run("Phase/"+tc.name, func(t *testing.T) {
			if _, err := Phase(tc.fig); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}

	field := func(x, y float64) (float64, float64) { return -y, x }
	for _, tc := range []struct {
		name string
		fig  FieldFigure
		want string
	}{
		{"no field", FieldFigure{Region: square}, "Field is nil"},
		{"no region", FieldFigure{Field: field}, "is empty"},
		{"NaN region", FieldFigure{Field: field, Region: Rect{nan, 1, 0, 1}}, "not finite"},
		{"arrows", FieldFigure{Field: field, Region: square, Arrows: -2}, "Arrows = -2"},
		{"bad path", FieldFigure{Field: field, Region: square, Paths: []Path{{}}}, "Paths[0]: no points"},
	} {
		t.Run("VectorField/"+tc.name, func(t *testing.T) {
			if _, err := VectorField(tc.fig); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// pngSize decodes the PNG at path and returns its size in pixels.
func pngSize(t *testing.T, path string) (int, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	return b.Dx(), b.Dy()
}

func TestLegendAuto(t *testing.T) {
	c := draw.New(vgimg.New(4*vg.Inch, 3*vg.Inch))
	p := gplot.New()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	size := vg.Point{X: 80, Y: 40}
	line := func(x0, y0, x1, y1 float64) plotter.XYs {
		var pts plotter.XYs
		for k := 0; k <= 100; k++ {
			s := float64(k) / 100
			pts = append(pts, plotter.XY{X: x0 + s*(x1-x0), Y: y0 + s*(y1-y0)})
		}
		return pts
	}
	for _, tc := range []struct {
		name string
		data []dataPoints
		want Corner
	}{
		{"no data", nil, TopRight},
		{"diagonal up", []dataPoints{{line(0, 0, 1, 1), true, 0}}, TopLeft},
		{"diagonal down", []dataPoints{{line(0, 1, 1, 0), true, 0}}, TopRight},
		{"top and right edge", []dataPoints{{line(0, 0.95, 1, 0.95), true, 0}, {line(0.9, 0, 0.9, 1), true, 0}}, BottomLeft},
		{"dense top, sparse bottom", []dataPoints{{line(0, 0.95, 1, 0.95), false, 0}, {plotter.XYs{{X: 0.05, Y: 0.05}, {X: 0.95, Y: 0.05}, {X: 0.96, Y: 0.04}}, false, 0}}, BottomLeft},
		// Two-point lines: only their segments cross the top corners.
		{"segments", []dataPoints{{plotter.XYs{{X: 0, Y: 0.97}, {X: 1, Y: 0.97}}, true, 0}, {plotter.XYs{{X: 0, Y: 0.02}, {X: 0.5, Y: 0.02}}, true, 0}}, BottomRight},
		// A marker weighs more than a stretch of curve: one start ring in the
		// top right, a 101-point curve along the bottom and 11 points in the
		// top left put the legend top left.
		{"marker over curve", []dataPoints{{plotter.XYs{{X: 0.97, Y: 0.97}}, false, markerWeight}, {line(0, 0.97, 0.1, 0.97)[:11], true, 0}, {line(0, 0.03, 1, 0.03), true, 0}}, TopLeft},
	} {
		lb := &legendBox{data: tc.data}
		if got := lb.emptiest(c, p, size); got != tc.want {
			t.Errorf("%s: Auto legend goes %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Symbols without a glyph in Liberation Sans are spelled out in titles,
// axis labels and legend entries.
func TestGlyphSafe(t *testing.T) {
	p, err := Lines(LinesFigure{Frame: Frame{Title: "‖∇V1‖", XLabel: "∇x", YLabel: "θ₁"}, Series: []Series{{Name: "∇f", Y: []float64{1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "‖grad V1‖" || p.X.Label.Text != "grad x" || p.Y.Label.Text != "θ₁" {
		t.Fatalf("title %q, labels %q %q", p.Title.Text, p.X.Label.Text, p.Y.Label.Text)
	}
}

// StdErr: mean ± sd/√n over the runs.
func TestMeanBandStdErr(t *testing.T) {
	s, err := MeanBand("x", nil, [][]float64{{0}, {2}, {4}, {6}}, StdErr)
	if err != nil {
		t.Fatal(err)
	}
	sd := math.Sqrt((9 + 1 + 1 + 9) / 3.0)
	if s.Y[0] != 3 || math.Abs(s.Hi[0]-(3+sd/2)) > 1e-12 || math.Abs(s.Lo[0]-(3-sd/2)) > 1e-12 {
		t.Fatalf("%v %v %v", s.Y, s.Lo, s.Hi)
	}
}

// A Lines legend that would cover data makes room: two horizontal lines
// along the top and the bottom of the range meet every corner, so Save
// grows the y range upwards by the legend's share of the data area
// (between 5 % and 45 % of the span for two entries at the default size);
// with a free corner the range stays as Lines set it.
func TestLegendRoom(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	flat := func(v float64) []float64 {
		y := make([]float64, len(x))
		for i := range y {
			y[i] = v
		}
		return y
	}
	for _, tc := range []struct {
		name   string
		series []Series
		grows  bool
	}{
		{"covering every corner", []Series{{Name: "top", X: x, Y: flat(1)}, {Name: "bottom", X: x, Y: flat(0)}}, true},
		{"a free corner", []Series{{Name: "rising", X: x, Y: x}, {Name: "rising too", X: x, Y: x}}, false},
	} {
		p, err := Lines(LinesFigure{Frame: Frame{Title: tc.name}, Series: tc.series})
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := p.Y.Min, p.Y.Max
		if _, err := Save(p, filepath.Join(t.TempDir(), "f"), DefaultSize, "png"); err != nil {
			t.Fatal(err)
		}
		grew := (p.Y.Max - hi) / (hi - lo)
		switch {
		case p.Y.Min != lo:
			t.Errorf("%s: y min moved from %v to %v", tc.name, lo, p.Y.Min)
		case tc.grows && (grew < 0.05 || grew > 0.45/(1-0.45)):
			t.Errorf("%s: y range grew by %.3f of its span, want between 0.05 and 0.82", tc.name, grew)
		case !tc.grows && grew != 0:
			t.Errorf("%s: y range grew by %.3f of its span, want 0", tc.name, grew)
		}
	}
}

// A line drawn over an earlier one that it would hide (within one
// percent of the y range at every point) is dashed; a distinct one is not.
func TestCoincidentLineDashed(t *testing.T) {
	x := []float64{0, 1, 2, 3}
	all := []Series{
		{Name: "a", X: x, Y: []float64{0, 1, 2, 3}},
		{Name: "b", X: x, Y: []float64{0, 1.01, 2, 3}},    // 0.01 < 1 % of 3: hidden under a
		{Name: "c", X: x, Y: []float64{0, 1.5, 2, 3}},     // apart at x = 1
		{Name: "d", X: nil, Y: []float64{0, 1, 2, 3.001}}, // X nil: 0, 1, 2, 3
	}
	for i, want := range []bool{false, true, false, true} {
		xi := all[i].X
		if xi == nil {
			xi = x
		}
		drawn := make([]int, i)
		for k := range drawn {
			drawn[k] = k
		}
		if got := coincides(xi, all[i].Y, drawn, all, false, coincideTol(all, false)); got != want {
			t.Errorf("series %s: coincides = %v, want %v", all[i].Name, got, want)
		}
	}
}

// TestPathColors: paths take the palette without black (the colour of the
// zero-level curves and the DNE markers: the torus figure's seventh seed
// was drawn black, like a curve), and a path that Continues the one before
// keeps its colour.
func TestPathColors(t *testing.T) {
	var paths []Path
	for i := 0; i < 9; i++ {
		paths = append(paths, Path{X: []float64{0}, Y: []float64{0}})
	}
	paths[3].Continues = true
	cols := pathColors(paths)
	for i, c := range cols {
		if r, g, b, _ := c.RGBA(); r == 0 && g == 0 && b == 0 {
			t.Errorf("path %d is black", i)
		}
	}
	if cols[3] != cols[2] {
		t.Errorf("continuing path 3 has colour %v, want path 2's %v", cols[3], cols[2])
	}
	if cols[4] != pathPalette[3] || cols[2] == cols[4] {
		t.Errorf("path 4 after a continuation: %v, want the next colour %v", cols[4], pathPalette[3])
	}
	// A continuation first is a path of its own.
	if c := pathColors([]Path{{Continues: true}})[0]; c != pathPalette[0] {
		t.Errorf("a first path that Continues: %v, want %v", c, pathPalette[0])
	}
}
