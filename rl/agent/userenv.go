package agent

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"

	"github.com/stackel/stackel/rl/env"
)

// EnvFactory builds one instance of an environment a library user
// constructs themselves, for NewWithEnv, LoadWithEnv and DefaultsFor,
// without registering it by name (env.Register, whose registry is global
// and has no unregister). It is called with the run's Config.Seed for
// every instance the agent builds (the training and the test environment,
// and one per Evaluate), so an environment whose construction draws
// random numbers (randomised physics, say) should draw them from a
// source seeded with it: the same Config and factory then give the same
// run bit for bit. The instances must all have the same observation and
// action spaces. The agent applies no time limit: wrap the environment in
// env.NewTimeLimit for one (without it, test episodes are truncated as
// for a registered environment without a limit: Config.TestEpisodes).
type EnvFactory func(seed uint64) (env.Env, error)

// userEnv is the environment of NewWithEnv or LoadWithEnv: the caller's
// factory, the seed it is called with, and the spaces of its first
// instance, in an env.Spec as the registry's (New nil: the instances come
// from make).
type userEnv struct {
	newEnv EnvFactory
	seed   uint64
	spec   env.Spec
	// first is the instance the spaces were read from, which newAgent
	// takes as the training environment (nil once taken).
	first env.Env
}

// probeUserEnv builds the first instance of cfg's environment with
// newEnv and returns the userEnv that reads its spaces; who prefixes the
// errors.
func probeUserEnv(who string, cfg Config, newEnv EnvFactory) (*userEnv, error) {
	switch {
	case newEnv == nil:
		return nil, fmt.Errorf("%s: nil EnvFactory", who)
	case cfg.Env == "":
		return nil, fmt.Errorf("%s: rl.env (Config.Env) is empty: name the environment the factory builds (it labels errors and checkpoints; it need not be registered)", who)
	}
	u := &userEnv{newEnv: newEnv, seed: cfg.Seed, spec: env.Spec{ID: cfg.Env}}
	e, err := u.build()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", who, err)
	}
	u.first = e
	u.spec.Obs, u.spec.Act = e.ObservationSpace(), e.ActionSpace()
	return u, nil
}

// build calls the factory and refuses an error or no environment, naming
// the environment.
func (u *userEnv) build() (env.Env, error) {
	e, err := u.newEnv(u.seed)
	switch {
	case err != nil:
		return nil, fmt.Errorf("rl.env: %s: the EnvFactory: %w", u.spec.ID, err)
	case e == nil || isNilPointer(e):
		return nil, fmt.Errorf("rl.env: %s: the EnvFactory returned no environment", u.spec.ID)
	}
	return e, nil
}

// make builds another instance and refuses one whose spaces are not the
// first instance's.
func (u *userEnv) make() (env.Env, error) {
	e, err := u.build()
	if err != nil {
		return nil, err
	}
	obs, act := e.ObservationSpace(), e.ActionSpace()
	if !reflect.DeepEqual(obs, u.spec.Obs) || !reflect.DeepEqual(act, u.spec.Act) {
		closeEnv(e)
		return nil, fmt.Errorf("rl.env: %s: the EnvFactory built an instance with spaces %v and %v, the first had %v and %v; every instance needs the same", u.spec.ID, obs, act, u.spec.Obs, u.spec.Act)
	}
	return e, nil
}

// spacesText names the environment's spaces as a checkpoint records
// them, exactly (exactSpace): "observation Box([-1], [1], (1,)), action
// Box([-2], [2], (1,))".
func (u *userEnv) spacesText() string {
	return fmt.Sprintf("observation %s, action %s", exactSpace(u.spec.Obs), exactSpace(u.spec.Act))
}

// exactSpace writes a space so that two spaces of the same text are the
// same: a Box as Box.String does but with its bounds in full precision
// (the shortest text that reads back to the same float64; Box.String
// rounds them to 4 digits), any other space after its Go type
// ("env.Discrete Discrete(2)"; an *env.Discrete prints alike, but the
// agent does not take it for a discrete space).
func exactSpace(s env.Space) string {
	b, ok := s.(*env.Box)
	if !ok || b == nil {
		return fmt.Sprintf("%T %v", s, s)
	}
	return b.Format(func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) })
}

// isNilPointer reports that x holds a nil pointer, map, slice, function or
// channel (a factory's `return e, nil` with e a nil *T).
func isNilPointer(x any) bool {
	switch v := reflect.ValueOf(x); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// closeEnv closes e, under its wrappers, if it holds something to close
// (io.Closer), as Agent.Close does.
func closeEnv(e env.Env) {
	if c, ok := env.Unwrapped(e).(io.Closer); ok {
		c.Close()
	}
}

// timeLimited reports whether e, or an environment it wraps, is an
// env.TimeLimit: its episodes then end, and test episodes need no cap.
func timeLimited(e env.Env) bool {
	for {
		if _, ok := e.(*env.TimeLimit); ok {
			return true
		}
		w, ok := e.(env.Wrapper)
		if !ok {
			return false
		}
		e = w.Unwrap()
	}
}

// makeEnv builds another instance of the agent's environment: the
// registry's env.Make(Config.Env), or the caller's factory's for an
// agent of NewWithEnv or LoadWithEnv.
func (a *Agent) makeEnv() (env.Env, error) {
	if a.user != nil {
		return a.user.make()
	}
	return env.Make(a.cfg.Env)
}

// DefaultsFor is Defaults for an environment newEnv builds rather than
// one registered by name: Appendix E's configuration for algo, read from
// the spaces of an instance newEnv(0) builds (closed afterwards if it is
// an io.Closer), with Config.Env set to name (which labels errors and
// checkpoints; it need not be registered). Its errors are Defaults'.
func DefaultsFor(name string, newEnv EnvFactory, algo Algo) (Config, error) {
	u, err := probeUserEnv("agent: DefaultsFor", Config{Env: name}, newEnv)
	if err != nil {
		return Config{}, err
	}
	closeEnv(u.first)
	return defaultsSpec(name, u.spec, algo)
}

// NewWithEnv is New on an environment of the caller's: it trains on the
// instances newEnv builds (see EnvFactory) instead of looking cfg.Env up
// in the global registry, so a program can train on environments it
// builds with any parameters (a sweep over a mass, say) without
// registering a name for each. cfg.Env names the environment in errors
// and checkpoints; it need not be registered, and a registered
// environment of that name is not used. cfg is validated as Validate
// does, against the spaces of newEnv's first instance, which is the
// training environment. A Save of the agent is read back with
// LoadWithEnv and the same factory (Load looks cfg.Env up in the
// registry). A nil newEnv or an empty cfg.Env is an error.
func NewWithEnv(cfg Config, newEnv EnvFactory) (*Agent, error) {
	u, err := probeUserEnv("agent: NewWithEnv", cfg, newEnv)
	if err != nil {
		return nil, err
	}
	a, err := newAgent(cfg, false, u)
	if err != nil {
		if u.first != nil {
			closeEnv(u.first)
		}
		return nil, err
	}
	return a, nil
}

// LoadWithEnv is Load for a checkpoint of an agent NewWithEnv built: the
// restored agent's environments are built by newEnv (called with the
// checkpoint's Config.Seed), not looked up in the registry. With the
// factory of the original run it continues that run exactly, as Load
// does. The checkpoint records its environment's observation and action
// spaces exactly: a factory whose environment has others (another action
// box, even of the same dimensions or of bounds that differ in their
// last bit, or a space of another Go type that prints alike) is refused,
// naming both; a checkpoint written before it recorded them is loaded
// unchecked.
func LoadWithEnv(r io.Reader, newEnv EnvFactory) (*Agent, error) {
	if newEnv == nil {
		return nil, errors.New("agent: LoadWithEnv: nil EnvFactory")
	}
	return load(r, false, newEnv)
}

// LoadPolicyWithEnv is LoadPolicy for a checkpoint of an agent
// NewWithEnv built: the policy is loaded for evaluation only, without
// its replay buffer, and its environments are built by newEnv (called
// with the checkpoint's Config.Seed), as LoadWithEnv builds them.
func LoadPolicyWithEnv(r io.Reader, newEnv EnvFactory) (*Agent, error) {
	if newEnv == nil {
		return nil, errors.New("agent: LoadPolicyWithEnv: nil EnvFactory")
	}
	return load(r, true, newEnv)
}
