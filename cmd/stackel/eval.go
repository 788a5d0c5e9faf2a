package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stackel/stackel/experiment/runeval"
	"github.com/stackel/stackel/internal/textcut"
)

func newEvalCmd() *cobra.Command {
	var (
		o      runeval.Options
		seed   seedValue
		asJSON bool
		quiet  bool
	)
	cmd := &cobra.Command{
		Use:   "eval DIR... [--episodes N] [--seed N] [--stochastic] [--workers N] [--json] [--quiet]",
		Short: "Play the policies of RL runs from their checkpoints and report their returns",
		Long: `eval loads the checkpoint (checkpoint.gob) of every RL run in or below each
DIR (a run's directory, or a reproduction's or sweep's output holding many)
and plays its policy for --episodes episodes (default 10) on a new instance
of the run's environment: the deterministic test policy (the mode of π_θ, or
μθ), or with --stochastic the policy that acts in training (a draw of π_θ;
μθ plus the exploration noise for DDPG and STDDPG). A finished run's
checkpoint is its end; a running or stopped run's is its last epoch, and the
steps column says which ("120000/300000").

Every run is played from the same evaluation seed (--seed, default 0, apart
from the runs' own streams, which nothing here changes), so the runs of one
environment start their episodes from the same states. It prints a row per
run (the episodes' return, mean ± sd, min and max, and mean length) and a
row per series (runs differing only in the seed, grouped as stackel plot
groups them: the mean ± sd over the runs of each run's mean return), or
with --json all of it with every episode. A series whose runs are at
different steps (some still going or stopped) says so in its RUNS column.
A run without a checkpoint (not an RL run, or a copy without one, as
committed result sets are) is left out with a note on stderr, and so is a
copy of a run (the same configuration and seed in another directory; of
the two the one trained further is played); a run whose checkpoint does
not load or whose episodes fail (a MuJoCo task in a binary built without
-tags mujoco, a non-finite step) is listed with its error, and eval then
exits 1. Interrupted (Ctrl-C), it prints the runs evaluated by then and
exits 1 saying how many.`,
		Args: runDirArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkCounts(cmd, atLeast{"episodes", 1}, atLeast{"workers", 1}); err != nil {
				return err
			}
			o.Dirs, o.Seed = args, uint64(seed)
			stderr := cmd.ErrOrStderr()
			if !quiet {
				o.OnRun = func(r runeval.Run) {
					state := "return " + pmStats(r.Return, len(r.Episodes), "episode")
					if len(r.Episodes) > 1 {
						state += fmt.Sprintf(" over %d episodes", len(r.Episodes))
					}
					if r.Error != "" {
						state = "failed: " + r.Error
					}
					fmt.Fprintf(stderr, "eval: %s: %s\n", cell(r.Dir), cell(state))
				}
			}
			res, err := runeval.Evaluate(cmd.Context(), o)
			for _, n := range res.Notes {
				fmt.Fprintln(stderr, "eval: "+textcut.Line(n))
			}
			if err != nil && (res.Interrupted == 0 || len(res.Runs) == 0) {
				return err
			}
			// Interrupted (Ctrl-C): the runs evaluated by then are
			// printed, then the error says how many.
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res); err != nil {
					return err
				}
			} else if err := writeEvalTable(out, res); err != nil {
				return err
			}
			if err != nil {
				return err
			}
			if n := res.Failed(); n > 0 {
				return fmt.Errorf("%d of %d runs not evaluated (see their errors above)", n, len(res.Runs))
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&o.Episodes, "episodes", runeval.DefaultEpisodes, "episodes played per run")
	fl.Var(&seed, "seed", "seed of the evaluation's episodes (0 to 2⁶⁴−1), the same for every run")
	fl.BoolVar(&o.Stochastic, "stochastic", false, "play the training behaviour policy (a draw of π_θ; μθ plus exploration noise for DDPG) instead of the deterministic one")
	fl.IntVar(&o.Workers, "workers", 0, "runs evaluated at once (default: the number of cores)")
	hideSentinel(fl, "workers")
	fl.BoolVar(&asJSON, "json", false, "print the result as JSON, every episode included")
	fl.BoolVar(&quiet, "quiet", false, "no line on stderr as each run is evaluated")
	return cmd
}

// writeEvalTable writes res as two tables: a row per run, then a row per
// series.
func writeEvalTable(out interface{ Write([]byte) (int, error) }, res runeval.Result) error {
	policy := "deterministic"
	if res.Stochastic {
		policy = "stochastic"
	}
	episodes := fmt.Sprintf("%d episodes", res.Episodes)
	if res.Episodes == 1 {
		episodes = "1 episode"
	}
	cut := ""
	if res.Interrupted > 0 {
		cut = fmt.Sprintf(" (interrupted: %d of %d runs not evaluated)", res.Interrupted, res.Interrupted+len(res.Runs))
	}
	fmt.Fprintf(out, "%s per run, %s policy, evaluation seed %d%s\n\n", episodes, policy, res.Seed, cut)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "RUN\tENV\tALGO\tSEED\tSTEPS\tRETURN (MEAN ± SD)\tMIN\tMAX\tLENGTH")
	var failed, stopped []string
	for _, r := range res.Runs {
		algo := r.Algo
		if r.Leader != "" {
			algo += " (" + r.Leader + " leads)"
		}
		if r.Error != "" {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\tfailed (below)\t—\t—\t—\n", cell(r.Dir), orDash(cell(r.Env)), orDash(cell(algo)), orDash(seedText(r)), orDash(stepsText(r)))
			failed = append(failed, cell(r.Dir)+": "+cell(r.Error))
			continue
		}
		steps := stepsText(r)
		if r.Stopped != "" {
			steps += " (stopped, below)"
			stopped = append(stopped, cell(r.Dir)+": "+cell(r.Stopped))
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\t%s\t%.2f\t%.2f\t%.1f\n", cell(r.Dir), cell(r.Env), cell(algo), r.Seed, steps, pmStats(r.Return, len(r.Episodes), "episode"), r.Return.Min, r.Return.Max, r.Length.Mean)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	for _, f := range failed {
		fmt.Fprintln(out, "failed: "+f)
	}
	for _, s := range stopped {
		fmt.Fprintln(out, "stopped in training (its last checkpoint played): "+s)
	}
	fmt.Fprintln(out)
	w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "SERIES\tRUNS\tRETURN (MEAN ± SD OVER RUNS)")
	for _, s := range res.Series {
		runs := strconv.Itoa(s.Runs)
		if s.MinSteps != s.MaxSteps {
			// Its mean mixes policies trained for different lengths.
			runs += fmt.Sprintf(" (at %d to %d steps)", s.MinSteps, s.MaxSteps)
		}
		if s.Failed > 0 {
			runs += fmt.Sprintf(" (%d failed, left out)", s.Failed)
		}
		ret := "—"
		if s.Runs > 0 {
			ret = pmStats(s.Return, s.Runs, "run")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", cell(s.Name), runs, ret)
	}
	return w.Flush()
}

// pmStats writes the mean ± sd of n values to two decimals; one value,
// which has no sample sd, as the mean alone marked "(1 what)".
func pmStats(s runeval.Stats, n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("%.2f (1 %s)", s.Mean, what)
	}
	return fmt.Sprintf("%.2f ± %.2f", s.Mean, s.SD)
}

// stepsText is "steps/run steps" for an evaluated run ("" before its
// checkpoint loaded).
func stepsText(r runeval.Run) string {
	if r.RunSteps == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", r.Steps, r.RunSteps)
}

// seedText is the run's seed, "" before its checkpoint loaded.
func seedText(r runeval.Run) string {
	if r.Env == "" {
		return ""
	}
	return strconv.FormatUint(r.Seed, 10)
}

// cell is s as one cell of a table row or one line: textcut.Line, its
// tabs escaped too (\t), since a tab would start another column.
func cell(s string) string { return strings.ReplaceAll(textcut.Line(s), "\t", `\t`) }

// orDash is s, or "—" when s is empty.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
