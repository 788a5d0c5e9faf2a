package experiment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const jobTestConfig = `name: duo
game: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}
dynamics:
  kind: stackelberg
  leader_lr: {power: {a: 1, b: 1, p: 1}}
  follower_lr: {power: {a: 1, b: 1, p: 0.6667}}
  noise: {leader: 3.1622776601683795, follower: 1e-3}
iterations: 300
record_every: 10
init: {uniform: {x: [[0, 50]], y: [[0, 50]]}}
`

func mustJob(t *testing.T, yamlText string, seed uint64, out string) Job {
	t.Helper()
	cfg, err := ParseConfig([]byte(yamlText))
	if err != nil {
		t.Fatal(err)
	}
	j, err := NewJob(cfg, seed, out)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// A job survives JSON: encoded and decoded it is the same value, its config
// reads back as the configuration it was made from (seed set to the job's),
// and it has the same ID.
func TestJobJSONRoundTrip(t *testing.T) {
	j := mustJob(t, jobTestConfig, 7, "a/seed7")
	j.Labels = map[string]string{"variant": "st"}
	b, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	var back Job
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, j) {
		t.Fatalf("round trip: %+v != %+v", back, j)
	}
	path := filepath.Join(t.TempDir(), "job.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	fromFile, err := ReadJob(path)
	if err != nil || !reflect.DeepEqual(fromFile, j) {
		t.Fatalf("ReadJob: %+v, %v", fromFile, err)
	}
	// A job's record (job.json in its directory) is read as its job.
	rb, err := json.Marshal(JobRecord{Job: j, Status: JobDone, Summary: "s", Started: "t0", Ended: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, rb, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadJob(path); err != nil || !reflect.DeepEqual(got, j) {
		t.Errorf("ReadJob of a job record: %+v, %v", got, err)
	}
	// A misspelt or unknown key, and a second value, are errors, as in
	// configs (the key was silently dropped).
	for _, bad := range []struct{ text, want string }{
		{strings.Replace(string(b), "{", `{"extra": 1, `, 1), `unknown field "extra"`},
		{string(b) + ` {"id": "x"}`, "more than one JSON value"},
	} {
		if err := os.WriteFile(path, []byte(bad.text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadJob(path); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ReadJob of %.60q…: %v, want %q", bad.text, err, bad.want)
		}
	}
	cfg, err := back.ParseConfig()
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := ParseConfig([]byte(jobTestConfig))
	orig.Seed = 7
	if !sameValues(cfg, orig) {
		t.Errorf("config after the round trip:\n%+v\nwant\n%+v", cfg, orig)
	}
	if cfg.Dynamics.Noise.Leader != 3.1622776601683795 || cfg.Dynamics.Noise.Follower != 1e-3 {
		t.Errorf("noise %v, %v: floats must survive exactly", cfg.Dynamics.Noise.Leader, cfg.Dynamics.Noise.Follower)
	}
	// An RL config with options (ints, floats with exponents) survives too.
	rl := mustJob(t, "rl: {env: Pendulum-v1, algo: ddpg, steps: 8000, options: {critic_lr: 1e-30, batch_size: 32}}\n", 1, "r")
	rcfg, err := rl.ParseConfig()
	if err != nil {
		t.Fatal(err)
	}
	a, err := RLAgentConfig(*rcfg.RL, 1)
	if err != nil || a.CriticLR != 1e-30 || a.BatchSize != 32 || len(a.Hidden) == 0 {
		t.Errorf("RL job config: %+v, %v", a, err)
	}
	// An edited job is refused.
	bad := j
	bad.Seed = 8
	if _, err := bad.ParseConfig(); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("edited job: %v", err)
	}
}

// The ID depends on the config and the seed only: the same pair gives the
// same ID (whatever the output directory, labels, or key order and
// formatting of the YAML), any change of a value gives another.
func TestJobIDStability(t *testing.T) {
	base := mustJob(t, jobTestConfig, 1, "x")
	if len(base.ID) != 16 {
		t.Errorf("ID %q: want 16 hex digits", base.ID)
	}
	reordered := strings.Replace(jobTestConfig, "iterations: 300\nrecord_every: 10\n", "record_every: 10\niterations:   300 # same\n", 1)
	if same := mustJob(t, reordered, 1, "elsewhere"); same.ID != base.ID {
		t.Errorf("same config and seed: ID %s, want %s", same.ID, base.ID)
	}
	if again := mustJob(t, jobTestConfig, 1, "x"); again.ID != base.ID {
		t.Errorf("not deterministic: %s vs %s", again.ID, base.ID)
	}
	// The config's own seed is replaced by the job's.
	if withSeed := mustJob(t, "seed: 99\n"+jobTestConfig, 1, "x"); withSeed.ID != base.ID {
		t.Errorf("the config's seed leaks into the ID")
	}
	seen := map[string]string{base.ID: "base"}
	for name, change := range map[string][2]string{
		"iterations": {"iterations: 300", "iterations: 301"},
		"record":     {"record_every: 10", "record_every: 11"},
		"noise":      {"3.1622776601683795", "3.16227766016838"},
		"lr":         {"p: 0.6667", "p: 0.6668"},
		"param":      {"c2: 2", "c2: 2.5"},
		"name":       {"name: duo", "name: duo2"},
		"kind":       {"kind: stackelberg", "kind: sga"},
	} {
		text := strings.Replace(jobTestConfig, change[0], change[1], 1)
		if text == jobTestConfig {
			t.Fatalf("%s: change not applied", name)
		}
		if name == "kind" {
			text = strings.Replace(text, "  follower_lr: {power: {a: 1, b: 1, p: 0.6667}}\n", "  follower_lr: {power: {a: 1, b: 1, p: 1}}\n", 1)
		}
		j := mustJob(t, text, 1, "x")
		if prev, dup := seen[j.ID]; dup {
			t.Errorf("%s: ID %s equals that of %s", name, j.ID, prev)
		}
		seen[j.ID] = name
	}
	if other := mustJob(t, jobTestConfig, 2, "x"); seen[other.ID] != "" {
		t.Errorf("another seed gives the ID of %s", seen[other.ID])
	}
}

// RunJob writes the run's outputs and job.json; a second call skips the
// finished job; a directory holding another job's outputs is refused; the
// outputs equal those of `stackel run` on the same config and seed.
func TestRunJob(t *testing.T) {
	dir := t.TempDir()
	j := mustJob(t, jobTestConfig, 3, "run")
	out := filepath.Join(dir, "run")
	rec, err := RunJob(context.Background(), j, out, nil)
	if err != nil || rec.Status != JobDone || rec.ID != j.ID {
		t.Fatalf("RunJob: %+v, %v", rec, err)
	}
	for _, f := range []string{ConfigFile, MetricsFile, SummaryFile, JobFile} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	metrics, _ := os.ReadFile(filepath.Join(out, MetricsFile))
	// The same through Run, as `stackel run` does it.
	cfg, _ := ParseConfig([]byte(jobTestConfig))
	cfg.Seed = 3
	direct := filepath.Join(dir, "direct")
	os.MkdirAll(direct, 0o755)
	if _, err := Run(context.Background(), cfg, RunOptions{Out: direct}); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(direct, MetricsFile))
	if string(metrics) != string(want) || strings.Count(string(metrics), "\n") != 32 {
		t.Errorf("job metrics differ from the direct run's (%d vs %d bytes)", len(metrics), len(want))
	}
	before, _ := os.ReadFile(filepath.Join(out, JobFile))
	rec2, err := RunJob(context.Background(), j, out, nil)
	after, _ := os.ReadFile(filepath.Join(out, JobFile))
	if err != nil || rec2.Status != JobDone || string(before) != string(after) {
		t.Errorf("second RunJob reran or failed: %v", err)
	}
	pending, finished, err := Pending(dir, []Job{j})
	if err != nil || len(pending) != 0 || len(finished) != 1 {
		t.Errorf("Pending: %d pending, %d finished, %v", len(pending), len(finished), err)
	}
	other := mustJob(t, jobTestConfig, 4, "run")
	if _, err := RunJob(context.Background(), other, out, nil); err == nil || !strings.Contains(err.Error(), "holds the outputs of job") {
		t.Errorf("another job in the same directory: %v", err)
	}
	if _, _, err := Pending(dir, []Job{other}); err == nil {
		t.Error("Pending does not notice a directory of another job")
	}
	// A job whose run fails is recorded as failed (and not rerun).
	badCfg := strings.Replace(jobTestConfig, "builtin: duopoly", "builtin: nosuchgame", 1)
	bad := mustJobNoParse(t, badCfg, 1, "bad")
	rec, err = RunJob(context.Background(), bad, filepath.Join(dir, "bad"), nil)
	if err == nil || rec.Status != JobFailed || rec.Error == "" {
		t.Errorf("failing job: %+v, %v", rec, err)
	}
	if err := (Local{Workers: 1}).Execute(context.Background(), dir, []Job{bad}, nil); err != nil {
		t.Errorf("Local.Execute of a job recorded as failed: %v", err)
	}
}

// mustJobNoParse makes a job from text that parses but fails when run.
func mustJobNoParse(t *testing.T, text string, seed uint64, out string) Job {
	t.Helper()
	return mustJob(t, text, seed, out)
}

// A cancelled job stays "running" in job.json and is run again.
func TestRunJobCancelled(t *testing.T) {
	dir := t.TempDir()
	j := mustJob(t, strings.Replace(jobTestConfig, "iterations: 300", "iterations: 100000000", 1), 1, "big")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RunJob(ctx, j, filepath.Join(dir, "big"), nil); err == nil {
		t.Fatal("cancelled job returned no error")
	}
	rec, ok, err := ReadJobRecord(filepath.Join(dir, "big"))
	if err != nil || !ok || rec.Status != JobRunning || rec.Finished() {
		t.Errorf("cancelled job record: %+v, %v, %v", rec, ok, err)
	}
	if pending, _, _ := Pending(dir, []Job{j}); len(pending) != 1 {
		t.Error("a cancelled job is not pending")
	}
}

// A directory whose job.json was written for the same run in another
// encoding of the config (an older encoder, say) counts as this job's.
func TestJobStateSameRunOtherText(t *testing.T) {
	dir := t.TempDir()
	j := mustJob(t, jobTestConfig, 3, "run")
	if _, err := RunJob(context.Background(), j, dir, nil); err != nil {
		t.Fatal(err)
	}
	// The same config written another way: its ID differs.
	old := j
	old.Config = "# written by an older version\n" + strings.Replace(j.Config, "name: duo", "name: 'duo'", 1)
	old.ID = JobID([]byte(old.Config), old.Seed)
	if old.ID == j.ID {
		t.Fatal("test needs a different text")
	}
	if _, finished, err := JobState(dir, old); err != nil || !finished {
		t.Errorf("same run, other text: finished %v, %v", finished, err)
	}
}

// An RL job interrupted after its first epoch (context cancelled from the
// progress callback) stays "running"; run again, it resumes from its
// checkpoint and ends with the metrics of an uninterrupted run of the same
// job (wall-clock column aside).
func TestRunJobRLResumes(t *testing.T) {
	rc := tinyRL()
	j, err := NewJob(&Config{Name: "tiny", RL: &rc}, 4, "rl")
	if err != nil {
		t.Fatal(err)
	}
	whole := t.TempDir()
	if rec, err := RunJob(context.Background(), j, whole, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("uninterrupted: %+v, %v", rec, err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := RunJob(ctx, j, dir, func(done, total int) {
		if done == 1 {
			cancel()
		}
	}); err == nil {
		t.Fatal("the interrupted job returned no error")
	}
	if rec, _, _ := ReadJobRecord(dir); rec.Status != JobRunning {
		t.Fatalf("interrupted job status %q", rec.Status)
	}
	if n := len(strings.Split(strings.TrimSpace(metricsWithoutTime(t, dir)), "\n")); n != 2 {
		t.Fatalf("interrupted run recorded:\n%s", metricsWithoutTime(t, dir))
	}
	rec, err := RunJob(context.Background(), j, dir, nil)
	if err != nil || rec.Status != JobDone {
		t.Fatalf("resumed: %+v, %v", rec, err)
	}
	var sum map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err := json.Unmarshal(b, &sum); err != nil || sum["resumed_from_epoch"] != 1.0 {
		t.Errorf("the rerun did not resume from epoch 1: %v %v", sum["resumed_from_epoch"], err)
	}
	if a, b := metricsWithoutTime(t, whole), metricsWithoutTime(t, dir); a != b {
		t.Errorf("metrics differ:\n%s\n%s", a, b)
	}
}

// A directory without job.json holding the checkpoint of another RL run
// (written by `stackel run` or an older binary) is refused, not resumed
// and not recorded as a failed job.
func TestRunJobRefusesForeignCheckpoint(t *testing.T) {
	dir := t.TempDir()
	rc := tinyRL()
	other := rc
	other.CG = &RLCGConfig{Iters: 3, Lambda: new(11.0)}
	if _, err := RunRL(context.Background(), other, 4, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	j, err := NewJob(&Config{Name: "tiny", RL: &rc}, 4, "rl")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RunJob(context.Background(), j, dir, nil); err == nil || !strings.Contains(err.Error(), "different configuration") {
		t.Errorf("foreign checkpoint: %v", err)
	}
	if _, ok, _ := ReadJobRecord(dir); ok {
		t.Error("job.json written for a refused directory")
	}
	// The same run's checkpoint (a run started by `stackel run` with this
	// config and seed) is resumed.
	same := t.TempDir()
	if _, err := RunRL(context.Background(), rc, 4, same, false, nil); err != nil {
		t.Fatal(err)
	}
	if rec, err := RunJob(context.Background(), j, same, nil); err != nil || rec.Status != JobDone {
		t.Errorf("own checkpoint: %+v, %v", rec, err)
	}
}

// A job's config text must read back as the configuration it was made
// from: the YAML encoder writes a tab inside a string as a bare tab, which
// its decoder drops, so a Markov spec path "a\tb.yaml" became "ab.yaml" in
// the job (another file, silently). NewJob refuses such a config, naming
// the line, rather than make a job that runs something else.
func TestNewJobRefusesLossyText(t *testing.T) {
	cfg, err := ParseConfig([]byte("game: {markov: \"/data/a\\tb.yaml\"}\ndynamics: {kind: stackelberg-pg}\niterations: 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Game.Markov != "/data/a\tb.yaml" {
		t.Fatalf("parsed path %q", cfg.Game.Markov)
	}
	j, err := NewJob(cfg, 1, "x")
	if err == nil {
		back, perr := j.ParseConfig()
		if perr != nil {
			t.Fatalf("job made, its config does not parse: %v", perr)
		}
		t.Fatalf("job made whose config reads game.markov = %q, not %q", back.Game.Markov, cfg.Game.Markov)
	}
	// The config reader refuses the bare tab itself (it names the text
	// and what it would read), else the read-back comparison names the
	// markov line; either way the job says its text does not read back.
	readsBack := func(err error) bool {
		return strings.Contains(err.Error(), "does not read back") &&
			(strings.Contains(err.Error(), `"/data/a\tb.yaml"`) || strings.Contains(err.Error(), "markov:"))
	}
	if !readsBack(err) {
		t.Errorf("error %q; want it to say the text does not read back and quote the path or the markov line", err)
	}
	// And `stackel run` does not record a config.yaml that describes
	// another run.
	if _, err := Run(t.Context(), cfg, RunOptions{Out: t.TempDir()}); err == nil || !readsBack(err) {
		t.Errorf("Run: error %v; want the config refused before the run", err)
	}
}

// A directory that holds another run's outputs but no job.json (a
// `stackel run --out DIR [--force]` of another config or seed) is not the
// job's: RunJob refuses it, naming the directory, the files and the run,
// with every file as it was and no job.json written. Before session 38
// the other run's files were deleted and the job ran there, so that
// `stackel run --job FILE --out DIR` replaced a user's run with exit
// status 0. Pending refuses it too, before a reproduction runs anything.
// The outputs of the same run (same config and seed) are the job's and
// are kept.
func TestRunJobRefusesUnrecordedOtherRun(t *testing.T) {
	out := t.TempDir()
	other, err := ParseConfig([]byte(strings.Replace(jobTestConfig, "iterations: 300", "iterations: 50", 1) + "record: {tensorboard: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	other.Seed = 3
	if _, err := Run(t.Context(), other, RunOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	snapshot := func(dir string) map[string]string {
		t.Helper()
		m := map[string]string{}
		for _, f := range []string{ConfigFile, MetricsFile, SummaryFile, JobFile} {
			if b, err := os.ReadFile(filepath.Join(dir, f)); err == nil {
				m[f] = string(b)
			}
		}
		return m
	}
	before := snapshot(out)
	j := mustJob(t, jobTestConfig, 3, "run")
	_, err = RunJob(t.Context(), j, out, nil)
	want := fmt.Sprintf("the output directory holds another run: %s has config.yaml, metrics.csv, summary.json, tb (a run of \"duo\" with seed 3, not the job's configuration and seed) and no job.json, so it is not job %s's and is kept (a job does not delete a run it did not make): move or delete those files to run the job in %s, or give the job another output directory", out, j.ID, out)
	if err == nil || err.Error() != want || !errors.Is(err, ErrOccupied) {
		t.Errorf("RunJob over another run without job.json: %v\nwant %s", err, want)
	}
	if after := snapshot(out); !maps.Equal(before, after) {
		t.Errorf("the other run's files changed: %d before, %d after (job.json: %v)", len(before), len(after), after[JobFile] != "")
	}
	if _, err := os.Stat(filepath.Join(out, TensorBoardDir)); err != nil {
		t.Errorf("the other run's %s/ was deleted: %v", TensorBoardDir, err)
	}
	// A reproduction's Pending refuses the directory before any job runs.
	root := filepath.Dir(out)
	rel := mustJob(t, jobTestConfig, 3, filepath.Base(out))
	if _, _, err := Pending(root, []Job{rel}); err == nil || !errors.Is(err, ErrOccupied) || !strings.Contains(err.Error(), "no job.json") {
		t.Errorf("Pending: %v; want the directory refused", err)
	}

	// A task job in a directory of another run.
	taskDir := t.TempDir()
	if _, err := Run(t.Context(), other, RunOptions{Out: taskDir}); err != nil {
		t.Fatal(err)
	}
	before = snapshot(taskDir)
	task, err := NewTaskJob("test/square", map[string]float64{"X": 3}, 2, "sq")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RunJob(t.Context(), task, taskDir, nil); err == nil || !errors.Is(err, ErrOccupied) ||
		!strings.Contains(err.Error(), "(a run's config.yaml, which a task does not write) and no job.json") {
		t.Errorf("task RunJob over another run without job.json: %v", err)
	}
	if after := snapshot(taskDir); !maps.Equal(before, after) {
		t.Errorf("the other run's files changed under the refused task")
	}

	// The same config and seed run by `stackel run`: the job's own run,
	// kept (its tb/ too).
	same := t.TempDir()
	cfg, _ := ParseConfig([]byte(jobTestConfig + "record: {tensorboard: true}\n"))
	cfg.Seed = 3
	if _, err := Run(t.Context(), cfg, RunOptions{Out: same}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(same, TensorBoardDir, "marker"), nil, 0o644)
	js := mustJob(t, jobTestConfig+"record: {tensorboard: true}\n", 3, "run")
	if p, _, err := Pending(filepath.Dir(same), []Job{{ID: js.ID, Config: js.Config, Seed: js.Seed, Out: filepath.Base(same)}}); err != nil || len(p) != 1 {
		t.Errorf("Pending over the same run: %d pending, %v", len(p), err)
	}
	if rec, err := RunJob(t.Context(), js, same, nil); err != nil || rec.Status != JobDone {
		t.Errorf("RunJob over the same run: %+v, %v", rec, err)
	}
	if _, err := os.Stat(filepath.Join(same, TensorBoardDir, "marker")); err != nil {
		t.Errorf("the same run's files were cleared: %v", err)
	}
}

// A job whose config holds a NaN (a schedule constant, caught only when the
// run starts) is recorded as failed; asked again, its directory is that
// failed job's, not "another run written over the job's outputs": NaN is
// not equal to itself, and the comparison of the two configs took them
// for different runs, so Pending refused the directory and with it the
// whole reproduction or sweep.
func TestFailedJobWithNaNConfigIsItsOwn(t *testing.T) {
	j := mustJob(t, "game: {builtin: duopoly}\ndynamics: {kind: sga, leader_lr: {constant: .nan}}\niterations: 5\n", 1, "nan")
	root := t.TempDir()
	out := filepath.Join(root, j.Out)
	if rec, err := RunJob(t.Context(), j, out, nil); err == nil || rec.Status != JobFailed {
		t.Fatalf("first run: %+v, %v; want it recorded as failed", rec, err)
	}
	rec, finished, err := JobState(out, j)
	if err != nil || !finished || rec.Status != JobFailed {
		t.Errorf("JobState: %s, finished %v, %v; want the failed job", rec.Status, finished, err)
	}
	if _, fin, err := Pending(root, []Job{j}); err != nil || len(fin) != 1 {
		t.Errorf("Pending: %d finished, %v", len(fin), err)
	}
}

// A Markov spec file's contents are part of its job's ID: the same file
// gives the same ID, an edited one another, so a sweep or reproduction
// does not take the first file's finished outputs for the edited one's;
// the first job, asked to run after the edit, is refused naming the file
// instead of running the edited game under the first ID. Configurations
// without a spec file keep JobID's ID.
func TestMarkovSpecFileInJobID(t *testing.T) {
	dir := t.TempDir()
	spec := twoStateSpec
	specPath := filepath.Join(dir, "game.yaml")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(specPath, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(spec)
	cfgPath := filepath.Join(dir, "run.yaml")
	if err := os.WriteFile(cfgPath, []byte("name: m\ngame: {markov: game.yaml}\ndynamics: {kind: stackelberg-pg}\niterations: 10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	job := func() Job {
		t.Helper()
		c, err := LoadConfig(cfgPath)
		if err != nil {
			t.Fatal(err)
		}
		j, err := NewJob(c, 1, "m")
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
	first := job()
	out := t.TempDir()
	if _, err := RunJob(t.Context(), first, out, nil); err != nil {
		t.Fatal(err)
	}
	if again := job(); again.ID != first.ID {
		t.Fatalf("the same spec file gave IDs %s and %s", first.ID, again.ID)
	}
	if first.ID == JobID([]byte(first.Config), first.Seed) {
		t.Errorf("job %s: the spec file's contents are not in the ID", first.ID)
	}
	if err := first.CheckID(); err != nil {
		t.Errorf("CheckID of an unedited job: %v", err)
	}

	write(strings.Replace(spec, "R1: [[[1, 0]", "R1: [[[5, 0]", 1))
	edited := job()
	if edited.ID == first.ID {
		t.Fatalf("editing the spec file kept the job ID %s", first.ID)
	}
	if edited.Config != first.Config {
		t.Fatalf("the job's config text changed with the spec file:\n%s\n%s", first.Config, edited.Config)
	}
	// The edited game's job into the first one's directory: not taken
	// for finished there (its config text is the first one's).
	if rec, err := RunJob(t.Context(), edited, out, nil); err == nil || !strings.Contains(err.Error(), "holds the outputs of job "+first.ID) {
		t.Errorf("the edited job into the first one's finished directory: %+v, %v", rec.ID, err)
	}
	err := first.CheckID()
	if err == nil || !strings.Contains(err.Error(), "was the spec file edited") || !strings.Contains(err.Error(), specPath) {
		t.Errorf("the first job after the edit: %v", err)
	}
	if _, err := RunJob(t.Context(), first, t.TempDir(), nil); err == nil || !strings.Contains(err.Error(), "was the spec file edited") {
		t.Errorf("running the first job after the edit: %v", err)
	}
	// A job made by a binary whose IDs left the file out is told apart.
	old := first
	old.ID = JobID([]byte(old.Config), old.Seed)
	if err := old.CheckID(); err == nil || !strings.Contains(err.Error(), "leave out the Markov spec file's contents") {
		t.Errorf("a job with the old kind of ID: %v", err)
	}
}

// The job IDs recorded in the job.json files committed under results/
// (written by the binaries that ran them) are what this one computes from
// their configuration text and seed, and the README's formula gives them
// too, computed here independently: the first 16 hex digits of
// SHA-256("stackel job v1\nseed N\n" + text). The configuration text itself
// is what NewJob writes for that configuration. A change to the hash's
// input, to its truncation or to the canonical text would give every
// existing job a new ID (a resubmitted sweep would run everything again
// into new runs/ID directories) and fails here.
func TestJobIDsOfCommittedRuns(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "results", "*", "*", "*", "seed*", "job.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 10 {
		t.Fatalf("%d committed job.json files found; want the results/ sets", len(paths))
	}
	for _, p := range paths {
		rec, ok, err := ReadJobRecord(filepath.Dir(p))
		if err != nil || !ok {
			t.Fatalf("%s: %v (found %v)", p, err, ok)
		}
		h := sha256.Sum256([]byte(fmt.Sprintf("stackel job v1\nseed %d\n%s", rec.Seed, rec.Config)))
		if want := hex.EncodeToString(h[:])[:16]; rec.ID != want {
			t.Fatalf("%s: recorded ID %s, the README's formula gives %s", p, rec.ID, want)
		}
		if id := JobID([]byte(rec.Config), rec.Seed); id != rec.ID {
			t.Errorf("%s: JobID = %s, recorded %s", p, id, rec.ID)
		}
		j := mustJob(t, rec.Config, rec.Seed, rec.Out)
		if j.ID != rec.ID || j.Config != rec.Config {
			t.Errorf("%s: NewJob gives ID %s and text\n%s\nrecorded %s and\n%s", p, j.ID, j.Config, rec.ID, rec.Config)
		}
		if err := rec.CheckID(); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// rl.threads changes how fast a run goes, never its numbers
// (TestThreadsGiveIdenticalRuns), so it is left out of the job's ID: the
// same run with another thread count has the same ID, and a job finished
// in a directory is not run again when it is resubmitted with another
// rl.threads. A job made by a stackel whose IDs included rl.threads still
// passes its ID check; any other change of the text does not.
func TestJobIDLeavesOutThreads(t *testing.T) {
	job := func(threads, steps int) Job {
		t.Helper()
		c := tinyRL()
		c.Threads, c.Steps = threads, steps
		j, err := NewJob(&Config{Name: "threads", RL: &c}, 4, "run")
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
	none, one, two := job(0, 400), job(1, 400), job(2, 400)
	if none.ID != one.ID || none.ID != two.ID {
		t.Fatalf("IDs %s (no rl.threads), %s (1), %s (2): want one ID", none.ID, one.ID, two.ID)
	}
	if !strings.Contains(two.Config, "\n  threads: 2\n") || strings.Contains(none.Config, "threads:") {
		t.Fatalf("the job's text must keep what it runs with:\n%s\n%s", two.Config, none.Config)
	}
	if longer := job(2, 600); longer.ID == two.ID {
		t.Fatalf("rl.steps 600 has the ID of rl.steps 400 (%s)", longer.ID)
	}
	if !job(1, 600).Extends(two) || !sameRun(one, two) {
		t.Fatal("a job with rl.threads 1 does not continue, or is not the same run as, one with rl.threads 2")
	}
	if want := JobID([]byte(none.Config), 4); none.ID != want {
		t.Fatalf("without rl.threads the ID is %s, want JobID of the text, %s", none.ID, want)
	}
	for _, j := range []Job{one, two} {
		if err := j.CheckID(); err != nil {
			t.Errorf("CheckID: %v", err)
		}
	}
	old := two
	old.ID = JobID([]byte(two.Config), 4)
	if err := old.CheckID(); err != nil {
		t.Errorf("a job made with rl.threads in its ID: %v", err)
	}
	edited := two
	edited.Config = strings.Replace(two.Config, "steps: 400", "steps: 401", 1)
	if err := edited.CheckID(); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("edited job: CheckID error %v, want a mismatch", err)
	}

	dir := filepath.Join(t.TempDir(), "run")
	if rec, err := RunJob(t.Context(), two, dir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %+v, %v", rec, err)
	}
	metrics := filepath.Join(dir, MetricsFile)
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(metrics, past, past); err != nil {
		t.Fatal(err)
	}
	if rec, err := RunJob(t.Context(), one, dir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob with rl.threads 1: %+v, %v", rec, err)
	}
	st, err := os.Stat(metrics)
	if err != nil {
		t.Fatal(err)
	}
	if !st.ModTime().Equal(past) {
		t.Errorf("the finished job was run again with rl.threads 1 (metrics.csv written at %v)", st.ModTime())
	}
}

// JobOptions.Ended runs once when a job ends, after its job.json records
// the end and while the job still holds its directory's claim (another
// claim of the directory is refused then), and not for a job found
// finished; its error is the run's.
func TestRunJobEndedUnderClaim(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	j := mustJob(t, jobTestConfig, 3, "run")
	calls := 0
	ended := func(rec JobRecord) error {
		calls++
		if rec.Status != JobDone {
			t.Errorf("Ended got status %q", rec.Status)
		}
		if onDisk, ok, err := ReadJobRecord(out); err != nil || !ok || onDisk.Status != JobDone {
			t.Errorf("job.json when Ended runs: %+v, %v, %v", onDisk, ok, err)
		}
		if c, err := ClaimRunDir(out); err == nil {
			c.Release()
			t.Error("the directory could be claimed while Ended ran")
		}
		return nil
	}
	if _, err := RunJobWith(context.Background(), j, out, JobOptions{Ended: ended}); err != nil || calls != 1 {
		t.Fatalf("first run: %d calls, %v", calls, err)
	}
	if _, err := RunJobWith(context.Background(), j, out, JobOptions{Ended: ended}); err != nil || calls != 1 {
		t.Errorf("a finished job: %d calls (want Ended not called again), %v", calls, err)
	}
	boom := errors.New("boom")
	other := mustJob(t, jobTestConfig, 4, "other")
	if _, err := RunJobWith(context.Background(), other, filepath.Join(t.TempDir(), "other"), JobOptions{Ended: func(JobRecord) error { return boom }}); !errors.Is(err, boom) {
		t.Errorf("Ended's error: %v", err)
	}
}

// A job interrupted before its first checkpoint, whose directory then had
// another RL run written into it (`stackel run --resume DIR other.yaml`
// starts other.yaml afresh in a directory without a checkpoint), is not
// rerun over that run: before, RunJob wrote the job's config.yaml over
// the other run's, failed on its checkpoint and recorded the job as failed
// (never to be rerun) beside the other run's metrics.csv and summary.json.
// With the other run's checkpoint there it is refused, naming both
// configurations, with nothing changed (as without job.json,
// TestRunJobRefusesForeignCheckpoint); without one, the other run's files
// are deleted and the job runs (as clearUnrecordedRun does).
func TestRunJobOverRunWrittenUnderItsRecord(t *testing.T) {
	rc := tinyRL()
	rc.Checkpoint = 100 // only at the end: an interrupted run leaves none
	j, err := NewJob(&Config{Name: "job", RL: &rc}, 4, "rl")
	if err != nil {
		t.Fatal(err)
	}
	interrupt := func(run func(ctx context.Context, progress ProgressFunc) error) {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if err := run(ctx, func(done, total int) {
			if done == 1 {
				cancel()
			}
		}); err == nil {
			t.Fatal("the interrupted run returned no error")
		}
	}
	startJob := func(dir string) {
		t.Helper()
		interrupt(func(ctx context.Context, p ProgressFunc) error { _, err := RunJob(ctx, j, dir, p); return err })
		if _, err := os.Stat(filepath.Join(dir, CheckpointFile)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the interrupted job left a checkpoint (%v); the test needs none", err)
		}
	}
	other := tinyRL()
	other.Hidden, other.Checkpoint = []int{5}, 100
	otherCfg := &Config{Name: "other", Seed: 9, RL: &other}

	// The other run finished: its checkpoint is not the job's.
	dir := t.TempDir()
	startJob(dir)
	if _, err := Run(context.Background(), otherCfg, RunOptions{Out: dir, Resume: true}); err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, name := range []string{ConfigFile, MetricsFile, SummaryFile, JobFile, CheckpointFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		before[name] = string(b)
	}
	if _, err := RunJob(context.Background(), j, dir, nil); err == nil || !strings.Contains(err.Error(), "different configuration") {
		t.Fatalf("job over another run's checkpoint: %v", err)
	}
	for name, was := range before {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != was {
			t.Errorf("%s changed by the refused job", name)
		}
	}
	if rec, _, _ := ReadJobRecord(dir); rec.Status != JobRunning || rec.ID != j.ID {
		t.Errorf("job.json %s %q, want job %s %q", rec.ID, rec.Status, j.ID, JobRunning)
	}

	// The other run interrupted before its first checkpoint: cleared.
	dir = t.TempDir()
	startJob(dir)
	interrupt(func(ctx context.Context, p ProgressFunc) error {
		_, err := Run(ctx, otherCfg, RunOptions{Out: dir, Resume: true, Progress: p})
		return err
	})
	rec, err := RunJob(context.Background(), j, dir, nil)
	if err != nil || rec.Status != JobDone {
		t.Fatalf("job over another run without a checkpoint: %+v, %v", rec, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ConfigFile)); string(b) != j.Config {
		t.Errorf("config.yaml is not the job's:\n%s", b)
	}
	whole := t.TempDir()
	if _, err := RunJob(context.Background(), j, whole, nil); err != nil {
		t.Fatal(err)
	}
	if a, b := metricsWithoutTime(t, whole), metricsWithoutTime(t, dir); a != b {
		t.Errorf("metrics are not the job's:\n%s\n%s", a, b)
	}
	var sum map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err := json.Unmarshal(b, &sum); err != nil || sum["seed"] != 4.0 {
		t.Errorf("summary.json is not the job's: seed %v, %v", sum["seed"], err)
	}
}

// RunJob writes the job's config.yaml atomically (temporary file, synced,
// renamed), as README's failure table promises: a kill in the middle of
// the write (the fault point write-config.yaml, in a child process) leaves
// no config.yaml rather than a cut one, which `stackel run --resume DIR`
// would read as a shorter configuration. Before, it was written in place.
func TestRunJobConfigWriteIsAtomic(t *testing.T) {
	if dir := os.Getenv("STACKEL_TEST_JOB_DIR"); dir != "" {
		j := mustJob(t, jobTestConfig, 1, "duo")
		RunJob(context.Background(), j, dir, nil)
		os.Exit(0)
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestRunJobConfigWriteIsAtomic$")
	cmd.Env = append(os.Environ(), "STACKEL_TEST_JOB_DIR="+dir, "STACKEL_FAULT=write-"+ConfigFile)
	out, err := cmd.CombinedOutput()
	if err == nil || cmd.ProcessState.ExitCode() != -1 {
		t.Fatalf("the child was not killed in the middle of writing config.yaml: %v\n%s", err, out)
	}
	if b, err := os.ReadFile(filepath.Join(dir, ConfigFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("config.yaml after a kill in its write: %v, %q", err, b)
	}
	// The rerun finds the job running, clears the temporary file and runs it.
	j := mustJob(t, jobTestConfig, 1, "duo")
	if rec, err := RunJob(context.Background(), j, dir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("rerun: %+v, %v", rec, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ConfigFile)); string(b) != j.Config {
		t.Errorf("config.yaml after the rerun:\n%s", b)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left after the rerun", e.Name())
		}
	}
}

// TestJobConfigSeedMustBeTheJobs: a job whose configuration sets another
// seed than the job's (or none, read as 0) is refused by CheckID and by
// ParseConfig, whatever runs it (stackel run --job, a manifest, a NATS
// worker): the run took the job's seed while config.yaml recorded the
// configuration's. A job made by NewJob passes.
func TestJobConfigSeedMustBeTheJobs(t *testing.T) {
	const text = "name: duo\nseed: 7\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 50\n"
	for _, c := range []struct {
		text string
		seed string
	}{{text, "7"}, {strings.Replace(text, "seed: 7\n", "", 1), "0"}} {
		j := Job{ID: JobID([]byte(c.text), 3), Config: c.text, Seed: 3}
		want := "job " + j.ID + ": its config's seed is " + c.seed + " but the job's seed is 3: write seed: 3 in the config, as the jobs stackel makes have it (the run takes the job's seed, and its config.yaml would say " + c.seed + ")"
		if err := j.CheckID(); err == nil || err.Error() != want {
			t.Errorf("CheckID, config seed %s: %v, want %s", c.seed, err, want)
		}
		if _, err := j.ParseConfig(); err == nil || err.Error() != want {
			t.Errorf("ParseConfig, config seed %s: %v, want %s", c.seed, err, want)
		}
	}
	cfg, err := ParseConfig([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []uint64{0, 3, 7} {
		j, err := NewJob(cfg, seed, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := j.CheckID(); err != nil {
			t.Errorf("NewJob with seed %d: %v", seed, err)
		}
	}
}
