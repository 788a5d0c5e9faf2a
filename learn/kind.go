package learn

import (
	"fmt"
	"sort"
	"sync"

	"github.com/stackel/stackel/game"
)

// Kind is a smooth-game dynamic that configurations can name: its name
// (the value of `dynamics.kind`), the type of its own configuration block,
// and a builder. A new dynamic is one file in this package (or in any
// package linked into the program): its type with a Step, its parameters
// type, and an init function calling RegisterKind(NewKind(…)).
//
// A `dynamics:` block has the keys every smooth dynamic shares — kind,
// leader_lr, follower_lr, noise (decoded into Rates) and step_tol (the run
// loop's Settings.StepTol) — and the keys of its kind, which the
// configuration layer (package experiment) decodes strictly into the
// value Params returns: a key that is neither shared nor a field of it is
// an error naming the key, the kind and the line.
type Kind struct {
	// Name is the kind's config name, e.g. "sga".
	Name string
	// Params returns a pointer to a new zero value of the kind's
	// parameters: a struct whose exported fields, tagged `yaml:"key"`, are
	// the kind's own config keys (NoParams when it has none). A zero field
	// must mean what the absent key means. When the value implements
	// Validator, the configuration layer calls Validate after decoding.
	Params func() any
	// New builds the dynamic on g from the shared rates and p, a value
	// Params returned (decoded; nil, or a nil pointer of the parameters'
	// type, means the zero parameters).
	New func(g game.Game, r Rates, p any) (Dynamics, error)
}

// Validator is implemented by a kind's parameters that check their values
// when a configuration is read. The error names the key and the value,
// without the `dynamics.` prefix (e.g. "unroll = -1: need ≥ 1").
type Validator interface {
	// Validate returns nil when every value is valid, and otherwise an
	// error naming an invalid key and its value as above (the
	// configuration layer prefixes it with "config: dynamics.").
	Validate() error
}

// WrittenChecker is implemented by a kind's parameters with keys that some
// of their settings require and that have no default (the unrolled
// solver's steps and lr): left out of a configuration file, such a key
// decodes to its zero value, which Validate would quote as if the file
// held it. The configuration layer calls CheckWritten, before Validate,
// for parameters read from a file.
type WrittenChecker interface {
	// CheckWritten returns an error naming the first required key that
	// is zero and that written reports absent from the file (keys dotted
	// below the dynamics block, "solver.steps"), as "BLOCK: KEY: missing
	// (…)" ("solver: steps: missing (…)"), so that the error names the
	// block that lacks the key; nil when none is.
	CheckWritten(written func(key string) bool) error
}

// NoParams is the parameters of a kind with no config keys of its own.
type NoParams struct{}

// NewKind returns the Kind called name whose parameters are a P (see
// Kind.Params): Params returns a new *P, and New passes the decoded *P (a
// zero one when given nil or a nil *P) to build, after its Validate when
// *P is a Validator (an invalid value is an error naming the kind).
func NewKind[P any](name string, build func(g game.Game, r Rates, p *P) (Dynamics, error)) Kind {
	return Kind{
		Name:   name,
		Params: func() any { return new(P) },
		New: func(g game.Game, r Rates, p any) (Dynamics, error) {
			if p == nil {
				return build(g, r, new(P))
			}
			pp, ok := p.(*P)
			if !ok {
				return nil, fmt.Errorf("dynamics %s: parameters of type %T, want %T", name, p, new(P))
			}
			if pp == nil {
				// A typed nil *P is nil parameters too: the zero ones.
				pp = new(P)
			}
			// Checked here too, not only by the configuration layer: a Go
			// caller's StackelbergParams{Leader: "z"} built a dynamic in
			// which x led, silently.
			if v, ok := any(pp).(Validator); ok {
				if err := v.Validate(); err != nil {
					return nil, fmt.Errorf("dynamics %s: %w", name, err)
				}
			}
			return build(g, r, pp)
		},
	}
}

var (
	kindsMu sync.RWMutex
	kinds   = map[string]Kind{}
)

// RegisterKind makes a dynamic available to configurations. It panics on
// an empty or duplicate name or a missing Params or New (programming
// errors).
func RegisterKind(k Kind) {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	if k.Name == "" || k.New == nil || k.Params == nil {
		panic("learn: RegisterKind: a kind needs a name, a parameters type and a builder")
	}
	if _, dup := kinds[k.Name]; dup {
		panic(fmt.Sprintf("learn: RegisterKind: kind %q registered twice", k.Name))
	}
	kinds[k.Name] = k
}

// LookupKind returns the registered kind with the given name.
func LookupKind(name string) (Kind, bool) {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	k, ok := kinds[name]
	return k, ok
}

// KindNames lists the registered kinds, sorted.
func KindNames() []string {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
