package plot

import (
	"math"
	"path/filepath"
	"testing"
)

// benchCurves is a learning-curve figure: three series of 1000 points
// with shaded bands, a reference line, title and axis labels (Greek and
// subscripts), deterministic.
func benchCurves() LinesFigure {
	f := LinesFigure{Frame: Frame{Title: "leader cost", XLabel: "iteration k", YLabel: "f₁(θ₁, θ₂)"}}
	for s := 0; s < 3; s++ {
		y, lo, hi := make([]float64, 1000), make([]float64, 1000), make([]float64, 1000)
		for k := range y {
			y[k] = float64(s+1) * math.Exp(-float64(k)/300) * (1 + 0.1*math.Sin(float64(k)/7))
			lo[k], hi[k] = y[k]-0.05, y[k]+0.05
		}
		f.Series = append(f.Series, Series{Name: []string{"sga", "stackelberg", "lola"}[s], Y: y, Lo: lo, Hi: hi})
	}
	f.Series = append(f.Series, Series{Name: "equilibrium", X: []float64{0, 999}, Y: []float64{0.2, 0.2}, Reference: true})
	return f
}

// BenchmarkSave times building and saving the learning-curve figure at
// DefaultSize, as PNG and as SVG, into a temporary directory (the file is
// replaced each iteration).
func BenchmarkSave(b *testing.B) {
	for _, format := range []string{"png", "svg"} {
		b.Run(format, func(b *testing.B) {
			base := filepath.Join(b.TempDir(), "curves")
			f := benchCurves()
			b.ReportAllocs()
			for b.Loop() {
				p, err := Lines(f)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Save(p, base, DefaultSize, format); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
