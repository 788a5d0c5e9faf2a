package equilib

import "testing"

// BenchmarkAnalyze measures one analysis of the torus game at its DSE
// (compiling the analysis program included, as Analyze does).
func BenchmarkAnalyze(b *testing.B) {
	x, y := []float64{-0.5252279507149735}, []float64{1.2464644148932447}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Analyze(paperTorus, x, y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchTorus measures a 64-start search of both fields on the
// torus game.
func BenchmarkSearchTorus(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Search(paperTorus, SearchOptions{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
