package env

import (
	"fmt"
	"math/rand/v2"
	"reflect"
)

// Vector steps N environments in lock step, storing everything in flat
// preallocated arrays, and resets each copy automatically when its episode
// ends (Gymnasium's "same-step" autoreset, AutoresetMode.SAME_STEP, not
// the "next-step" mode that is the default of Gymnasium 1.x's vector
// environments, whose step after an episode's end only resets the copy).
//
// After Step, for each copy i:
//   - Rewards[i], Terminated[i] and Truncated[i] describe the transition;
//   - if the episode ended (terminated or truncated), FinalObs row i holds the
//     last observation of the finished episode, EpisodeReturn[i] and
//     EpisodeLength[i] its undiscounted return and length, the copy has been
//     reset, and Obs row i holds the first observation of the new episode;
//   - otherwise Obs row i holds the next observation and FinalObs row i is
//     left unchanged.
//
// Row i of a flat array of width w is a[i*w : (i+1)*w]. To store transitions
// for bootstrapping, use FinalObs as next_obs for copies whose episode ended
// and Obs otherwise. Copy i draws its resets from its own random source,
// seeded from the seed passed to NewVector and i.
type Vector struct {
	// Envs are the N copies, copy i being Envs[i]. Reset and Step drive
	// them; resetting or stepping one directly leaves the arrays stale.
	Envs []Env

	// ObsDim is the observation dimension of every copy, the row width of
	// Obs and FinalObs.
	ObsDim int
	// ActDim is the action dimension of every copy, the row width of
	// Step's actions.
	ActDim int

	Obs           []float64 // N×ObsDim current observations
	FinalObs      []float64 // N×ObsDim last observation of an episode that just ended
	Rewards       []float64 // N rewards of the latest Step
	Terminated    []bool    // N
	Truncated     []bool    // N
	EpisodeReturn []float64 // N returns of the episodes that just ended
	EpisodeLength []int     // N lengths of the episodes that just ended

	running []float64 // running returns
	length  []int     // running lengths
	rngs    []*rand.Rand
	reset   bool
}

// NewVector runs the given environments, which must have observation and
// action spaces of equal dimensions. Each copy gets a random source seeded
// with (seed, index). A nil environment is an error, and so is one
// instance given twice (directly or inside wrappers such as TimeLimit),
// which each Step of the vector would step twice.
func NewVector(envs []Env, seed uint64) (*Vector, error) {
	if len(envs) == 0 {
		return nil, fmt.Errorf("env: NewVector: no environments")
	}
	seen := make(map[uintptr]int, len(envs))
	for i, e := range envs {
		if e == nil {
			return nil, fmt.Errorf("env: NewVector: environment %d is nil", i)
		}
		if p, ok := instance(Unwrapped(e)); ok {
			if j, dup := seen[p]; dup {
				return nil, fmt.Errorf("env: NewVector: environments %d and %d are one instance; give each copy its own (one Step of the vector would step it twice)", j, i)
			}
			seen[p] = i
		}
	}
	od, ad := envs[0].ObservationSpace().Dim(), envs[0].ActionSpace().Dim()
	for i, e := range envs[1:] {
		if e.ObservationSpace().Dim() != od || e.ActionSpace().Dim() != ad {
			return nil, fmt.Errorf("env: NewVector: environment %d has observation/action dims %d/%d, want %d/%d",
				i+1, e.ObservationSpace().Dim(), e.ActionSpace().Dim(), od, ad)
		}
	}
	n := len(envs)
	v := &Vector{
		Envs:          envs,
		ObsDim:        od,
		ActDim:        ad,
		Obs:           make([]float64, n*od),
		FinalObs:      make([]float64, n*od),
		Rewards:       make([]float64, n),
		Terminated:    make([]bool, n),
		Truncated:     make([]bool, n),
		EpisodeReturn: make([]float64, n),
		EpisodeLength: make([]int, n),
		running:       make([]float64, n),
		length:        make([]int, n),
		rngs:          make([]*rand.Rand, n),
	}
	for i := range v.rngs {
		v.rngs[i] = rand.New(rand.NewPCG(seed, uint64(i)))
	}
	return v, nil
}

// MakeVector builds n copies of the named registered environment (each with
// its standard time limit) and runs them as a Vector.
func MakeVector(name string, n int, seed uint64) (*Vector, error) {
	if n <= 0 {
		return nil, fmt.Errorf("env: MakeVector: n=%d must be positive", n)
	}
	envs := make([]Env, n)
	for i := range envs {
		e, err := Make(name)
		if err != nil {
			return nil, err
		}
		envs[i] = e
	}
	return NewVector(envs, seed)
}

// Len returns the number of copies.
func (v *Vector) Len() int { return len(v.Envs) }

// ObservationSpace returns the observation space of one copy.
func (v *Vector) ObservationSpace() Space { return v.Envs[0].ObservationSpace() }

// ActionSpace returns the action space of one copy.
func (v *Vector) ActionSpace() Space { return v.Envs[0].ActionSpace() }

// Reset resets every copy and returns Obs. A copy's panic is raised
// again naming the copy, as in Step.
func (v *Vector) Reset() []float64 {
	for i, e := range v.Envs {
		copy(v.row(v.Obs, i), v.checkObs(i, "Reset", v.resetCopy(i, e)))
		v.running[i], v.length[i] = 0, 0
	}
	v.reset = true
	return v.Obs
}

// stepCopy steps copy i. A panic of its Step (an invalid discrete action,
// a MuJoCo fatal error) panics again naming the copy and the step of its
// episode (see copyPanic).
func (v *Vector) stepCopy(i int, e Env, action []float64) ([]float64, float64, bool, bool) {
	defer func() {
		if p := recover(); p != nil {
			panic(copyPanic(fmt.Sprintf("copy %d at step %d of its episode", i, v.length[i]+1), p))
		}
	}()
	return e.Step(action)
}

// resetCopy resets copy i, naming the copy in a panic of its Reset.
func (v *Vector) resetCopy(i int, e Env) []float64 {
	defer func() {
		if p := recover(); p != nil {
			panic(copyPanic(fmt.Sprintf("copy %d at reset", i), p))
		}
	}()
	return e.Reset(v.rngs[i])
}

// copyPanic returns the value to panic with for a copy's panic p at
// where: an error wrapping p when p is an error (errors.Is and errors.As
// still see it), else a string.
func copyPanic(where string, p any) any {
	if err, ok := p.(error); ok {
		return fmt.Errorf("env: Vector: %s: %w", where, err)
	}
	return fmt.Sprintf("env: Vector: %s: %v", where, p)
}

func (v *Vector) row(a []float64, i int) []float64 {
	return a[i*v.ObsDim : (i+1)*v.ObsDim]
}

// checkObs returns obs, or panics if copy i returned from op an
// observation whose length is not ObsDim (which copying into a row would
// silently cut or pad).
func (v *Vector) checkObs(i int, op string, obs []float64) []float64 {
	if len(obs) != v.ObsDim {
		panic(fmt.Sprintf("env: Vector: copy %d's %s returned %d observation values, but its observation space has %d",
			i, op, len(obs), v.ObsDim))
	}
	return obs
}

// Step applies actions, a flat N×ActDim array (row i is copy i's action), to
// every copy and updates the result arrays as described on Vector. It
// returns Obs. It panics if Reset has not been called, or if a copy returns
// an observation whose length is not ObsDim (as Reset does). A copy's own
// panic is raised again naming the copy and the step of its episode
// ("env: Vector: copy 1 at step 2 of its episode: ..."; an error value
// stays wrapped): the copies run one after the other on the caller's
// goroutine, so the caller can recover it.
func (v *Vector) Step(actions []float64) []float64 {
	if !v.reset {
		panic("env: Vector: Step called before Reset")
	}
	if len(actions) != len(v.Envs)*v.ActDim {
		panic(fmt.Sprintf("env: Vector.Step: len(actions)=%d, want %d", len(actions), len(v.Envs)*v.ActDim))
	}
	for i, e := range v.Envs {
		obs, r, term, trunc := v.stepCopy(i, e, actions[i*v.ActDim:(i+1)*v.ActDim])
		v.checkObs(i, "Step", obs)
		v.Rewards[i], v.Terminated[i], v.Truncated[i] = r, term, trunc
		v.running[i] += r
		v.length[i]++
		if term || trunc {
			copy(v.row(v.FinalObs, i), obs)
			v.EpisodeReturn[i], v.EpisodeLength[i] = v.running[i], v.length[i]
			v.running[i], v.length[i] = 0, 0
			obs = v.checkObs(i, "Reset", v.resetCopy(i, e))
		}
		copy(v.row(v.Obs, i), obs)
	}
	return v.Obs
}

// instance returns the address of the environment e points to, when e is a
// non-nil pointer to a value of non-zero size (distinct zero-size values
// may share an address, and hold no state to share).
func instance(e Env) (uintptr, bool) {
	v := reflect.ValueOf(e)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Type().Elem().Size() == 0 {
		return 0, false
	}
	return v.Pointer(), true
}
