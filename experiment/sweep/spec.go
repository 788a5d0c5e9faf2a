package sweep

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/safeyaml"
)

// Spec is a sweep specification (published interface):
//
//	name: stddpg-grid
//	base: configs/stddpg-pendulum.yaml   # or an inline config under config:
//	grid:                                # dotted config keys; the cross product is taken
//	  rl.algo: [ddpg, stddpg]
//	  rl.options.actor_lr: [0.0001, 0.001]
//	seeds: [1, 2, 3]                     # or {count: 3}, meaning seeds 1, 2, 3
//	exclude:                             # optional: combinations to drop
//	  - {rl.algo: ddpg, rl.leader: critic}
type Spec struct {
	// Name names the sweep (on the NATS server, in outputs).
	Name string
	// Base is the path of the base configuration (relative to the spec's
	// directory), or empty with an inline Config. LoadSpec and ParseSpec
	// read it into Config; Expand does not read it.
	Base string
	// Config is the base configuration as a generic tree.
	Config map[string]any
	// Grid lists the swept keys in the spec's order, each with its values.
	Grid []GridKey
	// Seeds are the seeds every grid point runs with; empty means the base
	// configuration's own seed.
	Seeds []uint64
	// Exclude lists partial assignments of grid keys; a grid point that
	// matches every key of one of them is dropped.
	Exclude []map[string]any

	dir      string         // the spec's directory (relative paths)
	basePath string         // the base file's path as read (Base resolved against the spec's directory)
	lines    map[string]int // "grid.KEY", "exclude[i]", "seeds", … → line
	// quoted holds the seeds written as quoted text ("seeds[i]",
	// "seeds.count"), which the YAML decoder cannot tell from the
	// unquoted 1e1 it leaves as text.
	quoted map[string]bool
	src    []byte // the spec's text (an inline config's error lines)
}

// MaxJobs bounds the jobs of one sweep (a spec that would make more is an
// error: split it).
const MaxJobs = 100000

// GridKey is one swept configuration key with its values.
type GridKey struct {
	// Key is a dotted configuration key, e.g. rl.options.actor_lr.
	Key string
	// Values are the values it takes, in order.
	Values []any
}

// rawSpec is the strict YAML form of Spec.
type rawSpec struct {
	Name    string           `yaml:"name"`
	Base    string           `yaml:"base"`
	Config  map[string]any   `yaml:"config"`
	Grid    yaml.MapSlice    `yaml:"grid"`
	Seeds   any              `yaml:"seeds"`
	Exclude []map[string]any `yaml:"exclude"`
}

// LoadSpec reads a sweep specification (a regular file within the input
// size limit, safeyaml.ReadFile); a base path is relative to the spec's
// directory.
func LoadSpec(path string) (*Spec, error) {
	data, err := safeyaml.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := ParseSpec(data, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// MaxNameLen bounds the length of a sweep's name (and of a job's ID in a
// manifest read back): it is a token of NATS subjects, and the NATS server
// closes the connection of a client that sends a subject longer than its
// control line (4 KiB), which left a sweep with a long name failing with
// "nats: connection closed" and its local workers without a server.
const MaxNameLen = 128

// ValidName reports whether name can name a sweep: letters, digits, - and
// _ only, at most MaxNameLen of them, since it is a token of the sweep's
// NATS subjects and keys and is written into the Slurm script (where a
// newline or a quote would end the #SBATCH header or run a command).
func ValidName(name string) bool {
	if name == "" || len(name) > MaxNameLen {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// NameRule is what ValidName accepts, as error messages say it.
var NameRule = fmt.Sprintf("use letters, digits, - and _ only, at most %d of them", MaxNameLen)

// QuoteName quotes name for an error message: in full up to MaxNameLen
// bytes, else its start and its length.
func QuoteName(name string) string {
	if len(name) <= MaxNameLen {
		return fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf("%q… (%d bytes)", name[:32], len(name))
}

// ParseSpec parses a specification strictly (unknown keys are errors
// naming the key and its line) through the guarded YAML layer
// (internal/safeyaml: size, depth and alias limits); dir resolves a
// relative base path.
func ParseSpec(data []byte, dir string) (*Spec, error) {
	s, err := parseSpec(data, dir)
	if err != nil {
		return nil, safeyaml.Bound(err)
	}
	return s, nil
}

// parseSpec is ParseSpec without the bound on its error's length.
func parseSpec(data []byte, dir string) (*Spec, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("sweep: empty specification")
	}
	var raw rawSpec
	specKeys, err := safeyaml.UnmarshalKeys(data, &raw, safeyaml.DefaultLimits())
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	// The lines of the configuration's keys ("rl.options.gamma"), inline
	// or in the base file.
	var configLine func(key string) int
	var configNode ast.Node // the configuration's mapping as written (unquotedNumbers)
	top := topNodes(data)
	lines, quoted := specLines(data)
	s := &Spec{Name: raw.Name, Base: raw.Base, Exclude: raw.Exclude, dir: dir, lines: lines, quoted: quoted, src: data}
	if err := s.checkName(); err != nil {
		return nil, err
	}
	switch {
	case raw.Base != "" && raw.Config != nil:
		return nil, fmt.Errorf("sweep: base (line %d) and config (line %d): give either base (a file) or config (inline), not both", s.line("base"), s.line("config"))
	case raw.Base == "" && raw.Config == nil:
		return nil, errNoConfig
	case raw.Config != nil:
		s.Config = raw.Config
		configLine = func(key string) int { return specKeys.Lines["config."+key] }
		configNode = top["config"]
	default:
		p := raw.Base
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		b, err := safeyaml.ReadFile(p)
		if err != nil {
			// The base's path leads the message as it always has; the
			// spec's line follows.
			return nil, fmt.Errorf("sweep: base: %w (the spec's base:, line %d)", err, s.line("base"))
		}
		baseKeys, err := safeyaml.UnmarshalKeys(b, &s.Config, safeyaml.DefaultLimits())
		if err != nil {
			return nil, fmt.Errorf("sweep: base %s: %w", p, err)
		}
		configLine = func(key string) int { return baseKeys.Lines[key] }
		if f, err := parser.ParseBytes(b, 0); err == nil && len(f.Docs) > 0 {
			configNode = f.Docs[0].Body
		}
		s.dir, s.basePath = filepath.Dir(p), p
		if s.Config == nil {
			return nil, fmt.Errorf("sweep: base %s (line %d) is empty", p, s.line("base"))
		}
	}
	numbersInBase(s.Config)
	unquotedNumbers(configNode, s.Config, jsonNumber, nil)
	at, x, bad, err := nonFinite(s.Config, "config")
	if err != nil {
		return nil, err
	}
	if bad {
		// The key's own line, as the config's other errors give it
		// (a base file's NaN was named without one).
		rawAt, _, _, _ := nonFiniteKeys(s.Config, "", func(k string) string { return k })
		line := configLine(strings.TrimPrefix(rawAt, "."))
		at = strings.TrimPrefix(at, "config.")
		if raw.Base != "" {
			if line > 0 {
				return nil, fmt.Errorf("sweep: base %s: line %d: %s = %v: %s", s.basePath, line, at, x, nonFiniteWhy)
			}
			return nil, fmt.Errorf("sweep: base %s: %s = %v: %s", s.basePath, at, x, nonFiniteWhy)
		}
		if line == 0 {
			line = s.line("config")
		}
		return nil, fmt.Errorf("sweep: config (line %d): %s = %v: %s", line, at, x, nonFiniteWhy)
	}
	seen := map[string]bool{}
	gridNodes := map[string]ast.Node{} // each grid key's list of values as written
	for _, g := range mappingValues(top["grid"]) {
		gridNodes[safeyaml.Key(g)] = g.Value
	}
	for i, it := range raw.Grid {
		k, ok := it.Key.(string)
		if !ok {
			return nil, fmt.Errorf("sweep: grid key %s (line %d): need a dotted config key", valueText(it.Key), s.lineOr(fmt.Sprintf("grid[%d]", i), "grid"))
		}
		vals, _ := it.Value.([]any) // not a list: nil, refused as empty
		if err := s.checkGridKey(k, vals, seen); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if underNumericMap(k) {
				vals[i] = numbers(v)
			} else {
				vals[i] = unquotedNumbers(seqValue(gridNodes[k], i), number(v), number, configType(k))
			}
		}
		if err := s.checkGridValues(k, vals); err != nil {
			return nil, err
		}
		s.Grid = append(s.Grid, GridKey{Key: k, Values: vals})
	}
	if err := s.checkNested(seen); err != nil {
		return nil, err
	}
	seeds, err := s.parseSeeds(raw.Seeds)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	s.Seeds = seeds
	for i, ex := range s.Exclude {
		entryNodes := map[string]ast.Node{} // the entry's values as written
		for _, e := range mappingValues(seqValue(top["exclude"], i)) {
			entryNodes[safeyaml.Key(e)] = e.Value
		}
		for k, v := range ex {
			if underNumericMap(k) {
				ex[k] = numbers(v)
			} else {
				ex[k] = unquotedNumbers(entryNodes[k], number(v), number, configType(k))
			}
		}
		if err := s.checkExclude(i, ex, seen); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// errNoConfig is the error of a spec without a configuration.
var errNoConfig = errors.New("sweep: missing base (a config file) or config (an inline config)")

// checkSpec applies to a Spec, however it was made (ParseSpec, or its fields
// set in Go), the checks ParseSpec makes while it reads a file: the name,
// a configuration without NaN or Inf, each grid key (given once, no empty
// part, a non-empty list of finite values, not seed), no key within
// another, and exclude entries that are not empty, finite and on grid
// keys. Errors are ParseSpec's, with the lines where the spec has them.
func (s *Spec) checkSpec() error {
	if err := s.checkName(); err != nil {
		return err
	}
	if s.Config == nil && s.Base != "" {
		// A Spec built in Go: ParseSpec reads the base file into Config.
		return fmt.Errorf("sweep: base %q: Config is nil: Expand does not read the base file; read the spec with LoadSpec or ParseSpec, or set Config to the configuration", s.Base)
	}
	if s.Config == nil {
		return errNoConfig
	}
	at, x, bad, err := nonFinite(s.Config, "config")
	if err != nil {
		return err
	}
	if bad {
		return fmt.Errorf("sweep: config%s: %s = %v: %s", s.at("config"), strings.TrimPrefix(at, "config."), x, nonFiniteWhy)
	}
	seen := map[string]bool{}
	for _, g := range s.Grid {
		if err := s.checkGridKey(g.Key, g.Values, seen); err != nil {
			return err
		}
		if err := s.checkGridValues(g.Key, g.Values); err != nil {
			return err
		}
	}
	if err := s.checkNested(seen); err != nil {
		return err
	}
	for i, ex := range s.Exclude {
		if err := s.checkExclude(i, ex, seen); err != nil {
			return err
		}
	}
	return nil
}

// checkName refuses a missing name and one ValidName refuses.
func (s *Spec) checkName() error {
	if s.Name == "" {
		return fmt.Errorf("sweep: name: missing (it names the sweep on the server and in outputs)")
	}
	if !ValidName(s.Name) {
		return fmt.Errorf("sweep: name %s%s: %s (it names NATS subjects and the Slurm job, and is written into sweep.sbatch)", QuoteName(s.Name), s.at("name"), NameRule)
	}
	return nil
}

// checkGridKey checks grid key k with its values against the keys before
// it (seen), to which it adds k.
func (s *Spec) checkGridKey(k string, vals []any, seen map[string]bool) error {
	if seen[k] {
		return fmt.Errorf("sweep: grid.%s%s: given twice", keyName(k), s.at("grid."+k))
	}
	seen[k] = true
	// rl.options. or rl..steps: no config field or option is named "".
	if slices.Contains(strings.Split(k, "."), "") {
		return fmt.Errorf("sweep: grid.%s%s: an empty part in the dotted key; write e.g. rl.options.actor_lr", keyName(k), s.at("grid."+k))
	}
	if len(vals) == 0 {
		return fmt.Errorf("sweep: grid.%s%s: need a non-empty list of values", keyName(k), s.at("grid."+k))
	}
	if k == "seed" {
		return fmt.Errorf("sweep: grid.seed%s: give seeds under seeds:, not in the grid", s.at("grid."+k))
	}
	return nil
}

// checkGridValues refuses a NaN or infinity among grid key k's values.
func (s *Spec) checkGridValues(k string, vals []any) error {
	for i, v := range vals {
		at, x, bad, err := nonFinite(v, fmt.Sprintf("grid.%s[%d]", keyName(k), i))
		if err != nil {
			return err
		}
		if bad {
			return fmt.Errorf("sweep: %s = %v%s: %s", at, x, s.at("grid."+k), nonFiniteWhy)
		}
	}
	return nil
}

// checkNested refuses a grid key within another (rl.algo and rl), which
// would have its value replaced by the other's, and its jobs labelled with
// a value they do not run. seen holds the grid's keys.
func (s *Spec) checkNested(seen map[string]bool) error {
	for _, g := range s.Grid {
		for i := strings.IndexByte(g.Key, '.'); i >= 0; i = next(g.Key, i) {
			if outer := g.Key[:i]; seen[outer] {
				return fmt.Errorf("sweep: grid.%s%s and grid.%s%s: one key is within the other; sweep one of them", keyName(outer), s.at("grid."+outer), keyName(g.Key), s.at("grid."+g.Key))
			}
		}
	}
	return nil
}

// checkExclude refuses exclude entry i when it is empty, holds a NaN or
// infinity, or names a key that is not a grid key (seen).
func (s *Spec) checkExclude(i int, ex map[string]any, seen map[string]bool) error {
	entry := fmt.Sprintf("exclude[%d]", i)
	if len(ex) == 0 {
		return fmt.Errorf("sweep: %s%s: empty", entry, s.at(entry))
	}
	keys := make([]string, 0, len(ex))
	for k := range ex {
		keys = append(keys, k)
	}
	sort.Strings(keys) // of several keys not in the grid, name the same one every run
	// Each key at its own line: an entry written over several lines
	// was blamed on its first.
	for _, k := range keys {
		at, x, bad, err := nonFinite(ex[k], entry+"."+keyName(k))
		if err != nil {
			return err
		}
		if bad {
			return fmt.Errorf("sweep: %s = %v%s: %s", at, x, lineText(s.lineOr(entry+"."+k, entry)), nonFiniteWhy)
		}
	}
	for _, k := range keys {
		if !seen[k] {
			return fmt.Errorf("sweep: %s%s: %s is not a grid key", entry, lineText(s.lineOr(entry+"."+k, entry)), keyName(k))
		}
	}
	return nil
}

// next returns the index of the first '.' in key after index i, or -1.
func next(key string, i int) int {
	j := strings.IndexByte(key[i+1:], '.')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// nonFiniteWhy says why nonFinite's values are refused.
const nonFiniteWhy = "NaN and Inf are not allowed in a sweep (its configurations are written as JSON, which has neither, and a config needs finite numbers)"

// nonFinite returns the dotted path (below at) and the value of the first
// NaN or infinity in v, a decoded YAML value, in sorted key order, and
// whether there is one; err refuses a v of more values than JSON of the
// input limit holds (tooManyValues), or a limit variable set to no
// number.
func nonFinite(v any, at string) (string, float64, bool, error) {
	return nonFiniteKeys(v, at, keyName)
}

// nonFiniteKeys is nonFinite with the keys of the path written as key
// gives them.
func nonFiniteKeys(v any, at string, key func(string) string) (string, float64, bool, error) {
	limit, err := inputLimit()
	if err != nil {
		return "", 0, false, err
	}
	w := &finiteWalk{key: key, bound: limit / bytesPerValue, top: at}
	p, f, bad := w.walk(v, at, 0)
	switch {
	case bad && p == tooMany:
		return "", 0, false, tooManyValues(w.top, limit)
	case bad && p != tooDeep:
		return p, f, true, nil
	}
	return "", 0, false, nil
}

// maxTreeDepth bounds how deep finiteWalk descends: a tree built in Go
// may hold itself (m["a"] = m), which it followed until the stack
// overflowed. Deeper than any configuration; json.Marshal names the cycle.
const maxTreeDepth = 1000

// tooDeep is the path finiteWalk reports, as if it found a value, for
// a tree deeper than maxTreeDepth, so that the walk stops there: one
// holding itself through two branches (m["a"] = m["b"] = m) has 2^1000
// paths to that depth. nonFiniteKeys leaves the tree to json.Marshal,
// which names the cycle.
const tooDeep = "\x00too deep"

// tooMany is the path finiteWalk.walk reports, as tooDeep, at the value
// past its bound, so that the walk stops there.
const tooMany = "\x00too many"

// bytesPerValue is the fewest bytes of JSON a value takes (a digit and a
// comma). A configuration, or a grid or exclude value, may hold at most
// the input limit (inputLimit) over it values (maps, lists and numbers or
// other scalars, each counted), all its JSON could hold within the limit,
// which the jobs' configurations meet when they are read. A tree built in
// Go may share a map or list (m1 = {a: m0, b: m0}), which JSON writes,
// and the NaN check and the copy count, wherever it appears: 40 such
// levels are 2^41 values, which they walked for hours (or json.Marshal
// until memory ran out) before the input limit refused their JSON.
const bytesPerValue = 2

// inputLimit is the input limit in bytes (safeyaml.EnvMaxBytes).
func inputLimit() (int, error) {
	return safeyaml.LookupEnvInt(safeyaml.EnvMaxBytes, safeyaml.DefaultMaxBytes)
}

// tooManyValues is the error for a tree of more values than JSON of limit
// bytes holds (bytesPerValue), the count passing the bound within top: a
// top-level key of the configuration ("config.init", named as the
// config's other errors name it), or the path of a grid or exclude value
// (or of an element of it).
func tooManyValues(top string, limit int) error {
	if k, ok := strings.CutPrefix(top, "config."); ok {
		top = "config: " + k
	}
	return &safeyaml.LimitError{
		What:  fmt.Sprintf("sweep: %s: more than %d values, counted in key order by this key (a map or list that a config built in Go shares counts wherever it appears, as JSON writes it), more than its JSON could hold within the input limit at %d bytes a value", top, limit/bytesPerValue, bytesPerValue),
		Limit: limit, Env: safeyaml.EnvMaxBytes}
}

// finiteWalk is nonFiniteKeys' walk of a tree: key writes the keys of the
// paths; values counts the values visited, the walk stopping at the first
// past bound; top is the path of the root's child being walked (the
// root's, before any).
type finiteWalk struct {
	key           func(string) string
	values, bound int
	top           string
}

// walk counts v, found depth levels down the tree, and is value of it.
func (w *finiteWalk) walk(v any, at string, depth int) (string, float64, bool) {
	if depth == 1 {
		w.top = at
	}
	if w.values++; w.values > w.bound {
		return tooMany, 0, true
	}
	return w.value(v, at, depth)
}

// value is nonFiniteKeys of v found depth levels down the tree, v counted
// by walk (a pointer, a named number and a Go map are counted once, as
// the value JSON writes for them).
func (w *finiteWalk) value(v any, at string, depth int) (string, float64, bool) {
	if depth > maxTreeDepth {
		return tooDeep, 0, true
	}
	depth++
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return at, x, true
		}
	case float32:
		if f := float64(x); math.IsNaN(f) || math.IsInf(f, 0) {
			return at, f, true
		}
	case json.Number:
		// unquotedNumbers' 1e999.
		if f, _ := x.Float64(); math.IsInf(f, 0) {
			return at, f, true
		}
	case []any:
		for i, e := range x {
			if p, f, bad := w.walk(e, fmt.Sprintf("%s[%d]", at, i), depth); bad {
				return p, f, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, f, bad := w.walk(x[k], at+"."+w.key(k), depth); bad {
				return p, f, true
			}
		}
	default:
		// A tree built in Go holds typed lists and maps ([]float64,
		// map[string]float64, map[int]float64), pointers, structs and
		// named number types where YAML decodes []any, map[string]any
		// and float64; json.Marshal writes them all, a json.Marshaler
		// as its MarshalJSON does.
		rv := reflect.ValueOf(v)
		if m, ok := v.(json.Marshaler); ok && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
			return w.marshaler(m, at, depth)
		}
		switch rv.Kind() {
		case reflect.Float32, reflect.Float64:
			return w.value(rv.Float(), at, depth)
		case reflect.Pointer, reflect.Interface:
			if !rv.IsNil() {
				return w.value(rv.Elem().Interface(), at, depth)
			}
		case reflect.Slice, reflect.Array:
			if jsonBytes(rv.Type()) {
				return "", 0, false // one value: JSON writes a base64 string
			}
			for i := range rv.Len() {
				if p, f, bad := w.walk(rv.Index(i).Interface(), fmt.Sprintf("%s[%d]", at, i), depth); bad {
					return p, f, true
				}
			}
		case reflect.Struct:
			return w.fields(rv, at, depth)
		case reflect.Map:
			// Keys as JSON writes them: a string's text, an integer's
			// decimal digits.
			m := make(map[string]any, rv.Len())
			for it := rv.MapRange(); it.Next(); {
				m[fmt.Sprint(it.Key().Interface())] = it.Value().Interface()
			}
			return w.value(m, at, depth)
		}
	}
	return "", 0, false
}

// jsonBytes reports that json.Marshal writes a value of type t, a slice
// or an array, as one base64 string: a slice of bytes whose element type
// (through a pointer) is no json.Marshaler nor encoding.TextMarshaler.
// The walk counted each byte as a value, refusing a []byte whose string
// fits the input limit.
func jsonBytes(t reflect.Type) bool {
	if t.Kind() != reflect.Slice || t.Elem().Kind() != reflect.Uint8 {
		return false
	}
	p := reflect.PointerTo(t.Elem())
	return !p.Implements(reflect.TypeFor[json.Marshaler]()) && !p.Implements(reflect.TypeFor[encoding.TextMarshaler]())
}

// fields is value of the struct value rv: its exported
// fields, named as JSON names them (the tag's name, else the field's),
// and an embedded struct's fields as its own, the struct's type exported
// or not (JSON writes an unexported one's exported fields, as a pointer
// to one's; reflect cannot give the embedded value itself as an any).
func (w *finiteWalk) fields(rv reflect.Value, at string, depth int) (string, float64, bool) {
	if depth > maxTreeDepth {
		return tooDeep, 0, true
	}
	for i := range rv.NumField() {
		sf := rv.Type().Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		fv := rv.Field(i)
		if !sf.IsExported() {
			for sf.Anonymous && fv.Kind() == reflect.Pointer && !fv.IsNil() {
				fv = fv.Elem()
			}
			if !sf.Anonymous || fv.Kind() != reflect.Struct {
				continue
			}
		}
		if name == "" && !sf.Anonymous {
			name = sf.Name
		}
		fieldAt := at
		if name != "" {
			fieldAt += "." + w.key(name)
		}
		var p string
		var f float64
		var bad bool
		if sf.IsExported() {
			p, f, bad = w.walk(fv.Interface(), fieldAt, depth)
		} else {
			p, f, bad = w.fields(fv, fieldAt, depth+1)
		}
		if bad {
			return p, f, true
		}
	}
	return "", 0, false
}

// marshaler is value of a json.Marshaler: the NaN or
// infinity that its MarshalJSON refuses (json's UnsupportedValueError),
// named at the Marshaler's own path (its output is opaque), else one in
// its output (a number beyond float64, 1e999), at its path there. Any
// other error of MarshalJSON is json.Marshal's to report.
func (w *finiteWalk) marshaler(m json.Marshaler, at string, depth int) (string, float64, bool) {
	b, err := m.MarshalJSON()
	if err != nil {
		var uv *json.UnsupportedValueError
		if errors.As(err, &uv) && uv.Value.IsValid() && (uv.Value.Kind() == reflect.Float32 || uv.Value.Kind() == reflect.Float64) {
			return at, uv.Value.Float(), true
		}
		return "", 0, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return "", 0, false
	}
	return w.value(out, at, depth)
}

// floatForm is a number in exponent form without a dot (1e-3, 5E+2), which
// the YAML decoder leaves a string.
var floatForm = regexp.MustCompile(`^[-+]?[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+$`)

// number turns a grid value written in exponent form into the number it
// is, so that 1e-3 and 0.001 make the same job.
func number(v any) any {
	if s, ok := v.(string); ok && floatForm.MatchString(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	}
	return v
}

// numericMaps are the configuration's maps of named numbers, vectors and
// matrices (safeyaml:"numeric"), in whose values the YAML decoder leaves
// an exponent without a dot (3e-4) as text.
var numericMaps = [][2]string{{"game", "params"}, {"rl", "options"}, {"dynamics", "baseline"}}

// numbersInBase turns the exponent-form text in the base configuration's
// maps of named numbers into the numbers it is (numbers), as a grid's
// values are: the configuration passes through JSON, which would quote
// the text, and a quoted number is an error in these maps.
func numbersInBase(cfg map[string]any) {
	for _, p := range numericMaps {
		sec, _ := cfg[p[0]].(map[string]any)
		if m, ok := sec[p[1]].(map[string]any); ok {
			for k, v := range m {
				m[k] = numbers(v)
			}
		}
	}
}

// jsonExponent is a number in exponent form as JSON writes it (5e4,
// 1e-3, -2.5E+3).
var jsonExponent = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?[eE][-+]?[0-9]+$`)

// unquotedNumbers replaces, in v (the decoded form of the YAML node n),
// every scalar written without quotes in exponent form (steps: 5e4,
// tol: 1e-10), which the YAML decoder leaves as text, by conv of it, in
// place; a quoted "5e4" stays text. The configuration passes through
// JSON, which quoted the text, and a config refuses quoted text where a
// number is expected: a base that `stackel run` takes, or a grid value
// {constant: 1e-3}, was refused by a sweep. A base's numbers are made
// jsonNumber (they reach the config's parser unquoted, as in the file: a
// number where the config takes one, the text where it takes text, name:
// 1e3); the numbers within a grid or exclude value are made number, as a
// scalar grid value is, so that values compare as numbers. t is the
// configuration's type of v (nil if not known): where it is text (a
// formula's f1: 1e3 within a grid value {f1: 1e3, …}), the text stays,
// as `stackel run` reads it (made the number 1000, it became the text
// "1000" and changed the job's ID).
func unquotedNumbers(n ast.Node, v any, conv func(any) any, t reflect.Type) any {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if a, ok := n.(*ast.AnchorNode); ok {
		n = a.Value
	}
	switch x := v.(type) {
	case map[string]any:
		for _, mv := range mappingValues(n) {
			k := safeyaml.Key(mv)
			if e, ok := x[k]; ok {
				x[k] = unquotedNumbers(mv.Value, e, conv, childType(t, k))
			}
		}
	case []any:
		if seq, ok := n.(*ast.SequenceNode); ok && len(seq.Values) == len(x) {
			for i := range x {
				x[i] = unquotedNumbers(seq.Values[i], x[i], conv, elemType(t))
			}
		}
	case string:
		if t != nil && t.Kind() == reflect.String {
			return v
		}
		if str, ok := n.(*ast.StringNode); ok && !quotedScalar(str) && str.Value == x && floatForm.MatchString(x) {
			return conv(x)
		}
	}
	return v
}

// configType is the type of the configuration's field at the dotted key
// (a grid key), or nil when it is not known.
func configType(key string) reflect.Type {
	t := reflect.TypeOf(experiment.Config{})
	for _, k := range strings.Split(key, ".") {
		if t = childType(t, k); t == nil {
			return nil
		}
	}
	return t
}

// childType is the type of key k within a value of type t (a field of a
// struct by its yaml name, the dynamics block's by its kinds', a map's
// element), or nil when it is not known.
func childType(t reflect.Type, k string) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if t == dynamicsType {
			ft, _ := experiment.DynamicsKeyType(k)
			return ft
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.IsExported() && strings.Split(f.Tag.Get("yaml"), ",")[0] == k {
				return f.Type
			}
		}
	case reflect.Map:
		return t.Elem()
	}
	return nil
}

// elemType is the element type of the list type t, or nil.
func elemType(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		return t.Elem()
	}
	return nil
}

// jsonNumber is the text s as a json.Number when it is one in JSON's
// grammar (5e4; not +5e4 or 1.e4), else s.
func jsonNumber(s any) any {
	if t, ok := s.(string); ok && jsonExponent.MatchString(t) {
		return json.Number(t)
	}
	return s
}

// topNodes maps the keys of the spec's top-level mapping to their value
// nodes (none if it does not parse).
func topNodes(data []byte) map[string]ast.Node {
	nodes := map[string]ast.Node{}
	if f, err := parser.ParseBytes(data, 0); err == nil && len(f.Docs) > 0 {
		for _, top := range mappingValues(f.Docs[0].Body) {
			nodes[safeyaml.Key(top)] = top.Value
		}
	}
	return nodes
}

// seqValue is the i-th value of the sequence node n, or nil.
func seqValue(n ast.Node, i int) ast.Node {
	if a, ok := n.(*ast.AnchorNode); ok {
		n = a.Value
	}
	if seq, ok := n.(*ast.SequenceNode); ok && i < len(seq.Values) {
		return seq.Values[i]
	}
	return nil
}

// underNumericMap reports that the dotted grid key names a map of named
// numbers or an entry of one.
func underNumericMap(key string) bool {
	for _, p := range numericMaps {
		prefix := p[0] + "." + p[1]
		if key == prefix || strings.HasPrefix(key, prefix+".") {
			return true
		}
	}
	return false
}

// numbers is number applied to v and to every value within its lists and
// maps (a vector or matrix param), which it changes in place.
func numbers(v any) any {
	switch x := v.(type) {
	case []any:
		for i := range x {
			x[i] = numbers(x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = numbers(x[k])
		}
		return x
	}
	return number(v)
}

// parseSeeds reads a list of seeds or {count: N} (seeds 1…N), naming the
// element and its line in an error.
func (s *Spec) parseSeeds(v any) ([]uint64, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		if len(v) == 0 {
			return nil, fmt.Errorf("seeds (line %d): empty list", s.line("seeds"))
		}
		out := make([]uint64, 0, len(v))
		first := map[uint64]int{}
		for i, x := range v {
			at := fmt.Sprintf("seeds[%d]", i)
			line := s.line(at)
			if line == 0 {
				line = s.line("seeds")
			}
			seed, err := toSeed(x, s.quoted[at])
			if err != nil {
				return nil, fmt.Errorf("%s (line %d): %w", at, line, err)
			}
			if j, dup := first[seed]; dup {
				return nil, fmt.Errorf("%s (line %d): seed %d given twice (seeds[%d])", at, line, seed, j)
			}
			first[seed] = i
			out = append(out, seed)
		}
		return out, nil
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k != "count" {
				return nil, fmt.Errorf("seeds (line %d): unknown key %s (give a list, or {count: N})", s.lineOr("seeds."+k, "seeds"), quotedKey(k))
			}
		}
		line := s.lineOr("seeds.count", "seeds")
		if _, given := v["count"]; !given {
			return nil, fmt.Errorf("seeds (line %d): count: missing (give a list, or {count: N})", line)
		}
		n, err := toSeed(v["count"], s.quoted["seeds.count"])
		if err != nil {
			// Quoted text, a fraction, …: toSeed says which.
			return nil, fmt.Errorf("seeds (line %d): count: need a whole number from 1 to %d: %v", line, MaxJobs, err)
		}
		if n < 1 || n > MaxJobs {
			return nil, fmt.Errorf("seeds (line %d): count: need a whole number from 1 to %d, got %s", line, MaxJobs, valueText(v["count"]))
		}
		out := make([]uint64, n)
		for i := range out {
			out[i] = uint64(i + 1)
		}
		return out, nil
	}
	return nil, fmt.Errorf("seeds (line %d): give a list of seeds or {count: N}, not %s", s.line("seeds"), valueText(v))
}

// longInteger is an integer as the YAML decoder leaves it when it is too
// long for 64 bits (as text).
var longInteger = regexp.MustCompile(`^[-+]?[0-9]+$`)

// fitsInt64 reports whether the integer text s is within the range of an
// int64 or a uint64 (the decoder makes a number of such text when plain).
func fitsInt64(s string) bool {
	_, errI := strconv.ParseInt(s, 10, 64)
	_, errU := strconv.ParseUint(s, 10, 64)
	return errI == nil || errU == nil
}

// toSeed reads a seed: a whole number from 0 to 2⁶⁴−1, written as a
// config's integer fields take it (7, 7.0, 7e0, 0x7), since a job's seed
// is its configuration's seed field; quoted tells that the spec wrote it
// as quoted text, which a config's seed field refuses ("7" and "1e1"
// alike).
func toSeed(x any, quoted bool) (uint64, error) {
	if str, ok := x.(string); ok {
		_, numErr := strconv.ParseFloat(strings.TrimSpace(str), 64)
		switch n := number(str); {
		case quoted && numErr == nil:
			return 0, fmt.Errorf("%s is quoted text where a number is expected; write it without quotes", valueText(strconv.Quote(str)))
		case n != x:
			x = n // 1e1, which the YAML decoder leaves as text
		case longInteger.MatchString(str) && !fitsInt64(str):
			// An integer too long for 64 bits, which the decoder leaves
			// as text.
			return 0, fmt.Errorf("%s is outside the range of a seed (0 to %d)", valueText(str), uint64(math.MaxUint64))
		case numErr == nil:
			// Text the decoder did not take for a number although it
			// reads as one: quoted, where the spec's position was not known.
			return 0, fmt.Errorf("%s is quoted text where a number is expected; write it without quotes", valueText(strconv.Quote(str)))
		}
	}
	switch n := x.(type) {
	case uint64:
		return n, nil
	case int64:
		if n >= 0 {
			return uint64(n), nil
		}
	case int:
		if n >= 0 {
			return uint64(n), nil
		}
	case float64:
		if n == math.Trunc(n) && n >= 0 && n < math.Ldexp(1, 64) {
			return uint64(n), nil
		}
		if n >= math.Ldexp(1, 64) && !math.IsInf(n, 0) {
			return 0, fmt.Errorf("%s is outside the range of a seed (0 to %d)", valueText(x), uint64(math.MaxUint64))
		}
	}
	return 0, fmt.Errorf("%s is not a non-negative integer", valueText(x))
}

// line returns the line of a spec element (0 if unknown).
func (s *Spec) line(what string) int { return s.lines[what] }

// at returns " (line N)", the line of a spec element for an error, or ""
// when it is not known (a Spec built in Go has no lines).
func (s *Spec) at(what string) string { return lineText(s.line(what)) }

// lineText returns " (line N)" for a line N > 0, else "".
func lineText(line int) string {
	if line > 0 {
		return fmt.Sprintf(" (line %d)", line)
	}
	return ""
}

// lineOr returns the line of a spec element, or of the element holding it
// (outer) when its own is not known.
func (s *Spec) lineOr(what, outer string) int {
	if l := s.lines[what]; l > 0 {
		return l
	}
	return s.lines[outer]
}

// specLines maps the spec's top-level keys, grid keys ("grid.KEY") and
// exclude and seeds entries ("exclude[i]", "seeds[i]") to their lines,
// and returns the seeds written as quoted text (Spec.quoted).
func specLines(data []byte) (map[string]int, map[string]bool) {
	lines, quoted := map[string]int{}, map[string]bool{}
	f, err := parser.ParseBytes(data, 0)
	if err != nil || len(f.Docs) == 0 {
		return lines, quoted
	}
	for _, top := range mappingValues(f.Docs[0].Body) {
		// The key's text, without the quotes of a quoted key (every key
		// of a spec written as JSON).
		key := safeyaml.Key(top)
		lines[key] = top.Key.GetToken().Position.Line
		switch key {
		case "grid":
			for i, g := range mappingValues(top.Value) {
				l := g.Key.GetToken().Position.Line
				lines["grid."+safeyaml.Key(g)] = l
				lines[fmt.Sprintf("grid[%d]", i)] = l // a key that is not text (1, null)
			}
		case "exclude", "seeds":
			if seq, ok := top.Value.(*ast.SequenceNode); ok {
				for i, v := range seq.Values {
					at := fmt.Sprintf("%s[%d]", key, i)
					lines[at] = v.GetToken().Position.Line
					quoted[at] = key == "seeds" && quotedScalar(v)
					if key == "exclude" {
						// Each key of an entry, which may span lines.
						for _, e := range mappingValues(v) {
							lines[at+"."+safeyaml.Key(e)] = e.Key.GetToken().Position.Line
						}
					}
				}
			}
			if key == "seeds" {
				for _, c := range mappingValues(top.Value) {
					lines["seeds."+safeyaml.Key(c)] = c.Key.GetToken().Position.Line
					if safeyaml.Key(c) == "count" {
						quoted["seeds.count"] = quotedScalar(c.Value)
					}
				}
			}
		}
	}
	return lines, quoted
}

// quotedScalar reports that n is a scalar written in quotes.
func quotedScalar(n ast.Node) bool {
	str, ok := n.(*ast.StringNode)
	if !ok {
		return false
	}
	tok := str.GetToken()
	return tok != nil && (tok.Type == token.DoubleQuoteType || tok.Type == token.SingleQuoteType)
}

// keyName is a grid or exclude key as an error message shows it: as
// written when short and printable, else quoted and cut
// (safeyaml.KeyText), so that a key with a line break or of 200 000
// bytes does not break or flood the message.
func keyName(k string) string { return safeyaml.KeyText(k) }

// quotedKey is keyName in quotes (a key keyName quotes itself as is).
func quotedKey(k string) string {
	if n := keyName(k); n != k {
		return n
	}
	return strconv.Quote(k)
}

// maxValueText bounds the characters of a value in an error message.
const maxValueText = 60

// valueText is a value of the spec (a grid value, a seed) as an error
// message shows it: compact's form, in Go's quotes when it holds a
// character a terminal would not show as written, and cut to
// maxValueText characters.
func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if x == "" {
			return `""` // not nothing at all
		}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return strconv.FormatFloat(x, 'g', -1, 64) // JSON has no form for them
		}
	}
	t := compact(v)
	printable := utf8.ValidString(t)
	for _, r := range t {
		if !printable {
			break
		}
		printable = unicode.IsPrint(r)
	}
	if !printable {
		t = strconv.Quote(t)
	}
	if r := []rune(t); len(r) > maxValueText {
		t = string(r[:maxValueText]) + "…"
	}
	return t
}

func mappingValues(n ast.Node) []*ast.MappingValueNode {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}
	}
	return nil
}
