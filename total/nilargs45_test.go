package total

import (
	"context"
	"testing"
)

// Derivative is exported for users assembling Df1 themselves: a nil Solver
// or a nil mixed-product function panicked (nil dereference) where every
// other argument that does not fit is an error naming it.
func TestDerivativeNilArguments(t *testing.T) {
	h := Hessian{Apply: func(dst, v []float64) { copy(dst, v) }}
	mixed := func(w []float64) []float64 { return []float64{-w[0]} }
	for _, c := range []struct {
		name  string
		s     Solver
		mixed func([]float64) []float64
		want  string
	}{
		{"nil solver", nil, mixed, "total derivative: no solver (Exact, CG or Unrolled)"},
		{"nil mixed", &CG{}, nil, "total derivative: no mixed product function"},
	} {
		dst := []float64{7}
		_, err := Derivative(context.Background(), c.s, dst, []float64{1}, []float64{1}, h, make([]float64, 1), c.mixed)
		if err == nil || err.Error() != c.want || dst[0] != 7 {
			t.Errorf("%s: dst %v, err %v; want dst unchanged [7] and %q", c.name, dst, err, c.want)
		}
	}
	// H = 1, mixed product −w: Df1 = 1 − (−1) = 2.
	dst := make([]float64, 1)
	if _, err := Derivative(context.Background(), &CG{}, dst, []float64{1}, []float64{1}, h, make([]float64, 1), mixed); err != nil || dst[0] != 2 {
		t.Errorf("CG: Df1 = %v, %v; want 2", dst, err)
	}
}
