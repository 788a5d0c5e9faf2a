package experiment

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/stackel/stackel/internal/safeyaml"
)

// Size limits of a configuration, checked before anything is allocated.
// Each error names the limit and the environment variable that raises it.
const (
	// DefaultMaxDim bounds a player's strategy dimension (dense Hessians
	// and Jacobians are d×d). STACKEL_MAX_DIM.
	DefaultMaxDim = 4096
	// DefaultMaxMarkovSize bounds |S|²·|A1|·|A2|, the entries of P of a
	// generated Markov game (each held twice in float64).
	// STACKEL_MAX_MARKOV_SIZE.
	DefaultMaxMarkovSize = 4_000_000
	// DefaultMaxSamples bounds batch·horizon, the environment steps the
	// sampled policy-gradient estimator takes per iteration.
	// STACKEL_MAX_SAMPLES.
	DefaultMaxSamples = 100_000_000
	// maxStarts bounds analyze's Newton starts.
	maxStarts = 1_000_000
)

func maxDim() int { return safeyaml.EnvInt("STACKEL_MAX_DIM", DefaultMaxDim) }

// checkDim rejects a strategy dimension over the limit.
func checkDim(field string, d int) error {
	if m := maxDim(); d > m {
		return fmt.Errorf("config: %s = %d exceeds the dimension limit %d (set STACKEL_MAX_DIM to raise it)", field, d, m)
	}
	return nil
}

// checkBuiltinParams applies the limits to the size parameters of built-in
// games that generate instances (quadratic d1, d2; Markov random states
// and actions) before the generator allocates.
func checkBuiltinParams(gc *GameConfig) error {
	num := func(k string) (float64, bool) {
		v, ok := gc.Params[k]
		if !ok {
			return 0, false
		}
		return number(v)
	}
	if v, ok := gc.Params["seed"]; ok && (gc.Builtin != "" || gc.MarkovBuiltin != "") && !exactSeed(v) {
		return fmt.Errorf("config: game.params.seed = %v: a generated game's seed must be an integer from 0 to 2^53 = %d, which the generator's float64 parameter holds exactly", v, uint64(1)<<53)
	}
	if gc.Builtin != "" {
		for _, k := range []string{"d1", "d2"} {
			if d, ok := num(k); ok && d > 0 {
				if err := checkDim("game.params."+k, int(math.Min(d, math.MaxInt32))); err != nil {
					return err
				}
			}
		}
	}
	if gc.MarkovBuiltin != "" {
		s, a1, a2 := 1.0, 1.0, 1.0
		if v, ok := num("states"); ok {
			s = v
		}
		if v, ok := num("actions1"); ok {
			a1 = v
		}
		if v, ok := num("actions2"); ok {
			a2 = v
		}
		m := safeyaml.EnvInt("STACKEL_MAX_MARKOV_SIZE", DefaultMaxMarkovSize)
		if size := s * s * a1 * a2; size > float64(m) {
			return fmt.Errorf("config: game.params: states=%g, actions1=%g, actions2=%g give %.3g transition entries (|S|²·|A1|·|A2|), over the limit %d (set STACKEL_MAX_MARKOV_SIZE to raise it)", s, a1, a2, size, m)
		}
	}
	return nil
}

// exactSeed reports that v, a decoded game.params value, is an integer in
// [0, 2^53]: the built-ins read their parameters as float64, so a larger
// integer is rounded to another seed's (2^53 + 1 to 2^53), and a negative
// or larger one is converted to uint64 however the platform does it. Other
// values (a fraction, a word) are left to the game's own checks.
func exactSeed(v any) bool {
	const limit = 1 << 53
	switch n := v.(type) {
	case uint64:
		return n <= limit
	case int64:
		return n >= 0 && n <= limit
	case int:
		return n >= 0 && n <= limit
	}
	x, ok := number(v)
	if !ok {
		_, isString := v.(string)
		return !isString // a string that is not a finite number: "1e400"
	}
	return x != math.Trunc(x) || (x >= 0 && x <= limit)
}

// checkName rejects a run name that would leave the output directory.
func checkName(name string) error {
	if name == "" {
		return nil
	}
	if name == "." || name == ".." || strings.ContainsAny(name, `/\`) || filepath.Base(name) != name || strings.ContainsRune(name, 0) {
		return fmt.Errorf("config: name = %q: a run name must be a plain file name (no / or \\, not . or ..); it names the directory out/NAME", name)
	}
	if strings.TrimSpace(name) != name || strings.ContainsFunc(name, unicode.IsControl) {
		return fmt.Errorf("config: name = %q: a run name may not begin or end with spaces or hold control characters (a newline, a tab); it names the directory out/NAME", name)
	}
	return nil
}

// checkFinite rejects non-finite numbers in a list.
func checkFiniteList(field string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("config: %s[%d] = %g: need a finite number", field, i, x)
		}
	}
	return nil
}

// zeroMeansDefault lists the integer keys whose 0 would silently mean "the
// default": written explicitly as 0 they are errors.
var zeroMeansDefault = []string{"iterations", "stages", "record_every",
	"rl.steps", "rl.steps_per_epoch", "rl.checkpoint_every"}

// checkInput applies the input checks that validate (which also sees
// configs built in code) does not: explicit zeros (present holds the keys
// written in the file), run names, limits and finite initial values.
func (c *Config) checkInput(present map[string]bool) error {
	if err := checkName(c.Name); err != nil {
		return err
	}
	for _, k := range zeroMeansDefault {
		if present[k] && c.intAt(k) == 0 {
			return fmt.Errorf("config: %s: 0 is not a valid count; give a positive number or leave the key out for the default", k)
		}
	}
	if g := c.Game; g != nil {
		for i, d := range g.Dims {
			if err := checkDim(fmt.Sprintf("game.dims[%d]", i), d); err != nil {
				return err
			}
		}
		if err := checkBuiltinParams(g); err != nil {
			return err
		}
	}
	if c.Dynamics != nil {
		if d, _ := pgParams(c.Dynamics); d.Batch > 0 && d.Horizon > 0 {
			m := safeyaml.EnvInt("STACKEL_MAX_SAMPLES", DefaultMaxSamples)
			if float64(d.Batch)*float64(d.Horizon) > float64(m) {
				return fmt.Errorf("config: dynamics: batch %d × horizon %d steps per iteration exceed the limit %d (set STACKEL_MAX_SAMPLES to raise it)", d.Batch, d.Horizon, m)
			}
		}
	}
	if in := c.Init; in != nil {
		if err := checkFiniteList("init.x", in.X); err != nil {
			return err
		}
		if err := checkFiniteList("init.y", in.Y); err != nil {
			return err
		}
		if u := in.Uniform; u != nil {
			for name, r := range map[string][][]float64{"init.uniform.x": u.X, "init.uniform.y": u.Y} {
				for i, p := range r {
					if err := checkFiniteList(fmt.Sprintf("%s[%d]", name, i), p); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// intAt returns the integer field at a key of zeroMeansDefault (−1 when its
// section is absent).
func (c *Config) intAt(k string) int {
	switch k {
	case "iterations":
		return c.Iterations
	case "stages":
		return c.Stages
	case "record_every":
		return c.RecordEvery
	}
	if c.RL == nil {
		return -1
	}
	switch k {
	case "rl.steps":
		return c.RL.Steps
	case "rl.steps_per_epoch":
		return c.RL.StepsPerEpoch
	default:
		return c.RL.Checkpoint
	}
}
