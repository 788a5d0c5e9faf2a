package sweep

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/safeyaml"
)

// Expand turns the spec into its jobs: the cross product of the grid (the
// first key varying slowest) minus the excluded combinations, for every
// seed, seed-major (every grid point's first seed first). Every job is
// validated strictly before any runs: an unknown dotted key, a value of the
// wrong type or an invalid combination is an error naming the key (with its
// line) and the grid entry. A Spec whose fields were set in Go, not by
// ParseSpec, gets ParseSpec's checks of a file here, its errors without
// lines.
func (s *Spec) Expand() ([]Job, error) {
	jobs, err := s.expand()
	if err != nil {
		return nil, safeyaml.Bound(err)
	}
	return jobs, nil
}

// expand is Expand without the bound on its error's length.
func (s *Spec) expand() ([]Job, error) {
	// The count first: a grid of 200 000 values took minutes to validate
	// value by value before it was refused as too large.
	if err := s.checkJobCount(); err != nil {
		return nil, err
	}
	if err := s.checkSpec(); err != nil {
		return nil, err
	}
	base, err := cloneTree(s.Config)
	if err != nil {
		return nil, err
	}
	// Each key must name a configuration field, and each value must parse
	// (the right type) when set alone; combinations are checked below.
	cfgType := reflect.TypeOf(experiment.Config{})
	// The base's own error, if it has one without any grid value: a grid
	// value whose configuration fails with exactly it is not to blame.
	var baseErr error
	if t, _ := cloneTree(base); t != nil {
		baseErr = s.parse(t)
	}
	for _, g := range s.Grid {
		if err := checkPath(cfgType, strings.Split(g.Key, "."), ""); err != nil {
			return nil, fmt.Errorf("sweep: grid.%s%s: %w", keyName(g.Key), s.at("grid."+g.Key), err)
		}
		for _, v := range g.Values {
			t, _ := cloneTree(base)
			if err := setPath(t, g.Key, v); err != nil {
				return nil, fmt.Errorf("sweep: grid.%s%s: %w", keyName(g.Key), s.at("grid."+g.Key), err)
			}
			if err := s.parse(t); err != nil {
				if baseErr != nil && errCore(err.Error()) == errCore(baseErr.Error()) {
					return nil, s.baseError(err)
				}
				return nil, fmt.Errorf("sweep: grid.%s = %s%s: %w", keyName(g.Key), valueText(v), s.at("grid."+g.Key), withoutJSONLine(err))
			}
		}
	}
	// The grid points, minus exclusions.
	excl, used := s.exclusions()
	var kept [][]Assign
	idx := make([]int, len(s.Grid)) // the point's value of each key, by index
	var buf []byte
	var rec func(i int)
	rec = func(i int) {
		if i == len(s.Grid) {
			var drop bool
			if drop, buf = excl.excluded(idx, buf); !drop {
				p := make([]Assign, len(s.Grid))
				for k, g := range s.Grid {
					p[k] = Assign{Key: g.Key, Value: g.Values[idx[k]]}
				}
				kept = append(kept, p)
			}
			return
		}
		for v := range s.Grid[i].Values {
			idx[i] = v
			rec(i + 1)
		}
	}
	rec(0)
	for i, u := range used {
		if !u {
			return nil, fmt.Errorf("sweep: exclude[%d]%s matches no grid point (check its values against the grid)", i, s.at(fmt.Sprintf("exclude[%d]", i)))
		}
	}
	if len(kept) == 0 {
		return nil, fmt.Errorf("sweep: every grid point is excluded")
	}
	seeds := s.Seeds
	useBase := len(seeds) == 0
	if useBase {
		seeds = []uint64{0}
	}
	// The base's own error in validation (a count of 0, say), with its
	// seed: a job failing with exactly it is the base's fault, named as
	// such (with the base file's line), not the grid point's.
	var baseCheckErr error
	if t, _ := cloneTree(base); t != nil {
		_, baseCheckErr = s.check(t)
	}
	var jobs []Job
	ids := map[string]int{}
	// add appends j to jobs, or returns the error for a job of the same
	// ID as one before it.
	add := func(j Job) error {
		if k, dup := ids[j.ID]; dup {
			why := "a grid key has no effect or a value repeats"
			for _, g := range s.Grid {
				if g.Key == "rl.threads" {
					why = "rl.threads changes no number, so it is not part of a job's ID: set it in the base config"
				}
			}
			if a, b, ok := s.oneKeyApart(jobs[k].Grid, j.Grid); ok && a.Key != "rl.threads" {
				// Named by the key at fault and its line: the point's
				// label alone showed one of the values, not which repeats.
				// Two values written apart may also make one configuration
				// through a key with no effect on it.
				noEffect := ""
				if va, vb := valueText(a.Value), valueText(b.Value); va != vb {
					noEffect = ", or the key has no effect on this configuration"
				}
				return fmt.Errorf("sweep: grid.%s%s: its values %s and %s make the same configuration (jobs %d and %d, grid point {%s}); a value repeats as the job sees it (numbers count by value, a run's words by their lower case)%s: list each value once",
					keyName(a.Key), s.at("grid."+a.Key), valueText(a.Value), valueText(b.Value), k, j.Index, errPointLabel(jobs[k].Grid), noEffect)
			}
			return fmt.Errorf("sweep: jobs %d and %d have the same configuration (grid point {%s}); %s", k, j.Index, errPointLabel(j.Grid), why)
		}
		ids[j.ID] = j.Index
		jobs = append(jobs, j)
		return nil
	}
	tmpl := make([]*seedTemplate, len(kept)) // by grid point
	for _, seed := range seeds {
		for pi, p := range kept {
			pointSeed := func(cfg *experiment.Config) string {
				if useBase && cfg != nil {
					return fmt.Sprintf("seed %d", cfg.Seed)
				}
				if useBase {
					return "the base's seed"
				}
				return fmt.Sprintf("seed %d", seed)
			}
			if tp := tmpl[pi]; tp != nil && tp.ok && !useBase {
				j, err := tp.job(seed)
				if err != nil {
					if baseCheckErr != nil && errCore(err.Error()) == errCore(baseCheckErr.Error()) {
						return nil, s.baseError(err)
					}
					return nil, fmt.Errorf("sweep: grid point {%s} %s: %w", errPointLabel(p), pointSeed(nil), withoutJSONLine(err))
				}
				j.Labels = map[string]string{"sweep": s.Name, "point": pointLabel(p)}
				if err := add(Job{Job: j, Sweep: s.Name, Index: len(jobs), Point: pi, Grid: p}); err != nil {
					return nil, err
				}
				continue
			}
			t, _ := cloneTree(base)
			for _, a := range p {
				if err := setPath(t, a.Key, a.Value); err != nil {
					return nil, err
				}
			}
			if !useBase {
				t["seed"] = seed
			}
			cfg, err := s.check(t)
			if err != nil {
				if baseCheckErr != nil && errCore(err.Error()) == errCore(baseCheckErr.Error()) {
					return nil, s.baseError(err)
				}
				return nil, fmt.Errorf("sweep: grid point {%s} %s: %w", errPointLabel(p), pointSeed(cfg), withoutJSONLine(err))
			}
			ej, err := experiment.NewJob(cfg, cfg.Seed, "")
			if err != nil {
				return nil, fmt.Errorf("sweep: grid point {%s} %s: %w", errPointLabel(p), pointSeed(cfg), err)
			}
			ej.Out = runsDir(ej.ID)
			if !useBase && seedTemplates {
				if tmpl[pi] == nil {
					tmpl[pi] = &seedTemplate{}
				}
				tmpl[pi].sample(cfg, ej)
			}
			ej.Labels = map[string]string{"sweep": s.Name, "point": pointLabel(p)}
			if err := add(Job{Job: ej, Sweep: s.Name, Index: len(jobs), Point: pi, Grid: p}); err != nil {
				return nil, err
			}
		}
	}
	return jobs, nil
}

// oneKeyApart returns the values of the one grid key in which the grid
// points p and q of s's grid differ, and whether there is exactly one
// such key; for equal points (a value listed twice as written), the
// last key whose list holds p's value more than once: the last key
// varies fastest, so the first two jobs found the same differ in that
// key only (the first such key was named, though A: [50, 50] and
// iterations: [3, 3] make jobs 0 and 1 the same through iterations).
func (s *Spec) oneKeyApart(p, q []Assign) (a, b Assign, ok bool) {
	if len(p) != len(q) || len(p) != len(s.Grid) {
		return a, b, false
	}
	n := 0
	for i := range p {
		if !reflect.DeepEqual(p[i].Value, q[i].Value) {
			a, b, n = p[i], q[i], n+1
		}
	}
	if n != 0 {
		return a, b, n == 1
	}
	for i := len(s.Grid) - 1; i >= 0; i-- {
		g, times := s.Grid[i], 0
		for _, v := range g.Values {
			if reflect.DeepEqual(v, p[i].Value) {
				times++
			}
		}
		if times > 1 {
			return p[i], q[i], true
		}
	}
	return a, b, false
}

// seedTemplates enables seedTemplate in Expand (turned off by a test to
// compare with the jobs made without it).
var seedTemplates = true

// seedTemplate makes the jobs of one grid point for further seeds without
// encoding and parsing each job's configuration again (three YAML
// encodings and two parses a job, 2 ms: minutes for 100 000 jobs): the
// configurations of two seeds of a point differ only in their seed, so
// a job's text is the point's text with the seed's digits in place (the
// top-level line "seed: N"), and its ID the hash of that text and seed
// (experiment.JobID). It is used only once two seeds' jobs, made in full
// by experiment.NewJob, are that text and that ID (not a configuration
// whose ID is computed from another text, its canonical form, or from a
// Markov spec file's digest too). Each job is still validated
// (experiment.Check) with its own seed, which a random initial strategy
// is drawn from.
type seedTemplate struct {
	cfg            *experiment.Config // the point's parsed configuration
	prefix, suffix string             // a job's text around its seed's digits
	seeds          []uint64           // the seeds of the (first two) samples
	texts          []string           // their jobs' texts
	ok             bool
}

// sample records a job made in full for the point (its configuration
// cfg), and makes the template from the first two of different seeds
// whose texts and IDs it reproduces.
func (tp *seedTemplate) sample(cfg *experiment.Config, j experiment.Job) {
	if tp.ok || len(tp.seeds) >= 2 || j.Task != nil || experiment.JobID([]byte(j.Config), j.Seed) != j.ID {
		return
	}
	if len(tp.seeds) == 1 && tp.seeds[0] == j.Seed {
		return
	}
	tp.seeds = append(tp.seeds, j.Seed)
	tp.texts = append(tp.texts, j.Config)
	if len(tp.seeds) < 2 {
		tp.cfg = cfg
		return
	}
	text, digits := tp.texts[0], strconv.FormatUint(tp.seeds[0], 10)
	line := "seed: " + digits + "\n"
	at := -1
	for i := strings.Index(text, line); i >= 0; {
		if i == 0 || text[i-1] == '\n' {
			if at >= 0 {
				return // two lines "seed: N" (not expected): no template
			}
			at = i
		}
		next := strings.Index(text[i+1:], line)
		if next < 0 {
			break
		}
		i += 1 + next
	}
	if at < 0 {
		return
	}
	tp.prefix = text[:at+len("seed: ")]
	tp.suffix = text[at+len("seed: ")+len(digits):]
	for k, seed := range tp.seeds {
		if tp.text(seed) != tp.texts[k] {
			return
		}
	}
	tp.ok = true
}

// text is the job text of seed.
func (tp *seedTemplate) text(seed uint64) string {
	return tp.prefix + strconv.FormatUint(seed, 10) + tp.suffix
}

// job returns the point's job of seed, its configuration validated with
// that seed (an error is experiment.Check's).
func (tp *seedTemplate) job(seed uint64) (experiment.Job, error) {
	cfg := *tp.cfg
	cfg.Seed = seed
	if err := experiment.Check(&cfg); err != nil {
		return experiment.Job{}, err
	}
	text := tp.text(seed)
	id := experiment.JobID([]byte(text), seed)
	return experiment.Job{ID: id, Config: text, Seed: seed, Out: runsDir(id)}, nil
}

// parse parses a configuration tree strictly.
func (s *Spec) parse(tree map[string]any) error {
	b, err := canonical(tree)
	if err != nil {
		return err
	}
	_, err = experiment.ParseConfig(b)
	return err
}

// check parses a configuration tree strictly and validates it.
func (s *Spec) check(tree map[string]any) (*experiment.Config, error) {
	b, err := canonical(tree)
	if err != nil {
		return nil, err
	}
	cfg, err := experiment.ParseConfig(b)
	if err != nil {
		return nil, err
	}
	cfg.SetDir(s.dir)
	return cfg, experiment.Check(cfg)
}

// canonical encodes v as JSON (which YAML reads) with sorted keys.
func canonical(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// checkJobCount returns an error if the grid and seeds make more than
// MaxJobs jobs (before exclusions), from the counts alone; it says how
// many they make, as the product of the counts ("399 × 399 = 159201").
func (s *Spec) checkJobCount() error {
	var factors []string
	total := big.NewInt(1)
	for _, g := range s.Grid {
		factors = append(factors, strconv.Itoa(len(g.Values)))
		total.Mul(total, big.NewInt(int64(len(g.Values))))
	}
	if len(s.Seeds) > 0 {
		factors = append(factors, strconv.Itoa(len(s.Seeds)))
		total.Mul(total, big.NewInt(int64(len(s.Seeds))))
	}
	if total.Cmp(big.NewInt(MaxJobs)) <= 0 {
		return nil
	}
	what := total.String()
	if len(factors) > 1 {
		what = strings.Join(factors, " × ") + " = " + what
	}
	var counts []string
	if len(s.Grid) > 0 {
		counts = append(counts, "values per grid key")
	}
	if len(s.Seeds) > 0 {
		counts = append(counts, "seeds")
	}
	return fmt.Errorf("sweep: the grid and seeds make %s jobs (%s, before exclusions), more than %d; split the sweep", what, strings.Join(counts, " × "), MaxJobs)
}

// exclusionIndex holds the exclude entries resolved against the grid:
// each value as the index of the first of its key's values with its
// canonical JSON (class), the entries grouped by the grid keys they
// constrain, each group a set of the value tuples it drops. A grid point
// is then checked with one set lookup per group, not per entry (a JSON
// encoding per key, point and entry took a minute for 90 000 points and
// 2 000 entries; one comparison per point and entry, 90 s for 100 000
// points and 80 000 entries).
type exclusionIndex struct {
	class  [][]int // class[k][v]: the value class of value v of grid key k
	groups []exclusionGroup
}

// exclusionGroup is the exclude entries that constrain the grid keys keys
// (those with more than one value class), as the set of their value
// classes in keys' order (appendClasses).
type exclusionGroup struct {
	keys []int
	set  map[string]bool
}

// exclusions resolves the exclude entries against the grid (values
// compared by their canonical JSON) and reports which of them match a
// grid point: every entry whose values are all among its keys' (the grid
// being a full cross product, such an entry matches at least one point).
func (s *Spec) exclusions() (exclusionIndex, []bool) {
	texts := make([]map[string]int, len(s.Grid))
	x := exclusionIndex{class: make([][]int, len(s.Grid))}
	classes := make([]int, len(s.Grid)) // the number of each key's classes
	keyIndex := map[string]int{}
	for k, g := range s.Grid {
		keyIndex[g.Key] = k
		texts[k] = map[string]int{}
		x.class[k] = make([]int, len(g.Values))
		for v, val := range g.Values {
			b, _ := canonical(matchValue(g.Key, val))
			first, seen := texts[k][string(b)]
			if !seen {
				first = v
				texts[k][string(b)] = v
				classes[k]++
			}
			x.class[k][v] = first
		}
	}
	used := make([]bool, len(s.Exclude))
	groupOf := map[string]int{}
	for e, ex := range s.Exclude {
		want := map[int]int{}
		used[e] = true
		for key, val := range ex {
			k, ok := keyIndex[key]
			b, _ := canonical(matchValue(key, val))
			v, found := texts[k][string(b)]
			if !ok || !found {
				used[e] = false
				break
			}
			if classes[k] > 1 { // a key of one value: every point has it
				want[k] = v
			}
		}
		if !used[e] {
			continue
		}
		keys := make([]int, 0, len(want))
		for k := range s.Grid {
			if _, ok := want[k]; ok {
				keys = append(keys, k)
			}
		}
		mask := fmt.Sprint(keys)
		gi, ok := groupOf[mask]
		if !ok {
			gi = len(x.groups)
			groupOf[mask] = gi
			x.groups = append(x.groups, exclusionGroup{keys: keys, set: map[string]bool{}})
		}
		var tuple []byte
		for _, k := range keys {
			tuple = binary.AppendUvarint(tuple, uint64(want[k]))
		}
		x.groups[gi].set[string(tuple)] = true
	}
	return x, used
}

// caseFreeKeys are the grid keys whose words a run reads in any case, and
// a job's configuration holds in lower case (experiment.CaseFreeKeys, its
// canonical form): `rl.algo: STAC` is `stac`.
var caseFreeKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range experiment.CaseFreeKeys() {
		m[k] = true
	}
	return m
}()

// matchValue is v, the value of grid key key in the grid or in an exclude
// entry, as exclusions compare it: a word of caseFreeKeys in lower case,
// so that an entry's `rl.algo: DDPG` drops the grid's ddpg points, which
// the job takes for the same algorithm (compared as written, the entry
// would match no point and the sweep be refused); anything else as it is.
func matchValue(key string, v any) any {
	if w, ok := v.(string); ok && caseFreeKeys[key] {
		return strings.ToLower(w)
	}
	return v
}

// excluded reports whether an exclude entry drops the grid point with
// value indices idx; buf is scratch space, returned for reuse.
func (x exclusionIndex) excluded(idx []int, buf []byte) (bool, []byte) {
	for _, g := range x.groups {
		buf = buf[:0]
		for _, k := range g.keys {
			buf = binary.AppendUvarint(buf, uint64(x.class[k][idx[k]]))
		}
		if g.set[string(buf)] {
			return true, buf
		}
	}
	return false, buf
}

// checkPath verifies that a dotted key names a field of the configuration
// type t (by YAML names); maps (params, options) and free-form values take
// any key below them, to be checked when the configuration is validated.
func checkPath(t reflect.Type, path []string, prefix string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if len(path) == 0 {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if t == dynamicsType {
			// The dynamics block's keys are those of its kinds, each
			// registered with its own parameters type.
			if ft, ok := experiment.DynamicsKeyType(path[0]); ok {
				return checkPath(ft, path[1:], prefix+path[0]+".")
			}
			return fmt.Errorf("unknown config key %s: no dynamics kind takes %s (kinds: %s)", quotedKey(prefix+path[0]), keyName(path[0]), strings.Join(experiment.DynamicsKinds(), ", "))
		}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			if tag == path[0] {
				return checkPath(f.Type, path[1:], prefix+path[0]+".")
			}
			names = append(names, tag)
		}
		where := strings.TrimSuffix(prefix, ".")
		if where == "" {
			where = "the configuration"
		}
		return fmt.Errorf("unknown config key %s: %s has %s", quotedKey(prefix+path[0]), keyName(where), strings.Join(names, ", "))
	case reflect.Map:
		return checkPath(t.Elem(), path[1:], prefix+path[0]+".")
	case reflect.Interface:
		return nil
	default:
		return fmt.Errorf("%s is a %s value; it has no key %s", keyName(strings.TrimSuffix(prefix, ".")), t.Kind(), quotedKey(path[0]))
	}
}

// dynamicsType is the type of the `dynamics:` block.
var dynamicsType = reflect.TypeOf(experiment.DynamicsConfig{})

// setPath sets a dotted key in a configuration tree, creating maps on the
// way.
func setPath(t map[string]any, key string, v any) error {
	parts := strings.Split(key, ".")
	m := t
	for i, p := range parts[:len(parts)-1] {
		next, ok := m[p]
		if !ok || next == nil {
			nm := map[string]any{}
			m[p] = nm
			m = nm
			continue
		}
		nm, ok := next.(map[string]any)
		if !ok {
			return fmt.Errorf("%s is %v in the base configuration, not a section", strings.Join(parts[:i+1], "."), next)
		}
		m = nm
	}
	m[parts[len(parts)-1]] = v
	return nil
}

// cloneTree deep-copies a configuration tree (through JSON, numbers kept
// exact as json.Number). A tree json.Marshal refuses is an error naming
// the top-level key it refuses (the first in its sorted order, as json
// writes them): json's error names none. So is one of more values than
// JSON of the input limit holds (bytesPerValue), which the copy counts (in
// sorted key order when it names the key).
func cloneTree(t map[string]any) (map[string]any, error) {
	limit, err := inputLimit()
	if err != nil {
		return nil, err
	}
	bound := limit / bytesPerValue
	n := &normaliser{bound: bound}
	tree := n.normalise(t)
	if n.over {
		n = &normaliser{bound: bound, values: 1} // t itself
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if n.normalise(t[k]); n.over {
				return nil, tooManyValues("config."+keyName(k), limit)
			}
		}
		return nil, tooManyValues("config", limit)
	}
	b, err := json.Marshal(tree)
	if err != nil {
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if _, kerr := json.Marshal((&normaliser{bound: bound}).normalise(t[k])); kerr != nil {
				return nil, fmt.Errorf("sweep: config: %s: %w", keyName(k), kerr)
			}
		}
		return nil, fmt.Errorf("sweep: configuration: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out map[string]any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	if out == nil {
		out = map[string]any{}
	}
	return out, nil
}

// normalise turns YAML's map[any]any (if any) into map[string]any. A tree
// deeper than maxTreeDepth it returns as it is, stopping there: a tree
// built in Go that holds itself (m["a"] = m) was copied until the stack
// overflowed, and one holding itself through two branches (m["a"] =
// m["b"] = m) has 2^1000 paths to that depth; json.Marshal names the
// cycle. It counts the values it copies in n.values, across calls, and
// stops past n.bound, setting n.over: a tree built in Go that shares a
// map (m1 = {a: m0, b: m0}, 40 levels) has 2^40 values to copy.
func (n *normaliser) normalise(v any) any {
	n.deep = false
	out := n.copy(v, 0)
	if n.deep || n.over {
		return v
	}
	return out
}

// normaliser is normalise's walk; deep is set when it passes maxTreeDepth,
// over when its count of values passes bound.
type normaliser struct {
	deep, over    bool
	values, bound int
}

// copy is normalise of v, depth levels down the tree.
func (n *normaliser) copy(v any, depth int) any {
	if depth++; depth > maxTreeDepth {
		n.deep = true
	}
	if n.values++; n.values > n.bound {
		n.over = true
	}
	if n.deep || n.over {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = n.copy(e, depth)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = n.copy(e, depth)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = n.copy(e, depth)
		}
		return s
	}
	return v
}

// baseError is err, an error of the base configuration whatever the grid
// values, named as the base's: its file (base:) or the spec's config: key
// and line.
func (s *Spec) baseError(err error) error {
	if s.Base != "" {
		if located := s.locateInBase(err); located != nil {
			return fmt.Errorf("sweep: base: %w", located)
		}
		return fmt.Errorf("sweep: base %s: %w", s.Base, withoutJSONLine(err))
	}
	if located := s.locateInline(err); located != nil {
		return fmt.Errorf("sweep: %w", located)
	}
	return fmt.Errorf("sweep: config%s: %w", s.at("config"), withoutConfigPrefix(withoutJSONLine(err)))
}

// withoutConfigPrefix is err without the "config: " that the
// configuration's parser and checks begin its text with, for a message
// that names the spec's config: key itself ("sweep: config (line 2):
// iterations: 0 …", not "config (line 2): config: iterations: 0 …").
func withoutConfigPrefix(err error) error {
	if rest, ok := strings.CutPrefix(err.Error(), "config: "); ok {
		return &retexted{text: rest, err: err}
	}
	return err
}

// locateInline returns err as the spec's inline config: block reports it
// when read as a configuration file of its own, with the spec's line of
// the key ("config: line 8: iterations: 0 …", or the decoder's "[8:3]
// unknown field …" quoting the block's lines), or nil if the block is
// not written in block style or does not fail alone with an error of
// that text (the sweep reads it through JSON, whose one line names no
// key's place).
func (s *Spec) locateInline(err error) error {
	text := inlineConfigText(s.src)
	if text == "" {
		return nil
	}
	const name = "spec"
	cfg, lerr := experiment.ParseConfigAt([]byte(text), name, s.dir)
	if lerr == nil {
		if lerr = experiment.Check(cfg); lerr == nil {
			return nil
		}
		lerr = cfg.Locate(lerr)
	}
	located := strings.TrimPrefix(lerr.Error(), name+": ")
	if located == lerr.Error() || errCore(located) != errCore(err.Error()) {
		return nil
	}
	return &retexted{text: located, err: err}
}

// inlineConfigText returns the spec's config: mapping, when written in
// block style, as a document of its own on the spec's lines: the block's
// lines as written (a root mapping may be indented), every other line
// empty, so that the lines and columns a configuration error names are
// the spec's. It returns "" for a
// flow-style mapping ({…}) or a spec without one.
func inlineConfigText(data []byte) string {
	f, err := parser.ParseBytes(data, 0)
	if err != nil || len(f.Docs) == 0 {
		return ""
	}
	for _, top := range mappingValues(f.Docs[0].Body) {
		if safeyaml.Key(top) != "config" {
			continue
		}
		var first *token.Token
		switch m := top.Value.(type) {
		case *ast.MappingNode:
			if m.IsFlowStyle || len(m.Values) == 0 {
				return ""
			}
			first = m.Values[0].Key.GetToken()
		case *ast.MappingValueNode:
			first = m.Key.GetToken()
		}
		if first == nil || first.Position == nil || first.Position.Line <= top.Key.GetToken().Position.Line {
			return ""
		}
		return block(data, first.Position.Line, first.Position.Column-1)
	}
	return ""
}

// block returns the lines of data from line start (1-based) while they
// are indented by at least indent spaces (or blank, or comments), every
// line before them empty and none after them. Lines end at \n, \r\n or a
// bare \r, as the YAML parser reads them (split on \n alone, a spec with
// bare \r line ends was one line, and an error in its block named the
// config: key's line instead of its own).
func block(data []byte, start, indent int) string {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(strings.ReplaceAll(text, "\r", "\n"), "\n")
	out := make([]string, len(lines))
	for i := start - 1; i < len(lines); i++ {
		l := lines[i]
		rest := strings.TrimLeft(l, " ")
		switch {
		case strings.TrimSpace(l) == "" || strings.HasPrefix(rest, "#") && len(l)-len(rest) < indent:
			continue
		case len(l)-len(rest) < indent:
			return strings.Join(out[:i], "\n")
		}
		out[i] = l
	}
	return strings.Join(out, "\n")
}

// locateInBase returns err as the base file reports it when loaded as a
// configuration (its path and the key's line, as `stackel run BASE`
// would), or nil if the file alone does not fail with an error of that
// text.
func (s *Spec) locateInBase(err error) error {
	if s.basePath == "" {
		return nil
	}
	cfg, lerr := experiment.LoadConfig(s.basePath)
	if lerr == nil {
		if lerr = experiment.Check(cfg); lerr == nil {
			return nil
		}
		lerr = cfg.Locate(lerr)
	}
	// The located error is "PATH: config: line N: REST" (or "PATH:
	// config: [N:M] REST" and the file's lines) for an error "config:
	// REST" of the configuration as the sweep writes it.
	if errCore(strings.TrimPrefix(lerr.Error(), s.basePath+": ")) == errCore(err.Error()) {
		return lerr
	}
	return nil
}

// jsonLine is the position that the YAML parser gives an error in a
// configuration the sweep wrote as one line of JSON: always line 1, and
// misleading beside the spec's own line.
var jsonLine = regexp.MustCompile(`^config: (?:line 1: |\[1:\d+\] )`)

// position is the position an error of a configuration file gives.
var position = regexp.MustCompile(`^config: (?:line \d+: |\[\d+:\d+\] )`)

// errCore is the first line of a configuration's error text without its
// position, which differs between the same error in a file and in the
// sweep's one-line form of it (and the excerpt of the lines below), and
// without the "config: " that Config.Locate puts before an error of the
// run's builder (rl.options.gamma: 2 …), which has none unlocated.
func errCore(text string) string {
	text, _, _ = strings.Cut(text, "\n")
	if loc := position.FindStringIndex(text); loc != nil {
		text = text[loc[1]:]
	}
	return strings.TrimPrefix(text, "config: ")
}

// withoutJSONLine is err without jsonLine's position.
func withoutJSONLine(err error) error {
	if loc := jsonLine.FindStringIndex(err.Error()); loc != nil {
		return &retexted{text: "config: " + err.Error()[loc[1]:], err: err}
	}
	return err
}

// retexted is an error with another text that still unwraps to err.
type retexted struct {
	text string
	err  error
}

func (e *retexted) Error() string { return e.text }
func (e *retexted) Unwrap() error { return e.err }
