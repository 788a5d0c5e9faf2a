// Package sweep expands a sweep specification (a base configuration, a
// grid of dotted configuration keys, seeds and exclusions — a published
// interface, see the README's "Sweeps and clusters") into jobs, runs one
// job into a directory (resuming from its checkpoint), and writes a
// sweep's outputs from the runs on disk: DIR/sweep.json (every job's grid
// values, seed, status, attempts, worker, wall time and final summary) and
// DIR/report.md (mean ± sd over seeds per grid point) with learning-curve
// figures. It also writes the Slurm form of a sweep: DIR/manifest.json
// and the array script DIR/sweep.sbatch.
//
// A job is plain data (JSON): the full configuration with its seed, and a
// stable ID derived from that content, so that resubmitting a sweep finds
// the jobs already done. Where jobs run is an executor's business: package
// natsq runs them on NATS JetStream workers; Slurm runs the manifest.
//
// The package implements no paper equation.
package sweep
