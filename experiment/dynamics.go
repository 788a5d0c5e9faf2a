package experiment

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/learn"
)

// DynamicsConfig is the `dynamics:` block: the kind, the keys the kinds
// share, and the kind's own keys decoded into the parameters type the kind
// registers (Params). Decoding is strict: a key that is neither shared
// (and taken by the kind) nor a field of the kind's parameters is an error
// naming the key, the kind and the line. For compatibility with configs
// written before the kinds had their own types, a key of another kind
// written with its zero value (`unroll: 0`, `lookahead: null`) is ignored,
// as it always was.
type DynamicsConfig struct {
	// Kind names the dynamics: a smooth kind registered in package learn
	// (sga, stackelberg, lola, extragradient, consensus, …), hic, or
	// stackelberg-pg / simultaneous-pg for Markov games (DynamicsKinds).
	Kind string `yaml:"kind"`

	// LeaderLR and FollowerLR are the step-size schedules γ_{1,k}, γ_{2,k}
	// (smooth games: defaults 1/(1+k) and 1/(1+k)^{2/3}; Markov games:
	// those of markov.DefaultConfig, constant 0.5 and 2).
	LeaderLR   *ScheduleConfig `yaml:"leader_lr"`
	FollowerLR *ScheduleConfig `yaml:"follower_lr"`
	// Noise is the Gaussian gradient noise of the smooth dynamics.
	Noise *NoiseConfig `yaml:"noise"`
	// StepTol stops a smooth run once a step is at most this long (0: never).
	StepTol float64 `yaml:"step_tol"`

	// Params holds the kind's own keys: a pointer of the type its
	// registration gives (e.g. *learn.StackelbergParams, *HiCParams,
	// *StackelbergPGParams); nil means the zero parameters.
	Params any `yaml:"-"`
}

// smoothShared are the shared keys every smooth dynamic (learn.Kind)
// takes.
var smoothShared = []string{"leader_lr", "follower_lr", "noise", "step_tol"}

// dynamicsKind is what the config layer knows of a dynamics kind: which
// shared keys it takes and the type of its own keys.
type dynamicsKind struct {
	name   string
	shared []string
	params func() any
}

// otherKinds are the dynamics kinds run by a run kind of this package
// rather than built by package learn: Hi-C (hicrun.go) and the Markov
// policy gradients (markovrun.go).
var otherKinds = map[string]dynamicsKind{}

// registerDynamics declares a dynamics kind run by a run kind of this
// package: the shared keys it takes and its parameters type (a function
// returning a new pointer to a struct whose yaml-tagged fields are its own
// keys).
func registerDynamics(name string, shared []string, params func() any) {
	if _, dup := otherKinds[name]; dup {
		panic("experiment: dynamics kind " + name + " registered twice")
	}
	otherKinds[name] = dynamicsKind{name: name, shared: shared, params: params}
}

// lookupDynamics returns a kind from package learn's registry or this
// package's.
func lookupDynamics(name string) (dynamicsKind, bool) {
	if k, ok := learn.LookupKind(name); ok {
		return dynamicsKind{name: name, shared: smoothShared, params: k.Params}, true
	}
	k, ok := otherKinds[name]
	return k, ok
}

// DynamicsKinds lists every dynamics kind a configuration may name, sorted.
func DynamicsKinds() []string {
	kinds := learn.KindNames()
	for k := range otherKinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// DynamicsKeyType returns the Go type of a key of the `dynamics:` block
// that some registered kind takes (a shared key or a kind's own), and
// whether there is one; a sweep checks its dotted grid keys with it.
func DynamicsKeyType(key string) (reflect.Type, bool) {
	if f, ok := keyFields(reflect.TypeOf(DynamicsConfig{}))[key]; ok {
		return f.Type, true
	}
	for _, name := range DynamicsKinds() {
		k, _ := lookupDynamics(name)
		if f, ok := keyFields(reflect.TypeOf(k.params()))[key]; ok {
			return f.Type, true
		}
	}
	return nil, false
}

// keys lists the keys kind k takes besides kind: its shared keys, then
// its own.
func (k dynamicsKind) keys() []string {
	out := append([]string(nil), k.shared...)
	return append(out, fieldKeys(reflect.TypeOf(k.params()))...)
}

func (k dynamicsKind) takesShared(key string) bool {
	for _, s := range k.shared {
		if s == key {
			return true
		}
	}
	return false
}

// keyField is a struct field reached by a YAML key (through inlined
// embedded structs).
type keyField struct {
	Index []int
	Type  reflect.Type
	// Numeric marks a field tagged safeyaml:"numeric" (a quoted number
	// in its value is an error).
	Numeric bool
	order   int
}

// keyFields maps the YAML keys of struct type t (or a pointer to one) to
// their fields: exported fields named by their yaml tag (`-` skipped),
// fields of `,inline` structs included.
func keyFields(t reflect.Type) map[string]keyField {
	out := map[string]keyField{}
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("yaml")
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(append([]int(nil), index...), i)
			if strings.Contains(opts, "inline") {
				walk(f.Type, idx)
				continue
			}
			if !f.IsExported() || name == "-" || name == "" {
				continue
			}
			out[name] = keyField{Index: idx, Type: f.Type, Numeric: f.Tag.Get("safeyaml") == "numeric", order: len(out)}
		}
	}
	walk(t, nil)
	return out
}

// fieldKeys lists the YAML keys of struct type t in field order.
func fieldKeys(t reflect.Type) []string {
	m := keyFields(t)
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return m[out[i]].order < m[out[j]].order })
	return out
}

// UnmarshalYAML decodes the `dynamics:` block strictly: the kind first,
// then each key into the shared fields or the kind's parameters (see
// DynamicsConfig). ctx is the decoder's: through it (from
// safeyaml.Unmarshal) an alias in the block may refer to any anchor
// defined before it in the document, under a shared key or a kind's own
// key alike, within the same limits and checks.
func (d *DynamicsConfig) UnmarshalYAML(ctx context.Context, n ast.Node) error {
	*d = DynamicsConfig{}
	pairs, ok := safeyaml.Pairs(n)
	if !ok {
		if _, alias := n.(*ast.AliasNode); alias {
			return fmt.Errorf("line %d: dynamics: an alias for the whole block is not supported; write the block out", safeyaml.Line(n))
		}
		return fmt.Errorf("line %d: dynamics: need a block of keys (kind: %s, …)", safeyaml.Line(n), strings.Join(DynamicsKinds(), " | "))
	}
	dec, err := safeyaml.NewNodeDecoderContext(ctx, n)
	if err != nil {
		return err
	}
	var kindPair *ast.MappingValueNode
	for _, p := range pairs {
		if safeyaml.Key(p) == "kind" {
			kindPair = p
		}
	}
	if kindPair == nil {
		return fmt.Errorf("line %d: dynamics.kind: missing (need one of %s)", safeyaml.Line(n), strings.Join(DynamicsKinds(), ", "))
	}
	if err := dec.Decode(kindPair.Value, &d.Kind); err != nil {
		return err
	}
	k, ok := lookupDynamics(d.Kind)
	if !ok {
		return fmt.Errorf("line %d: dynamics.kind = %s: need one of %s", safeyaml.Line(kindPair), safeyaml.ValueText(d.Kind), strings.Join(DynamicsKinds(), ", "))
	}
	params := k.params()
	shared := keyFields(reflect.TypeOf(*d))
	own := keyFields(reflect.TypeOf(params))
	for _, p := range pairs {
		key := safeyaml.Key(p)
		var dst reflect.Value
		decode := dec.DecodeAt
		switch f, isShared := shared[key]; {
		case key == "kind":
			continue
		case isShared && k.takesShared(key):
			dst = reflect.ValueOf(d).Elem().FieldByIndex(f.Index)
		default:
			f, isOwn := own[key]
			if !isOwn {
				if err := d.otherKey(dec, k, p); err != nil {
					return err
				}
				continue
			}
			dst = reflect.ValueOf(params).Elem().FieldByIndex(f.Index)
			if f.Numeric {
				decode = dec.DecodeNumericAt
			}
		}
		if err := decode(p.Value, dst.Addr().Interface(), "dynamics."+key); err != nil {
			return err
		}
	}
	d.Params = params
	return nil
}

// otherKey handles key p, which kind k does not take: ignored when another
// kind takes it and it holds that kind's zero value, an error otherwise.
func (d *DynamicsConfig) otherKey(dec *safeyaml.NodeDecoder, k dynamicsKind, p *ast.MappingValueNode) error {
	key := safeyaml.Key(p)
	if t, ok := DynamicsKeyType(key); ok {
		v := reflect.New(t)
		if err := dec.Decode(p.Value, v.Interface()); err == nil && v.Elem().IsZero() {
			return nil
		}
		return fmt.Errorf("line %d: dynamics.%s is not used by kind %s (it takes %s)", safeyaml.Line(p), key, k.name, strings.Join(k.keys(), ", "))
	}
	return fmt.Errorf("line %d: dynamics.%s: unknown key for kind %s (it takes %s)", safeyaml.Line(p), key, k.name, strings.Join(k.keys(), ", "))
}

// MarshalYAML writes the block as one mapping: kind, the shared keys that
// are set, then the kind's own keys that are set (non-zero), so that the
// text reads back to the same configuration.
func (d *DynamicsConfig) MarshalYAML() (any, error) {
	if d == nil {
		return nil, nil
	}
	out := yaml.MapSlice{{Key: "kind", Value: d.Kind}}
	add := func(v reflect.Value) {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return
			}
			v = v.Elem()
		}
		fs := keyFields(v.Type())
		for _, key := range fieldKeys(v.Type()) {
			if key == "kind" {
				continue
			}
			if fv := v.FieldByIndex(fs[key].Index); !fv.IsZero() {
				out = append(out, yaml.MapItem{Key: key, Value: fv.Interface()})
			}
		}
	}
	add(reflect.ValueOf(d))
	if d.Params != nil {
		add(reflect.ValueOf(d.Params))
	}
	return out, nil
}

// validate checks a dynamics block (parsed, or built in code): a known
// kind, parameters of its type, no shared key it does not take, and the
// values.
func (d *DynamicsConfig) validate() error {
	k, ok := lookupDynamics(d.Kind)
	if !ok {
		return fmt.Errorf("config: dynamics.kind = %s: need one of %s", safeyaml.ValueText(d.Kind), strings.Join(DynamicsKinds(), ", "))
	}
	if d.Params != nil {
		if want := reflect.TypeOf(k.params()); reflect.TypeOf(d.Params) != want {
			return fmt.Errorf("config: dynamics: parameters of type %T for kind %s, which takes %v", d.Params, d.Kind, want)
		}
	}
	// Keys in field order and leader_lr before follower_lr (not a map's
	// order, which changes from run to run): of several faults the error
	// always names the same one.
	v := reflect.ValueOf(d).Elem()
	fields := keyFields(v.Type())
	for _, key := range fieldKeys(v.Type()) {
		if key != "kind" && !k.takesShared(key) && !v.FieldByIndex(fields[key].Index).IsZero() {
			return fmt.Errorf("config: dynamics.%s is not used by kind %s (it takes %s)", key, d.Kind, strings.Join(k.keys(), ", "))
		}
	}
	for _, sc := range []struct {
		name string
		s    *ScheduleConfig
	}{{"leader_lr", d.LeaderLR}, {"follower_lr", d.FollowerLR}} {
		if s := sc.s; s != nil {
			if err := s.validate("dynamics." + sc.name); err != nil {
				return fmt.Errorf("config: %w", err)
			}
		}
	}
	if t := d.StepTol; t < 0 || math.IsNaN(t) || math.IsInf(t, 0) {
		return fmt.Errorf("config: dynamics.step_tol = %g: need a finite number ≥ 0 (0: no convergence test)", t)
	}
	if d.Noise != nil {
		for _, n := range []struct {
			key string
			v   float64
		}{{"leader", d.Noise.Leader}, {"follower", d.Noise.Follower}} {
			if n.v < 0 {
				return fmt.Errorf("config: dynamics.noise.%s = %g: standard deviations must be ≥ 0", n.key, n.v)
			}
		}
	}
	if val, ok := d.Params.(learn.Validator); ok {
		if err := val.Validate(); err != nil {
			return fmt.Errorf("config: dynamics.%w", err)
		}
	}
	return nil
}

// params returns the kind's parameters of d: d.Params, or a new zero value
// when nil.
func (d *DynamicsConfig) params() any {
	if d.Params != nil {
		return d.Params
	}
	if k, ok := lookupDynamics(d.Kind); ok {
		return k.params()
	}
	return nil
}
