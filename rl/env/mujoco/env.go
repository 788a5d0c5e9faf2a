//go:build mujoco

package mujoco

import (
	"embed"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/rl/env"
)

//go:embed models/*.xml
var models embed.FS

// Terms are the reward terms of the latest Step, each with its weight
// applied and with the sign it enters the reward with (costs negative);
// Reward is their sum. Terms a task does not have are zero.
type Terms struct {
	Forward  float64 // forward_reward_weight·Δx/dt (Hopper, Walker2d, HalfCheetah, Ant, Swimmer)
	Ctrl     float64 // −ctrl_cost_weight·Σa² (Reacher: −Σa²)
	Healthy  float64 // healthy/alive reward
	Distance float64 // Reacher: −‖fingertip − target‖; InvertedDoublePendulum: −(0.01x² + (y−2)²)
	Velocity float64 // InvertedDoublePendulum: −(10⁻³ω₁² + 5·10⁻³ω₂²)
	Reward   float64 // the sum of the terms above: the reward Step returned
}

// task is what distinguishes one environment from another.
type task struct {
	id        string
	model     string // file under models/
	frameSkip int
	obsDim    int
	// reset draws the initial state into s.QPos, s.QVel around qpos0 and 0.
	reset func(e *Env, rng *rand.Rand)
	// step applies the action and advances the physics, returning the
	// reward terms and whether the episode terminated.
	step func(e *Env, action []float64) (Terms, bool)
	// observe writes the observation.
	observe func(e *Env, o []float64)
}

// Env is a MuJoCo task with Gymnasium v4 semantics. Build one with New or
// env.Make; the constructors of the tasks document their equations. An Env
// is not safe for concurrent use; distinct Envs are independent (each owns
// its mjModel and mjData) and may run on different goroutines. Close frees
// the MuJoCo memory at once (see Sim.Close); otherwise the garbage
// collector frees it once the Env is unreachable.
type Env struct {
	t        task
	sim      *Sim
	dt       float64
	obs      [2][]float64
	cur      int
	ready    bool
	steps    int    // Steps since the latest Reset or SetState
	origin   string // which of the two that was: "Reset" or "SetState"
	last     Terms
	obsSpace *env.Box
	actSpace *env.Box
	torso    int // body index used by Ant's forward reward
	tip      int // site index used by InvertedDoublePendulum
	tgt      int // Reacher target body
	tipB     int // Reacher fingertip body
}

var tasks = map[string]task{}

func register(t task) {
	tasks[t.id] = t
	id := t.id
	if err := env.Provide(id, func() env.Env {
		e, err := New(id)
		if err != nil {
			// The models are embedded and tested; failing to compile one is
			// a broken build, not bad input.
			panic(err)
		}
		return e
	}); err != nil {
		panic(err)
	}
}

// New builds the named task (unwrapped: no time limit; env.Make adds it).
func New(id string) (*Env, error) {
	t, ok := tasks[id]
	if !ok {
		return nil, fmt.Errorf("mujoco: unknown task %q", id)
	}
	xml, err := models.ReadFile("models/" + t.model)
	if err != nil {
		return nil, err
	}
	sim, err := Load(t.model, xml)
	if err != nil {
		return nil, err
	}
	lo, hi := make([]float64, sim.NU), make([]float64, sim.NU)
	for i := range lo {
		lo[i], hi[i] = sim.CtrlRange[2*i], sim.CtrlRange[2*i+1]
	}
	e := &Env{t: t, sim: sim, dt: sim.Timestep * float64(t.frameSkip),
		obs:      [2][]float64{make([]float64, t.obsDim), make([]float64, t.obsDim)},
		obsSpace: env.UniformBox(math.Inf(-1), math.Inf(1), t.obsDim),
		actSpace: env.NewBox(lo, hi),
		torso:    sim.BodyID("torso"), tip: sim.SiteID("tip"),
		tgt: sim.BodyID("target"), tipB: sim.BodyID("fingertip"),
	}
	return e, nil
}

// ObservationSpace implements env.Env: Box(−∞, ∞, (n,)).
func (e *Env) ObservationSpace() env.Space { return e.obsSpace }

// ActionSpace implements env.Env: the actuators' control ranges.
func (e *Env) ActionSpace() env.Space { return e.actSpace }

// ID returns the task's registered name.
func (e *Env) ID() string { return e.t.id }

// Dt returns the duration of one environment step, frame_skip × timestep.
func (e *Env) Dt() float64 { return e.dt }

// FrameSkip returns the number of physics steps per environment step.
func (e *Env) FrameSkip() int { return e.t.frameSkip }

// Sim returns the underlying simulation, for inspection.
func (e *Env) Sim() *Sim { return e.sim }

// LastTerms returns the reward terms of the latest Step.
func (e *Env) LastTerms() Terms { return e.last }

// Close implements io.Closer: it frees the model and data now (Sim.Close).
// Reset and Step panic afterwards; closing again does nothing. It never
// fails. Reach it through a wrapper with env.Unwrapped(e).(io.Closer).
func (e *Env) Close() error {
	e.sim.Close()
	e.ready = false
	return nil
}

// Reset implements env.Env: mj_resetData, then the task's reset noise drawn
// from rng (qpos first, then qvel, coordinate by coordinate), then
// mj_forward, as Gymnasium's reset_model and set_state. It panics with
// MuJoCo's message if MuJoCo signals a fatal error (see Sim.Forward).
func (e *Env) Reset(rng *rand.Rand) []float64 {
	e.sim.Reset()
	e.t.reset(e, rng)
	e.forward("Reset")
	e.ready = true
	e.steps, e.origin = 0, "Reset"
	return e.observe()
}

// forward runs mj_forward, panicking with MuJoCo's error, if any, named
// after the caller.
func (e *Env) forward(caller string) {
	if err := e.sim.Forward(); err != nil {
		panic(fmt.Sprintf("mujoco: %s: %s: %v", e.t.id, caller, err))
	}
}

// SetState sets qpos and qvel (copied) and recomputes the derived
// quantities, as Gymnasium's set_state; Step may follow without Reset.
func (e *Env) SetState(qpos, qvel []float64) {
	if len(qpos) != e.sim.NQ || len(qvel) != e.sim.NV {
		panic(fmt.Sprintf("mujoco: %s: SetState with %d/%d values, want %d/%d", e.t.id, len(qpos), len(qvel), e.sim.NQ, e.sim.NV))
	}
	copy(e.sim.QPos, qpos)
	copy(e.sim.QVel, qvel)
	e.forward("SetState")
	e.ready = true
	e.steps, e.origin = 0, "SetState"
}

// Step implements env.Env. The action is written to the controls as passed
// (MuJoCo clamps it to the control range, ±Inf included; the control cost
// is charged on the action as passed, as in Gymnasium). It panics if called
// before Reset, with an action of the wrong length or with a NaN element
// (MuJoCo 2.2.2 would apply no force for the whole action and only warn,
// so that InvertedPendulum and InvertedDoublePendulum, which charge no
// control cost, would return a finite reward for it), and, naming the step
// since Reset or SetState (whichever came last), if MuJoCo signals a fatal
// error (see Sim.Step); Reset recovers from that.
func (e *Env) Step(action []float64) ([]float64, float64, bool, bool) {
	if !e.ready {
		if e.sim.Closed() {
			panic(fmt.Sprintf("mujoco: %s: Step called after Close", e.t.id))
		}
		panic(fmt.Sprintf("mujoco: %s: Step called before Reset", e.t.id))
	}
	if len(action) != e.sim.NU {
		panic(fmt.Sprintf("mujoco: %s: action has %d elements, want %d", e.t.id, len(action), e.sim.NU))
	}
	for i, v := range action {
		if math.IsNaN(v) {
			panic(fmt.Sprintf("mujoco: %s: action[%d] is NaN", e.t.id, i))
		}
	}
	terms, term := e.t.step(e, action)
	e.steps++
	e.last = terms
	return e.observe(), terms.Reward, term, false
}

func (e *Env) observe() []float64 {
	e.cur ^= 1
	o := e.obs[e.cur]
	e.t.observe(e, o)
	return o
}

// simulate writes action to the controls and runs frame_skip physics steps
// (Gymnasium's do_simulation).
func (e *Env) simulate(action []float64) {
	copy(e.sim.Ctrl, action)
	if err := e.sim.Step(e.t.frameSkip); err != nil {
		panic(fmt.Sprintf("mujoco: %s: step %d after %s: %v", e.t.id, e.steps+1, e.origin, err))
	}
}

// uniformNoise sets x[i] = x0[i] + U(−scale, scale) for every i (x0 = 0
// when nil), as NumPy's uniform(low=−scale, high=scale).
func uniformNoise(rng *rand.Rand, x, x0 []float64, scale float64) {
	for i := range x {
		base := 0.0
		if x0 != nil {
			base = x0[i]
		}
		x[i] = base + (-scale + 2*scale*rng.Float64())
	}
}

// normalNoise sets x[i] = scale·N(0, 1) (around the zero initial
// velocity), as Gymnasium's scale·standard_normal.
func normalNoise(rng *rand.Rand, x []float64, scale float64) {
	for i := range x {
		x[i] = scale * rng.NormFloat64()
	}
}

// sumSq returns Σ a².
func sumSq(a []float64) float64 {
	s := 0.0
	for _, v := range a {
		s += v * v
	}
	return s
}

func clip(v, lo, hi float64) float64 { return min(max(v, lo), hi) }

func finite(xs ...[]float64) bool {
	for _, x := range xs {
		for _, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}
