// Package experiment turns configuration files into runs: it parses the
// published YAML/JSON schema strictly, builds the game and the learner,
// drives the run with seeds, progress, recording and checkpoints, and holds
// the registry of paper reproductions behind `stackel reproduce`.
package experiment
