package experiment

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
)

// canonical returns c as job IDs hash it and runs are compared (idText,
// sameValues): without rl.threads, which changes how fast a run goes and
// never its numbers, with rl.algo, rl.leader, rl.dtype and the words of
// rl.options (caseFreeOptions), which a run reads in any case, in lower
// case, and with every number in game.params and rl.options
// and in a Hi-C run's baseline ({ema: decay}) in one spelling
// (canonicalNumbers), since a run reads them all as float64 values
// (number, game.ParseParam): `1e-3`, `0.001` and `1.0e-3`
// configure the same run, as do `100`, `100.0` and `1e2`. changed reports
// whether the copy differs from c; c itself is left as it was (the
// sections changed are copied).
func (c Config) canonical() (out Config, changed bool) {
	if c.RL != nil {
		rl := *c.RL
		if rl.Threads != 0 {
			rl.Threads, changed = 0, true
		}
		if m, ok := canonicalMap(rl.Extra); ok {
			rl.Extra, changed = m, true
		}
		// The words a run reads in any case (RLAgentConfig lower-cases
		// them): `algo: STAC` and `algo: stac` are the same run.
		for _, w := range []*string{&rl.Algo, &rl.Leader, &rl.DType} {
			if l := strings.ToLower(*w); l != *w {
				*w, changed = l, true
			}
		}
		if m, ok := lowerOptions(rl.Extra); ok {
			rl.Extra, changed = m, true
		}
		c.RL = &rl
	}
	if c.Dynamics != nil {
		// Hi-C's {ema: decay} baseline is a map of named numbers too, read
		// with number like the others: `{ema: 0.9}` and `{ema: 9e-1}` are
		// the same run.
		if hp, ok := c.Dynamics.Params.(*HiCParams); ok && hp != nil {
			if b, ok := canonicalNumbers(hp.Baseline); ok {
				p := *hp
				p.Baseline = b
				d := *c.Dynamics
				d.Params = &p
				c.Dynamics, changed = &d, true
			}
		}
	}
	if c.Game != nil {
		if m, ok := canonicalMap(c.Game.Params); ok {
			g := *c.Game
			g.Params, changed = m, true
			c.Game = &g
		}
	}
	return c, changed
}

// caseFreeOptions are the rl.options whose words a run reads in any case
// (rlOptions lower-cases them).
var caseFreeOptions = []string{"optimizer", "activation", "mixed_estimator", "hessian_dtype"}

// CaseFreeKeys lists the dotted configuration keys whose words a run
// reads in any case, and a job's configuration (its canonical form)
// holds in lower case: rl.algo, rl.leader, rl.dtype and the word options
// of rl.options (`rl.algo: STAC` is `stac`). A sweep's exclusions compare
// their values so.
func CaseFreeKeys() []string {
	keys := []string{"rl.algo", "rl.leader", "rl.dtype"}
	for _, k := range caseFreeOptions {
		keys = append(keys, "rl.options."+k)
	}
	return keys
}

// lowerOptions returns the rl.options m with the words of caseFreeOptions
// in lower case: a new map when any changed (ok), else m.
func lowerOptions(m map[string]any) (map[string]any, bool) {
	var out map[string]any
	for _, k := range caseFreeOptions {
		w, isWord := m[k].(string)
		if !isWord || strings.ToLower(w) == w {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(m))
			for k2, v := range m {
				out[k2] = v
			}
		}
		out[k] = strings.ToLower(w)
	}
	if out == nil {
		return m, false
	}
	return out, true
}

// canonicalMap is canonicalNumbers for a map of named values: a new map
// when any value changed (ok), else m.
func canonicalMap(m map[string]any) (map[string]any, bool) {
	out, ok := canonicalNumbers(m)
	if !ok {
		return m, false
	}
	return out.(map[string]any), true
}

// maxExactInt is 2^53, the largest magnitude below which float64 holds
// every integer.
const maxExactInt = 1 << 53

// canonicalNumbers returns v with each number in it in one form, and
// whether any changed. A float, or a plain scalar the YAML decoder left as
// text (such as 1e-3) that number reads as a finite value, becomes the
// canonical form of its value (canonicalFloat). Integers, booleans, other
// text and the shape of lists and maps stay as they are; lists and maps
// that change are copied.
func canonicalNumbers(v any) (any, bool) {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return v, false
		}
		c := canonicalFloat(x)
		return c, !sameValue(c, x)
	case string:
		f, ok := number(x)
		if !ok {
			return v, false
		}
		c := canonicalFloat(f)
		return c, !sameValue(c, x)
	case []any:
		var out []any
		for i, e := range x {
			c, ok := canonicalNumbers(e)
			if !ok {
				continue
			}
			if out == nil {
				out = append([]any(nil), x...)
			}
			out[i] = c
		}
		if out == nil {
			return v, false
		}
		return out, true
	case map[string]any:
		var out map[string]any
		for k, e := range x {
			c, ok := canonicalNumbers(e)
			if !ok {
				continue
			}
			if out == nil {
				out = make(map[string]any, len(x))
				for k2, e2 := range x {
					out[k2] = e2
				}
			}
			out[k] = c
		}
		if out == nil {
			return v, false
		}
		return out, true
	}
	return v, false
}

// sameValue reports that a and b are the same Go value of the same type
// (−0 and 0 apart).
func sameValue(a, b any) bool {
	if x, ok := a.(float64); ok {
		y, ok := b.(float64)
		return ok && x == y && math.Signbit(x) == math.Signbit(y)
	}
	return a == b
}

// canonicalFloat is the canonical form of a finite value x:
//   - an int64 for a whole number within ±2^53 (−0 aside: a run reads it
//     as −0, whose sign an integer would lose);
//   - else, when JSON writes x as an exponent without a dot (1e-7, which
//     the YAML decoder reads back as text), that text: so a sweep, whose
//     configurations pass through JSON, keeps the IDs its jobs had, and a
//     config that spells such a value so keeps its ID too;
//   - else x, which the YAML encoder writes as it has always written it.
func canonicalFloat(x float64) any {
	if x == math.Trunc(x) && math.Abs(x) <= maxExactInt && !(x == 0 && math.Signbit(x)) {
		return int64(x)
	}
	if b, err := json.Marshal(x); err == nil && bytes.ContainsAny(b, "eE") && !bytes.ContainsRune(b, '.') {
		return string(b)
	}
	return x
}
