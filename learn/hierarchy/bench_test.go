package hierarchy

import "testing"

// benchDirections measures one evaluation of every player's hierarchical
// gradient on the oligopoly (A = 50, c = 1) under structure s.
func benchDirections(b *testing.B, firms int, s Structure) {
	g, _ := Oligopoly(50, 1, firms)
	e, err := NewEvaluator(g, s)
	if err != nil {
		b.Fatal(err)
	}
	xs, d := make([][]float64, firms), make([][]float64, firms)
	for p := range xs {
		xs[p], d[p] = []float64{5 + float64(p)}, []float64{0}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := e.Directions(d, xs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDirectionsLeaderFollowers: one leader, 3 Nash followers (C.2).
func BenchmarkDirectionsLeaderFollowers(b *testing.B) { benchDirections(b, 4, LeaderFollowers(3)) }

// BenchmarkDirectionsStaggered3: the 3-level chain (C.1), third derivatives.
func BenchmarkDirectionsStaggered3(b *testing.B) { benchDirections(b, 3, Staggered(3)) }
