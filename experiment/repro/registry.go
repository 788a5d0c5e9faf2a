package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
)

// Options are what `stackel reproduce NAME` passes to a
// reproduction.
type Options struct {
	// Out is the directory for tables, data and figures, each job's runs
	// in a subdirectory; it need not exist (running the jobs creates it;
	// "" is the current directory).
	Out string
	// Seeds is the number of seeds asked for; 0 means the reproduction's
	// own default (the paper's).
	Seeds int
	// Workers is how many seeds may run at once (default: all cores).
	Workers int
	// Log receives the human-readable report (tables, notes).
	Log io.Writer
	// Progress, when not nil, is told of progress: the jobs finished of
	// those run.
	Progress experiment.ProgressFunc
	// JobProgress, when not nil, is told of the progress within each job
	// run in this process (an RL run's epochs), with the job's index among
	// those run; only with the default (local) Executor.
	JobProgress func(index, done, total int)
	// Quick asks for a shortened run (fewer iterations/seeds) for smoke
	// tests; reproductions document what they shorten.
	Quick bool
	// Variants, when not empty, restricts a comparison to these of its
	// variants (Reproduction.Variants names them), e.g. to spend the
	// machine on the runs a criterion needs first; runs already finished
	// are reused whatever the selection.
	Variants []string
	// Envs, when not empty, restricts a comparison run on several tasks
	// (the MuJoCo suites) to these of its tasks (Reproduction.Envs names
	// them), e.g. to spend a short budget on Hopper-v4 alone.
	Envs []string
	// Steps, when positive, shortens (or lengthens) every RL run of a
	// reproduction to this many environment steps.
	Steps int
	// ReportOnly writes the report from the runs already on disk without
	// running any. A reproduction made of resumable runs (Resumable)
	// reports every run, finished, unfinished or missing, each said as
	// such (with none of them on disk, it is an error); any other reports
	// the seeds whose runs have all finished (reportFromDisk) and names
	// the runs it lacks. It takes no claim of Out (ClaimRunDir's), so it
	// reports while a reproduction runs there; it takes Out's report lock
	// (experiment.LockReport), as that reproduction does for its final
	// report, so it waits for a report being written, never for the runs,
	// and never replaces a newer report with an older one (lockReport).
	ReportOnly bool
	// ReportedBy and Finish, with ReportOnly, fit the words of a report
	// from disk (reportFromDisk) to the command that asked for it:
	// ReportedBy names it in the error, log lines and partial report's
	// note ("" is "report-only", `stackel reproduce NAME --report-only`),
	// and Finish says how to finish the runs the report lacks ("" is
	// "run the reproduction without --report-only to finish them"; `stackel
	// sweep collect DIR` finishes them with the Slurm array instead).
	ReportedBy, Finish string
	// DType, when not empty, sets rl.dtype (float32 or float64) of every
	// run of an RL reproduction; the others compute in float64 always.
	DType string
	// Executor runs the jobs of a job-based reproduction; nil means
	// experiment.Local with Workers goroutines.
	Executor experiment.Executor
}

// Reproduction is one paper result that `stackel reproduce` can recreate.
type Reproduction struct {
	// Name is the command-line name, e.g. "fiez-duopoly".
	Name string
	// Description says which paper result it reproduces.
	Description string
	// Jobs lists the runs of a job-based reproduction for these options;
	// each job writes into opt.Out/job.Out. Report then builds report.md,
	// results.json and the figures from the jobs' outputs on disk. Execute
	// runs such a reproduction: jobs finished by an earlier invocation are
	// reused, so an interrupted reproduction resumes where it stopped.
	Jobs   func(opt Options) ([]experiment.Job, error)
	Report func(ctx context.Context, opt Options, jobs []experiment.Job) error
	// Variants names the curves of a comparison that Options.Variants
	// may select; empty when the reproduction has no such choice.
	Variants []string
	// Envs names the tasks of a comparison run on several environments
	// that Options.Envs may select; empty for a single-task reproduction.
	Envs []string
	// Resumable reports that the reproduction is made of resumable runs
	// whose Report itself reads unfinished and missing runs (the RL
	// comparisons: curves up to the last checkpoint); Options.ReportOnly
	// then hands it every job.
	Resumable bool
	// MarksFailed reports that Report marks a failed run in its own
	// tables (its row counts the seeds that finished and names the failed
	// ones): Execute hands it every run, whatever the options, rather than
	// leaving out whole seeds with a failed run (negotiation-schedules,
	// whose runs are listed seed after seed only with one schedule).
	MarksFailed bool
	// QuickSettings says what Options.Quick shortens in a reproduction
	// with options opt ("5000 iterations instead of 50000, 4 seeds instead
	// of 16"), for the note heading a --quick run's report.md; nil (or "")
	// says "shortened settings".
	QuickSettings func(opt Options) string
}

// Execute performs the reproduction, writing into opt.Out: it lists its
// jobs, says on opt.Log which finished jobs it reuses, runs the others with
// opt.Executor (unless opt.ReportOnly) and writes the report from the
// outputs on disk. It claims opt.Out (ClaimRunDir) while it runs the jobs
// (not with opt.ReportOnly), and holds opt.Out's report lock (lockReport)
// from before it reads the runs for the report until the report's last
// file is written.
func (r Reproduction) Execute(ctx context.Context, opt Options) error {
	if err := r.CheckOptions(opt); err != nil {
		return err
	}
	// The report lock (lockReport), once taken, is released last, after
	// the deferred markQuickReport below: the quick note is part of the
	// report.
	unlock := func() {}
	defer func() { unlock() }()
	// locked: the report lock is taken, and report.md then held before.
	locked, before := false, []byte(nil)
	lock := func() error {
		release, err := r.lockReport(opt)
		if err != nil {
			return err
		}
		unlock, locked = release, true
		before, _ = safeyaml.ReadOwnFile(filepath.Join(opt.Out, "report.md"))
		return nil
	}
	if opt.Quick {
		// Figures drawn into opt.Out say in their titles that they are
		// quick, and report.md starts by saying so.
		note := r.quickNote(opt)
		quickDirs.Store(filepath.Clean(opt.Out), note)
		defer quickDirs.Delete(filepath.Clean(opt.Out))
		// Only a report.md this invocation wrote is marked: one it found
		// and left (a full run's, when the quick jobs are refused there)
		// is not a quick run's. Nor is one another process wrote while
		// this one had not taken the report lock (a --report-only of the
		// full runs finishing while the quick ones are refused): it is
		// marked only when it changed under the lock, from what it held
		// when the lock was taken. (Comparing with report.md as it was at
		// the start would mark another writer's full report quick.)
		defer func() {
			if locked {
				markQuickReport(opt.Out, before, note)
			}
		}()
	}
	jobs, err := r.Jobs(opt)
	if err != nil {
		return err
	}
	// Every job checked before anything is written (opt.Out made, its
	// claim, a run's directory, a report reset): a refused one left
	// reproduction.json and empty <variant>/seed<k> directories, and over
	// a finished reproduction the report's files reset.
	if err := CheckJobs(jobs); err != nil {
		return err
	}
	if err := r.CheckOut(opt.Out); err != nil {
		return err
	}
	if opt.ReportOnly && !r.Resumable {
		if err := lock(); err != nil {
			return err
		}
		if err := r.reportFromDisk(ctx, opt, jobs); err != nil {
			return err
		}
		if err := finishReport(opt.Out); err != nil {
			return err
		}
		return claimReproductionDir(opt.Out, r.Name)
	}
	if opt.ReportOnly && len(jobs) > 0 && !anyOnDisk(opt.Out, jobs) {
		// A report of runs all "not run" would only replace the report
		// in opt.Out (another reproduction's, say) with an empty one.
		none := fmt.Sprintf("none of the %d runs of %s is on disk in %s (no %s or %s in %s, …)",
			len(jobs), r.Name, opt.Out, experiment.JobFile, experiment.MetricsFile, filepath.Join(opt.Out, jobs[0].Out))
		if len(jobs) == 1 {
			none = fmt.Sprintf("the only run of %s is not on disk in %s (no %s or %s in %s)",
				r.Name, opt.Out, experiment.JobFile, experiment.MetricsFile, filepath.Join(opt.Out, jobs[0].Out))
		}
		return fmt.Errorf("report-only: %s: nothing to report, and nothing was written; give the --out that holds the runs, or run the reproduction without --report-only", none)
	}
	if !opt.ReportOnly {
		// One reproduction at a time in opt.Out: a second process (or
		// call) is refused at once, before it looks at or runs any job,
		// rather than running the jobs the first has not reached and then
		// stopping (and stopping the first) at the first job the other
		// holds. A directory made here is removed again if nothing was
		// written into it (a refused run).
		claim, made, err := claimOut(opt.Out)
		if err != nil {
			return fmt.Errorf("%s: %w", r.Name, err)
		}
		defer func() {
			claim.Release()
			if made {
				os.Remove(opt.Out) // only if empty
			}
		}()
		pending, finished, err := experiment.Pending(opt.Out, jobs)
		if err != nil {
			return err
		}
		if len(finished) > 0 && opt.Log != nil {
			fmt.Fprintf(opt.Log, "reusing %d of %d runs finished in %s:", len(finished), len(jobs), opt.Out)
			for _, j := range finished {
				fmt.Fprintf(opt.Log, " %s", j.Out)
			}
			fmt.Fprintln(opt.Log)
		}
		if longer := extendedJobs(opt.Out, pending); len(longer) > 0 && opt.Log != nil {
			their := "their"
			if len(longer) == 1 {
				their = "its"
			}
			fmt.Fprintf(opt.Log, "continuing %s in %s to %s new length:", experiment.CountOf(len(longer), "shorter run"), opt.Out, their)
			var afresh []string
			for _, j := range longer {
				fmt.Fprintf(opt.Log, " %s", j.Out)
				if _, err := os.Stat(filepath.Join(opt.Out, j.Out, experiment.CheckpointFile)); err != nil {
					afresh = append(afresh, j.Out)
				}
			}
			fmt.Fprintln(opt.Log)
			if len(afresh) > 0 {
				// A run set copied without its checkpoints (results/).
				fmt.Fprintf(opt.Log, "%d of them have no checkpoint and start again from step 0: %s\n", len(afresh), strings.Join(afresh, " "))
			}
		}
		exec := opt.Executor
		if exec == nil {
			exec = experiment.Local{Workers: opt.Workers, JobProgress: opt.JobProgress}
		}
		switch exec.(type) {
		case experiment.Local, *experiment.Local: // jobs run in this process
			if err := experiment.CheckJobsRunnable(pending); err != nil {
				return err
			}
		}
		// Claimed once the jobs are about to run (a refused run writes
		// nothing).
		if err := claimReproductionDir(opt.Out, r.Name); err != nil {
			return err
		}
		if err := exec.Execute(ctx, opt.Out, pending, opt.Progress); err != nil {
			return err
		}
	} else if err := claimReproductionDir(opt.Out, r.Name); err != nil {
		return err
	}
	// From here to the report's last file, the runs are read and the
	// report written under the report lock, as a --report-only does.
	if err := lock(); err != nil {
		return err
	}
	if failed := failedRuns(opt.Out, jobs); failed != nil && !r.Resumable {
		// The RL comparisons report a failed run themselves (up to its
		// failure); the others report the seeds without one.
		if _, err := r.reportWithoutFailed(ctx, opt, jobs, r.seedGroups(opt, jobs), failed, nil); err != nil {
			return err
		}
		if err := finishReport(opt.Out); err != nil {
			return err
		}
		return failedJobs(opt.Out, jobs)
	}
	if err := r.report(ctx, opt, jobs); err != nil {
		return err
	}
	if err := finishReport(opt.Out); err != nil {
		return err
	}
	if opt.ReportOnly {
		return nil
	}
	return failedJobs(opt.Out, jobs)
}

// reportWaitNote is the line lockReport writes on Options.Log when it
// waits for the report another process is writing (the reproduction's
// name, or the command reporting from disk, and the directory).
const reportWaitNote = "%s: waiting for the report being written in %s (by another stackel process, or another --report-only) to be finished\n"

// lockReport takes the report lock of r's opt.Out (experiment.LockReport),
// saying on opt.Log when it waits for another writer, and returns its
// release. Every writer of a reproduction's report takes it from before it
// reads the runs until the report's last file (finishReport, and
// markQuickReport's note) is written: a reproduction once its runs have
// ended, a --report-only before it reads them. A --report-only so waits
// for a report being written, never for the runs, which write no report;
// and of two reports written at once, the one written last was read
// last, so it never replaces a newer report with an older one, and their
// files (report.md, results.json, the figures) are never mixed. An
// opt.Out that does not exist holds no report and no run: nothing is
// locked (a --report-only there then finds nothing to report).
func (r Reproduction) lockReport(opt Options) (func(), error) {
	dir := opt.Out
	if dir == "" {
		dir = "."
	}
	by, _, _ := reportWords(opt)
	if !opt.ReportOnly {
		by = r.Name
	}
	release, err := experiment.LockReport(dir, func() { logf(opt.Log, reportWaitNote, by, dir) })
	if errors.Is(err, fs.ErrNotExist) {
		return func() {}, nil
	}
	if err != nil {
		return nil, err
	}
	return release, nil
}

// report writes r's report of jobs and then what made their runs
// (experiment.JobProvenance): in results.json's "provenance"
// (addProvenance) and report.md's Provenance section (appendBuilds).
func (r Reproduction) report(ctx context.Context, opt Options, jobs []experiment.Job) error {
	if err := r.Report(ctx, opt, jobs); err != nil {
		return err
	}
	p := experiment.JobProvenance(opt.Out, jobs)
	if err := addProvenance(opt.Out, p); err != nil {
		return err
	}
	return appendBuilds(opt.Out, p)
}

// MaxSeeds bounds a reproduction's Seeds, as sweep.MaxJobs bounds the jobs
// of a sweep: the jobs are listed (and their directories checked) before
// the first runs.
const MaxSeeds = 100_000

// CheckOptions returns an error for options r cannot honour: a negative
// Seeds, Workers or Steps (0 means the default), more than MaxSeeds seeds,
// and on a reproduction
// without RL runs (not Resumable), which would ignore them, a Steps or a
// DType other than float64 (what such a reproduction computes in).
func (r Reproduction) CheckOptions(opt Options) error {
	if opt.Seeds < 0 || opt.Workers < 0 || opt.Steps < 0 {
		return fmt.Errorf("%s: Seeds %d, Workers %d, Steps %d: none may be negative (0 means the reproduction's default)", r.Name, opt.Seeds, opt.Workers, opt.Steps)
	}
	if opt.Seeds > MaxSeeds {
		return fmt.Errorf("%s: %d seeds exceed the limit %d (each seed is a run of every variant, listed before any starts)", r.Name, opt.Seeds, MaxSeeds)
	}
	if !r.Resumable && (opt.Steps != 0 || (opt.DType != "" && opt.DType != "float64")) {
		return fmt.Errorf("%s has no RL runs: Steps (%d) and DType (%q) apply to the RL reproductions only", r.Name, opt.Steps, opt.DType)
	}
	return nil
}

// ReproductionFile is the file, in a reproduction's output directory, that
// names the reproduction writing there ({"reproduction": "stsac-pendulum"}).
// Another reproduction refuses that directory: their runs' directories
// may not collide (stsac-al/seed1 beside stddpg-al/seed1), but report.md,
// results.json and the figures would be replaced by the second one's. A
// directory without the file (written before it existed, or a committed
// set copied without it) is taken for any reproduction's.
const ReproductionFile = "reproduction.json"

// reproductionRecord is the content of ReproductionFile.
type reproductionRecord struct {
	Reproduction string `json:"reproduction"`
}

// CheckOut returns an error when the output directory dir belongs to
// another reproduction (its ReproductionFile names one other than r), or
// its ReproductionFile cannot be read. Execute checks it first; a command
// that only writes r's jobs there (a Slurm array) checks it too.
func (r Reproduction) CheckOut(dir string) error {
	path := filepath.Join(dir, ReproductionFile)
	b, err := safeyaml.ReadOwnFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var rec reproductionRecord
	if err := json.Unmarshal(b, &rec); err != nil || rec.Reproduction == "" {
		return fmt.Errorf("%s does not name a reproduction (want {\"reproduction\": \"NAME\"}): remove it, or use another output directory", path)
	}
	if rec.Reproduction != r.Name {
		return fmt.Errorf("%s holds the reproduction %s (%s), whose report.md, results.json and figures %s would replace: use another output directory", dir, rec.Reproduction, ReproductionFile, r.Name)
	}
	return nil
}

// ClaimOut marks the output directory dir as r's (its ReproductionFile),
// unless it is already; CheckOut must have accepted dir. Execute claims
// its directory itself; a command that writes r's jobs there to be run
// later (a Slurm array: its manifest, which the array's tasks read)
// claims it once they are written, so that another reproduction refuses
// the directory while the array runs.
func (r Reproduction) ClaimOut(dir string) error { return claimReproductionDir(dir, r.Name) }

// claimReproductionDir writes dir's ReproductionFile naming name, unless
// it does already (CheckOut has found no other name there).
func claimReproductionDir(dir, name string) error {
	if _, err := os.Stat(filepath.Join(dir, ReproductionFile)); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return experiment.WriteJSON(dir, ReproductionFile, reproductionRecord{Reproduction: name})
}

// claimOut creates the output directory dir if needed (made says so) and
// claims it (experiment.ClaimRunDir: the lock of dir/.stackel.lock, which
// the kernel drops if the process dies) for the reproduction running
// there.
func claimOut(dir string) (claim *experiment.DirClaim, made bool, err error) {
	if dir == "" {
		dir = "."
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, false, err
		}
		made = true
	}
	claim, err = experiment.ClaimRunDir(dir)
	if err != nil && made {
		os.Remove(dir)
	}
	return claim, made, err
}

// CheckJobs returns an error, beginning with the job's Out, for the first
// of jobs that its run would refuse: a task whose kind or parameters this
// binary refuses (experiment.CheckTask), a configuration whose ID does not
// match it or that experiment.Check refuses (rl.steps_per_epoch over
// STACKEL_MAX_BUFFER, say). Whether this binary has a job's task
// (experiment.CheckRunnable) is not asked: a report needs no engine.
// Execute calls it first; `stackel reproduce --emit slurm`, which writes
// the jobs without executing them, calls it before writing anything.
// Configurations that differ in their seed alone are checked once (a
// reproduction's seeds of one variant): parsing and checking each took
// as long again as listing the jobs (109 s against 51 s for 90 000).
func CheckJobs(jobs []experiment.Job) error {
	checked := map[string]bool{} // configurations but the seed that passed
	for _, j := range jobs {
		var err error
		if j.Task != nil {
			err = experiment.CheckTask(j.Task)
		} else if key := topLevelSeed.ReplaceAllString(j.Config, ""); !checked[key] {
			var cfg *experiment.Config
			if cfg, err = j.ParseConfig(); err == nil {
				err = experiment.Check(cfg)
			}
			checked[key] = true // on an error the loop ends below
		}
		if err != nil {
			return fmt.Errorf("%s: %w", j.Out, err)
		}
	}
	return nil
}

// topLevelSeed matches the seed line of a job's canonical configuration
// (a top-level key: no indentation, unlike a Markov built-in's
// game.params.seed).
var topLevelSeed = regexp.MustCompile(`(?m)^seed: [0-9]+$`)

// anyOnDisk reports whether the directory under root of any of jobs holds
// a run: its job.json, or the metrics.csv of a run copied without one.
func anyOnDisk(root string, jobs []experiment.Job) bool {
	for _, j := range jobs {
		for _, f := range []string{experiment.JobFile, experiment.MetricsFile} {
			if _, err := os.Stat(filepath.Join(root, j.Out, f)); err == nil {
				return true
			}
		}
	}
	return false
}

// extendedJobs returns the jobs whose directory under root holds a shorter
// run of theirs (Job.Extends), which they continue.
func extendedJobs(root string, jobs []experiment.Job) []experiment.Job {
	var out []experiment.Job
	for _, j := range jobs {
		if rec, ok, err := experiment.ReadJobRecord(filepath.Join(root, j.Out)); err == nil && ok && j.Extends(rec.Job) {
			out = append(out, j)
		}
	}
	return out
}

// CheckEnvs returns an error naming the first of names that is not one
// of r's tasks (or saying that r runs on one task only).
func (r Reproduction) CheckEnvs(names []string) error {
	return checkChoice(r.Name, "task", r.Envs, names, "runs on one task; --envs applies to the MuJoCo suites")
}

// CheckVariants returns an error naming the first of names that r does not
// have (or saying that r has no variants to choose from).
func (r Reproduction) CheckVariants(names []string) error {
	return checkChoice(r.Name, "variant", r.Variants, names, "has no variants to select")
}

// checkChoice checks a selection of names against what reproduction repro
// has (what is a task or variant); none is the error's text when it has
// nothing to select.
func checkChoice(repro, what string, have, names []string, none string) error {
	if len(names) == 0 {
		return nil
	}
	if len(have) == 0 {
		return fmt.Errorf("%s %s", repro, none)
	}
	for _, n := range names {
		if !slices.Contains(have, n) {
			return fmt.Errorf("%s has no %s %q (it has %s)", repro, what, n, strings.Join(have, ", "))
		}
	}
	return nil
}

var (
	registryMu sync.Mutex
	registry   = map[string]Reproduction{}
)

// Register adds a reproduction; it panics on a duplicate name (a
// programming error).
func Register(r Reproduction) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if r.Jobs == nil || r.Report == nil {
		panic(fmt.Sprintf("repro: reproduction %q registered without Jobs or Report", r.Name))
	}
	if _, dup := registry[r.Name]; dup {
		panic(fmt.Sprintf("repro: reproduction %q registered twice", r.Name))
	}
	registry[r.Name] = r
}

// All lists the registered reproductions by name.
func All() []Reproduction {
	registryMu.Lock()
	defer registryMu.Unlock()
	out := make([]Reproduction, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns the reproduction called name.
func Lookup(name string) (Reproduction, error) {
	registryMu.Lock()
	defer registryMu.Unlock()
	r, ok := registry[name]
	if !ok {
		names := make([]string, 0, len(registry))
		for n := range registry {
			names = append(names, n)
		}
		sort.Strings(names)
		hint := ""
		if near := closestNames(name, names); len(near) > 0 {
			hint = "; did you mean " + strings.Join(near, " or ") + "?"
		}
		return Reproduction{}, fmt.Errorf("unknown reproduction %s%s (the reproductions: %s)", textcut.Quoted(name, 80), hint, strings.Join(names, ", "))
	}
	return r, nil
}

// closestNames returns the names nearest to name in edit distance (letters
// inserted, deleted, replaced; case ignored), if that distance is at most a
// third of name's length (at least 1): the did-you-mean of a mistyped
// reproduction (hic_cournot for hic-cournot).
func closestNames(name string, names []string) []string {
	limit := max(1, len([]rune(name))/3)
	best := limit + 1
	var near []string
	for _, n := range names {
		d := editDistance(strings.ToLower(name), strings.ToLower(n))
		switch {
		case d < best:
			best, near = d, []string{n}
		case d == best:
			near = append(near, n)
		}
	}
	return near
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}

// quickDirs holds the output directories of --quick reproductions in
// progress (savePlot marks their figures), each with the note that heads
// its report.md (quickNoteFor).
var quickDirs sync.Map

// quickNoteHead begins the note heading the report of a --quick
// reproduction.
const quickNoteHead = "> **Quick run (`--quick`)**: "

// quickNoteFor is the note heading the report of a --quick reproduction
// whose quick settings are settings ("" for "shortened settings").
func quickNoteFor(settings string) string {
	if settings == "" {
		settings = "shortened settings"
	}
	return quickNoteHead + settings + ", for a smoke test. These are not the paper's settings and not results to compare with it; run without `--quick` for those.\n\n"
}

// quickNote is the note heading r's report with --quick and options opt.
func (r Reproduction) quickNote(opt Options) string {
	if r.QuickSettings == nil {
		return quickNoteFor("")
	}
	return quickNoteFor(r.QuickSettings(opt))
}

// quickNoteIn is the note of the --quick reproduction writing into dir,
// and whether one is.
func quickNoteIn(dir string) (string, bool) {
	v, ok := quickDirs.Load(filepath.Clean(dir))
	if !ok {
		return "", false
	}
	note, _ := v.(string)
	if note == "" {
		note = quickNoteFor("")
	}
	return note, true
}

// quickSettings joins the parts of a quick run's settings that are not
// empty.
func quickSettings(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

// shortened says "QUICK WHAT instead of FULL" ("" when they are equal).
func shortened(quick, full int, what string) string {
	if quick == full {
		return ""
	}
	return fmt.Sprintf("%d %s instead of %d", quick, what, full)
}

// quickSeeds says how many seeds --quick runs instead of full ("" when
// opt.Seeds sets them).
func quickSeeds(opt Options, full, quick int) string {
	if opt.Seeds > 0 {
		return ""
	}
	return shortened(quick, full, "seeds")
}

// markQuickReport puts note (quickNoteFor) at the top of dir/report.md (if
// any), unless report.md still holds before, what it held when the quick
// reproduction started: then no report was written (the reproduction
// stopped with an error first), and the report there is another
// invocation's.
func markQuickReport(dir string, before []byte, note string) {
	path := filepath.Join(dir, "report.md")
	b, err := safeyaml.ReadOwnFile(path)
	if err != nil || bytes.Equal(b, before) {
		return
	}
	// An incomplete report (reportIncomplete) keeps that note first.
	head := ""
	if strings.HasPrefix(string(b), reportIncomplete) {
		head, b = reportIncomplete, b[len(reportIncomplete):]
	}
	if strings.HasPrefix(string(b), note) {
		return
	}
	// Atomic: a kill in the middle leaves the report without the note,
	// never cut.
	experiment.WriteFile(dir, "report.md", append([]byte(head+note), b...))
}
