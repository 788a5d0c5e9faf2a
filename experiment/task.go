package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"
)

// Task is work that has no configuration form — a step of a reproduction
// that no published config key describes (role negotiation, a hierarchy of
// followers, a comparison run on a second noise stream) — done by a Go
// function registered under Kind. A job whose Task is set runs that
// function with the task's parameters and the job's seed; like a
// configuration run it writes summary.json (and, as the task chooses,
// metrics.csv) and job.json into its directory, and is run, resumed and
// distributed the same way, by any binary that registers the kind.
type Task struct {
	// Kind names the registered task function, e.g. "repro/negotiation".
	Kind string `json:"kind"`
	// Params are the task's parameters as canonical JSON (json.Marshal of
	// a struct or a map).
	Params json.RawMessage `json:"params,omitempty"`
}

// TaskFunc does a task with its parameters and seed, writing its outputs
// into outDir (which exists): at least summary.json. It returns the task's
// error, or ctx's when cancelled.
type TaskFunc func(ctx context.Context, params json.RawMessage, seed uint64, outDir string, progress ProgressFunc) error

var (
	tasksMu sync.Mutex
	tasks   = map[string]TaskFunc{}
)

// RegisterTask makes kind runnable as a Task; it panics on a duplicate or
// empty kind (programming errors).
func RegisterTask(kind string, fn TaskFunc) {
	tasksMu.Lock()
	defer tasksMu.Unlock()
	if kind == "" || fn == nil {
		panic("experiment: task registered without a kind or a function")
	}
	if _, dup := tasks[kind]; dup {
		panic(fmt.Sprintf("experiment: task %q registered twice", kind))
	}
	tasks[kind] = fn
}

// TaskKinds lists the registered task kinds, sorted.
func TaskKinds() []string {
	tasksMu.Lock()
	defer tasksMu.Unlock()
	names := make([]string, 0, len(tasks))
	for k := range tasks {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// NewTaskJob makes the job that does the task kind with params (encoded as
// canonical JSON) and seed into out. Its ID hashes the kind, the
// parameters and the seed.
func NewTaskJob(kind string, params any, seed uint64, out string) (Job, error) {
	b, err := json.Marshal(params)
	if err != nil {
		return Job{}, fmt.Errorf("job: task %s: encoding the parameters: %w", kind, err)
	}
	t := &Task{Kind: kind, Params: b}
	return Job{ID: JobID(t.idText(), seed), Seed: seed, Out: out, Task: t}, nil
}

// idText is what a task job's ID hashes besides the seed: the kind and the
// parameters without insignificant white space (an indenting encoder, such
// as a manifest's, re-indents them).
func (t *Task) idText() []byte {
	var params bytes.Buffer
	if err := json.Compact(&params, t.Params); err != nil {
		params.Reset()
		params.Write(t.Params)
	}
	return []byte("task " + t.Kind + "\n" + params.String() + "\n")
}

// runTask is RunJob for a task job.
func runTask(ctx context.Context, job Job, outDir string, opt JobOptions) (JobRecord, error) {
	if id := JobID(job.Task.idText(), job.Seed); id != job.ID {
		return JobRecord{}, fmt.Errorf("job %s: the ID does not match its task and seed (want %s); was the job edited?", job.ID, id)
	}
	tasksMu.Lock()
	fn, ok := tasks[job.Task.Kind]
	tasksMu.Unlock()
	if !ok {
		return JobRecord{}, fmt.Errorf("job %s: task kind %q is not registered in this binary (have %v)", job.ID, job.Task.Kind, TaskKinds())
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return JobRecord{}, err
	}
	claim, err := ClaimRunDir(outDir) // held until the job has ended
	if err != nil {
		return JobRecord{}, err
	}
	defer claim.Release()
	rec, finished, err := JobState(outDir, job)
	if err != nil || finished {
		return rec, err
	}
	if rec.ID == "" {
		if err := clearUnrecordedRun(outDir, job); err != nil {
			return JobRecord{}, err
		}
	}
	rec = JobRecord{Job: job, Status: JobRunning, Started: time.Now().UTC().Format(time.RFC3339)}
	if err := WriteJSON(outDir, JobFile, rec); err != nil {
		return rec, err
	}
	runErr := fn(ctx, job.Task.Params, job.Seed, outDir, opt.Progress)
	sum := ""
	if runErr == nil {
		sum = fmt.Sprintf("task %s, seed %d: done", job.Task.Kind, job.Seed)
	}
	return endJob(ctx, rec, outDir, sum, runErr, opt.Ended)
}
