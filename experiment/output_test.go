package experiment

import (
	"math"
	"testing"
)

// TestFinite checks that finite keeps every finite value exactly, up to
// ±MaxFloat64, and maps NaN and ±Inf to nil (JSON null).
func TestFinite(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want any
	}{
		{0, 0.0},
		{-2.5, -2.5},
		{1.7975e308, 1.7975e308},
		{math.MaxFloat64, math.MaxFloat64},
		{-math.MaxFloat64, -math.MaxFloat64},
		{math.NaN(), nil},
		{math.Inf(1), nil},
		{math.Inf(-1), nil},
	} {
		if got := Finite(c.v); got != c.want {
			t.Errorf("Finite(%g) = %v, want %v", c.v, got, c.want)
		}
	}
}
