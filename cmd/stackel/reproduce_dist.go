package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/shellquote"
	"github.com/stackel/stackel/internal/textcut"
)

// reproduceDist are the flags that run a reproduction as a sweep: on NATS
// workers (--nats URL) or as a Slurm array (--emit slurm).
type reproduceDist struct {
	natsURL         string
	emit            string
	partition, time string
	cpusPerTask     int
	binary          string
	localWorkers    int
	replace         bool
	declinedTimeout time.Duration
	conn            connFlags
}

func (d *reproduceDist) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&d.natsURL, "nats", "", "run the reproduction's jobs on the workers of this NATS server (stackel worker --nats URL)")
	fl.IntVar(&d.localWorkers, "local-workers", 0, "with --nats, also run this many worker slots in this process")
	fl.BoolVar(&d.replace, "replace", false, "with --nats: "+replaceUsage)
	fl.DurationVar(&d.declinedTimeout, "declined-timeout", 0, "with --nats: "+declinedTimeoutUsage)
	fl.StringVar(&d.emit, "emit", "", "write the reproduction as a Slurm array instead of running it: slurm")
	fl.StringVar(&d.partition, "partition", "", "Slurm partition (--emit slurm)")
	fl.StringVar(&d.time, "time", "", "Slurm time limit per task (--emit slurm)")
	fl.IntVar(&d.cpusPerTask, "cpus-per-task", 1, "Slurm CPUs per task (--emit slurm)")
	fl.StringVar(&d.binary, "stackel", "stackel", "the stackel command on the cluster (--emit slurm)")
	d.conn.add(cmd)
	d.conn.addToken(cmd)
}

func (d *reproduceDist) active() bool { return d.natsURL != "" || d.emit != "" }

// checkFlags refuses the flags of one way of distributing given without
// it: --local-workers, --replace and the connection flags without --nats,
// the Slurm flags without --emit.
func (d *reproduceDist) checkFlags(cmd *cobra.Command) error {
	if d.emit != "" && d.natsURL != "" {
		return fmt.Errorf("--emit %s and --nats: give one of them (--emit writes the jobs as a Slurm array, --nats runs them on NATS workers)", d.emit)
	}
	if d.emit != "" && d.emit != "slurm" {
		return fmt.Errorf("--emit %q: the only form is slurm", d.emit)
	}
	if err := onlyWith(cmd, d.natsURL != "", "no effect without --nats (worker slots of this process beside the remote workers)", "local-workers"); err != nil {
		return err
	}
	if err := onlyWith(cmd, d.natsURL != "", "no effect without --nats (it replaces a sweep of the same name on the server)", "replace"); err != nil {
		return err
	}
	if err := onlyWith(cmd, d.natsURL != "", "no effect without --nats (it ends the wait on jobs that the NATS workers hand back)", "declined-timeout"); err != nil {
		return err
	}
	if err := checkDeclinedTimeout(d.declinedTimeout); err != nil {
		return err
	}
	if err := onlyWith(cmd, d.natsURL != "", "no effect without --nats (they connect to the NATS server; the reproduction runs in this process or, with --emit, as the Slurm array)",
		"token", "creds", "tls-ca", "tls-cert", "tls-key"); err != nil {
		return err
	}
	if err := onlyWith(cmd, !d.active(), "no effect with --nats or --emit (the jobs run on the workers or as the Slurm array; with --nats, --local-workers sets this process's slots)", "workers"); err != nil {
		return err
	}
	return onlyWith(cmd, d.emit != "", "no effect without --emit slurm (the Slurm array's settings)", "partition", "time", "cpus-per-task", "stackel")
}

// run lists the reproduction's jobs and runs them on NATS (then writes the
// reproduction's own report from the outputs, as the in-process run does)
// or writes them as a Slurm array.
func (d *reproduceDist) run(cmd *cobra.Command, r repro.Reproduction, opt repro.Options) error {
	// The local worker slots, the executor and the reproduction print at
	// once.
	w := newSyncWriter(cmd.OutOrStdout())
	if opt.Log == cmd.OutOrStdout() {
		opt.Log = w
	} else if opt.Log != nil {
		opt.Log = newSyncWriter(opt.Log)
	}
	if r.Jobs == nil {
		return fmt.Errorf("%s is not made of jobs yet; it runs in-process only (without --nats/--emit)", r.Name)
	}
	if opt.ReportOnly {
		return fmt.Errorf("--report-only reads the runs on disk; do not combine it with --nats or --emit")
	}
	if err := r.CheckOut(opt.Out); err != nil {
		return err
	}
	jobs, err := r.Jobs(opt)
	if err != nil {
		return err
	}
	// As Execute checks them (and a sweep's expansion its jobs): an
	// array of jobs this machine's run refuses is not written.
	if err := repro.CheckJobs(jobs); err != nil {
		return reproError(r.Name, err)
	}
	m := sweep.Manifest{Name: r.Name, Jobs: sweep.Wrap(r.Name, jobs),
		Reproduce: &sweep.ReproduceSpec{Name: r.Name, Quick: opt.Quick, Seeds: opt.Seeds, Variants: opt.Variants, Envs: opt.Envs, DType: opt.DType, Steps: opt.Steps}}
	// checkFlags has refused --emit with --nats and any form but slurm.
	if d.emit == "slurm" {
		if err := sweep.WriteSlurm(opt.Out, m, sweep.SlurmOptions{Partition: d.partition, Time: d.time, CPUsPerTask: d.cpusPerTask, Binary: d.binary}); err != nil {
			return slurmFlagError(cmd, err, opt.Out)
		}
		// The array's tasks read the manifest as they start: another
		// reproduction emitted here would replace it under them.
		if err := r.ClaimOut(opt.Out); err != nil {
			return err
		}
		fmt.Fprintf(w, "wrote %s and %s: %s; submit with sbatch, then stackel sweep collect %s writes the reproduction's report\n",
			textcut.Line(filepath.Join(opt.Out, sweep.ManifestFile)), textcut.Line(filepath.Join(opt.Out, sweep.SbatchFile)), experiment.CountOf(len(jobs), "job"), textcut.Line(opt.Out))
		slurmPartsHint(w, len(jobs), textcut.Line(filepath.Join(opt.Out, sweep.SbatchFile)))
		return nil
	}
	// As runSweepNATS: the manifest, written once the jobs are queued,
	// is checked before the server is opened.
	if err := sweep.CheckManifestSize(filepath.Join(opt.Out, sweep.ManifestFile), m); err != nil {
		return err
	}
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return err
	}
	s, err := openSession(cmd.Context(), w, opt.Out, runFlags{natsURL: d.natsURL, conn: d.conn, token: d.conn.token}, "stackel reproduce "+r.Name)
	if err != nil {
		return err
	}
	defer s.close()
	stop := func() {}
	defer func() { stop() }()
	opt.Executor = natsq.Executor{Conn: s.conn, Name: r.Name, Manifest: m, Log: w, Replace: d.replace, DeclinedTimeout: d.declinedTimeout,
		Submitted: func() error {
			// Written once the server took the reproduction as the name's
			// (see runSweepNATS): one refused there (other --seeds under
			// the name) leaves the running one's manifest as it is.
			if err := sweep.WriteManifest(filepath.Join(opt.Out, sweep.ManifestFile), m); err != nil {
				return err
			}
			if d.localWorkers <= 0 && nothingToRun(cmd.Context(), s.conn, r.Name, opt.Out, sweep.Plain(m.Jobs)) {
				// Every run finished: no worker is waited for, and
				// "waiting for workers to join" would say otherwise.
				return nil
			}
			stop = s.startWorkers(cmd.Context(), w, d.localWorkers, filepath.Join(opt.Out, ".work"))
			return nil
		}}
	claim := filepath.Join(opt.Out, repro.ReproductionFile)
	_, statErr := os.Lstat(claim)
	claimedBefore := statErr == nil
	if err := r.Execute(cmd.Context(), opt); err != nil {
		if errors.Is(err, natsq.ErrNameInUse) && !claimedBefore {
			// Refused by the server before any job was queued: the claim
			// on --out that Execute wrote goes too, so that a new --out
			// is removed again (its caller's undo) as for other refusals.
			os.Remove(claim)
		}
		ids := natsq.FetchFailed(nil, nil, err)
		if declinedTimedOut(err) && cmd.Context().Err() == nil {
			// The wait ended on its declined timeout, the jobs left
			// queued: the report of the runs finished (those whose
			// outputs were downloaded) is written as --report-only
			// writes it, the others said unfinished, as sweep writes
			// its report then. (A Ctrl-C writes none, as sweep's.)
			werr := err
			if len(ids) > 0 {
				werr = fetchFailedError(m, opt.Out, ids, err)
			}
			werr = reproError(r.Name, werr)
			// The worker command with the server's URL, as the wait's
			// error gives it (the word URL while the server does not
			// answer).
			worker := s.conn.WorkerCommandAtEnd()
			words := reportWords{"reproduce --nats", "start a worker that can run them (" + worker + ") and give the same command again (the finished runs are kept)"}
			if len(m.Jobs) == 1 {
				words.finish = "start a worker that can run it (" + worker + ") and give the same command again"
			}
			if rerr := reproduceReport(cmd, opt.Out, m, words); rerr != nil {
				// Why no report is written (no run or no complete seed
				// on disk) is said first, and the wait's error last, as
				// the command's final line: joined, the report's error
				// followed the "stackel:" line of the wait's.
				fmt.Fprintln(w, rerr)
				return fmt.Errorf("%w; the report is not written: see the line above", werr)
			}
			return fmt.Errorf("%w; the report of the runs that finished is written in %s", werr, filepath.Join(opt.Out, "report.md"))
		}
		if len(ids) > 0 && cmd.Context().Err() == nil {
			// Every job ended, but the outputs of some could not be
			// downloaded: the report is written from the others' (as
			// sweep collect does), and the error names those jobs.
			ferr := reproError(r.Name, fetchFailedError(m, opt.Out, ids, err))
			if rerr := reproduceReport(cmd, opt.Out, m, natsCollectWords("reproduce --nats", d.natsURL, m.Name, opt.Out, s.conn.AdviceFlags())); rerr != nil {
				return errors.Join(ferr, rerr)
			}
			return ferr
		}
		return reproError(r.Name, err)
	}
	fmt.Fprintf(w, "wrote %s\n", textcut.Line(opt.Out))
	return nil
}

// reportWords are repro.Options.ReportedBy and Finish: the command that
// writes a reproduction's report from the runs on disk, and how the runs
// that report lacks are finished.
type reportWords struct{ by, finish string }

// slurmCollectWords are the words of `stackel sweep collect DIR` of a
// reproduction run as a Slurm array: its missing runs are the array's
// tasks not yet finished (not --report-only's, which the user did not
// give). The paths are absolute: the advice is followed from anywhere.
func slurmCollectWords(dir string) reportWords {
	dir = absDir(dir)
	return reportWords{"sweep collect", fmt.Sprintf("finish them with the Slurm array (sbatch %s again runs only the jobs not finished; or stackel run --manifest %s --index I for one) and collect again",
		shellWord(filepath.Join(dir, sweep.SbatchFile)), shellWord(filepath.Join(dir, sweep.ManifestFile)))}
}

// natsCollectWords are the words of a reproduction's report written by the
// command by after downloading its runs from the NATS server url into dir:
// the missing runs are those whose outputs could not be downloaded; dir
// is written absolute. The URL is written without its credentials (they go into report.md),
// followed by flags, the connection's credential and TLS flags as advice
// gives them (natsq.Conn.AdviceFlags: "--token '***'", "--creds FILE",
// …), which the collect needs as well: before, a reproduction on a
// server given --token or --creds advised a collect that server refuses.
func natsCollectWords(by, url, name, dir string, flags ...string) reportWords {
	return reportWords{by, fmt.Sprintf("download them again (stackel sweep collect --nats %s%s %s --out %s)", shellWord(natsq.RedactURL(url)), strings.Join(flags, ""), shellWord(name), shellWord(absDir(dir)))}
}

// absDir is dir made absolute (filepath.Abs) for the advice of a report,
// which is followed from another directory, often from inside dir
// itself: a relative --out then downloaded into a new nested directory.
// dir as given when that fails.
func absDir(dir string) string {
	if a, err := filepath.Abs(dir); err == nil {
		return a
	}
	return dir
}

// reproduceReport writes a reproduction's own report from the runs in dir
// (a reproduction run as a Slurm array or collected from NATS); words fit
// its messages to the command.
func reproduceReport(cmd *cobra.Command, dir string, m sweep.Manifest, words reportWords) error {
	r, err := repro.Lookup(m.Reproduce.Name)
	if err != nil {
		return err
	}
	if r.Resumable && len(m.Jobs) > 0 && !slices.ContainsFunc(m.Jobs, func(j sweep.Job) bool { return runOnDisk(dir, j.Out) }) {
		// repro's own refusal of a report of no run would tell the user
		// to give --out or drop --report-only, which they did not give:
		// said in the command's words instead.
		// Not "nothing was written": the manifest and the claim on dir
		// (reproduction.json) are there.
		return reproError(r.Name, fmt.Errorf("%s: %s: nothing to report, and no report is written; %s",
			words.by, noRunOnDisk(len(m.Jobs), r.Name, dir, filepath.Join(dir, m.Jobs[0].Out)), words.finish))
	}
	opt := repro.Options{Out: dir, Log: cmd.OutOrStdout(), Quick: m.Reproduce.Quick, Seeds: m.Reproduce.Seeds,
		Variants: m.Reproduce.Variants, Envs: m.Reproduce.Envs, DType: m.Reproduce.DType, Steps: m.Reproduce.Steps, ReportOnly: true,
		ReportedBy: words.by, Finish: words.finish}
	if err := r.Execute(cmd.Context(), opt); err != nil {
		return reproError(r.Name, err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", textcut.Line(dir))
	return nil
}

// noRunOnDisk says that none of the n runs of the reproduction name is on
// disk in dir, naming first, the directory of the first: "the only run of
// NAME is not on disk in DIR (no job.json or metrics.csv in FIRST)", or
// with more runs "none of the N runs of NAME is on disk in DIR (no
// job.json or metrics.csv in FIRST, …)".
func noRunOnDisk(n int, name, dir, first string) string {
	if n == 1 {
		return fmt.Sprintf("the only run of %s is not on disk in %s (no %s or %s in %s)", name, dir, experiment.JobFile, experiment.MetricsFile, first)
	}
	return fmt.Sprintf("none of the %d runs of %s is on disk in %s (no %s or %s in %s, …)", n, name, dir, experiment.JobFile, experiment.MetricsFile, first)
}

// runOnDisk reports whether the run out (a job's Out) under root has
// written its job.json or metrics.csv, as a report from disk reads them.
func runOnDisk(root, out string) bool {
	for _, f := range []string{experiment.JobFile, experiment.MetricsFile} {
		if _, err := os.Stat(filepath.Join(root, out, f)); err == nil {
			return true
		}
	}
	return false
}

// reproError prefixes err with the reproduction's name unless its text
// already begins with it (repro's own checks name the reproduction).
func reproError(name string, err error) error {
	if strings.HasPrefix(err.Error(), name+": ") {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// shellWord returns s as one POSIX shell word (shellquote.Word: itself
// when it holds only letters, digits and -_./:,+=@%, otherwise between
// '…', or in bash's $'…' with a character a terminal would not show
// escaped), the form natsq's advice writes paths in too, so that a
// command of both (report.md's collect) quotes all its words alike.
func shellWord(s string) string { return shellquote.Word(s) }
