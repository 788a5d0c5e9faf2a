package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// squareTask writes summary.json {"value": x², "seed": seed}; x < 0 fails.
func squareTask(_ context.Context, params json.RawMessage, seed uint64, out string, _ ProgressFunc) error {
	var p struct{ X float64 }
	if err := json.Unmarshal(params, &p); err != nil {
		return err
	}
	if p.X < 0 {
		return errors.New("negative x")
	}
	return WriteJSON(out, SummaryFile, map[string]any{"value": p.X * p.X, "seed": seed})
}

func init() { RegisterTask("test/square", squareTask) }

// A task job round-trips through JSON, has an ID that changes with its
// parameters and seed only, runs with RunJob into summary.json and job.json,
// is skipped when finished and recorded as failed on its own error.
func TestTaskJob(t *testing.T) {
	j, err := NewTaskJob("test/square", map[string]float64{"X": 3}, 2, "sq")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(j, "", "  ") // indenting re-indents the raw parameters
	var back Job
	if err := json.Unmarshal(b, &back); err != nil || back.ID != j.ID || back.Seed != j.Seed || back.Task.Kind != j.Task.Kind {
		t.Fatalf("round trip: %+v, %v", back, err)
	}
	var pa, pb map[string]float64
	if json.Unmarshal(back.Task.Params, &pa) != nil || json.Unmarshal(j.Task.Params, &pb) != nil || !reflect.DeepEqual(pa, pb) {
		t.Fatalf("parameters after the round trip: %s vs %s", back.Task.Params, j.Task.Params)
	}
	same, _ := NewTaskJob("test/square", map[string]float64{"X": 3}, 2, "elsewhere")
	other, _ := NewTaskJob("test/square", map[string]float64{"X": 4}, 2, "sq")
	seed, _ := NewTaskJob("test/square", map[string]float64{"X": 3}, 3, "sq")
	if same.ID != j.ID || other.ID == j.ID || seed.ID == j.ID {
		t.Errorf("IDs: same %s, other params %s, other seed %s, job %s", same.ID, other.ID, seed.ID, j.ID)
	}
	if _, err := back.ParseConfig(); err == nil {
		t.Error("ParseConfig of a task job succeeded")
	}
	dir := filepath.Join(t.TempDir(), "sq")
	rec, err := RunJob(context.Background(), back, dir, nil)
	if err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %+v, %v", rec, err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, SummaryFile))
	var sum struct {
		Value float64
		Seed  uint64
	}
	if err := json.Unmarshal(data, &sum); err != nil || sum.Value != 9 || sum.Seed != 2 {
		t.Errorf("summary %s, %v", data, err)
	}
	if _, finished, err := JobState(dir, j); !finished || err != nil {
		t.Errorf("finished %v, %v", finished, err)
	}
	bad, _ := NewTaskJob("test/square", map[string]float64{"X": -1}, 1, "bad")
	rec, err = RunJob(context.Background(), bad, filepath.Join(t.TempDir(), "bad"), nil)
	if err == nil || rec.Status != JobFailed || rec.Error != "negative x" {
		t.Errorf("failing task: %+v, %v", rec, err)
	}
	unknown, _ := NewTaskJob("test/nosuch", nil, 1, "u")
	if _, err := RunJob(context.Background(), unknown, t.TempDir(), nil); err == nil || !strings.Contains(err.Error(), "not registered") {
		t.Errorf("unknown task: %v", err)
	}
	edited := j
	edited.Seed = 5
	if _, err := RunJob(context.Background(), edited, t.TempDir(), nil); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("edited task job: %v", err)
	}
}

// cubeParams are the parameters of the typed test task.
type cubeParams struct {
	X float64 `json:"x"`
}

func init() {
	RegisterTypedTask("test/cube", func(_ context.Context, p cubeParams, seed uint64, out string, _ ProgressFunc) error {
		return WriteJSON(out, SummaryFile, map[string]any{"value": p.X * p.X * p.X, "seed": seed})
	})
}

// A typed task decodes its parameters strictly: a field its P lacks (one
// a newer stackel added) or trailing data is an error of CheckTask and of
// RunJob, which writes nothing; known fields run.
func TestTypedTaskStrictParams(t *testing.T) {
	good, _ := NewTaskJob("test/cube", map[string]float64{"x": 2}, 1, "c")
	if err := CheckTask(good.Task); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "c")
	if rec, err := RunJob(context.Background(), good, dir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %+v, %v", rec, err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, SummaryFile))
	var sum struct{ Value float64 }
	if err := json.Unmarshal(data, &sum); err != nil || sum.Value != 8 {
		t.Errorf("summary %s, %v; want value 8", data, err)
	}
	newer, _ := NewTaskJob("test/cube", map[string]float64{"x": 2, "scale": 3}, 1, "n")
	trailing := Task{Kind: "test/cube", Params: json.RawMessage(`{"x": 2} {"x": 3}`)}
	for name, tk := range map[string]*Task{"unknown field": newer.Task, "trailing data": &trailing} {
		err := CheckTask(tk)
		if err == nil || !strings.Contains(err.Error(), "task test/cube: parameters: ") {
			t.Errorf("%s: CheckTask %v", name, err)
		}
	}
	ndir := filepath.Join(t.TempDir(), "n")
	if _, err := RunJob(context.Background(), newer, ndir, nil); err == nil || !strings.Contains(err.Error(), `unknown field "scale"`) {
		t.Errorf("RunJob of a newer task's parameters: %v", err)
	}
	if _, err := os.Stat(filepath.Join(ndir, SummaryFile)); err == nil {
		t.Error("a summary was written for parameters the task does not know")
	}
	// An untyped task's parameters are the task's business.
	if err := CheckTask(&Task{Kind: "test/square", Params: json.RawMessage(`{"X": 1, "Y": 2}`)}); err != nil {
		t.Errorf("untyped task: %v", err)
	}
	if err := CheckTask(&Task{Kind: "test/nosuch"}); err == nil || !strings.Contains(err.Error(), "not registered") {
		t.Errorf("unknown kind: %v", err)
	}
}
