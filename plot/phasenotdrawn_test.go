package plot

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestPhaseCurveUndefined: a curve whose function is NaN or infinite at
// every grid point of the Region (or finite only at scattered points, in no
// whole cell) is an error naming the curve; it was listed in the legend and
// silently not drawn, as if it had no zero crossing. Contour says the same
// of its f.
func TestPhaseCurveUndefined(t *testing.T) {
	r := Rect{XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	ok := Curve{Name: "x = 0.5", G: func(x, y float64) float64 { return x - 0.5 }}
	for _, tc := range []struct {
		name string
		g    func(x, y float64) float64
		want string
	}{
		{"NaN", func(x, y float64) float64 { return math.NaN() },
			`plot: Phase: Curves[1] "D2 f2 = 0": G is NaN or infinite at all 5×5 grid points of Region {XMin:0 XMax:1 YMin:0 YMax:1} (at (0, 0): NaN): no curve to trace`},
		{"Inf", func(x, y float64) float64 { return math.Inf(-1) }, "(at (0, 0): -Inf)"},
		{"one corner", func(x, y float64) float64 {
			if x == 0 && y == 0 {
				return -1
			}
			return math.NaN()
		}, `Curves[1] "D2 f2 = 0": G is finite at only 1 of the 5×5 grid points of Region`},
	} {
		_, err := Phase(PhaseFigure{Region: r, Grid: 4, Curves: []Curve{ok, {Name: "D2 f2 = 0", G: tc.g}}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	_, err := Contour(func(x, y float64) float64 { return math.NaN() }, 0, r, 2, 2)
	if want := "plot: Contour: f is NaN or infinite at all 3×3 grid points of Rect"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Contour of NaN: error %v, want one containing %q", err, want)
	}
	// Defined in one cell only (NaN elsewhere) and crossing zero there: traced.
	one := func(x, y float64) float64 {
		if x <= 0.25 && y <= 0.25 {
			return x - 0.1
		}
		return math.NaN()
	}
	if lines, err := Contour(one, 0, r, 4, 4); err != nil || len(lines) != 1 {
		t.Errorf("f defined in one cell: %v, %v; want one polyline", lines, err)
	}
}

// TestPhaseNotDrawn: what a Phase figure lists in its legend but does not
// draw is noted there: a curve without a zero crossing in the Region
// ("(no zero crossing in the region)", or "(zero throughout the region)"
// for one that is 0 everywhere), a trajectory or point set wholly outside
// it ("(outside the region)"); the "start" entry is left out when no start
// is in the Region. They were listed as drawn lines and markers.
func TestPhaseNotDrawn(t *testing.T) {
	r := Rect{XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	p, err := Phase(PhaseFigure{
		Frame:  Frame{Legend: TopLeft},
		Region: r,
		Grid:   8,
		Curves: []Curve{
			{Name: "g1 = 0", G: func(x, y float64) float64 { return x - 0.5 }},
			{Name: "g2 = 0", G: func(x, y float64) float64 { return x + 1 }},
			{Name: "g3 = 0", G: func(x, y float64) float64 { return 0 }},
		},
		Paths: []Path{
			{Name: "far", X: []float64{2, 3}, Y: []float64{2, 3}},
			// No point inside, but a segment across the region.
			{Name: "across", X: []float64{-1, 2}, Y: []float64{0.5, 0.5}},
			// Outside, then continued inside (a wrap on a torus).
			{Name: "wraps", X: []float64{1.5, 1.2}, Y: []float64{0.5, 0.5}},
			{Continues: true, X: []float64{0.2, 0.3}, Y: []float64{0.5, 0.5}},
		},
		Points: []PointSet{
			{Name: "DSE", X: []float64{5}, Y: []float64{5}},
			{Name: "DNE", X: []float64{0.5}, Y: []float64{0.5}},
			{Name: "none"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, texts := savedSVG(t, p)
	for _, want := range []string{
		"g1 = 0", "g2 = 0 (no zero crossing in the region)", "g3 = 0 (zero throughout the region)",
		"far (outside the region)", "across", "wraps",
		"DSE (outside the region)", "DNE", "none",
	} {
		if !slices.Contains(texts, want) {
			t.Errorf("legend has no %q; texts %q", want, texts)
		}
	}
	if slices.Contains(texts, "start") {
		t.Errorf("legend has \"start\" but no start is in the region; texts %q", texts)
	}

	// A start in the region: "start" is listed.
	p, err = Phase(PhaseFigure{Frame: Frame{Legend: TopLeft}, Region: r, Paths: []Path{{Name: "in", X: []float64{0.5, 2}, Y: []float64{0.5, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, texts := savedSVG(t, p); !slices.Contains(texts, "start") || !slices.Contains(texts, "in") {
		t.Errorf("path starting in the region: texts %q, want \"in\" and \"start\"", texts)
	}
}

// TestPhaseEmptyPointsOnly: point sets without points and nothing else (no
// Paths, Curves or Region) drew empty axes over [-1, 1] with the sets'
// legend entries; it is now an error.
func TestPhaseEmptyPointsOnly(t *testing.T) {
	_, err := Phase(PhaseFigure{Points: []PointSet{{Name: "DSE"}, {Name: "DNE"}}})
	want := "plot: Phase: nothing to draw: all 2 point sets are empty and there are no Paths, Curves or Region"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestPathMeets: whether a path meets the closed Region, on its edge cases.
func TestPathMeets(t *testing.T) {
	r := Rect{XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	for _, tc := range []struct {
		name string
		x, y []float64
		want bool
	}{
		{"point outside", []float64{2}, []float64{2}, false},
		{"point on a corner", []float64{1}, []float64{1}, true},
		{"segment across, no point inside", []float64{-1, 1}, []float64{1.5, -0.5}, true},
		{"segment through a corner only", []float64{-1, 1}, []float64{2, 0}, true},
		{"segment past a corner", []float64{-1, 0.5}, []float64{0.5, 2.5}, false},
		{"parallel above", []float64{-1, 2}, []float64{1.5, 1.5}, false},
		{"along the top edge", []float64{-1, 2}, []float64{1, 1}, true},
		{"around the top", []float64{-0.5, 0.5, 1.5}, []float64{0.6, 1.6, 0.6}, false},
	} {
		if got := pathMeets(tc.x, tc.y, r); got != tc.want {
			t.Errorf("%s: pathMeets = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestVectorFieldNotDrawn: a path or point set wholly outside a vector
// field's region keeps its legend entry with the note Phase gives it
// (it was listed as if drawn).
func TestVectorFieldNotDrawn(t *testing.T) {
	p, err := VectorField(FieldFigure{
		Frame:  Frame{Legend: TopLeft},
		Region: Rect{XMin: 0, XMax: 1, YMin: 0, YMax: 1},
		Arrows: 4,
		Field:  func(x, y float64) (float64, float64) { return -x, -y },
		Paths: []Path{
			{Name: "far", X: []float64{2, 3}, Y: []float64{2, 3}},
			{Name: "in", X: []float64{0.5, 0.6}, Y: []float64{0.5, 0.6}},
		},
		Points: []PointSet{{Name: "DSE", X: []float64{5}, Y: []float64{5}}, {Name: "DNE", X: []float64{0.5}, Y: []float64{0.5}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, texts := savedSVG(t, p)
	for _, want := range []string{"far (outside the region)", "in", "DSE (outside the region)", "DNE"} {
		if !slices.Contains(texts, want) {
			t.Errorf("legend has no %q; texts %q", want, texts)
		}
	}
}
