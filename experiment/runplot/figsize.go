package runplot

import (
	"fmt"
	"strings"

	"github.com/stackel/stackel/plot"
)

// The bounds of Options.Width, Height, DPI and FontSize (and of stackel
// plot's --width, --height, --dpi and --font-size): beyond them a figure
// is unreadable or its PNG absurd. A PNG is also refused above MaxPixels.
const (
	MinInches, MaxInches     = 1.0, 50.0
	MinDPI, MaxDPI           = 50, 1200
	MinFontSize, MaxFontSize = 4.0, 36.0
	MaxPixels                = 1e8
)

// Default panel size, in inches: a figure is PanelWidth wide per column of
// panels and PanelHeight high per row unless Options say otherwise.
const (
	PanelWidth  = 6.0
	PanelHeight = 4.0
)

// CheckFlag checks the value v of the figure flag named flag ("width",
// "height", "dpi" or "font-size"; the Options fields Width, Height, DPI
// and FontSize) against its bounds, zero included (which Options read as
// the default). Its error names the flag and the value, e.g.
// "--width 0: want the figure's width in inches, from 1 to 50".
func CheckFlag(flag string, v float64) error {
	var what string
	var lo, hi float64
	switch flag {
	case "width", "height":
		what, lo, hi = "the figure's "+flag+" in inches", MinInches, MaxInches
	case "dpi":
		what, lo, hi = "the PNG's resolution in pixels per inch", MinDPI, MaxDPI
	case "font-size":
		what, lo, hi = "the tick labels' size in points", MinFontSize, MaxFontSize
	default:
		panic("runplot: CheckFlag: unknown flag " + flag)
	}
	if !(v >= lo && v <= hi) { // NaN too
		return fmt.Errorf("--%s %v: want %s, from %v to %v", flag, v, what, lo, hi)
	}
	return nil
}

// checkFigure checks the figure fields of opts that are not 0 against
// their bounds (CheckFlag), returning the flags given ("--width 3.3") for
// figureSize's messages.
func checkFigure(opts Options) (given []string, err error) {
	for _, f := range []struct {
		flag string
		v    float64
	}{{"width", opts.Width}, {"height", opts.Height}, {"dpi", float64(opts.DPI)}, {"font-size", opts.FontSize}} {
		if f.v == 0 {
			continue
		}
		if err := CheckFlag(f.flag, f.v); err != nil {
			return nil, err
		}
		if f.flag != "font-size" {
			given = append(given, fmt.Sprintf("--%s %v", f.flag, f.v))
		}
	}
	return given, nil
}

// figureSize returns the size the figure of opts is saved at, with panels
// in cols columns and rows rows: Width × Height in inches at DPI, each
// defaulting as Options say. It returns an error naming the flag for a
// value out of its bounds (CheckFlag), a height or width from the other's
// proportions below MinInches or above MaxInches, or a PNG of more than
// MaxPixels.
func figureSize(opts Options, cols, rows int) (plot.Size, error) {
	given, err := checkFigure(opts)
	if err != nil {
		return plot.Size{}, err
	}
	// The default's proportions: one of Width and Height alone gives the
	// other.
	aspect := PanelHeight * float64(rows) / (PanelWidth * float64(cols))
	w, h := opts.Width, opts.Height
	derived := ""
	switch {
	case w == 0 && h == 0:
		w, h = PanelWidth*float64(cols), PanelHeight*float64(rows)
	case h == 0:
		h, derived = w*aspect, "height"
	case w == 0:
		w, derived = h/aspect, "width"
	}
	if derived != "" {
		v, other := h, "--height"
		if derived == "width" {
			v, other = w, "--width"
		}
		if !(v >= MinInches && v <= MaxInches) {
			return plot.Size{}, fmt.Errorf("%s: the figure's %s in the default's proportions (%d×%d panels of %v×%v in) would be %.4g in, not from %v to %v; give %s too",
				given[0], derived, cols, rows, PanelWidth, PanelHeight, v, MinInches, MaxInches, other)
		}
	}
	dpi := opts.DPI
	if dpi == 0 {
		dpi = plot.DefaultSize.DPI
	}
	size := plot.Size{Width: w, Height: h, DPI: dpi}
	if pw, ph := size.Pixels(); float64(pw)*float64(ph) > MaxPixels {
		if len(given) == 0 {
			given = []string{"the default size"}
		}
		return plot.Size{}, fmt.Errorf("%s: the figure, %.4g×%.4g in at %d dpi, would be a %d×%d-pixel PNG, over %.0f million pixels; lower --dpi, --width or --height",
			strings.Join(given, " "), w, h, dpi, pw, ph, MaxPixels/1e6)
	}
	return size, nil
}
