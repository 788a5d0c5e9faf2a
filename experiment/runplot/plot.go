package runplot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	gplot "gonum.org/v1/plot"

	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/plot"
)

// Options say what Plot draws.
type Options struct {
	// Dirs are the directories to draw the runs of: a run's directory (it
	// holds metrics.csv) or one holding runs below it. At least one.
	Dirs []string
	// Y are the columns to draw, each in its own panel; empty: the
	// metrics the runs report (the numeric entries of summary.json's
	// "final" that are columns of metrics.csv), as a sweep report does,
	// and a Hi-C run's mean strategy xm0, … (Run.HiC).
	Y []string
	// X is the x column; "": each run's step column ("steps" if it has
	// one, else its first, as sweep.ReadColumns picks it), labelled as
	// Run.StepLabel says (a Hi-C run's iter: "stage").
	X string
	// Out is the figure's path without extension (Out.png and Out.svg are
	// written; a trailing ".png" or ".svg" is dropped); "": Dirs[0]/plot,
	// which only one directory may default to.
	Out string
	// EachSeed draws every run as its own line instead of a mean ± sd
	// band per series.
	EachSeed bool
	// LogY puts the y axis on a log scale.
	LogY bool
	// Title is the figure's title (before each panel's column when there
	// are several); "": the column's name.
	Title string
	// Width and Height are the whole figure's size in inches (all its
	// panels, side by side two to a row); 0: PanelWidth (6 in) per column
	// of panels and PanelHeight (4 in) per row, or, with the other one
	// given, the default's proportions. DPI is the PNG's resolution in
	// pixels per inch (0: plot.DefaultSize's 150); the PNG is
	// round(Width·DPI) × round(Height·DPI) pixels. FontSize is the tick
	// labels' size in points, the title, axis labels and legend scaled
	// with it (plot.Frame.FontSize; 0: plot.DefaultFontSize, 11 pt).
	// Text keeps its size in points whatever the figure's size: for a
	// figure printed at its size (Width the paper's column), FontSize is
	// the size the reader sees. Each, when not 0, must be within its
	// bounds (MinInches to MaxInches, MinDPI to MaxDPI, MinFontSize to
	// MaxFontSize; see CheckFlag), and the PNG at most MaxPixels.
	Width, Height float64
	DPI           int
	FontSize      float64
}

// Result is what Plot drew.
type Result struct {
	// Files are the paths written: Out.png and Out.svg.
	Files []string
	// Panels are the figure's panels, as drawn.
	Panels []Panel
	// Notes say what was left out (runs without a column, series with a
	// value that is not finite), one line each, for the user.
	Notes []string
	// Said says what Plot took from the runs beyond their numbers, one
	// line each, for the user: the reproductions whose variant labels and
	// colours it used, the bands it clipped to the returns a task can
	// give, a legend drawn outside the data (describe).
	Said []string
	// Layout is the figure's layout: its grid of panels and where the
	// legend went.
	Layout Layout
	// Warnings say what the figure drawn lacks, one line each, for the
	// user after Said: legend entries left out for want of room, or
	// names that, cut to the legend's columns, read alike.
	Warnings []string
}

// Build finds the runs of opts, groups them into series and builds the
// panels Plot draws, without drawing them.
func Build(opts Options) (panels []Panel, notes []string, err error) {
	runs, notes, err := FindRuns(opts.Dirs)
	if err != nil {
		return nil, nil, err
	}
	gs := Groups(runs, opts.EachSeed)
	if !opts.EachSeed {
		var copies []string
		gs, copies = DropCopies(gs)
		notes = append(notes, copies...)
	}
	panels, more, err := Panels(gs, opts.Y, opts.X, opts.LogY)
	if err != nil {
		return nil, nil, err
	}
	notes = append(notes, more...)
	if len(panels) == 0 {
		return nil, notes, errors.New("nothing to draw: every series was left out (" + strings.Join(notes, "; ") + ")")
	}
	return panels, notes, nil
}

// OutBase is the path Plot writes to, without extension: opts.Out (less a
// trailing .png or .svg), else Dirs[0]/plot when there is one directory.
// Several directories without Out are an error.
func OutBase(opts Options) (string, error) {
	if opts.Out != "" {
		out := opts.Out
		for _, ext := range []string{".png", ".svg", ".PNG", ".SVG"} {
			out = strings.TrimSuffix(out, ext)
		}
		if b := filepath.Base(out); out == "" || b == "." || b == ".." || strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(os.PathSeparator)) {
			return "", fmt.Errorf("--out %s: names no file (a directory, or only an extension); give FILE to write FILE.png and FILE.svg, e.g. %s", textcut.Quoted(opts.Out, 60), textcut.Quoted(filepath.Join(opts.Out, "plot"), 80))
		}
		return out, nil
	}
	if len(opts.Dirs) != 1 {
		return "", fmt.Errorf("--out: needed with %d directories (the figure has no one directory to go in); give --out FILE to write FILE.png and FILE.svg", len(opts.Dirs))
	}
	return filepath.Join(opts.Dirs[0], "plot"), nil
}

// Plot draws the runs of opts (Build) and writes the figure: one panel
// per y column, side by side two to a row (plot.SavePanels), or one
// figure for one column (plot.Save), as PNG and SVG.
func Plot(opts Options) (Result, error) {
	// The figure's fields are checked before the runs are read; the
	// size, which depends on the panels, after.
	if _, err := checkFigure(opts); err != nil {
		return Result{}, err
	}
	base, err := OutBase(opts)
	if err != nil {
		return Result{}, err
	}
	panels, notes, err := Build(opts)
	if err != nil {
		return Result{Notes: notes}, err
	}
	lay, legend, size, err := arrange(opts, panels)
	if err != nil {
		return Result{Notes: notes}, err
	}
	var warnings []string
	plots := make([]*gplot.Plot, len(panels), len(panels)+2)
	for i, p := range panels {
		frame := plot.Frame{Title: PanelTitle(opts.Title, p, len(panels)), XLabel: p.XLabel, YLabel: p.Column, FontSize: opts.FontSize}
		if lay.LegendOutside {
			frame.Legend = plot.NoLegend
		}
		plots[i], err = plot.Lines(plot.LinesFigure{Frame: frame, Series: p.Series, LogY: opts.LogY})
		if err != nil {
			return Result{Notes: notes}, fmt.Errorf("panel %s: %w", textcut.Word(p.Column, 40), err)
		}
	}
	if lay.LegendOutside {
		// The entries drawn dashed in a data panel as lying on another.
		dashed := make([]bool, len(legend))
		for _, p := range panels {
			for i, c := range coincident(p.Series, opts.LogY) {
				if c && i < len(p.entry) {
					dashed[p.entry[i]] = true
				}
			}
		}
		plots, size, warnings, err = legendPanels(opts, &lay, plots, legend, dashed, size)
		if err != nil {
			return Result{Notes: notes}, fmt.Errorf("legend: %w", err)
		}
	}
	var files []string
	if len(plots) == 1 {
		files, err = plot.Save(plots[0], base, size)
	} else {
		files, err = plot.SavePanels(plots, lay.Cols, base, size)
	}
	if err != nil {
		return Result{Notes: notes}, err
	}
	return Result{Files: files, Panels: panels, Notes: notes, Said: describe(panels, lay), Layout: lay, Warnings: warnings}, nil
}

// PanelTitle is the title of panel p of a figure of n panels: the
// figure's title (Options.Title) with p's column after it when there are
// several, else the column, and under it p's caption (Panel.Caption: what
// the lines and bands are, and over how many runs).
func PanelTitle(title string, p Panel, n int) string {
	t := p.Column
	switch {
	case title != "" && n == 1:
		t = title
	case title != "":
		t = title + ": " + p.Column
	}
	if p.Caption != "" {
		t += "\n" + p.Caption
	}
	return t
}

// arrange lays out the panels and the legend of a figure of opts
// (layoutOf) and gives its size: the legend goes outside the data when a
// panel has more than MaxLegendInside series, or when, inside, it would
// cover much of the data (legendInsideFits). Outside, legendPanels then
// fits it to its panels.
func arrange(opts Options, panels []Panel) (lay Layout, legend []plot.Series, size plot.Size, err error) {
	lay, legend = layoutOf(panels, false)
	if size, err = figureSize(opts, lay.Cols, lay.Rows); err != nil {
		return lay, nil, size, err
	}
	sty, err := legendStyle(opts.FontSize)
	if err != nil {
		return lay, nil, size, err
	}
	if !lay.LegendOutside {
		cw, ch := cellPoints(size, lay.Cols, lay.Rows)
		dw, dh := dataArea(sty, cw, ch)
		for _, p := range panels {
			names := make([]string, len(p.Series))
			for i, s := range p.Series {
				names[i] = s.Name
			}
			if !legendInsideFits(sty, names, dw, dh) {
				lay, legend = layoutOf(panels, true)
				lay.TooBig = true
				if size, err = figureSize(opts, lay.Cols, lay.Rows); err != nil {
					return lay, nil, size, err
				}
				break
			}
		}
	}
	if !lay.LegendOutside {
		return lay, legend, size, nil
	}
	return lay, legend, size, nil
}
