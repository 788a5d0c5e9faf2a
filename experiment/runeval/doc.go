// Package runeval evaluates the policies of RL runs from their checkpoints,
// as `stackel eval` does: every run below the directories it is given (a
// run's directory, or a reproduction's or sweep's output holding many)
// whose checkpoint.gob loads is played for a number of episodes by
// agent.Agent.Evaluate (the deterministic test policy, or the training
// behaviour policy), and each run's returns, and each series' mean over
// its runs, are reported.
//
// Runs are found and grouped into series as `stackel plot` finds and groups
// them (runplot.FindRuns, runplot.Groups: runs whose configurations differ
// only in the seed are one series), so a reproduction's variants are its
// series; a copy of a run (another directory, the same configuration and
// seed, as runplot.DropCopies finds it) is left out with a note, so that
// no run counts twice in its series' mean: of a run and its copies the
// one trained furthest is kept (a copy taken while it trained holds an
// earlier policy). A run without a checkpoint (not an RL run, or a copy without
// one, as the committed result sets are) is left out with a note; a run
// whose checkpoint does not load or whose evaluation fails (a corrupt
// file, an environment this binary lacks, a non-finite step) is reported
// with its error and left out of its series' mean; an environment this
// binary lacks (a MuJoCo task without -tags mujoco, one registered from
// Go by the program that trained the run) is found from the run's
// config.yaml, before its checkpoint is read; a checkpoint of another
// seed or environment than the run's files say (another run's, copied
// over) is reported failed rather than counted in the series.
//
// The checkpoint is the run's state at the last epoch it records: a
// finished run's end, a running or stopped run's last epoch (Run.Steps
// against Run.RunSteps says which); a series whose runs are at different
// steps gets a note (Series.MinSteps, Series.MaxSteps), since its mean
// then mixes policies trained for different lengths. An evaluation cut
// short by its context reports the runs evaluated to the end by then and
// counts the others (Result.Interrupted). In JSON, a run or series
// leaves out what it does not have (a failed run's return) rather than
// writing zeros. Every run is played from the same
// evaluation seed (Options.Seed), so runs of one environment start their
// episodes from the same states.
//
// Checkpoints are loaded for evaluation only
// (experiment.ReadCheckpointPolicy, agent.LoadPolicy): an off-policy run's
// replay buffer, most of its checkpoint, is neither decoded nor kept, so a
// run being played holds its networks alone. A checkpoint of Save's
// current layout (version 2) keeps the buffer after the policy's gob
// message, which a load reads alone; one of the older layout (version 1,
// the buffer inside the message) takes its size for a moment, gob reading
// the message whole, so checkpoints are loaded one at a time. A damaged
// checkpoint's error names the damage
// without a resume's advice to delete the file.
//
// It implements no paper equation; the measure itself is the test return
// of Zheng et al.'s Section 5 (the deterministic policy) or, stochastic,
// the behaviour policy's return that their Appendix E reports for AC and
// STAC.
package runeval
