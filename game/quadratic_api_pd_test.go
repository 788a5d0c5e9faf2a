package game

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

func quad1D(t *testing.T, a, b, la, d, e float64) *Quadratic {
	t.Helper()
	q, err := NewQuadratic(QuadraticParams{A: ad.Scalar(a), B: ad.Scalar(b), LinX: ad.Vector(la), D: ad.Scalar(d), E: ad.Scalar(e)})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestQuadraticStackelbergRefusesIndefinite: Stackelberg and BestResponse
// refuse a game whose follower Hessian D or leader's total Hessian S is
// not positive definite, naming the matrix and its smallest eigenvalue
// (hand values below; the printed eigenvalue to its 6 significant digits).
func TestQuadraticStackelbergRefusesIndefinite(t *testing.T) {
	// 1-D: A = −3, B = 1, a = −1, D = 2, E = −1: R = −E/D = ½, r0 = 0,
	// S = A + 2BR + R²C = −3 + 1 = −2. The critical point (−½, −¼)
	// maximises the leader's reduced cost.
	sIndef := quad1D(t, -3, 1, -1, 2, -1)
	// 1-D with D = −4, E = −1: r(1) = −(E·1)/D = −¼ is the follower's
	// worst response (f2(1, ·) = −2y² − y is concave).
	dNeg := quad1D(t, 1, 1, -1, -4, -1)
	// 2×2: A = D = I, B = [[1, ½], [−½, 2]], E = [[0.3, −1], [1, 0.2]],
	// a = (1, −2): R = −E, BR + (BR)ᵀ = [[−1.6, −0.95], [−0.95, −1.8]],
	// S = [[−0.6, −0.95], [−0.95, −0.8]], eigenvalues
	// (−1.4 ± √3.65)/2: smallest −1.65525.
	two, err := NewQuadratic(QuadraticParams{
		A: ad.NewTensor(2, 2, []float64{1, 0, 0, 1}), B: ad.NewTensor(2, 2, []float64{1, .5, -.5, 2}),
		LinX: ad.Vector(1, -2), D: ad.NewTensor(2, 2, []float64{1, 0, 0, 1}),
		E: ad.NewTensor(2, 2, []float64{.3, -1, 1, .2}),
	})
	if err != nil {
		t.Fatal(err)
	}
	// D singular: D = 0 has smallest eigenvalue 0.
	dZero := quad1D(t, 1, 1, -1, 0, -1)
	for _, c := range []struct {
		name string
		q    *Quadratic
		want string
	}{
		{"1-D S = -2", sIndef, "quadratic Stackelberg: the leader's total Hessian S = A + BR + RᵀBᵀ + RᵀCR is not positive definite (smallest eigenvalue -2)"},
		{"1-D D = -4", dNeg, "quadratic Stackelberg: the follower's Hessian D is not positive definite (smallest eigenvalue -4)"},
		{"2x2 S indefinite", two, "S = A + BR + RᵀBᵀ + RᵀCR is not positive definite (smallest eigenvalue " + fmtG6((-1.4-math.Sqrt(3.65))/2) + ")"},
		{"1-D D = 0", dZero, "the follower's Hessian D is not positive definite (smallest eigenvalue 0)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			x, y, err := c.q.Stackelberg()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Stackelberg() = (%v, %v), error %v; want an error containing %q", x, y, err, c.want)
			}
		})
	}
	for _, c := range []struct {
		name string
		q    *Quadratic
		want string
	}{
		{"D = -4", dNeg, "quadratic best response: the follower's Hessian D is not positive definite (smallest eigenvalue -4)"},
		{"D = 0", dZero, "quadratic best response: the follower's Hessian D is not positive definite (smallest eigenvalue 0)"},
	} {
		t.Run("BestResponse "+c.name, func(t *testing.T) {
			y, err := c.q.BestResponse([]float64{1})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("BestResponse([1]) = %v, error %v; want an error containing %q", y, err, c.want)
			}
		})
	}
}

func fmtG6(v float64) string { return fmt.Sprintf("%.6g", v) }

// TestQuadraticPositiveDefiniteByHand: f1 = ½x² + xy − x, f2 = y² − xy
// (A = 1, B = 1, a = −1, D = 2, E = −1): R = ½, r0 = 0, S = 1 + 2·½ = 2,
// x* = −a/S = ½, y* = ¼ (tolerance 1e-15); r(0) = 0 with a positive sign
// (−D⁻¹·0 used to be −0).
func TestQuadraticPositiveDefiniteByHand(t *testing.T) {
	q := quad1D(t, 1, 1, -1, 2, -1)
	x, y, err := q.Stackelberg()
	if err != nil {
		t.Fatal(err)
	}
	assertVec(t, "x*", x, []float64{0.5}, 1e-15)
	assertVec(t, "y*", y, []float64{0.25}, 1e-15)
	r, err := q.BestResponse([]float64{0})
	if err != nil {
		t.Fatal(err)
	}
	if r[0] != 0 || math.Signbit(r[0]) {
		t.Errorf("BestResponse([0]) = %v (sign bit %v), want +0", r[0], math.Signbit(r[0]))
	}
	r, err = q.BestResponse([]float64{3})
	if err != nil {
		t.Fatal(err)
	}
	assertVec(t, "r(3) = 3/2", r, []float64{1.5}, 1e-15)
}

// TestQuadraticBestResponseChecksX: a wrong-length or non-finite x is an
// error naming x (a longer x panicked in gonum, nil was read as 0, NaN
// gave NaN).
func TestQuadraticBestResponseChecksX(t *testing.T) {
	q := quad1D(t, 1, 1, -1, 2, -1)
	for _, c := range []struct {
		name string
		x    []float64
		want string
	}{
		{"two coordinates", []float64{1, 2}, "quadratic best response: x has 2 coordinates, want d1 = 1"},
		{"nil", nil, "quadratic best response: x has 0 coordinates, want d1 = 1"},
		{"NaN", []float64{math.NaN()}, "quadratic best response: x[0] = NaN is not finite"},
		{"-Inf", []float64{math.Inf(-1)}, "quadratic best response: x[0] = -Inf is not finite"},
	} {
		t.Run(c.name, func(t *testing.T) {
			y, err := q.BestResponse(c.x)
			if err == nil || err.Error() != c.want {
				t.Fatalf("BestResponse(%v) = %v, error %v; want %q", c.x, y, err, c.want)
			}
		})
	}
}
