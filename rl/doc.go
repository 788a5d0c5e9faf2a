// Package rl is the root of stackel's deep reinforcement-learning code: the
// Stackelberg actor-critic algorithms of Zheng, Fiez, Alumbaugh, Chasnov and
// Ratliff (2021), "Stackelberg Actor-Critic: Game-Theoretic Reinforcement
// Learning Algorithms", and the machinery they run on. It holds no code of
// its own; the sub-packages are, bottom to top:
//
//   - rl/env: classic-control environments with Gymnasium semantics
//     (CartPole-v1, CartPole-v0, Acrobot-v1, Pendulum-v1,
//     MountainCarContinuous-v0; env.Make(name)) and the MuJoCo tasks
//     (build tag mujoco, rl/env/mujoco).
//   - rl/replay: the replay buffer of the off-policy algorithms.
//   - rl/optim: Adam, SGD and Polyak averaging of target networks.
//   - rl/nn: multilayer perceptrons on package ad and the policies
//     (categorical, Gaussian, tanh-squashed Gaussian, deterministic).
//   - rl/agent: AC/STAC (Eq. 2–6, Eq. 15 with Proposition 1), DDPG/STDDPG
//     (Eq. 7–8) and SAC/STSAC (Eq. 9–10) with the actor (Eq. 11–12, Eq. 15)
//     or the critic (Eq. 13–14, Eq. 16) leading, the regularised total
//     derivative by conjugate gradient (Algorithm 2, Proposition 2), follower
//     unrolling, per-epoch statistics and checkpoints.
//
// Package experiment turns an `rl:` configuration into a run (metrics.csv,
// summary.json, checkpoints, `stackel run --resume`) and holds the
// reproductions stac-cartpole, stddpg-pendulum and stsac-pendulum.
package rl
