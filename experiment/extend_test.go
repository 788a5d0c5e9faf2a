package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An RL run of two epochs continued with rl.steps raised to three
// (RunRL with resume) writes the metrics.csv of a three-epoch run (the
// wall-clock column aside), and its summary.json says what it continued;
// a run cannot be continued to fewer steps.
func TestRunRLExtends(t *testing.T) {
	ctx := context.Background()
	whole := t.TempDir()
	if _, err := RunRL(ctx, tinyRL(), 5, whole, false, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	short := tinyRL()
	short.Steps = 400
	if _, err := RunRL(ctx, short, 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	sum, err := RunRL(ctx, tinyRL(), 5, dir, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Resumed || sum.ResumedFrom != 2 || sum.ExtendedFrom != 400 || sum.Epochs != 3 || sum.Steps != 600 {
		t.Fatalf("summary of the extended run %+v", sum)
	}
	if a, b := metricsWithoutTime(t, whole), metricsWithoutTime(t, dir); a != b {
		t.Fatalf("metrics of the extended run differ from the longer run's:\n%s\n---\n%s", a, b)
	}
	var js map[string]any
	if b, err := os.ReadFile(filepath.Join(dir, SummaryFile)); err != nil || json.Unmarshal(b, &js) != nil || js["extended_from_steps"] != 400.0 {
		t.Fatalf("summary.json: extended_from_steps %v (%v)", js["extended_from_steps"], err)
	}

	shorter := tinyRL()
	shorter.Steps = 200
	if _, err := RunRL(ctx, shorter, 5, dir, true, nil); err == nil || !strings.Contains(err.Error(), "is 600 steps long and this one 200") {
		t.Fatalf("shortening a run: %v", err)
	}
	if a, b := metricsWithoutTime(t, whole), metricsWithoutTime(t, dir); a != b {
		t.Fatal("a refused shortening changed metrics.csv")
	}
}

// A job whose only difference from the finished job in its directory is a
// larger rl.steps continues that run: JobState says unfinished, RunJob
// ends with the longer job's record, config and metrics. Any other
// difference is still another job's directory.
func TestRunJobExtends(t *testing.T) {
	long := tinyRL()
	short := tinyRL()
	short.Steps = 400
	jLong, err := NewJob(&Config{Name: "tiny", RL: &long}, 4, "rl")
	if err != nil {
		t.Fatal(err)
	}
	jShort, err := NewJob(&Config{Name: "tiny", RL: &short}, 4, "rl")
	if err != nil {
		t.Fatal(err)
	}
	whole := t.TempDir()
	if _, err := RunJob(context.Background(), jLong, whole, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if rec, err := RunJob(context.Background(), jShort, dir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("short job: %+v, %v", rec, err)
	}
	if _, finished, err := JobState(dir, jLong); err != nil || finished {
		t.Fatalf("JobState of the longer job over the shorter one's outputs: finished %v, %v", finished, err)
	}
	if _, finished, err := JobState(whole, jShort); err == nil || finished || !strings.Contains(err.Error(), "can be lengthened, not shortened") {
		t.Fatalf("JobState of the shorter job over the longer one's outputs: finished %v, %v", finished, err)
	}
	other := tinyRL()
	other.Steps, other.CG = 600, &RLCGConfig{Iters: 3, Lambda: new(11.0)}
	jOther, err := NewJob(&Config{Name: "tiny", RL: &other}, 4, "rl")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := JobState(dir, jOther); err == nil || !strings.Contains(err.Error(), "holds the outputs of job") {
		t.Fatalf("a longer job with another λ: %v", err)
	}

	// The shorter run as another build made it: the lengthened run's
	// record names that build first, then this one.
	shortRec, _, err := ReadJobRecord(dir)
	if err != nil {
		t.Fatal(err)
	}
	earlier := Build{Version: "v0.8.0", Go: "go1.25.0", Platform: "linux/amd64", CPUs: 64}
	shortRec.Builds = []Build{earlier}
	if err := WriteJSON(dir, JobFile, shortRec); err != nil {
		t.Fatal(err)
	}
	rec, err := RunJob(context.Background(), jLong, dir, nil)
	if err != nil || rec.Status != JobDone || rec.ID != jLong.ID {
		t.Fatalf("extended job: %+v, %v", rec, err)
	}
	got, _, _ := ReadJobRecord(dir)
	if got.ID != jLong.ID || got.Status != JobDone {
		t.Fatalf("job.json after the extension: %+v", got)
	}
	if cur := CurrentBuild(); len(got.Builds) != 2 || got.Builds[0] != earlier || got.Builds[1] != cur {
		t.Errorf("builds after the extension %+v, want [%+v %+v]", got.Builds, earlier, cur)
	}
	if b, err := os.ReadFile(filepath.Join(dir, ConfigFile)); err != nil || string(b) != jLong.Config {
		t.Fatalf("config.yaml after the extension:\n%s (%v)", b, err)
	}
	if a, b := metricsWithoutTime(t, whole), metricsWithoutTime(t, dir); a != b {
		t.Fatalf("metrics differ:\n%s\n---\n%s", a, b)
	}
}

// TestRunRLLengtheningStopped lengthens a finished one-epoch run to three
// epochs and stops it (its context cancelled, as Ctrl-C does) once the
// second epoch is checkpointed. While the lengthening runs, summary.json
// is not the shorter run's finished one: it says "running" and holds no
// "final" (a kill there used to leave the shorter run's summary, which
// read as final). Resumed, the run ends with the three-epoch run's
// metrics and a summary.json that records the lengthening from 200 steps,
// as an uninterrupted lengthening's does (it used to be lost once the
// checkpoint was the longer run's).
func TestRunRLLengtheningStopped(t *testing.T) {
	whole := t.TempDir()
	if _, err := RunRL(context.Background(), tinyRL(), 5, whole, false, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	short := tinyRL()
	short.Steps = 200
	if _, err := RunRL(context.Background(), short, 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var during []byte
	_, err := RunRL(ctx, tinyRL(), 5, dir, true, func(done, total int) {
		if done == 2 {
			during, _ = os.ReadFile(filepath.Join(dir, SummaryFile))
			cancel()
		}
	})
	if !Interrupted(err) {
		t.Fatalf("the stopped lengthening: %v", err)
	}
	var js map[string]any
	if json.Unmarshal(during, &js) != nil || js["running"] != true || js["final"] != nil || js["steps"] != nil || js["extended_from_steps"] != 200.0 {
		t.Errorf("summary.json while the lengthening ran:\n%s", during)
	}
	sum, err := RunRL(context.Background(), tinyRL(), 5, dir, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.ExtendedFrom != 200 || sum.ResumedFrom != 2 || sum.Steps != 600 {
		t.Errorf("summary of the resumed lengthening %+v", sum)
	}
	if a, b := metricsWithoutTime(t, whole), metricsWithoutTime(t, dir); a != b {
		t.Fatalf("metrics of the resumed lengthening differ from the longer run's:\n%s\n---\n%s", a, b)
	}
	b, _ := os.ReadFile(filepath.Join(dir, SummaryFile))
	js = nil
	if json.Unmarshal(b, &js) != nil || js["extended_from_steps"] != 200.0 || js["running"] != nil || js["error"] != nil {
		t.Errorf("summary.json of the resumed lengthening:\n%s", b)
	}
}

// TestFinishedRunWithoutSummaryResumed: a run killed after its last
// checkpoint but before its summary.json, given again, records that this
// process resumed it (at its last epoch); it wrote a summary that claimed
// an uninterrupted run. The same for a lengthening killed there: its
// running summary still gives extended_from_steps.
func TestFinishedRunWithoutSummaryResumed(t *testing.T) {
	dir := t.TempDir()
	if _, err := RunRL(context.Background(), tinyRL(), 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, SummaryFile)); err != nil {
		t.Fatal(err)
	}
	sum, err := RunRL(context.Background(), tinyRL(), 5, dir, true, nil)
	if err != nil || !sum.Resumed || sum.ResumedFrom != 3 || sum.ExtendedFrom != 0 {
		t.Errorf("a finished run without its summary, given again: %+v, %v; want resumed from epoch 3", sum, err)
	}

	long := t.TempDir()
	short := tinyRL()
	short.Steps = 200
	if _, err := RunRL(context.Background(), short, 5, long, false, nil); err != nil {
		t.Fatal(err)
	}
	var running []byte
	if _, err := RunRL(context.Background(), tinyRL(), 5, long, true, func(done, total int) {
		if done == 2 {
			running, _ = os.ReadFile(filepath.Join(long, SummaryFile))
		}
	}); err != nil {
		t.Fatal(err)
	}
	// As if killed after the last checkpoint: the running summary stays.
	if err := os.WriteFile(filepath.Join(long, SummaryFile), running, 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err = RunRL(context.Background(), tinyRL(), 5, long, true, nil)
	if err != nil || !sum.Resumed || sum.ResumedFrom != 3 || sum.ExtendedFrom != 200 {
		t.Errorf("a finished lengthening without its summary, given again: %+v, %v; want resumed from epoch 3, extended from 200", sum, err)
	}
}
