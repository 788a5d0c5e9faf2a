package experiment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
)

// ProgressFunc reports that done of total units of work are complete.
type ProgressFunc func(done, total int)

// RunOptions are what `stackel run` passes to Run.
type RunOptions struct {
	// Out is the output directory ("" is the current directory), created
	// with its parents if missing, as RunJob and `stackel run --out`
	// create it; with Resume it must exist (there is nothing to resume
	// in a directory that does not). Run writes into it whatever it
	// holds: call PrepareRunDir first, as `stackel run` does, to refuse
	// (or, with force, clear) a directory holding another run.
	Out string
	// Progress, when not nil, is told of progress.
	Progress ProgressFunc
	// Resume continues an RL run from the checkpoint in Out.
	Resume bool
	// Threads, when positive, is the thread count of an RL run whose
	// config does not set rl.threads (an executor running several jobs at
	// once gives each its share of the cores).
	Threads int
	// Warnings, when not nil, receives a line at the end of a run whose
	// numbers are suspect though it ran (a smooth-game run whose CG
	// solves stopped at their iteration cap: summary.json's
	// cg_capped_steps; a Hi-C run whose best-response follower stopped at
	// its step cap: best_response_capped_stages), saying which config
	// keys change that; and, before the run's first stage, its
	// StartWarnings (a Hi-C commitment of one stage, which learns the
	// Nash equilibrium), unless StartWarningsSaid.
	Warnings io.Writer
	// StartWarningsSaid tells the run that its caller said
	// StartWarnings(cfg) already (stackel run, at once, where Warnings is
	// said only after the progress ends), so that the run does not write
	// them to Warnings again.
	StartWarningsSaid bool
}

// RunKind is one kind of run that a configuration can describe (a smooth
// game under gradient dynamics, Hi-C play, Markov policy gradient, RL
// training). Kinds are registered with RegisterRunKind; Run picks the one
// whose Match accepts the configuration. Adding a kind of run is one file
// that registers its RunKind.
type RunKind struct {
	// Name names the kind in errors and listings, e.g. "smooth".
	Name string
	// Match reports that cfg describes a run of this kind. The matches of
	// the registered kinds must exclude one another, a Fallback kind's
	// aside: a configuration that two kinds match, both Fallback or
	// neither, is an error (KindOf).
	Match func(cfg *Config) bool
	// Run performs the run, writing metrics.csv and summary.json into
	// opt.Out (config.yaml is written by the caller), and returns a
	// one-line summary.
	Run func(ctx context.Context, cfg *Config, opt RunOptions) (string, error)
	// Check validates cfg as far as building its run without running it
	// (game, dynamics, networks), so a sweep can reject a bad job before
	// any job runs.
	Check func(cfg *Config) error
	// Resumable says that Run continues the run in opt.Out from its
	// checkpoint when opt.Resume is set; Run refuses opt.Resume for the
	// other kinds, which are rerun instead.
	Resumable bool
	// Fallback says that the kind takes a configuration its Match accepts
	// only when no other kind's does: smooth, which matches every
	// configuration that is not RL, Markov or Hi-C, so that a kind added
	// later (matching, say, a dynamics kind of its own) takes its
	// configurations without smooth's Match being edited. Before session
	// 49 both matched and the configuration was refused as ambiguous.
	Fallback bool
}

var (
	runKindsMu sync.Mutex
	runKinds   = map[string]RunKind{}
)

// RegisterRunKind adds a kind of run; it panics on a duplicate or empty name
// or a nil Match, Run or Check (programming errors).
func RegisterRunKind(k RunKind) {
	runKindsMu.Lock()
	defer runKindsMu.Unlock()
	if k.Name == "" || k.Match == nil || k.Run == nil || k.Check == nil {
		panic(fmt.Sprintf("experiment: run kind %q registered without a name, Match, Run or Check", k.Name))
	}
	if _, dup := runKinds[k.Name]; dup {
		panic(fmt.Sprintf("experiment: run kind %q registered twice", k.Name))
	}
	runKinds[k.Name] = k
}

// RunKinds lists the names of the registered kinds of run, sorted.
func RunKinds() []string {
	runKindsMu.Lock()
	defer runKindsMu.Unlock()
	names := make([]string, 0, len(runKinds))
	for n := range runKinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// KindOf returns the registered kind of run that cfg describes, or an error
// if no kind, or more than one, accepts it; a Fallback kind only when no
// other kind accepts it.
func KindOf(cfg *Config) (RunKind, error) {
	runKindsMu.Lock()
	defer runKindsMu.Unlock()
	return kindOf(runKinds, cfg)
}

// kindOf is KindOf over kinds.
func kindOf(kinds map[string]RunKind, cfg *Config) (RunKind, error) {
	var found []RunKind
	for _, fallback := range []bool{false, true} {
		for _, k := range kinds {
			if k.Fallback == fallback && k.Match(cfg) {
				found = append(found, k)
			}
		}
		if len(found) > 0 {
			break
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return RunKind{}, fmt.Errorf("config: no kind of run accepts this configuration")
	default:
		names := make([]string, len(found))
		for i, k := range found {
			names[i] = k.Name
		}
		sort.Strings(names)
		return RunKind{}, fmt.Errorf("config: ambiguous, several kinds of run accept it: %s", strings.Join(names, ", "))
	}
}

// isRL, isMarkov and isHiC classify a configuration by the sections it has:
// an rl section makes an RL run, a Markov game a policy-gradient run, Hi-C
// dynamics on a smooth game an uncoupled run, and anything else a smooth
// gradient-dynamics run.
func (c *Config) isRL() bool { return c.RL != nil }

func (c *Config) isMarkov() bool {
	return !c.isRL() && c.Game != nil && (c.Game.Markov != "" || c.Game.MarkovBuiltin != "")
}

func (c *Config) isHiC() bool {
	return !c.isRL() && !c.isMarkov() && c.Dynamics != nil && c.Dynamics.Kind == "hic"
}

// Run performs the run a configuration describes and writes its outputs
// (metrics.csv, summary.json, config.yaml) into opt.Out. It returns a
// one-line summary for the terminal. On error, everything recorded before
// the failure stays in opt.Out and summary.json holds the error; a panic
// in the run is returned as its error ("panic: VALUE (at …)") and
// recorded so, as a job's is.
func Run(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	if err := checkBuilt(cfg); err != nil {
		return "", err
	}
	kind, err := KindOf(cfg)
	if err != nil {
		return "", err
	}
	if opt.Resume {
		if err := checkResume(kind, opt.Out); err != nil {
			return "", err
		}
		if _, err := os.Stat(opt.Out); opt.Out != "" && errors.Is(err, fs.ErrNotExist) {
			// Said as `stackel run --resume DIR` says it; the run
			// failed to write its first file there.
			return "", fmt.Errorf("resume: no such run directory %s (to start a run there, run with RunOptions.Resume false)", opt.Out)
		}
	} else {
		if opt.Out != "" {
			// Created as RunJob and PrepareRunDir create it: the run
			// failed to write config.yaml there, "creating its temporary
			// file: no such file or directory", naming no directory.
			if err := makeOutDir(opt.Out); err != nil {
				return "", err // naming the path (mkdir PATH: …)
			}
		}
		if err := saveConfig(cfg, opt.Out); err != nil {
			return "", err
		}
	}
	// A panic in the run (a bug) is its failure, recorded as a job's is
	// (runGuarded): summary.json holds it, metrics.csv what was recorded,
	// and the caller gets it as an error instead of a stack dump.
	return runGuarded(opt.Out, cfg, cfg.Seed, func() (string, error) { return kind.Run(ctx, cfg, opt) })
}

// checkResume refuses to resume a run of a kind that has no checkpoints,
// or into a directory whose recorded run (its config.yaml) is of another
// kind, before anything in dir is touched.
func checkResume(kind RunKind, dir string) error {
	if !kind.Resumable {
		return fmt.Errorf("resume: a run of kind %s keeps no checkpoint and is not resumed; rerun it (stackel run CONFIG --out %s --force)", kind.Name, shellQuote(dir))
	}
	path := filepath.Join(dir, ConfigFile)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil // nothing recorded yet: the run starts afresh
	}
	old, err := LoadConfig(path)
	if err != nil {
		return fmt.Errorf("resume: the run recorded in %s: %w", dir, err)
	}
	oldKind, err := KindOf(old)
	if err != nil {
		return fmt.Errorf("resume: the run recorded in %s: %w", dir, err)
	}
	if oldKind.Name != kind.Name {
		return ResumeKindMismatch(dir, oldKind, kind)
	}
	return nil
}

// ResumeKindMismatch is the error of resuming, with a config of kind, the
// directory dir whose recorded run is of another kind, oldKind: it names
// both, and says what to do instead.
func ResumeKindMismatch(dir string, oldKind, kind RunKind) error {
	if !oldKind.Resumable {
		// Its own config is refused too (no checkpoint): saying to resume
		// with it sent the user from one refusal to the next.
		return fmt.Errorf("resume: %s holds a run of kind %s and this config describes one of kind %s; a %s run keeps no checkpoint and is not resumed: run this config into another directory", dir, oldKind.Name, kind.Name, oldKind.Name)
	}
	return fmt.Errorf("resume: %s holds a run of kind %s and this config describes one of kind %s; resume with the run's own config (omit the CONFIG argument) or run this one into another directory", dir, oldKind.Name, kind.Name)
}

// saveConfig stores the (normalised) configuration beside the results, for
// provenance and for --resume.
func saveConfig(cfg *Config, dir string) error {
	if g := cfg.Game; g != nil && g.Markov != "" && !filepath.IsAbs(g.Markov) {
		// The saved config lives elsewhere: make the spec path absolute
		// so that it loads again from any directory.
		c, gc := *cfg, *g
		p, err := filepath.Abs(filepath.Join(cfg.dir, g.Markov))
		if err != nil {
			return fmt.Errorf("saving config: %w", err)
		}
		gc.Markov, c.Game = p, &gc
		cfg = &c
	}
	b, err := yaml.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("saving config: %w", err)
	}
	if _, err := readBack(b); err != nil {
		return fmt.Errorf("saving config: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, ConfigFile), b, "write-"+ConfigFile)
}
