package experiment

import (
	"fmt"
	"math"
	"math/bits"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/markov"
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
	// sampled policy-gradient estimator takes per iteration (with the
	// defaults for keys left out). STACKEL_MAX_SAMPLES.
	DefaultMaxSamples = 100_000_000
	// maxStarts bounds analyze's Newton starts.
	maxStarts = 1_000_000
	// MaxBurnIn bounds a Hi-C run's dynamics.burn_in (commitment
	// intervals), which the config check walks one by one.
	MaxBurnIn = 10_000_000
)

// checkDim rejects a strategy dimension over the limit (and a set but
// invalid STACKEL_MAX_DIM).
func checkDim(field string, d int) error {
	m, err := safeyaml.LookupEnvInt("STACKEL_MAX_DIM", DefaultMaxDim)
	if err != nil {
		return err
	}
	if d > m {
		return fmt.Errorf("config: %s = %d exceeds the dimension limit %d (set STACKEL_MAX_DIM to raise it)", field, d, m)
	}
	return nil
}

// checkBuiltinParams applies the limits to the size parameters of built-in
// games that generate instances (quadratic d1, d2; every Markov built-in's
// shape, checkMarkovSize) before the generator allocates.
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
		return checkMarkovSize(gc, num)
	}
	return nil
}

// checkMarkovSize applies STACKEL_MAX_MARKOV_SIZE to the game a Markov
// built-in would generate, of the shape markov.BuiltinShape computes with
// the built-in's own defaults for absent parameters (those the builder
// fills in). An unknown built-in, a parameter that is not a number and a
// shape the builder rejects before allocating (a size below 1, not
// finite) are left to the builder's errors.
func checkMarkovSize(gc *GameConfig, num func(string) (float64, bool)) error {
	p := make(map[string]float64, len(gc.Params))
	for k := range gc.Params {
		if v, ok := num(k); ok {
			p[k] = v
		}
	}
	sh, err := markov.BuiltinShape(gc.MarkovBuiltin, p)
	if err != nil {
		return nil
	}
	for _, d := range []float64{sh.States, sh.Actions1, sh.Actions2} {
		if !(d >= 1) || math.IsInf(d, 0) {
			return nil
		}
	}
	m, err := safeyaml.LookupEnvInt("STACKEL_MAX_MARKOV_SIZE", DefaultMaxMarkovSize)
	if err != nil {
		return err
	}
	if size := sh.Entries(); size > float64(m) {
		return fmt.Errorf("config: game.params: %s: %.3g transition entries (|S|²·|A1|·|A2| = %g²·%g·%g), over the limit %d (set STACKEL_MAX_MARKOV_SIZE to raise it)",
			sh.Params, size, sh.States, sh.Actions1, sh.Actions2, m)
	}
	return nil
}

// checkSamples applies STACKEL_MAX_SAMPLES to batch × horizon, the steps
// per iteration of a Markov run's sampled estimator, with the values the
// run would sample with: the settings MarkovConfig builds (the run's own)
// and markov.Config.SampleSizes, which puts the defaults in for absent
// keys. Settings MarkovConfig rejects (a negative horizon, batch with the
// exact estimator) never run and are left to its error.
func (c *Config) checkSamples() error {
	d := c.Dynamics
	if d == nil || (d.Kind != markov.StackelbergPG && d.Kind != markov.SimultaneousPG) {
		return nil
	}
	name := ""
	if c.Game != nil {
		name = c.Game.MarkovBuiltin
	}
	mc, err := MarkovConfig(c, name)
	if err != nil || mc.Estimator == markov.Exact {
		return nil
	}
	b, h := mc.SampleSizes()
	if b < 1 || h < 1 {
		return nil
	}
	m, err := safeyaml.LookupEnvInt("STACKEL_MAX_SAMPLES", DefaultMaxSamples)
	if err != nil {
		return err
	}
	hi, lo := bits.Mul64(uint64(b), uint64(h))
	if hi == 0 && lo <= uint64(m) {
		return nil
	}
	product := fmt.Sprintf("%.3g", float64(b)*float64(h))
	if hi == 0 {
		product = strconv.FormatUint(lo, 10)
	}
	p, _ := pgParams(d)
	dflt := func(written int) string {
		if written == 0 {
			return " (default)"
		}
		return ""
	}
	return fmt.Errorf("config: dynamics: batch %d%s × horizon %d%s = %s steps per iteration exceed the limit %d (set STACKEL_MAX_SAMPLES to raise it)",
		b, dflt(p.Batch), h, dflt(p.Horizon), product, m)
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
		return n >= 0 && int64(n) <= limit
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
		return fmt.Errorf("config: name = %s: a run name must be a plain file name (no / or \\, not . or ..); it names the directory out/NAME", safeyaml.ValueText(name))
	}
	if strings.TrimSpace(name) != name || strings.ContainsFunc(name, unicode.IsControl) {
		return fmt.Errorf("config: name = %s: a run name may not begin or end with spaces or hold control characters (a newline, a tab); it names the directory out/NAME", safeyaml.ValueText(name))
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
// configs built in code) does not: explicit zeros and nulls (keys holds
// the keys written in the file), run names, limits and finite initial
// values.
func (c *Config) checkInput(keys safeyaml.Keys) error {
	if err := checkName(c.Name); err != nil {
		return err
	}
	for _, k := range zeroMeansDefault {
		if keys.Present[k] && c.intAt(k) == 0 {
			// A null decodes as 0 too; the message said "0" for it.
			v := "0"
			if keys.Null[k] {
				v = "null"
			}
			return fmt.Errorf("config: %s: %s is not a valid count; give a positive number or leave the key out for the default", k, v)
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
	if err := c.checkSamples(); err != nil {
		return err
	}
	return c.Init.checkFinite()
}

// checkFinite rejects a non-finite value in the initial strategies or
// their uniform ranges (nil: none), naming its key. checkInput applies it
// to a parsed config before the other checks, validate to any config,
// built in code too.
func (in *InitConfig) checkFinite() error {
	if in == nil {
		return nil
	}
	if err := checkFiniteList("init.x", in.X); err != nil {
		return err
	}
	if err := checkFiniteList("init.y", in.Y); err != nil {
		return err
	}
	if u := in.Uniform; u != nil {
		for _, s := range []struct {
			name string
			r    [][]float64
		}{{"init.uniform.x", u.X}, {"init.uniform.y", u.Y}} { // x first, every run
			for i, p := range s.r {
				if err := checkFiniteList(fmt.Sprintf("%s[%d]", s.name, i), p); err != nil {
					return err
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
