package experiment

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/markov"
)

// Config is the published configuration schema of `stackel run` and
// `stackel analyze`. YAML or JSON (which is valid YAML); unknown keys are
// errors naming the key and its line.
type Config struct {
	// Name labels the run in outputs.
	Name string `yaml:"name"`
	// Seed seeds every random draw of the run.
	Seed uint64 `yaml:"seed"`
	// Game defines the game (smooth, bimatrix or Markov).
	Game *GameConfig `yaml:"game"`
	// Dynamics selects and configures the learning dynamics.
	Dynamics *DynamicsConfig `yaml:"dynamics"`
	// Iterations is the number of learning iterations (gradient dynamics,
	// policy gradient).
	Iterations int `yaml:"iterations,omitempty"`
	// Stages is the number of stages of uncoupled play (Hi-C).
	Stages int `yaml:"stages,omitempty"`
	// RecordEvery writes a metrics row every that many iterations
	// (default: about 1000 rows per run); a negotiation run's, every that
	// many meta-intervals and the last (default: every one).
	RecordEvery int `yaml:"record_every,omitempty"`
	// Init sets the initial strategies.
	Init *InitConfig `yaml:"init"`
	// RL configures a reinforcement-learning run instead of a game.
	RL *RLConfig `yaml:"rl"`
	// Record selects extra run logs.
	Record *RecordConfig `yaml:"record"`

	// dir is the directory of the config file, for relative paths.
	dir string
	// lines holds the line of each key of the parsed file, file its path
	// when read by LoadConfig (Locate); nulls the keys written there with
	// a null value.
	lines map[string]int
	nulls map[string]bool
	file  string
}

// GameConfig defines the game: a built-in, a formula game, or a Markov
// game (from a file or a built-in).
type GameConfig struct {
	// Builtin names a built-in smooth or bimatrix game (see
	// game.BuiltinNames).
	Builtin string `yaml:"builtin"`
	// Params are the named parameters of a built-in or formula game
	// (numbers, vectors or matrices), or the numeric parameters of a Markov
	// built-in. A quoted number is an error (safeyaml:"numeric").
	Params map[string]any `yaml:"params" safeyaml:"numeric"`

	// Sense of a formula game: "cost" (minimised) or "payoff" (maximised).
	Sense string `yaml:"sense"`
	// Dims of a formula game: [leader, follower] strategy dimensions.
	Dims []int `yaml:"dims,omitempty"`
	// F1 and F2 are a formula game's leader and follower objectives, Go
	// expressions in x, y and the params.
	F1 string `yaml:"f1"`
	F2 string `yaml:"f2"`
	// Domain of a formula game's strategies (default unbounded).
	Domain *DomainConfig `yaml:"domain"`

	// Markov is the path of a Markov-game spec file, relative to the
	// config's directory.
	Markov string `yaml:"markov"`
	// MarkovBuiltin names a built-in Markov game.
	MarkovBuiltin string `yaml:"markov_builtin"`
}

// DomainConfig gives the strategy domains of a formula game: `{torus:
// true}` for both players, or per player.
type DomainConfig struct {
	// Torus puts both players on the torus [−π, π)^d; not with X or Y.
	Torus bool `yaml:"torus"`
	// X and Y are the leader's and the follower's domains.
	X *DomainSpec `yaml:"x"`
	Y *DomainSpec `yaml:"y"`
}

// DomainSpec is one player's domain: a box (one [lo, hi] per dimension),
// the torus, or the simplex (softmax logits).
type DomainSpec struct {
	// Box is one [lo, hi] pair per dimension.
	Box [][]float64 `yaml:"box,omitempty"`
	// Torus wraps every coordinate onto [−π, π).
	Torus bool `yaml:"torus"`
	// Simplex reads the strategy as softmax logits.
	Simplex bool `yaml:"simplex"`
}

// ScheduleConfig is a step-size schedule: exactly one of constant,
// power (a/(b+k)^p), log (a·ln k + b) or list.
type ScheduleConfig struct {
	// Constant is the same value at every k.
	Constant *float64 `yaml:"constant"`
	// Power is a/(b + k)^p.
	Power *PowerConfig `yaml:"power"`
	// Log is a·ln k + b.
	Log *LogConfig `yaml:"log"`
	// List gives the values for k = 1, 2, … explicitly; past its end the
	// last value repeats.
	List []float64 `yaml:"list,omitempty"`
}

// PowerConfig is a/(b + k)^p.
type PowerConfig struct {
	// A is the scale, B the offset of k and P the exponent.
	A float64 `yaml:"a"`
	B float64 `yaml:"b"`
	P float64 `yaml:"p"`
}

// LogConfig is a·ln k + b.
type LogConfig struct {
	// A multiplies ln k; B is added.
	A float64 `yaml:"a"`
	B float64 `yaml:"b"`
}

// NoiseConfig gives the standard deviations of the Gaussian noise added to
// each player's gradient (Eq. 4's w_k).
type NoiseConfig struct {
	// Leader is σ_1 and Follower σ_2 (0: noiseless).
	Leader   float64 `yaml:"leader"`
	Follower float64 `yaml:"follower"`
}

// CommitmentConfig is the Hi-C commitment schedule k_n: exactly one of
// constant, log, eq19 or power.
type CommitmentConfig struct {
	// Constant commits for the same number of stages every interval.
	Constant *float64 `yaml:"constant"`
	// Log is k_n = a·ln n + b.
	Log *LogConfig `yaml:"log"`
	// Eq19 is the schedule of Eq. 19 (Corollary 3.11) of the Hi-C paper.
	Eq19 *Eq19Config `yaml:"eq19"`
	// Power is k_n = a/(b + n)^p.
	Power *PowerConfig `yaml:"power"`
}

// Eq19Config holds the constants of the Hi-C paper's Eq. 19.
type Eq19Config struct {
	// Beta, Mu, B and P are β, μ, B and p of Eq. 19 (uncoupled.Eq19).
	// β is the step of the gradient follower (Corollary 3.11), so it
	// must equal dynamics.follower.lr; left out (0), it is taken from
	// there (HiCRunConfig), and left out of the written config, which
	// so reads back as the same run (a beta given is never 0, which
	// eq19 refuses, so a config that gives it is written as before).
	Beta float64 `yaml:"beta,omitempty"`
	Mu   float64 `yaml:"mu"`
	B    float64 `yaml:"B"`
	P    float64 `yaml:"p"`
}

// FollowerConfig is the follower learner in uncoupled play.
type FollowerConfig struct {
	// Kind is gradient, noisy-gradient or best-response.
	Kind string `yaml:"kind"`
	// LR is the gradient follower's constant step size.
	LR float64 `yaml:"lr"`
	// Noise is the standard deviation of the noisy-gradient follower's
	// gradient noise (must be positive for noisy-gradient, 0 otherwise).
	Noise float64 `yaml:"noise"`
	// Tol and MaxIter are a best-response follower's inner-loop tolerance
	// and step cap (uncoupled.BestResponseConfig; 0, or left out: 1e-10
	// and 10000), an error for the other kinds. Left out of the written
	// config when 0, so that the configs written before they existed keep
	// their job IDs.
	Tol     float64 `yaml:"tol,omitempty"`
	MaxIter int     `yaml:"max_iter,omitempty"`
}

// InitConfig sets initial strategies: fixed vectors x and y, or a uniform
// draw from a [lo, hi] range per dimension.
type InitConfig struct {
	// X and Y are fixed starting strategies.
	X []float64 `yaml:"x,omitempty"`
	Y []float64 `yaml:"y,omitempty"`
	// Uniform draws the starting strategies from the config's seed.
	Uniform *UniformInit `yaml:"uniform"`
}

// UniformInit is a [lo, hi] range per dimension for each player.
type UniformInit struct {
	// X and Y are one [lo, hi] pair per dimension of each player.
	X [][]float64 `yaml:"x,omitempty"`
	Y [][]float64 `yaml:"y,omitempty"`
}

// RecordConfig selects logs written beside metrics.csv.
type RecordConfig struct {
	// TensorBoard also writes every metrics row as TensorBoard scalars to
	// DIR/tb/events.out.tfevents.* (RL runs always do).
	TensorBoard bool `yaml:"tensorboard"`
}

// RLConfig configures a reinforcement-learning run (see package rl).
type RLConfig struct {
	// Env is the environment, e.g. CartPole-v1.
	Env string `yaml:"env"`
	// Algo is ac, stac, ddpg, stddpg, sac or stsac.
	Algo string `yaml:"algo"`
	// Leader is actor or critic: which network leads in the Stackelberg
	// algorithms.
	Leader string `yaml:"leader"`
	// Steps and StepsPerEpoch override the environment steps of the run
	// and of an epoch (0: the algorithm's defaults for Env).
	Steps         int `yaml:"steps,omitempty"`
	StepsPerEpoch int `yaml:"steps_per_epoch,omitempty"`
	// Hidden lists the hidden-layer widths of the networks.
	Hidden []int `yaml:"hidden,omitempty"`
	// CG configures the leader's conjugate-gradient solve.
	CG *RLCGConfig `yaml:"cg"`
	// Unroll is the number of follower updates per leader update.
	Unroll int `yaml:"unroll"`
	// Extra holds further named agent options (key options); a quoted
	// number is an error (safeyaml:"numeric").
	Extra map[string]any `yaml:"options" safeyaml:"numeric"`
	// Checkpoint is the checkpoint period in epochs (0 means 1).
	Checkpoint int `yaml:"checkpoint_every,omitempty"`
	// DType is float32 (the default) or float64: the element type the
	// networks are evaluated and differentiated in. A checkpoint records
	// it; resuming with the other one is an error.
	DType string `yaml:"dtype,omitempty"`
	// Threads caps the goroutines the large matrix products of an update
	// are split over (0: all cores for a single run; a reproduction running
	// several seeds at once gives each the cores left over). The numbers do
	// not depend on it.
	Threads int `yaml:"threads,omitempty"`
}

// RLCGConfig configures the conjugate-gradient inverse-Hessian–vector
// product of the Stackelberg actor-critic.
type RLCGConfig struct {
	// Iters caps the CG iterations (0: the default).
	Iters int `yaml:"iters"`
	// Lambda is the regularisation λ of the inverse Hessian; nil (the key
	// absent) means the algorithm's default for the environment (0 on a
	// discrete action space, 500 on a continuous one), as when the whole
	// cg block is absent. Written out, even as 0, it is kept.
	Lambda *float64 `yaml:"lambda,omitempty"`
}

// LoadConfig reads and validates a configuration file (a regular file
// within the input size limit, safeyaml.ReadFile).
func LoadConfig(path string) (*Config, error) {
	data, err := safeyaml.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseConfigAt(data, path, filepath.Dir(path))
}

// ParseConfigAt is LoadConfig for a configuration's text data read from
// elsewhere (a block of a sweep's spec): its errors, and those Locate
// gives later, name file and the line in data ("file: config: line 8:
// …"), and relative paths in it are resolved against dir.
func ParseConfigAt(data []byte, file, dir string) (*Config, error) {
	c, err := parseConfig(data)
	if c != nil {
		c.dir, c.file = dir, file
	}
	switch {
	case err != nil && c != nil:
		if located := c.Locate(err); located != err {
			return nil, located
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return c, nil
}

// ParseConfig parses and validates a configuration strictly: unknown keys,
// keys that the chosen dynamics does not use, and out-of-range values are
// errors.
func ParseConfig(data []byte) (*Config, error) {
	c, err := parseConfig(data)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// parseConfig is ParseConfig, except that when the input decodes but
// fails a check it also returns the decoded config, whose key lines
// LoadConfig adds to the error.
func parseConfig(data []byte) (*Config, error) {
	return parseConfigLimits(data, safeyaml.DefaultLimits())
}

// parseConfigLimits is parseConfig with the given input limits.
func parseConfigLimits(data []byte, lim safeyaml.Limits) (*Config, error) {
	var c Config
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("empty configuration")
	}
	keys, err := safeyaml.UnmarshalKeys(data, &c, lim)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c.lines, c.nulls = keys.Lines, keys.Null
	if err := c.checkInput(keys); err != nil {
		return &c, err
	}
	if err := c.validate(); err != nil {
		return &c, err
	}
	return &c, nil
}

// Locate adds to err the file and line of the configuration key it
// names, for a config that LoadConfig read (LoadConfig does it for its own
// errors; the CLI for the errors found when the run is built): an error
// whose message begins with a key's path, after an optional "config: "
// ("rl.threads: -1 must not be negative", "config: game.dims = [0 1]:
// …"), becomes "c.yaml: config: line 9: rl.threads: …". A section's
// error that names one of its keys next ("game: f2: unknown identifier
// …") gets that key's line, or, when the file has no such key but one
// block further down ("dynamics.leader_lr: b = NaN …" for
// leader_lr.power.b), that one's. A path with an
// index ("init.x[3]") falls back to its list's line; an error naming a
// key the file lacks gets the file alone, with "config: " ("c.yaml:
// config: rl.env: missing"): a "config: " error, or one whose key lies
// under a key of the file. Other errors, and configs parsed
// from text (sweeps and jobs, whose lines no user wrote), are returned as
// they are; errors.Is and errors.As see through the added line.
func (c *Config) Locate(err error) error {
	if err == nil || c.file == "" || len(c.lines) == 0 {
		return err
	}
	rest := strings.TrimPrefix(err.Error(), "config: ")
	end := strings.IndexAny(rest, ": =")
	if end <= 0 {
		return err
	}
	path := rest[:end]
	candidates := []string{path}
	if sub := rest[end:]; strings.HasPrefix(sub, ": ") {
		// A section's error naming its key next ("game: f1: unknown
		// identifier …", as the game's builder reports a formula): the
		// key's own line, before the section's.
		sub = sub[2:]
		if e := strings.IndexAny(sub, ": ="); e > 0 {
			candidates = []string{path + "." + sub[:e]}
			if d := c.descendantKey(path, sub[:e]); d != "" {
				// A schedule's parameter ("dynamics.leader_lr: b = NaN
				// …"), one block further down (leader_lr.power.b).
				candidates = append(candidates, d)
			}
			candidates = append(candidates, path)
		}
	}
	if path == "game" || path == "game.params" {
		// A built-in game's error about one of its parameters ("game:
		// duopoly: param A = -100 must be positive"), or a value no
		// parameter takes ("game.params: param k: value NaN is not
		// finite"): the parameter's line, under game.params.
		if name := paramNamed(rest); name != "" {
			candidates = append([]string{"game.params." + name}, candidates...)
		}
	}
	for i := strings.LastIndexByte(path, '['); i > 0 && strings.HasSuffix(path, "]"); i = strings.LastIndexByte(path, '[') {
		path = path[:i]
		candidates = append(candidates, path)
	}
	for _, p := range candidates {
		if l, ok := c.lines[p]; ok && l > 0 {
			return &lineError{text: fmt.Sprintf("%s: config: line %d: %s", c.file, l, rest), err: err}
		}
	}
	if strings.HasPrefix(err.Error(), "config: ") || c.hasEnclosingKey(path) {
		// A key the file lacks (a required one, "rl.env: missing"): the
		// file, without a line.
		return &lineError{text: fmt.Sprintf("%s: config: %s", c.file, rest), err: err}
	}
	return err
}

// paramNamed returns the parameter an error's text names as "param NAME"
// (the game builders' words), or "".
func paramNamed(text string) string {
	i := strings.Index(text, "param ")
	if i < 0 {
		return ""
	}
	name := text[i+len("param "):]
	end := strings.IndexFunc(name, func(r rune) bool {
		return !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	})
	if end >= 0 {
		name = name[:end]
	}
	return name
}

// descendantKey returns the one key of the file below the dotted key
// path, a block further down, whose last element is name
// (dynamics.leader_lr.power.b for dynamics.leader_lr and b), or "" when
// there is none or more than one.
func (c *Config) descendantKey(path, name string) string {
	found := ""
	for k := range c.lines {
		rest, ok := strings.CutPrefix(k, path+".")
		if !ok {
			continue
		}
		mid, last, ok := strings.Cut(rest, ".")
		if !ok || last != name || strings.Contains(mid, "[") {
			continue
		}
		if found != "" {
			return ""
		}
		found = k
	}
	return found
}

// hasEnclosingKey reports that the file has a key enclosing the dotted
// key path (rl for rl.env), so that path names a key of the config, not
// a word of an error's text.
func (c *Config) hasEnclosingKey(path string) bool {
	for i := strings.LastIndexByte(path, '.'); i > 0; i = strings.LastIndexByte(path, '.') {
		path = path[:i]
		if c.lines[path] > 0 {
			return true
		}
	}
	return false
}

// sameValues reports that a and b hold the same settings, whatever text
// they were parsed from (the keys' lines and the file's path aside). Equal
// canonical texts count as the same settings too: a NaN (which a config
// may hold until its run refuses it) is not equal to itself, and a nil map
// not to an empty one, for reflect.DeepEqual. The configurations are
// compared in their canonical form, as in job IDs (Config.canonical,
// idText): rl.threads is left out, and the numbers of game.params and
// rl.options count by value however they are spelt.
func sameValues(a, b *Config) bool {
	x, _ := a.canonical()
	y, _ := b.canonical()
	x.lines, y.lines, x.file, y.file = nil, nil, "", ""
	if reflect.DeepEqual(&x, &y) {
		return true
	}
	tx, err1 := yaml.Marshal(&x)
	ty, err2 := yaml.Marshal(&y)
	return err1 == nil && err2 == nil && bytes.Equal(tx, ty)
}

// SameConfig reports whether a and b describe the same run (the same
// values once canonical, as job IDs compare them; rl.threads left out).
func SameConfig(a, b *Config) bool { return sameValues(a, b) }

// lineError is an error with the line of the key it names (Locate), or
// an error reworded to name its key as the config does (HiCRunConfig);
// errors.Is and errors.As see the original.
type lineError struct {
	text string
	err  error
}

func (e *lineError) Error() string { return e.text }
func (e *lineError) Unwrap() error { return e.err }

func (c *Config) validate() error {
	if c.RL != nil {
		for _, sec := range []struct {
			key string
			set bool
		}{{"game", c.Game != nil}, {"dynamics", c.Dynamics != nil}} {
			if sec.set {
				// The section's key first, so that Locate gives its line
				// (the rl line, before, did not say which section).
				return fmt.Errorf("config: %s: not used by an rl run (an rl run takes no game or dynamics section: leave it out)", sec.key)
			}
		}
		// Keys of the other kinds, which an RL run would ignore.
		for _, k := range []struct {
			key, why string
			set      bool
		}{
			{"iterations", "an rl run's length is rl.steps", c.Iterations != 0},
			{"stages", "an rl run's length is rl.steps", c.Stages != 0},
			{"record_every", "an rl run records one row per epoch (rl.steps_per_epoch)", c.RecordEvery != 0},
			{"init", "an rl run's networks start from the seed", c.Init != nil},
			// record: {tensorboard: false} would be ignored.
			{"record", "an rl run always writes TensorBoard event files to DIR/tb/ (leave record out)", c.Record != nil && !c.Record.TensorBoard},
		} {
			if k.set {
				return fmt.Errorf("config: %s: not used by an rl run: %s", k.key, k.why)
			}
		}
		return nil
	}
	if c.Game == nil {
		return fmt.Errorf("config: missing game section")
	}
	if c.Game.F1 != "" && c.Game.F2 != "" && c.Game.Sense == "" && c.leftOut("game.sense") {
		// Left out or null, not written empty: `game.sense = ""` quoted
		// a value the file does not hold, and had no line; worded so
		// that Locate gives the key's line, or the game's.
		return fmt.Errorf("config: game: sense: missing (payoff: each player maximises its f; cost: minimises it)")
	}
	if err := c.Game.validate(); err != nil {
		return err
	}
	if c.Dynamics != nil {
		if wc, ok := c.Dynamics.Params.(learn.WrittenChecker); ok && c.lines != nil {
			// Read from text: a required key left out (or written as
			// null, which decodes to the same zero) is "missing", with
			// the line of the block that lacks it (Locate), not the zero
			// value it decoded to.
			written := func(key string) bool {
				return c.lines["dynamics."+key] > 0 && !c.nulls["dynamics."+key]
			}
			if err := wc.CheckWritten(written); err != nil {
				return fmt.Errorf("config: dynamics.%w", err)
			}
		}
		if err := c.Dynamics.validate(); err != nil {
			return err
		}
	}
	for _, k := range []struct {
		key string
		v   int
	}{{"iterations", c.Iterations}, {"stages", c.Stages}, {"record_every", c.RecordEvery}} {
		if k.v < 0 {
			// The same words as for a 0 written in the file (limits.go):
			// "≥ 0" read as if 0 were allowed, which it is not.
			return fmt.Errorf("config: %s: %d is not a valid count; give a positive number or leave the key out for the default", k.key, k.v)
		}
	}
	if c.Init != nil && c.Game != nil && (c.Game.Markov != "" || c.Game.MarkovBuiltin != "") {
		return fmt.Errorf("config: init: not used by a Markov game's run, whose policies start uniform (θ = 0)")
	}
	hic := c.Dynamics != nil && c.Dynamics.Kind == "hic"
	if c.Dynamics != nil && c.Dynamics.Kind == "negotiation" {
		// Its length is dynamics.meta_intervals (of τ_n stages each), and
		// it records one row every record_every meta-intervals.
		for _, k := range []struct {
			key string
			set bool
		}{{"iterations", c.Iterations != 0}, {"stages", c.Stages != 0}} {
			if k.set {
				return fmt.Errorf("config: %s: not used by a negotiation run, which plays dynamics.meta_intervals meta-intervals of dynamics.meta.tau stages each and records one row every record_every meta-intervals (left out: every one)", k.key)
			}
		}
	}
	if hic && c.Iterations != 0 {
		return fmt.Errorf("config: iterations: a hic run counts stages; give stages instead")
	}
	if !hic && c.Stages != 0 {
		return fmt.Errorf("config: stages: only hic dynamics play stages; give iterations instead")
	}
	if c.Init != nil {
		// Also for a config built in code, which checkInput never saw: a
		// range [−Inf, +Inf] drew a NaN starting point.
		if err := c.Init.checkFinite(); err != nil {
			return err
		}
		if c.Init.Uniform != nil && (c.Init.X != nil || c.Init.Y != nil) {
			return fmt.Errorf("config: init: give either x/y or uniform, not both")
		}
		if u := c.Init.Uniform; u != nil {
			// x before y (not a map, whose order changes from run to run):
			// with both wrong, the error names x.
			for _, s := range []struct {
				name string
				r    [][]float64
			}{{"x", u.X}, {"y", u.Y}} {
				for i, p := range s.r {
					if len(p) != 2 || !(p[0] <= p[1]) {
						return fmt.Errorf("config: init.uniform.%s[%d] = %v: need [lo, hi] with lo ≤ hi", s.name, i, p)
					}
				}
			}
		}
	}
	return nil
}

// leftOut reports that the file c was read from lacks the dotted key
// ("game.sense") or writes it as null, which decodes to the same zero: a
// required key's error then says it is missing rather than quoting a zero
// the file does not hold. False for a configuration built in code, which
// has no file.
func (c *Config) leftOut(key string) bool {
	if c.lines == nil {
		return false
	}
	_, given := c.lines[key]
	return !given || c.nulls[key]
}

func (g *GameConfig) validate() error {
	kinds := 0
	for _, set := range []bool{g.Builtin != "", g.F1 != "" || g.F2 != "", g.Markov != "", g.MarkovBuiltin != ""} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return fmt.Errorf("config: game: give exactly one of builtin, f1/f2 (formula), markov or markov_builtin")
	}
	if g.F1 != "" || g.F2 != "" {
		if g.F1 == "" || g.F2 == "" {
			return fmt.Errorf("config: game: a formula game needs both f1 and f2")
		}
		if g.Dims != nil && (len(g.Dims) != 2 || g.Dims[0] < 1 || g.Dims[1] < 1) { // absent: [1, 1]
			return fmt.Errorf("config: game.dims = %v: need [leader, follower] dimensions ≥ 1", g.Dims)
		}
		if g.Sense != "payoff" && g.Sense != "cost" {
			return fmt.Errorf("config: game.sense = %s: need payoff or cost", safeyaml.ValueText(g.Sense))
		}
	} else if g.Sense != "" || g.Dims != nil || g.Domain != nil {
		return fmt.Errorf("config: game: sense, dims and domain are for formula games only")
	}
	return g.checkParamNames()
}

// checkParamNames refuses a parameter that the built-in game does not
// take, naming its key (game.params.NAME), so that LoadConfig gives the
// parameter's own line rather than the line of game (the builders' own
// check names the game only). Of several, the first in name order, as the
// builders check them. An unknown built-in is left to its builder, which
// lists the valid names.
func (g *GameConfig) checkParamNames() error {
	name, valid, known := g.Builtin, []string(nil), false
	switch {
	case g.Builtin != "":
		for _, b := range game.Builtins() {
			if b.Name == g.Builtin {
				known = true
				for _, p := range b.Params {
					valid = append(valid, p.Name)
				}
			}
		}
	case g.MarkovBuiltin != "":
		name = g.MarkovBuiltin
		defaults, err := markov.BuiltinParams(g.MarkovBuiltin)
		known = err == nil
		for k := range defaults {
			valid = append(valid, k)
		}
	}
	if !known {
		return nil
	}
	sort.Strings(valid)
	given := make([]string, 0, len(g.Params))
	for k := range g.Params {
		given = append(given, k)
	}
	sort.Strings(given)
	for _, k := range given {
		if i := sort.SearchStrings(valid, k); i < len(valid) && valid[i] == k {
			continue
		}
		if len(valid) == 0 {
			return fmt.Errorf("config: game.params.%s: unknown param of the built-in %s, which takes no parameters", safeyaml.KeyText(k), name)
		}
		return fmt.Errorf("config: game.params.%s: unknown param of the built-in %s (valid: %s)", safeyaml.KeyText(k), name, strings.Join(valid, ", "))
	}
	return nil
}

func (s *ScheduleConfig) validate(name string) error {
	n := 0
	for _, set := range []bool{s.Constant != nil, s.Power != nil, s.Log != nil, s.List != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return fmt.Errorf("%s: give exactly one of constant, power, log or list", name)
	}
	if s.List != nil && len(s.List) == 0 {
		return fmt.Errorf("%s.list is empty", name)
	}
	return nil
}
