package plot_test

import (
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"

	"github.com/stackel/stackel/plot"
)

// Multi-seed learning curves: the mean of each method over seeds with a
// shaded min–max band, saved as PNG and SVG.
func ExampleLines() {
	x := []float64{0, 1, 2, 3, 4}
	seeds := [][]float64{{5, 3, 2, 1.5, 1.2}, {6, 4, 2.5, 1.8, 1.1}, {5.5, 3.2, 2.2, 1.4, 1.0}}
	s, err := plot.MeanBand("Stackelberg gradient", x, seeds, plot.MinMax)
	if err != nil {
		log.Fatal(err)
	}
	p, err := plot.Lines(plot.LinesFigure{
		Frame:  plot.Frame{Title: "Error", XLabel: "iteration", YLabel: "distance"},
		Series: []plot.Series{s},
		LogY:   true,
	})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "stackel-plot")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	files, err := plot.Save(p, filepath.Join(dir, "error"), plot.DefaultSize)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	// Output:
	// error.png
	// error.svg
}

// A phase portrait: a trajectory, an equilibrium and the zero-level curves
// of two functions over a rectangle.
func ExamplePhase() {
	p, err := plot.Phase(plot.PhaseFigure{
		Frame:  plot.Frame{XLabel: "x", YLabel: "y"},
		Paths:  []plot.Path{{Name: "run", X: []float64{-1, -0.5, 0}, Y: []float64{1, 0.4, 0}}},
		Points: []plot.PointSet{{Name: "DSE", X: []float64{0}, Y: []float64{0}}},
		Curves: []plot.Curve{
			{Name: "∂f₁/∂x = 0", G: func(x, y float64) float64 { return x - y*y }},
			{Name: "∂f₂/∂y = 0", G: func(x, y float64) float64 { return y + x }},
		},
		Region: plot.Rect{XMin: -1.5, XMax: 1.5, YMin: -1.5, YMax: 1.5},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.X.Min, p.X.Max)
	// Output: -1.5 1.5
}

// The unit circle as the zero set of x² + y² − 1.
func ExampleContour() {
	lines, err := plot.Contour(func(x, y float64) float64 { return x*x + y*y - 1 }, 0,
		plot.Rect{XMin: -2, XMax: 2, YMin: -2, YMax: 2}, 100, 100)
	if err != nil {
		log.Fatal(err)
	}
	l := lines[0]
	fmt.Printf("%d polyline, closed: %v, |p| = %.3f\n", len(lines), l.X[0] == l.X[len(l.X)-1], math.Hypot(l.X[0], l.Y[0]))
	// Output: 1 polyline, closed: true, |p| = 1.000
}

// A quiver plot of the rotation field (−y, x) with arrows of equal length.
func ExampleVectorField() {
	_, err := plot.VectorField(plot.FieldFigure{
		Frame:     plot.Frame{Title: "rotation"},
		Field:     func(x, y float64) (float64, float64) { return -y, x },
		Region:    plot.Rect{XMin: -1, XMax: 1, YMin: -1, YMax: 1},
		Arrows:    15,
		Normalize: true,
	})
	fmt.Println(err)
	// Output: <nil>
}
