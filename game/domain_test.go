package game

import (
	"math"
	"testing"
)

// TestDomainProject checks clipping to a box, wrapping on the torus and
// the identity elsewhere (exact, or 1e-15 absolute for wrapped angles).
func TestDomainProject(t *testing.T) {
	cases := []struct {
		name string
		d    Domain
		in   []float64
		want []float64
	}{
		{"box", Domain{Kind: Box, Lo: []float64{0, -1}, Hi: []float64{100, 1}}, []float64{-5, 3}, []float64{0, 1}},
		{"box inside", Domain{Kind: Box, Lo: []float64{0, -1}, Hi: []float64{100, 1}}, []float64{42, -0.5}, []float64{42, -0.5}},
		{"torus", Domain{Kind: Torus}, []float64{math.Pi, -math.Pi, 3 * math.Pi, 7, -7, 0.5},
			[]float64{-math.Pi, -math.Pi, -math.Pi, 7 - 2*math.Pi, -7 + 2*math.Pi, 0.5}},
		{"unbounded", Domain{}, []float64{1e9, -1e9}, []float64{1e9, -1e9}},
		{"simplex logits", Domain{Kind: Simplex}, []float64{5, -5}, []float64{5, -5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := append([]float64(nil), c.in...)
			c.d.Project(v)
			for i := range v {
				assertAbs(t, c.name, v[i], c.want[i], 1e-15)
			}
		})
	}
}

// TestWrapAngle checks that angles land in [−π, π) and differ from the
// input by a multiple of 2π (tolerance 1e-12).
func TestWrapAngle(t *testing.T) {
	rng := newRand(51)
	for k := 0; k < 1000; k++ {
		a := (rng.Float64() - 0.5) * 200
		w := WrapAngle(a)
		if w < -math.Pi || w >= math.Pi {
			t.Fatalf("WrapAngle(%g) = %g outside [−π, π)", a, w)
		}
		turns := (a - w) / (2 * math.Pi)
		assertAbs(t, "turns", turns, math.Round(turns), 1e-12)
	}
	// Around the cut, where a + π rounds to 2π and the wrapped angle would
	// be π, outside the range: each must land in [−π, π), within 1e-15 of
	// the angle itself modulo 2π.
	below := math.Nextafter(-math.Pi, math.Inf(-1))
	for _, a := range []float64{-math.Pi, below, math.Pi, math.Nextafter(math.Pi, 0), 3 * math.Pi, -3 * math.Pi, -1e-17, 0} {
		w := WrapAngle(a)
		if w < -math.Pi || w >= math.Pi {
			t.Errorf("WrapAngle(%v) = %v outside [−π, π)", a, w)
		}
		if d := math.Remainder(a-w, 2*math.Pi); math.Abs(d) > 1e-15 {
			t.Errorf("WrapAngle(%v) = %v: %v off modulo 2π", a, w, d)
		}
	}
}

// TestDomainValidate checks box validation errors.
func TestDomainValidate(t *testing.T) {
	if err := (Domain{Kind: Box, Lo: []float64{0}, Hi: []float64{1}}).Validate(1); err != nil {
		t.Errorf("valid box: %v", err)
	}
	assertErr(t, Domain{Kind: Box, Lo: []float64{0}, Hi: []float64{1}}.Validate(2), "1 lower and 1 upper bounds for 2 dimensions")
	assertErr(t, Domain{Kind: Box, Lo: []float64{2}, Hi: []float64{1}}.Validate(1), "dimension 0")
	assertErr(t, Domain{Kind: Box, Lo: []float64{math.Inf(-1)}, Hi: []float64{1}}.Validate(1), "not finite")
	if err := (Domain{Kind: Torus}).Validate(3); err != nil {
		t.Errorf("torus: %v", err)
	}
}
