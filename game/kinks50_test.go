package game

import "testing"

// TestKinksDocumented50 pins what FormulaSpec documents at the kinks of
// abs, min and max, where the functions are not differentiable: abs has
// derivative 0 at 0 (a subgradient), min and max pass the gradient to
// their first argument at a tie, and every second derivative is 0, there
// and elsewhere (exact values, at x[0] = y[0] = 0.5, and at x[0] = 0.7,
// y[0] = 0.2 off the kink).
func TestKinksDocumented50(t *testing.T) {
	cases := []struct {
		f          string
		x, y       float64
		gx, gy     float64
		hessianAll float64
	}{
		{"abs(x[0] - y[0])", 0.5, 0.5, 0, 0, 0},
		{"abs(x[0] - y[0])", 0.7, 0.2, 1, -1, 0},
		{"min(x[0], y[0])", 0.5, 0.5, 1, 0, 0},
		{"min(y[0], x[0])", 0.5, 0.5, 0, 1, 0},
		{"max(x[0], y[0])", 0.5, 0.5, 1, 0, 0},
		{"max(x[0], y[0])", 0.7, 0.2, 1, 0, 0},
		{"min(x[0], y[0])", 0.7, 0.2, 0, 1, 0},
	}
	for _, c := range cases {
		g, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: c.f, F2: "y[0]"})
		if err != nil {
			t.Fatalf("%s: %v", c.f, err)
		}
		r := evalAD(g, []float64{c.x}, []float64{c.y}, true)
		if r.g1[0] != c.gx || r.g1y[0] != c.gy {
			t.Errorf("%s at (%g, %g): gradient (%g, %g), want (%g, %g)", c.f, c.x, c.y, r.g1[0], r.g1y[0], c.gx, c.gy)
		}
		for i, h := range r.hess1.Data {
			if h != c.hessianAll {
				t.Errorf("%s at (%g, %g): Hessian entry %d = %g, want 0", c.f, c.x, c.y, i, h)
			}
		}
	}
}
