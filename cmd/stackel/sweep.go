package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/textcut"
)

// sweepFlags are the flags of `stackel sweep SPEC`.
type sweepFlags struct {
	out, emit       string
	partition, time string
	cpusPerTask     int
	binary          string
	run             runFlags
}

func newSweepCmd() *cobra.Command {
	var f sweepFlags
	cmd := &cobra.Command{
		Use:   "sweep SPEC",
		Short: "Run a sweep (grid × seeds) on NATS JetStream workers, or write it as a Slurm array",
		Long: `sweep expands a sweep specification (see the README, "Sweeps and clusters") into
jobs, validates every one, and runs them:

  stackel sweep SPEC [--out DIR] [--workers N] [--listen ADDR]   embedded NATS server, N local workers
  stackel sweep SPEC --nats URL [--workers N]                      an existing NATS server or cluster
  stackel sweep SPEC --emit slurm --out DIR                        DIR/manifest.json + DIR/sweep.sbatch

Outputs: DIR/runs/<job-id>/ (config.yaml, metrics.csv, summary.json, tb/,
job.json, attempt.json), DIR/manifest.json, DIR/sweep.json and DIR/report.md
with curves/point<k>.png/svg.`,
		Args: oneArg("SPEC, the sweep specification file"),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			if f.emit != "" && f.emit != "slurm" {
				// First: checked after the spec was expanded (minutes for
				// a large one), and the checks of the flags that go with
				// --emit called "--emit Slurm --workers 2" one "with
				// --emit slurm".
				return fmt.Errorf("--emit %q: the only form is slurm", f.emit)
			}
			if err := checkCounts(cmd, atLeast{"workers", 0}, atLeast{"attempts", 1}, atLeast{"cpus-per-task", 1}); err != nil {
				return err
			}
			if err := onlyWith(cmd, f.emit != "", "no effect without --emit slurm (the Slurm array's settings)", "partition", "time", "cpus-per-task", "stackel"); err != nil {
				return err
			}
			if err := onlyWith(cmd, f.emit == "", "no effect with --emit slurm (they run the sweep on NATS; the array's tasks run stackel run --manifest, one job each, and Slurm requeues them)",
				"workers", "listen", "nats", "token", "user", "password", "ack-wait", "attempts", "replace", "declined-timeout", "creds", "tls-ca", "tls-cert", "tls-key"); err != nil {
				return err
			}
			if err := checkDeclinedTimeout(f.run.declinedTimeout); err != nil {
				return err
			}
			if f.run.ackWait < natsq.MinAckWait {
				// Refused before a server starts or DIR is made (the
				// queue's Setup refuses it too, later).
				return fmt.Errorf("--ack-wait %v: need at least %v (workers report progress at most every 100 ms)", f.run.ackWait, natsq.MinAckWait)
			}
			spec, err := sweep.LoadSpec(args[0])
			if err != nil {
				return err
			}
			jobs, err := spec.Expand()
			if err != nil {
				// Named by its file, as LoadSpec's errors are.
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if f.out == "" {
				f.out = filepath.Join("out", spec.Name)
			}
			if err := checkSweepOut(f.out); err != nil {
				return err
			}
			if w := sweepEpochWarning(args[0], f.out, jobs); w != "" {
				fmt.Fprintln(cmd.ErrOrStderr(), w)
			}
			// Made here (with its missing parents): removed again if the
			// sweep is refused before writing anything into it (jobs this
			// binary cannot run, a --listen address refused), so that an
			// error leaves nothing behind.
			undo, err := makeOutDir(f.out)
			if err != nil {
				return err
			}
			defer func() {
				if err != nil {
					undo()
				}
			}()
			w := cmd.OutOrStdout()
			switch f.emit {
			case "slurm":
				if err := sweep.WriteSlurm(f.out, sweep.Manifest{Name: spec.Name, Jobs: jobs}, sweep.SlurmOptions{
					Partition: f.partition, Time: f.time, CPUsPerTask: f.cpusPerTask, Binary: f.binary,
				}); err != nil {
					return slurmFlagError(cmd, err, f.out)
				}
				// The array's indices: "array 0-0" reads as a range.
				array := fmt.Sprintf("%d jobs (array 0-%d)", len(jobs), len(jobs)-1)
				if len(jobs) == 1 {
					array = "1 job (array index 0)"
				}
				fmt.Fprintf(w, "wrote %s and %s: %s; submit with sbatch %s, then stackel sweep collect %s\n",
					textcut.Line(filepath.Join(f.out, sweep.ManifestFile)), textcut.Line(filepath.Join(f.out, sweep.SbatchFile)), array,
					textcut.Line(filepath.Join(f.out, sweep.SbatchFile)), textcut.Line(f.out))
				slurmPartsHint(w, len(jobs), textcut.Line(filepath.Join(f.out, sweep.SbatchFile)))
				return nil
			case "":
				if f.run.natsURL == "" && f.run.workers != 0 {
					// This process's workers run the jobs: one this binary
					// cannot run is refused before any starts (as
					// runSweepNATS does), named by the spec's file, grid
					// point and seed, not only by its runs/<job ID>.
					if err := sweepJobsRunnable(args[0], spec, jobs); err != nil {
						return err
					}
				}
				if err := runSweepNATS(cmd, spec.Name, jobs, f); err != nil {
					if cmd.Context().Err() != nil {
						return fmt.Errorf("sweep %s stopped (%w); the same command continues it: finished jobs are kept, and a running RL job resumes from its checkpoint", spec.Name, err)
					}
					return err
				}
				// The report is written: a sweep with failed (or cancelled)
				// jobs says so in its exit status too, as a reproduction
				// whose runs failed does.
				sf, err := sweep.ReadFile(filepath.Join(f.out, "sweep.json"))
				if err != nil {
					return err
				}
				return sweep.NotDone(spec.Name, f.out, sf.Jobs)
			default:
				return fmt.Errorf("--emit %q: the only form is slurm", f.emit)
			}
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "output directory (default out/NAME)")
	fl.StringVar(&f.emit, "emit", "", "write the sweep for another scheduler instead of running it: slurm")
	fl.StringVar(&f.partition, "partition", "", "Slurm partition (--emit slurm)")
	fl.StringVar(&f.time, "time", "", "Slurm time limit per task, e.g. 04:00:00 (--emit slurm)")
	fl.IntVar(&f.cpusPerTask, "cpus-per-task", 1, "Slurm CPUs per task (--emit slurm)")
	fl.StringVar(&f.binary, "stackel", "stackel", "the stackel command on the cluster (--emit slurm)")
	addSweepRunFlags(cmd, &f)
	cmd.AddCommand(newSweepStatusCmd(), newSweepCollectCmd(), newSweepCancelCmd())
	return cmd
}

func newSweepCollectCmd() *cobra.Command {
	var (
		n   natsClient
		out string
	)
	cmd := &cobra.Command{
		Use:   "collect DIR | collect --nats URL NAME --out DIR",
		Short: "Write a sweep's report: from the runs on disk in DIR (Slurm), or downloaded from NATS",
		Args:  oneArg("DIR, the sweep's directory (with --nats, NAME, the sweep's name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if n.url != "" {
				if out == "" {
					out = filepath.Join("out", args[0])
				}
				return collectNATS(cmd, n, args[0], out)
			}
			// From the disk the report is written into DIR itself, and
			// nothing connects: these flags were ignored without a word.
			if err := onlyWith(cmd, false, "no effect without --nats (collect DIR writes the report into DIR from the runs there; --out names the directory of a sweep downloaded from a server)",
				"out", "token", "creds", "tls-ca", "tls-cert", "tls-key"); err != nil {
				return err
			}
			dir := args[0]
			m, err := sweep.ReadManifest(filepath.Join(dir, sweep.ManifestFile))
			if err != nil {
				return fmt.Errorf("%w (collect DIR reads the manifest of a sweep run with --emit slurm or stackel sweep; give --nats URL NAME to collect from a server)", err)
			}
			if m.Reproduce != nil {
				return reproduceReport(cmd, dir, m, slurmCollectWords(dir))
			}
			release, err := lockSweepReport(dir, cmd.OutOrStdout())
			if err != nil {
				return err
			}
			defer release()
			recs := sweep.DiskRecords(dir, m.Jobs)
			if err := sweep.WriteReport(dir, m.Name, m.Jobs, recs, cmd.OutOrStdout()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", textcut.Line(strings.Join([]string{filepath.Join(dir, "sweep.json"), filepath.Join(dir, "report.md")}, ", ")))
			return nil
		},
	}
	cmd.Flags().StringVar(&n.url, "nats", "", "collect from this NATS server (then the argument is the sweep's NAME)")
	cmd.Flags().StringVar(&out, "out", "", "output directory for --nats (default out/NAME)")
	n.conn.add(cmd)
	n.conn.addToken(cmd)
	return cmd
}

// lockSweepReport takes the report lock of the sweep directory dir
// (experiment.LockReport) for the reading of its runs and the writing of
// its report, saying on w when it waits for another writer: two collects
// at once (or a NATS sweep's end and a collect) otherwise could let the
// report of the runs read first replace the newer one, or mix sweep.json
// of one with report.md of the other. The caller releases it once the
// report is written.
func lockSweepReport(dir string, w io.Writer) (release func(), err error) {
	return experiment.LockReport(dir, func() {
		fmt.Fprintf(w, "sweep: waiting for the report being written in %s (by another stackel process, or another collect) to be finished\n", textcut.Line(dir))
	})
}

// slurmFlags maps the options sweep.WriteSlurm refuses to the flags of
// sweep and reproduce that set them.
var slurmFlags = map[string]string{
	sweep.SlurmPartition:   "partition",
	sweep.SlurmTime:        "time",
	sweep.SlurmBinary:      "stackel",
	sweep.SlurmCPUsPerTask: "cpus-per-task",
}

// slurmFlagError restates a *sweep.SlurmError of `--emit slurm` in the
// command's terms: the flag the refused value came from, or the output
// directory as given (--out, or the default), rather than the sweep
// package's "sweep: slurm option …" (said of a reproduction too, and
// without the flag). Other errors are returned as they are.
func slurmFlagError(cmd *cobra.Command, err error, out string) error {
	var se *sweep.SlurmError
	if !errors.As(err, &se) {
		return err
	}
	if se.Option == sweep.SlurmDir {
		where := fmt.Sprintf("--out %q", out)
		if !cmd.Flags().Changed("out") {
			where = fmt.Sprintf("output directory %q (the default; give --out)", out)
		}
		abs := ""
		if se.Value != out {
			abs = fmt.Sprintf(" (its absolute path is %q)", se.Value)
		}
		return fmt.Errorf("%s: --emit slurm writes the path into the Slurm script, which takes none with spaces or shell characters%s: use a path of letters, digits and _.:/@+=,- only", where, abs)
	}
	flag, ok := slurmFlags[se.Option]
	if !ok {
		return err
	}
	v := strconv.Quote(se.Value)
	if se.Option == sweep.SlurmCPUsPerTask {
		v = se.Value
	}
	return fmt.Errorf("--%s %s: %s (it is written into the Slurm script)", flag, v, se.Reason)
}

// slurmDefaultMaxArraySize is Slurm's default MaxArraySize: an array's
// indices must be below it, so sbatch refuses --array=0-1001 and beyond.
const slurmDefaultMaxArraySize = 1001

// slurmPartsHint tells w, when an emitted array of n jobs is longer than
// a default Slurm takes at once, how to submit the script at path in
// parts of 1000 (sbatch itself would refuse the whole array, saying only
// that the job array specification is invalid).
func slurmPartsHint(w io.Writer, n int, path string) {
	if n <= slurmDefaultMaxArraySize {
		return
	}
	const part = 1000
	parts := (n + part - 1) / part
	last := n - (parts-1)*part
	if parts == 2 {
		// The second part is the last: named once, with its own length
		// (a full 0-999 at offset 1000 ran indices past the manifest).
		fmt.Fprintf(w, "%d jobs: a Slurm with the default MaxArraySize (%d) refuses the whole array; submit it in 2 parts: sbatch --array=0-%d %s, then sbatch --array=0-%d --export=ALL,STACKEL_INDEX_OFFSET=%d %s\n",
			n, slurmDefaultMaxArraySize, part-1, path, last-1, part, path)
		return
	}
	fmt.Fprintf(w, "%d jobs: a Slurm with the default MaxArraySize (%d) refuses the whole array; submit it in %d parts: sbatch --array=0-%d %s, then sbatch --array=0-%d --export=ALL,STACKEL_INDEX_OFFSET=%d %s, and so on to the last part, sbatch --array=0-%d --export=ALL,STACKEL_INDEX_OFFSET=%d %s\n",
		n, slurmDefaultMaxArraySize, parts, part-1, path, part-1, part, path, last-1, (parts-1)*part, path)
}

// sweepJobsRunnable returns an error for the first of the jobs of spec
// (read from the file specPath) that this binary cannot run
// (experiment.CheckRunnable: a MuJoCo task without the mujoco tag),
// naming the spec's file, the job's grid point and seed, where rl.env
// comes from (the grid, or the base file), and the job's directory, and
// saying how to run it; nil when every job can run here.
func sweepJobsRunnable(specPath string, spec *sweep.Spec, jobs []sweep.Job) error {
	from := "its config"
	if spec.Base != "" {
		from = "its base " + spec.Base
	}
	for _, g := range spec.Grid {
		if g.Key == "rl.env" {
			from = "its grid"
		}
	}
	for _, j := range jobs {
		if j.Task != nil {
			continue
		}
		cfg, err := experiment.ParseConfig([]byte(j.Config))
		if err != nil {
			continue
		}
		if err := experiment.CheckRunnable(cfg); err != nil {
			return fmt.Errorf("%s: %s (%s; rl.env from %s): %w\nthis sweep's workers are this process's: run the sweep with a stackel so built, or give --workers 0 and start workers so built (stackel worker --nats URL)",
				specPath, jobPoint(j), j.Out, from, err)
		}
	}
	return nil
}

// sweepEpochWarning returns one warning for the sweep of jobs (read from
// the file specPath) when the length of an RL job is not a whole number
// of epochs (epochWarning: such a run cannot be lengthened later), naming
// the first such job's grid point and seed and how many jobs are so; ""
// when none is. One for the sweep, not one per job: its jobs share the
// length but for a grid over rl.steps or rl.steps_per_epoch. A job whose
// directory below out records it already (the sweep given again to
// continue it) was warned of then and is left out.
func sweepEpochWarning(specPath, out string, jobs []sweep.Job) string {
	var first, at string
	n := 0
	for _, j := range jobs {
		if j.Task != nil {
			continue
		}
		if rec, found, err := experiment.ReadJobRecord(j.OutDir(out)); err == nil && found && rec.ID == j.ID {
			// Started by this sweep given before, and warned of then:
			// the same command continuing it does not say it again.
			continue
		}
		cfg, err := experiment.ParseConfig([]byte(j.Config))
		if err != nil {
			continue
		}
		if w := epochWarning(cfg, "rl.steps"); w != "" {
			if n == 0 {
				first, at = w, jobPoint(j)
			}
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("warning: %s: %s (%d of the sweep's %s, the first at %s)", specPath, first, n, experiment.CountOf(len(jobs), "job"), at)
}

// jobPoint names a sweep's job by its grid point and seed ("grid point
// {rl.algo=sac} seed 1"), or by its seed alone when its spec has no grid
// (whose one point Label calls "base").
func jobPoint(j sweep.Job) string {
	if len(j.Grid) == 0 {
		return fmt.Sprintf("seed %d", j.Seed)
	}
	return fmt.Sprintf("grid point {%s} seed %d", j.Label(), j.Seed)
}
