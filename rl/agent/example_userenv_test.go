package agent_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/stackel/stackel/rl/agent"
	"github.com/stackel/stackel/rl/env"
)

// massLine pushes a point of mass m on a line towards the origin: the
// action is a force in [−1, 1], the reward −(x² + 0.1u²). Observations
// come from two alternating buffers, as every env.Env must return them.
type massLine struct {
	mass, pos, vel float64
	obs            [2][2]float64
	cur            int
	os, as         *env.Box
}

func (p *massLine) ObservationSpace() env.Space { return p.os }
func (p *massLine) ActionSpace() env.Space      { return p.as }

func (p *massLine) observe() []float64 {
	p.cur ^= 1
	o := p.obs[p.cur][:]
	o[0], o[1] = p.pos, p.vel
	return o
}

func (p *massLine) Reset(rng *rand.Rand) []float64 {
	p.pos, p.vel = 2*rng.Float64()-1, 0
	return p.observe()
}

func (p *massLine) Step(a []float64) ([]float64, float64, bool, bool) {
	u := max(-1, min(1, a[0]))
	p.vel += 0.1 * u / p.mass
	p.pos += 0.1 * p.vel
	return p.observe(), -(p.pos*p.pos + 0.1*u*u), p.pos < -5 || p.pos > 5, false
}

// Train STDDPG on an environment built by a function of one's own, for
// each of several masses, without registering a name for each
// (env.Register's registry is global and has no unregister): the factory
// builds every instance the agent uses (training, testing, Evaluate),
// called with the run's seed, and wraps it in its time limit. A Save of
// such an agent is read back with agent.LoadWithEnv and the same factory.
func ExampleNewWithEnv() {
	for _, mass := range []float64{1, 3} {
		newEnv := func(seed uint64) (env.Env, error) {
			e := &massLine{mass: mass, os: env.UniformBox(-10, 10, 2), as: env.UniformBox(-1, 1, 1)}
			return env.NewTimeLimit(e, 50), nil
		}
		name := fmt.Sprintf("MassLine-m%g", mass) // names it in errors and checkpoints
		cfg, err := agent.DefaultsFor(name, newEnv, agent.STDDPG)
		if err != nil {
			panic(err)
		}
		// A short run: two epochs of 200 steps, small networks (the
		// light mass still overshoots out of [−5, 5] in some test episodes).
		cfg.Seed, cfg.Steps, cfg.StepsPerEpoch = 1, 400, 200
		cfg.Hidden, cfg.BatchSize = []int{16, 16}, 32
		cfg.StartSteps, cfg.UpdateAfter, cfg.UpdateEvery = 100, 100, 50
		cfg.TestEpisodes = 2
		a, err := agent.NewWithEnv(cfg, newEnv)
		if err != nil {
			panic(err)
		}
		for !a.Done() {
			st, err := a.RunEpoch(context.Background())
			if err != nil {
				panic(err)
			}
			fmt.Printf("%s: epoch %d, %d steps, test return %.1f over %g steps\n", name, st.Epoch, st.Steps, st.TestReturn, st.TestLength)
		}
		a.Close()
	}
	// Output:
	// MassLine-m1: epoch 1, 200 steps, test return -258.6 over 39.5 steps
	// MassLine-m1: epoch 2, 400 steps, test return -168.9 over 45.5 steps
	// MassLine-m3: epoch 1, 200 steps, test return -87.4 over 50 steps
	// MassLine-m3: epoch 2, 400 steps, test return -8.2 over 50 steps
}
