package plot

import (
	"math"
	"path/filepath"
	"testing"
)

// TestTicksNearMaxFloat64: an axis ending at the largest float64 (data at
// or near it, padded and clamped there) gets a finite set of finite ticks
// inside its range, and such a figure saves. Before session 39 the tick
// loop's bound, max plus a rounding slack, overflowed to +Inf, so k·step
// (+Inf once it overflowed) never passed it: Save never returned and
// appended ticks until memory ran out.
func TestTicksNearMaxFloat64(t *testing.T) {
	for _, r := range [][2]float64{
		{0.96 * math.MaxFloat64, math.MaxFloat64},
		{1e308, math.MaxFloat64},
		{0, math.MaxFloat64},
	} {
		ticks := niceTicks{}.Ticks(r[0], r[1])
		if len(ticks) == 0 || len(ticks) > 100 {
			t.Fatalf("Ticks(%g, %g): %d ticks", r[0], r[1], len(ticks))
		}
		labels := 0
		for _, tk := range ticks {
			if math.IsInf(tk.Value, 0) || math.IsNaN(tk.Value) || tk.Value < r[0] || tk.Value > r[1] {
				t.Errorf("Ticks(%g, %g): tick at %g", r[0], r[1], tk.Value)
			}
			if tk.Label != "" {
				labels++
			}
		}
		if labels < 2 {
			t.Errorf("Ticks(%g, %g): %d labelled ticks, want at least 2", r[0], r[1], labels)
		}
	}
	dir := t.TempDir()
	for i, s := range []Series{
		{Name: "flat at the limit", Y: []float64{math.MaxFloat64, math.MaxFloat64}},
		{Name: "near the limit", Y: []float64{1.7e308, 1.79e308}},
		{Name: "x at the limit", X: []float64{1e308, math.MaxFloat64}, Y: []float64{1, 2}},
	} {
		p, err := Lines(LinesFigure{Series: []Series{s}})
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		if _, err := Save(p, filepath.Join(dir, string(rune('a'+i))), DefaultSize, "svg"); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
}
