package ad

import (
	"math"
	"testing"
)

// TestCGRejectsInfiniteTol: Tol = +Inf made the stopping test
// ‖r‖ ≤ Tol·‖b‖ true before the first iteration, and CG and CG32 returned
// x as it came in (0, from a cold start: not a solution of diag(1, 2)x =
// (1, 2)) with Iterations 0 and no error; like a NaN or negative Tol it
// now panics. The largest finite Tol is still accepted (and stops at
// once, as asked).
func TestCGRejectsInfiniteTol(t *testing.T) {
	op := func(dst, v []float64) { dst[0], dst[1] = v[0], 2*v[1] }
	op32 := func(dst, v []float32) { dst[0], dst[1] = v[0], 2*v[1] }
	const want = "ad.CG: CGSettings.Tol is +Inf; want a finite Tol ≥ 0 (0: 1e-10)"
	inf := CGSettings{Tol: math.Inf(1)}
	if msg := panicText(func() { CG(op, []float64{1, 2}, make([]float64, 2), inf, nil) }); msg != want {
		t.Errorf("CG with Tol +Inf: panic %q, want %q", msg, want)
	}
	if msg := panicText(func() { CG32(op32, []float64{1, 2}, make([]float64, 2), inf, nil, nil) }); msg != want {
		t.Errorf("CG32 with Tol +Inf: panic %q, want %q", msg, want)
	}
	x := make([]float64, 2)
	if res := CG(op, []float64{1, 2}, x, CGSettings{Tol: math.MaxFloat64}, nil); res.Iterations != 0 || x[0] != 0 {
		t.Errorf("CG with Tol MaxFloat64: %+v, x %v; want 0 iterations", res, x)
	}
}
