// Command stackel runs, analyses and reproduces learning in Stackelberg
// (leader–follower) games. It is a thin layer over package experiment: it
// parses flags, calls experiment and prints what comes back.
//
//	stackel run CONFIG            run the dynamics a config describes (DIR/metrics.csv, DIR/summary.json)
//	stackel run --resume DIR      continue an RL run from its last checkpoint
//	stackel run --job FILE        run one job (a job.json: configuration or task, and seed) into --out
//	stackel analyze CONFIG        find and classify critical points (DNE, DSE, stability), --json for JSON
//	stackel reproduce NAME        reproduce a paper result (tables and figures); --list lists them
//	stackel sweep SPEC            run a sweep (grid × seeds) on NATS JetStream workers (embedded server by default)
//	stackel sweep SPEC --emit slurm   write it as a Slurm array (manifest.json, sweep.sbatch)
//	stackel sweep status|collect|cancel   a sweep's progress, report, cancellation
//	stackel worker --nats URL     run sweep jobs from a NATS work queue
//	stackel server                run the embedded NATS JetStream server alone
//	stackel run --manifest M --index I   run one job of a sweep manifest (a Slurm array task)
//	stackel envs [--json]         list the RL environments and whether this binary has them
//	stackel version               print the version
//	stackel completion SHELL      write a shell completion script (bash, zsh, fish, powershell)
//
// It implements no paper equation itself; see the packages it drives. The
// configuration schema is experiment.Config (and the README).
package main
