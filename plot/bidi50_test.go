package plot

import (
	"slices"
	"testing"
)

// TestBidiControlsShown50: an explicit bidi control in a name (U+202E,
// right-to-left override, in a run name from a config) reversed the rest
// of the text in SVG viewers, "run\u202E-12" showing as "run21-", while
// the PNG, which does no bidi, left it out without a trace: the two
// files told different names, neither the one written. Bidi controls
// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are now written
// as U+FFFD in every text, as other control characters are.
func TestBidiControlsShown50(t *testing.T) {
	p, err := Lines(LinesFigure{
		Frame:  Frame{Title: "a\u2067b\u2069", XLabel: "\u200Ex\u200F", YLabel: "\u061Cy"},
		Series: []Series{{Name: "run\u202E-12", Y: []float64{1, 2}}, {Name: "\u202Ab\u202C\u202Dc\u202B", Y: []float64{2, 1}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, texts := savedSVG(t, p)
	for _, want := range []string{"a\uFFFDb\uFFFD", "\uFFFDx\uFFFD", "\uFFFDy", "run\uFFFD-12", "\uFFFDb\uFFFD\uFFFDc\uFFFD"} {
		if !slices.Contains(texts, want) {
			t.Errorf("SVG texts %q lack %q", texts, want)
		}
	}
}
