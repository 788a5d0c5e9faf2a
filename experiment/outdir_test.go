package experiment

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// foreignConfig is a run unrelated to jobTestConfig's, as a user might
// write over a job's directory with `stackel run CONFIG --out DIR --force`.
const foreignConfig = `name: formula
seed: 3
game:
  sense: cost
  dims: [1, 1]
  f1: "x[0]*x[0] + x[0]*y[0]"
  f2: "y[0]*y[0] - x[0]*y[0]"
dynamics: {kind: sga}
iterations: 20
`

// --force deletes a job's directory's records with its outputs: after
// PrepareRunDir(dir, true) there is no job.json or attempt.json left to
// vouch for the next run there, so a reproduction listing the job does
// not reuse whatever ran there as the job's: it refuses the directory
// (since session 38; before, it deleted that run and ran the job), naming
// it. Files that are not a run's stay.
func TestForceClearsJobRecord(t *testing.T) {
	root := t.TempDir()
	j := mustJob(t, jobTestConfig, 3, "stackelberg/seed3")
	dir := filepath.Join(root, j.Out)
	if _, err := RunJob(context.Background(), j, dir, nil); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{attemptFile: `{"worker": "w", "attempts": 1}`, "notes.txt": "mine"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := PrepareRunDir(dir, false)
	if !errors.Is(err, ErrOccupied) || !strings.Contains(err.Error(), "job.json") || !strings.Contains(err.Error(), "attempt.json") {
		t.Fatalf("PrepareRunDir without force: %v; want ErrOccupied naming job.json and attempt.json", err)
	}
	claim, err := PrepareRunDir(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if left := dirNames(t, dir); left != LockFile+" notes.txt" {
		t.Fatalf("after --force the directory holds %v, want only notes.txt (and the claim's %s)", left, LockFile)
	}
	// The foreign run, as `stackel run` does it.
	cfg, err := ParseConfig([]byte(foreignConfig))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), cfg, RunOptions{Out: dir}); err != nil {
		t.Fatal(err)
	}
	if err := claim.Release(); err != nil {
		t.Fatal(err)
	}
	_, finished, err := Pending(root, []Job{j})
	if !errors.Is(err, ErrOccupied) || !strings.Contains(err.Error(), dir+" has config.yaml") || len(finished) != 0 {
		t.Fatalf("Pending after a forced foreign run: %d finished, %v; want the directory refused, naming it", len(finished), err)
	}
}

// A job.json that records a finished job is not believed over a
// config.yaml of another run: a foreign run written over the job's outputs
// (by a stackel whose --force left job.json), an unreadable config.yaml,
// or a config.yaml in a task job's directory make JobState (and so
// Pending, which decides what a reproduction reuses) fail instead of
// reporting the job finished. The same run in other text is still the
// job's; a directory without config.yaml holds no other run (every run
// writes it first); an unfinished record is rerun, so it is not checked.
func TestJobStateChecksRecordedConfig(t *testing.T) {
	j := mustJob(t, jobTestConfig, 3, "run")
	task, err := NewTaskJob("test/none", map[string]int{"n": 1}, 2, "task")
	if err != nil {
		t.Fatal(err)
	}
	reformatted := "# the same run, written by hand\n" + strings.Replace(j.Config, "name: duo", "name: 'duo'", 1)
	otherSeed := strings.Replace(j.Config, "seed: 3", "seed: 4", 1)
	if otherSeed == j.Config {
		t.Fatal("the job's config has no seed: 3 line")
	}
	cases := []struct {
		name   string
		job    Job
		status string
		config *string // nil: no config.yaml
		// finished and the error's fragments ("" for no error).
		finished bool
		errHas   []string
	}{
		{"its own config", j, JobDone, &j.Config, true, nil},
		{"its own config, other text", j, JobDone, &reformatted, true, nil},
		{"a foreign run", j, JobDone, outdirText(foreignConfig), false,
			[]string{"job.json records job " + j.ID, `("duo", seed 3) as done`, `config.yaml holds another run ("formula", seed 3)`, "are not reused"}},
		{"another seed", j, JobFailed, &otherSeed, false, []string{`("duo", seed 3) as failed`, `("duo", seed 4)`}},
		{"no config.yaml", j, JobDone, nil, true, nil},
		{"an unreadable config.yaml", j, JobDone, outdirText("game: [\n"), false, []string{"config.yaml does not read"}},
		{"unfinished, a foreign run", j, JobRunning, outdirText(foreignConfig), false, nil},
		{"a task", task, JobDone, nil, true, nil},
		{"a task with a config.yaml", task, JobDone, outdirText(foreignConfig), false, []string{"task job " + task.ID + " (test/none)", "holds a run's config.yaml"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := WriteJSON(dir, JobFile, JobRecord{Job: c.job, Status: c.status}); err != nil {
				t.Fatal(err)
			}
			if c.config != nil {
				if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte(*c.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if c.job.Task == nil {
				// A run's summary.json and metrics.csv: a run recorded
				// done without them is not finished (checkDoneRows).
				for name, text := range map[string]string{SummaryFile: "{}\n", MetricsFile: "iter\n"} {
					if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			_, finished, err := JobState(dir, c.job)
			if finished != c.finished {
				t.Errorf("finished = %v, want %v", finished, c.finished)
			}
			if len(c.errHas) == 0 {
				if err != nil {
					t.Errorf("error %v, want none", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want one containing %q", c.errHas)
			}
			for _, s := range c.errHas {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
}

// outdirText returns a pointer to s (a case's config.yaml).
func outdirText(s string) *string { return &s }

// An output directory that is a file is said to be one; MkdirAll said
// only "mkdir DIR: not a directory".
func TestPrepareRunDirOnAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := PrepareRunDir(f, false)
	if want := "output directory " + f + " is a file, not a directory"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("PrepareRunDir(file): %v, want %q", err, want)
	}
	if b, _ := os.ReadFile(f); string(b) != "x" {
		t.Errorf("the file was changed: %q", b)
	}
}
