// Package runplot draws the learning curves of finished runs: the
// metrics.csv of every run below the directories it is given (a run's
// directory, or a reproduction's or sweep's output holding many), as
// `stackel plot` does.
//
// Runs whose configurations (config.yaml, read with experiment.LoadConfig)
// differ only in the seed, or in settings that change no number
// (rl.threads, rl.checkpoint_every, an rl.dtype of float32 written or left
// out), form one series, drawn as the mean ± one sample
// standard deviation over its seeds (sweep.SeedBand, as a sweep report's
// curves/point<k> figures draw a grid point: a run shorter than the
// series' longest is padded with its last value, and the x values are the
// longest run's); Options.EachSeed draws every run as its own line. A
// series is named by its runs' job.json labels without the seed (a
// reproduction's variant, a sweep's grid point), else by the config's
// name, else by its directory; series that would share a name get the
// config keys they differ in (never the seed), or their directory, added;
// a sweep's runs come in the order of its jobs (its manifest.json, else
// sweep.json), whether its directory is given or found below one.
//
// A run directory reached twice (a DIR given twice, or inside another
// given) is read once; a copy of a run (another directory, the same
// configuration and seed) is left out of its series with a note, so no
// run counts twice in a mean and sd (--each-seed draws it). Grouping is
// by a key per run (the job ID of its configuration with the seed
// cleared), one look-up per run. A metrics.csv over MaxMetricsBytes, or
// not a regular file, is left out with a note. With --x a column whose
// values differ between a series' runs, the series is left out with a
// note (its mean would be drawn at one run's x); --each-seed draws it.
//
// The default y columns are the runs' final metrics and, for a Hi-C run,
// the leader's mean strategy xm0, … (its x0, … are the perturbed
// strategies it played); a Hi-C run's step column, iter, which counts
// stages, is labelled "stage".
//
// Each y column is a panel (plot.SavePanels) when there are several. A
// series with a value that is not finite (NaN, ±Inf, or none yet in a
// column's opening rows, which sweep.ReadColumns leaves NaN), or on a log
// axis one whose mean reaches zero or below, is left out of its panel and
// named in Result.Notes; on a log axis a series whose band alone reaches
// zero or below is drawn without it, also said in a note. A NaN after a
// column's first value (a row without a value, such as a diverged run's
// failing last row), which sweep.ReadColumns gives as the row before, is
// drawn so and said in a note naming the run and the rows: its last rows
// at its last finite value and the x of that value, earlier ones each at
// the previous row's value.
//
// The runs of a reproduction (its config name <reproduction>-<slug>, or a
// reproduction.json up to four directories above a run) are named as its
// tables and figures name its variants (repro.VariantLabel by the job.json
// label "variant", else the labels in its results.json), and an RL run's series is drawn in the colour and dash its
// variant has in the reproductions' figures (repro.VariantStyle; by its
// algorithm and leader for a sweep's run). A band of returns
// (avg_return, test_return) is clipped to the returns the run's
// environment can give (repro.ReturnBounds), as those figures clip theirs. Each
// panel's caption, under its title, says what its band is and over how
// many runs (Panel.Caption); the x axis is named by what the step column
// counts (AxisName: environment steps, iteration, stage, meta-interval).
// A panel of more than MaxLegendInside series, or whose legend would
// cover much of its data, has its legend drawn in a panel of its own,
// beside the last data panel or across the row below them (Layout),
// sized in the data areas plot.SavePanels gives it
// (plot.PanelDataAreas): names cut to its columns keep their ends and
// leave out the start a cell's names share (its title says it once), and
// fewer columns (a taller figure) are used where cut names read alike
// (legendPanels).
//
// It implements no paper equation.
package runplot
