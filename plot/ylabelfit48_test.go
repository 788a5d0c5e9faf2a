package plot

import (
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// TestLongYLabelWraps: a y label longer than the data area is tall was
// never wrapped, and squeezed the data area to nothing: gonum centres the
// rotated label on the data area and shrinks the area until the label
// fits, so the centre fitText measured the room about was already
// collapsed (the area's top below its bottom), the room came out negative
// and the label was left whole. At 6×4 in the figure then held no data,
// no y ticks and the label ran off the bottom edge. The label is now
// wrapped like the x label (into at most 2 lines within the canvas), the
// data area keeps most of the height, and the line is drawn.
func TestLongYLabelWraps(t *testing.T) {
	ylabel := "a very long axis label that goes on and on and on, far past the height of the figure, with more words"
	p, err := Lines(LinesFigure{Frame: Frame{YLabel: ylabel}, Series: []Series{{Name: "s", Y: []float64{1, 3, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	w, h := 6*vg.Inch, 4*vg.Inch
	c := draw.Canvas{Canvas: &recorder.Canvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}}
	restore := fitText(p, c)
	lines := strings.Split(p.Y.Label.Text, "\n")
	d := p.DataCanvas(c)
	restore()
	if len(lines) != 2 {
		t.Errorf("y label %q: %d lines, want 2", lines, len(lines))
	}
	for _, l := range lines {
		if lw := p.Y.Label.TextStyle.Width(l); lw > h {
			t.Errorf("y label line %q is %.1f pt long, over the canvas height %.1f pt", l, lw, h)
		}
	}
	// At least 3/4 of the 288-pt height is data area (about 250 pt with a
	// short label).
	if dh := d.Max.Y - d.Min.Y; dh < 0.75*h {
		t.Errorf("data area %.1f pt tall, want at least %.1f", dh, 0.75*h)
	}
	// The line is drawn: pixels of its colour (0072B2) in the PNG.
	paths, err := Save(p, filepath.Join(t.TempDir(), "f"), Size{}, "png")
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, paths[0])
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 == 0x00 && g>>8 == 0x72 && bl>>8 == 0xB2 {
				n++
			}
		}
	}
	if n < 500 {
		t.Errorf("%d pixels of the line's colour, want at least 500 (the line drawn)", n)
	}
}
