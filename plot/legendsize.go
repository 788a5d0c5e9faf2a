package plot

import (
	"fmt"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// PanelDataAreas is the data area of each of plots as SavePanels lays
// them out, cols to a row, in a figure of size (its defaults filled): the
// same tiles, titles and labels wrapped to them, and panels aligned, in
// points from the figure's bottom left corner. A caller sizing what a
// panel draws in its data area (a legend's columns and rows) measures it
// here rather than guessing the room titles and ticks take.
func PanelDataAreas(plots []*gplot.Plot, cols int, size Size) ([]vg.Rectangle, error) {
	if len(plots) == 0 || cols <= 0 {
		return nil, fmt.Errorf("plot: PanelDataAreas: %d plots in %d columns", len(plots), cols)
	}
	size, err := size.withDefaults()
	if err != nil {
		return nil, err
	}
	rows := (len(plots) + cols - 1) / cols
	grid := make([][]*gplot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*gplot.Plot, cols)
		for c := range grid[r] {
			if i := r*cols + c; i < len(plots) {
				if plots[i] == nil {
					return nil, fmt.Errorf("plot: PanelDataAreas: plot %d is nil", i)
				}
				grid[r][c] = plots[i]
			}
		}
	}
	w, h := vg.Length(size.Width)*vg.Inch, vg.Length(size.Height)*vg.Inch
	dc := draw.Canvas{Canvas: &recorder.Canvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4}
	for r := range grid {
		for c, p := range grid[r] {
			if p != nil {
				defer fitText(p, tiles.At(dc, c, r))()
			}
		}
	}
	canvases := gplot.Align(grid, tiles, dc)
	out := make([]vg.Rectangle, len(plots))
	for i, p := range plots {
		out[i] = p.DataCanvas(canvases[i/cols][i%cols]).Rectangle
	}
	return out, nil
}
