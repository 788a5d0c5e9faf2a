package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
)

// errPanicTask is the value test/panic panics with.
var errPanicTask = errors.New("the task's own bug")

// noParams are the parameters of test-panic-at, a dynamics kind with none.
type noParams struct{}

// panicDyn is gradient-free dynamics that moves x by 0.01 a step and
// panics at step panicAt: a bug in a dynamics' Step.
type panicDyn struct{}

const panicAt = 7

func (panicDyn) Step(_ context.Context, k int, x, y []float64, _ *rand.Rand) (learn.StepInfo, error) {
	if k == panicAt {
		var m map[string]int
		m["boom"] = k // assignment to entry in nil map
	}
	x[0] += 0.01
	return learn.StepInfo{}, nil
}

func init() {
	learn.RegisterKind(learn.NewKind("test-panic-at", func(game.Game, learn.Rates, *noParams) (learn.Dynamics, error) {
		return panicDyn{}, nil
	}))
	RegisterTask("test/panic", func(context.Context, json.RawMessage, uint64, string, ProgressFunc) error {
		panic(errPanicTask)
	})
}

// panicChildEnv names the directory the child process of
// TestJobPanicIsThatJobsFailure runs its sweep into.
const panicChildEnv = "STACKEL_TEST_PANIC_DIR"

// panicJobYAML is a smooth run of dynamics kind (%s) for 20 iterations,
// every one recorded.
const panicJobYAML = `name: %s
game:
  sense: cost
  dims: [1, 1]
  f1: "0.5*x[0]*x[0] + x[0]*y[0]"
  f2: "0.5*y[0]*y[0] - x[0]*y[0]"
dynamics:
  kind: %s
  leader_lr: {constant: 0.1}
  follower_lr: {constant: 0.1}
iterations: 20
record_every: 1
init: {x: [1], y: [-1]}
`

// panicJobs are the jobs of the child's sweep: a smooth run, one whose
// dynamics panics at step 7, a task that panics, and another smooth run.
func panicJobs(t *testing.T) []Job {
	var jobs []Job
	for i, kind := range []string{"sga", "test-panic-at", "", "sga"} {
		out := fmt.Sprintf("j%d", i)
		if kind == "" {
			j, err := NewTaskJob("test/panic", map[string]int{"n": i}, 1, out)
			if err != nil {
				t.Fatal(err)
			}
			jobs = append(jobs, j)
			continue
		}
		cfg, err := ParseConfig(fmt.Appendf(nil, panicJobYAML, out, kind))
		if err != nil {
			t.Fatal(err)
		}
		j, err := NewJob(cfg, uint64(i), out)
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, j)
	}
	return jobs
}

// TestJobPanicChild is the child process of TestJobPanicIsThatJobsFailure
// (skipped otherwise): it runs the jobs with Local, one at a time, and
// reports Execute's error.
func TestJobPanicChild(t *testing.T) {
	dir := os.Getenv(panicChildEnv)
	if dir == "" {
		t.Skip("the child process of TestJobPanicIsThatJobsFailure")
	}
	if err := (Local{Workers: 1}).Execute(context.Background(), dir, panicJobs(t), nil); err != nil {
		t.Fatalf("Execute: %v", err)
	}
}

// A job whose run panics is recorded as failed, in job.json and
// summary.json, with an error naming the panic's value and the innermost
// frames of the code that panicked (not the whole stack dump); the rows
// it recorded stay in metrics.csv; the jobs after it run to their end and
// Execute returns nil, as for any failed job. The sweep runs in a child
// process: before, the panic ended the process (and so every other job of
// a sweep), which here is the child's exit status 2 and no job.json for
// the jobs after it.
func TestJobPanicIsThatJobsFailure(t *testing.T) {
	dir := t.TempDir()
	runChild(t, "TestJobPanicChild", panicChildEnv, dir)
	jobs := panicJobs(t)
	readSum := func(j Job) map[string]any {
		b, err := os.ReadFile(filepath.Join(dir, j.Out, SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	rows := func(j Job) int {
		b, err := os.ReadFile(filepath.Join(dir, j.Out, MetricsFile))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Count(string(b), "\n") - 1 // the header
	}
	for _, i := range []int{0, 3} {
		rec, ok, err := ReadJobRecord(filepath.Join(dir, jobs[i].Out))
		if err != nil || !ok || rec.Status != JobDone {
			t.Errorf("job %d: record %+v, %v, %v; want done", i, rec, ok, err)
		}
		if n := rows(jobs[i]); n != 21 {
			t.Errorf("job %d: %d metrics rows, want 21", i, n)
		}
		if s := readSum(jobs[i]); s["error"] != nil || s["iterations"] != 20.0 || s["run_status"] != RunIterationLimit {
			t.Errorf("job %d: summary %v", i, s)
		}
	}

	// The panicking dynamics: failed, its error the nil map write with
	// the Step that made it first, then learn.Run; the rows of iterations
	// 0…6 kept.
	rec, _, err := ReadJobRecord(filepath.Join(dir, jobs[1].Out))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("panicking run's error: %s", rec.Error)
	const wantPrefix = "panic: assignment to entry in nil map (at experiment.panicDyn.Step (experiment/jobpanic_test.go:"
	if rec.Status != JobFailed || !strings.HasPrefix(rec.Error, wantPrefix) ||
		!strings.Contains(rec.Error, "), called from learn.Run (learn/run.go:") ||
		strings.Count(rec.Error, "called from") != 2 || strings.Contains(rec.Error, "goroutine") {
		t.Errorf("panicking run: status %q, error %q; want failed, %q…, then learn.Run and one frame more", rec.Status, rec.Error, wantPrefix)
	}
	if n := rows(jobs[1]); n != panicAt {
		t.Errorf("panicking run: %d metrics rows, want %d (iterations 0…%d)", n, panicAt, panicAt-1)
	}
	if s := readSum(jobs[1]); s["error"] != rec.Error || s["run_status"] != RunFailed || s["seed"] != 1.0 {
		t.Errorf("panicking run: summary %v; want its job's error, run_status failed, seed 1", s)
	}

	// The panicking task: failed, its error the value it panicked with.
	rec, _, err = ReadJobRecord(filepath.Join(dir, jobs[2].Out))
	if err != nil {
		t.Fatal(err)
	}
	if want := "panic: the task's own bug (at experiment.init."; rec.Status != JobFailed || !strings.HasPrefix(rec.Error, want) {
		t.Errorf("panicking task: status %q, error %q; want failed, %q…", rec.Status, rec.Error, want)
	}
	if s := readSum(jobs[2]); s["error"] != rec.Error {
		t.Errorf("panicking task: summary %v, want the error %q", s, rec.Error)
	}
}

// RunJob returns the error of a job that panicked, which wraps the value
// it panicked with when that is an error.
func TestRunJobPanicWrapsValue(t *testing.T) {
	j, err := NewTaskJob("test/panic", map[string]int{"n": 9}, 1, "a")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := RunJob(context.Background(), j, t.TempDir(), nil)
	if !errors.Is(err, errPanicTask) || rec.Status != JobFailed || rec.Error != err.Error() {
		t.Fatalf("RunJob: record %q %q, error %v; want failed with the panic", rec.Status, rec.Error, err)
	}
}

// runChild runs the test binary's test named child in a child process
// with env set to dir (the child skips itself without it), failing t with
// the start of the child's output unless it exits 0, and returns the
// output: a panic the code under test fails to contain ends the child,
// not this test binary.
func runChild(t *testing.T, child, env, dir string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env+"="+dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		head := out.String()
		if len(head) > 2000 {
			head = head[:2000]
		}
		t.Fatalf("%s's process: %v\n%s", child, err, head)
	}
	return out.String()
}
