package plot

import (
	"strings"
	"testing"
)

// TestFreeSeriesBesideEveryColourFixed48i: with all 7 palette colours
// fixed by series, a series without a Colour took the first, blue and
// solid, exactly as the series fixed to Blue (two curves, one look, in the
// figure and its legend). It now starts on the palette's second pass,
// dotted, as an 8th series does.
func TestFreeSeriesBesideEveryColourFixed48i(t *testing.T) {
	var series []Series
	for c := Blue; c <= Black; c++ {
		series = append(series, Series{Name: "fixed", Y: []float64{float64(c), float64(c) + 1}, Colour: c})
	}
	series = append(series, Series{Name: "free", Y: []float64{20, 10}})
	p, err := Lines(LinesFigure{Series: series})
	if err != nil {
		t.Fatal(err)
	}
	got := lineStyles(t, p, len(series))
	if len(got) != len(series) {
		t.Fatalf("%d line styles, want %d: %q", len(got), len(series), got)
	}
	free := got[len(series)-1]
	for i, s := range got[:len(series)-1] {
		if s == free {
			t.Errorf("the free series is drawn as fixed series %d: %s", i, s)
		}
	}
	if !strings.Contains(free, "stroke:#0072B2") || !strings.Contains(free, "stroke-dasharray") {
		t.Errorf("the free series: %s; want blue, dotted (the palette's second pass)", free)
	}
}
