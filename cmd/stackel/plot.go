package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stackel/stackel/experiment/runplot"
	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/plot"
)

func newPlotCmd() *cobra.Command {
	var (
		o runplot.Options
		y string
	)
	cmd := &cobra.Command{
		Use:   "plot DIR... [--y COL[,COL...]] [--x COL] [--out FILE] [--each-seed] [--log-y] [--title TEXT] [--width IN] [--height IN] [--dpi N] [--font-size PT]",
		Short: "Draw the learning curves of runs (metrics.csv) as PNG and SVG",
		Long: `plot draws the metrics.csv of every run in or below each DIR (a run's
directory, or a reproduction's or sweep's output holding many; symbolic links
to directories, tb/ and curves/ are not entered). Runs whose config.yaml differ
only in the seed are one series, drawn as the mean ± sd over its seeds (a
shorter run padded with its last value); --each-seed draws every run as its
own line. A series is named by its job.json labels without the seed (a
reproduction's variant, a sweep's grid point), else its config's name, else
its directory, with the config keys it differs in (or its directory) added
where two would share a name. A run reached twice (a DIR given twice or
inside another) is read once, and a copy of a run (the same config and
seed) is left out of its series, so that no run counts twice.

--y names the columns to draw, each in its own panel (default: the metrics
the runs report, the numeric entries of summary.json's "final" that are
columns of metrics.csv, and for a Hi-C run the leader's mean strategy xm0, …;
--y x0 draws the perturbed strategy it played); --x the x column (default: the run's
step column, "steps" if it has one, else its first). A series with a value that is not
finite (±Inf, or NaN before a column's first number), or on --log-y one
whose mean is not positive, is left out of its panel and named on stderr,
as are runs without a column (on --log-y a series whose mean − sd alone is
not positive is drawn without its band). A NaN after a column's first
number (a row without a value, as a diverged run's failing last row) is
drawn at the value of the row before, and stderr names the run and rows:
its last rows drawn at its last finite value, and at which x that is.

The runs of a reproduction's output (stackel reproduce NAME --out DIR)
are named and coloured as its figures name and colour its variants (the
labels stackel gives them, else those of its results.json; the
committed results/ sets by their runs' config names), an RL run of a
sweep coloured by its algorithm, leader and unroll, and a band of returns
(avg_return, test_return) is clipped to the returns the task can give
(CartPole-v1: [0, 500]), as those figures clip theirs; stdout says which
it did (clipping only where a band went past those returns). Each panel says under
its title what its band is and over how many runs ("mean ± 1 sd band
over n = 5 runs"; with different numbers, each line's in the legend;
"(2 without band)" for series drawn without it on --log-y). Each
panel's x axis is named by what the step column of the runs drawn in it
counts: environment steps (an RL run's steps), iteration (a learner's
iter), stage (a Hi-C run's iter), meta-interval (a negotiation run's n).
With more than 8 series in a panel, or a legend that would cover much of
the data, the legend is drawn in a panel of its own: beside the last
data panel (an odd number of panels) or across the whole row below them
(an even number). Names too long for it are cut keeping their end, the
start a cell's names share said once in its title ("HalfCheetah-v4, …");
where cut names would read alike it takes fewer columns, and the figure
is made taller (without --height) to list every series, else stderr says
some are left out or which names read alike. Panels too narrow for a
column of names go one to a row.

It writes FILE.png and FILE.svg, FILE being --out (default DIR/plot with one
DIR; --out is needed with several). --width and --height are the whole
figure's size in inches, all its panels (two to a row) included: by default
6 × 4 in per panel (a legend's own panel is one), and one of them alone
keeps those proportions. --dpi is the PNG's resolution: it is round(width·dpi) × round(height·dpi) pixels, at
most 100 million. --font-size is the tick labels' size in points (default
11); the title (14/11 of it), axis labels (13/11) and legend (11/11) scale
with it. Text keeps its size in points at any figure size: a figure made
--width 3.3 for a 3.3 in column and included at that width shows its tick
labels at --font-size.`,
		Args: runDirArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("x") && o.X == "" {
				return fmt.Errorf(`--x "": an empty column name (an unset variable?); leave the flag out for the step column`)
			}
			if cmd.Flags().Changed("y") {
				for _, c := range strings.Split(y, ",") {
					if c == "" {
						return fmt.Errorf("--y %s: an empty column name; give COL[,COL...], or leave the flag out for the runs' metrics", textcut.Quoted(y, 40))
					}
					o.Y = append(o.Y, c)
				}
			}
			// An explicit 0 is refused: Options read 0 as the default.
			for _, f := range []struct {
				flag string
				v    float64
			}{{"width", o.Width}, {"height", o.Height}, {"dpi", float64(o.DPI)}, {"font-size", o.FontSize}} {
				if cmd.Flags().Changed(f.flag) {
					if err := runplot.CheckFlag(f.flag, f.v); err != nil {
						return err
					}
				}
			}
			o.Dirs = args
			res, err := runplot.Plot(o)
			for _, n := range res.Notes {
				fmt.Fprintln(cmd.ErrOrStderr(), "plot: "+n)
			}
			if err != nil {
				return err
			}
			for _, s := range res.Said {
				if _, err := fmt.Fprintln(cmd.OutOrStdout(), "plot: "+s); err != nil {
					return err
				}
			}
			// What the figure lacks (legend entries left out, names
			// that read alike) is said after what it shows.
			for _, w := range res.Warnings {
				fmt.Fprintln(cmd.ErrOrStderr(), "plot: "+w)
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), "wrote "+textcut.Line(strings.Join(res.Files, ", ")))
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&y, "y", "", "columns to draw, comma-separated, one panel each (default: the runs' final metrics)")
	fl.StringVar(&o.X, "x", "", `x column (default: the step column, "steps" or the first)`)
	fl.StringVar(&o.Out, "out", "", "write FILE.png and FILE.svg (default DIR/plot with one DIR)")
	fl.BoolVar(&o.EachSeed, "each-seed", false, "draw every run as its own line, not the mean ± sd over seeds")
	fl.BoolVar(&o.LogY, "log-y", false, "log-scale y axis")
	fl.StringVar(&o.Title, "title", "", "figure title (default: the column)")
	fl.Float64Var(&o.Width, "width", 0, fmt.Sprintf("the whole figure's width in inches, all panels (default %g per column of panels; %g to %g)", runplot.PanelWidth, runplot.MinInches, runplot.MaxInches))
	fl.Float64Var(&o.Height, "height", 0, fmt.Sprintf("the whole figure's height in inches (default %g per row of panels, or --width's share in the default's proportions; %g to %g)", runplot.PanelHeight, runplot.MinInches, runplot.MaxInches))
	fl.IntVar(&o.DPI, "dpi", plot.DefaultSize.DPI, fmt.Sprintf("PNG resolution in pixels per inch (%d to %d)", runplot.MinDPI, runplot.MaxDPI))
	fl.Float64Var(&o.FontSize, "font-size", plot.DefaultFontSize, fmt.Sprintf("tick labels' size in points, title, axis labels and legend scaled with it (%g to %g)", runplot.MinFontSize, runplot.MaxFontSize))
	return cmd
}

// runDirArgs checks the arguments of a command taking DIR...: at least
// one, none empty (plot, eval).
func runDirArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%s needs at least one argument, DIR, a run's directory or one holding runs; none given (see %s --help)", cmd.CommandPath(), cmd.CommandPath())
	}
	for _, a := range args {
		if err := emptyArg(cmd, "DIR, a run's directory or one holding runs", a); err != nil {
			return err
		}
	}
	return nil
}
