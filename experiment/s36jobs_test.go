package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// ForSeeds (and so Local) with a huge worker count and few seeds starts
// no more goroutines than seeds. Before, it started every one of them
// before the first seed ran: Workers: 1<<40 exhausted memory, and 20000
// for one job left 20000 idle goroutines.
func TestForSeedsWorkersCappedAtSeeds(t *testing.T) {
	var most atomic.Int64
	err := ForSeeds(context.Background(), 1, 20000, nil, func(context.Context, int) error {
		most.Store(int64(runtime.NumGoroutine()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The test binary's own goroutines are a handful; 1000 is far below
	// the 20000 an uncapped pool starts.
	if n := most.Load(); n > 1000 {
		t.Fatalf("%d goroutines while one seed ran with 20000 workers", n)
	}
}

// errTaskFailed is the error of test/fail-unrecordable.
var errTaskFailed = errors.New("the task's own failure")

func init() {
	// A task that fails, having made its job.json unwritable: a directory
	// in its place, which the atomic rename cannot replace.
	RegisterTask("test/fail-unrecordable", func(_ context.Context, _ json.RawMessage, _ uint64, dir string, _ ProgressFunc) error {
		p := filepath.Join(dir, JobFile)
		if err := os.Remove(p); err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(p, "x"), 0o755); err != nil {
			return err
		}
		return errTaskFailed
	})
}

// A job that fails and whose failure cannot be written into job.json is
// not taken as recorded: RunJob returns a record still "running" (as the
// directory's job.json is) and an error naming both the failure and the
// write, and Local.Execute returns that error. Before, the write's error
// was dropped, the record returned said "failed", and Execute returned
// nil as for a failure recorded in job.json.
func TestFailedJobUnrecordableIsAnError(t *testing.T) {
	root := t.TempDir()
	j, err := NewTaskJob("test/fail-unrecordable", map[string]int{"n": 1}, 1, "a")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := RunJob(context.Background(), j, filepath.Join(root, "a"), nil)
	if err == nil || !errors.Is(err, errTaskFailed) || !strings.Contains(err.Error(), "recording its failure") {
		t.Fatalf("RunJob: err %v, want the task's failure and the write's", err)
	}
	if rec.Status != JobRunning {
		t.Fatalf("RunJob: record status %q, want %q (what job.json says)", rec.Status, JobRunning)
	}

	root = t.TempDir()
	err = Local{Workers: 1}.Execute(context.Background(), root, []Job{j}, nil)
	if err == nil || !errors.Is(err, errTaskFailed) {
		t.Fatalf("Execute: err %v, want the unrecorded failure", err)
	}
}

// A job.json whose status stackel does not write ("Done", "", "finished")
// is refused naming the status, and the job does not run over the
// directory. Before, such a record was taken as an unfinished job, which
// ran again: its summary.json and metrics.csv were written over.
func TestJobStateRefusesUnknownStatus(t *testing.T) {
	for _, status := range []string{"Done", "", "finished"} {
		dir := t.TempDir()
		j, err := NewTaskJob("test/square", map[string]int{"x": 3}, 1, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteJSON(dir, JobFile, JobRecord{Job: j, Status: status}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, SummaryFile), []byte("{\"kept\": true}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err = JobState(dir, j)
		if err == nil || !strings.Contains(err.Error(), "has status \""+status+"\", which stackel does not write") {
			t.Fatalf("status %q: JobState err %v", status, err)
		}
		if _, err := RunJob(context.Background(), j, dir, nil); err == nil {
			t.Fatalf("status %q: RunJob ran", status)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, SummaryFile)); string(b) != "{\"kept\": true}\n" {
			t.Fatalf("status %q: summary.json is now %q", status, b)
		}
	}
}

// A task job interrupted (job.json "running") in a directory where
// another run wrote its config.yaml and metrics.csv since is run with that
// run's files deleted, as a configuration job is, and is then finished.
// Before, they were kept only under an unfinished record: the task ran,
// and its finished directory was then refused as "another run was written
// over the job's outputs" on every later look (RunJob, Pending).
func TestTaskRerunClearsOtherRunUnderRunningRecord(t *testing.T) {
	dir := t.TempDir()
	j, err := NewTaskJob("test/square", map[string]float64{"X": 3}, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(dir, JobFile, JobRecord{Job: j, Status: JobRunning}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte(jobTestConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, MetricsFile), []byte("iter,f1\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec, err := RunJob(context.Background(), j, dir, nil)
	if err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %v, status %q", err, rec.Status)
	}
	for _, name := range []string{ConfigFile, MetricsFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left beside the task's outputs (stat: %v)", name, err)
		}
	}
	if _, finished, err := JobState(dir, j); err != nil || !finished {
		t.Fatalf("JobState after the run: finished %v, err %v", finished, err)
	}
}
