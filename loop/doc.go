// Package loop is the vocabulary shared by every learning loop of stackel:
// learn.Run (smooth-game dynamics), uncoupled.Play and uncoupled.Negotiate
// (Hi-C, role negotiation), hierarchy.Run (N followers), markov.Run
// (Stackelberg policy gradient) and the actor-critic agents of rl/agent.
//
// In the spirit of gonum's optimize package, the pieces are kept apart:
//
//   - Schedule, with Constant, Power, Log, List and Exponential (no config
//     key: the actor-critic agents' decaying λ), gives a step size (or a
//     perturbation size, a commitment length, a regularisation λ) for
//     iteration k counting from 1. The published config keys
//     `{constant: c}`, `{power: {a, b, p}}`, `{log: {a, b}}` and
//     `{list: [...]}` map one to one onto these types.
//   - Settings holds what every loop shares: the number of iterations, the
//     recording period (0 always means "the first and the last point
//     only") and the step-norm tolerance.
//   - Recorder[R] receives a loop's records; an error it returns stops the
//     run and is returned by the loop.
//   - Status says why a run stopped (IterationLimit, Converged, Cancelled,
//     Diverged, Failed: any other error), and DivergedError names the
//     iteration and the quantity that became non-finite or singular.
//   - Poll checks a context cheaply inside inner loops (follower unrolling,
//     conjugate gradients, Hi-C stages), so that cancelling any run returns
//     promptly however its inner loops are configured.
//
// The package sits just above ad in the layering of design.md and imports
// nothing of stackel.
package loop
