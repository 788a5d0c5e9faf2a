package plot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/font"
)

// TestMissingGlyphsShowInPNG: characters Liberation Sans has no glyph
// for (CJK, emoji, U+FFFD, which names with invalid UTF-8 get) were left
// out of PNG figures without a trace: a series "日本 run" was labelled
// " run", a title of them alone left a blank band. They are now drawn as
// "□" in PNG files (SVG files keep the text, for the viewer's fallback
// fonts).
func TestMissingGlyphsShowInPNG(t *testing.T) {
	face := font.DefaultCache.Lookup(textFont, legendSize)
	if got, want := withTofu(face, "a日😀θ₁\uFFFD"), "a□□θ₁□"; got != want {
		t.Errorf("withTofu: %q, want %q", got, want)
	}
	if got := withTofu(face, "θ₁ ‖x‖² −1 α_β ×"); got != "θ₁ ‖x‖² −1 α_β ×" {
		t.Errorf("withTofu changed text the font has: %q", got)
	}
	p, err := Lines(LinesFigure{Frame: Frame{Title: "日本語日本語日本語"}, Series: []Series{{Y: []float64{1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	paths, err := Save(p, filepath.Join(t.TempDir(), "f"), Size{}, "png", "svg")
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, paths[0])
	// Dark pixels in the title's band, the top 30 of 600 rows.
	dark := 0
	for y := 0; y < 30; y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			if r, g, b, _ := img.At(x, y).RGBA(); r+g+b < 3*0x8000 {
				dark++
			}
		}
	}
	if dark < 100 {
		t.Errorf("%d dark pixels in the title band, want at least 100 (the title drawn)", dark)
	}
	svg, err := os.ReadFile(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "日本語日本語日本語") {
		t.Errorf("SVG lost the title's text")
	}
}
