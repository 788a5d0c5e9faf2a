package sweep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/stackel/stackel/experiment"
)

// Expand turns the spec into its jobs: the cross product of the grid (the
// first key varying slowest) minus the excluded combinations, for every
// seed, seed-major (every grid point's first seed first). Every job is
// validated strictly before any runs: an unknown dotted key, a value of the
// wrong type or an invalid combination is an error naming the key (with its
// line) and the grid entry.
func (s *Spec) Expand() ([]Job, error) {
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
			return nil, fmt.Errorf("sweep: grid.%s (line %d): %w", g.Key, s.line("grid."+g.Key), err)
		}
		for _, v := range g.Values {
			t, _ := cloneTree(base)
			if err := setPath(t, g.Key, v); err != nil {
				return nil, fmt.Errorf("sweep: grid.%s (line %d): %w", g.Key, s.line("grid."+g.Key), err)
			}
			if err := s.parse(t); err != nil {
				if baseErr != nil && errCore(err.Error()) == errCore(baseErr.Error()) {
					return nil, s.baseError(err)
				}
				return nil, fmt.Errorf("sweep: grid.%s = %s (line %d): %w", g.Key, compact(v), s.line("grid."+g.Key), withoutJSONLine(err))
			}
		}
	}
	total := max(1, len(s.Seeds))
	for _, g := range s.Grid {
		total *= len(g.Values)
		if total > MaxJobs {
			return nil, fmt.Errorf("sweep: the grid and seeds make more than %d jobs; split the sweep", MaxJobs)
		}
	}
	// The grid points, minus exclusions.
	var points [][]Assign
	var rec func(i int, acc []Assign)
	rec = func(i int, acc []Assign) {
		if i == len(s.Grid) {
			points = append(points, append([]Assign(nil), acc...))
			return
		}
		for _, v := range s.Grid[i].Values {
			rec(i+1, append(acc, Assign{Key: s.Grid[i].Key, Value: v}))
		}
	}
	rec(0, nil)
	var kept [][]Assign
	used := make([]bool, len(s.Exclude))
	for _, p := range points {
		drop := false
		for i, ex := range s.Exclude {
			if matches(p, ex) {
				drop, used[i] = true, true
			}
		}
		if !drop {
			kept = append(kept, p)
		}
	}
	for i, u := range used {
		if !u {
			return nil, fmt.Errorf("sweep: exclude[%d] (line %d) matches no grid point (check its values against the grid)", i, s.line(fmt.Sprintf("exclude[%d]", i)))
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
	for _, seed := range seeds {
		for pi, p := range kept {
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
				return nil, fmt.Errorf("sweep: grid point {%s} seed %d: %w", pointLabel(p), seed, withoutJSONLine(err))
			}
			ej, err := experiment.NewJob(cfg, cfg.Seed, "")
			if err != nil {
				return nil, fmt.Errorf("sweep: grid point {%s} seed %d: %w", pointLabel(p), seed, err)
			}
			ej.Out = runsDir(ej.ID)
			ej.Labels = map[string]string{"sweep": s.Name, "point": pointLabel(p)}
			j := Job{Job: ej, Sweep: s.Name, Index: len(jobs), Point: pi, Grid: p}
			if k, dup := ids[j.ID]; dup {
				why := "a grid key has no effect or a value repeats"
				for _, g := range s.Grid {
					if g.Key == "rl.threads" {
						why = "rl.threads changes no number, so it is not part of a job's ID: set it in the base config"
					}
				}
				return nil, fmt.Errorf("sweep: jobs %d and %d have the same configuration (grid point {%s}); %s", k, j.Index, pointLabel(p), why)
			}
			ids[j.ID] = j.Index
			jobs = append(jobs, j)
		}
	}
	return jobs, nil
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

// matches reports whether grid point p has every value of ex.
func matches(p []Assign, ex map[string]any) bool {
	for k, want := range ex {
		found := false
		for _, a := range p {
			if a.Key == k {
				x, _ := canonical(a.Value)
				y, _ := canonical(want)
				found = bytes.Equal(x, y)
			}
		}
		if !found {
			return false
		}
	}
	return true
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
			return fmt.Errorf("unknown config key %q: no dynamics kind takes %s (kinds: %s)", prefix+path[0], path[0], strings.Join(experiment.DynamicsKinds(), ", "))
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
		return fmt.Errorf("unknown config key %q: %s has %s", prefix+path[0], where, strings.Join(names, ", "))
	case reflect.Map:
		return checkPath(t.Elem(), path[1:], prefix+path[0]+".")
	case reflect.Interface:
		return nil
	default:
		return fmt.Errorf("%s is a %s value; it has no key %q", strings.TrimSuffix(prefix, "."), t.Kind(), path[0])
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
// exact as json.Number).
func cloneTree(t map[string]any) (map[string]any, error) {
	b, err := json.Marshal(normalise(t))
	if err != nil {
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

// normalise turns YAML's map[any]any (if any) into map[string]any.
func normalise(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = normalise(e)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = normalise(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = normalise(e)
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
	return fmt.Errorf("sweep: config (line %d): %w", s.line("config"), withoutJSONLine(err))
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
// sweep's one-line form of it (and the excerpt of the lines below).
func errCore(text string) string {
	text, _, _ = strings.Cut(text, "\n")
	if loc := position.FindStringIndex(text); loc != nil {
		text = "config: " + text[loc[1]:]
	}
	return text
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
