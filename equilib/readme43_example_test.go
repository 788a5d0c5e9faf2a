package equilib_test

import (
	"fmt"

	"github.com/stackel/stackel/equilib"
)

// ExamplePolish takes a point near the duopoly's Stackelberg equilibrium
// (46, 26), such as the noisy end of a learning run, to the root of ω_S by
// Newton's method and classifies it; the Nash field from the same point
// reaches the Nash equilibrium (92/3, 101/3) instead.
func ExamplePolish() {
	p, err := equilib.Polish(duopoly{}, []float64{45.7}, []float64{26.3}, equilib.StackelbergField)
	if err != nil {
		panic(err)
	}
	fmt.Printf("(%.4f, %.4f) DSE %v DNE %v\n", p.X[0], p.Y[0], p.DSE, p.DNE)
	p, err = equilib.Polish(duopoly{}, []float64{45.7}, []float64{26.3}, equilib.NashField)
	if err != nil {
		panic(err)
	}
	fmt.Printf("(%.4f, %.4f) DSE %v DNE %v\n", p.X[0], p.Y[0], p.DSE, p.DNE)
	// Output:
	// (46.0000, 26.0000) DSE true DNE false
	// (30.6667, 33.6667) DSE false DNE true
}

// ExampleSearchWithStats searches both fields from seeded starts, counts
// what became of the starts, and keeps the roots that are critical points
// (KeepCritical), as `stackel analyze` does. Without Lo and Hi the search
// is an error: the duopoly's domains are unbounded.
func ExampleSearchWithStats() {
	_, _, err := equilib.SearchWithStats(duopoly{}, equilib.SearchOptions{Starts: 4})
	fmt.Println("without bounds:", err != nil)
	pts, st, err := equilib.SearchWithStats(duopoly{}, equilib.SearchOptions{
		Starts: 4, Seed: 1, Lo: []float64{0, 0}, Hi: []float64{100, 100}})
	if err != nil {
		panic(err)
	}
	kept, dropped := equilib.KeepCritical(duopoly{}, pts)
	fmt.Printf("%d starts, %d converged, %d not; %d points kept, %d dropped\n",
		st.Starts, st.Converged, st.NotConverged, len(kept), dropped)
	for _, p := range kept {
		fmt.Printf("(%.2f, %.2f) DNE=%v DSE=%v\n", p.X[0], p.Y[0], p.DNE, p.DSE)
	}
	// Output:
	// without bounds: true
	// 8 starts, 8 converged, 0 not; 2 points kept, 0 dropped
	// (30.67, 33.67) DNE=true DSE=false
	// (46.00, 26.00) DNE=false DSE=true
}
