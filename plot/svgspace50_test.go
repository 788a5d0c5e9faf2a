package plot

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// TestTextSpacesAsWritten50: SVG viewers collapse runs of spaces and drop
// leading ones unless told to preserve them, so a legend entry "PPO  lr 3"
// (a run name from a config) read "PPO lr 3" in the SVG but not in the
// PNG, and a tab was a space in the SVG and nothing in the PNG ("b\tc"
// read "bc"). The SVG's root now preserves spaces, and a tab is written
// as a space (a carriage return as a line break) in both formats.
func TestTextSpacesAsWritten50(t *testing.T) {
	p, err := Lines(LinesFigure{
		Frame: Frame{Title: "two\r\nlines", XLabel: "  indented", YLabel: "b\tc"},
		Series: []Series{
			{Name: "PPO  lr 3", Y: []float64{1, 2}},
			{Name: "x\ty", Y: []float64{2, 1}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "f")
	if _, err := Save(p, base, Size{}, "svg"); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	// The root's tag still begins as gonum writes it (scripts and the
	// reproductions' tests read a figure's width there).
	if !regexp.MustCompile(`<svg width="[0-9.]+pt" height="[0-9.]+pt"[^>]* xml:space="preserve">`).Match(svg) {
		t.Errorf("the SVG root's tag is not <svg width=… height=… … xml:space=\"preserve\">: %.300s", svg)
	}
	d := xml.NewDecoder(bytes.NewReader(svg))
	var texts []string
	space, inText := "", false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
			if tok.Name.Local == "svg" {
				for _, a := range tok.Attr {
					if a.Name.Space == "http://www.w3.org/XML/1998/namespace" && a.Name.Local == "space" {
						space = a.Value
					}
				}
			}
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		}
	}
	if space != "preserve" {
		t.Errorf(`the SVG root has xml:space=%q, want "preserve"`, space)
	}
	for _, want := range []string{"PPO  lr 3", "x y", "two", "lines", "  indented", "b c"} {
		if !slices.Contains(texts, want) {
			t.Errorf("SVG texts %q lack %q", texts, want)
		}
	}
	// What the PNG draws: the same strings, through the canvas.
	var rec recorder.Canvas
	p.Draw(draw.Canvas{Canvas: &rec, Rectangle: vg.Rectangle{Max: vg.Point{X: 6 * vg.Inch, Y: 4 * vg.Inch}}})
	var drawn []string
	for _, a := range rec.Actions {
		if fs, ok := a.(*recorder.FillString); ok {
			drawn = append(drawn, fs.String)
		}
	}
	for _, want := range []string{"PPO  lr 3", "x y", "two", "lines", "  indented", "b c"} {
		if !slices.Contains(drawn, want) {
			t.Errorf("drawn texts %q lack %q", drawn, want)
		}
	}
}
