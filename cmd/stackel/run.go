package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/rl/agent"
	"github.com/stackel/stackel/tblog"
)

func newRunCmd() *cobra.Command {
	var (
		out    string
		seed   seedValue
		quiet  bool
		resume string
		man    string
		index  int
		job    string
		force  bool
	)
	cmd := &cobra.Command{
		Use:   "run CONFIG | run --resume DIR [CONFIG] | run --job FILE | run --manifest DIR/manifest.json --index I",
		Short: "Run the learning dynamics a configuration describes",
		Long: `run reads a YAML or JSON configuration (see the README), runs it and writes
DIR/metrics.csv, DIR/summary.json, a copy of the config as DIR/config.yaml
and, for an RL run, DIR/checkpoint.gob and DIR/tb/ (TensorBoard events; any
other run with record: {tensorboard: true} writes DIR/tb/ too), DIR being
--out or out/NAME. --resume DIR continues an RL run from
its last checkpoint, with DIR/config.yaml or the CONFIG given; a config
that differs only in a larger rl.steps lengthens the run (to the numbers of
a run that long from the start). --job FILE runs a job (a config and a seed
as JSON, as reproductions and sweeps list them) into --out DIR (default
out/<job id>), resuming an RL job from its checkpoint and skipping a job
finished there.`,
		Args: func(cmd *cobra.Command, args []string) error {
			// Before the arguments are counted (cobra checks them before
			// the root's PersistentPreRunE): --resume "" and --job "" stand
			// for the argument, and were reported as "none given".
			if err := emptyPathFlags(cmd); err != nil {
				return err
			}
			if (man != "" || job != "") && len(args) > 0 {
				return fmt.Errorf("run --manifest and run --job take no CONFIG argument (the job holds its config); %d given (%s)", len(args), argsText(args))
			}
			if man != "" || job != "" {
				return nil
			}
			if resume != "" && len(args) > 1 {
				return fmt.Errorf("run --resume DIR takes at most one argument, the CONFIG that lengthens the run; %d given (%s)", len(args), argsText(args))
			}
			if resume != "" && len(args) == 1 {
				return emptyArg(cmd, "CONFIG, the configuration that lengthens the run", args[0])
			}
			if resume != "" {
				return nil
			}
			return oneArg("CONFIG, the configuration file (or --resume DIR, --job FILE, --manifest FILE --index I)")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("index") && index < 0 {
				return fmt.Errorf("--index %d: a job's index in the manifest counts from 0", index)
			}
			if err := onlyWith(cmd, man != "", "no effect without --manifest (the job's index in it)", "index"); err != nil {
				return err
			}
			if man != "" {
				if err := onlyWith(cmd, false, "not with --manifest, whose job runs into DIR/runs/<job-id>/ of the manifest's sweep with the job's own seed", "out", "seed", "resume", "force", "job"); err != nil {
					return err
				}
				return runManifest(cmd, man, index, quiet)
			}
			if job != "" && force {
				// RunJob skips a finished job and resumes an unfinished
				// one: --force deleted nothing and ran nothing again.
				return fmt.Errorf("--force: no effect with --job, which skips a job finished in its directory and resumes an unfinished one; to run it again from the start, delete the directory or give another --out")
			}
			if job != "" {
				// Named, as every flag given where it has no effect: the
				// job file holds the seed, and --resume is what --job
				// does to an unfinished job anyway.
				if err := onlyWith(cmd, false, "not with --job, which runs the job as written, with the job file's seed, into --out (resuming an unfinished job there)", "seed", "resume"); err != nil {
					return err
				}
				return runJobFile(cmd, job, out, quiet)
			}
			var cfg *experiment.Config
			var err error
			if resume != "" {
				if cmd.Flags().Changed("seed") {
					// The checkpoint's seed is the run's: another one was
					// refused later as "a different configuration … resume
					// with the run's own config.yaml", which names no flag.
					return fmt.Errorf("--seed: not with --resume, which continues the run in %s with the seed it started with", resume)
				}
				if out != "" && out != resume {
					return fmt.Errorf("--resume %s writes into its own directory; do not also give --out %s", resume, out)
				}
				out = resume
				if fi, err := os.Stat(resume); errors.Is(err, fs.ErrNotExist) {
					// Nothing to resume (a mistyped directory): say so,
					// rather than a failed write into it.
					return fmt.Errorf("--resume %s: no such run directory (to start a run there, use stackel run CONFIG --out DIR)", resume)
				} else if err == nil && !fi.IsDir() {
					// A file (its config.yaml or checkpoint, say), not the
					// run's directory.
					return fmt.Errorf("--resume %s: no such run directory: it is a file; give the run's directory (the one holding config.yaml and checkpoint.gob)", resume)
				} else if err != nil {
					return fmt.Errorf("--resume: %w", err)
				}
				cfgPath := filepath.Join(resume, experiment.ConfigFile)
				if len(args) == 1 {
					cfgPath = args[0]
				} else if _, err := os.Stat(cfgPath); errors.Is(err, fs.ErrNotExist) {
					// A directory that holds no run (a mistyped one, the
					// configs/ folder): say so, rather than "open
					// DIR/config.yaml: no such file or directory".
					return fmt.Errorf("--resume %s: no run to resume there (no %s); give the config to start it there (stackel run --resume %s CONFIG) or run it elsewhere (stackel run CONFIG --out DIR)", resume, experiment.ConfigFile, shellWord(resume))
				}
				cfg, err = experiment.LoadConfig(cfgPath)
			} else {
				cfg, err = experiment.LoadConfig(args[0])
			}
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("seed") {
				cfg.Seed = uint64(seed)
			}
			if len(args) == 1 && resume != "" {
				// --resume DIR CONFIG continues the run in DIR: it keeps
				// that run's name (a finished run given again is left as
				// it was, a lengthened one runs into the same out/NAME
				// again), whatever CONFIG names it (an earlier stackel
				// saved name: "" for a nameless CONFIG, and renamed the
				// run after a named one).
				if rec, err := experiment.LoadConfig(filepath.Join(resume, experiment.ConfigFile)); err == nil && rec.Name != "" {
					if cfg.Name != "" && cfg.Name != rec.Name {
						fmt.Fprintf(cmd.ErrOrStderr(), "note: the run in %s is named %s and keeps that name (%s names it %s)\n", resume, rec.Name, args[0], cfg.Name)
					}
					cfg.Name = rec.Name
				}
			}
			if cfg.Name == "" && len(args) == 1 {
				// The name defaults to the config file's, for the output
				// directory, summary.json, the saved config.yaml (which
				// then runs into the same out/NAME) and the progress; also
				// for --resume DIR CONFIG into a DIR without a run.
				// DIR/config.yaml, read by --resume DIR alone, has its
				// run's name.
				cfg.Name = strings.TrimSuffix(filepath.Base(args[0]), filepath.Ext(args[0]))
				if err := experiment.CheckName(cfg.Name); err != nil {
					return fmt.Errorf("%s: the config has no name and its file name cannot be one (%w); give it a name: key", args[0], err)
				}
			}
			if out == "" {
				out = filepath.Join("out", cfg.Name)
			}
			var claim *experiment.DirClaim // the output directory's, for the run's lifetime
			if resume == "" {
				// Check the whole config (what building the run finds: a
				// formula's unknown name, a Markov spec's error) before
				// the directory is touched: --force must not delete a run
				// for a config that cannot run. An environment this binary
				// lacks (MuJoCo without the tag) first: its error says how
				// to build one that has it.
				if err := experiment.CheckRunnable(cfg); err != nil {
					return cfg.Locate(err) // the file and rl.env's line
				}
				if err := experiment.Check(cfg); err != nil {
					return cfg.Locate(err)
				}
				// A file where the directory or one of its parents
				// should be: said naming both, not "mkdir F: not a
				// directory".
				if _, err := missingDirs(out); err != nil {
					return err
				}
				if err := checkRunOut(out); err != nil {
					return err
				}
				c, err := experiment.PrepareRunDir(out, force)
				if err != nil {
					return sameRunHint(err, cfg, out)
				}
				claim = c
			} else if force {
				return fmt.Errorf("--force deletes a run and --resume continues it; give one of them")
			} else if err := resumeKind(cfg, out, len(args) == 1); err != nil {
				return err
			} else if job, ok, err := resumedJob(cfg, out); err != nil {
				return err
			} else if ok {
				// A job's directory (a reproduction's or sweep's run, or
				// run --job's): continued as the job, so that job.json
				// follows — a lengthening recorded the longer run in
				// config.yaml and left job.json describing the shorter
				// one, "done", and a resumed job "running" once done.
				if w := resumeEpochWarning(cfg, out); w != "" {
					fmt.Fprintln(cmd.ErrOrStderr(), "warning: "+w)
				}
				return runJobIn(cmd, job, out, quiet, plainRerun(out))
			} else if _, err := os.Stat(out); err == nil {
				// Held until the run ends: another stackel process in
				// the directory is refused at once (a missing directory
				// has nothing to resume, which Run reports).
				c, err := experiment.ClaimRunDir(out)
				if err != nil {
					return err
				}
				claim = c
			}
			defer claim.Release()
			w := epochWarning(cfg, "rl.steps")
			if resume != "" {
				w = resumeEpochWarning(cfg, out)
			}
			if w != "" {
				fmt.Fprintln(cmd.ErrOrStderr(), "warning: "+w)
			}
			sayStartWarnings(cmd.ErrOrStderr(), cfg)
			var before map[string]fileStamp
			if resume != "" {
				before = stampRecorded(out)
			}
			progress, finish := newProgress(quiet, cfg.Name)
			var warnings strings.Builder // said after the progress ends
			sum, err := experiment.Run(cmd.Context(), cfg, experiment.RunOptions{
				Out: out, Progress: progress, Resume: resume != "", Warnings: &warnings,
				StartWarningsSaid: true,
			})
			finish()
			io.WriteString(cmd.ErrOrStderr(), warnings.String())
			if err != nil {
				if resume == "" && !recorded(out) {
					// Failed before recording anything (a config error
					// found while building the run): leave no run behind,
					// so that the fixed config can run into the same DIR.
					// A run that recorded its failure (summary.json: a
					// panic, an error before its first row) is kept, as
					// any failed run is.
					os.Remove(filepath.Join(out, experiment.ConfigFile))
					claim.Release() // removes its lock file
					os.Remove(out)  // only if empty
					return cfg.Locate(err)
				}
				if resume != "" && maps.Equal(before, stampRecorded(out)) {
					// Refused before the run started (another config, a
					// checkpoint that does not match, a kind without
					// checkpoints): nothing was written, and the
					// outputs in DIR are the run's as they were.
					longer := filepath.Join(out, experiment.ConfigFile)
					if len(args) == 1 {
						longer = args[0]
					}
					return cutShortHint(err, runCutShortRemedy(longer, out))
				}
				if hint := interruptedHint(cmd.Context(), err, out); hint != err {
					return hint
				}
				return fmt.Errorf("%w (what was recorded is in %s)", err, out)
			}
			if _, err := fmt.Fprintf(cmd.OutOrStdout(), "%s\nwrote %s\n", sum, textcut.Line(out)); err != nil {
				// A full disk or a closed pipe where stdout was sent: the
				// log a script keeps lacks the summary, which exit 0 hides.
				return fmt.Errorf("the run finished and its outputs are in %s, but writing its summary to stdout failed: %w", out, err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "output directory (default out/NAME; with --job, out/<job id>)")
	cmd.Flags().Var(&seed, "seed", "override the config's seed (not with --resume or --job: a run keeps its seed, a job has its own)")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress bar (on a terminal) or lines (otherwise, at most one a minute)")
	cmd.Flags().StringVar(&resume, "resume", "", "resume the RL run in this directory from its last checkpoint")
	cmd.Flags().StringVar(&man, "manifest", "", "run one job of a sweep manifest (a Slurm array task) into DIR/runs/<job-id>/")
	cmd.Flags().IntVar(&index, "index", -1, "the job's index in --manifest (e.g. $SLURM_ARRAY_TASK_ID)")
	hideSentinel(cmd.Flags(), "index")
	cmd.Flags().StringVar(&job, "job", "", "run the job in this JSON file (see the README's Jobs section)")
	cmd.Flags().BoolVar(&force, "force", false, "delete the run already in the output directory (config.yaml, metrics.csv, summary.json, checkpoint.gob, the event files in tb/, and a job's job.json and attempt.json) before running")
	return cmd
}

// sayStartWarnings writes the warnings of a run of cfg that are known
// before it starts (experiment.StartWarnings: a Hi-C commitment of one
// stage, which learns the Nash equilibrium) to w at once, so that a long
// run's user reads them before waiting for it; the run is told not to
// write them again to its held warnings (RunOptions.StartWarningsSaid),
// which are said only after the progress ends.
func sayStartWarnings(w io.Writer, cfg *experiment.Config) {
	for _, line := range experiment.StartWarnings(cfg) {
		fmt.Fprintln(w, line)
	}
}

// sameRunHint rewords PrepareRunDir's refusal of out when the run there is
// of cfg itself (the same config and seed: the command given again), which
// said "holds another run". A kind that keeps checkpoints (RL) is
// continued with --resume: a finished run is lengthened (a larger
// rl.steps); one that stopped before its end keeps the refusal's own
// hint, --resume DIR.
func sameRunHint(err error, cfg *experiment.Config, out string) error {
	if !errors.Is(err, experiment.ErrOccupied) {
		return err
	}
	old, lerr := experiment.LoadConfig(filepath.Join(out, experiment.ConfigFile))
	if lerr != nil || !experiment.SameConfig(old, cfg) {
		return err
	}
	kind, kerr := experiment.KindOf(cfg)
	if kerr != nil {
		return err
	}
	if !kind.Resumable {
		return fmt.Errorf("the output directory %s holds a run of this config (seed %d) already; a %s run is not continued but run again: rerun it with --force (which deletes that run first), or choose another --out", out, cfg.Seed, kind.Name)
	}
	steps, ok := finishedRLSteps(cfg, out)
	if !ok {
		return err // its hint: continue it with --resume DIR
	}
	return fmt.Errorf("the output directory %s holds a run of this config (seed %d) already, finished (%d steps): to lengthen it, raise rl.steps in CONFIG and run stackel run --resume %s CONFIG; or rerun it with --force (which deletes that run first), or choose another --out", out, cfg.Seed, steps, shellWord(out))
}

// finishedRLSteps returns the steps of the RL run of cfg recorded in out
// and whether it finished: its summary.json is a finished run's (not the
// running summary a run writes first), without an error, and records all
// of cfg's rl.steps.
func finishedRLSteps(cfg *experiment.Config, out string) (int, bool) {
	if cfg.RL == nil {
		return 0, false
	}
	ac, err := experiment.RLAgentConfig(*cfg.RL, cfg.Seed)
	if err != nil {
		return 0, false
	}
	data, err := os.ReadFile(filepath.Join(out, experiment.SummaryFile))
	if err != nil {
		return 0, false
	}
	var sum struct {
		Steps   *int    `json:"steps"`
		Error   *string `json:"error"`
		Running bool    `json:"running"`
	}
	if json.Unmarshal(data, &sum) != nil || sum.Running || sum.Error != nil || sum.Steps == nil || *sum.Steps != ac.Steps {
		return 0, false
	}
	return ac.Steps, true
}

// resumeKind refuses --resume DIR CONFIG when DIR holds a run of another
// kind than CONFIG describes, naming both, before Run's own refusal of a
// kind without checkpoints: that one says to rerun the config into DIR
// with --force, which would delete the run DIR holds (an RL run given a
// smooth game's config by mistake). withConfig says that CONFIG was given.
func resumeKind(cfg *experiment.Config, dir string, withConfig bool) error {
	if !withConfig {
		return nil
	}
	path := filepath.Join(dir, experiment.ConfigFile)
	if _, err := os.Stat(path); err != nil {
		return nil // nothing recorded: Run says what it says
	}
	old, err := experiment.LoadConfig(path)
	if err != nil {
		return nil // Run reports the recorded run's error
	}
	kind, err1 := experiment.KindOf(cfg)
	oldKind, err2 := experiment.KindOf(old)
	if err1 != nil || err2 != nil || kind.Name == oldKind.Name {
		return nil
	}
	return experiment.ResumeKindMismatch(dir, oldKind, kind)
}

// resumedJob returns, for `run --resume DIR [CONFIG]` with cfg the config
// to continue (CONFIG, or DIR/config.yaml), the job to run when DIR is the
// directory of an RL job (it holds a job.json of a configuration run): the
// record's job when cfg is its configuration (its ID and labels kept),
// else the job of cfg with its seed into the record's Out with the
// record's labels (the longer one of a lengthening, which RunJob
// continues from the checkpoint and records in job.json). ok is false
// for a directory without job.json, and for a kind of run that keeps no
// checkpoint (which Run refuses to resume, as in any directory).
func resumedJob(cfg *experiment.Config, dir string) (job experiment.Job, ok bool, err error) {
	rec, found, err := experiment.ReadJobRecord(dir)
	if err != nil {
		return job, false, fmt.Errorf("--resume %s: %w", dir, err)
	}
	if !found || rec.Task != nil {
		return job, false, nil
	}
	if kind, err := experiment.KindOf(cfg); err != nil || !kind.Resumable {
		return job, false, nil
	}
	if old, err := rec.Job.ParseConfig(); err == nil && rec.Seed == cfg.Seed && experiment.SameConfig(old, cfg) {
		// The job itself, continued: its ID is that of its config's
		// text as job.json holds it, which a job file written by hand
		// (run --job) need not spell as NewJob does, and a sweep or
		// reproduction owning the directory knows the job by it.
		return rec.Job, true, nil
	}
	job, err = experiment.NewJob(cfg, cfg.Seed, rec.Out)
	if err != nil {
		return job, false, err
	}
	// A lengthening: the longer job, described as the job it lengthens.
	job.Labels = maps.Clone(rec.Labels)
	return job, true, nil
}

// runManifest runs job index of a sweep manifest (the per-task command of
// a Slurm array): a finished job is not rerun, an unfinished RL run
// resumes from its checkpoint.
func runManifest(cmd *cobra.Command, path string, index int, quiet bool) error {
	if index < 0 {
		return fmt.Errorf("--manifest needs --index (the job's index, e.g. $SLURM_ARRAY_TASK_ID)")
	}
	host, _ := os.Hostname()
	progress, finish := newProgress(quiet, fmt.Sprintf("job %d", index))
	var warnings strings.Builder // said after the progress ends
	j, o, err := sweep.RunManifestIndex(cmd.Context(), path, index, sweep.RunOptions{
		Worker: fmt.Sprintf("%s:%d", host, os.Getpid()), Attempt: 1, Progress: progress, Warnings: &warnings,
	})
	finish()
	io.WriteString(cmd.ErrOrStderr(), warnings.String())
	dir := j.OutDir(filepath.Dir(path))
	if err != nil && o.Status != sweep.StatusFailed {
		if j.ID == "" {
			return err
		}
		if o.ID == j.ID {
			// Recorded as the job's, and stopped by SIGTERM (a Slurm
			// time limit) or Ctrl-C: said as such, with the command
			// that continues it, not as "…: context canceled".
			if hint := interruptedHintBy(cmd.Context(), namedJobError(j.ID, err), dir, manifestRerun(path, index)); !errors.Is(hint, err) {
				return fmt.Errorf("job %d (%s, %s seed %d) %w", index, j.ID, j.Label(), j.Seed, hint)
			}
		}
		return fmt.Errorf("job %d (%s, %s seed %d): %w", index, j.ID, j.Label(), j.Seed, err)
	}
	if o.Status == sweep.StatusFailed && o.AlreadyFinished {
		return fmt.Errorf("job %d (%s, %s seed %d) already failed in %s (%s); nothing run: to run it again, delete that directory", index, j.ID, j.Label(), j.Seed, dir, o.Error)
	}
	if o.Status == sweep.StatusFailed {
		return fmt.Errorf("job %d (%s, %s seed %d) failed: %s (what was recorded is in %s)", index, j.ID, j.Label(), j.Seed, o.Error, dir)
	}
	line := fmt.Sprintf("job %d (%s, %s seed %d) %s: %s\n", index, j.ID, j.Label(), j.Seed, o.Status, dir)
	if o.AlreadyFinished {
		line = fmt.Sprintf("job %d (%s, %s seed %d) already %s in %s; nothing run\n", index, j.ID, j.Label(), j.Seed, o.Status, dir)
	}
	if _, err := io.WriteString(cmd.OutOrStdout(), line); err != nil {
		return fmt.Errorf("job %d (%s) %s and its outputs are in %s, but writing that to stdout failed: %w", index, j.ID, o.Status, dir, err)
	}
	return nil
}

// runJobFile runs the job in path into out (default out/<job id>).
func runJobFile(cmd *cobra.Command, path, out string, quiet bool) error {
	job, err := experiment.ReadJob(path)
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: empty job file (a job is JSON: {\"id\": …, \"config\": …, \"seed\": …})", path)
	}
	if err != nil {
		return err
	}
	if err := checkJobBeforeRun(job); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if out == "" {
		out = filepath.Join("out", job.ID)
	}
	if _, err := missingDirs(out); err != nil {
		return err
	}
	if err := checkRunOut(out); err != nil {
		return err
	}
	if cfg, err := job.ParseConfig(); err == nil {
		if w := resumeEpochWarning(cfg, out); w != "" {
			fmt.Fprintln(cmd.ErrOrStderr(), "warning: "+w)
		}
	}
	return runJobIn(cmd, job, out, quiet, jobRerun(out))
}

// runJobIn runs job into out (experiment.RunJob) and reports it: a job
// refused, failed, already finished, or run.
//
// how names the commands that give an interrupted job again.
func runJobIn(cmd *cobra.Command, job experiment.Job, out string, quiet bool, how rerun) error {
	progress, finish := newProgress(quiet, job.ID)
	var warnings strings.Builder // said after the progress ends
	rec, err := experiment.RunJobWith(cmd.Context(), job, out, experiment.JobOptions{Progress: progress, Warnings: &warnings})
	finish()
	io.WriteString(cmd.ErrOrStderr(), warnings.String())
	if err != nil {
		err = cutShortHint(namedJobError(job.ID, err), jobCutShortRemedy(out))
		if rec.ID != job.ID {
			// Refused before recording anything: no record, or another
			// job's (the directory holds its outputs, or a longer run).
			return err
		}
		if hint := interruptedHintBy(cmd.Context(), err, out, how); hint != err {
			return fmt.Errorf("job %s %w", job.ID, hint)
		}
		return fmt.Errorf("%w (what was recorded is in %s)", err, out)
	}
	if rec.AlreadyFinished && rec.Status == experiment.JobFailed {
		// Not run again, and not a success: exits 1 as the job's first
		// run did (and as run --manifest does for a failed job).
		return fmt.Errorf("job %s already failed in %s (%s); nothing run: to run it again, delete the directory or give another --out", job.ID, out, rec.Error)
	}
	var b strings.Builder
	if rec.Summary != "" && !rec.AlreadyFinished {
		// A job already finished has only the summary of the run that
		// finished it, which printed here read as a run of this command.
		fmt.Fprintln(&b, rec.Summary)
	}
	if rec.AlreadyFinished {
		fmt.Fprintf(&b, "job %s already %s in %s; nothing run\n", job.ID, rec.Status, textcut.Line(out))
	} else {
		fmt.Fprintf(&b, "job %s %s; wrote %s\n", job.ID, rec.Status, textcut.Line(out))
	}
	if _, err := io.WriteString(cmd.OutOrStdout(), b.String()); err != nil {
		return fmt.Errorf("job %s %s and its outputs are in %s, but writing its summary to stdout failed: %w", job.ID, rec.Status, out, err)
	}
	return nil
}

func newAnalyzeCmd() *cobra.Command {
	var (
		asJSON bool
		quiet  bool
		starts int
		learn  int
	)
	cmd := &cobra.Command{
		Use:   "analyze CONFIG",
		Short: "Find and classify the game's critical points (DNE, DSE, stability)",
		Args:  oneArg("CONFIG, the configuration file of a smooth or bimatrix game"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkCounts(cmd, atLeast{"starts", 1}, atLeast{"learn-stages", 0}); err != nil {
				return err
			}
			cfg, err := experiment.LoadConfig(args[0])
			if err != nil {
				return err
			}
			bimatrix := cfg.Game != nil && cfg.Game.Builtin == "bimatrix"
			if err := onlyWith(cmd, bimatrix, "only a bimatrix game (game: {builtin: bimatrix}) has a commitment to learn", "learn-stages"); err != nil {
				return err
			}
			// Progress over the Newton starts, on stderr as run's: a game
			// of dimension 300 takes minutes.
			what := "analyze"
			if cfg.Name != "" {
				what += " " + cfg.Name
			}
			progress, finish := newProgress(quiet, what)
			rep, err := experiment.Analyze(cmd.Context(), cfg, experiment.AnalyzeOptions{Starts: starts, LearnStages: learn, Progress: progress})
			finish()
			if err != nil {
				return cfg.Locate(err)
			}
			if asJSON {
				return rep.WriteJSON(cmd.OutOrStdout())
			}
			// WriteTable reports no write error: the table is built here
			// and written once, so that a full disk or a closed pipe on
			// stdout exits 1 rather than 0 with no table.
			var b strings.Builder
			rep.WriteTable(&b)
			_, err = io.WriteString(cmd.OutOrStdout(), b.String())
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress bar (on a terminal) or lines (otherwise, at most one a minute)")
	cmd.Flags().IntVar(&starts, "starts", 0, "Newton starts per vector field (ω and ω_S: twice as many solves; default 200)")
	cmd.Flags().IntVar(&learn, "learn-stages", 400000, "for a bimatrix game, Hi-C stages to learn the commitment beside the exact one (0: exact only)")
	return cmd
}

// rlReproductions names the reproductions made of RL runs (those that
// --dtype and --steps apply to).
func rlReproductions() []string {
	var names []string
	for _, r := range repro.All() {
		if r.Resumable {
			names = append(names, r.Name)
		}
	}
	return names
}

func newReproduceCmd() *cobra.Command {
	var (
		out     string
		seeds   int
		list    bool
		quiet   bool
		quick   bool
		workers int
		only    []string
		envs    []string
		report  bool
		steps   int
		dist    reproduceDist
		dtype   string
	)
	cmd := &cobra.Command{
		// Both forms: --list takes no NAME (and no other flag). "[flags]"
		// written after NAME, so that cobra does not add it after --list.
		Use:   "reproduce NAME [flags] | reproduce --list",
		Short: "Reproduce a paper result (tables and figures)",
		Args: func(cmd *cobra.Command, args []string) error {
			if list {
				if len(args) > 0 {
					return fmt.Errorf("reproduce --list takes no name (it lists them all): give %s without --list to run it", argsText(args[:1]))
				}
				return nil
			}
			if len(args) == 0 {
				return fmt.Errorf("reproduce: name a reproduction; `stackel reproduce --list` lists them")
			}
			return oneArg("NAME, the reproduction (stackel reproduce --list lists them)")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			w := cmd.OutOrStdout()
			if list {
				// Every other flag runs or shapes a reproduction: with
				// --list it would be ignored without a word.
				var set []string
				cmd.Flags().Visit(func(f *pflag.Flag) {
					if f.Name != "list" {
						set = append(set, "--"+f.Name)
					}
				})
				if len(set) > 0 {
					return fmt.Errorf("%s: no effect with --list, which only lists the reproductions", strings.Join(set, ", "))
				}
				var b strings.Builder
				for _, r := range repro.All() {
					fmt.Fprintf(&b, "%-24s %s\n", r.Name, r.Description)
				}
				_, err := io.WriteString(w, b.String())
				return err
			}
			r, err := repro.Lookup(args[0])
			if err != nil {
				return err
			}
			if err := checkCounts(cmd, atLeast{"seeds", 1}, atLeast{"workers", 1}, atLeast{"steps", 1},
				atLeast{"local-workers", 0}, atLeast{"cpus-per-task", 1}); err != nil {
				return err
			}
			if err := r.CheckVariants(only); err != nil {
				return err
			}
			if err := r.CheckEnvs(envs); err != nil {
				return err
			}
			noRL := fmt.Sprintf("%s has no RL runs: --dtype and --steps apply to the RL reproductions (%s); the others compute in float64 and set their own lengths", r.Name, strings.Join(rlReproductions(), ", "))
			if err := onlyWith(cmd, r.Resumable, noRL, "steps"); err != nil {
				return err
			}
			if err := onlyWith(cmd, r.Resumable || dtype == "float64", noRL, "dtype"); err != nil {
				return err
			}
			if err := dist.checkFlags(cmd); err != nil {
				return err
			}
			if err := onlyWith(cmd, !report, "no effect with --report-only, which runs nothing (it writes the report from the runs on disk)", "workers"); err != nil {
				return err
			}
			if out == "" {
				out = filepath.Join("out", r.Name)
				if quick {
					// --quick and full runs never share a directory.
					out += "-quick"
				}
			}
			if err := checkReproduceOut(out, r.Name); err != nil {
				return err
			}
			// Made here (with its missing parents): removed again if the
			// reproduction fails before writing anything into it (a flag
			// value refused, --report-only with nothing to report), so
			// that an error leaves nothing behind.
			undo, err := makeOutDir(out)
			if err != nil {
				return err
			}
			defer func() {
				if err != nil {
					undo()
				}
			}()
			opt := repro.Options{
				Out: out, Seeds: seeds, Workers: workers, Log: w, Quick: quick, Variants: only, Envs: envs,
				ReportOnly: report, Steps: steps, DType: dtype,
			}
			if cmd.Flags().Changed("steps") {
				if err := checkStepsFlag(r, opt); err != nil {
					return err
				}
				if warn := stepsEpochWarning(r, opt); warn != "" {
					fmt.Fprintln(cmd.ErrOrStderr(), warn)
				}
			}
			if dist.active() {
				// Execute checks the options itself; the jobs listed for
				// NATS or Slurm were listed without that check (--seeds
				// 2000000000 --emit slurm listed seeds for hours, deaf to
				// SIGTERM, where the in-process run refuses it at once).
				if err := r.CheckOptions(opt); err != nil {
					return err
				}
				return dist.run(cmd, r, opt)
			}
			progress, jobProgress, finish := newRunsProgress(quiet, r.Name)
			opt.Progress, opt.JobProgress = progress, jobProgress
			var warnings strings.Builder // said after the progress ends
			opt.Executor = experiment.Local{Workers: workers, JobProgress: jobProgress, Warnings: &warnings}
			err = r.Execute(cmd.Context(), opt)
			finish()
			io.WriteString(cmd.ErrOrStderr(), warnings.String())
			if cmd.Context().Err() != nil && experiment.Interrupted(err) {
				// Stopped by the signal, not by an error of its own (a
				// job's error is returned before the ones the cancel
				// gave the others, and is reported as it is below).
				return reproInterrupted(r.Name, out)
			}
			if err != nil {
				return reproError(r.Name, cutShortHint(err, "a run cut short cannot be lengthened: run the longer reproduction into a fresh --out (or delete that run's directory to run it again)"))
			}
			fmt.Fprintf(w, "wrote %s\n", textcut.Line(out))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "output directory (default out/NAME; out/NAME-quick with --quick)")
	cmd.Flags().IntVar(&seeds, "seeds", 0, "number of seeds (default: the paper's)")
	cmd.Flags().IntVar(&workers, "workers", 0, "runs at once (the reproduction's jobs: one per seed and variant, dynamics or sweep cell; default: all cores)")
	cmd.Flags().BoolVar(&list, "list", false, "list the reproductions")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress bar (on a terminal) or lines (otherwise, at most one a minute)")
	cmd.Flags().BoolVar(&quick, "quick", false, "a shortened run (smoke test)")
	cmd.Flags().BoolVar(&report, "report-only", false, "write the report from the runs on disk without running any (RL: every run, finished or not; others: the seeds whose runs all finished, naming the missing runs)")
	cmd.Flags().StringSliceVar(&envs, "envs", nil, "run only these tasks of a MuJoCo suite (comma-separated, e.g. Hopper-v4,HalfCheetah-v4)")
	cmd.Flags().IntVar(&steps, "steps", 0, "environment steps per RL run (default: the reproduction's, 1M for the MuJoCo ones); larger than a finished run's in --out, it lengthens that run; give a whole number of epochs: a run whose last epoch is cut short cannot be lengthened later")
	cmd.Flags().StringVar(&dtype, "dtype", "", "element type of the RL runs' networks: float32 (default) or float64")
	cmd.Flags().StringSliceVar(&only, "variants", nil, "run only these variants of a comparison (comma-separated, e.g. ddpg,stddpg-al)")
	dist.add(cmd)
	return cmd
}

// reproInterrupted is the error of reproduction name, writing into out,
// that Ctrl-C or SIGTERM stopped: interrupted, not failed, and the same
// command continues it, as an interrupted `stackel run` says (the
// interrupted step's own error, "stddpg epoch 19: context canceled",
// read as a failure). An out left empty, which the command then
// removes, had no run started.
func reproInterrupted(name, out string) error {
	if entries, err := os.ReadDir(out); err == nil && len(entries) == 0 {
		return fmt.Errorf("%s: interrupted (Ctrl-C or SIGTERM) before any run started: nothing was written; the same command starts it", name)
	}
	return fmt.Errorf("%s: interrupted (Ctrl-C or SIGTERM), not failed: its runs so far are in %s; the same command continues it (finished runs are reused, an interrupted RL run resumes from its last checkpoint, any other run starts again)", name, textcut.Line(out))
}

// checkStepsFlag returns an error naming --steps when the length opt.Steps
// that --steps gave is one the runs of r refuse (less than one epoch, say),
// before anything runs: each job failed on its own with the key's words,
// "job …: rl.steps: 3 is less than one epoch", which name no flag a
// CLI user gave, after the jobs' directories were made. The configuration
// jobs of one seed are checked; errors that are not Validate's refusal of
// the steps as too few (an *agent.StepsError) are left to the run, which
// reports them as before.
func checkStepsFlag(r repro.Reproduction, opt repro.Options) error {
	// One seed's jobs: the seeds' configurations differ in their seed
	// only, and listing 100 000 seeds' takes minutes.
	opt.Seeds = 1
	jobs, err := r.Jobs(opt)
	if err != nil {
		return nil // Execute reports it
	}
	for _, j := range jobs {
		if j.Task != nil {
			continue
		}
		cfg, err := experiment.ParseConfig([]byte(j.Config))
		if err != nil {
			continue
		}
		// Validate's refusal of the steps as too few (within the first
		// epoch, before the first update): the other refusals, whose
		// text may hold "rl.steps" too (rl.steps_per_epoch over
		// STACKEL_MAX_BUFFER), are no --steps mends.
		var short *agent.StepsError
		if err := experiment.Check(cfg); errors.As(err, &short) {
			err = fmt.Errorf("--steps %d: %s (%s): %w", opt.Steps, r.Name, j.Labels["variant"], err)
			// The least length the runs take, one epoch: the steps per
			// epoch of the run at its default length.
			rc := *cfg.RL
			rc.Steps = 0
			if ac, aerr := experiment.RLAgentConfig(rc, cfg.Seed); aerr == nil && ac.StepsPerEpoch > opt.Steps {
				err = fmt.Errorf("%w; give --steps %d or more (a multiple of %d, so that the runs can be lengthened later)", err, ac.StepsPerEpoch, ac.StepsPerEpoch)
			}
			return err
		}
	}
	return nil
}

// stepsEpochWarning returns a warning when the length opt.Steps that
// --steps gave is not a whole number of epochs of the RL runs of r: their
// last epoch is cut short, and a later --steps that is larger cannot
// lengthen them (agent.Agent.Extend refuses a run so cut); "" otherwise.
// The configuration jobs of one seed are checked, the first such one
// named.
func stepsEpochWarning(r repro.Reproduction, opt repro.Options) string {
	opt.Seeds = 1
	jobs, err := r.Jobs(opt)
	if err != nil {
		return ""
	}
	for _, j := range jobs {
		if j.Task != nil {
			continue
		}
		cfg, err := experiment.ParseConfig([]byte(j.Config))
		if err != nil || cfg.RL == nil {
			continue
		}
		if w := epochWarning(cfg, "--steps"); w != "" {
			return fmt.Sprintf("warning: %s (runs of %s, %s)", w, r.Name, j.Labels["variant"])
		}
	}
	return ""
}

// epochWarning returns "FLAG S is not a whole number of epochs …" when the RL run of cfg is configured for a number of steps that is
// not a multiple of its steps_per_epoch, the defaults of its algorithm
// and environment included; "" otherwise, and for a config that is not an
// RL run's or is refused (its error is said elsewhere).
func epochWarning(cfg *experiment.Config, flag string) string {
	if cfg.RL == nil {
		return ""
	}
	ac, err := experiment.RLAgentConfig(*cfg.RL, cfg.Seed)
	if err != nil || ac.StepsPerEpoch <= 0 || ac.Steps%ac.StepsPerEpoch == 0 {
		return ""
	}
	e := ac.StepsPerEpoch
	lo := ac.Steps / e * e
	return fmt.Sprintf("%s %d is not a whole number of epochs (steps_per_epoch %d): the last epoch is cut short at step %d, and the run cannot be lengthened later (a larger %s is refused); %d or %d steps keep that possible",
		flag, ac.Steps, e, ac.Steps, flag, lo, lo+e)
}

// cutShortHint adds remedy to err when it is the refusal to lengthen a
// run whose last epoch was cut short (an *agent.CutShortError, "the run's
// last epoch was cut short at step …"), which said why but not what to
// do; err otherwise.
func cutShortHint(err error, remedy string) error {
	var cut *agent.CutShortError
	if !errors.As(err, &cut) {
		return err
	}
	return fmt.Errorf("%w; %s", err, remedy)
}

// runCutShortRemedy is the remedy cutShortHint adds to the refusal of
// `stackel run --resume DIR CONFIG` (out is DIR, config CONFIG) to
// lengthen a run cut short: the commands that run CONFIG into another
// directory or again from the start in DIR (--force, which --resume
// refuses beside it).
func runCutShortRemedy(config, out string) string {
	return fmt.Sprintf("a run cut short cannot be lengthened: run the longer config into another directory (stackel run %s --out OTHER_DIR), or again from the start in this one (stackel run %[1]s --out %s --force)", shellWord(config), shellWord(out))
}

// jobCutShortRemedy is the remedy cutShortHint adds to the refusal to
// lengthen the run of a job (run --job, or run --resume of a job's
// directory) in out.
func jobCutShortRemedy(out string) string {
	return fmt.Sprintf("a run cut short cannot be lengthened: run the longer job into another --out, or delete %s to run it again from the start", shellWord(out))
}

// resumeEpochWarning returns epochWarning(cfg, "rl.steps") for a run
// into out, except when out records a run of the same length and epoch
// length already (its config.yaml: a run stopped and resumed, or a
// finished run given again), which was warned of in the same words when
// it started: a resume does not say it again. A run of another
// steps_per_epoch there (started afresh over it) is warned of.
func resumeEpochWarning(cfg *experiment.Config, out string) string {
	w := epochWarning(cfg, "rl.steps")
	if w == "" {
		return ""
	}
	old, err := experiment.LoadConfig(filepath.Join(out, experiment.ConfigFile))
	if err != nil || old.RL == nil {
		return w
	}
	if epochWarning(old, "rl.steps") == w {
		return ""
	}
	return w
}

// checkJobBeforeRun checks a job (not a task) before anything runs: its ID,
// and that its configuration's seed is the job's (experiment.Job.CheckID),
// so that a refused job changes nothing on disk.
func checkJobBeforeRun(j experiment.Job) error {
	if j.Task != nil {
		return nil
	}
	if err := j.CheckID(); err != nil {
		return namedJobError(j.ID, err)
	}
	return nil
}

// namedJobError names job id in err, unless err names it already (the
// job's own checks begin with "job ID: ").
func namedJobError(id string, err error) error {
	if strings.HasPrefix(err.Error(), "job "+id+": ") {
		return err
	}
	return fmt.Errorf("job %s: %w", id, err)
}

// recorded reports whether a run in dir recorded anything: metrics
// (metrics.csv not empty) or its end (summary.json, which a run that
// panicked or failed before its first row writes with the error), or
// left files that make dir hold a run (metrics.csv, if empty, and
// TensorBoard event files: a full disk stopped it before its first row
// reached metrics.csv or its summary.json). Such a run keeps its
// config.yaml, so that it is continued or rerun as any other.
func recorded(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, experiment.MetricsFile)); err == nil {
		return true
	}
	if _, err := os.Stat(filepath.Join(dir, experiment.SummaryFile)); err == nil {
		return true
	}
	events, _ := tblog.Files(filepath.Join(dir, experiment.TensorBoardDir))
	return len(events) > 0
}

// fileStamp is what stampRecorded notes of a file: its size and
// modification time.
type fileStamp struct {
	size int64
	mod  time.Time
}

// stampRecorded notes the size and modification time of each output a run
// records in dir (config.yaml, metrics.csv, summary.json, checkpoint.gob)
// that exists, so that a resume refused before it wrote anything can be
// told from one that failed after recording.
func stampRecorded(dir string) map[string]fileStamp {
	m := map[string]fileStamp{}
	for _, f := range []string{experiment.ConfigFile, experiment.MetricsFile, experiment.SummaryFile, experiment.CheckpointFile} {
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil {
			m[f] = fileStamp{st.Size(), st.ModTime()}
		}
	}
	return m
}

// interruptedHint rewords the error of a run in out that Ctrl-C or
// SIGTERM stopped (its summary.json says "interrupted": true and ctx was
// cancelled), which ended in Go's "context canceled" after whatever step
// the run was in ("conjugate gradient stopped after 0 iterations") and
// read as a failure. An RL run says which checkpoint it stopped at and
// the command that continues it; a kind that keeps no checkpoint (smooth,
// Hi-C, Markov) says that it cannot be continued. The run's own error is
// kept otherwise (a failure; a summary.json that was not written). The
// commands named are plain stackel run's (plainRerun); interruptedHintBy
// names another path's.
func interruptedHint(ctx context.Context, err error, out string) error {
	return interruptedHintBy(ctx, err, out, plainRerun(out))
}

// rerun says, in an interrupted run's hint, how the command that ran it
// gives it again: resume is the command that continues an RL run from
// its last checkpoint (and starts it again when it has none), again what
// runs a run of a kind without checkpoints again from its start.
type rerun struct{ resume, again string }

// plainRerun is the rerun of `stackel run CONFIG` and `stackel run
// --resume DIR` into out.
func plainRerun(out string) rerun {
	return rerun{resume: "stackel run --resume " + shellWord(out), again: "run it again, with --force to replace those outputs"}
}

// jobRerun is the rerun of `stackel run --job FILE` into out, which
// refuses --force: the same command resumes an RL job from its
// checkpoint and starts any other job over.
func jobRerun(out string) rerun {
	return rerun{resume: "stackel run --resume " + shellWord(out), again: "give the same stackel run --job command again, which starts it over"}
}

// manifestRerun is the rerun of `stackel run --manifest PATH --index I`
// (a Slurm array task, which its time limit's SIGTERM interrupts): the
// same command, the task resubmitted, resumes an RL job from its
// checkpoint (sweep.RunJob) and starts any other job over.
func manifestRerun(path string, index int) rerun {
	c := fmt.Sprintf("stackel run --manifest %s --index %d", shellWord(path), index)
	return rerun{resume: "resubmitting the array task (" + c + ")", again: "resubmit the array task (" + c + "), which starts it over"}
}

// interruptedHintBy is interruptedHint naming the commands of how.
func interruptedHintBy(ctx context.Context, err error, out string, how rerun) error {
	if ctx.Err() == nil || !experiment.Interrupted(err) {
		return err
	}
	b, rerr := os.ReadFile(filepath.Join(out, experiment.SummaryFile))
	if rerr != nil {
		return err
	}
	var s struct {
		Error       string `json:"error"`
		Interrupted bool   `json:"interrupted"`
		Epochs      *int   `json:"epochs"`
		ResumedFrom int    `json:"resumed_from_epoch"`
	}
	if json.Unmarshal(b, &s) != nil || !s.Interrupted {
		return err
	}
	// The summary is this run's, and its error the interruption alone:
	// err ends with the error it records (after a job's "job ID: ").
	// A summary.json this run could not write is an earlier run's, whose
	// error names another epoch or step, and err then ends with the
	// write's error joined to the run's, which the hint would hide; a
	// failure joined to the interruption (metrics.csv cut by a full disk)
	// is not an interruption's alone.
	if !strings.HasSuffix(err.Error(), s.Error) || !experiment.Interrupted(errors.New(s.Error)) {
		return err
	}
	cfg, lerr := experiment.LoadConfig(filepath.Join(out, experiment.ConfigFile))
	if lerr != nil {
		return err
	}
	kind, kerr := experiment.KindOf(cfg)
	if kerr != nil {
		return err
	}
	dir := textcut.Line(out)
	if !kind.Resumable || cfg.RL == nil || s.Epochs == nil {
		at := strings.TrimSuffix(strings.TrimSuffix(s.Error, ": "+context.Canceled.Error()), ": "+context.DeadlineExceeded.Error())
		if at == s.Error || at == "" {
			at = ""
		} else {
			at = " during " + at
		}
		return fmt.Errorf("interrupted%s (Ctrl-C or SIGTERM), not failed: what it recorded is in %s; a %s run keeps no checkpoint and cannot be continued (only RL runs can): %s", at, dir, kind.Name, how.again)
	}
	every := max(cfg.RL.Checkpoint, 1)
	epochs := *s.Epochs
	// Checkpoints are written every rl.checkpoint_every epochs and at the
	// epoch a resume started from (RunRL).
	last := max(epochs-epochs%every, s.ResumedFrom)
	resume := how.resume
	if last == 0 {
		return fmt.Errorf("interrupted in epoch %d (Ctrl-C or SIGTERM), not failed: it stopped before its first checkpoint, so %s holds none; %s starts it again from the beginning", epochs+1, dir, resume)
	}
	return fmt.Errorf("interrupted in epoch %d (Ctrl-C or SIGTERM), not failed: its last checkpoint is epoch %d's, in %s; %s continues it from there", epochs+1, last, dir, resume)
}
