package game

import (
	"math"
	"testing"
)

// TestDiagnoseObjectiveThatIsAStrategy: Diagnose skipped x and y so as to
// name x[0] rather than x, and so returned nil for an objective that is a
// strategy itself (f1 = x, f2 = (y) with one dimension each) where it is
// NaN or infinite, against its contract; it now names it (exact messages).
func TestDiagnoseObjectiveThatIsAStrategy(t *testing.T) {
	g, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: "x", F2: "(y)"})
	if err != nil {
		t.Fatal(err)
	}
	d := g.(*Formula)
	for _, c := range []struct {
		x, y float64
		want string
	}{
		{math.NaN(), 1, "f1: x is NaN at 1:1 (x = [NaN], y = [1])"},
		{0, math.Inf(-1), "f2: y is -Inf at 1:2 (x = [0], y = [-Inf])"}, // without its parentheses (session 44)
	} {
		err := d.Diagnose([]float64{c.x}, []float64{c.y})
		if err == nil || err.Error() != c.want {
			t.Errorf("Diagnose(%v, %v) = %v, want %q", c.x, c.y, err, c.want)
		}
	}
	if err := d.Diagnose([]float64{2}, []float64{3}); err != nil {
		t.Errorf("Diagnose at a finite point = %v, want nil", err)
	}
}
