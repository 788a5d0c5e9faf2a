package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
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

// registeredTask is a task kind's function and the check of its
// parameters (nil: none).
type registeredTask struct {
	fn    TaskFunc
	check func(params json.RawMessage) error
}

var (
	tasksMu sync.Mutex
	tasks   = map[string]registeredTask{}
)

// RegisterTask makes kind runnable as a Task; it panics on a duplicate or
// empty kind (programming errors). Its parameters are not checked before
// fn runs: RegisterTypedTask decodes them strictly.
func RegisterTask(kind string, fn TaskFunc) { registerTask(kind, fn, nil) }

func registerTask(kind string, fn TaskFunc, check func(json.RawMessage) error) {
	tasksMu.Lock()
	defer tasksMu.Unlock()
	if kind == "" || fn == nil {
		panic("experiment: task registered without a kind or a function")
	}
	if _, dup := tasks[kind]; dup {
		panic(fmt.Sprintf("experiment: task %q registered twice", kind))
	}
	tasks[kind] = registeredTask{fn: fn, check: check}
}

// RegisterTypedTask registers kind like RegisterTask for a task whose
// parameters are a P: they are decoded strictly (DecodeTaskParams: a
// field P does not have is an error) before fn runs, and CheckTask
// decodes them the same way. A job's ID hashes its parameters, so a
// field this binary's P lacks — one a newer stackel added — would
// otherwise be dropped silently and another computation stored under
// the ID; a NATS worker declines such a job instead (not an attempt),
// for a worker of the submitter's version to take.
func RegisterTypedTask[P any](kind string, fn func(ctx context.Context, p P, seed uint64, outDir string, progress ProgressFunc) error) {
	registerTask(kind, func(ctx context.Context, params json.RawMessage, seed uint64, outDir string, progress ProgressFunc) error {
		var p P
		if err := DecodeTaskParams(kind, params, &p); err != nil {
			return err
		}
		return fn(ctx, p, seed, outDir, progress)
	}, func(params json.RawMessage) error {
		var p P
		return DecodeTaskParams(kind, params, &p)
	})
}

// DecodeTaskParams decodes task kind's params into v strictly: a field v
// does not have, or trailing data, is an error naming the kind.
func DecodeTaskParams(kind string, params json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = fmt.Errorf("data after the parameters")
	}
	if err != nil {
		return fmt.Errorf("task %s: parameters: %w (a task of another stackel version?)", kind, err)
	}
	return nil
}

// CheckTask returns an error if this binary cannot run t: its kind is not
// registered, or its parameters fail the kind's check (RegisterTypedTask).
func CheckTask(t *Task) error {
	if t == nil {
		return fmt.Errorf("no task")
	}
	tasksMu.Lock()
	rt, ok := tasks[t.Kind]
	tasksMu.Unlock()
	if !ok {
		return fmt.Errorf("task kind %q is not registered in this binary (have %v)", t.Kind, TaskKinds())
	}
	if rt.check != nil {
		return rt.check(t.Params)
	}
	return nil
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
	if err := CheckTask(job.Task); err != nil {
		return JobRecord{}, fmt.Errorf("job %s: %w", job.ID, err)
	}
	tasksMu.Lock()
	fn := tasks[job.Task.Kind].fn
	tasksMu.Unlock()
	if err := makeOutDir(outDir); err != nil {
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
	// No job.json, or one that records the job unfinished (interrupted):
	// a run's config.yaml found there is another run's (tasks write none).
	// Without job.json it is refused, with nothing changed; under the
	// task's unfinished record it was written since (`stackel run
	// --resume DIR CONFIG`), and its files are deleted before the task
	// runs, as runJob does. Left, it made the finished task's directory
	// read as another run written over it.
	if err := clearUnrecordedRun(outDir, job, rec); err != nil {
		return JobRecord{}, err
	}
	rec = startRecord(job, rec, false) // a task starts again from scratch
	if err := WriteJSON(outDir, JobFile, rec); err != nil {
		return rec, err
	}
	sum, runErr := runGuarded(outDir, nil, job.Seed, func() (string, error) {
		if err := fn(ctx, job.Task.Params, job.Seed, outDir, opt.Progress); err != nil {
			return "", err
		}
		return fmt.Sprintf("task %s, seed %d: done", job.Task.Kind, job.Seed), nil
	})
	return endJob(ctx, rec, outDir, sum, runErr, opt.Ended)
}
