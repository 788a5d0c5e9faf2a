// Package experiment turns configuration files into runs: it parses the
// published YAML/JSON schema strictly, builds the game and the learner,
// and drives the run with seeds, progress, recording and checkpoints,
// writing a run directory of config.yaml, metrics.csv and summary.json
// (plus checkpoint.gob for RL runs).
//
// The kind of run a configuration describes (smooth gradient dynamics,
// Hi-C, Markov policy gradient, RL) is chosen from a registry: each kind is
// a RunKind registered by the file that implements it (smooth.go,
// hicrun.go, markovrun.go, rlrun.go), and Run dispatches to the one whose
// Match accepts the configuration.
//
// The `dynamics:` block (DynamicsConfig, dynamics.go) has the keys the
// kinds share — kind, leader_lr, follower_lr, noise, step_tol — and the
// keys of its kind, which it decodes strictly into the parameters type the
// kind registers: a smooth dynamic's type and builder come from its
// learn.Kind (learn.RegisterKind(learn.NewKind(name, build)), one file per
// dynamic, e.g. *learn.StackelbergParams), Hi-C's and the Markov policy
// gradients' types are declared where they run (registerDynamics in
// hicrun.go and markovrun.go: HiCParams, PGParams, StackelbergPGParams).
// A key the kind does not take is an error naming the key, the kind and
// the line, so a new dynamic with a new key edits no shared struct.
// Marshalling writes kind, the shared keys that are set and the kind's
// non-zero keys, which read back to the same configuration (a job's
// canonical text); a sweep's dotted keys below `dynamics.` are checked
// against every kind's keys (DynamicsKeyType).
//
// Runs are jobs: a Job (job.go) is a configuration and a seed as plain
// data, with an ID hashed from both (from the configuration's canonical
// form, canonical.go: rl.threads left out, the numbers of game.params and
// rl.options in one spelling) and an output directory; it
// round-trips through JSON and RunJob runs it anywhere, recording its state
// in the directory's job.json so that a finished job is not run again and a
// directory of another job is refused. An Executor (executor.go) runs a
// list of jobs into one root directory: Local runs them on goroutines in
// this process; package natsq puts a NATS JetStream work queue behind the
// same interface.
//
// It implements no paper equation itself: each run calls the package that
// does (learn, learn/uncoupled, learn/hierarchy, markov, rl). The paper
// reproductions live in the subpackage repro.
package experiment
