package plot

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	gplot "gonum.org/v1/plot"
)

// TestLegendRoomSameAfterOtherSize: a Lines plot whose legend makes room
// for itself (two flat lines cover every corner) gives the same bytes
// whether it is saved fresh or after a save at another size or as a
// panel. The room was made once, for the first size: saved again at 6×4
// in after a save at 3×8 in, the y range stayed [-0.04, 1.1364] (the room
// of an 8 in tall figure, too little at 4 in, so the legend covered the
// top line) instead of the fresh figure's [-0.04, 1.2616] (room then
// sized over the padded range; sized to the line at 1 since, it is
// [-0.04, 1.2133], see TestLegendRoomIsWhatTheBoxNeeds).
func TestLegendRoomSameAfterOtherSize(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	flat := func(v float64) []float64 {
		y := make([]float64, len(x))
		for i := range y {
			y[i] = v
		}
		return y
	}
	fresh := func() *gplot.Plot {
		p, err := Lines(LinesFigure{Series: []Series{{Name: "top", X: x, Y: flat(1)}, {Name: "bottom", X: x, Y: flat(0)}}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	dir := t.TempDir()
	read := func(base string, f string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, base+"."+f))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	save := func(p *gplot.Plot, base string, size Size) {
		if _, err := Save(p, filepath.Join(dir, base), size); err != nil {
			t.Fatal(err)
		}
	}
	panel := func(p *gplot.Plot, base string) {
		if _, err := SavePanels([]*gplot.Plot{p}, 1, filepath.Join(dir, base), Size{Width: 4, Height: 3}); err != nil {
			t.Fatal(err)
		}
	}

	p := fresh()
	save(p, "fresh", DefaultSize)
	wantMin, wantMax := p.Y.Min, p.Y.Max
	if wantMin != -0.04 || wantMax < 1.21 || wantMax > 1.22 {
		t.Fatalf("fresh y range [%v, %v], want [-0.04, 1.21…]", wantMin, wantMax)
	}
	panel(fresh(), "freshPanel")

	again := fresh()
	save(again, "tall", Size{Width: 3, Height: 8})
	save(again, "again", DefaultSize)
	if again.Y.Min != wantMin || again.Y.Max != wantMax {
		t.Errorf("y range [%v, %v] after a save at 3×8 in, want the fresh [%v, %v]", again.Y.Min, again.Y.Max, wantMin, wantMax)
	}
	panel(again, "againPanel")
	for _, f := range []string{"svg", "png"} {
		if !bytes.Equal(read("fresh", f), read("again", f)) {
			t.Errorf("%s saved after a save at another size differs from the fresh one", f)
		}
		if !bytes.Equal(read("freshPanel", f), read("againPanel", f)) {
			t.Errorf("%s panel of a plot saved before differs from a fresh plot's panel", f)
		}
	}
	save(again, "third", DefaultSize)
	if !bytes.Equal(read("fresh", "svg"), read("third", "svg")) {
		t.Errorf("svg saved after a panel differs from the fresh one")
	}
}

// TestLegendRoomSameAfterOtherWidth: a spike in the middle of a line
// along the bottom leaves the top corners free in a wide figure, but not
// in a narrow one (the legend box then spans half the data area); the
// narrow figure saved after the wide one must make the room a fresh one
// makes. (A guard on how a new size is recognised: keyed on the data
// area's height alone, the room was not made.)
func TestLegendRoomSameAfterOtherWidth(t *testing.T) {
	fresh := func() *gplot.Plot {
		p, err := Lines(LinesFigure{Series: []Series{{Name: "spike", X: []float64{0, 4.9, 5, 5.1, 10}, Y: []float64{0, 0, 10, 0, 0}}}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	dir := t.TempDir()
	narrow := Size{Width: 2, Height: 4}
	p := fresh()
	if _, err := Save(p, filepath.Join(dir, "fresh"), narrow, "svg"); err != nil {
		t.Fatal(err)
	}
	wide := fresh()
	if _, err := Save(wide, filepath.Join(dir, "wide"), Size{Width: 12, Height: 4}, "svg"); err != nil {
		t.Fatal(err)
	}
	if wide.Y.Max != 10.4 {
		t.Fatalf("wide figure: y max %v, want 10.4 (no room needed)", wide.Y.Max)
	}
	if _, err := Save(wide, filepath.Join(dir, "again"), narrow, "svg"); err != nil {
		t.Fatal(err)
	}
	if p.Y.Max <= 10.4 || wide.Y.Max != p.Y.Max {
		t.Errorf("narrow figure: y max %v after a wide save, %v fresh; want equal and above 10.4", wide.Y.Max, p.Y.Max)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "fresh.svg"))
	b, _ := os.ReadFile(filepath.Join(dir, "again.svg"))
	if !bytes.Equal(a, b) {
		t.Error("narrow svg saved after a wide save differs from the fresh one")
	}
}
