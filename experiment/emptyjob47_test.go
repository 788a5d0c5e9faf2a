package experiment

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestExecuteRefusesEmptyJob: Local.Execute refuses, before any job runs,
// an empty Job (no ID, configuration or task), which said "job  (): job :
// empty configuration", and a job whose out is empty or "." (NewJob's out
// "", which a sweep fills in afterwards with runs/ID), which ran into the
// root directory itself, beside the other jobs' directories. RunJob and
// ParseConfig name an empty Job so too. Nothing is written into root.
func TestExecuteRefusesEmptyJob(t *testing.T) {
	cfg, err := ParseConfig([]byte("name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n"))
	if err != nil {
		t.Fatal(err)
	}
	good, err := NewJob(cfg, 1, "good")
	if err != nil {
		t.Fatal(err)
	}
	noOut, err := NewJob(cfg, 2, "")
	if err != nil {
		t.Fatal(err)
	}
	dot := noOut
	dot.Out = "."
	const zero = "an empty Job (no ID, configuration or task): make jobs with NewJob or NewTaskJob"
	for _, c := range []struct {
		name string
		jobs []Job
		want string
	}{
		{"zero job", []Job{good, {}}, "job 2: " + zero},
		{"empty out", []Job{good, noOut}, "job 2 (" + noOut.ID + `): out "" would run the job into the root directory itself, beside the other jobs' directories: give it a directory of its own (NewJob's out, e.g. runs/` + noOut.ID + ")"},
		{"out .", []Job{dot}, "job 1 (" + noOut.ID + `): out "." would run the job into the root directory itself, beside the other jobs' directories: give it a directory of its own (NewJob's out, e.g. runs/` + noOut.ID + ")"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			err := Local{Workers: 1}.Execute(context.Background(), root, c.jobs, nil)
			if err == nil || err.Error() != c.want {
				t.Errorf("Execute: %v, want %s", err, c.want)
			}
			if ents, _ := os.ReadDir(root); len(ents) != 0 {
				t.Errorf("root holds %v after a refused list", ents)
			}
		})
	}
	dir := filepath.Join(t.TempDir(), "z")
	if _, err := RunJob(context.Background(), Job{}, dir, nil); err == nil || err.Error() != "job: "+zero {
		t.Errorf("RunJob(Job{}): %v, want job: %s", err, zero)
	}
	if _, err := (Job{}).ParseConfig(); err == nil || err.Error() != "job: "+zero {
		t.Errorf("Job{}.ParseConfig(): %v, want job: %s", err, zero)
	}
}
