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
// The `dynamics:` block is checked against the kind it names: a smooth
// dynamic's accepted keys and builder come from its learn.Kind
// registration (learn.RegisterKind, one file in learn per dynamic; the
// block's values reach the builder as a learn.Spec), Hi-C's and the
// Markov policy gradients' keys are declared where they run
// (registerDynamicsKeys in hicrun.go and markovrun.go), and a key the kind
// does not take is an error naming it. The YAML shape itself is the one
// published DynamicsConfig, whose fields are the union of the kinds' keys,
// so that strict line-numbered decoding, sweeps over dotted keys and the
// round trip of a job's config.yaml keep working on one typed struct.
//
// Runs are jobs: a Job (job.go) is a configuration and a seed as plain
// data, with an ID hashed from both and an output directory; it
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
