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
// It implements no paper equation itself: each run calls the package that
// does (learn, learn/uncoupled, learn/hierarchy, markov, rl). The paper
// reproductions live in the subpackage repro.
package experiment
