package plot

import (
	"math"
	"strings"
	"testing"
)

// TestVectorFieldUndefinedEverywhere: a field that is NaN or infinite at
// every arrow point is an error naming the count and a sample value; it
// drew an empty region with no error. A field finite at one point still
// draws.
func TestVectorFieldUndefinedEverywhere(t *testing.T) {
	r := Rect{XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	for _, tc := range []struct {
		name  string
		field func(x, y float64) (float64, float64)
		want  string
	}{
		{"NaN", func(x, y float64) (float64, float64) { return math.NaN(), 0 }, "Field is NaN or infinite at all 4×4 arrow points"},
		{"Inf", func(x, y float64) (float64, float64) { return 1, math.Inf(-1) }, "(1, -Inf)"},
	} {
		_, err := VectorField(FieldFigure{Field: tc.field, Region: r, Arrows: 4})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	one := func(x, y float64) (float64, float64) {
		if x < 0.2 && y < 0.2 {
			return 1, 0
		}
		return math.NaN(), math.NaN()
	}
	if _, err := VectorField(FieldFigure{Field: one, Region: r, Arrows: 4}); err != nil {
		t.Errorf("field finite at one point: %v", err)
	}
}
