package env_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/stackel/stackel/rl/env"
)

// A random policy on CartPole-v1: the same seed gives the same return.
func ExampleMake() {
	e, err := env.Make("CartPole-v1")
	if err != nil {
		panic(err)
	}
	rng := env.NewRand(0)
	action := make([]float64, e.ActionSpace().Dim())
	e.Reset(rng)
	ret, steps := 0.0, 0
	for {
		e.ActionSpace().Sample(rng, action)
		_, r, terminated, truncated := e.Step(action)
		ret += r
		steps++
		if terminated || truncated {
			break
		}
	}
	fmt.Println(e.ObservationSpace().Dim(), e.ActionSpace(), ret == float64(steps))

	_, err = env.Make("CartPole-v2")
	fmt.Println(err)
	// Output:
	// 4 Discrete(2) true
	// env: unknown environment "CartPole-v2"; valid names: Acrobot-v1, Ant-v4, CartPole-v0, CartPole-v1, HalfCheetah-v4, Hopper-v4, InvertedDoublePendulum-v4, InvertedPendulum-v4, MountainCarContinuous-v0, Pendulum-v1, Reacher-v4, Swimmer-v4, Walker2d-v4
}

// Eight Pendulum copies stepped together with automatic reset.
func ExampleVector() {
	v, err := env.MakeVector("Pendulum-v1", 8, 1)
	if err != nil {
		panic(err)
	}
	v.Reset()
	actions := make([]float64, v.Len()*v.ActDim)
	episodes := 0
	for t := 0; t < 400; t++ {
		v.Step(actions)
		for i := 0; i < v.Len(); i++ {
			if v.Terminated[i] || v.Truncated[i] {
				episodes++ // v.EpisodeReturn[i], v.FinalObs row i describe it
			}
		}
	}
	fmt.Println(episodes) // each copy finishes a 200-step episode twice
	// Output: 16
}

// pointMass is a tiny continuous-control task: push a unit mass on a line
// to the origin. It returns its observations from two alternating buffers,
// as every Env must (see "Ownership of returned observations").
type pointMass struct {
	pos, vel float64
	obs      [2][2]float64
	cur      int
	os, as   *env.Box
}

func newPointMass() env.Env {
	return &pointMass{os: env.UniformBox(-10, 10, 2), as: env.UniformBox(-1, 1, 1)}
}

func (p *pointMass) ObservationSpace() env.Space { return p.os }
func (p *pointMass) ActionSpace() env.Space      { return p.as }

func (p *pointMass) observe() []float64 {
	p.cur ^= 1 // the other buffer: the previous observation stays valid
	o := p.obs[p.cur][:]
	o[0], o[1] = p.pos, p.vel
	return o
}

func (p *pointMass) Reset(rng *rand.Rand) []float64 {
	p.pos, p.vel = 2*rng.Float64()-1, 0 // the start comes from rng only
	return p.observe()
}

func (p *pointMass) Step(a []float64) ([]float64, float64, bool, bool) {
	u := max(-1, min(1, a[0])) // clip to the action space, as Gymnasium does
	p.vel += 0.1 * u
	p.pos += 0.1 * p.vel
	return p.observe(), -(p.pos*p.pos + 0.1*u*u), p.pos < -5 || p.pos > 5, false
}

// Register a custom environment: Make then wraps it in its time limit (the
// truncation), and the agents (agent.Defaults, an rl: config's env) take
// it by name like a built-in one.
func ExampleRegister() {
	if _, ok := env.Lookup("PointMass-v0"); !ok { // Register refuses a name twice
		if err := env.Register(env.Spec{ID: "PointMass-v0", MaxEpisodeSteps: 100, RewardThreshold: -5, New: newPointMass}); err != nil {
			panic(err)
		}
	}
	e, err := env.Make("PointMass-v0")
	if err != nil {
		panic(err)
	}
	obs := e.Reset(env.NewRand(1))
	steps := 0
	for {
		// a proportional-derivative controller
		next, _, terminated, truncated := e.Step([]float64{-obs[0] - 2*obs[1]})
		steps++
		if terminated || truncated {
			fmt.Println(e.ObservationSpace(), e.ActionSpace(), steps, terminated, truncated)
			break
		}
		obs = next
	}
	// Output: Box([-10 -10], [10 10], (2,)) Box([-1], [1], (1,)) 100 false true
}
