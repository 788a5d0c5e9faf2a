package env

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/stackel/stackel/internal/textcut"
)

// Env is an episodic environment with Gymnasium semantics.
//
// Reset must be called before the first Step and after an episode ends.
// Slices returned by Reset and Step belong to the environment and stay valid
// until the second following call to Reset or Step (see the package
// documentation); callers must not modify them.
type Env interface {
	// ObservationSpace describes the observations returned by Reset and Step.
	ObservationSpace() Space
	// ActionSpace describes the actions accepted by Step. A Discrete action
	// is a one-element slice holding the index as a float64.
	ActionSpace() Space
	// Reset starts a new episode, drawing the initial state from rng, and
	// returns the first observation.
	Reset(rng *rand.Rand) []float64
	// Step applies action and returns the next observation, the reward for
	// the transition, whether a terminal state was reached (terminated) and
	// whether the episode was cut short for a reason outside the MDP, such as
	// a time limit (truncated).
	Step(action []float64) (obs []float64, reward float64, terminated, truncated bool)
}

// Wrapper is implemented by environments that wrap another one.
type Wrapper interface {
	Env
	// Unwrap returns the wrapped environment.
	Unwrap() Env
}

// Unwrapped follows Unwrap until it reaches an environment that is not a
// Wrapper and returns it. Use it to reach a concrete type, e.g.
// env.Unwrapped(e).(*env.CartPole).
func Unwrapped(e Env) Env {
	for {
		w, ok := e.(Wrapper)
		if !ok {
			return e
		}
		e = w.Unwrap()
	}
}

// NewRand returns a deterministic random source seeded with seed, suitable
// for Reset and Space.Sample. Equal seeds give equal streams.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x5eed_57ac_6e1_2024))
}

// uniform draws from [lo, hi).
func uniform(rng *rand.Rand, lo, hi float64) float64 {
	return lo + (hi-lo)*rng.Float64()
}

// obsBuf double-buffers observations so that the previous observation stays
// valid while the next one is written.
type obsBuf struct {
	buf [2][]float64
	cur int
}

func newObsBuf(n int) obsBuf {
	return obsBuf{buf: [2][]float64{make([]float64, n), make([]float64, n)}}
}

// next returns the buffer to write the next observation into.
func (b *obsBuf) next() []float64 {
	b.cur ^= 1
	return b.buf[b.cur]
}

// TimeLimit truncates episodes of the wrapped environment after MaxSteps
// steps, as Gymnasium's TimeLimit wrapper does: the Step that brings the
// episode length to MaxSteps reports truncated = true (terminated is passed
// through unchanged, so both can be true at once).
type TimeLimit struct {
	// Env is the wrapped environment (Unwrap). Step and Reset it through
	// the TimeLimit only, or the step count is wrong.
	Env Env
	// MaxSteps is the episode length, in steps, at which Step reports
	// truncated. It must be positive (NewTimeLimit checks): with 0 every
	// step is truncated.
	MaxSteps int
	elapsed  int
}

// NewTimeLimit wraps e so that episodes are truncated after maxSteps steps.
// maxSteps must be positive; it panics otherwise (a programming error:
// Register refuses a negative Spec.MaxEpisodeSteps, and Make wraps only
// positive ones, 0 meaning no limit).
func NewTimeLimit(e Env, maxSteps int) *TimeLimit {
	if maxSteps <= 0 {
		panic(fmt.Sprintf("env: NewTimeLimit: maxSteps=%d must be positive", maxSteps))
	}
	return &TimeLimit{Env: e, MaxSteps: maxSteps}
}

// ObservationSpace implements Env.
func (t *TimeLimit) ObservationSpace() Space { return t.Env.ObservationSpace() }

// ActionSpace implements Env.
func (t *TimeLimit) ActionSpace() Space { return t.Env.ActionSpace() }

// Reset implements Env and restarts the step count.
func (t *TimeLimit) Reset(rng *rand.Rand) []float64 {
	t.elapsed = 0
	return t.Env.Reset(rng)
}

// Step implements Env.
func (t *TimeLimit) Step(action []float64) ([]float64, float64, bool, bool) {
	obs, r, term, trunc := t.Env.Step(action)
	t.elapsed++
	if t.elapsed >= t.MaxSteps {
		trunc = true
	}
	return obs, r, term, trunc
}

// Elapsed returns the number of steps taken since the last Reset.
func (t *TimeLimit) Elapsed() int { return t.elapsed }

// Unwrap implements Wrapper.
func (t *TimeLimit) Unwrap() Env { return t.Env }

// Spec describes a registered environment.
type Spec struct {
	// ID is the name passed to Make, e.g. "CartPole-v1" (Register says
	// which names it accepts).
	ID string
	// MaxEpisodeSteps is the time limit applied by Make; 0 means none.
	MaxEpisodeSteps int
	// RewardThreshold is the average return at which the task is considered
	// solved, or 0 if there is none. stackel's reproductions report the
	// environment steps until a run first reaches it.
	RewardThreshold float64
	// New builds an unwrapped instance. It is nil for an environment this
	// binary was built without (see Tag); Make then returns an error that
	// says how to build with it.
	New func() Env
	// Tag is the build tag the environment needs ("mujoco" for the MuJoCo
	// tasks), or "" when the default build has it.
	Tag string
	// Obs and Act describe the observation and action spaces without
	// building an instance; optional when New is set (the spaces are then
	// read from an instance). When declared they must be the instances'
	// spaces: Make refuses an instance with another.
	Obs, Act Space
}

// Available returns nil if this binary can build the environment, and
// otherwise an error saying how to build a binary that can.
func (s Spec) Available() error {
	if s.New != nil {
		return nil
	}
	if s.Tag == "mujoco" {
		return fmt.Errorf("env: %s needs the MuJoCo physics engine, which this binary was built without: "+
			"install it (apt-get install libmujoco-dev, MuJoCo 2.2.2) and build with the mujoco tag "+
			"(go build -tags mujoco ./cmd/stackel)", s.ID)
	}
	return fmt.Errorf("env: %s is not available in this binary (build tag %q)", s.ID, s.Tag)
}

// ObservationSpace returns Obs, or the observation space of a new instance
// when Obs is nil (nil when New returns no instance).
func (s Spec) ObservationSpace() Space {
	if s.Obs != nil || s.New == nil {
		return s.Obs
	}
	if e := s.New(); !noEnv(e) {
		return e.ObservationSpace()
	}
	return nil
}

// ActionSpace returns Act, or the action space of a new instance when Act
// is nil (nil when New returns no instance).
func (s Spec) ActionSpace() Space {
	if s.Act != nil || s.New == nil {
		return s.Act
	}
	if e := s.New(); !noEnv(e) {
		return e.ActionSpace()
	}
	return nil
}

// noEnv reports that e, what a Spec's New returned, is no instance: nil,
// or a nil pointer (map, …) of the environment's type, which is not == nil
// as an Env (a constructor's `return e` with e a nil *T).
func noEnv(e Env) bool { return e == nil || nilPointer(e) }

// nilPointer reports that x, an interface value that is not nil, holds a
// nil pointer, map, slice, function or channel.
func nilPointer(x any) bool {
	switch v := reflect.ValueOf(x); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

var (
	registryMu sync.RWMutex
	registry   = map[string]Spec{}
)

func init() {
	// Gymnasium's thresholds, except Pendulum-v1, which Gymnasium leaves
	// without one: −200 is the criterion of Zheng et al.'s Pendulum runs.
	for _, s := range []Spec{
		{ID: "CartPole-v1", MaxEpisodeSteps: 500, RewardThreshold: 475, New: func() Env { return NewCartPole() }},
		{ID: "CartPole-v0", MaxEpisodeSteps: 200, RewardThreshold: 195, New: func() Env { return NewCartPole() }},
		{ID: "Acrobot-v1", MaxEpisodeSteps: 500, RewardThreshold: -100, New: func() Env { return NewAcrobot() }},
		{ID: "Pendulum-v1", MaxEpisodeSteps: 200, RewardThreshold: -200, New: func() Env { return NewPendulum() }},
		{ID: "MountainCarContinuous-v0", MaxEpisodeSteps: 999, RewardThreshold: 90, New: func() Env { return NewMountainCarContinuous() }},
	} {
		if err := Register(s); err != nil {
			panic(err)
		}
	}
}

// Register adds an environment to the registry used by Make. It fails if the
// ID is empty or already registered, or if New is nil without a Tag and the
// spaces (an environment this build lacks, to be supplied by Provide).
//
// An ID is a name of ASCII letters, digits, '_', '-' and '.' that starts
// with a letter or digit, optionally after a namespace of the same and a
// '/', at most 100 bytes: Gymnasium's "CartPole-v1" or "ns/Name-v0" (a
// space, a comma, a colon, a leading '-' or '.' are refused: they break
// configs, the `stackel envs` listing, --envs lists or file names).
//
// Register builds no instance: declared spaces (Obs, Act) are checked
// against each instance Make builds, which refuses one whose spaces are
// others (agent.Defaults reads the declared spaces, the agent an
// instance's, and New may be costly, or fail, at registration).
func Register(s Spec) error {
	if s.ID == "" || (s.New == nil && (s.Tag == "" || s.Obs == nil || s.Act == nil)) {
		return fmt.Errorf("env: Register: spec needs an ID and a New function (or a Tag and its spaces)")
	}
	if err := validID(s.ID); err != nil {
		return fmt.Errorf("env: Register %s: %v; %s", nameText(s.ID), err, idRule)
	}
	if s.MaxEpisodeSteps < 0 {
		return fmt.Errorf("env: Register %q: negative MaxEpisodeSteps", s.ID)
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[s.ID]; dup {
		return fmt.Errorf("env: Register: %q is already registered", s.ID)
	}
	registry[s.ID] = s
	return nil
}

// Provide supplies the constructor of an environment registered without one
// (a build-tagged environment, such as the MuJoCo tasks, whose package
// provides it when linked in). It fails if id is not registered or already
// has a constructor.
func Provide(id string, newEnv func() Env) error {
	registryMu.Lock()
	defer registryMu.Unlock()
	s, ok := registry[id]
	switch {
	case !ok:
		return fmt.Errorf("env: Provide: %q is not registered", id)
	case s.New != nil:
		return fmt.Errorf("env: Provide: %q already has a constructor", id)
	case newEnv == nil:
		return fmt.Errorf("env: Provide %q: nil constructor", id)
	}
	s.New = newEnv
	registry[id] = s
	return nil
}

// Lookup returns the spec registered under name.
func Lookup(name string) (Spec, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	s, ok := registry[name]
	return s, ok
}

// Names returns the registered environment names in sorted order.
func Names() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// nameText quotes name, an environment's name as given, cut to about 40
// bytes as the config's checks quote values: an unknown name of 700
// characters filled the error before the valid names.
func nameText(name string) string { return textcut.Quoted(name, 40) }

// Make returns a new instance of the named environment, wrapped in a
// TimeLimit with its standard episode length. For an unknown name the error
// lists the valid names; for one this binary was built without (a MuJoCo
// task without the mujoco tag) it says how to build with it; a New that
// returns nil (or a nil pointer) is an error naming the environment, and
// so is an instance whose observation or action space is not the spec's
// declared Obs or Act.
func Make(name string) (Env, error) {
	s, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("env: unknown environment %s; valid names: %s", nameText(name), strings.Join(Names(), ", "))
	}
	if err := s.Available(); err != nil {
		return nil, err
	}
	e := s.New()
	if noEnv(e) {
		return nil, fmt.Errorf("env: %s: its New function returned no environment", name)
	}
	if err := checkInstance(s, e); err != nil {
		return nil, err
	}
	if s.MaxEpisodeSteps > 0 {
		e = NewTimeLimit(e, s.MaxEpisodeSteps)
	}
	return e, nil
}
