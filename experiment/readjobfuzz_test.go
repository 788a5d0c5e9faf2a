package experiment

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadJob checks that no job file makes ReadJob panic, that each
// refusal is a non-empty error naming the file, and that a job it accepts
// has an ID and either a config or a task, and reads back the same from
// the file its JSON makes (json.Marshal of the job, as a job file is
// written).
func FuzzReadJob(f *testing.F) {
	entry := `{"id": "j0", "config": "seed: 1\n", "seed": 1, "out": "runs/j0", "sweep": "s", "index": 3, "point": 0, "grid": []}`
	for _, s := range []string{
		`{"id": "j0", "config": "name: d\nseed: 1\n", "seed": 1, "out": "runs/j0", "labels": {"lr": "0.1"}}`,
		`{"id": "t1", "seed": 2, "out": "t", "task": {"kind": "repro/negotiation", "params": {"rounds": [1, 2], "x": null}}}`,
		`{"id": "j0", "config": "seed: 1\n", "seed": 1, "status": "done", "summary": "s", "builds": [{}]}`,
		entry,
		`{"name": "s", "jobs": [` + entry + `]}`,
		`{"id": "j0", "config": "c", "task": {"kind": "k"}}`,
		`{"id": "j0", "config": "c"} {"id": "j1"}`,
		"\ufeff{\"id\": \"j0\", \"config\": \"c\", \"labels\": {}, \"seed\": 18446744073709551615}",
		`{"id": "j0", "config": "c", "sweeep": 1}`,
		`null`,
		``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "job.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		j, err := ReadJob(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("an error not naming the file: %v", err)
			}
			return
		}
		if j.ID == "" || (j.Config == "") == (j.Task == nil) {
			t.Fatalf("accepted a job with no ID, or not exactly one of a config and a task: %+v", j)
		}
		b, err := json.Marshal(j)
		if err != nil {
			t.Fatalf("an accepted job does not marshal: %v", err)
		}
		again := filepath.Join(dir, "again.json")
		if err := os.WriteFile(again, b, 0o644); err != nil {
			t.Fatal(err)
		}
		j2, err := ReadJob(again)
		if err != nil {
			t.Fatalf("an accepted job, written again, is refused: %v\n%s", err, b)
		}
		if a, b := comparableJob(t, j), comparableJob(t, j2); !reflect.DeepEqual(a, b) {
			t.Fatalf("a job read back differs:\n%+v\n%+v", a, b)
		}
	})
}

// comparableJob is j with what its JSON cannot tell apart made equal: no
// labels and empty labels (omitted alike), and task parameters compacted
// (json.Marshal compacts a RawMessage).
func comparableJob(t *testing.T, j Job) Job {
	if len(j.Labels) == 0 {
		j.Labels = nil
	}
	if j.Task != nil && len(j.Task.Params) > 0 {
		var buf bytes.Buffer
		if err := json.Compact(&buf, j.Task.Params); err != nil {
			t.Fatalf("task params %q are not JSON: %v", j.Task.Params, err)
		}
		task := *j.Task
		task.Params = buf.Bytes()
		j.Task = &task
	}
	return j
}
