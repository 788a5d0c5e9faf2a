package runeval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/experiment/runplot"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/rl/agent"
	"github.com/stackel/stackel/rl/env"
)

// loading is held while a checkpoint is read and decoded, so that one
// run at a time is loaded, and readCheckpoint reads one
// (experiment.ReadCheckpointPolicy; a test checks the lock with it). A
// run is loaded for evaluation only (agent.LoadPolicy), without an
// off-policy run's replay buffer, which is most of its checkpoint
// (hundreds of MB for a MuJoCo task of 10⁶ steps): a checkpoint of the
// older layout (agent checkpoint version 1, the buffer inside the policy's
// gob message) still takes its size for a moment (gob reads the message
// whole before it decodes it), and the garbage of each load would be kept
// until the heap doubled, so with every worker loading at once the peak
// was workers × that.
var (
	loading        sync.Mutex
	readCheckpoint = experiment.ReadCheckpointPolicy
)

// load reads the checkpoint in dir while holding loading, then collects
// the garbage of the load before the next one starts.
func load(dir string) (*agent.Agent, error) {
	loading.Lock()
	defer loading.Unlock()
	a, err := readCheckpoint(dir)
	runtime.GC()
	return a, err
}

// lookupEnv is env.Lookup (a test hides an environment with it, as a
// binary without that registration sees it).
var lookupEnv = env.Lookup

// DefaultEpisodes is the number of episodes played per run when
// Options.Episodes is 0: Spinning Up's num_test_episodes and stackel's
// test_episodes default.
const DefaultEpisodes = 10

// Options says which runs Evaluate evaluates and how.
type Options struct {
	// Dirs are the directories holding the runs: a run's directory, or one
	// with runs below it.
	Dirs []string
	// Episodes is the number of episodes per run (DefaultEpisodes when 0).
	Episodes int
	// Seed seeds every run's evaluation (agent.EvalOptions.Seed).
	Seed uint64
	// Stochastic plays the training behaviour policy instead of the
	// deterministic test policy (agent.EvalOptions.Stochastic).
	Stochastic bool
	// Workers is the number of runs evaluated at once (GOMAXPROCS when 0).
	Workers int
	// OnRun, when set, is called with each run's result as soon as it and
	// every run before it are done, in the order of Result.Runs, from one
	// goroutine at a time.
	OnRun func(Run)
}

// Stats summarises values: their mean, sample standard deviation (0 for
// one value, which the JSON of a Run or Series writes as null: it is
// undefined), minimum and maximum.
type Stats struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

// Run is one run's evaluation.
type Run struct {
	// Dir is the run's directory.
	Dir string `json:"dir"`
	// Series is the name of the run's series (runplot.Groups).
	Series string `json:"series"`
	// Env, Algo, Leader (Stackelberg algorithms only), Seed and DType are
	// the checkpoint's configuration's.
	Env    string `json:"env,omitempty"`
	Algo   string `json:"algo,omitempty"`
	Leader string `json:"leader,omitempty"`
	Seed   uint64 `json:"seed"`
	DType  string `json:"dtype,omitempty"`
	// Steps is the number of environment steps the evaluated policy was
	// trained for; RunSteps is the run's length (rl.steps).
	Steps    int `json:"steps"`
	RunSteps int `json:"run_steps"`
	// Stopped is the error the run stopped with in training (its job.json
	// recording it failed, or its summary.json's error), "" for a run that
	// did not stop on an error: such a run's checkpoint is its last epoch
	// before the failure (a run that diverged, say), which is played.
	Stopped string `json:"stopped,omitempty"`
	// Return and Length summarise the episodes' returns and lengths.
	Return Stats `json:"return"`
	Length Stats `json:"length"`
	// Episodes are the episodes played, in order.
	Episodes []agent.Episode `json:"episodes"`
	// Error is why the run was not evaluated ("" when it was): its
	// checkpoint does not load, or its evaluation failed (the episodes
	// played before the failure are kept).
	Error string `json:"error,omitempty"`
}

// Series is one series' result: the mean and sample standard deviation
// over its evaluated runs of each run's mean return.
type Series struct {
	Name string `json:"name"`
	// Runs is the number of its runs evaluated; Failed the number whose
	// evaluation failed, left out of Return.
	Runs   int   `json:"runs"`
	Failed int   `json:"failed,omitempty"`
	Return Stats `json:"return"`
	// MinSteps and MaxSteps are the least and the most environment steps
	// the policies of its evaluated runs were trained for (Run.Steps):
	// they differ when some of its runs are still going or stopped, and
	// its mean then mixes policies trained for different lengths.
	MinSteps int `json:"min_steps"`
	MaxSteps int `json:"max_steps"`
}

// Result is what Evaluate found.
type Result struct {
	Episodes   int      `json:"episodes"`
	Seed       uint64   `json:"seed"`
	Stochastic bool     `json:"stochastic"`
	Runs       []Run    `json:"runs"`
	Series     []Series `json:"series"`
	// Interrupted is the number of runs not evaluated, or not to the
	// end, because the context was done: they are not in Runs.
	Interrupted int `json:"interrupted,omitempty"`
	// Notes say which runs were left out, and why.
	Notes []string `json:"notes,omitempty"`
}

// Failed is the number of runs whose evaluation failed.
func (r Result) Failed() int {
	n := 0
	for _, run := range r.Runs {
		if run.Error != "" {
			n++
		}
	}
	return n
}

// Evaluate evaluates the runs below o.Dirs that have a checkpoint (see the
// package doc). Its error is for what stops the whole evaluation: options
// out of range, a directory with no run, no run with a checkpoint, or ctx
// done: the error then wraps ctx's, and the Result holds the runs
// evaluated to the end by then and their series, Interrupted counting the
// others. A run that fails is reported in its Run.Error instead. A series
// whose runs' policies were trained for different numbers of steps (runs
// still going or stopped) gets a note saying so.
func Evaluate(ctx context.Context, o Options) (Result, error) {
	if ctx == nil {
		return Result{}, errors.New("runeval: nil context (use context.Background())")
	}
	if o.Episodes < 0 {
		return Result{}, fmt.Errorf("%d episodes: give at least 1 (or 0 for %d)", o.Episodes, DefaultEpisodes)
	}
	if o.Episodes == 0 {
		o.Episodes = DefaultEpisodes
	}
	if o.Workers < 0 {
		return Result{}, fmt.Errorf("%d workers: give at least 1 (or 0 for one per core)", o.Workers)
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	res := Result{Episodes: o.Episodes, Seed: o.Seed, Stochastic: o.Stochastic}
	found, notes, err := runplot.FindRuns(o.Dirs)
	if err != nil {
		return res, err
	}
	res.Notes = notes
	var runs []runplot.Run
	var without []string // the runs without a checkpoint
	byWorker := 0        // of them, those a NATS worker ran
	for _, r := range found {
		if _, err := os.Stat(filepath.Join(r.Dir, experiment.CheckpointFile)); errors.Is(err, fs.ErrNotExist) {
			without = append(without, textcut.Printable(r.Dir))
			if ranByWorker(r.Dir) {
				byWorker++
			}
			continue
		}
		runs = append(runs, r)
	}
	if len(runs) == 0 {
		which := fmt.Sprintf("none of the %d runs below %s has a", len(found), textcut.Line(strings.Join(o.Dirs, ", ")))
		if len(found) == 1 {
			which = fmt.Sprintf("the run %s has no", textcut.Printable(found[0].Dir))
		}
		switch {
		case byWorker == len(found):
			pron := "they were run by sweeps' jobs"
			if byWorker == 1 {
				pron = "it was run by a sweep's job"
			}
			// A Slurm array's task writes attempt.json naming its worker
			// (host:pid) as a NATS worker does: both are said.
			return res, fmt.Errorf("%s %s to evaluate: %s (%s names the worker): a NATS worker keeps no %s once a job ends (the outputs it stores leave it out), a Slurm array's task keeps its own in the run's directory (a copy may leave it out); %s", which, experiment.CheckpointFile, pron, sweep.AttemptFile, experiment.CheckpointFile, keepCheckpoints)
		case byWorker > 0:
			return res, fmt.Errorf("%s %s to evaluate: not RL runs, or copies without their checkpoints (as committed result sets are); %d of them %s; %s", which, experiment.CheckpointFile, byWorker, byWorkers, keepCheckpoints)
		}
		return res, fmt.Errorf("%s %s to evaluate: not an RL run, or a copy without its checkpoint (as committed result sets are)", which, experiment.CheckpointFile)
	}
	if n := len(without); n > 0 {
		// One note for them all: a reproduction's copy of a committed set
		// has dozens.
		if n > 3 {
			without = append(without[:3:3], fmt.Sprintf("and %d more", n-3))
		}
		why := "not RL runs, or copies without their checkpoints, as committed result sets are"
		switch {
		case byWorker == n:
			why = fmt.Sprintf("%d of them %s", n, byWorkers)
		case byWorker > 0:
			why += fmt.Sprintf("; %d of them %s", byWorker, byWorkers)
		}
		res.Notes = append(res.Notes, fmt.Sprintf("%d of the %d runs found have no %s (%s), left out: %s", n, len(found), experiment.CheckpointFile, why, strings.Join(without, ", ")))
	}
	groups, copies := runplot.DropCopies(runplot.Groups(runs, false))
	res.Notes = append(res.Notes, copies...)
	series := map[string]string{} // run directory → its series' name
	for _, g := range groups {
		for _, r := range g.Runs {
			series[r.Dir] = g.Name
		}
	}
	runs = slices.DeleteFunc(runs, func(r runplot.Run) bool { _, kept := series[r.Dir]; return !kept })
	res.Runs = make([]Run, len(runs))
	evalOpts := agent.EvalOptions{Episodes: o.Episodes, Seed: o.Seed, Stochastic: o.Stochastic}
	completed := make([]bool, len(runs))
	evaluateAll(ctx, len(runs), o.Workers, func(i int) bool {
		res.Runs[i], completed[i] = evaluateRun(ctx, runs[i], evalOpts)
		res.Runs[i].Series = series[runs[i].Dir]
		return completed[i]
	}, func(i int) {
		if o.OnRun != nil {
			o.OnRun(res.Runs[i])
		}
	})
	// Once ctx is done, the runs it cut short or kept from starting are
	// counted, not listed: a run's row is its whole evaluation or its own
	// failure. A ctx done after the last run ended cut nothing.
	var cut error
	if err := ctx.Err(); err != nil && slices.Contains(completed, false) {
		kept := res.Runs[:0]
		for i, r := range res.Runs {
			if completed[i] {
				kept = append(kept, r)
			}
		}
		res.Runs, res.Interrupted = kept, len(runs)-len(kept)
		cut = fmt.Errorf("eval interrupted: %d of %d runs evaluated: %w", len(kept), len(runs), err)
	}
	byDir := map[string]Run{}
	for _, r := range res.Runs {
		byDir[r.Dir] = r
	}
	for _, g := range groups {
		s := Series{Name: g.Name}
		var means []float64
		for _, r := range g.Runs {
			run, ok := byDir[r.Dir]
			switch {
			case !ok: // interrupted
			case run.Error != "":
				s.Failed++
			default:
				means = append(means, run.Return.Mean)
				if s.Runs++; s.Runs == 1 {
					s.MinSteps, s.MaxSteps = run.Steps, run.Steps
				}
				s.MinSteps, s.MaxSteps = min(s.MinSteps, run.Steps), max(s.MaxSteps, run.Steps)
			}
		}
		if s.Runs == 0 && s.Failed == 0 {
			continue // all of it interrupted
		}
		if s.Runs > 0 {
			s.Return = stats(means)
		}
		if s.MinSteps != s.MaxSteps {
			res.Notes = append(res.Notes, fmt.Sprintf("series %s: its runs' policies were trained for different numbers of steps (%d to %d; some runs are still going or stopped), and its mean mixes them", textcut.Printable(s.Name), s.MinSteps, s.MaxSteps))
		}
		res.Series = append(res.Series, s)
	}
	return res, cut
}

// evaluateAll calls eval(i) for each of n runs, at most workers at once,
// and done(i) in order of i for each run whose eval returned true (it
// was evaluated to the end), once every run before it has been, from one
// goroutine at a time. Once ctx is done no eval starts.
func evaluateAll(ctx context.Context, n, workers int, eval func(int) bool, done func(int)) {
	finished := make([]bool, n)
	var mu sync.Mutex
	next := 0 // the first run not yet passed to done
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				// A run handed over as ctx was cancelled is not started.
				if ctx.Err() != nil || !eval(i) {
					continue
				}
				mu.Lock()
				finished[i] = true
				for next < n && finished[next] {
					done(next)
					next++
				}
				mu.Unlock()
			}
		}()
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// evaluateRun loads the checkpoint in r's directory and plays it.
// completed is false when ctx cut the evaluation short (the run is then
// not reported). A run whose config.yaml names an environment this binary
// lacks fails before its checkpoint is read (envMissing).
func evaluateRun(ctx context.Context, r runplot.Run, o agent.EvalOptions) (run Run, completed bool) {
	run = Run{Dir: r.Dir}
	if q := envMissing(r); q != "" {
		run.Error = q
		return run, true
	}
	a, err := load(r.Dir)
	if err != nil {
		run.Error = err.Error()
		return run, true
	}
	defer a.Close()
	a.SetThreads(1)
	c := a.Config()
	run.Env, run.Algo, run.Seed, run.DType = c.Env, string(c.Algo), c.Seed, c.DType.String()
	if c.Algo.Stackelberg() {
		run.Leader = string(c.Leader)
	}
	run.Steps, run.RunSteps = a.Steps(), c.Steps
	run.Stopped = stoppedWith(r.Dir)
	if r.Config != nil && r.Config.RL != nil && (r.HasSeed && r.Seed != c.Seed || r.Config.RL.Env != c.Env) {
		// Grouped by its files, it would stand in its series for another.
		seed := "no seed"
		if r.HasSeed {
			seed = fmt.Sprintf("seed %d", r.Seed)
		}
		run.Error = fmt.Sprintf("its %s is another run's: seed %d on %s, where the run's files (config.yaml, job.json) say %s on %s; not evaluated", experiment.CheckpointFile, c.Seed, c.Env, seed, r.Config.RL.Env)
		return run, true
	}
	run.Episodes, err = a.Evaluate(ctx, o)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return run, false
		}
		run.Error = err.Error()
	}
	if len(run.Episodes) > 0 {
		rets := make([]float64, len(run.Episodes))
		lens := make([]float64, len(run.Episodes))
		for i, e := range run.Episodes {
			rets[i], lens[i] = e.Return, float64(e.Length)
		}
		run.Return, run.Length = stats(rets), stats(lens)
	}
	return run, true
}

// envMissing says why this binary cannot evaluate r, whose config.yaml
// names its environment, when it lacks that environment: a task of a
// build tag this binary was built without (a MuJoCo task without -tags
// mujoco: env.Spec.Available), or one it does not know (registered from Go
// by the program that trained the run). "" when it has it, or r has no
// config (its checkpoint then says).
func envMissing(r runplot.Run) string {
	if r.Config == nil || r.Config.RL == nil {
		return ""
	}
	name := r.Config.RL.Env
	spec, ok := lookupEnv(name)
	if !ok {
		return fmt.Sprintf("environment %s (rl.env of its config.yaml) is not one of this binary's (stackel envs lists them): one registered from Go (env.Register) by the program that trained the run is evaluated in that program (experiment.ReadCheckpoint, then Agent.Evaluate); its checkpoint was not read", strconv.Quote(name))
	}
	if err := spec.Available(); err != nil {
		return err.Error() + "; its checkpoint was not read"
	}
	return ""
}

// stats summarises v (at least one value).
func stats(v []float64) Stats {
	s := Stats{Min: math.Inf(1), Max: math.Inf(-1)}
	s.Mean, s.SD = repro.MeanSD(v)
	for _, x := range v {
		s.Min, s.Max = math.Min(s.Min, x), math.Max(s.Max, x)
	}
	return s
}

// keepCheckpoints says what keeps a sweep's checkpoints, for the runs a
// sweep's worker ran (ranByWorker) that have none.
const keepCheckpoints = "to play a sweep's policies, run it as a Slurm array (stackel sweep SPEC --emit slurm), which keeps them, or its configurations with stackel run"

// byWorkers says why runs a sweep's worker ran may have no checkpoint.
const byWorkers = "run by sweeps' jobs (attempt.json names the worker): a NATS worker keeps none once a job ends, a Slurm array's task keeps its own (a copy may leave it out)"

// ranByWorker reports whether the run in dir is a job a sweep's worker
// ran: its attempt.json (sweep.Attempt) names the worker. A NATS
// worker's run keeps no checkpoint (the outputs it stores leave it out,
// and the server's copy is deleted when the job ends); a Slurm array's
// task, named there the same way (host:pid), keeps its own, which a copy
// may leave out: the two are not told apart.
func ranByWorker(dir string) bool {
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, sweep.AttemptFile))
	if err != nil {
		return false
	}
	var a sweep.Attempt
	return json.Unmarshal(b, &a) == nil && a.Worker != ""
}

// stoppedWith returns the error the run in dir stopped with in training:
// its job.json's when that records the job failed, else its
// summary.json's "error" (for a run interrupted by Ctrl-C or SIGTERM,
// "interrupted": true, a line saying so and how to continue it); "" when
// neither says one.
func stoppedWith(dir string) string {
	if rec, ok, err := experiment.ReadJobRecord(dir); err == nil && ok && rec.Status == experiment.JobFailed {
		return rec.Error
	}
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, experiment.SummaryFile))
	if err != nil {
		return ""
	}
	var s struct {
		Error       string `json:"error"`
		Interrupted bool   `json:"interrupted"`
	}
	if json.Unmarshal(b, &s) != nil {
		return ""
	}
	if s.Interrupted && s.Error != "" {
		// Ctrl-C or SIGTERM (experiment.Interrupted): the run did not
		// fail and can go on; Go's "context canceled" says neither.
		at := strings.TrimSuffix(strings.TrimSuffix(s.Error, ": "+context.Canceled.Error()), ": "+context.DeadlineExceeded.Error())
		return fmt.Sprintf("interrupted during %s (Ctrl-C or SIGTERM), not failed: stackel run --resume on its directory continues it", at)
	}
	return s.Error
}
