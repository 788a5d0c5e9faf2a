// Package mujoco provides the MuJoCo locomotion and control tasks of
// Gymnasium v4 — Hopper-v4, Walker2d-v4, HalfCheetah-v4, Ant-v4,
// Swimmer-v4, Reacher-v4, InvertedPendulum-v4 and InvertedDoublePendulum-v4
// — on the MuJoCo 2.2.2 physics engine through cgo.
//
// The package is built only with the build tag mujoco and needs the C
// library (Debian: apt-get install libmujoco-dev):
//
//	go build -tags mujoco ./cmd/stackel
//
// Linking it in (import _ "github.com/stackel/stackel/rl/env/mujoco")
// supplies the constructors of the eight names that package env registers
// in every build; without it env.Make returns an error that says how to
// build with the tag.
//
// Each task follows Gymnasium's v4 semantics: the same observation and
// action spaces, reward terms and weights, healthy/termination conditions,
// frame skip, reset noise and time limits (see each constructor's
// documentation for the equations). The MJCF models are the project's own,
// written from the documented geometry; compiled, they match Gymnasium's
// own files in every quantity the dynamics depend on (masses, inertias,
// joints, contacts, actuators, options; TestModelsMatchGymnasiumPhysics
// keeps that against testdata/gymnasium_v4_physics.json). They are embedded
// in the binary and compiled through MuJoCo's virtual file system, so
// nothing is read from disk at run time. The reset noise is drawn from the random source passed
// to Reset, so the same seed gives the same trajectory bit for bit on one
// machine (MuJoCo itself is deterministic).
//
// MuJoCo's fatal errors (mju_error, e.g. "Stack overflow" in a step of a
// model loaded with too small an nstack) come back as errors from Load,
// Sim.Step and Sim.Forward, and as panics naming the task and the step
// from Env.Step, Reset and SetState, instead of MuJoCo's default, which
// prints "Press Enter to exit ..." and ends the process. The embedded
// models never meet one. An unstable state (NaN, Inf or huge values) is
// not an error: MuJoCo resets it and counts a warning (Sim.Unstable).
//
// The paper these tasks serve is Zheng et al., Stackelberg Actor-Critic
// (Section 5, Fig. 3, Appendix E): its main evidence is on these tasks.
package mujoco
