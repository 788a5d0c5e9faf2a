package learn

import (
	"fmt"
	"sort"
	"sync"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// Spec holds the parameters of a smooth-game dynamic as a configuration
// gives them (the `dynamics:` block of a config file, decoded strictly by
// package experiment). Each Kind reads the fields of the keys it accepts
// and ignores the others (which the decoder has rejected).
type Spec struct {
	// Rates: leader_lr, follower_lr (defaults 1/(1+k) and 1/(1+k)^{2/3})
	// and noise.
	Rates Rates
	// Solver: solver (stackelberg).
	Solver Solver
	// Unroll: unroll, the follower steps per leader step (stackelberg).
	Unroll int
	// FollowerLeads: leader: y (stackelberg).
	FollowerLeads bool
	// LookAhead: lookahead (lola; nil: the follower's step size).
	LookAhead loop.Schedule
	// Gamma: gamma, the weight γ of the consensus term (consensus).
	Gamma float64
}

// Kind is a smooth-game dynamic that configurations can name: its name
// (the value of `dynamics.kind`), the config keys it accepts besides kind
// (any other key is an error naming it), and a builder. A new dynamic is
// one file in this package: its type with a Step, and an init function
// calling RegisterKind.
type Kind struct {
	// Name is the kind's config name, e.g. "sga".
	Name string
	// Keys are the `dynamics:` keys the kind accepts besides kind.
	Keys []string
	// New builds the dynamic on g.
	New func(g game.Game, s Spec) (Dynamics, error)
}

var (
	kindsMu sync.RWMutex
	kinds   = map[string]Kind{}
)

// RegisterKind makes a dynamic available to configurations. It panics on
// an empty or duplicate name (a programming error).
func RegisterKind(k Kind) {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	if k.Name == "" || k.New == nil {
		panic("learn: RegisterKind: a kind needs a name and a builder")
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

// rateKeys are the keys of every gradient dynamic: the two step sizes, the
// gradient noise, and the run loop's step-norm tolerance.
var rateKeys = []string{"leader_lr", "follower_lr", "noise", "step_tol"}

// withKeys returns rateKeys followed by more.
func withKeys(more ...string) []string {
	return append(append([]string(nil), rateKeys...), more...)
}

func init() {
	RegisterKind(Kind{Name: "sga", Keys: withKeys(), New: func(g game.Game, s Spec) (Dynamics, error) {
		return NewSGA(g, s.Rates)
	}})
	RegisterKind(Kind{Name: "lola", Keys: withKeys("lookahead"), New: func(g game.Game, s Spec) (Dynamics, error) {
		return NewLOLA(g, LOLAConfig{Rates: s.Rates, LookAhead: s.LookAhead})
	}})
	RegisterKind(Kind{Name: "stackelberg", Keys: withKeys("solver", "unroll", "leader"), New: func(g game.Game, s Spec) (Dynamics, error) {
		return NewStackelberg(g, StackelbergConfig{
			LeaderLR: s.Rates.Leader, FollowerLR: s.Rates.Follower,
			NoiseLeader: s.Rates.NoiseLeader, NoiseFollower: s.Rates.NoiseFollower,
			Solver: s.Solver, Unroll: s.Unroll, FollowerLeads: s.FollowerLeads,
		})
	}})
}
