package experiment

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// panicFrameCount is how many frames of a job's panic its error names.
const panicFrameCount = 3

// jobPanic is the error of a job whose run panicked: the panic's value and
// the innermost frames of the code that panicked (not the whole stack,
// which a job's error in job.json and a sweep's report would drown in).
type jobPanic struct {
	value  any
	frames []string
}

// Error says "panic: VALUE (at F (dir/file.go:N), called from …)".
func (p *jobPanic) Error() string {
	if len(p.frames) == 0 {
		return fmt.Sprintf("panic: %v", p.value)
	}
	return fmt.Sprintf("panic: %v (at %s)", p.value, strings.Join(p.frames, ", called from "))
}

// Unwrap returns the panic's value when it is an error (a runtime.Error,
// say), so that errors.Is and errors.As see it.
func (p *jobPanic) Unwrap() error {
	err, _ := p.value.(error)
	return err
}

// runGuarded calls run, the body of one job (a kind's Run, a task's
// function) writing into dir, and turns a panic in it into the job's
// error (jobPanic), written into dir's summary.json (writePanicSummary,
// with cfg, nil for a task, and seed), so that one job's bug is recorded
// as that job's failure — job.json, summary.json and a sweep's
// attempt.json written as for any failed job, what it recorded kept —
// instead of ending the process and every other job of a sweep or
// reproduction with it. It is the job boundary (and Run's, the boundary
// of `stackel run CONFIG`) only: nothing inside a run recovers. A panic in
// a goroutine the run started is not this goroutine's and still ends the
// process.
func runGuarded(dir string, cfg *Config, seed uint64, run func() (string, error)) (sum string, err error) {
	defer func() {
		if v := recover(); v != nil {
			sum, err = "", writePanicSummary(dir, cfg, seed, &jobPanic{value: v, frames: panicFrames(panicFrameCount)})
		}
	}()
	return run()
}

// panicFrames returns up to n frames of the panicking goroutine's stack,
// called from runGuarded's deferred function: those of the code that
// panicked, innermost first, below the runtime's own (gopanic, and the
// runtime function that raised a fault: a nil map write, an index out of
// range) and above runGuarded. Each is "pkg.Func (dir/file.go:line)".
func panicFrames(n int) []string {
	pc := make([]uintptr, 64)
	pc = pc[:runtime.Callers(2, pc)] // from the deferred function
	frames := runtime.CallersFrames(pc)
	var (
		out      []string
		panicked bool // past runtime.gopanic
		inCode   bool // past the runtime frames below it
	)
	for {
		f, more := frames.Next()
		switch {
		case strings.HasSuffix(f.Function, "/experiment.runGuarded"):
			return out // the job boundary: what is above ran no job code
		case !panicked:
			panicked = f.Function == "runtime.gopanic"
		case !inCode && strings.HasPrefix(f.Function, "runtime."):
			// the fault's raiser (runtime.panicIndex, runtime.sigpanic, …)
		default:
			inCode = true
			out = append(out, fmt.Sprintf("%s (%s:%d)", shortName(f.Function), shortFile(f.File), f.Line))
			if len(out) == n {
				return out
			}
		}
		if !more {
			return out
		}
	}
}

// shortName is a function's name without its package's import path:
// "learn.Run", "experiment.(*smoothRun).run".
func shortName(fn string) string {
	return fn[strings.LastIndex(fn, "/")+1:]
}

// shortFile is a source path's last directory and file name:
// "learn/run.go".
func shortFile(path string) string {
	path = strings.ReplaceAll(path, "\\", "/")
	i := strings.LastIndex(path, "/")
	if i <= 0 {
		return path
	}
	if j := strings.LastIndex(path[:i], "/"); j >= 0 {
		return path[j+1:]
	}
	return path
}

// writePanicSummary writes the summary.json of a job (or of a plain Run)
// whose run panicked (runGuarded), which the run itself never wrote (or
// wrote before the panic, as if it had ended well): as a failed run's, the error in
// "error"; the seed; and, for the kinds whose summaries have it (smooth,
// Hi-C, Markov: not RL, not a task), "run_status": "failed"; for an RL
// run, metrics.csv's digest (metrics_rows, metrics_sha256, when the file
// reads) and its effective settings as the last key, "settings"
// (rlSettings of cfg's rl section and seed, as job.json and every other
// RL summary.json record them; left out if they do not encode, a
// configuration the run itself would have refused). The run's other keys (its final point, its
// counts) are not known at the job boundary and are absent; metrics.csv
// holds what it recorded.
func writePanicSummary(dir string, cfg *Config, seed uint64, err error) error {
	m := map[string]any{"error": err.Error(), "seed": seed}
	var (
		settings json.RawMessage
		digest   MetricsDigest
	)
	switch {
	case cfg == nil: // a task
	case cfg.isRL():
		settings, _ = rlSettings(cfg.RL, seed)
		// The rows the run recorded before the panic, its metrics.csv
		// closed as the panic unwound the run: a failed RL run's check
		// (checkFailedRLRows) compares them, as for a run that failed
		// with an error.
		if rows, err := readCSVRows(filepath.Join(dir, MetricsFile)); err == nil {
			digest.recordMetrics(rows)
		}
	default:
		m["run_status"] = RunFailed
	}
	if werr := WriteJSON(dir, SummaryFile, digestLast{summary: m, digest: digest, settings: settings}); werr != nil {
		return fmt.Errorf("%w (and writing its summary.json: %w)", err, werr)
	}
	return err
}
