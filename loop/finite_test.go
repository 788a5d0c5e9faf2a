package loop

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestAllFinite puts NaN, +Inf and −Inf at every position of vectors of
// every length up to 19 (the eight-element body and its tail), and
// extreme finite values (±MaxFloat64, the smallest subnormal, −0), whose
// x·0 is still ±0 (and whose pairwise sums would overflow).
func TestAllFinite(t *testing.T) {
	extremes := []float64{math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.Copysign(0, -1), 1e300}
	for n := 0; n < 20; n++ {
		v := make([]float64, n)
		for i := range v {
			v[i] = extremes[i%len(extremes)]
		}
		if !AllFinite(v) {
			t.Fatalf("n=%d: finite extremes %v reported non-finite", n, v)
		}
		for i := 0; i < n; i++ {
			for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
				old := v[i]
				v[i] = bad
				if AllFinite(v) {
					t.Fatalf("n=%d: %v at %d not found", n, bad, i)
				}
				v[i] = old
			}
		}
	}
}

// TestCheckFiniteNamesKind checks that the error names the kind of the
// first non-finite element and the quantity, and that a finite vector
// passes.
func TestCheckFiniteNamesKind(t *testing.T) {
	v := make([]float64, 37)
	if err := CheckFinite("w", v); err != nil {
		t.Fatalf("finite vector: %v", err)
	}
	v[30], v[33] = math.Inf(-1), math.NaN()
	err := CheckFinite("w", v)
	var d *DivergedError
	if !errors.As(err, &d) || d.Quantity != "w" || !strings.Contains(err.Error(), "w is infinite") {
		t.Fatalf("got %v, want a DivergedError for w naming infinite", err)
	}
	v[10] = math.NaN()
	if err := CheckFinite("w", v); err == nil || !strings.Contains(err.Error(), "w is NaN") {
		t.Fatalf("got %v, want w is NaN", err)
	}
}

// BenchmarkAllFinite checks a parameter-sized vector (STDDPG-AL's critic,
// 67 329 elements) with AllFinite and with the per-element test it
// replaced.
func BenchmarkAllFinite(b *testing.B) {
	v := make([]float64, 67329)
	for i := range v {
		v[i] = float64(i%97) - 48.5
	}
	b.Run("AllFinite", func(b *testing.B) {
		for b.Loop() {
			if !AllFinite(v) {
				b.Fatal("not finite")
			}
		}
	})
	b.Run("per-element", func(b *testing.B) {
		for b.Loop() {
			for _, a := range v {
				if math.IsNaN(a) || math.IsInf(a, 0) {
					b.Fatal("not finite")
				}
			}
		}
	})
}
