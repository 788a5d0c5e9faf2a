// Package env provides reinforcement-learning environments with Gymnasium
// semantics, implemented in pure Go with float64 state and no allocation per
// step.
//
// # Interface
//
// An [Env] is reset with a caller-owned random source and then stepped:
//
//	e, _ := env.Make("CartPole-v1")
//	rng := env.NewRand(42)
//	obs := e.Reset(rng)
//	for t := 0; t < steps; t++ {
//		action := policy(obs) // for Discrete spaces, []float64{index}
//		next, reward, terminated, truncated := e.Step(action)
//		buffer.Add(obs, action, reward, next, terminated)
//		if terminated || truncated {
//			next = e.Reset(rng)
//		}
//		obs = next
//	}
//
// Reset draws the initial state from rng only, so the same seed always gives
// the same episode start, and a sequence of resets from one source gives the
// same sequence of starts (this is Gymnasium's reset(seed=s) followed by
// unseeded resets).
//
// terminated reports that the MDP reached a terminal state (the value of the
// next state is zero); truncated reports that the episode was cut short by
// something outside the MDP, such as the [TimeLimit] wrapper, and that the
// next state should still be bootstrapped from.
//
// # Actions and observations
//
// Observations and actions are flat []float64 slices. Their layout is given by
// the environment's [Space]s:
//
//   - [Box]: a real vector with elementwise bounds Low and High (infinite
//     bounds allowed); its slice has Dim() elements in row-major order of Shape.
//   - [Discrete]: an integer in {0, …, N−1}, passed as a one-element slice
//     holding the index as a float64 (for example []float64{2}). Discrete
//     environments panic on an action that is not such an index, since that is
//     a programming error.
//
// Continuous environments clip actions to their action space as Gymnasium
// does (MountainCarContinuous, like Gymnasium, charges its energy penalty on
// the action as passed).
//
// # Ownership of returned observations
//
// To stay allocation-free, an environment returns slices of its own internal
// storage. Each environment alternates between two observation buffers, so the
// slice returned by a Reset or Step stays valid until the second following
// call to Reset or Step: the current and the previous observation are both
// valid at once, which is exactly what a transition (obs, action, reward,
// next_obs) needs. Copy an observation to keep it longer; never write to it.
//
// # Registered environments
//
// [Make] builds a registered environment wrapped in a [TimeLimit]:
//
//	CartPole-v1               Discrete(2) actions, 4-d observation, 500 steps
//	CartPole-v0               the same dynamics, 200 steps (threshold 195)
//	Acrobot-v1                Discrete(3) actions, 6-d observation, 500 steps
//	Pendulum-v1               Box([-2],[2]) action, 3-d observation, 200 steps
//	MountainCarContinuous-v0  Box([-1],[1]) action, 2-d observation, 999 steps
//
// and, with the MuJoCo physics engine (build tag mujoco, package
// rl/env/mujoco), the Gymnasium v4 tasks Hopper-v4, Walker2d-v4,
// HalfCheetah-v4, Ant-v4, Swimmer-v4, Reacher-v4, InvertedPendulum-v4 and
// InvertedDoublePendulum-v4 ([MuJoCoTasks]). Their names are registered in
// every build; without the tag, Make returns an error saying how to build
// with it ([Spec.Available]).
//
// The dynamics, constants, rewards, start-state distributions and termination
// rules follow Gymnasium's classic-control versions; see each type's
// documentation for the equations and the original references. The intended
// differences are numerical only: state and observations are float64
// throughout, whereas Gymnasium returns float32 observations (and rounds some
// internal states, such as the mountain car's, to float32 after each step),
// so single steps agree with Gymnasium's to float32 rounding rather than bit
// for bit; and random start states come from math/rand/v2, so a seed does not
// reproduce the start state NumPy would draw for the same seed.
//
// [Vector] runs several copies of an environment in lock step with automatic
// reset, writing into flat preallocated arrays.
package env
