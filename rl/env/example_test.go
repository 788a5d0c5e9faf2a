package env_test

import (
	"fmt"

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
