package plot

import (
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	gplot "gonum.org/v1/plot"
)

// pngSizeFigure is a small Lines figure for the size tests.
func pngSizeFigure(t *testing.T) *gplot.Plot {
	t.Helper()
	p, err := Lines(LinesFigure{Series: []Series{{Name: "a", Y: []float64{1, 3, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPNGBelowOnePixelRefused: a size whose PNG rounds to no pixels in a
// dimension is refused before any file is written, with an error naming
// the size. It failed in png.Encode ("png: invalid format: invalid image
// size: 0x1") after the SVG listed before it had been written.
func TestPNGBelowOnePixelRefused(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "f")
	paths, err := Save(pngSizeFigure(t), base, Size{Width: 0.001, Height: 1, DPI: 1}, "svg", "png")
	want := "plot: Save: size 0.001×1 in at 1 dpi is a 0×1-pixel PNG, want at least 1×1"
	if err == nil || err.Error() != want || paths != nil {
		t.Errorf("Save = %q, %v; want no paths and %q", paths, err, want)
	}
	if _, err := os.Stat(base + ".svg"); !os.IsNotExist(err) {
		t.Errorf("f.svg written beside the refused PNG (stat: %v)", err)
	}
	// The same size without a PNG is a (tiny) SVG.
	if _, err := Save(pngSizeFigure(t), base, Size{Width: 0.001, Height: 1, DPI: 1}, "svg"); err != nil {
		t.Errorf("SVG alone: %v", err)
	}
}

// TestSavedSizes: a PNG decodes to round(Width·DPI) × round(Height·DPI)
// pixels, and the SVG's root has the size in points (72 per inch) as its
// width, height and viewBox.
func TestSavedSizes(t *testing.T) {
	for _, tc := range []struct {
		size       Size
		w, h       int
		svgW, svgH string
		viewBox    string
	}{
		{Size{}, 900, 600, "432pt", "288pt", "0 0 432 288"},
		{Size{Width: 3.3, Height: 2.1, DPI: 72}, 238, 151, "237.6pt", "151.2pt", "0 0 237.6 151.2"},
		{Size{Width: 2, Height: 0.004, DPI: 300}, 600, 1, "144pt", "0.288pt", "0 0 144 0.288"},
	} {
		paths, err := Save(pngSizeFigure(t), filepath.Join(t.TempDir(), "f"), tc.size)
		if err != nil {
			t.Fatalf("%+v: %v", tc.size, err)
		}
		f, err := os.Open(paths[0])
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%+v: %v", tc.size, err)
		}
		if b := img.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
			t.Errorf("%+v: PNG %d×%d, want %d×%d", tc.size, b.Dx(), b.Dy(), tc.w, tc.h)
		}
		svg, err := os.ReadFile(paths[1])
		if err != nil {
			t.Fatal(err)
		}
		var root struct {
			XMLName xml.Name `xml:"svg"`
			Width   string   `xml:"width,attr"`
			Height  string   `xml:"height,attr"`
			ViewBox string   `xml:"viewBox,attr"`
		}
		if err := xml.Unmarshal(svg, &root); err != nil {
			t.Fatalf("%+v: SVG: %v", tc.size, err)
		}
		if root.Width != tc.svgW || root.Height != tc.svgH || root.ViewBox != tc.viewBox {
			t.Errorf("%+v: SVG width %q height %q viewBox %q, want %q %q %q", tc.size, root.Width, root.Height, root.ViewBox, tc.svgW, tc.svgH, tc.viewBox)
		}
	}
}
